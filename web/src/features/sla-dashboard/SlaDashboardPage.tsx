import { Alert, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import {
  CALENDAR_SYSTEMS,
  PERIOD_KINDS,
  useCompliance,
  useComplianceSlas,
  type CalendarSystem,
  type PeriodKind,
} from '../../api/compliance.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyBlock, ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { useUrlParams } from '../../components/urlState.js';
import { formatDate } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { defaultCalendarSystem, formatShare, isEmptyReport, periodLabel, trendPoints } from './dashboardFormat.js';
import { DerivedTargetCard } from './DerivedTargetCard.js';
import { MarketingPanel } from './MarketingPanel.js';
import { SalesPanel } from './SalesPanel.js';

const URL_KEYS = ['sla', 'kind', 'calendar', 'period'] as const;
const TREND_PERIODS = 6;

const isKind = (v: string | undefined): v is PeriodKind => PERIOD_KINDS.includes(v as PeriodKind);
const isSystem = (v: string | undefined): v is CalendarSystem => CALENDAR_SYSTEMS.includes(v as CalendarSystem);

/**
 * Compliance of both sides of an SLA for a week, month or quarter (Gregorian or Jalali), with trends, and the
 * lead target a revenue quota implies. A sales rep sees his own figures.
 */
export function SlaDashboardPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useCurrentUser();
  const rep = user.role === 'sales_rep';
  const [params, setParams] = useUrlParams(URL_KEYS);
  const slas = useComplianceSlas();

  const active = useMemo(() => (slas.data?.items ?? []).filter((s) => s.archivedAt === null), [slas.data]);
  const sla = active.find((s) => s.id === params.sla) ?? active[0];
  const kind: PeriodKind = isKind(params.kind) ? params.kind : (sla?.document.marketing.period ?? 'month');
  const calendarSystem: CalendarSystem = isSystem(params.calendar)
    ? params.calendar
    : defaultCalendarSystem(format.locale, sla?.document.marketing.calendarSystem);
  const which = params.period === 'previous' ? 'previous' : 'current';

  const report = useCompliance(
    sla
      ? {
          slaId: sla.id,
          period: which,
          periods: TREND_PERIODS,
          kind,
          calendarSystem,
          ...(rep ? { repId: user.id } : {}),
        }
      : null,
  );
  const points = useMemo(() => (report.data ? trendPoints(report.data, format.locale) : []), [report.data, format]);

  const header = (
    <PageHeader
      title={t('slaDashboard.title')}
      subtitle={rep ? t('slaDashboard.subtitleRep') : t('slaDashboard.subtitle')}
    />
  );
  if (slas.isPending)
    return (
      <>
        {header}
        <LoadingBlock />
      </>
    );
  if (slas.isError)
    return (
      <>
        {header}
        <ErrorBlock error={slas.error} onRetry={() => void slas.refetch()} />
      </>
    );
  if (!sla)
    return (
      <>
        {header}
        <Paper withBorder radius="md" p="md" data-testid="sla-dashboard-no-sla">
          <EmptyBlock title={t('slaDashboard.noSla')} hint={t('slaDashboard.noSlaHint')} />
        </Paper>
      </>
    );

  const data = report.data;
  const period = data?.period;
  return (
    <>
      {header}
      <Group gap="md" mb="md" align="flex-end" wrap="wrap" data-testid="sla-dashboard-controls">
        {active.length > 1 && (
          <Select
            label={t('slaDashboard.sla')}
            data={active.map((s) => ({ value: s.id, label: s.name }))}
            value={sla.id}
            onChange={(value) => setParams({ sla: value })}
            allowDeselect={false}
            data-testid="sla-dashboard-sla"
          />
        )}
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('slaDashboard.kind')}
          </Text>
          <SegmentedControl
            value={kind}
            onChange={(value) => setParams({ kind: value })}
            aria-label={t('slaDashboard.kind')}
            data={PERIOD_KINDS.map((k) => ({ value: k, label: t(`slaDashboard.periodKind.${k}`) }))}
            data-testid="sla-dashboard-kind"
          />
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('slaDashboard.calendar')}
          </Text>
          <SegmentedControl
            value={calendarSystem}
            onChange={(value) => setParams({ calendar: value })}
            aria-label={t('slaDashboard.calendar')}
            data={CALENDAR_SYSTEMS.map((c) => ({ value: c, label: t(`slaDashboard.calendarSystem.${c}`) }))}
            data-testid="sla-dashboard-calendar"
          />
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('slaDashboard.which')}
          </Text>
          <SegmentedControl
            value={which}
            onChange={(value) => setParams({ period: value === 'previous' ? 'previous' : null })}
            aria-label={t('slaDashboard.which')}
            data={[
              { value: 'current', label: t('slaDashboard.current') },
              { value: 'previous', label: t('slaDashboard.previous') },
            ]}
            data-testid="sla-dashboard-which"
          />
        </Stack>
      </Group>

      {report.isPending ? (
        <LoadingBlock />
      ) : report.isError ? (
        <ErrorBlock error={report.error} onRetry={() => void report.refetch()} />
      ) : data && period ? (
        <Stack gap="md" data-testid="sla-dashboard" data-loading={report.isFetching ? 'true' : 'false'}>
          <Stack gap={2}>
            <Text fz="lg" fw={600} data-testid="sla-dashboard-period">
              {periodLabel(period, data.timeZone, format.locale)}
            </Text>
            <Text size="sm" c="dimmed" data-testid="sla-dashboard-range">
              {t('slaDashboard.range', {
                from: formatDate(period.start, format.locale, { timeZone: data.timeZone }),
                // The end is exclusive: show the period's last day.
                to: formatDate(new Date(Date.parse(period.end) - 1), format.locale, { timeZone: data.timeZone }),
              })}
              {period.elapsedShare < 1 &&
                ` · ${t('slaDashboard.elapsed', { share: formatShare(period.elapsedShare, format.locale) })}`}
            </Text>
            <Text size="xs" c="dimmed">
              {t('slaDashboard.version', { version: format.number(data.version), timeZone: data.timeZone })}
            </Text>
          </Stack>
          {data.slaPeriod.kind !== period.kind && (
            <Alert color="blue" variant="light" data-testid="sla-dashboard-prorated">
              {t('slaDashboard.prorated', {
                leads: format.number(data.slaPeriod.qualifiedLeads),
                per: t(`slaDashboard.perKind.${data.slaPeriod.kind}`),
              })}
            </Alert>
          )}
          {isEmptyReport(data) ? (
            <Paper withBorder radius="md" p="md" data-testid="sla-dashboard-no-data">
              <EmptyBlock
                title={t('slaDashboard.noData')}
                hint={t('slaDashboard.noDataHint', { committed: format.number(data.marketing.committed) })}
              />
            </Paper>
          ) : (
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
              <MarketingPanel report={data} points={points} />
              <SalesPanel report={data} points={points} showInboxLink={user.role !== 'marketing'} />
            </SimpleGrid>
          )}
        </Stack>
      ) : null}

      {!rep && (
        <Stack mt="md">
          <DerivedTargetCard slaId={sla.id} slaKind={sla.document.marketing.period} />
        </Stack>
      )}
    </>
  );
}
