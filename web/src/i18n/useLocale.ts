import { useDirection } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { changeLocale } from './index.js';
import { directionOf, normalizeLocale, type Locale } from './format.js';

/** The current UI locale and a function that switches it (language, `<html lang dir>`, Mantine direction). */
export function useLocale(): { locale: Locale; setLocale: (locale: Locale, persist?: boolean) => void } {
  const { i18n } = useTranslation();
  const { setDirection } = useDirection();
  const locale = normalizeLocale(i18n.resolvedLanguage ?? i18n.language) ?? 'en';
  const setLocale = useCallback(
    (next: Locale, persist = true) => {
      setDirection(directionOf(next));
      void changeLocale(next, persist);
    },
    [setDirection],
  );
  return { locale, setLocale };
}
