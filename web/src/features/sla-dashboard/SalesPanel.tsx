import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ComplianceReport, DutyFigures } from '../../api/compliance.js';
import { useFormat } from '../../i18n/useFormat.js';
import { formatBusinessMinutes, formatShare, type TrendPoint } from './dashboardFormat.js';
import { Stat } from './Stat.js';
import { ShareTrendChart } from './TrendCharts.js';

/** Sales' duties: first touches, attempts and decisions on time, breaches by rep, what is overdue now. */
export function SalesPanel({
  report,
  points,
  showInboxLink,
}: {
  report: ComplianceReport;
  points: TrendPoint[];
  showInboxLink: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const s = report.sales;
  const onTime = (duty: DutyFigures) =>
    duty.counted === 0
      ? t('slaDashboard.sales.noneCounted')
      : t('slaDashboard.sales.onTimeOf', {
          within: format.number(duty.withinTime),
          counted: format.number(duty.counted),
        });

  return (
    <Paper withBorder radius="md" p="md" data-testid="sla-sales">
      <Stack gap="md">
        <Title order={3} size="h4">
          {t('slaDashboard.sales.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Stat
            label={t('slaDashboard.sales.firstTouch')}
            testId="sla-first-touch"
            value={formatShare(s.firstTouch.share, format.locale)}
            note={<span data-testid="sla-first-touch-of">{onTime(s.firstTouch)}</span>}
          />
          <Stat
            label={t('slaDashboard.sales.median')}
            testId="sla-median"
            value={formatBusinessMinutes(s.firstTouch.medianBusinessMinutes, format.locale)}
            note={
              <>
                {t('slaDashboard.sales.p90')}:{' '}
                <span data-testid="sla-p90">
                  {formatBusinessMinutes(s.firstTouch.p90BusinessMinutes, format.locale)}
                </span>{' '}
                ({t('slaDashboard.sales.businessTime')})
              </>
            }
          />
          <Stat
            label={t('slaDashboard.sales.attempts')}
            testId="sla-attempts"
            value={formatShare(s.attempts.share, format.locale)}
            note={<span data-testid="sla-attempts-of">{onTime(s.attempts)}</span>}
          />
          <Stat
            label={t('slaDashboard.sales.decisions')}
            testId="sla-decisions"
            value={formatShare(s.decisions.share, format.locale)}
            note={<span data-testid="sla-decisions-of">{onTime(s.decisions)}</span>}
          />
          <Group gap="xl" align="flex-start">
            <Stat label={t('slaDashboard.sales.breaches')} testId="sla-breaches" value={format.number(s.breaches)} />
            <Stat
              label={t('slaDashboard.sales.escalations')}
              testId="sla-escalations"
              value={format.number(s.escalations)}
            />
          </Group>
          <Stat
            label={t('slaDashboard.sales.overdue')}
            testId="sla-overdue"
            value={format.number(s.openOverdueNow)}
            note={
              showInboxLink && s.openOverdueNow > 0 ? (
                <Anchor component={Link} to="/sales/inbox" size="sm" data-testid="sla-overdue-link">
                  {t('slaDashboard.sales.openInbox')}
                </Anchor>
              ) : undefined
            }
          />
        </SimpleGrid>

        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            {t('slaDashboard.sales.byRep')}
          </Text>
          {s.byRep.length === 0 ? (
            <Text size="sm" data-testid="sla-no-rep-rows">
              {t('slaDashboard.sales.noRepRows')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={420}>
              <Table data-testid="sla-rep-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('slaDashboard.sales.rep')}</Table.Th>
                    <Table.Th>{t('slaDashboard.sales.breaches')}</Table.Th>
                    <Table.Th>{t('slaDashboard.sales.escalations')}</Table.Th>
                    <Table.Th>{t('slaDashboard.sales.overdueNow')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.byRep.map((r) => (
                    <Table.Tr key={r.repId ?? 'queue'} data-testid="sla-rep-row" data-rep-id={r.repId ?? ''}>
                      <Table.Td data-testid="sla-rep-name">
                        {r.repId === null ? (
                          <Text c="dimmed" size="sm">
                            {t('slaDashboard.sales.queue')}
                          </Text>
                        ) : (
                          <bdi>{r.repName ?? r.repId}</bdi>
                        )}
                      </Table.Td>
                      <Table.Td data-testid="sla-rep-breaches">{format.number(r.breaches)}</Table.Td>
                      <Table.Td data-testid="sla-rep-escalations">{format.number(r.escalations)}</Table.Td>
                      <Table.Td data-testid="sla-rep-overdue">{format.number(r.overdueNow)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>

        <ShareTrendChart
          points={points}
          testId="sla-sales-trend"
          title={t('slaDashboard.sales.trend')}
          series={[{ name: 'firstTouch', label: t('slaDashboard.sales.firstTouchSeries'), color: 'blue.6' }]}
        />
      </Stack>
    </Paper>
  );
}
