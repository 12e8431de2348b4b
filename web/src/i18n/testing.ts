import i18next, { type TFunction } from 'i18next';
import en from './en.json' with { type: 'json' };
import fa from './fa.json' with { type: 'json' };

/** The app's translations in one language, ready at once: for unit tests of code that takes a `t`. */
export function translator(lng: 'en' | 'fa'): TFunction {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { en: { translation: en }, fa: { translation: fa } },
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance.t;
}
