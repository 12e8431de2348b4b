import { Badge, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFairness } from '../../api/routing.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { useFormat } from '../../i18n/useFormat.js';
import { RoutingSection } from './RoutingSection.js';

const PERIODS = { week: 7, month: 30, quarter: 90 } as const;

/** How evenly each team's leads went to its reps over the last week, month or quarter. */
export function RoutingFairness() {
  const { t } = useTranslation();
  const format = useFormat();
  const [period, setPeriod] = useState<keyof typeof PERIODS>('month');
  const range = useMemo(() => {
    // Up to the end of today (UTC): leads routed while the page is open count too.
    const end = new Date();
    end.setUTCHours(24, 0, 0, 0);
    const from = new Date(end.getTime() - PERIODS[period] * 86_400_000);
    return { from: from.toISOString(), to: end.toISOString() };
  }, [period]);
  const report = useFairness(range);
  return (
    <RoutingSection part="fairness">
      <Group mb="sm" gap="sm">
        <NativeSelect
          aria-label={t('routingAdmin.fairness.period')}
          data={(Object.keys(PERIODS) as (keyof typeof PERIODS)[]).map((p) => ({
            value: p,
            label: t(`routingAdmin.fairness.periods.${p}`),
          }))}
          value={period}
          onChange={(e) => setPeriod(e.currentTarget.value as keyof typeof PERIODS)}
          data-testid="routing-fairness-period"
        />
        <Button
          variant="subtle"
          size="xs"
          onClick={() => void report.refetch()}
          loading={report.isFetching}
          data-testid="routing-fairness-refresh"
        >
          {t('routingAdmin.fairness.refresh')}
        </Button>
      </Group>
      {report.isPending ? (
        <LoadingBlock />
      ) : report.isError ? (
        <ErrorBlock error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data.teams.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="routing-fairness-empty">
          {t('routingAdmin.fairness.empty')}
        </Text>
      ) : (
        <Stack gap="md">
          {report.data.teams.map((team) => (
            <Stack key={team.teamId} gap={4} data-testid="routing-fairness-team" data-team-id={team.teamId}>
              <Text fw={500} dir="auto">
                {t('routingAdmin.fairness.teamLine', {
                  team: team.teamName ?? t('routingAdmin.rules.teamDeleted'),
                  assigned: format.number(team.assigned),
                  queued: format.number(team.queued),
                })}
              </Text>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('routingAdmin.members.name')}</Table.Th>
                    <Table.Th>{t('routingAdmin.fairness.received')}</Table.Th>
                    <Table.Th>{t('routingAdmin.fairness.share')}</Table.Th>
                    <Table.Th>{t('routingAdmin.members.weight')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {team.reps.map((rep) => (
                    <Table.Tr
                      key={rep.userId}
                      data-testid="routing-fairness-rep"
                      data-user-id={rep.userId}
                      data-received={rep.received}
                    >
                      <Table.Td dir="auto">
                        {rep.name}
                        {!rep.member && (
                          <Badge ml="xs" size="xs" color="gray">
                            {t('routingAdmin.fairness.formerMember')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td data-testid="routing-fairness-received">{format.number(rep.received)}</Table.Td>
                      <Table.Td>{format.number(rep.share, { style: 'percent', maximumFractionDigits: 1 })}</Table.Td>
                      <Table.Td>{rep.weight === null ? t('common.none') : format.number(rep.weight)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          ))}
        </Stack>
      )}
      {report.data?.noRuleMatched ? (
        <Text size="sm" c="dimmed" mt="sm">
          {t('routingAdmin.fairness.noRule', { n: format.number(report.data.noRuleMatched) })}
        </Text>
      ) : null}
    </RoutingSection>
  );
}
