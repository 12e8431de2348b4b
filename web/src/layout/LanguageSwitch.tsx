import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../i18n/format.js';
import { useLocale } from '../i18n/useLocale.js';

/** English / فارسی. Each language name is written in its own language. The choice is kept in localStorage. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { locale, setLocale } = useLocale();
  return (
    <SegmentedControl
      size="xs"
      value={locale}
      onChange={(value) => isLocale(value) && setLocale(value)}
      aria-label={t('lang.label')}
      data-testid="lang-switch"
      data={[
        {
          value: 'en',
          label: (
            <span data-testid="lang-en" lang="en">
              {t('lang.en')}
            </span>
          ),
        },
        {
          value: 'fa',
          label: (
            <span data-testid="lang-fa" lang="fa">
              {t('lang.fa')}
            </span>
          ),
        },
      ]}
    />
  );
}
