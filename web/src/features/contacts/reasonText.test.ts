import { describe as group, expect, it } from 'vitest';
import type { TemperatureReason } from '../../api/types.js';
import { translator } from '../../i18n/testing.js';
import { formatDate, formatNumber, type Locale } from '../../i18n/format.js';
import type { Formatters } from '../../i18n/useFormat.js';
import { describe, manualDecision } from './reasonText.js';

function formatters(locale: Locale): Formatters {
  return {
    locale,
    number: (value, options) => formatNumber(value, locale, options),
    date: (value) => formatDate(value, locale, { timeZone: 'UTC' }),
    dateTime: (value) => formatDate(value, locale, { timeZone: 'UTC', style: 'dateTime' }),
    dateTimeLong: (value) => formatDate(value, locale, { timeZone: 'UTC', style: 'dateTime' }),
    digits: (text) => text,
  };
}

const say = (locale: Locale, reason: object, urls: Record<string, string> = {}) =>
  describe(reason as TemperatureReason, translator(locale), formatters(locale), (id) => urls[id]);

const event = (eventType: string, points: number, eventId = '42') => ({
  code: 'event',
  eventId,
  eventType,
  occurredAt: '2026-11-28T10:00:00.000Z',
  points,
});

/** Without the isolates that keep a Latin path in its order inside a Persian sentence. */
const plain = (text: string) => text.replace(/[\u2066-\u2069]/g, '');

group('reasons in words', () => {
  it('names events as the timeline does, in English and Persian, never by their code', () => {
    expect(say('en', event('form_submitted', 50))).toBe('Submitted a form on Nov 28, 2026: 50 points');
    expect(say('en', event('page_view', 10))).toBe('Visited a page on Nov 28, 2026: 10 points');
    const persian = say('fa', event('form_submitted', 50));
    expect(persian).toContain('فرمی را ارسال کرد');
    expect(persian).toContain('۵۰ امتیاز');
    expect(persian).not.toMatch(/form_submitted|points/);
    // An event type the UI has no words for keeps its name, as on the timeline.
    expect(say('en', event('demo_requested', 40))).toBe('Event: demo_requested on Nov 28, 2026: 40 points');
  });

  it('says "1 point" but "10 points" and "0.5 points"', () => {
    expect(say('en', event('page_view', 1))).toBe('Visited a page on Nov 28, 2026: 1 point');
    expect(say('en', event('page_view', 0.5))).toBe('Visited a page on Nov 28, 2026: 0.5 points');
    expect(say('fa', event('page_view', 1))).toContain('۱ امتیاز');
  });

  it('names the page that earned the points when the event has a URL', () => {
    const urls = { '42': 'https://acme.example/pricing?plan=team' };
    expect(plain(say('en', event('page_view', 10), urls))).toBe('Visited a page (/pricing) on Nov 28, 2026: 10 points');
    const persian = say('fa', event('page_view', 10), urls);
    expect(persian).toContain('(\u2068/pricing\u2069)');
    expect(persian).toContain('از صفحه‌ای بازدید کرد');
    // Another event's URL is not this one's.
    expect(say('en', event('page_view', 10, '7'), urls)).toBe('Visited a page on Nov 28, 2026: 10 points');
  });

  it('reads the decision by hand from the reasons', () => {
    expect(manualDecision([{ code: 'marked_qualified' }])).toBe('qualified');
    expect(manualDecision([{ code: 'marked_not_qualified', reason: 'no budget' }, { code: 'engagement_below' }])).toBe(
      'not_qualified',
    );
    expect(manualDecision([{ code: 'engagement_at_least' }, { code: 'fit_grade_at_least' }])).toBeNull();
  });
});
