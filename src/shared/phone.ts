import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { toAsciiDigits } from './text.js';

/**
 * Parses a phone typed in any local format (Persian or Arabic digits included) into E.164.
 * Returns null when the input is not a valid number for the region.
 */
export function toE164(input: string, defaultRegion: string): string | null {
  // The Arabic decimal separator is the "." of a Persian keyboard; a tatweel stretches a gap as a dash would.
  const ascii = toAsciiDigits(input)
    .replace(/[\u200B-\u200F\u0640]/g, '')
    .replace(/\u066B/g, '.')
    .trim();
  if (!/\d/.test(ascii)) return null;
  const parsed = parsePhoneNumberFromString(ascii, defaultRegion as CountryCode);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/** The digits of a phone, for search: matches "0912 123" against "+98912123...". */
export function phoneDigits(input: string): string {
  return toAsciiDigits(input).replace(/\D/g, '');
}
