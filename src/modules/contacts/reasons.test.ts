import { describe, expect, it } from 'vitest';
import { eventReasonKey, reasonKeys } from './reasons.js';

describe('temperature reason keys', () => {
  it('keys a warm lead by code, group and the types of the events that warmed it', () => {
    expect(
      reasonKeys([
        { code: 'engagement_at_least', score: 25, threshold: 20 },
        {
          code: 'event',
          eventId: '1',
          eventType: 'form_submitted',
          occurredAt: '2026-01-01T00:00:00.000Z',
          points: 50,
        },
        { code: 'event', eventId: '2', eventType: 'page_view', occurredAt: '2026-01-01T00:00:00.000Z', points: 1 },
        { code: 'event', eventId: '3', eventType: 'page_view', occurredAt: '2026-01-01T00:00:00.000Z', points: 1 },
      ]),
    ).toEqual(['engagement', 'engagement_at_least', 'event', 'event:form_submitted', 'event:page_view']);
  });

  it('keys decisions by hand and fit', () => {
    expect(reasonKeys([{ code: 'marked_qualified', by: 'u1' }])).toEqual(['manual', 'marked_qualified']);
    expect(reasonKeys([{ code: 'fit_grade_below', grade: 'D', min: 'B' }])).toEqual(['fit', 'fit_grade_below']);
  });

  it('skips what it does not understand instead of failing on old or foreign rows', () => {
    expect(reasonKeys(null)).toEqual([]);
    expect(reasonKeys({ code: 'event' })).toEqual([]);
    expect(reasonKeys([null, 'x', { code: 'something_new' }, { code: 'event', eventType: 'Bad Type!' }])).toEqual([
      'event',
    ]);
  });

  it('names the event key a reasonEvent filter looks for', () => {
    expect(eventReasonKey('email_clicked')).toBe('event:email_clicked');
  });
});
