import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { parseJson } from '../db/database.js';
import type { DB, OutboxRow } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
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
  const byType = new Map<string, Reaction[]>();
  for (const r of options.reactions) byType.set(r.eventType, [...(byType.get(r.eventType) ?? []), r]);

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;
  let wakeRequested = false;
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

  async function handle(row: OutboxRow): Promise<void> {
    const event = toEvent(row);
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
      const dead = event.attempts >= maxAttempts;
      const message = err instanceof Error ? err.message : String(err);
      log.error({ err, outboxId: event.id, type: event.type, attempts: event.attempts, dead }, 'reaction failed');
      const now = clock.now();
      await db
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
  }

  async function runOnce(): Promise<number> {
    const rows = await lease();
    for (const row of rows) await handle(row);
    return rows.length;
  }

  async function loop(): Promise<void> {
    if (stopped) return;
    try {
      wakeRequested = false;
      const n = await runOnce();
      if (n === batchSize || wakeRequested) {
        schedule(0);
        return;
      }
    } catch (err) {
      log.error({ err, workerId: id }, 'outbox worker iteration failed');
    }
    schedule(pollMs);
  }

  function schedule(ms: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      running = loop().finally(() => {
        running = null;
      });
    }, ms);
  }

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
      if (!stopped) return;
      stopped = false;
      unsubscribe =
        options.outbox?.onNotify(() => {
          wakeRequested = true;
          if (!running) schedule(0);
        }) ?? null;
      schedule(0);
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

class LeaseLostError extends Error {
  constructor(outboxId: number) {
    super(`lease lost on outbox entry ${outboxId}`);
  }
}
