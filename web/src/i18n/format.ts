/**
 * Locale-aware formatting. Every number and date the UI shows goes through these helpers: Persian uses
 * Persian digits and the Jalali (Solar Hijri) calendar, English uses en-US and the Gregorian calendar.
 */

export const LOCALES = ['en', 'fa'] as const;
export type Locale = (typeof LOCALES)[number];
export type Direction = 'ltr' | 'rtl';

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'fa';
}

/** Maps any BCP 47 tag ("fa-IR", "en_GB", "FA") to a supported locale, or null. */
export function normalizeLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  const tag = value.trim().toLowerCase();
  if (tag === 'fa' || tag.startsWith('fa-') || tag.startsWith('fa_')) return 'fa';
  if (tag === 'en' || tag.startsWith('en-') || tag.startsWith('en_')) return 'en';
  return null;
}

export function directionOf(locale: Locale): Direction {
  return locale === 'fa' ? 'rtl' : 'ltr';
}

function numberLocale(locale: Locale): string {
  return locale === 'fa' ? 'fa-IR' : 'en-US';
}

function dateLocale(locale: Locale): string {
  return locale === 'fa' ? 'fa-IR-u-ca-persian' : 'en-US';
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(numberLocale(locale), options);
    cache.set(key, format);
  }
  return format;
}

function dateTimeFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(dateLocale(locale), options);
    } catch {
      // An unknown time zone (e.g. a typo in a user profile) must not break the page.
      const { timeZone: _ignored, ...rest } = options;
      format = new Intl.DateTimeFormat(dateLocale(locale), rest);
    }
    cache.set(key, format);
  }
  return format;
}

export function formatNumber(value: number, locale: Locale, options: Intl.NumberFormatOptions = {}): string {
  return numberFormat(locale, options).format(value);
}

export interface DateOptions {
  timeZone?: string | undefined;
  /** 'date' (default) shows the day only, 'dateTime' adds hours and minutes. */
  style?: 'date' | 'dateTime';
}

function toDate(value: string | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(value: string | Date, locale: Locale, options: DateOptions = {}): string {
  const date = toDate(value);
  if (!date) return typeof value === 'string' ? value : '';
  const intl: Intl.DateTimeFormatOptions =
    options.style === 'dateTime' ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
  if (options.timeZone) intl.timeZone = options.timeZone;
  return dateTimeFormat(locale, intl).format(date);
}

/** A full, unambiguous timestamp, e.g. for a tooltip. */
export function formatDateTimeLong(value: string | Date, locale: Locale, timeZone?: string): string {
  const date = toDate(value);
  if (!date) return typeof value === 'string' ? value : '';
  const intl: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'medium' };
  if (timeZone) intl.timeZone = timeZone;
  return dateTimeFormat(locale, intl).format(date);
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** Shows ASCII digits of an identifier (a phone number, a token prefix) in the locale's digits. */
export function localizeDigits(text: string, locale: Locale): string {
  if (locale !== 'fa') return text;
  return text.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)] ?? d);
}

/**
 * A number as typed in a text input, shown in the locale's digits: Persian digits and the Persian decimal
 * separator (٫) in Persian. Each character maps to one, so the caret stays where it was; parseNumberInput
 * reads the result back.
 */
export function localizeNumberInput(text: string, locale: Locale): string {
  if (locale !== 'fa') return text;
  return localizeDigits(text, locale).replace(/\./g, '\u066b');
}

/** Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII, so that numbers typed on a Persian keyboard parse. */
export function toAsciiDigits(text: string): string {
  return text
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

/**
 * Reads a number typed in either script, with or without group separators ("1,250", "۱٬۲۵۰", "1 250").
 * Returns null for a blank input and NaN for something that is not a number.
 */
export function parseNumberInput(text: string): number | null {
  const cleaned = toAsciiDigits(text)
    .trim()
    .replace(/[\s,٬'_\u066c\u00a0]/g, '')
    .replace(/[٫\u066b]/g, '.');
  if (cleaned === '') return null;
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}
