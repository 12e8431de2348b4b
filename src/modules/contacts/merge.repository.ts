import type { Kysely } from 'kysely';
import { dialectOf } from '../../db/database.js';
import type { DB } from '../../db/schema.js';

/** How deep merge chains are followed (A absorbed B, which had absorbed C, ...). */
const MAX_MERGE_DEPTH = 50;
/** At most this many absorbed contacts contribute their audit history. */
const MAX_MERGED_IDS = 1000;

/**
 * The history a merge moves from the duplicate to the contact that absorbs it. These tables belong to
 * tracking, scoring and forms; a merge is the one place where the contacts module rewrites their
 * `contact_id`, and it does so inside the merge's transaction.
 */
export function createMergeRepository(db: Kysely<DB>) {
  return {
    /** PostgreSQL: row locks on both contacts, in id order (two merges of the same pair cannot deadlock). */
    async lock(trx: Kysely<DB>, ids: readonly string[]): Promise<void> {
      if (dialectOf(trx) !== 'postgres') return;
      await trx
        .selectFrom('contacts')
        .select('id')
        .where('id', 'in', [...ids].sort())
        .orderBy('id')
        .forUpdate()
        .execute();
    },

    /** Moves the duplicate's events, visitors, temperature changes and form submissions to the winner. */
    async moveHistory(
      trx: Kysely<DB>,
      loserId: string,
      winnerId: string,
    ): Promise<{ events: number; visitors: number; temperatureChanges: number; formSubmissions: number }> {
      const move = async (table: 'events' | 'visitors' | 'temperature_changes' | 'form_submissions') => {
        const result = await trx
          .updateTable(table)
          .set({ contact_id: winnerId })
          .where('contact_id', '=', loserId)
          .executeTakeFirst();
        return Number(result.numUpdatedRows);
      };
      return {
        events: await move('events'),
        visitors: await move('visitors'),
        temperatureChanges: await move('temperature_changes'),
        formSubmissions: await move('form_submissions'),
      };
    },

    async record(
      trx: Kysely<DB>,
      merge: { winnerId: string; loserId: string; at: string; by: string | null; loserSnapshot: unknown },
    ): Promise<void> {
      await trx
        .insertInto('contact_merges')
        .values({
          winner_id: merge.winnerId,
          loser_id: merge.loserId,
          merged_at: merge.at,
          merged_by: merge.by,
          loser_snapshot: JSON.stringify(merge.loserSnapshot),
        })
        .execute();
    },

    /** Every contact merged into this one, directly or through earlier merges (not including itself). */
    async absorbedIds(contactId: string): Promise<string[]> {
      const seen = new Set<string>([contactId]);
      let frontier = [contactId];
      for (let depth = 0; depth < MAX_MERGE_DEPTH && frontier.length > 0 && seen.size <= MAX_MERGED_IDS; depth++) {
        const rows = await db
          .selectFrom('contact_merges')
          .select('loser_id')
          .where('winner_id', 'in', frontier)
          .execute();
        frontier = rows.map((r) => r.loser_id).filter((id) => !seen.has(id));
        for (const id of frontier) seen.add(id);
      }
      seen.delete(contactId);
      return [...seen].slice(0, MAX_MERGED_IDS);
    },
  };
}

export type MergeRepository = ReturnType<typeof createMergeRepository>;
