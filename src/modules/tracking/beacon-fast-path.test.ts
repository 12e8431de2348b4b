import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAddressLimiter } from '../../http/address-limiter.js';
import { createBeaconFastPath, EVENTS_BODY_LIMIT } from './beacon-fast-path.js';
import type { EventBatch } from './tracking.js';
import type { TrackingService } from './tracking.service.js';

const VISITOR = 'AAAAAAAAAAAAAAAAAAAAAA';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36';

/**
 * The fast path alone on a plain HTTP server: requests it declines get 599 from the stand-in for Fastify,
 * so each test sees which side answered.
 */
describe('beacon fast path', () => {
  let server: Server;
  let base: URL;
  let recorded: EventBatch[];
  let failNext: Error | null;
  const errors: object[] = [];

  beforeAll(async () => {
    const tracking = {
      async record(batch: EventBatch) {
        if (failNext) {
          const err = failNext;
          failNext = null;
          throw err;
        }
        recorded.push(batch);
        return { accepted: batch.events.length };
      },
    } as unknown as TrackingService;
    const beacon = createBeaconFastPath({
      tracking,
      limiter: createAddressLimiter({ max: 5, windowMs: 60_000 }),
      clientAddress: (req) => String(req.headers['x-test-client'] ?? 'one'),
      logError: (details) => errors.push(details),
    });
    server = createServer((req, res) => {
      if (!beacon(req, res)) {
        req.resume();
        res.writeHead(599).end('declined');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    recorded = [];
    failNext = null;
  });

  let client = 0;
  function post(body: string, headers: Record<string, string> = {}, path = '/t/events') {
    client += 1;
    return fetch(new URL(path, base), {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER, 'x-test-client': `c${client}`, ...headers },
    });
  }
  const batch = JSON.stringify({ visitorId: VISITOR, events: [{ type: 'page_view', url: 'https://a.example/' }] });

  it('answers a valid batch with 202 and the CORS headers once it is recorded', async () => {
    const res = await post(batch);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1 });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.visitorId).toBe(VISITOR);
  });

  it('takes JSON sent as text/plain (sendBeacon)', async () => {
    const res = await post(batch, { 'content-type': 'text/plain;charset=UTF-8' });
    expect(res.status).toBe(202);
    expect(recorded).toHaveLength(1);
  });

  it('refuses a schema violation with field errors and records nothing', async () => {
    const res = await post(JSON.stringify({ visitorId: '1', events: [{ type: 'Page View' }], extra: 1 }));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as { code: string; errors: { field: string }[]; requestId: string };
    expect(body.code).toBe('validation.failed');
    expect(body.errors.map((e) => e.field).sort()).toEqual(['events.0.type', 'extra', 'visitorId']);
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(recorded).toHaveLength(0);
  });

  it('refuses event types Tandem records itself (a form submitted, an email clicked) naming the event', async () => {
    const res = await post(
      JSON.stringify({ visitorId: VISITOR, events: [{ type: 'page_view' }, { type: 'email_clicked' }] }),
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
      'events.1.type',
    ]);
    expect(recorded).toHaveLength(0);
  });

  it('refuses a body that is not JSON, and prototype keys in JSON, with 400', async () => {
    const notJson = await post('{"visitorId":');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { code: string }).code).toBe('request.invalid');
    const poisoned = await post(`{"visitorId":"${VISITOR}","events":[{"type":"x"}],"__proto__":{"a":1}}`);
    expect(poisoned.status).toBe(400);
    expect(recorded).toHaveLength(0);
  });

  it('refuses NUL characters naming the field', async () => {
    const res = await post(JSON.stringify({ visitorId: VISITOR, events: [{ type: 'page_view', title: 'a\u0000b' }] }));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('events.0.title');
    expect(recorded).toHaveLength(0);
  });

  it('hides a failure behind a 500 with a request id and logs it', async () => {
    failNext = new Error('disk on fire');
    const res = await post(batch);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { code: string; detail: string; requestId: string };
    expect(body.code).toBe('internal');
    expect(JSON.stringify(body)).not.toContain('disk on fire');
    expect(errors.at(-1)).toMatchObject({ reqId: body.requestId });
  });

  it('rate-limits each client address with Retry-After, without reading the body', async () => {
    const headers = { 'x-test-client': 'busy' };
    for (let i = 0; i < 5; i += 1) expect((await post(batch, headers)).status).toBe(202);
    const limited = await post(batch, headers);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { code: string }).code).toBe('rate_limited');
    expect(recorded).toHaveLength(5);
    expect((await post(batch, { 'x-test-client': 'calm' })).status).toBe(202);
  });

  it('declines what it does not handle: other paths and methods, other media types, big or unsized bodies', async () => {
    expect((await post(batch, {}, '/t/events?x=1')).status).toBe(599);
    expect((await post(batch, {}, '/t/other')).status).toBe(599);
    expect((await fetch(new URL('/t/events', base))).status).toBe(599);
    expect((await post(batch, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(599);
    expect((await post('x'.repeat(EVENTS_BODY_LIMIT + 1))).status).toBe(599);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(new URL('/t/events', base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end(batch);
    });
    expect(chunked).toBe(599);
    expect(recorded).toHaveLength(0);
  });
});
