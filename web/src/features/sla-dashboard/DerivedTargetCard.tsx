import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useDerivedTarget, type DerivedTargetParams, type PeriodKind } from '../../api/compliance.js';
import { ErrorBlock } from '../../components/QueryState.js';
import { parseNumberInput } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { formatShare } from './dashboardFormat.js';
import { Stat } from './Stat.js';
import { NumberTextInput } from '../../components/NumberTextInput.js';

const HISTORY_PERIODS = 6;

/** A positive amount typed in either script, or null. */
function amount(text: string): number | null {
  const value = parseNumberInput(text);
  return value !== null && Number.isFinite(value) && value > 0 ? value : null;
}

/**
 * How many qualified leads marketing must deliver in the SLA's period to win a revenue quota, from the funnel
 * measured over the last periods, beside what the SLA commits.
 */
export function DerivedTargetCard({ slaId, slaKind }: { slaId: string; slaKind: PeriodKind }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [quota, setQuota] = useState('');
  const [dealSize, setDealSize] = useState('');
  const [touched, setTouched] = useState(false);
  const [params, setParams] = useState<DerivedTargetParams | null>(null);
  const target = useDerivedTarget(params && params.slaId === slaId ? params : null);
  const per = t(`slaDashboard.perKind.${slaKind}`);
  const quotaValue = amount(quota);
  const dealValue = amount(dealSize);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (quotaValue === null || dealValue === null) return;
    setParams({ slaId, quota: quotaValue, averageDealSize: dealValue, periods: HISTORY_PERIODS });
  };

  const d = target.data;
  return (
    <Paper withBorder radius="md" p="md" data-testid="sla-derived">
      <Stack gap="md">
        <Title order={3} size="h4">
          {t('slaDashboard.derived.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('slaDashboard.derived.hint', { periods: format.number(HISTORY_PERIODS), per })}
        </Text>
        <form onSubmit={submit} noValidate>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <NumberTextInput
              label={t('slaDashboard.derived.quota', { per })}
              value={quota}
              onChange={(e) => setQuota(e.currentTarget.value)}
              inputMode="decimal"
              required
              error={touched && quotaValue === null ? t('slaDashboard.derived.invalid') : undefined}
              data-testid="derived-quota"
            />
            <NumberTextInput
              label={t('slaDashboard.derived.dealSize')}
              description={t('slaDashboard.derived.dealSizeHint')}
              value={dealSize}
              onChange={(e) => setDealSize(e.currentTarget.value)}
              inputMode="decimal"
              required
              error={touched && dealValue === null ? t('slaDashboard.derived.invalid') : undefined}
              data-testid="derived-deal-size"
            />
            <Button type="submit" loading={target.isFetching} data-testid="derived-submit">
              {t('slaDashboard.derived.calculate')}
            </Button>
          </Group>
        </form>

        {target.isError && <ErrorBlock error={target.error} onRetry={() => void target.refetch()} />}
        {d && (
          <Stack gap="sm" data-testid="derived-result">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Stat
                label={t('slaDashboard.derived.mustDeliver')}
                testId="derived-leads"
                value={
                  d.qualifiedLeads === null
                    ? '—'
                    : t('slaDashboard.derived.leads', { leads: format.number(d.qualifiedLeads) })
                }
                note={per}
              />
              <Stat
                label={t('slaDashboard.derived.slaSays')}
                testId="derived-committed"
                value={format.number(d.committed)}
                note={per}
                badge={
                  d.qualifiedLeads === null ? undefined : d.committed >= d.qualifiedLeads ? (
                    <Badge color="teal" variant="light" data-testid="derived-verdict" data-covered="true">
                      {t('slaDashboard.derived.covered')}
                    </Badge>
                  ) : (
                    <Badge color="orange" variant="light" data-testid="derived-verdict" data-covered="false">
                      {t('slaDashboard.derived.short', { short: format.number(d.qualifiedLeads - d.committed) })}
                    </Badge>
                  )
                }
              />
            </SimpleGrid>
            {d.qualifiedLeads === null && (
              <Alert color="gray" data-testid="derived-unknown">
                {t('slaDashboard.derived.unknown')}
              </Alert>
            )}
            <Group gap="lg" wrap="wrap" data-testid="derived-rates">
              <Text size="sm">
                {t('slaDashboard.derived.acceptRate')}:{' '}
                <b data-testid="derived-accept-rate">{formatShare(d.acceptRate, format.locale)}</b>
              </Text>
              <Text size="sm">
                {t('slaDashboard.derived.winRate')}:{' '}
                <b data-testid="derived-win-rate">{formatShare(d.winRate, format.locale)}</b>
              </Text>
              <Text size="sm">
                {t('slaDashboard.derived.dealsNeeded')}:{' '}
                <b data-testid="derived-deals">{format.number(d.dealsNeeded)}</b>
              </Text>
            </Group>
            <Text size="xs" c="dimmed">
              {t('slaDashboard.derived.history', {
                qualified: format.number(d.qualified),
                accepted: format.number(d.accepted),
                won: format.number(d.won),
              })}
            </Text>
            {d.insufficientHistory && (
              <Alert color="yellow" data-testid="derived-insufficient">
                {t('slaDashboard.derived.insufficient', {
                  decided: format.number(d.decided),
                  min: format.number(d.minDecided),
                })}
              </Alert>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
