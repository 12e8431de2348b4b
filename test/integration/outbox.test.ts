import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { createOutbox } from '../../src/jobs/outbox.js';
import { createOutboxWorker, type Reaction } from '../../src/jobs/worker.js';
import { fixedClock, systemClock } from '../../src/shared/clock.js';
import { createTestApp } from '../support/app.js';
import { dialects, testDatabase, type TestDatabase } from '../support/db.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

async function enqueueMany(database: Database, n: number, type = 'test.happened'): Promise<void> {
  const outbox = createOutbox({ clock: systemClock });
  await database.db.transaction().execute(async (trx) => {
    await outbox.enqueue(
      trx,
      Array.from({ length: n }, (_, i) => ({ type, aggregateType: 'test', aggregateId: String(i), payload: { i } })),
    );
  });
}

describe.each(dialects())('outbox worker on %s', (dialect) => {
  let tdb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    tdb = testDatabase(dialect);
    database = await openDatabase(tdb.config);
  });
  afterAll(async () => {
    await database.close();
    await tdb.cleanup();
  });

  it('two workers on one database handle each entry exactly once', async () => {
    const handled = new Map<number, string[]>();
    const record = (workerId: string): Reaction => ({
      name: 'record',
      eventType: 'test.concurrent',
      async handle(event, trx) {
        handled.set(event.id, [...(handled.get(event.id) ?? []), workerId]);
        // Make the handlers take real time inside their transactions so the workers overlap.
        await trx.selectFrom('outbox').select('id').where('id', '=', event.id).execute();
        await new Promise((r) => setTimeout(r, 1));
      },
    });
    await enqueueMany(database, 300, 'test.concurrent');
    // PostgreSQL: a second connection pool, which is what a second server process looks like.
    // SQLite: one connection per process (better-sqlite3 is synchronous; the embedded default runs one
    // server process), so the second worker shares it and Kysely serialises their transactions.
    const second = dialect === 'postgres' ? await openDatabase(tdb.config) : database;
    try {
      const a = createOutboxWorker({
        database,
        clock: systemClock,
        log: silent,
        reactions: [record('a')],
        workerId: 'a',
        batchSize: 10,
      });
      const b = createOutboxWorker({
        database: second,
        clock: systemClock,
        log: silent,
        reactions: [record('b')],
        workerId: 'b',
        batchSize: 10,
      });
      const [na, nb] = await Promise.all([a.drain(), b.drain()]);
      expect(na + nb).toBe(300);
      expect(handled.size).toBe(300);
      for (const [, workers] of handled) expect(workers).toHaveLength(1);
      if (dialect === 'postgres') {
        // With SKIP LOCKED both workers really did share the work.
        expect(na).toBeGreaterThan(0);
        expect(nb).toBeGreaterThan(0);
      }
      const pending = await database.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('processed_at', 'is', null)
        .executeTakeFirstOrThrow();
      expect(Number(pending.n)).toBe(0);
    } finally {
      if (second !== database) await second.close();
    }
  });

  it('retries a failing reaction later, rolls back its writes, and gives up after max attempts', async () => {
    const clock = fixedClock('2027-01-01T00:00:00Z');
    let calls = 0;
    const failing: Reaction = {
      name: 'fails',
      eventType: 'test.failing',
      async handle(_event, trx) {
        calls++;
        await trx
          .insertInto('teams')
          .values({
            id: `t${calls}`,
            name: `should vanish ${calls}`,
            created_at: clock.now().toISOString(),
            updated_at: clock.now().toISOString(),
          })
          .execute();
        throw new Error('downstream unavailable');
      },
    };
    await enqueueMany(database, 1, 'test.failing');
    const worker = createOutboxWorker({ database, clock, log: silent, reactions: [failing], maxAttempts: 2 });
    expect(await worker.runOnce()).toBe(1);
    expect(calls).toBe(1);
    // Not due yet: the retry waits.
    expect(await worker.runOnce()).toBe(0);
    clock.advance(60_000);
    expect(await worker.runOnce()).toBe(1);
    expect(calls).toBe(2);
    clock.advance(3_600_000);
    expect(await worker.runOnce()).toBe(0);
    const row = await database.db
      .selectFrom('outbox')
      .selectAll()
      .where('type', '=', 'test.failing')
      .executeTakeFirstOrThrow();
    expect(row.last_error).toBe('downstream unavailable');
    expect(row.processed_at).not.toBeNull();
    const teams = await database.db
      .selectFrom('teams')
      .select('name')
      .where('name', 'like', 'should vanish%')
      .execute();
    expect(teams).toEqual([]);
  });

  it('takes over an entry whose lease expired (a crashed process) and handles it once', async () => {
    const clock = fixedClock('2027-02-01T00:00:00Z');
    await enqueueMany(database, 1, 'test.crash');
    const seen: string[] = [];
    const reaction = (who: string): Reaction => ({
      name: who,
      eventType: 'test.crash',
      handle: async () => void seen.push(who),
    });
    // Worker "dead" leases the entry, then dies before handling it.
    const row = await database.db
      .selectFrom('outbox')
      .select('id')
      .where('type', '=', 'test.crash')
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('outbox')
      .set({ locked_by: 'dead', locked_until: '2027-02-01T00:00:30.000Z' })
      .where('id', '=', row.id)
      .execute();
    const alive = createOutboxWorker({ database, clock, log: silent, reactions: [reaction('alive')] });
    expect(await alive.runOnce()).toBe(0);
    clock.advance(31_000);
    expect(await alive.runOnce()).toBe(1);
    expect(seen).toEqual(['alive']);
  });
});

describe.each(dialects())('reactions through the running server on %s', (dialect) => {
  it('keeps the account contact count current within a second of the change', async () => {
    const t = await createTestApp(dialect, { worker: true });
    try {
      const admin = await t.user('admin');
      const acc = (await t.as(admin, { method: 'POST', url: '/api/v1/accounts', payload: { name: 'Counted' } })).json();
      const make = () =>
        t.as(admin, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'C', accountId: acc.id } });
      const c1 = (await make()).json();
      await make();
      const count = async () =>
        (await t.as(admin, { method: 'GET', url: `/api/v1/accounts/${acc.id}` })).json().contactCount;
      await expect.poll(count, { timeout: 1000, interval: 20 }).toBe(2);
      await t.as(admin, { method: 'PATCH', url: `/api/v1/contacts/${c1.id}`, payload: { accountId: null } });
      await expect.poll(count, { timeout: 1000, interval: 20 }).toBe(1);
    } finally {
      await t.close();
    }
  });
});
