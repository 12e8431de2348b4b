import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { dialects } from '../support/db.js';

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const visitor = () => randomBytes(16).toString('base64url');

describe.each(dialects())('website tracking on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/t/events',
      headers: { 'user-agent': BROWSER, 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  const eventsOf = (visitorId: string) =>
    t.app.tandem.database.db
      .selectFrom('events')
      .selectAll()
      .where('visitor_id', '=', visitorId)
      .orderBy('id')
      .execute();

  it('stores a batch durably before answering, with UTM parameters and the visitor', async () => {
    const v = visitor();
    const res = await post({
      visitorId: v,
      events: [
        {
          type: 'page_view',
          url: 'https://acme.example/pricing?utm_source=linkedin&utm_campaign=launch',
          referrer: 'https://www.linkedin.com/',
        },
        { type: 'signup_started', properties: { plan: 'pro' } },
      ],
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 2 });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const rows = await eventsOf(v);
    expect(rows.map((r) => r.type)).toEqual(['page_view', 'signup_started']);
    expect(rows[0]).toMatchObject({
      utm_source: 'linkedin',
      utm_campaign: 'launch',
      referrer: 'https://www.linkedin.com/',
    });
    const seen = await t.app.tandem.database.db.selectFrom('visitors').selectAll().where('id', '=', v).execute();
    expect(seen).toHaveLength(1);
  });

  it('refuses, from a page, the event types Tandem records itself, and stores nothing of such a batch', async () => {
    const v = visitor();
    for (const type of [
      'form_submitted',
      'email_opened',
      'email_clicked',
      'ad_clicked',
      'unsubscribed',
      'email_bounced',
    ]) {
      const res = await post({ visitorId: v, events: [{ type: 'page_view' }, { type }] });
      expect(res.statusCode, type).toBe(422);
      expect(JSON.stringify(res.json()), type).toContain('not accepted from a page');
    }
    expect(await eventsOf(v)).toHaveLength(0);
  });

  it('accepts the text/plain bodies that sendBeacon sends, and answers CORS preflight', async () => {
    const v = visitor();
    const res = await post(
      { visitorId: v, events: [{ type: 'page_view' }] },
      { 'content-type': 'text/plain;charset=UTF-8' },
    );
    expect(res.statusCode).toBe(202);
    expect(await eventsOf(v)).toHaveLength(1);
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/t/events',
      headers: { origin: 'https://acme.example' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
  });

  it('keeps nothing from bots but answers them the same way', async () => {
    const v = visitor();
    const res = await post(
      { visitorId: v, events: [{ type: 'page_view' }] },
      { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' },
    );
    expect(res.statusCode).toBe(202);
    expect(await eventsOf(v)).toHaveLength(0);
  });

  it('refuses malformed batches with a problem naming the field, writing nothing', async () => {
    const before = await t.count('outbox');
    const guessable = await post({ visitorId: '42', events: [{ type: 'page_view' }] });
    expect(guessable.statusCode).toBe(422);
    expect(guessable.json().errors[0].field).toBe('visitorId');
    // Error answers carry CORS headers too, so the page's script can read them.
    expect(guessable.headers['access-control-allow-origin']).toBe('*');
    // NUL characters are refused as on every API route (PostgreSQL cannot store them).
    const nul = await post({ visitorId: visitor(), events: [{ type: 'x', properties: { note: 'a\u0000b' } }] });
    expect(nul.statusCode).toBe(422);
    expect(nul.json().errors[0].field).toBe('events.0.properties.note');
    const tooMany = await post({
      visitorId: visitor(),
      events: Array.from({ length: 51 }, () => ({ type: 'page_view' })),
    });
    expect(tooMany.statusCode).toBe(422);
    expect((await post('{not json', { 'content-type': 'text/plain' })).statusCode).toBe(400);
    const huge = await post({ visitorId: visitor(), events: [{ type: 'x', properties: { a: 'x'.repeat(100_000) } }] });
    expect(huge.statusCode).toBe(413);
    const events = await t.app.tandem.database.db.selectFrom('events').select('type').where('type', '=', 'x').execute();
    expect(events).toHaveLength(0);
    expect(await t.count('outbox')).toBe(before);
  });

  it('acknowledges only what is committed: every answered event of many concurrent requests is stored', async () => {
    const visitors = Array.from({ length: 60 }, visitor);
    const flushesBefore = t.app.tandem.services.tracking.writer.stats().flushes;
    const answers = await Promise.all(
      visitors.map((v) => post({ visitorId: v, events: [{ type: 'page_view' }, { type: 'scrolled' }] })),
    );
    expect(answers.every((a) => a.statusCode === 202)).toBe(true);
    const stored = await t.app.tandem.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('visitor_id', 'in', visitors)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(120);
    // Group commit: far fewer transactions than requests.
    expect(t.app.tandem.services.tracking.writer.stats().flushes - flushesBefore).toBeLessThan(visitors.length);
  });

  it('serves a GIF pixel that records valid hits and never breaks a page', async () => {
    const v = visitor();
    const hit = await t.app.inject({
      method: 'GET',
      url: `/t/p.gif?v=${v}&e=newsletter_viewed&u=${encodeURIComponent('https://acme.example/newsletter')}`,
      headers: { 'user-agent': BROWSER },
    });
    expect(hit.statusCode).toBe(200);
    expect(hit.headers['content-type']).toBe('image/gif');
    expect(hit.rawPayload.subarray(0, 6).toString()).toBe('GIF89a');
    expect((await eventsOf(v)).map((e) => e.type)).toEqual(['newsletter_viewed']);
    // A type Tandem records only itself still gets the image, and records nothing.
    const claimed = await t.app.inject({
      method: 'GET',
      url: `/t/p.gif?v=${v}&e=email_opened`,
      headers: { 'user-agent': BROWSER },
    });
    expect(claimed.headers['content-type']).toBe('image/gif');
    expect((await eventsOf(v)).map((e) => e.type)).toEqual(['newsletter_viewed']);
    const junk = await t.app.inject({
      method: 'GET',
      url: '/t/p.gif?v=1&e=DROP%20TABLE',
      headers: { 'user-agent': BROWSER },
    });
    expect(junk.statusCode).toBe(200);
    expect(junk.headers['content-type']).toBe('image/gif');
    const nul = await t.app.inject({
      method: 'GET',
      url: `/t/p.gif?v=${v}&e=page_view&u=%00`,
      headers: { 'user-agent': BROWSER },
    });
    expect(nul.statusCode).toBe(200);
    expect(nul.headers['content-type']).toBe('image/gif');
    expect((await eventsOf(v)).map((e) => e.type)).toEqual(['newsletter_viewed']);
  });

  it('serves the tracking script to any site', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/t/tandem.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/javascript');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.body).toContain('/t/events');
    expect(res.body).toContain('crypto.getRandomValues');
  });
});
