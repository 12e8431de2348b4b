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

/**
 * Beacons over real HTTP are answered by the fast path in front of Fastify (injected requests reach the
 * Fastify route): both answer alike, share one rate-limit budget, and acknowledge only committed events.
 */
describe.each(dialects())('beacons over HTTP on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { trackingRateLimitPerMinute: 4, trustProxy: 'loopback' } });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => t.close());

  const body = (visitorId: string, extra: object = {}) =>
    JSON.stringify({ visitorId, events: [{ type: 'page_view', url: 'https://acme.example/?utm_source=x', ...extra }] });
  const send = (payload: string, client: string, contentType = 'application/json') =>
    fetch(`${base}/t/events`, {
      method: 'POST',
      body: payload,
      headers: { 'user-agent': BROWSER, 'content-type': contentType, 'x-forwarded-for': client },
    });
  const inject = (payload: string, client: string) =>
    t.app.inject({
      method: 'POST',
      url: '/t/events',
      headers: { 'user-agent': BROWSER, 'content-type': 'application/json', 'x-forwarded-for': client },
      payload,
    });
  const withoutId = (problem: Record<string, unknown>) => ({ ...problem, requestId: 'x' });

  it('stores an acknowledged beacon before answering, with its UTM and CORS headers', async () => {
    const v = visitor();
    const res = await send(body(v), '198.51.100.1', 'text/plain;charset=UTF-8');
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1 });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const rows = await t.app.tandem.database.db
      .selectFrom('events')
      .select(['type', 'utm_source', 'url'])
      .where('visitor_id', '=', v)
      .execute();
    expect(rows).toEqual([{ type: 'page_view', utm_source: 'x', url: 'https://acme.example/?utm_source=x' }]);
  });

  it('records a page with a URL or referrer past 2,048 characters, cut to 2,048, on both paths', async () => {
    const url = `https://acme.example/landing?utm_source=google&utm_campaign=spring&gclid=${'x'.repeat(2100)}`;
    const referrer = `https://www.google.example/search?q=${'y'.repeat(2100)}`;
    const rowsOf = (v: string) =>
      t.app.tandem.database.db
        .selectFrom('events')
        .select(['url', 'referrer', 'utm_source', 'utm_campaign'])
        .where('visitor_id', '=', v)
        .execute();
    const fastVisitor = visitor();
    const fast = await send(body(fastVisitor, { url, referrer }), '198.51.100.41', 'text/plain;charset=UTF-8');
    expect(fast.status).toBe(202);
    const routedVisitor = visitor();
    const routed = await inject(body(routedVisitor, { url, referrer }), '198.51.100.42');
    expect(routed.statusCode, routed.body).toBe(202);
    const cut = {
      url: url.slice(0, 2048),
      referrer: referrer.slice(0, 2048),
      utm_source: 'google',
      utm_campaign: 'spring',
    };
    expect(await rowsOf(fastVisitor)).toEqual([cut]);
    expect(await rowsOf(routedVisitor)).toEqual([cut]);
    // Still bounded: past 8 KiB the batch is refused, alike on both paths.
    const huge = body(visitor(), { url: `https://acme.example/?q=${'z'.repeat(8200)}` });
    const fastHuge = await send(huge, '198.51.100.43');
    const routedHuge = await inject(huge, '198.51.100.44');
    expect(fastHuge.status).toBe(routedHuge.statusCode);
    expect(routedHuge.json().errors).toEqual([expect.objectContaining({ field: 'events.0.url' })]);
  });

  it('answers bad input exactly as the Fastify route does, writing nothing', async () => {
    const before = await t.count('events');
    const cases = [
      JSON.stringify({ visitorId: 'short', events: [{ type: 'Bad Type' }], more: true }),
      body(visitor(), { title: 'nul\u0000here' }),
      '{"visitorId":',
      `{"visitorId":"${visitor()}","events":[{"type":"x"}],"__proto__":{"a":1}}`,
      '',
    ];
    for (const [i, payload] of cases.entries()) {
      const fast = await send(payload, `198.51.100.${10 + i}`);
      const routed = await inject(payload, `198.51.100.${20 + i}`);
      expect(fast.status).toBe(routed.statusCode);
      expect(fast.status).toBeGreaterThanOrEqual(400);
      expect(fast.headers.get('content-type')).toBe(routed.headers['content-type']);
      expect(withoutId((await fast.json()) as Record<string, unknown>)).toEqual(withoutId(routed.json()));
    }
    expect(await t.count('events')).toBe(before);
  });

  it('keys the budget on the forwarded client address and shares it with the Fastify route', async () => {
    const client = '198.51.100.77';
    expect((await send(body(visitor()), client)).status).toBe(202);
    expect((await inject(body(visitor()), client)).statusCode).toBe(202);
    expect((await send(body(visitor()), client)).status).toBe(202);
    expect((await inject(body(visitor()), client)).statusCode).toBe(202);
    const limited = await send(body(visitor()), client);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await inject(body(visitor()), client)).statusCode).toBe(429);
    expect((await send(body(visitor()), '198.51.100.78')).status).toBe(202);
  });

  it('counts an IPv6 client by its /64, so fresh addresses in it bring no fresh budget', async () => {
    expect((await send(body(visitor()), '2001:db8:7:1::a')).status).toBe(202);
    expect((await inject(body(visitor()), '2001:db8:7:1::b')).statusCode).toBe(202);
    expect((await send(body(visitor()), '2001:db8:7:1:ffff::c')).status).toBe(202);
    expect((await inject(body(visitor()), '2001:db8:7:1::d')).statusCode).toBe(202);
    expect((await send(body(visitor()), '2001:db8:7:1::e')).status).toBe(429);
    expect((await inject(body(visitor()), '2001:0db8:0007:0001::f')).statusCode).toBe(429);
    expect((await send(body(visitor()), '2001:db8:7:2::a')).status).toBe(202);
  });

  it('believes only what the trusted proxy adds: a forged X-Forwarded-For entry brings no fresh budget', async () => {
    // The proxy (here loopback) appends the address it saw; whatever the client wrote before it is not believed.
    const forged = (i: number) => `10.9.${i}.1, 198.51.100.90`;
    for (let i = 0; i < 4; i++) {
      const answer =
        i % 2 === 0
          ? (await send(body(visitor()), forged(i))).status
          : (await inject(body(visitor()), forged(i))).statusCode;
      expect(answer).toBe(202);
    }
    expect((await send(body(visitor()), forged(4))).status).toBe(429);
    expect((await inject(body(visitor()), forged(5))).statusCode).toBe(429);
  });
});
