import type { TFunction } from 'i18next';
import { formatNumber, normalizeLocale } from '../i18n/format.js';

/**
 * The API words its validation messages in English. The common ones are shown in the UI language; any other
 * message is shown as the server wrote it (it is still specific to the field).
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
  return message;
}
