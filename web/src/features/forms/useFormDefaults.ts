import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormLocale } from '../../api/forms.js';
import type { FormDefaults } from './formBuilder.js';

/** The texts a new form starts with, in the form's language (not necessarily the UI's). */
export function useFormDefaults(): (locale: FormLocale) => FormDefaults {
  const { i18n } = useTranslation();
  return useCallback(
    (locale: FormLocale) => {
      const t = i18n.getFixedT(locale);
      return {
        emailLabel: t('forms.defaults.emailLabel'),
        submitLabel: t('forms.defaults.submitLabel'),
        thankYouMessage: t('forms.defaults.thankYouMessage'),
        consentText: t('forms.defaults.consentText'),
      };
    },
    [i18n],
  );
}
