import { Badge, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ComplianceReport } from '../../api/compliance.js';
import { useTeams } from '../../api/teams.js';
import { useFormat } from '../../i18n/useFormat.js';
import { formatShare, pacingStatus, type PacingTone, type TrendPoint } from './dashboardFormat.js';
import { Stat } from './Stat.js';
import { DeliveredTrendChart, ShareTrendChart } from './TrendCharts.js';

const PACING_COLOR: Record<PacingTone, string> = { onTrack: 'teal', behind: 'orange', noTarget: 'gray' };

function PacingBadge({ tone, testId }: { tone: PacingTone; testId: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={PACING_COLOR[tone]} variant="light" data-testid={testId} data-tone={tone}>
      {t(`slaDashboard.marketing.${tone}`)}
    </Badge>
  );
}

/** Marketing's duties: leads delivered against the commitment, their acceptance and their fit. */
export function MarketingPanel({ report, points }: { report: ComplianceReport; points: TrendPoint[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const teams = useTeams();
  const m = report.marketing;
  const pacing = pacingStatus({
    delivered: m.delivered,
    committed: m.committed,
    onTrack: m.pacing.onTrack,
    expected: m.pacing.expected,
  });
  const teamName = (id: string) => teams.data?.find((team) => team.id === id)?.name ?? id;
  const reasonLabel = (reason: string) =>
    reason === 'unspecified'
      ? t('slaDashboard.marketing.unspecified')
      : t(`inbox.reasons.${reason}`, { defaultValue: reason });
  const floorBadge =
    m.floorMet === null ? (
      <Badge color="gray" variant="light" data-testid="sla-floor" data-met="none">
        {t('slaDashboard.marketing.noDecisions')}
      </Badge>
    ) : (
      <Badge color={m.floorMet ? 'teal' : 'red'} variant="light" data-testid="sla-floor" data-met={String(m.floorMet)}>
        {t(m.floorMet ? 'slaDashboard.marketing.floorMet' : 'slaDashboard.marketing.floorMissed')}
      </Badge>
    );
  const maxReason = Math.max(1, ...m.rejectionReasons.map((r) => r.count));

  return (
    <Paper withBorder radius="md" p="md" data-testid="sla-marketing">
      <Stack gap="md">
        <Title order={3} size="h4">
          {t('slaDashboard.marketing.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Stat
            label={t('slaDashboard.marketing.delivered')}
            testId="sla-delivered"
            value={t('slaDashboard.marketing.deliveredOf', {
              delivered: format.number(m.delivered),
              committed: format.number(m.committed),
            })}
            badge={<PacingBadge tone={pacing.tone} testId="sla-pacing" />}
            note={
              pacing.tone === 'noTarget' ? undefined : (
                <Stack gap={4}>
                  <Progress
                    value={Math.min(100, (m.delivered / Math.max(1, m.committed)) * 100)}
                    color={PACING_COLOR[pacing.tone]}
                    aria-hidden
                  />
                  <span data-testid="sla-expected">
                    {t('slaDashboard.marketing.expected', {
                      expected: format.number(pacing.expectedByNow),
                      remaining: format.number(pacing.remaining),
                    })}
                  </span>
                </Stack>
              )
            }
          />
          <Stat
            label={t('slaDashboard.marketing.acceptance')}
            testId="sla-acceptance"
            value={formatShare(m.acceptanceRate, format.locale)}
            badge={floorBadge}
            note={
              <>
                {t('slaDashboard.marketing.floor', { floor: formatShare(m.acceptanceRateFloor, format.locale) })}
                {' · '}
                <span data-testid="sla-decided">
                  {t('slaDashboard.marketing.decided', {
                    accepted: format.number(m.accepted),
                    rejected: format.number(m.rejected),
                  })}
                </span>
              </>
            }
          />
          <Stat
            label={t('slaDashboard.marketing.fit', { grade: m.minFitGrade })}
            testId="sla-fit"
            value={formatShare(m.fitShare, format.locale)}
            note={t('slaDashboard.marketing.fitOf', {
              count: format.number(m.atOrAboveMinFitGrade),
              total: format.number(m.delivered),
            })}
          />
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              {t('slaDashboard.marketing.reasons')}
            </Text>
            {m.rejectionReasons.length === 0 ? (
              <Text size="sm" data-testid="sla-no-rejections">
                {t('slaDashboard.marketing.noRejections')}
              </Text>
            ) : (
              m.rejectionReasons.map((r) => (
                <Stack key={r.reason} gap={2} data-testid="sla-reason" data-reason={r.reason}>
                  <Group justify="space-between" gap="xs">
                    <Text size="sm" data-testid="sla-reason-label">
                      {reasonLabel(r.reason)}
                    </Text>
                    <Text size="sm" fw={500} data-testid="sla-reason-count">
                      {format.number(r.count)}
                    </Text>
                  </Group>
                  <Progress value={(r.count / maxReason) * 100} color="red" size="sm" aria-hidden />
                </Stack>
              ))
            )}
          </Stack>
        </SimpleGrid>

        {m.perTeam.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              {t('slaDashboard.marketing.perTeam')}
            </Text>
            <Table.ScrollContainer minWidth={360}>
              <Table data-testid="sla-team-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('slaDashboard.marketing.team')}</Table.Th>
                    <Table.Th>{t('slaDashboard.marketing.delivered')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {m.perTeam.map((team) => {
                    const tone = pacingStatus({
                      delivered: team.delivered,
                      committed: team.committed,
                      onTrack: team.onTrack,
                    }).tone;
                    return (
                      <Table.Tr key={team.teamId} data-testid="sla-team-row" data-team-id={team.teamId}>
                        <Table.Td>
                          <bdi>{teamName(team.teamId)}</bdi>
                        </Table.Td>
                        <Table.Td data-testid="sla-team-delivered">
                          {t('slaDashboard.marketing.deliveredOf', {
                            delivered: format.number(team.delivered),
                            committed: format.number(team.committed),
                          })}
                        </Table.Td>
                        <Table.Td>
                          <PacingBadge tone={tone} testId="sla-team-pacing" />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )}

        <DeliveredTrendChart points={points} />
        <ShareTrendChart
          points={points}
          testId="sla-acceptance-trend"
          title={t('slaDashboard.marketing.acceptanceSeries')}
          series={[{ name: 'acceptance', label: t('slaDashboard.marketing.acceptanceSeries'), color: 'indigo.6' }]}
          floor={{
            value: m.acceptanceRateFloor * 100,
            label: t('slaDashboard.marketing.floor', { floor: formatShare(m.acceptanceRateFloor, format.locale) }),
          }}
        />
      </Stack>
    </Paper>
  );
}
