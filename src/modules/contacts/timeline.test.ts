import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../http/pagination.js';
import {
  compareTimeline,
  decodeTimelineCursor,
  encodeTimelineCursor,
  eventTitle,
  mergeTimeline,
  type TimelineItem,
} from './timeline.js';

const event = (id: number, at: string): TimelineItem => ({
  kind: 'event',
  id: `event:${id}`,
  at,
  type: 'page_view',
  title: null,
  url: null,
  referrer: null,
  utm: { source: null, medium: null, campaign: null, term: null, content: null },
  properties: {},
});

const change = (id: number, at: string): TimelineItem => ({
  kind: 'temperature',
  id: `temperature:${id}`,
  at,
  from: 'cold',
  to: 'warm',
  cause: 'event.recorded',
  reasons: [],
});

const T1 = '2026-03-01T10:00:00.000Z';
const T2 = '2026-03-02T10:00:00.000Z';

describe('timeline order and paging', () => {
  it('lists newest first; within an instant the change before the event that caused it, then by id', () => {
    const sorted = [event(1, T1), change(1, T1), event(2, T1), event(3, T2)].sort((a, b) =>
      compareTimeline(
        { at: a.at, kind: a.kind, id: Number(a.id.split(':')[1]) },
        { at: b.at, kind: b.kind, id: Number(b.id.split(':')[1]) },
      ),
    );
    expect(sorted.map((i) => i.id)).toEqual(['event:3', 'temperature:1', 'event:2', 'event:1']);
  });

  it('merges the sources into one page and points the cursor at its last item', () => {
    const page = mergeTimeline([[event(3, T2), event(1, T1)], [change(1, T1)]], 2);
    expect(page.items.map((i) => i.id)).toEqual(['event:3', 'temperature:1']);
    expect(decodeTimelineCursor(page.nextCursor!)).toEqual({ at: T1, kind: 'temperature', id: 1 });
    expect(mergeTimeline([[event(1, T1)], []], 2).nextCursor).toBeNull();
  });

  it('round-trips its cursor and refuses anything else, naming the cursor', () => {
    const position = { at: T1, kind: 'event' as const, id: 42 };
    expect(decodeTimelineCursor(encodeTimelineCursor(position))).toEqual(position);
    for (const bad of [
      'garbage',
      encodeCursor('yesterday', 'event:1'),
      encodeCursor(T1, 'deal:1'),
      encodeCursor(T1, 'event:1 or 1=1'),
      encodeCursor(5, 'event:1'),
    ]) {
      expect(() => decodeTimelineCursor(bad)).toThrow(/cursor/);
    }
  });

  it('titles an event from its tracked page title or email subject, as plain text', () => {
    expect(eventTitle({ title: 'Pricing <b>' })).toBe('Pricing <b>');
    expect(eventTitle({ subject: 'Spring offer' })).toBe('Spring offer');
    expect(eventTitle({ title: '  ', n: 1 })).toBeNull();
  });
});
