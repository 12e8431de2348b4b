import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContactWhy } from '../../api/types.js';
import { Empty } from '../../components/Formatted.js';
import { useFormat } from '../../i18n/useFormat.js';
import { describe } from './reasonText.js';

/**
 * "Why is this lead warm?" in a list cell: the first reason of the latest temperature change, with the
 * others in the native tooltip (a list renders many rows; no tooltip component per cell).
 */
export function WhyText({ why }: { why: ContactWhy | null | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!why || why.reasons.length === 0) return <Empty />;
  const lines = why.reasons.map((r) => describe(r, t, format));
  const more = lines.length - 1;
  return (
    <Text size="xs" lineClamp={2} title={lines.join('\n')} data-testid="contact-why-cell">
      {lines[0]}
      {more > 0 && (
        <Text span size="xs" c="dimmed" ms={4}>
          {t('leadFilters.moreReasons', { n: format.number(more) })}
        </Text>
      )}
    </Text>
  );
}
