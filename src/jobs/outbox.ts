import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';

/** A domain event, named `noun.past_verb`, written in the same transaction as the change it describes. */
export interface DomainEvent {
  readonly type: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly payload: Record<string, unknown>;
}

export interface Outbox {
  /** Appends events inside the caller's transaction: they exist exactly when the change commits. */
  enqueue(trx: Kysely<DB>, events: readonly DomainEvent[]): Promise<void>;
  /** Tells local workers that new events were committed, so reactions start without waiting for a poll. */
  notify(): void;
  onNotify(listener: () => void): () => void;
}

/** The outbox row of a domain event enqueued at `now`, available to workers at once. */
function outboxRow(e: DomainEvent, now: string) {
  return {
    type: e.type,
    aggregate_type: e.aggregateType,
    aggregate_id: e.aggregateId,
    payload: JSON.stringify(e.payload),
    created_at: now,
    available_at: now,
  };
}

/**
 * The outbox's insert as a prepared statement on a raw SQLite connection, for callers that commit through
 * `Database.exclusive` (see there): call it inside their open transaction.
 */
export function prepareSqliteEnqueue(sqlite: SQLite.Database): (events: readonly DomainEvent[], now: string) => void {
  const insert = sqlite.prepare<[string, string, string, string, string, string]>(
    'insert into outbox (type, aggregate_type, aggregate_id, payload, created_at, available_at) values (?, ?, ?, ?, ?, ?)',
  );
  return (events, now) => {
    for (const e of events) {
      const row = outboxRow(e, now);
      insert.run(row.type, row.aggregate_type, row.aggregate_id, row.payload, row.created_at, row.available_at);
    }
  };
}

export function createOutbox(deps: { clock: Clock }): Outbox {
  const listeners = new Set<() => void>();
  return {
    async enqueue(trx, events) {
      if (events.length === 0) return;
      const now = deps.clock.now().toISOString();
      await trx
        .insertInto('outbox')
        .values(events.map((e) => outboxRow(e, now)))
        .execute();
    },
    notify() {
      for (const l of listeners) l();
    },
    onNotify(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
