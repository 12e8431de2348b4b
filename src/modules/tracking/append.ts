import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Outbox } from '../../jobs/outbox.js';
import { createTrackingRepository, type NewEvent } from './tracking.repository.js';

const repo = createTrackingRepository();

/**
 * Appends events and, for those attributed to a contact, an `event.recorded` per contact, in the caller's
 * transaction (so the reaction exists exactly when the events do). Used on the main thread and by the
 * event writer thread alike.
 */
export async function appendWithReactions(
  trx: Kysely<DB>,
  outbox: Outbox,
  rows: NewEvent[],
  now: string,
): Promise<void> {
  const contactIds = await repo.append(trx, rows, now);
  await outbox.enqueue(
    trx,
    contactIds.map((contactId) => ({
      type: 'event.recorded',
      aggregateType: 'contact',
      aggregateId: contactId,
      payload: { contactId },
    })),
  );
}
