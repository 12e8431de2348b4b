import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** Outbox rows read per step of a purge; each step deletes at most this many in one short statement. */
const PURGE_STEP = 1000;

/**
 * Whether an outbox entry may go: handled successfully (processed, no error) before `cutoff`. Entries that
 * died after their last attempt keep their error for whoever looks into it; pending ones are still work.
 */
export function isPurgeable(
  entry: { processed_at: string | Date | null; last_error: string | null },
  cutoff: number,
): boolean {
  return entry.processed_at !== null && entry.last_error === null && new Date(entry.processed_at).getTime() < cutoff;
}

/**
 * Deletes the outbox entries handled before `cutoff`, oldest first, in steps of PURGE_STEP rows by id (the
 * primary key: no index on the processing time is needed), yielding between steps so that on SQLite the
 * connection serves requests meanwhile. It stops at the first entry created at or after the cutoff: ids
 * grow with creation time, so nothing after it is old enough, and each run reads about what arrived since
 * the last one plus what it keeps (dead or pending entries). With `signal`, it stops between steps once
 * aborted (a server shutting down does not wait for a long first run). Returns how many entries it deleted.
 */
export async function purgeHandledOutbox(
  db: Kysely<DB>,
  cutoff: Date,
  options: { step?: number; yieldBetween?: () => Promise<void>; signal?: AbortSignal } = {},
): Promise<number> {
  const step = options.step ?? PURGE_STEP;
  const pause = options.yieldBetween ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  const limit = cutoff.getTime();
  let after = 0;
  let deleted = 0;
  for (;;) {
    const rows = await db
      .selectFrom('outbox')
      .select(['id', 'created_at', 'processed_at', 'last_error'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(step)
      .execute();
    if (rows.length === 0) return deleted;
    const ids = rows.filter((r) => isPurgeable(r, limit)).map((r) => Number(r.id));
    if (ids.length > 0) {
      // The same condition in SQL too, so the statement alone never deletes anything else.
      const result = await db
        .deleteFrom('outbox')
        .where('id', 'in', ids)
        .where('processed_at', 'is not', null)
        .where('processed_at', '<', cutoff.toISOString())
        .where('last_error', 'is', null)
        .executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
    const reachedRecent = rows.some((r) => new Date(r.created_at).getTime() >= limit);
    // Stopped (the server is shutting down): the next run starts from the oldest entry again.
    if (reachedRecent || rows.length < step || options.signal?.aborted) return deleted;
    after = Number(rows[rows.length - 1]!.id);
    await pause();
  }
}
