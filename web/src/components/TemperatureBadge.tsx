import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Temperature } from '../api/types.js';

const COLORS: Record<Temperature, string> = { cold: 'blue', warm: 'orange', qualified: 'green' };

export function TemperatureBadge({ value, testId }: { value: Temperature; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[value]} variant="light" data-testid={testId} data-temperature={value}>
      {t(`temperature.${value}`)}
    </Badge>
  );
}
