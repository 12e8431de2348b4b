import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json' with { type: 'json' };
import fa from './fa.json' with { type: 'json' };
import { directionOf, isLocale, normalizeLocale, type Locale } from './format.js';

export const LOCALE_STORAGE_KEY = 'tandem.locale';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

export function readStoredLocale(): Locale | null {
  try {
    const value = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null; // storage disabled
  }
}

function browserLocale(): Locale | null {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const locale = normalizeLocale(tag);
    if (locale) return locale;
  }
  return null;
}

/** The locale before anyone signs in: the saved choice, else the browser's language, else English. */
export function initialLocale(): Locale {
  return readStoredLocale() ?? browserLocale() ?? 'en';
}

export function currentLocale(): Locale {
  return normalizeLocale(i18n.resolvedLanguage ?? i18n.language) ?? 'en';
}

function applyToDocument(locale: Locale): void {
  const html = document.documentElement;
  html.setAttribute('lang', locale);
  html.setAttribute('dir', directionOf(locale));
}

/**
 * Switches the UI language. `persist` records an explicit choice in localStorage; a locale inferred from the
 * user's profile is applied without being saved, so the profile keeps deciding until the user picks one.
 */
export async function changeLocale(locale: Locale, persist = true): Promise<void> {
  if (persist) {
    try {
      window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
    } catch {
      // storage disabled: the choice lasts for this page only
    }
  }
  applyToDocument(locale);
  if (currentLocale() !== locale) await i18n.changeLanguage(locale);
}

export function initI18n(): typeof i18n {
  const locale = initialLocale();
  applyToDocument(locale);
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, fa: { translation: fa } },
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: ['en', 'fa'],
    interpolation: { escapeValue: false }, // React escapes; nothing is rendered as HTML
    react: { useSuspense: false },
    initAsync: false,
  });
  i18n.on('languageChanged', (lng) => applyToDocument(normalizeLocale(lng) ?? 'en'));
  document.title = i18n.t('app.name');
  return i18n;
}

export type TranslationResources = typeof en;
export { i18n };
