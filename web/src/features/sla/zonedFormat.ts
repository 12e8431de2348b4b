import type { Locale } from '../../i18n/format.js';

/**
 * Dates of the SLA editor: in the calendar's time zone, with the weekday. Persian uses the Jalali calendar
 * and Persian digits, in the order a Persian reader expects ("شنبه ۲۶ دی ۱۴۰۵، ساعت ۰۹:۰۰"); ICU's own
 * Persian pattern puts the year first and joins the weekday with a Latin comma.
 */

const intlLocale = (locale: Locale) => (locale === 'fa' ? 'fa-IR-u-ca-persian' : 'en-US');

function persian(date: Date, options: Intl.DateTimeFormatOptions, withTime: boolean): string {
  const parts = new Intl.DateTimeFormat('fa-IR-u-ca-persian', options).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const day = `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
  return withTime ? `${day}، ساعت ${part('hour')}:${part('minute')}` : day;
}

function format(date: Date, locale: Locale, options: Intl.DateTimeFormatOptions, withTime: boolean): string {
  if (locale === 'fa') return persian(date, options, withTime);
  return new Intl.DateTimeFormat(intlLocale(locale), options).format(date);
}

/** An instant as wall-clock time in `timeZone`, e.g. "Saturday, January 16, 2027 at 09:00". */
export function formatZoned(value: string, locale: Locale, timeZone: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return format(date, locale, { ...options, timeZone }, true);
  } catch {
    // An unknown time zone (being typed) must not break the page.
    return format(date, locale, options, true);
  }
}

/** A local date "YYYY-MM-DD" (a holiday), e.g. "Sun, March 21, 2027" or "یکشنبه ۱ فروردین ۱۴۰۶". */
export function formatLocalDate(value: string, locale: Locale): string {
  const date = new Date(`${value}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return value;
  return format(
    date,
    locale,
    { weekday: locale === 'fa' ? 'long' : 'short', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' },
    false,
  );
}
