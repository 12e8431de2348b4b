import { describe, expect, it } from 'vitest';
import type { TemperatureReason, TimelineItem } from '../../api/types.js';
import {
  activitySignature,
  eventUrls,
  moreContributingEvents,
  pagePath,
  type EngagementContribution,
  type TemperatureWithContributions,
} from './eventReasons.js';

const utm = { source: null, medium: null, campaign: null, term: null, content: null };

function pageView(id: number, url: string | null): TimelineItem {
  return {
    kind: 'event',
    id: `event:${id}`,
    at: '2026-11-28T10:00:00.000Z',
    type: 'page_view',
    title: null,
    url,
    referrer: null,
    utm,
    properties: {},
  };
}

const contribution = (
  eventId: string,
  current: number,
  occurredAt = '2026-11-28T10:00:00.000Z',
): EngagementContribution => ({
  eventId,
  eventType: 'page_view',
  occurredAt,
  current,
});

const eventReason = (eventId: string, points: number) =>
  ({
    code: 'event',
    eventId,
    eventType: 'page_view',
    occurredAt: '2026-11-28T10:00:00.000Z',
    points,
  }) as TemperatureReason;

describe('event reasons', () => {
  it('names a page by its path, and keeps what is not a web address as it came', () => {
    expect(pagePath('https://acme.example/pricing?plan=team#faq')).toBe('/pricing');
    expect(pagePath('https://acme.example/')).toBe('/');
    expect(pagePath('https://acme.example/%D9%82%DB%8C%D9%85%D8%AA')).toBe('/قیمت');
    expect(pagePath('https://acme.example/bad%E0%A4%A')).toBe('/bad%E0%A4%A');
    expect(pagePath('app://settings/billing')).toBe('app://settings/billing');
    expect(pagePath('not a url')).toBe('not a url');
    expect(pagePath(null)).toBeNull();
    expect(pagePath('')).toBeNull();
  });

  it('finds the URL of the events reasons name, by the id the timeline gives them', () => {
    const urls = eventUrls([
      pageView(7, 'https://acme.example/pricing'),
      pageView(8, null),
      {
        kind: 'temperature',
        id: 'temperature:3',
        at: '2026-11-28T10:00:00.000Z',
        from: 'cold',
        to: 'warm',
        cause: 'event.recorded',
        reasons: [],
      },
    ]);
    expect(urls.get('7')).toBe('https://acme.example/pricing');
    expect(urls.has('8')).toBe(false);
    expect(urls.size).toBe(1);
  });

  it('counts the contributing events beyond those the reasons name, most points first', () => {
    const reasons = [
      { code: 'engagement_at_least', score: 71, threshold: 20 },
      eventReason('1', 50),
      eventReason('2', 10),
    ];
    const more = moreContributingEvents(reasons, [
      contribution('1', 50),
      contribution('2', 10),
      contribution('3', 1),
      contribution('4', 10),
      contribution('5', 0), // decayed to nothing: adds nothing
      contribution('6', -20), // a bounce takes points away: not "more" evidence
    ]);
    expect(more.map((c) => c.eventId)).toEqual(['4', '3']);
    // Without event reasons (a cold lead, a decision by hand) or without contributions there is nothing to add.
    expect(moreContributingEvents([{ code: 'marked_qualified' }], [contribution('1', 50)])).toEqual([]);
    expect(moreContributingEvents(reasons, undefined)).toEqual([]);
  });

  it('changes its activity signature with new evidence, not with decay alone', () => {
    const details = (
      contributions: EngagementContribution[],
      score: number,
      history = 0,
    ): TemperatureWithContributions => ({
      temperature: 'warm',
      reasons: [],
      fit: { score: 40, grade: 'C' },
      engagement: { score, contributions },
      history: Array.from({ length: history }, () => ({
        from: 'cold',
        to: 'warm',
        at: '2026-11-28T10:00:00.000Z',
        cause: 'event.recorded',
        reasons: [],
      })),
    });
    const before = activitySignature(details([contribution('1', 50), contribution('2', 10)], 60));
    // Decay moves each contribution a little every second: the same signature.
    expect(activitySignature(details([contribution('1', 49.9996), contribution('2', 9.9999)], 60))).toBe(before);
    // A new scored event, a new score or a recorded change: a new signature.
    expect(
      activitySignature(
        details([contribution('1', 50), contribution('2', 10), contribution('3', 1, '2026-11-28T10:05:00.000Z')], 61),
      ),
    ).not.toBe(before);
    expect(activitySignature(details([contribution('1', 50), contribution('2', 10)], 59.9))).not.toBe(before);
    expect(activitySignature(details([contribution('1', 50), contribution('2', 10)], 60, 1))).not.toBe(before);
  });
});
