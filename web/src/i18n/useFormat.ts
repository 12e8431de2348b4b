import { useContext, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CurrentUserContext } from '../api/auth.js';
import {
  formatDate,
  formatDateTimeLong,
  formatNumber,
  localizeDigits,
  normalizeLocale,
  type Locale,
} from './format.js';

export interface Formatters {
  locale: Locale;
  number: (value: number, options?: Intl.NumberFormatOptions) => string;
  date: (value: string | Date) => string;
  dateTime: (value: string | Date) => string;
  dateTimeLong: (value: string | Date) => string;
  digits: (text: string) => string;
}

/** Formatters bound to the current language and the signed-in user's time zone. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  // Context, not the session query: tables render hundreds of dates and need no query observer each.
  const user = useContext(CurrentUserContext);
  const locale: Locale = normalizeLocale(i18n.resolvedLanguage ?? i18n.language) ?? 'en';
  const timeZone = user?.timeZone || undefined;
  return useMemo(
    () => ({
      locale,
      number: (value, options) => formatNumber(value, locale, options),
      date: (value) => formatDate(value, locale, { timeZone }),
      dateTime: (value) => formatDate(value, locale, { timeZone, style: 'dateTime' }),
      dateTimeLong: (value) => formatDateTimeLong(value, locale, timeZone),
      digits: (text) => localizeDigits(text, locale),
    }),
    [locale, timeZone],
  );
}
