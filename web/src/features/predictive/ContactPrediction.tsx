import { Anchor, Badge, Group, List, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentUser } from '../../api/auth.js';
import { useContactPrediction } from '../../api/predictive.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { useFormat } from '../../i18n/useFormat.js';
import { featureLabel, featureValueLabel, signedContribution } from './labels.js';

/**
 * The predictive score on a contact's page: the probability to convert and the factors behind it, each with
 * the direction it pushes the score (contributions in log-odds; with the starting point they add up to it).
 */
export function ContactPrediction({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useCurrentUser();
  const query = useContactPrediction(contactId);
  if (query.isPending) return <LoadingBlock />;
  if (query.isError) return <ErrorBlock error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  const canTrain = user.role === 'admin' || user.role === 'marketing';

  return (
    <Paper withBorder radius="md" p="lg" data-testid="contact-prediction" data-status={data.status}>
      <Stack gap="sm">
        <Title order={4}>{t('predictive.title')}</Title>
        {data.status === 'no_model' ? (
          <Stack gap={4}>
            <Text size="sm" c="dimmed" data-testid="prediction-no-model">
              {t('predictive.noModel')}
            </Text>
            {canTrain && (
              <Anchor component={Link} to="/marketing/model" size="sm">
                {t('predictive.trainLink')}
              </Anchor>
            )}
          </Stack>
        ) : (
          <>
            <Group justify="space-between" align="flex-end">
              <Stack gap={0}>
                <Text size="xs" c="dimmed">
                  {t('predictive.probability')}
                </Text>
                <Text fz={28} fw={700} data-testid="prediction-score">
                  {format.number(data.score, { style: 'percent', maximumFractionDigits: 0 })}
                </Text>
              </Stack>
              <Text size="xs" c="dimmed">
                {t('predictive.modelInfo', {
                  version: format.number(data.modelVersion),
                  date: format.date(data.trainedAt),
                })}
              </Text>
            </Group>
            <Progress value={data.score * 100} aria-hidden size="sm" />
            <Text size="sm" fw={500}>
              {t('predictive.factors')}
            </Text>
            {data.factors.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('predictive.noFactors')}
              </Text>
            ) : (
              <List size="sm" spacing={6} listStyleType="none" data-testid="prediction-factors">
                {data.factors.map((f) => {
                  const up = f.contribution >= 0;
                  return (
                    <List.Item
                      key={f.feature}
                      data-testid="prediction-factor"
                      data-feature={f.feature}
                      data-direction={up ? 'up' : 'down'}
                    >
                      <Group gap="xs" wrap="nowrap">
                        <Badge
                          color={up ? 'teal' : 'red'}
                          variant="light"
                          miw={64}
                          aria-label={up ? t('predictive.raises') : t('predictive.lowers')}
                        >
                          {up ? '▲' : '▼'} <bdi>{signedContribution(f.contribution, format)}</bdi>
                        </Badge>
                        <Text size="sm">
                          {t('predictive.factorLine', {
                            feature: featureLabel(f.feature, t),
                            value: f.hidden
                              ? t('predictive.hiddenValue')
                              : featureValueLabel(f.feature, f.value, t, format),
                          })}
                        </Text>
                      </Group>
                    </List.Item>
                  );
                })}
              </List>
            )}
            <Text size="xs" c="dimmed">
              {t('predictive.baseline', { value: signedContribution(data.bias, format) })}
              {data.otherContribution !== 0 &&
                ` · ${t('predictive.otherFactors', { value: signedContribution(data.otherContribution, format) })}`}
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}
