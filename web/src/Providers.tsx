import { DirectionProvider, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createQueryClient } from './api/queryClient.js';
import { directionOf, normalizeLocale } from './i18n/format.js';
import { currentLocale } from './i18n/index.js';
import { themeFor } from './theme.js';

function ThemedMantine({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const locale = normalizeLocale(i18n.resolvedLanguage ?? i18n.language) ?? 'en';
  const rtl = directionOf(locale) === 'rtl';
  const clear = t('common.clear');
  const close = t('common.close');
  const theme = useMemo(() => themeFor(locale, { clear, close }), [locale, clear, close]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position={rtl ? 'top-left' : 'top-right'} limit={4} />
      {children}
    </MantineProvider>
  );
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <DirectionProvider initialDirection={directionOf(currentLocale())}>
        <ThemedMantine>{children}</ThemedMantine>
      </DirectionProvider>
    </QueryClientProvider>
  );
}
