import { Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { useContactTemperature } from '../../api/contacts.js';
import type { TemperatureReason } from '../../api/types.js';
import { DateText } from '../../components/Formatted.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { TemperatureBadge } from '../../components/TemperatureBadge.js';
import { useFormat, type Formatters } from '../../i18n/useFormat.js';
import { parseRejectReason } from '../inbox/rejectReason.js';
import { canDecideQualification, QualificationControl } from './QualificationControl.js';

/** First-strong isolate: text typed in another script keeps its own order inside the sentence. */
const isolate = (text: string) => `\u2068${text}\u2069`;

/** One reason in words: the rule that held, with its numbers in the reader's digits. */
export function describe(reason: TemperatureReason, t: TFunction, format: Formatters): string {
  const n = (v: number | undefined) => format.number(v ?? 0);
  switch (reason.code) {
    case 'engagement_at_least':
      return t('temperature.reasons.engagementAtLeast', { score: n(reason.score), threshold: n(reason.threshold) });
    case 'engagement_below':
      return t('temperature.reasons.engagementBelow', { score: n(reason.score), threshold: n(reason.threshold) });
    case 'fit_grade_at_least':
      return t('temperature.reasons.fitAtLeast', { grade: reason.grade, min: reason.min });
    case 'fit_grade_below':
      return t('temperature.reasons.fitBelow', { grade: reason.grade, min: reason.min });
    case 'marked_qualified':
      return t('temperature.reasons.markedQualified');
    case 'marked_not_qualified': {
      const rejected = reason.reason ? parseRejectReason(reason.reason) : null;
      if (rejected) {
        const label = t(`inbox.reasons.${rejected.code}`);
        return t('temperature.reasons.rejectedBySales', {
          reason: rejected.note ? `${label}: ${isolate(rejected.note)}` : label,
        });
      }
      return reason.reason
        ? t('temperature.reasons.markedNotQualified', { reason: isolate(reason.reason) })
        : t('temperature.reasons.markedNotQualifiedNoReason');
    }
    case 'event':
      return t('temperature.reasons.event', {
        event: reason.eventType ?? '',
        points: n(reason.points),
        date: reason.occurredAt ? format.date(reason.occurredAt) : '',
      });
    default:
      return reason.code;
  }
}

/** The "why" panel: temperature, fit and engagement, the reasons, and how the temperature moved. */
export function ContactTemperature({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useCurrentUser();
  const query = useContactTemperature(contactId);
  if (query.isPending) return <LoadingBlock />;
  if (query.isError) return <ErrorBlock error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  return (
    <Paper withBorder radius="md" p="lg" data-testid="contact-why">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('temperature.title')}</Title>
          <TemperatureBadge value={data.temperature} testId="contact-temperature" />
        </Group>
        <Text size="sm">
          {t('temperature.scores', {
            fit: format.number(data.fit.score),
            grade: data.fit.grade,
            engagement: format.number(data.engagement.score),
          })}
        </Text>
        {data.persona !== undefined && (
          <Text size="sm" data-testid="contact-persona">
            {data.persona ? (
              t('temperature.persona', {
                name: data.persona.name,
                score: format.number(data.persona.score),
                grade: data.persona.grade,
              })
            ) : (
              <Text span c="dimmed" inherit>
                {t('temperature.noPersona')}
              </Text>
            )}
          </Text>
        )}
        <Text size="sm" fw={500}>
          {t('temperature.why')}
        </Text>
        <List size="sm" spacing={4}>
          {data.reasons.map((r, i) => (
            <List.Item key={i} data-testid="temperature-reason">
              {describe(r, t, format)}
            </List.Item>
          ))}
        </List>
        {canDecideQualification(user.role) && <QualificationControl contactId={contactId} reasons={data.reasons} />}
        {data.history.length > 0 && (
          <>
            <Text size="sm" fw={500}>
              {t('temperature.history')}
            </Text>
            <List size="sm" spacing={4}>
              {data.history.map((h, i) => (
                <List.Item key={i}>
                  <Group gap={6} wrap="nowrap">
                    <TemperatureBadge value={h.from} />
                    <Text size="sm">→</Text>
                    <TemperatureBadge value={h.to} />
                    <Text size="xs" c="dimmed">
                      <DateText value={h.at} withTime />
                    </Text>
                  </Group>
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Stack>
    </Paper>
  );
}
