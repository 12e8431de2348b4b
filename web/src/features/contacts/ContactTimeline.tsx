import { Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useContactTimeline } from '../../api/contacts.js';
import type { TimelineItem } from '../../api/types.js';
import { DateText, LtrText, UserText } from '../../components/Formatted.js';
import { LoadMore } from '../../components/LoadMore.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { TemperatureBadge } from '../../components/TemperatureBadge.js';
import { useFormat } from '../../i18n/useFormat.js';
import { describe } from './ContactTemperature.js';
import { TimelineIcon } from './TimelineIcon.js';
import { causeKey, groupByDay, isKnownEventType } from './timelineDays.js';

type EventItem = Extract<TimelineItem, { kind: 'event' }>;
type ChangeItem = Extract<TimelineItem, { kind: 'temperature' }>;

function EventEntry({ item }: { item: EventItem }) {
  const { t } = useTranslation();
  const label = isKnownEventType(item.type)
    ? t(`timeline.types.${item.type}`)
    : t('timeline.types.custom', { type: item.type });
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

function ChangeEntry({ item }: { item: ChangeItem }) {
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
        <Text size="sm" aria-hidden>
          {format.locale === 'fa' ? '←' : '→'}
        </Text>
        <TemperatureBadge value={item.to} />
        <Text size="xs" c="dimmed">
          {cause === 'other' ? t('timeline.causes.other', { cause: item.cause }) : t(`timeline.causes.${cause}`)}
        </Text>
      </Group>
      {item.reasons.length > 0 && (
        <List size="xs" spacing={2} data-testid="timeline-reasons">
          {item.reasons.map((reason, i) => (
            <List.Item key={i}>{describe(reason, t, format)}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/**
 * The contact's timeline: visits, form submissions, email opens and clicks, custom events and temperature
 * changes with their reasons, newest first and grouped by day in the reader's calendar.
 */
export function ContactTimeline({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useContactTimeline(contactId);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
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
                    {item.kind === 'event' ? <EventEntry item={item} /> : <ChangeEntry item={item} />}
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
