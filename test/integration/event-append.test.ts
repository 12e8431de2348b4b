import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrackingRepository } from '../../src/modules/tracking/tracking.repository.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { dialects } from '../support/db.js';

// Website events go through the group commit: on SQLite prepared statements on the app's own connection
// (Database.exclusive), on PostgreSQL a Kysely transaction. Both must store, attribute and react alike.
const require = createRequire(import.meta.url);
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0';

describe.each(dialects())('appending website events on %s', (dialect) => {
  let t: TestApp;
  const clock = fixedClock('2027-05-01T10:00:00.000Z');

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock, worker: true });
  });
  afterAll(async () => {
    await t.close();
  });

  const beacon = (visitorId: string, type = 'page_view') =>
    t.app.inject({
      method: 'POST',
      url: '/t/events',
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER },
      payload: { visitorId, events: [{ type, url: 'https://acme.example/pricing?utm_source=ads' }] },
    });
  const visitor = (id: string) =>
    t.app.tandem.database.db.selectFrom('visitors').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const eventsOf = (id: string) =>
    t.app.tandem.database.db
      .selectFrom('events')
      .select(['type', 'contact_id', 'utm_source', 'received_at'])
      .where('visitor_id', '=', id)
      .orderBy('id')
      .execute();
  const repo = createTrackingRepository();
  /** A contact created through the API by an admin; its id. */
  const contactNamed = async (firstName: string): Promise<string> => {
    const admin = await t.user('admin');
    return (await t.as(admin, { method: 'POST', url: '/api/v1/contacts', payload: { firstName } })).json().id;
  };
  /** A row as the group commit hands it to `append`, received now. */
  const rowAt = (now: string, over: { visitor_id?: string | null; contact_id?: string | null; type?: string }) => ({
    visitor_id: null,
    contact_id: null,
    type: 'page_view',
    occurred_at: now,
    received_at: now,
    properties: '{}',
    ...over,
  });
  /** Long enough for a statement waiting on a lock to have finished, had it not been waiting. */
  const whileBlocked = () => new Promise((resolve) => setTimeout(resolve, 150));

  it('stores a batch stamped with the app clock, and first sees the visitor then', async () => {
    const id = 'b'.repeat(22);
    expect((await beacon(id)).statusCode).toBe(202);
    expect((await beacon(id, 'click')).statusCode).toBe(202);
    expect(await eventsOf(id)).toEqual([
      { type: 'page_view', contact_id: null, utm_source: 'ads', received_at: '2027-05-01T10:00:00.000Z' },
      { type: 'click', contact_id: null, utm_source: 'ads', received_at: '2027-05-01T10:00:00.000Z' },
    ]);
    expect(await visitor(id)).toMatchObject({
      first_seen_at: '2027-05-01T10:00:00.000Z',
      last_seen_at: '2027-05-01T10:00:00.000Z',
    });
  });

  it('keeps a visitor’s last-seen time to the minute, never rewriting it for every event', async () => {
    const id = 'c'.repeat(22);
    clock.set('2027-05-01T11:00:00.000Z');
    await beacon(id);
    clock.set('2027-05-01T11:00:59.000Z');
    await beacon(id);
    expect((await visitor(id)).last_seen_at).toBe('2027-05-01T11:00:00.000Z');
    clock.set('2027-05-01T11:01:00.000Z');
    await beacon(id);
    expect(await visitor(id)).toMatchObject({
      first_seen_at: '2027-05-01T11:00:00.000Z',
      last_seen_at: '2027-05-01T11:01:00.000Z',
    });
    expect(await eventsOf(id)).toHaveLength(3);
  });

  it('attributes a merged visitor’s events to the contact, whose temperature then reacts', async () => {
    const admin = await t.user('admin');
    const contact = (
      await t.as(admin, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Appender' } })
    ).json();
    const id = 'a'.repeat(22);
    await t.app.tandem.database.db
      .insertInto('visitors')
      .values({
        id,
        contact_id: contact.id,
        first_seen_at: '2027-01-01T00:00:00Z',
        last_seen_at: '2027-01-01T00:00:00Z',
      })
      .execute();
    // Two pricing page views: 2 x (10 + 1) points, past the default warm threshold of 20.
    expect((await beacon(id)).statusCode).toBe(202);
    expect((await beacon(id)).statusCode).toBe(202);
    expect((await eventsOf(id)).map((e) => e.contact_id)).toEqual([contact.id, contact.id]);
    const temperature = async () =>
      (await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${contact.id}` })).json().temperature;
    await expect.poll(temperature, { timeout: 3000, interval: 50 }).toBe('warm');
  });

  it('writes nothing of a batch that cannot commit, and answers the others of the same commit', async () => {
    const tracking = t.app.tandem.services.tracking;
    const good = 'd'.repeat(22);
    // Queued in the same turn, so they share one commit; the second names a contact that does not exist.
    const results = await Promise.allSettled([
      tracking.record({ visitorId: good, events: [{ type: 'page_view' }] }, BROWSER),
      tracking.recordForContact('00000000-0000-4000-8000-000000000000', { type: 'page_view' }),
    ]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: { accepted: 1 } });
    expect(results[1]!.status).toBe('rejected');
    expect(await eventsOf(good)).toHaveLength(1);
    const orphans = await t.app.tandem.database.db
      .selectFrom('events')
      .select('id')
      .where('contact_id', '=', '00000000-0000-4000-8000-000000000000')
      .execute();
    expect(orphans).toEqual([]);
    // The connection is not left inside a transaction: the next beacon commits.
    expect((await beacon('e'.repeat(22))).statusCode).toBe(202);
    expect(await eventsOf('e'.repeat(22))).toHaveLength(1);
  });

  it('never commits inside another caller’s open transaction: events outlive its rollback', async () => {
    const { db } = t.app.tandem.database;
    const id = 'f'.repeat(22);
    let answered: Promise<unknown> | undefined;
    await db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('visitors')
          .values({ id: 'g'.repeat(22), first_seen_at: '2027-01-01T00:00:00Z', last_seen_at: '2027-01-01T00:00:00Z' })
          .execute();
        // A beacon arrives while the transaction is open (and waits for the connection on SQLite).
        answered = beacon(id);
        await new Promise((resolve) => setTimeout(resolve, 30));
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(((await answered) as { statusCode: number }).statusCode).toBe(202);
    expect(await eventsOf(id)).toHaveLength(1);
    const rolledBack = await db.selectFrom('visitors').select('id').where('id', '=', 'g'.repeat(22)).execute();
    expect(rolledBack).toEqual([]);
  });

  it('SQLite: waits for another connection’s write lock without stopping the server, then commits', async (ctx) => {
    if (dialect !== 'sqlite') return ctx.skip();
    // Without the outbox worker, whose own transactions on the app's connection would wait synchronously.
    const quiet = await createTestApp('sqlite');
    // The other writer runs on a thread of its own, as another process would: it holds the lock 400 ms.
    const config = quiet.app.tandem.config.database;
    if (config.dialect !== 'sqlite') throw new Error('expected SQLite');
    const other = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const db = new (require(workerData.driver))(workerData.file);
       db.exec('begin immediate');
       parentPort.postMessage('locked');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
       db.exec('commit');
       db.close();
       parentPort.postMessage('released');`,
      { eval: true, workerData: { file: config.file, driver: require.resolve('better-sqlite3') } },
    );
    const message = () => new Promise((resolve) => other.once('message', resolve));
    try {
      expect(await message()).toBe('locked');
      const released = message();
      const id = 'h'.repeat(22);
      let ticks = 0;
      const ticker = setInterval(() => (ticks += 1), 10);
      const answers = Promise.all(
        ['page_view', 'click'].map((type) =>
          quiet.app.inject({
            method: 'POST',
            url: '/t/events',
            headers: { 'content-type': 'application/json', 'user-agent': BROWSER },
            payload: { visitorId: id, events: [{ type }] },
          }),
        ),
      );
      await released;
      clearInterval(ticker);
      // The request thread kept serving timers while it waited (a busy_timeout wait on it would not).
      expect(ticks).toBeGreaterThan(10);
      expect((await answers).map((r) => r.statusCode)).toEqual([202, 202]);
      const stored = await quiet.app.tandem.database.db
        .selectFrom('events')
        .select('type')
        .where('visitor_id', '=', id)
        .orderBy('id')
        .execute();
      expect(stored.map((e) => e.type)).toEqual(['page_view', 'click']);
    } finally {
      await other.terminate();
      await quiet.close();
    }
  });

  it('PostgreSQL: a merge racing an append either waits for its events or is seen by it', async (ctx) => {
    if (dialect !== 'postgres') return ctx.skip();
    const { db } = t.app.tandem.database;
    const contact = await contactNamed('Racer');
    const id = 'i'.repeat(22);
    await beacon(id);
    // Within the minute of the beacon: no last-seen update; the visitor is locked as anonymous.
    const now = clock.now().toISOString();
    let merge: Promise<number> | undefined;
    let merged = false;
    await db.transaction().execute(async (appending) => {
      await repo.append(appending, [rowAt(now, { visitor_id: id })], now);
      merge = db.transaction().execute((merging) => repo.identify(merging, id, contact, now));
      void merge.then(() => (merged = true));
      await whileBlocked();
      // The merge waits for the appending transaction, which still holds the visitor.
      expect(merged).toBe(false);
    });
    // Both the earlier beacon's event and the one appended meanwhile moved to the contact.
    expect(await merge).toBe(2);
    expect((await eventsOf(id)).map((e) => e.contact_id)).toEqual([contact, contact]);
  });

  it('PostgreSQL: an append beside a merge of its visitor’s contact neither deadlocks nor attributes to the loser', async (ctx) => {
    if (dialect !== 'postgres') return ctx.skip();
    const { db } = t.app.tandem.database;
    const loser = await contactNamed('Loser');
    const winner = await contactNamed('Winner');
    const id = 'j'.repeat(22);
    // Merged into the loser, and last seen long ago: the append also updates the visitor.
    await db
      .insertInto('visitors')
      .values({ id, contact_id: loser, first_seen_at: '2027-01-01T00:00:00Z', last_seen_at: '2027-01-01T00:00:00Z' })
      .execute();
    const now = clock.now().toISOString();
    const event = rowAt(now, { visitor_id: id });
    let appended: Promise<unknown> | undefined;
    // As a contact merge does: the contacts first, then their visitors and events, then the loser goes.
    await db.transaction().execute(async (merging) => {
      await merging.selectFrom('contacts').select('id').where('id', 'in', [loser, winner]).forUpdate().execute();
      appended = db
        .transaction()
        .execute((appending) => repo.append(appending, [event], now))
        .catch((e: unknown) => e);
      await whileBlocked();
      await merging.updateTable('visitors').set({ contact_id: winner }).where('contact_id', '=', loser).execute();
      await merging.updateTable('events').set({ contact_id: winner }).where('contact_id', '=', loser).execute();
      await merging.deleteFrom('contacts').where('id', '=', loser).execute();
    });
    // The append waited for the loser and then found it gone: a data error, which the group commit retries
    // per request in a fresh transaction (not a deadlock, where one of the two would have been cancelled).
    expect(((await appended) as { code?: string }).code).toBe('23503');
    await db.transaction().execute((appending) => repo.append(appending, [event], now));
    expect((await eventsOf(id)).map((e) => e.contact_id)).toEqual([winner]);
  });

  it('PostgreSQL: an append beside a merge that went first reads the visitor again with its contact', async (ctx) => {
    if (dialect !== 'postgres') return ctx.skip();
    const { db } = t.app.tandem.database;
    const contact = await contactNamed('First');
    const id = 'k'.repeat(22);
    await beacon(id);
    const now = clock.now().toISOString();
    const event = rowAt(now, { visitor_id: id, type: 'click' });
    let appended: Promise<unknown> | undefined;
    let done = false;
    await db.transaction().execute(async (merging) => {
      expect(await repo.identify(merging, id, contact, now)).toBe(1);
      // The append reads the visitor as anonymous (the merge is not committed), then waits on its lock.
      appended = db.transaction().execute((appending) => repo.append(appending, [event], now));
      void appended.then(() => (done = true));
      await whileBlocked();
      expect(done).toBe(false);
    });
    expect(await appended).toEqual({ contactIds: [contact], missing: new Set() });
    expect((await eventsOf(id)).map((e) => e.contact_id)).toEqual([contact, contact]);
  });

  it('PostgreSQL: an append with events for two contacts takes them in the order a merge locks them', async (ctx) => {
    if (dialect !== 'postgres') return ctx.skip();
    const { db } = t.app.tandem.database;
    const [first, second] = [await contactNamed('A'), await contactNamed('B')].sort();
    const now = clock.now().toISOString();
    const eventOf = (contactId: string) => rowAt(now, { contact_id: contactId, type: 'call_booked' });
    let appended: Promise<unknown> | undefined;
    // A merge locks its two contacts in id order; here it holds the first while the append starts, with the
    // second contact's event listed first.
    await db.transaction().execute(async (merging) => {
      await merging.selectFrom('contacts').select('id').where('id', '=', first!).forUpdate().execute();
      appended = db
        .transaction()
        .execute((appending) => repo.append(appending, [eventOf(second!), eventOf(first!)], now))
        .catch((e: unknown) => e);
      await whileBlocked();
      await merging.selectFrom('contacts').select('id').where('id', '=', second!).forUpdate().execute();
    });
    // No deadlock: the append waited for the first contact before taking the second.
    expect(await appended).toEqual({ contactIds: expect.arrayContaining([first, second]), missing: new Set() });
  });
});

describe.each(dialects())('events recorded for a contact by id on %s', (dialect) => {
  let t: TestApp;
  const clock = fixedClock('2027-05-02T10:00:00.000Z');

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
  });
  afterAll(async () => {
    await t.close();
  });

  const counts = async () => ({ events: await t.count('events'), outbox: await t.count('outbox') });
  const post = (u: Awaited<ReturnType<TestApp['user']>>, id: string, type = 'webinar_attended') =>
    t.as(u, { method: 'POST', url: `/api/v1/contacts/${id}/events`, payload: { type } });

  it('answers 404 and stores nothing for a contact that does not exist or was deleted, whoever asks', async () => {
    const admin = await t.user('admin');
    const marketing = await t.user('marketing');
    const rep = await t.user('sales_rep');
    const gone = (await t.as(admin, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Gone' } })).json()
      .id as string;
    expect((await t.as(admin, { method: 'DELETE', url: `/api/v1/contacts/${gone}` })).statusCode).toBe(204);
    const before = await counts();
    for (const u of [admin, marketing, rep]) {
      for (const id of [gone, '0196f5e0-0000-7000-8000-000000000000']) {
        const res = await post(u, id);
        expect(res.statusCode).toBe(404);
        expect(res.json().code).toBe('contact.not_found');
      }
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses a form submission claiming a Tandem form's consent or name, storing nothing", async () => {
    const marketing = await t.user('marketing');
    const id = (
      await t.as(marketing, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Roya' } })
    ).json().id as string;
    const before = await counts();
    const res = await t.as(marketing, {
      method: 'POST',
      url: `/api/v1/contacts/${id}/events`,
      payload: { type: 'form_submitted', properties: { formName: 'Newsletter', consent: true, page: 'home' } },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'properties.formName',
      'properties.consent',
    ]);
    expect(await counts()).toEqual(before);
    // Other properties, and these names on other events, are the integration's own.
    const fine = await t.as(marketing, {
      method: 'POST',
      url: `/api/v1/contacts/${id}/events`,
      payload: { type: 'form_submitted', properties: { source_consent: true, page: 'home' } },
    });
    expect(fine.statusCode, fine.body).toBe(202);
    const other = await t.as(marketing, {
      method: 'POST',
      url: `/api/v1/contacts/${id}/events`,
      payload: { type: 'webinar_attended', properties: { consent: true } },
    });
    expect(other.statusCode, other.body).toBe(202);
  });

  it('stores the others of a shared commit when one names a contact that does not exist', async () => {
    const admin = await t.user('admin');
    const make = async (firstName: string) =>
      (await t.as(admin, { method: 'POST', url: '/api/v1/contacts', payload: { firstName } })).json().id as string;
    const [a, b] = [await make('Ann'), await make('Bob')];
    const missing = '0196f5e0-0000-7000-8000-000000000001';
    const now = clock.now().toISOString();
    const row = (contactId: string) => ({
      visitor_id: null,
      contact_id: contactId,
      type: 'call_booked',
      occurred_at: now,
      received_at: now,
      properties: '{}',
    });
    const { writer } = t.app.tandem.services.tracking;
    const flushes = writer.stats().flushes;
    // One request's rows, one commit: the missing contact is reported, not a failed batch retried per request.
    const answer = await writer.write([row(a), row(missing), row(b)]);
    expect(writer.stats().flushes).toBe(flushes + 1);
    expect([...(answer ?? [])]).toEqual([missing]);
    const stored = await t.app.tandem.database.db
      .selectFrom('events')
      .select('contact_id')
      .where('type', '=', 'call_booked')
      .execute();
    expect(stored.map((e) => e.contact_id).sort()).toEqual([a, b].sort());
    const reactions = await t.app.tandem.database.db
      .selectFrom('outbox')
      .select('aggregate_id')
      .where('type', '=', 'event.recorded')
      .where('aggregate_id', 'in', [a, b, missing])
      .execute();
    expect(reactions.map((r) => r.aggregate_id).sort()).toEqual([a, b].sort());

    // Through the API, at once: the existing contacts' events are stored, the other answers 404.
    const answers = await Promise.all([post(admin, a), post(admin, missing), post(admin, b)]);
    expect(answers.map((r) => r.statusCode)).toEqual([202, 404, 202]);
  });
});
