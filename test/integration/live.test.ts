import { request, type IncomingMessage } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedChannel, MAX_STREAMS_PER_USER } from '../../src/modules/live/index.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects, POSTGRES_URL } from '../support/db.js';

/** An open event stream: the messages received so far, by event name. */
interface Stream {
  status: number;
  headers: IncomingMessage['headers'];
  events: string[];
  body: string;
  ended: boolean;
  close(): void;
}

function open(base: string, path: string, token: string | null): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      const stream: Stream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events: [],
        body: '',
        ended: false,
        close: () => req.destroy(),
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        stream.body += chunk;
        stream.events = [...stream.body.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]!);
      });
      res.on('end', () => (stream.ended = true));
      res.on('error', () => undefined);
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}

const changes = (s: Stream) => s.events.filter((e) => e === 'changed').length;

describe.each(dialects())('live contact pages on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let marketing: TestUser;
  let rep: TestUser;
  const streams: Stream[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect, { worker: true });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    marketing = await t.user('marketing');
    rep = await t.user('sales_rep');
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await t.close();
  });

  const stream = async (id: string, user: TestUser | null = marketing) => {
    const s = await open(base, `/api/v1/contacts/${id}/live`, user?.token ?? null);
    streams.push(s);
    return s;
  };
  const contact = async (firstName: string) =>
    (await t.as(marketing, { method: 'POST', url: '/api/v1/contacts', payload: { firstName } })).json<{ id: string }>()
      .id;
  const handled = async (id: string) => {
    const pending = await t.app.tandem.database.db
      .selectFrom('outbox')
      .select('id')
      .where('aggregate_id', '=', id)
      .where('processed_at', 'is', null)
      .execute();
    return pending.length;
  };
  const event = (id: string, type = 'page_view') =>
    t.as(marketing, { method: 'POST', url: `/api/v1/contacts/${id}/events`, payload: { type } });

  it('says "changed" once an event for the contact has been scored, and nothing for other contacts', async () => {
    const watched = await contact('Watched');
    const other = await contact('Other');
    await expect.poll(() => handled(watched)).toBe(0);
    await expect.poll(() => handled(other)).toBe(0);

    const s = await stream(watched);
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(s.headers['cache-control']).toBe('no-store');
    await expect.poll(() => s.events).toEqual(['ready']);

    expect((await event(other)).statusCode).toBe(202);
    await expect.poll(async () => (await t.count('events')) > 0 && (await handled(other)) === 0).toBe(true);
    // The other contact's rescore has committed; give its message time to arrive if it were sent.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(changes(s)).toBe(0);

    expect((await event(watched)).statusCode).toBe(202);
    await expect.poll(() => changes(s), { timeout: 3000, interval: 10 }).toBe(1);
    // What changed is read through the API, which shows the new score.
    const temperature = await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${watched}/temperature` });
    expect(temperature.json().engagement.score).toBeGreaterThan(0);
    // Several events close together reach the page as few messages, never none.
    await Promise.all([event(watched, 'webinar_joined'), event(watched, 'demo_requested')]);
    await expect.poll(() => changes(s), { timeout: 3000, interval: 10 }).toBeGreaterThanOrEqual(2);
    expect(s.body).not.toContain('Watched');
  });

  it('is refused without sign-in and for a contact the user may not see, and limits open streams', async () => {
    const id = await contact('Private');
    const anonymous = await stream(id, null);
    expect(anonymous.status).toBe(401);
    const hidden = await stream(id, rep);
    expect(hidden.status).toBe(404);
    expect(hidden.body).not.toContain('Private');
    const missing = await stream('01900000-0000-7000-8000-000000000000');
    expect(missing.status).toBe(404);

    const many: Stream[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) many.push(await stream(id, marketing));
    // The first test's stream is still open too.
    const open = many.filter((s) => s.status === 200).length;
    expect(open).toBeGreaterThanOrEqual(MAX_STREAMS_PER_USER - 1);
    const refused = await stream(id, marketing);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'live.too_many_streams' });
    // Closing streams frees their places.
    for (const s of many) s.close();
    await expect.poll(async () => (await stream(id, marketing)).status).toBe(200);
  });

  it.runIf(dialect === 'postgres')('hears changes committed by another process, and none rolled back', async () => {
    const id = await contact('Elsewhere');
    await expect.poll(() => handled(id)).toBe(0);
    const s = await stream(id);
    await expect.poll(() => s.events).toEqual(['ready']);
    const feed = t.app.tandem.services.live;
    const db = t.app.tandem.database.db;
    await db
      .transaction()
      .execute(async (trx) => {
        await feed.changed(trx, [id]);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(changes(s)).toBe(0);
    // Another process (a second server, the command line) notifies through PostgreSQL.
    const other = new pg.Client({ connectionString: POSTGRES_URL });
    await other.connect();
    try {
      await other.query('select pg_notify($1, $2)', [feedChannel(t.app.tandem.database.schema), `x,${id}`]);
    } finally {
      await other.end();
    }
    await expect.poll(() => changes(s), { timeout: 3000, interval: 10 }).toBe(1);
  });

  it('tells a page that its contact was deleted, or merged into another', async () => {
    const gone = await contact('Gone');
    const winner = await contact('Winner');
    const duplicate = await contact('Duplicate');
    for (const id of [gone, winner, duplicate]) await expect.poll(() => handled(id)).toBe(0);
    const [onGone, onWinner, onDuplicate] = [await stream(gone), await stream(winner), await stream(duplicate)];
    for (const s of [onGone, onWinner, onDuplicate]) await expect.poll(() => s.events).toEqual(['ready']);

    expect((await t.as(marketing, { method: 'DELETE', url: `/api/v1/contacts/${gone}` })).statusCode).toBe(204);
    await expect.poll(() => changes(onGone), { timeout: 3000, interval: 10 }).toBeGreaterThanOrEqual(1);
    // The page asks again and learns the contact is gone.
    expect((await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${gone}` })).statusCode).toBe(404);

    const merged = await t.as(marketing, {
      method: 'POST',
      url: `/api/v1/contacts/${winner}/merge`,
      payload: { duplicateId: duplicate },
    });
    expect(merged.statusCode, merged.body).toBe(200);
    await expect.poll(() => changes(onDuplicate), { timeout: 3000, interval: 10 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => changes(onWinner), { timeout: 3000, interval: 10 }).toBeGreaterThanOrEqual(1);
    for (const s of [onGone, onWinner, onDuplicate]) s.close();
  });
});

describe.runIf(dialects().includes('postgres'))('live contact pages and the listening connection', () => {
  it('says ready once listening; after losing the connection, listens again and has every page read again', async () => {
    const t = await createTestApp('postgres', { worker: true });
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    let s: Stream | null = null;
    try {
      const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
      const user = await t.user('marketing');
      const id = (
        await t.as(user, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Dropped' } })
      ).json<{ id: string }>().id;
      s = await open(base, `/api/v1/contacts/${id}/live`, user.token);
      await expect.poll(() => s!.events).toEqual(['ready']);
      const channel = feedChannel(t.app.tandem.database.schema);
      await admin.connect();
      // The stream says `ready` only once the process listens: a change right after it is heard.
      await admin.query('select pg_notify($1, $2)', [channel, id]);
      await expect.poll(() => changes(s!), { timeout: 5000 }).toBe(1);
      const killed = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where query = $1 and pid <> pg_backend_pid()',
        [`listen "${channel}"`],
      );
      expect(killed.rowCount).toBe(1);
      // Nothing said while the process was not listening was heard: every open page reads its contact again.
      await expect.poll(() => changes(s!), { timeout: 10_000 }).toBe(2);
      await admin.query('select pg_notify($1, $2)', [channel, id]);
      await expect.poll(() => changes(s!), { timeout: 5000 }).toBe(3);
    } finally {
      s?.close();
      await admin.end().catch(() => undefined);
      await t.close();
    }
  });
});

describe.each(dialects())('closing the server on %s', (dialect) => {
  it('ends open live streams rather than waiting for them', async () => {
    const t = await createTestApp(dialect);
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const user = await t.user('marketing');
    const id = (await t.as(user, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Open' } })).json<{
      id: string;
    }>().id;
    const s = await open(base, `/api/v1/contacts/${id}/live`, user.token);
    await expect.poll(() => s.events).toEqual(['ready']);
    await t.close();
    await expect.poll(() => s.ended).toBe(true);
  });
});
