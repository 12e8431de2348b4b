import { BarChart, LineChart } from '@mantine/charts';
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { directionOf } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import type { TrendPoint } from './dashboardFormat.js';

/** Recharts draws left to right; in Persian the periods run right to left and the value axis sits on the right. */
function useAxes() {
  const format = useFormat();
  const rtl = directionOf(format.locale) === 'rtl';
  return {
    format,
    xAxisProps: { reversed: rtl },
    yAxisProps: { orientation: rtl ? ('right' as const) : ('left' as const) },
  };
}

export function DeliveredTrendChart({ points }: { points: TrendPoint[] }) {
  const { t } = useTranslation();
  const { format, xAxisProps, yAxisProps } = useAxes();
  return (
    <Stack gap={4} data-testid="sla-marketing-trend">
      <Text size="sm" fw={500}>
        {t('slaDashboard.marketing.trend')}
      </Text>
      <BarChart
        h={220}
        data={points}
        dataKey="period"
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        valueFormatter={(value) => format.number(value)}
        xAxisProps={xAxisProps}
        yAxisProps={{ ...yAxisProps, allowDecimals: false }}
        series={[
          { name: 'delivered', label: t('slaDashboard.marketing.deliveredSeries'), color: 'teal.6' },
          { name: 'committed', label: t('slaDashboard.marketing.committedSeries'), color: 'gray.4' },
        ]}
      />
    </Stack>
  );
}

export function ShareTrendChart({
  points,
  testId,
  title,
  series,
  floor,
}: {
  points: TrendPoint[];
  testId: string;
  title: string;
  series: { name: 'acceptance' | 'firstTouch'; label: string; color: string }[];
  /** A dashed reference line (a percentage), e.g. the acceptance-rate floor. */
  floor?: { value: number; label: string };
}) {
  const { format, xAxisProps, yAxisProps } = useAxes();
  return (
    <Stack gap={4} data-testid={testId}>
      <Text size="sm" fw={500}>
        {title}
      </Text>
      <LineChart
        h={220}
        data={points}
        dataKey="period"
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        connectNulls={false}
        valueFormatter={(value) => format.number(value / 100, { style: 'percent', maximumFractionDigits: 1 })}
        xAxisProps={xAxisProps}
        yAxisProps={{ ...yAxisProps, domain: [0, 100] }}
        referenceLines={floor ? [{ y: floor.value, label: floor.label, color: 'red.5' }] : []}
        series={series}
      />
    </Stack>
  );
}
