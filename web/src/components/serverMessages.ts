import type { TFunction } from 'i18next';
import { formatNumber, normalizeLocale } from '../i18n/format.js';

const NUMBER = String.raw`(-?\d+(?:\.\d+)?)`;
/** Zod's default wording (routes without a message of their own), e.g. `Too big: expected number to be <=100`. */
const ZOD_STRING_MIN = /^too small: expected string to have >=?(\d+) characters?/i;
const ZOD_STRING_MAX = /^too big: expected string to have <=?(\d+) characters?/i;
const ZOD_NUMBER_MIN = new RegExp(String.raw`^too small: expected number to be (>=?)${NUMBER}`, 'i');
const ZOD_NUMBER_MAX = new RegExp(String.raw`^too big: expected number to be (<=?)${NUMBER}`, 'i');

/**
 * The API words its validation messages in English. The common ones (its own and zod's defaults) are shown in
 * the UI language. Any other message is shown as the server wrote it, in English, since it still says what to
 * fix; in another language a generic "not valid" in that language comes first.
 */
export function translateServerMessage(message: string, t: TFunction): string {
  const locale = normalizeLocale(t('lang.code')) ?? 'en';
  const n = (value: string) => formatNumber(Number(value), locale);
  let m: RegExpMatchArray | null;
  if (/^required\.?$/i.test(message)) return t('common.required');
  if (/^not a valid email/i.test(message)) return t('validation.email');
  if (/^not a valid phone number/i.test(message)) return t('validation.phone');
  if (/^not a domain/i.test(message)) return t('validation.domain');
  if (/two-letter iso country code/i.test(message)) return t('accounts.unknownCountry');
  if (/^whole number\.?$/i.test(message)) return t('validation.wholeNumber');
  if (/^unknown field\.?$/i.test(message)) return t('validation.unknownField');
  if (/^not an iana time zone/i.test(message)) return t('validation.timeZone');
  if ((m = message.match(/^use at least (\d+) characters/i)) && m[1])
    return t('validation.minLength', { min: n(m[1]) });
  if ((m = message.match(/^at most (\d+) characters/i)) && m[1]) return t('validation.maxLength', { max: n(m[1]) });
  if ((m = message.match(ZOD_STRING_MIN)) && m[1])
    return Number(m[1]) <= 1 ? t('common.required') : t('validation.minLength', { min: n(m[1]) });
  if ((m = message.match(ZOD_STRING_MAX)) && m[1]) return t('validation.maxLength', { max: n(m[1]) });
  if ((m = message.match(ZOD_NUMBER_MIN)) && m[2])
    return m[1] === '>=' ? t('validation.atLeast', { min: n(m[2]) }) : t('validation.greaterThan', { min: n(m[2]) });
  if ((m = message.match(ZOD_NUMBER_MAX)) && m[2])
    return m[1] === '<=' ? t('validation.atMost', { max: n(m[2]) }) : t('validation.lessThan', { max: n(m[2]) });
  if (/^invalid input: expected int\b/i.test(message)) return t('validation.wholeNumber');
  if (/^invalid input: expected number\b/i.test(message)) return t('common.notANumber');
  if (/^invalid input: expected \w+, received undefined/i.test(message)) return t('common.required');
  // Untranslated: the server's own words, which say what to fix, after a sentence in the UI language.
  return locale === 'en' ? message : `${t('validation.invalid')} ${message}`;
}
