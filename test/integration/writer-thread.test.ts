import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { createWriterThread, type WriterThread } from '../../src/modules/tracking/writer-thread.js';
import type { NewEvent } from '../../src/modules/tracking/tracking.repository.js';
import { createTestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

// The writer thread is SQLite's (a second connection to the same file); PostgreSQL commits in-process.
const row = (over: Partial<NewEvent>): NewEvent => ({
  visitor_id: null,
  contact_id: null,
  type: 'page_view',
  occurred_at: '2027-05-01T10:00:00.000Z',
  received_at: '2027-05-01T10:00:00.000Z',
  url: null,
  referrer: null,
  utm_source: null,
  utm_medium: null,
  utm_campaign: null,
  utm_term: null,
  utm_content: null,
  properties: '{}',
  ...over,
});

describe('event writer thread (SQLite)', () => {
  let tdb: TestDatabase;
  let database: Database;
  let thread: WriterThread;

  beforeAll(async () => {
    tdb = testDatabase('sqlite');
    database = await openDatabase(tdb.config);
    if (tdb.config.database.dialect !== 'sqlite') throw new Error('expected SQLite');
    thread = createWriterThread(tdb.config.database);
  });
  afterAll(async () => {
    await thread.close();
    await database.close();
    await tdb.cleanup();
  });

  it('commits on its own connection, stamped with the caller’s time, before answering', async () => {
    await thread.commit(
      [row({ visitor_id: 'v-thread-1' }), row({ visitor_id: 'v-thread-1', type: 'click' })],
      '2027-05-01T10:00:05.000Z',
    );
    const events = await database.db
      .selectFrom('events')
      .select('type')
      .where('visitor_id', '=', 'v-thread-1')
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['page_view', 'click']);
    const visitor = await database.db
      .selectFrom('visitors')
      .selectAll()
      .where('id', '=', 'v-thread-1')
      .executeTakeFirstOrThrow();
    expect(visitor.first_seen_at).toBe('2027-05-01T10:00:05.000Z');
  });

  it('rejects a batch that cannot commit with the database error, and writes none of it', async () => {
    const err = await thread
      .commit([row({ visitor_id: 'v-thread-2' }), row({ contact_id: 'no-such-contact' })], '2027-05-01T10:00:06.000Z')
      .catch((e: unknown) => e as Error & { code?: string });
    expect(err).toBeInstanceOf(Error);
    expect(err?.code).toMatch(/^SQLITE_CONSTRAINT/);
    const events = await database.db.selectFrom('events').select('id').where('visitor_id', '=', 'v-thread-2').execute();
    expect(events).toEqual([]);
  });

  it('starts again after being closed', async () => {
    await thread.close();
    await thread.commit([row({ visitor_id: 'v-thread-3' })], '2027-05-01T10:00:07.000Z');
    const events = await database.db.selectFrom('events').select('id').where('visitor_id', '=', 'v-thread-3').execute();
    expect(events).toHaveLength(1);
  });

  it('serves the tracking endpoint: a merged visitor’s event reaches the contact’s temperature', async () => {
    const t = await createTestApp('sqlite', { worker: true });
    try {
      const admin = await t.user('admin');
      const contact = (
        await t.as(admin, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Thread' } })
      ).json();
      const visitorId = 'a'.repeat(22);
      await t.app.tandem.database.db
        .insertInto('visitors')
        .values({
          id: visitorId,
          contact_id: contact.id,
          first_seen_at: '2027-01-01T00:00:00Z',
          last_seen_at: '2027-01-01T00:00:00Z',
        })
        .execute();
      const res = await t.app.inject({
        method: 'POST',
        url: '/t/events',
        headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0' },
        payload: { visitorId, events: [{ type: 'form_submitted' }] },
      });
      expect(res.statusCode).toBe(202);
      const stored = await t.app.tandem.database.db
        .selectFrom('events')
        .select('contact_id')
        .where('visitor_id', '=', visitorId)
        .execute();
      expect(stored).toEqual([{ contact_id: contact.id }]);
      const temperature = async () =>
        (await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${contact.id}` })).json().temperature;
      await expect.poll(temperature, { timeout: 3000, interval: 50 }).toBe('warm');
    } finally {
      await t.close();
    }
  });
});
