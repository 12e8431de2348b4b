import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { parseJson } from '../db/database.js';
import type { DB, OutboxRow } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { createPollLoop } from '../shared/poll-loop.js';
import type { Outbox } from './outbox.js';

export interface OutboxEvent {
  readonly id: number;
  readonly type: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly payload: Record<string, unknown>;
  readonly createdAt: string;
  readonly attempts: number;
}

/**
 * A reaction handles one event type. It runs inside the transaction that marks the event processed, so
 * its database effects happen exactly once; it must still be idempotent for effects outside the database.
 */
export interface Reaction {
  readonly name: string;
  readonly eventType: string;
  handle(event: OutboxEvent, trx: Kysely<DB>): Promise<void>;
  /**
   * Entries of one batch whose reactions share a name and a key here need handling once: only the last of
   * them runs, and the earlier ones are finished with it (e.g. rescoring a contact once for five of its
   * events, since it reads the contact's current state anyway). Null: run for every entry.
   */
  coalesce?(event: OutboxEvent): string | null;
  /**
   * Handles several entries at once (a few statements for the whole batch instead of a few per entry).
   * Must have the same effects as `handle` on each. If it throws, the batch falls back to entries one by one.
   */
  handleMany?(events: readonly OutboxEvent[], trx: Kysely<DB>): Promise<void>;
}

export interface WorkerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface OutboxWorkerOptions {
  database: Database;
  clock: Clock;
  log: WorkerLogger;
  reactions: readonly Reaction[];
  outbox?: Outbox;
  workerId?: string;
  batchSize?: number;
  pollMs?: number;
  leaseMs?: number;
  maxAttempts?: number;
  /** How long one batch transaction's one-by-one pass keeps taking entries (MAX_TRANSACTION_MS). */
  transactionBudgetMs?: number;
}

export interface OutboxWorker {
  readonly id: string;
  /** Leases and handles one bounded batch; returns how many entries it finished (handled or dead). */
  runOnce(): Promise<number>;
  /** Runs until the outbox has nothing due. For tests and the CLI. */
  drain(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/** Retry delay after a failure: exponential, capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60 * 60_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * How long one batch transaction keeps taking entries: with SQLite's single connection, requests wait for
 * it, so it stays short; the rest of the batch follows in the next transaction.
 */
const MAX_TRANSACTION_MS = 50;

function toEvent(row: OutboxRow): OutboxEvent {
  return {
    id: Number(row.id),
    type: row.type,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    payload: parseJson<Record<string, unknown>>(row.payload, {}),
    createdAt: row.created_at,
    attempts: row.attempts,
  };
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { database, clock, log } = options;
  const db = database.db;
  const id = options.workerId ?? `w-${randomBytes(6).toString('hex')}`;
  const batchSize = options.batchSize ?? 100;
  const pollMs = options.pollMs ?? 250;
  const leaseMs = options.leaseMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const transactionBudgetMs = options.transactionBudgetMs ?? MAX_TRANSACTION_MS;
  const byType = new Map<string, Reaction[]>();
  for (const r of options.reactions) byType.set(r.eventType, [...(byType.get(r.eventType) ?? []), r]);

  let unsubscribe: (() => void) | null = null;

  async function lease(): Promise<OutboxRow[]> {
    const now = clock.now();
    const nowIso = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    // PostgreSQL: SKIP LOCKED lets several processes lease disjoint batches without waiting on each other.
    // SQLite: one writer at a time, so the update is atomic on its own.
    const lock = database.dialect === 'postgres' ? sql`for update skip locked` : sql``;
    const result = await sql<OutboxRow>`
      update outbox set locked_by = ${id}, locked_until = ${until}, attempts = attempts + 1
      where id in (
        select id from outbox
        where processed_at is null and available_at <= ${nowIso}
          and (locked_until is null or locked_until < ${nowIso})
        order by id
        limit ${batchSize}
        ${lock}
      )
      returning *`.execute(db);
    return [...result.rows].sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Records a failed attempt: retried later with back-off, or finished as dead after maxAttempts. */
  async function recordFailure(executor: Kysely<DB>, event: OutboxEvent, err: unknown): Promise<void> {
    const dead = event.attempts >= maxAttempts;
    const message = err instanceof Error ? err.message : String(err);
    log.error({ err, outboxId: event.id, type: event.type, attempts: event.attempts, dead }, 'reaction failed');
    const now = clock.now();
    await executor
      .updateTable('outbox')
      .set({
        locked_by: null,
        locked_until: null,
        last_error: message.slice(0, 2000),
        available_at: new Date(now.getTime() + retryDelayMs(event.attempts)).toISOString(),
        ...(dead ? { processed_at: now.toISOString() } : {}),
      })
      .where('id', '=', event.id)
      .where('locked_by', '=', id)
      .execute();
  }

  /** One entry in a transaction of its own: the fallback when a batch's transaction cannot commit. */
  async function handleAlone(event: OutboxEvent): Promise<void> {
    const reactions = byType.get(event.type) ?? [];
    try {
      await db.transaction().execute(async (trx) => {
        for (const reaction of reactions) await reaction.handle(event, trx);
        const done = await trx
          .updateTable('outbox')
          .set({ processed_at: clock.now().toISOString(), locked_by: null, locked_until: null, last_error: null })
          .where('id', '=', event.id)
          .where('locked_by', '=', id)
          .executeTakeFirst();
        // Our lease ran out and another worker took the entry: roll back so its effects happen once.
        if (Number(done.numUpdatedRows) !== 1) throw new LeaseLostError(event.id);
      });
    } catch (err) {
      if (err instanceof LeaseLostError) {
        log.warn({ outboxId: event.id, workerId: id }, 'outbox lease lost; another worker handles it');
        return;
      }
      await recordFailure(db, event, err);
    }
  }

  /**
   * Handles a batch in one transaction. First the leases are confirmed (and, on PostgreSQL, the rows locked
   * until commit), so an entry another worker took over is skipped, never handled twice. Then, optimistic,
   * every reaction takes all its entries at once (in the order reactions are registered, so a reaction
   * still sees what an earlier one wrote for the same entry), inside one savepoint. If anything throws, that
   * is rolled back and the entries go one by one, each in a savepoint of its own so a failing reaction rolls
   * back alone; after transactionBudgetMs the one-by-one pass stops taking entries (SQLite has one connection
   * and requests wait for it) and returns the ones it did not reach.
   */
  async function handleInOneTransaction(events: OutboxEvent[], skip: ReadonlySet<string>): Promise<OutboxEvent[]> {
    const started = Date.now();
    let rest: OutboxEvent[] = [];
    await db.transaction().execute(async (trx) => {
      const ids = events.map((e) => e.id);
      // PostgreSQL: row locks until commit, in id order; a lease taken over meanwhile names another worker.
      // No new row versions: this runs for every entry, and the outbox is the busiest table there is.
      // SQLite: the update takes the database's write lock now, so no other process leases these entries
      // between this check and the commit (a read would not).
      const owned =
        database.dialect === 'postgres'
          ? await trx
              .selectFrom('outbox')
              .select('id')
              .where('id', 'in', ids)
              .where('locked_by', '=', id)
              .orderBy('id')
              .forNoKeyUpdate()
              .execute()
          : await trx
              .updateTable('outbox')
              .set({ locked_until: new Date(clock.now().getTime() + leaseMs).toISOString() })
              .where('id', 'in', ids)
              .where('locked_by', '=', id)
              .returning('id')
              .execute();
      const ours = new Set(owned.map((r) => Number(r.id)));
      const mine = events.filter((event) => {
        if (ours.has(event.id)) return true;
        log.warn({ outboxId: event.id, workerId: id }, 'outbox lease lost; another worker handles it');
        return false;
      });
      const runs = (event: OutboxEvent, reaction: Reaction) => !skip.has(`${event.id}:${reaction.name}`);
      let finished: number[] = [];

      await sql`savepoint outbox_batch`.execute(trx);
      try {
        for (const reaction of options.reactions) {
          const entries = mine.filter((e) => e.type === reaction.eventType && runs(e, reaction));
          if (entries.length === 0) continue;
          if (reaction.handleMany) await reaction.handleMany(entries, trx);
          else for (const event of entries) await reaction.handle(event, trx);
        }
        await sql`release savepoint outbox_batch`.execute(trx);
        finished = mine.map((e) => e.id);
      } catch (err) {
        await sql`rollback to savepoint outbox_batch`.execute(trx);
        await sql`release savepoint outbox_batch`.execute(trx);
        // A batch of one has its culprit already: no second run.
        if (mine.length === 1) await recordFailure(trx, mine[0]!, err);
        else log.info({ err, workerId: id }, 'outbox batch failed; handling its entries one by one');
        for (let i = 0; i < mine.length && mine.length > 1; i++) {
          const event = mine[i]!;
          if (finished.length > 0 && Date.now() - started > transactionBudgetMs) {
            rest = mine.slice(i);
            break;
          }
          await sql`savepoint outbox_entry`.execute(trx);
          try {
            for (const reaction of byType.get(event.type) ?? []) {
              if (runs(event, reaction)) await reaction.handle(event, trx);
            }
            await sql`release savepoint outbox_entry`.execute(trx);
            finished.push(event.id);
          } catch (entryErr) {
            await sql`rollback to savepoint outbox_entry`.execute(trx);
            await sql`release savepoint outbox_entry`.execute(trx);
            await recordFailure(trx, event, entryErr);
          }
        }
      }
      for (let i = 0; i < finished.length; i += 500) {
        await trx
          .updateTable('outbox')
          .set({ processed_at: clock.now().toISOString(), locked_by: null, locked_until: null, last_error: null })
          .where('id', 'in', finished.slice(i, i + 500))
          .execute();
      }
    });
    return rest;
  }

  async function runOnce(): Promise<number> {
    const rows = await lease();
    let pending = rows.map(toEvent);
    const skip = coalesced(pending);
    while (pending.length > 0) {
      try {
        pending = await handleInOneTransaction(pending, skip);
      } catch (err) {
        // The batch's transaction itself failed (a deadlock between processes, a lost connection): nothing
        // of it committed. Each entry then gets a transaction of its own.
        log.warn({ err, workerId: id, entries: pending.length }, 'outbox batch failed; handling entries one by one');
        for (const event of pending) await handleAlone(event);
        pending = [];
      }
    }
    return rows.length;
  }

  /** `entryId:reactionName` pairs another entry of the batch covers (see Reaction.coalesce). */
  function coalesced(events: readonly OutboxEvent[]): Set<string> {
    const skip = new Set<string>();
    const lastByKey = new Map<string, string>();
    for (const event of events) {
      for (const reaction of byType.get(event.type) ?? []) {
        const key = reaction.coalesce?.(event);
        if (key == null) continue;
        const slot = `${reaction.name}\u0000${key}`;
        const previous = lastByKey.get(slot);
        if (previous !== undefined) skip.add(previous);
        lastByKey.set(slot, `${event.id}:${reaction.name}`);
      }
    }
    return skip;
  }

  // A full batch, or a notify meanwhile: more is waiting, go on at once.
  const loop = createPollLoop({
    step: async () => (await runOnce()) === batchSize,
    intervalMs: pollMs,
    onError: (err) => log.error({ err, workerId: id }, 'outbox worker iteration failed'),
  });

  return {
    id,
    runOnce,
    async drain() {
      let total = 0;
      for (;;) {
        const n = await runOnce();
        total += n;
        if (n === 0) return total;
      }
    },
    start() {
      unsubscribe ??= options.outbox?.onNotify(() => loop.wake()) ?? null;
      loop.start();
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = null;
      await loop.stop();
    },
  };
}

class LeaseLostError extends Error {
  constructor(outboxId: number) {
    super(`lease lost on outbox entry ${outboxId}`);
  }
}
