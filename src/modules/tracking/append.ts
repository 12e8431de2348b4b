import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DomainEvent, Outbox } from '../../jobs/outbox.js';
import { createTrackingRepository, type NewEvent } from './tracking.repository.js';

const repo = createTrackingRepository();

/** The reaction events appended for contacts cause: each contact concerned is rescored once. */
export function eventRecorded(contactIds: readonly string[]): DomainEvent[] {
  return contactIds.map((contactId) => ({
    type: 'event.recorded',
    aggregateType: 'contact',
    aggregateId: contactId,
    payload: { contactId },
  }));
}

/**
 * Appends events and, for those attributed to a contact, an `event.recorded` per contact, in the caller's
 * transaction (so the reaction exists exactly when the events do). The SQLite group commit does the same
 * through prepared statements (`createSqliteEventAppender`). Returns the named contacts that do not exist,
 * whose events were left out.
 */
export async function appendWithReactions(
  trx: Kysely<DB>,
  outbox: Outbox,
  rows: NewEvent[],
  now: string,
): Promise<ReadonlySet<string>> {
  const { contactIds, missing } = await repo.append(trx, rows, now);
  await outbox.enqueue(trx, eventRecorded(contactIds));
  return missing;
}
