import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Temperature } from '../api/types.js';

const COLORS: Record<Temperature, string> = { cold: 'blue', warm: 'orange', qualified: 'green' };

export function TemperatureBadge({ value, testId }: { value: Temperature; testId?: string }) {
  const { t } = useTranslation();
  return (
    // Never narrower than its word: a squeezed table column would otherwise cut it to "Qualif…" ("واجد ش…").
    <Badge
      color={COLORS[value]}
      variant="light"
      miw="max-content"
      style={{ flexShrink: 0 }}
      data-testid={testId}
      data-temperature={value}
    >
      {t(`temperature.${value}`)}
    </Badge>
  );
}
