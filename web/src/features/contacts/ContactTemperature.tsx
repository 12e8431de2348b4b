import { Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { RefName } from '../../components/RefName.js';
import { useCurrentUser } from '../../api/auth.js';
import { useContactIsLive, useContactTemperature, useContactTimeline } from '../../api/contacts.js';
import { DateText } from '../../components/Formatted.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { TemperatureBadge } from '../../components/TemperatureBadge.js';
import { directionOf } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { eventUrls, moreContributingEvents, type TemperatureWithContributions } from './eventReasons.js';
import { canDecideQualification, QualificationControl } from './QualificationControl.js';
import { describe, describeEvent } from './reasonText.js';

/** The "why" panel: temperature, fit and engagement, the reasons, and how the temperature moved. */
export function ContactTemperature({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useCurrentUser();
  const query = useContactTemperature(contactId);
  const live = useContactIsLive(contactId);
  // The same cached query as the timeline below: it knows the page each scored event happened on.
  const timeline = useContactTimeline(contactId);
  const urls = useMemo(() => eventUrls(timeline.data?.pages.flatMap((p) => p.items) ?? []), [timeline.data]);
  if (query.isPending) return <LoadingBlock />;
  if (query.isError) return <ErrorBlock error={query.error} onRetry={() => void query.refetch()} />;
  const data: TemperatureWithContributions = query.data;
  const urlOf = (eventId: string) => urls.get(eventId);
  const more = moreContributingEvents(data.reasons, data.engagement.contributions);
  const lastEvent = data.reasons.findLastIndex((r) => r.code === 'event');
  // The others in the native tooltip, as the leads list does it.
  const moreTitle = more
    .map((c) => describeEvent({ ...c, eventId: String(c.eventId), points: roundPoints(c.current) }, t, format, urlOf))
    .join('\n');
  return (
    <Paper withBorder radius="md" p="lg" data-testid="contact-why" data-live={live ? 'true' : 'false'}>
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
              {describe(r, t, format, urlOf)}
              {/* A decision by hand names who made it. */}
              {(r.code === 'marked_qualified' || r.code === 'marked_not_qualified') && r.by && (
                <Text span size="sm" c="dimmed" data-testid="temperature-reason-by">
                  {' · '}
                  <RefName field="ownerId" id={r.by} />
                </Text>
              )}
              {/* The server names the top events; the rest of those adding to the score, as the leads list says it. */}
              {i === lastEvent && more.length > 0 && (
                <Text span size="xs" c="dimmed" ms={4} title={moreTitle} data-testid="temperature-more-events">
                  {t('leadFilters.moreReasons', { n: format.number(more.length) })}
                </Text>
              )}
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
                <List.Item key={i} data-testid="temperature-history">
                  <Group gap={6} wrap="nowrap">
                    <TemperatureBadge value={h.from} />
                    <ChangeArrow />
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

/** Points as the server rounds them in reasons (one decimal). */
const roundPoints = (points: number) => Math.round(points * 10) / 10;

/** "from → to" between two temperature badges, pointing the way the reader reads (← in Persian). */
export function ChangeArrow() {
  const format = useFormat();
  return (
    <Text size="sm" aria-hidden data-testid="temperature-arrow">
      {directionOf(format.locale) === 'rtl' ? '←' : '→'}
    </Text>
  );
}
