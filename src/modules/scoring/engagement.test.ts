import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ENGAGEMENT_RULES,
  type EngagementEvent,
  decayFactor,
  globToRegExp,
  engagementScore,
  standingEventTypes,
} from './engagement.js';

const now = new Date('2027-03-01T12:00:00Z');
const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString();
let n = 0;
const ev = (type: string, daysAgo = 0, url?: string): EngagementEvent => ({
  id: `e${n++}`,
  type,
  occurredAt: at(daysAgo),
  url,
});

describe('engagement score', () => {
  it('gives the documented defaults: form +50, pricing page +10, page view +1', () => {
    expect(engagementScore(DEFAULT_ENGAGEMENT_RULES, [ev('form_submitted')], { now }).score).toBe(50);
    expect(engagementScore(DEFAULT_ENGAGEMENT_RULES, [ev('page_view', 0, 'https://x.io/pricing')], { now }).score).toBe(
      10,
    );
    expect(engagementScore(DEFAULT_ENGAGEMENT_RULES, [ev('page_view', 0, 'https://x.io/blog')], { now }).score).toBe(1);
  });

  it('caps a rule over the whole history', () => {
    const views = Array.from({ length: 50 }, () => ev('page_view', 0, 'https://x.io/blog/post'));
    expect(engagementScore(DEFAULT_ENGAGEMENT_RULES, views, { now }).score).toBe(20);
  });

  it('counts a non-repeatable rule once, and negative points do not decay', () => {
    const r = engagementScore(
      DEFAULT_ENGAGEMENT_RULES,
      [ev('form_submitted', 0), ev('unsubscribed', 300), ev('unsubscribed', 200)],
      { now },
    );
    expect(r.score).toBe(0);
    expect(r.contributions.filter((c) => c.eventType === 'unsubscribed')).toHaveLength(1);
    const later = engagementScore(
      DEFAULT_ENGAGEMENT_RULES,
      [ev('form_submitted', 0), ev('form_submitted', 0), ev('unsubscribed', 300)],
      {
        now,
      },
    );
    expect(later.score).toBe(50);
  });

  it('halves points every half-life', () => {
    expect(engagementScore(DEFAULT_ENGAGEMENT_RULES, [ev('form_submitted', 30)], { now, halfLifeDays: 30 }).score).toBe(
      25,
    );
    expect(decayFactor(0, 30)).toBe(1);
    expect(decayFactor(-5, 30)).toBe(1);
  });

  it('matches URL globs literally apart from *', () => {
    expect(globToRegExp('*/pricing*').test('https://a.io/pricing?plan=pro')).toBe(true);
    expect(globToRegExp('*/pricing*').test('https://a.io/pricingXpage')).toBe(true);
    expect(globToRegExp('*.io/a+b').test('https://x.io/a+b')).toBe(true);
    expect(globToRegExp('*.io/a+b').test('https://x.io/aab')).toBe(false);
  });

  it('never goes below zero and only falls as time passes', () => {
    const types = fc.constantFrom(
      'form_submitted',
      'page_view',
      'email_opened',
      'email_clicked',
      'unsubscribed',
      'other',
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ type: types, days: fc.integer({ min: 0, max: 400 }) }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 100 }),
        (raw, wait) => {
          const events = raw.map((r, i) => ({ id: String(i), type: r.type, occurredAt: at(r.days) }));
          const today = engagementScore(DEFAULT_ENGAGEMENT_RULES, events, { now }).score;
          const later = engagementScore(DEFAULT_ENGAGEMENT_RULES, events, {
            now: new Date(now.getTime() + wait * 86_400_000),
          }).score;
          return today >= 0 && later <= today + 1e-9;
        },
      ),
    );
  });
});

describe('standing event types', () => {
  it('are those of rules with negative points or that count once, whatever the newer events', () => {
    expect([...standingEventTypes(DEFAULT_ENGAGEMENT_RULES)].sort()).toEqual(['email_bounced', 'unsubscribed']);
    expect(
      [
        ...standingEventTypes([
          { id: 'a', eventType: 'webinar_joined', points: 20, repeatable: false },
          { id: 'b', eventType: 'page_view', points: 1, repeatable: true },
          { id: 'c', eventType: 'spam_report', points: -5, repeatable: true },
        ]),
      ].sort(),
    ).toEqual(['spam_report', 'webinar_joined']);
  });
});
