import { describe, expect, it } from 'vitest';
import { formatDate } from '../../i18n/format.js';
import { causeKey, groupByDay, isKnownEventType } from './timelineDays.js';

describe('timeline days', () => {
  const items = [
    { id: 'a', at: '2026-03-02T01:00:00.000Z' },
    { id: 'b', at: '2026-03-01T23:30:00.000Z' },
    { id: 'c', at: '2026-03-01T08:00:00.000Z' },
  ];

  it('groups newest-first items by the reader’s day, in their time zone', () => {
    const utc = groupByDay(items, (at) => formatDate(at, 'en', { timeZone: 'UTC' }));
    expect(utc.map((d) => d.items.map((i) => i.id))).toEqual([['a'], ['b', 'c']]);
    // In Tehran (UTC+3:30) 23:30 UTC is already the next day.
    const tehran = groupByDay(items, (at) => formatDate(at, 'en', { timeZone: 'Asia/Tehran' }));
    expect(tehran.map((d) => d.items.map((i) => i.id))).toEqual([['a', 'b'], ['c']]);
  });

  it('labels days in the Jalali calendar in Persian', () => {
    const [day] = groupByDay(items.slice(2), (at) => formatDate(at, 'fa', { timeZone: 'Asia/Tehran' }));
    expect(day!.day).toMatch(/۱۴۰۴/);
    expect(day!.day).toMatch(/اسفند/);
  });

  it('knows the usual event types and causes, and leaves the rest as they are', () => {
    expect(isKnownEventType('email_clicked')).toBe(true);
    expect(isKnownEventType('webinar_attended')).toBe(false);
    expect(causeKey('event.recorded')).toBe('eventRecorded');
    expect(causeKey('account.updated')).toBe('accountUpdated');
    expect(causeKey('contacts.imported')).toBe('imported');
    expect(causeKey('engagement.decayed')).toBe('decayed');
    expect(causeKey('contact.merged')).toBe('other');
  });
});
