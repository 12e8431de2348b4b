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

export function createOutbox(deps: { clock: Clock }): Outbox {
  const listeners = new Set<() => void>();
  return {
    async enqueue(trx, events) {
      if (events.length === 0) return;
      const now = deps.clock.now().toISOString();
      await trx
        .insertInto('outbox')
        .values(
          events.map((e) => ({
            type: e.type,
            aggregate_type: e.aggregateType,
            aggregate_id: e.aggregateId,
            payload: JSON.stringify(e.payload),
            created_at: now,
            available_at: now,
          })),
        )
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
