import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../http/pagination.js';
import { invalid } from '../../shared/errors.js';

/**
 * A contact's timeline: what the person did (events: visits, form submissions, email opens and clicks,
 * custom types) and how their temperature moved (with its reasons), newest first, in one cursor-paginated
 * list. The two sources are read separately (each through its own index) and merged here.
 */

const utmSchema = z.object({
  source: z.string().nullable(),
  medium: z.string().nullable(),
  campaign: z.string().nullable(),
  term: z.string().nullable(),
  content: z.string().nullable(),
});

export const timelineItemSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('event'),
    id: z.string(),
    at: z.string(),
    type: z.string(),
    /** The page title the tracking script sent, or an email's subject; plain text. */
    title: z.string().nullable(),
    url: z.string().nullable(),
    referrer: z.string().nullable(),
    utm: utmSchema,
    properties: z.record(z.string(), z.unknown()),
  }),
  z.object({
    kind: z.literal('temperature'),
    id: z.string(),
    at: z.string(),
    from: z.string(),
    to: z.string(),
    /** What triggered the rescoring (`event.recorded`, `contact.updated`, ...). */
    cause: z.string(),
    reasons: z.array(z.record(z.string(), z.unknown())),
  }),
]);
export type TimelineItem = z.infer<typeof timelineItemSchema>;
export type TimelineKind = TimelineItem['kind'];

/**
 * Order within one instant: a temperature change is listed above the event that caused it (it was
 * recorded after it), then newer ids first.
 */
const RANK: Record<TimelineKind, number> = { event: 0, temperature: 1 };

/** A position in the timeline: the cursor points at the last item returned. */
export interface TimelinePosition {
  at: string;
  kind: TimelineKind;
  id: number;
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function positionOf(item: TimelineItem): TimelinePosition {
  const [, raw] = item.id.split(':');
  return { at: item.at, kind: item.kind, id: Number(raw) };
}

/** Newest first: later instant, then temperature before event, then higher id. Negative when a comes first. */
export function compareTimeline(a: TimelinePosition, b: TimelinePosition): number {
  if (a.at !== b.at) return a.at > b.at ? -1 : 1;
  if (a.kind !== b.kind) return RANK[b.kind] - RANK[a.kind];
  return b.id - a.id;
}

export function encodeTimelineCursor(p: TimelinePosition): string {
  return encodeCursor(p.at, `${p.kind}:${p.id}`);
}

/** Reads a cursor this endpoint returned; anything else is bad input naming `cursor`. */
export function decodeTimelineCursor(cursor: string): TimelinePosition {
  const { sortValue, id } = decodeCursor(cursor);
  const match = /^(event|temperature):(\d{1,15})$/.exec(id);
  if (
    typeof sortValue !== 'string' ||
    !ISO_TIMESTAMP.test(sortValue) ||
    Number.isNaN(Date.parse(sortValue)) ||
    !match
  ) {
    throw invalid('cursor', 'Not a cursor returned by this list.');
  }
  return { at: sortValue, kind: match[1] as TimelineKind, id: Number(match[2]) };
}

/**
 * Merges the two sources (each already newest first and cut to `limit + 1` rows after the cursor) into one
 * page. There is a next page when more than `limit` items were available in total.
 */
export function mergeTimeline(
  sources: readonly (readonly TimelineItem[])[],
  limit: number,
): { items: TimelineItem[]; nextCursor: string | null } {
  const all = sources
    .flat()
    .map((item) => ({ item, position: positionOf(item) }))
    .sort((a, b) => compareTimeline(a.position, b.position));
  const page = all.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((p) => p.item),
    nextCursor: all.length > limit && last ? encodeTimelineCursor(last.position) : null,
  };
}

/** Plain-text title of an event from its properties (tracked page title, or an email's subject). */
export function eventTitle(properties: Record<string, unknown>): string | null {
  for (const key of ['title', 'subject', 'name']) {
    const value = properties[key];
    if (typeof value === 'string' && value.trim() !== '') return value.slice(0, 500);
  }
  return null;
}
