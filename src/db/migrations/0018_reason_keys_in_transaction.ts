import { sql } from 'kysely';
import { backfillKeys } from './0008_temperature_reason_keys.js';
import type { AnyDb } from './helpers.js';

/**
 * The "why" filter keys are now written in the transaction that records a temperature change; before, a
 * reaction to `contact.temperature_changed` wrote them, and no reaction handles that event any more. Changes
 * whose event was still queued at the upgrade (or had failed for good) get their keys here, from each contact's latest change (the
 * rules of migration 0008, which are still the current ones). No schema change.
 */
export async function up(db: AnyDb): Promise<void> {
  const queued = await sql<{ contact_id: string }>`
    select distinct aggregate_id as contact_id from outbox
    where type = 'contact.temperature_changed' and (processed_at is null or last_error is not null)`.execute(db);
  const ids = queued.rows.map((r) => r.contact_id);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await db.deleteFrom('contact_temperature_reasons').where('contact_id', 'in', chunk).execute();
    const latest = await sql<{ contact_id: string; reasons: unknown }>`
      select tc.contact_id, tc.reasons from temperature_changes tc
      where tc.contact_id in (${sql.join(chunk)}) and tc.id = (
        select t2.id from temperature_changes t2 where t2.contact_id = tc.contact_id
        order by t2.at desc, t2.id desc limit 1
      )`.execute(db);
    const rows = latest.rows.flatMap((row) =>
      backfillKeys(row.reasons).map((reason_key) => ({ contact_id: row.contact_id, reason_key })),
    );
    for (let j = 0; j < rows.length; j += 500) {
      await db
        .insertInto('contact_temperature_reasons')
        .values(rows.slice(j, j + 500))
        .execute();
    }
  }
}

export async function down(): Promise<void> {
  // Nothing to undo: the keys written are the ones the previous version would have written.
}
