import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { dialects } from '../support/db.js';

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const visitor = () => randomBytes(16).toString('base64url');

/**
 * The lean capture path keeps its guarantees: the per-address rate limit still answers 429 with Retry-After
 * (accepted beacons just carry no rate-limit headers), bots are still dropped, CORS headers still go out, and
 * an answer means the event is committed.
 */
describe.each(dialects())('tracking capture path on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { trackingRateLimitPerMinute: 3 } });
  });
  afterAll(() => t.close());

  const post = (visitorId: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/t/events',
      remoteAddress: '203.0.113.7',
      headers: { 'user-agent': BROWSER, 'content-type': 'application/json', ...headers },
      payload: JSON.stringify({
        visitorId,
        events: [{ type: 'page_view', url: 'https://acme.example/?utm_source=x' }],
      }),
    });

  const stored = async (visitorId: string) =>
    (await t.app.tandem.database.db.selectFrom('events').select('id').where('visitor_id', '=', visitorId).execute())
      .length;

  it('answers only after the commit, drops bots, and rate-limits each address', async () => {
    const v = visitor();
    const first = await post(v);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ accepted: 1 });
    expect(first.headers['access-control-allow-origin']).toBe('*');
    expect(first.headers['x-ratelimit-remaining']).toBeUndefined();
    // No drain, no wait: acknowledged means stored.
    expect(await stored(v)).toBe(1);

    const bot = visitor();
    const crawler = await post(bot, { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)' });
    expect(crawler.statusCode).toBe(202);
    expect(crawler.json()).toEqual({ accepted: 0 });
    expect(await stored(bot)).toBe(0);

    expect((await post(v)).statusCode).toBe(202);
    const limited = await post(v);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await stored(v)).toBe(2);
    // Another address is not affected.
    const other = await t.app.inject({
      method: 'POST',
      url: '/t/events',
      remoteAddress: '203.0.113.8',
      headers: { 'user-agent': BROWSER, 'content-type': 'application/json' },
      payload: JSON.stringify({ visitorId: v, events: [{ type: 'page_view' }] }),
    });
    expect(other.statusCode).toBe(202);
  });
});
