import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, openDatabase } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { createOutbox } from '../../src/jobs/outbox.js';
import { purgeHandledOutbox } from '../../src/jobs/retention.js';
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

/** The entries of a type not yet finished. */
function pendingOf(database: Database, type: string) {
  return database.db
    .selectFrom('outbox')
    .select('id')
    .where('type', '=', type)
    .where('processed_at', 'is', null)
    .execute();
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

  it('handles a batch in one transaction: a failing entry rolls back alone, the others commit', async () => {
    const clock = fixedClock('2027-03-01T00:00:00Z');
    const reaction: Reaction = {
      name: 'team_per_entry',
      eventType: 'test.mixed',
      async handle(event, trx) {
        const i = Number(event.payload.i);
        const at = clock.now().toISOString();
        await trx
          .insertInto('teams')
          .values({ id: `mixed-${i}`, name: `mixed ${i}`, created_at: at, updated_at: at })
          .execute();
        if (i === 2) throw new Error('entry 2 fails');
      },
    };
    await enqueueMany(database, 5, 'test.mixed');
    const worker = createOutboxWorker({ database, clock, log: silent, reactions: [reaction], batchSize: 10 });
    expect(await worker.runOnce()).toBe(5);
    const teams = await database.db
      .selectFrom('teams')
      .select('id')
      .where('id', 'like', 'mixed-%')
      .orderBy('id')
      .execute();
    expect(teams.map((t) => t.id)).toEqual(['mixed-0', 'mixed-1', 'mixed-3', 'mixed-4']);
    const rows = await database.db
      .selectFrom('outbox')
      .select(['aggregate_id', 'processed_at', 'last_error', 'locked_by'])
      .where('type', '=', 'test.mixed')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.aggregate_id, r.processed_at !== null, r.last_error, r.locked_by])).toEqual([
      ['0', true, null, null],
      ['1', true, null, null],
      ['2', false, 'entry 2 fails', null],
      ['3', true, null, null],
      ['4', true, null, null],
    ]);
  });

  it('runs a coalescing reaction once per key in a batch, for the last entry, and finishes all of them', async () => {
    const seen: number[] = [];
    const reaction: Reaction = {
      name: 'once_per_key',
      eventType: 'test.coalesce',
      handle: async (event) => void seen.push(Number(event.payload.i)),
      coalesce: (event) => String(Number(event.payload.i) % 2),
    };
    await enqueueMany(database, 6, 'test.coalesce');
    const worker = createOutboxWorker({
      database,
      clock: systemClock,
      log: silent,
      reactions: [reaction],
      batchSize: 10,
    });
    expect(await worker.runOnce()).toBe(6);
    // Keys 0 (entries 0, 2, 4) and 1 (entries 1, 3, 5): the last entry of each runs.
    expect(seen.sort()).toEqual([4, 5]);
    expect(await pendingOf(database, 'test.coalesce')).toEqual([]);
  });

  it('gives a batch reaction all its entries at once, and falls back to one by one when the batch throws', async () => {
    const calls: string[] = [];
    let failBatch = false;
    const reaction: Reaction = {
      name: 'batched',
      eventType: 'test.batched',
      handle: async (event) => void calls.push(`one:${String(event.payload.i)}`),
      async handleMany(events) {
        calls.push(`many:${events.map((e) => String(e.payload.i)).join(',')}`);
        if (failBatch) throw new Error('the batch fails');
      },
    };
    const worker = (transactionBudgetMs: number) =>
      createOutboxWorker({
        database,
        clock: systemClock,
        log: silent,
        reactions: [reaction],
        batchSize: 10,
        transactionBudgetMs,
      });
    // A budget no machine runs out of here: what happens does not depend on how busy it is.
    await enqueueMany(database, 3, 'test.batched');
    expect(await worker(60_000).runOnce()).toBe(3);
    expect(calls).toEqual(['many:0,1,2']);

    calls.length = 0;
    failBatch = true;
    await enqueueMany(database, 2, 'test.batched');
    expect(await worker(60_000).runOnce()).toBe(2);
    expect(calls).toEqual(['many:0,1', 'one:0', 'one:1']);
    expect(await pendingOf(database, 'test.batched')).toEqual([]);

    // Out of budget after the first entry: the rest goes to a transaction of its own, again as a batch.
    calls.length = 0;
    failBatch = false;
    const flaky: Reaction = {
      ...reaction,
      async handleMany(events) {
        calls.push(`many:${events.map((e) => String(e.payload.i)).join(',')}`);
        if (events.length > 1) throw new Error('the batch fails');
      },
    };
    await enqueueMany(database, 2, 'test.batched');
    const hurried = createOutboxWorker({
      database,
      clock: systemClock,
      log: silent,
      reactions: [flaky],
      batchSize: 10,
      transactionBudgetMs: -1,
    });
    expect(await hurried.runOnce()).toBe(2);
    expect(calls).toEqual(['many:0,1', 'one:0', 'many:1']);
    expect(await pendingOf(database, 'test.batched')).toEqual([]);
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

describe.each(dialects())('outbox retention on %s', (dialect) => {
  const DAY = 86_400_000;
  const now = new Date('2027-03-10T12:00:00.000Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * DAY).toISOString();

  /** Writes entries as given, in this order (ids grow with it), named by aggregate id. */
  async function write(
    database: Database,
    rows: { name: string; created: number; processed?: number; error?: string }[],
  ): Promise<void> {
    for (const r of rows) {
      await database.db
        .insertInto('outbox')
        .values({
          type: 'test.kept',
          aggregate_type: 'test',
          aggregate_id: r.name,
          payload: '{}',
          created_at: daysAgo(r.created),
          available_at: daysAgo(r.created),
          processed_at: r.processed === undefined ? null : daysAgo(r.processed),
          last_error: r.error ?? null,
        })
        .execute();
    }
  }
  /** A fresh database of its own for one test, closed and dropped afterwards. */
  async function withDatabase(run: (database: Database) => Promise<void>): Promise<void> {
    const tdb = testDatabase(dialect);
    const database = await openDatabase(tdb.config);
    try {
      await run(database);
    } finally {
      await database.close();
      await tdb.cleanup();
    }
  }
  const cutoff = new Date(now.getTime() - 7 * DAY);
  const left = async (database: Database) =>
    (
      await database.db
        .selectFrom('outbox')
        .select('aggregate_id')
        .where('type', '=', 'test.kept')
        .orderBy('id')
        .execute()
    ).map((r) => r.aggregate_id);

  it('deletes entries handled before the cutoff and keeps failed, pending and recent ones', async () => {
    await withDatabase(async (database) => {
      await write(database, [
        { name: 'handled long ago', created: 10, processed: 9.9 },
        { name: 'dead', created: 10, processed: 9, error: 'boom' },
        { name: 'still pending', created: 9 },
        { name: 'handled long ago too', created: 8, processed: 8 },
        { name: 'retried until recently', created: 8, processed: 3 },
        { name: 'handled yesterday', created: 1, processed: 1 },
        { name: 'pending now', created: 0 },
      ]);
      // Two rows a step: the purge walks the table in several steps and yields between them.
      let pauses = 0;
      const deleted = await purgeHandledOutbox(database.db, cutoff, {
        step: 2,
        yieldBetween: async () => void (pauses += 1),
      });
      expect(deleted).toBe(2);
      expect(pauses).toBeGreaterThanOrEqual(2);
      expect(await left(database)).toEqual([
        'dead',
        'still pending',
        'retried until recently',
        'handled yesterday',
        'pending now',
      ]);
      // Nothing more to do: a second run deletes nothing.
      expect(await purgeHandledOutbox(database.db, cutoff)).toBe(0);
    });
  });

  it('stops at the first entry created after the cutoff instead of reading the whole table', async () => {
    await withDatabase(async (database) => {
      // Out of order on purpose: ids grow with creation time, so an old entry after a recent one does not
      // occur; here it shows where the walk stops.
      await write(database, [
        { name: 'old', created: 20, processed: 20 },
        { name: 'recent', created: 1, processed: 1 },
        { name: 'old after recent', created: 20, processed: 20 },
      ]);
      expect(await purgeHandledOutbox(database.db, cutoff, { step: 1 })).toBe(1);
      expect(await left(database)).toEqual(['recent', 'old after recent']);
    });
  });

  it('stops between steps once told to (a server shutting down)', async () => {
    await withDatabase(async (database) => {
      await write(database, [
        { name: 'first', created: 30, processed: 30 },
        { name: 'second', created: 30, processed: 30 },
        { name: 'third', created: 30, processed: 30 },
      ]);
      const stop = new AbortController();
      const deleted = await purgeHandledOutbox(database.db, cutoff, {
        step: 1,
        signal: stop.signal,
        yieldBetween: async () => stop.abort(),
      });
      expect(deleted).toBe(2);
      expect(await left(database)).toEqual(['third']);
    });
  });

  it('runs in the server with the worker, and not at all with OUTBOX_RETENTION_DAYS=0', async () => {
    const clock = fixedClock(now);
    const kept = await createTestApp(dialect, { clock, worker: true, config: { outboxRetentionDays: 0 } });
    try {
      await write(kept.app.tandem.database, [{ name: 'handled long ago', created: 30, processed: 30 }]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await left(kept.app.tandem.database)).toEqual(['handled long ago']);
    } finally {
      await kept.close();
    }
    const t = await createTestApp(dialect, { clock, worker: false, config: { outboxRetentionDays: 7 } });
    try {
      await write(t.app.tandem.database, [
        { name: 'handled long ago', created: 30, processed: 30 },
        { name: 'handled yesterday', created: 1, processed: 1 },
      ]);
      // The purge runs when the worker starts (here: a server started on the same database with it on).
      const withWorker = await buildApp(
        { ...t.app.tandem.config, worker: { ...t.app.tandem.config.worker, enabled: true } },
        { clock },
      );
      try {
        await withWorker.ready();
        await expect
          .poll(() => left(t.app.tandem.database), { timeout: 2000, interval: 20 })
          .toEqual(['handled yesterday']);
      } finally {
        await withWorker.close();
      }
    } finally {
      await t.close();
    }
  });
});
