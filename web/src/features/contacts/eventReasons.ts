import type { TFunction } from 'i18next';
import type { TemperatureDetails, TemperatureReason, TimelineItem } from '../../api/types.js';
import { isKnownEventType } from './timelineDays.js';

/** An event type in words, as the timeline and the "why" panel say it ("Visited a page"). */
export function eventLabel(type: string, t: TFunction): string {
  return isKnownEventType(type) ? t(`timeline.types.${type}`) : t('timeline.types.custom', { type });
}

/**
 * One event's share of the engagement score, as the temperature endpoint lists it under
 * `engagement.contributions` (docs/api.md: "engagement (score, contributing events)").
 */
export interface EngagementContribution {
  eventId: string;
  eventType: string;
  occurredAt: string;
  /** Points left after decay, now. */
  current: number;
}

/** The temperature details with the contributing events the endpoint sends along with the score. */
export type TemperatureWithContributions = TemperatureDetails & {
  engagement: { contributions?: EngagementContribution[] };
};

/** Where a page event happened, as a reader would name the page: its path (`/pricing`), or the URL as sent. */
export function pagePath(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return url;
    return decodePath(parsed.pathname);
  } catch {
    return url;
  }
}

function decodePath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** The URL of each event on the timeline, by the event id reasons use (`eventId` "42" is item `event:42`). */
export function eventUrls(items: readonly TimelineItem[]): Map<string, string> {
  const urls = new Map<string, string>();
  for (const item of items) {
    if (item.kind !== 'event' || !item.url) continue;
    urls.set(item.id.startsWith('event:') ? item.id.slice('event:'.length) : item.id, item.url);
  }
  return urls;
}

/** The event id a reason names, if it names one (stored reasons carry it; the API type leaves it out). */
export function reasonEventId(reason: TemperatureReason): string | null {
  const id = (reason as { eventId?: unknown }).eventId;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

/**
 * The events that add to the engagement score beyond those the reasons name (the server names the top
 * three): what "+N more" counts. Without the contributions, nothing is known and nothing is counted.
 */
export function moreContributingEvents(
  reasons: readonly TemperatureReason[],
  contributions: readonly EngagementContribution[] | undefined,
): EngagementContribution[] {
  const listed = reasons.filter((r) => r.code === 'event');
  if (!contributions || listed.length === 0) return [];
  const named = new Set(listed.map(reasonEventId).filter((id): id is string => id !== null));
  return contributions
    .filter((c) => c.current > 0 && !named.has(String(c.eventId)))
    .sort((a, b) => b.current - a.current);
}

/**
 * What changes when the lead does something or its temperature moves: a new event scored, the score, the
 * temperature, a recorded change. Decay alone moves the contributions every second, so they are not compared
 * one by one: the timeline refreshes when this changes, not on every poll of the temperature.
 */
export function activitySignature(details: TemperatureWithContributions): string {
  const contributions = details.engagement.contributions ?? [];
  const newest = contributions.reduce((max, c) => (c.occurredAt > max ? c.occurredAt : max), '');
  return [
    details.temperature,
    details.engagement.score,
    details.fit.score,
    contributions.length,
    newest,
    details.history.length,
    details.history[0]?.at ?? '',
  ].join('|');
}
