import { Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useContactTemperature, useContactTimeline } from '../../api/contacts.js';
import type { TimelineItem } from '../../api/types.js';
import { DateText, LtrText, UserText } from '../../components/Formatted.js';
import { LoadMore } from '../../components/LoadMore.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { TemperatureBadge } from '../../components/TemperatureBadge.js';
import { useFormat } from '../../i18n/useFormat.js';
import { ChangeArrow } from './ContactTemperature.js';
import { describe } from './reasonText.js';
import { activitySignature, eventLabel, eventUrls } from './eventReasons.js';
import { TimelineIcon } from './TimelineIcon.js';
import { causeKey, groupByDay } from './timelineDays.js';
import { formSubmittedDetails } from './formSubmitted.js';

type EventItem = Extract<TimelineItem, { kind: 'event' }>;
type ChangeItem = Extract<TimelineItem, { kind: 'temperature' }>;

function EventEntry({ item }: { item: EventItem }) {
  const { t } = useTranslation();
  const label = eventLabel(item.type, t);
  const via = [item.utm.source, item.utm.medium].filter(Boolean).join(' / ');
  return (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        {item.utm.campaign && (
          <Badge
            variant="light"
            color="gray"
            size="sm"
            data-testid="timeline-campaign"
            style={{ textTransform: 'none' }}
          >
            {t('timeline.campaign', { campaign: item.utm.campaign })}
          </Badge>
        )}
      </Group>
      {item.type === 'form_submitted' && <FormSubmittedLines properties={item.properties} />}
      {/* Page titles, URLs and referrers come from browsers: shown as text, never as HTML or live links. */}
      {item.title && (
        <Text size="sm" data-testid="timeline-title" style={{ overflowWrap: 'anywhere' }}>
          <UserText value={item.title} />
        </Text>
      )}
      {item.url && (
        <Text size="xs" c="dimmed" data-testid="timeline-url" style={{ overflowWrap: 'anywhere' }}>
          <LtrText value={item.url} />
        </Text>
      )}
      {via && (
        <Text size="xs" c="dimmed">
          {t('timeline.via', { source: via })}
        </Text>
      )}
      {item.referrer && (
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {t('timeline.referrer', { referrer: item.referrer })}
        </Text>
      )}
    </Stack>
  );
}

/** Which form, and the consent box as the person saw it (its text as it read then, not as it reads now). */
function FormSubmittedLines({ properties }: { properties: Record<string, unknown> }) {
  const { t } = useTranslation();
  const { formName, consent } = formSubmittedDetails(properties);
  return (
    <>
      {formName && (
        <Text size="sm" data-testid="timeline-form" style={{ overflowWrap: 'anywhere' }}>
          {t('timeline.form')} <UserText value={formName} />
        </Text>
      )}
      {consent && (
        <Text size="xs" c="dimmed" data-testid="timeline-consent" style={{ overflowWrap: 'anywhere' }}>
          {consent.given ? t('timeline.consentGiven') : t('timeline.consentNotGiven')}
          {consent.text && (
            <>
              {t('forms.submissions.separator')}
              {t('timeline.quoteOpen')}
              <UserText value={consent.text} />
              {t('timeline.quoteClose')}
            </>
          )}
        </Text>
      )}
    </>
  );
}

function ChangeEntry({ item, urlOf }: { item: ChangeItem; urlOf: (eventId: string) => string | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const cause = causeKey(item.cause);
  return (
    <Stack gap={4} style={{ minWidth: 0 }}>
      <Group gap={6} wrap="wrap">
        <Text size="sm" fw={500}>
          {t('timeline.temperatureChanged')}
        </Text>
        <TemperatureBadge value={item.from} />
        <ChangeArrow />
        <TemperatureBadge value={item.to} />
        <Text size="xs" c="dimmed">
          {cause === 'other' ? t('timeline.causes.other', { cause: item.cause }) : t(`timeline.causes.${cause}`)}
        </Text>
      </Group>
      {item.reasons.length > 0 && (
        <List size="xs" spacing={2} data-testid="timeline-reasons">
          {item.reasons.map((reason, i) => (
            <List.Item key={i}>{describe(reason, t, format, urlOf)}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/**
 * The timeline follows the temperature card (asked for again whenever the live stream says the contact
 * changed, else every second; the timeline itself only every ten seconds), and when what it shows moves (a new scored event, the score, a recorded change) the timeline is fetched again at
 * once. A refetch keeps the pages already loaded and the list mounted, so "load more" and the scroll position
 * stay; while the next page is loading, the refresh waits for it instead of cancelling it.
 */
function useRefreshWithTemperature(
  contactId: string,
  timeline: { isPending: boolean; isFetchingNextPage: boolean; refetch: () => Promise<unknown> },
) {
  const temperature = useContactTemperature(contactId);
  const signature = temperature.data ? activitySignature(temperature.data) : null;
  const seen = useRef<string | null>(null);
  const { isPending, isFetchingNextPage, refetch } = timeline;
  useEffect(() => {
    if (signature === null || isFetchingNextPage) return;
    // The first look only records where things stand: the timeline's own first fetch is as fresh.
    if (seen.current !== null && seen.current !== signature && !isPending) void refetch();
    seen.current = signature;
  }, [signature, isPending, isFetchingNextPage, refetch]);
}

/**
 * The contact's timeline: visits, form submissions, email opens and clicks, custom events and temperature
 * changes with their reasons, newest first and grouped by day in the reader's calendar.
 */
export function ContactTimeline({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useContactTimeline(contactId);
  useRefreshWithTemperature(contactId, query);
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const urls = useMemo(() => eventUrls(items), [items]);
  const urlOf = (eventId: string) => urls.get(eventId);
  const days = groupByDay(items, format.date);
  return (
    <Paper withBorder radius="md" p="lg" data-testid="contact-timeline">
      <Title order={4} mb="md">
        {t('timeline.title')}
      </Title>
      {query.isPending ? (
        <LoadingBlock />
      ) : query.isError ? (
        <ErrorBlock error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('timeline.empty')}
        </Text>
      ) : (
        <Stack gap="md">
          {days.map((day) => (
            <Stack key={day.day} gap="xs">
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" data-testid="timeline-day">
                {day.day}
              </Text>
              {day.items.map((item) => (
                <Group
                  key={item.id}
                  align="flex-start"
                  wrap="nowrap"
                  gap="sm"
                  data-testid="timeline-item"
                  data-kind={item.kind}
                  data-type={item.kind === 'event' ? item.type : item.to}
                >
                  <TimelineIcon item={item} />
                  <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                    {item.kind === 'event' ? <EventEntry item={item} /> : <ChangeEntry item={item} urlOf={urlOf} />}
                  </Stack>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    <DateText value={item.at} withTime />
                  </Text>
                </Group>
              ))}
            </Stack>
          ))}
          <LoadMore
            shown={items.length}
            hasNextPage={query.hasNextPage}
            isFetchingNextPage={query.isFetchingNextPage}
            fetchNextPage={query.fetchNextPage}
            testId="timeline-load-more"
          />
        </Stack>
      )}
    </Paper>
  );
}
