import { sql, type Kysely } from 'kysely';
import { dialectOf, parseJson } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { escapeLike } from '../../shared/text.js';

/** How deep merge chains are followed (A absorbed B, which had absorbed C, ...). */
const MAX_MERGE_DEPTH = 50;

/** Rows per statement when ids go into an `in (...)` list (SQLite's bound-parameter limit is far above). */
const CHUNK = 500;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

const deleted = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows);

/**
 * The rows that hold a person, across the tables of tracking, forms, scoring, handoffs, imports and leads. Like
 * a merge, an erasure is a place where the contacts module writes to other modules' tables, and it does so only
 * inside the erasure's transaction (every function takes it). The audit log's redaction is the audit module's.
 */
export function createErasureRepository() {
  return {
    /** PostgreSQL: a row lock on the contact, so a capture or merge running meanwhile waits for the erasure. */
    async lock(trx: Kysely<DB>, id: string): Promise<void> {
      if (dialectOf(trx) !== 'postgres') return;
      await trx.selectFrom('contacts').select('id').where('id', '=', id).forUpdate().execute();
    },

    /**
     * Deletes the contact's row. SQLite: FTS5 deletes from the contacts search index by adding a tombstone,
     * so the row's words would stay in the index's segments until a merge rewrites them; secure delete takes
     * them out at once. It is on for this delete only: it makes every change to the index many times slower.
     */
    async deleteContact(trx: Kysely<DB>, remove: () => Promise<void>): Promise<void> {
      if (dialectOf(trx) !== 'sqlite') return remove();
      const secureDelete = (on: 0 | 1) =>
        sql`insert into contacts_search (contacts_search, rank) values ('secure-delete', ${sql.lit(on)})`.execute(trx);
      await secureDelete(1);
      await remove();
      await secureDelete(0);
    },

    /** Every contact merged into this one, directly or through earlier merges (not including itself). */
    async absorbedIds(trx: Kysely<DB>, contactId: string): Promise<string[]> {
      const seen = new Set<string>([contactId]);
      let frontier = [contactId];
      for (let depth = 0; depth < MAX_MERGE_DEPTH && frontier.length > 0; depth++) {
        const next: string[] = [];
        for (const part of chunks(frontier)) {
          const rows = await trx
            .selectFrom('contact_merges')
            .select('loser_id')
            .where('winner_id', 'in', part)
            .execute();
          for (const r of rows) if (!seen.has(r.loser_id)) next.push(r.loser_id);
        }
        frontier = [...new Set(next)];
        for (const id of frontier) seen.add(id);
      }
      seen.delete(contactId);
      return [...seen];
    },

    /** The email addresses of the duplicates merged into the person, from their merge snapshots. */
    async absorbedEmails(trx: Kysely<DB>, absorbed: readonly string[]): Promise<string[]> {
      const emails = new Set<string>();
      for (const part of chunks(absorbed)) {
        const rows = await trx
          .selectFrom('contact_merges')
          .select('loser_snapshot')
          .where('loser_id', 'in', part)
          .execute();
        for (const r of rows) {
          const email = parseJson<{ email?: unknown }>(r.loser_snapshot, {}).email;
          if (typeof email === 'string' && email !== '') emails.add(email);
        }
      }
      return [...emails];
    },

    /**
     * The contact's events, and the anonymous events of its visitors (before they were identified); events
     * a shared browser recorded for another contact stay theirs.
     */
    async deleteEvents(trx: Kysely<DB>, contactId: string): Promise<number> {
      const visitors = trx.selectFrom('visitors').select('id').where('contact_id', '=', contactId);
      return deleted(
        await trx
          .deleteFrom('events')
          .where((eb) =>
            eb.or([
              eb('contact_id', '=', contactId),
              eb.and([eb('contact_id', 'is', null), eb('visitor_id', 'in', visitors)]),
            ]),
          )
          .executeTakeFirst(),
      );
    },

    /**
     * Submissions linked to the contact or made from its browsers, and those left without a contact (a contact
     * deleted earlier) whose answers hold one of the person's emails.
     */
    async deleteFormSubmissions(
      trx: Kysely<DB>,
      contactId: string,
      emails: readonly string[],
      holdsEmail: (data: Record<string, unknown>) => boolean,
    ): Promise<number> {
      const visitors = trx.selectFrom('visitors').select('id').where('contact_id', '=', contactId);
      let count = deleted(
        await trx
          .deleteFrom('form_submissions')
          .where((eb) =>
            eb.or([
              eb('contact_id', '=', contactId),
              eb.and([eb('contact_id', 'is', null), eb('visitor_id', 'in', visitors)]),
            ]),
          )
          .executeTakeFirst(),
      );
      for (const email of emails) {
        // The text search narrows; the answers are then compared value by value (normalised).
        const candidates = await trx
          .selectFrom('form_submissions')
          .select(['id', 'data'])
          .where('contact_id', 'is', null)
          .where(sql<boolean>`lower(cast(data as text)) like ${`%${escapeLike(email)}%`} escape '\\'`)
          .execute();
        const ids = candidates
          .filter((c) => holdsEmail(parseJson<Record<string, unknown>>(c.data, {})))
          .map((c) => Number(c.id));
        for (const part of chunks(ids)) {
          count += deleted(await trx.deleteFrom('form_submissions').where('id', 'in', part).executeTakeFirst());
        }
      }
      return count;
    },

    async deleteVisitors(trx: Kysely<DB>, contactId: string): Promise<number> {
      return deleted(await trx.deleteFrom('visitors').where('contact_id', '=', contactId).executeTakeFirst());
    },

    async deleteTemperatureHistory(trx: Kysely<DB>, contactId: string): Promise<number> {
      await trx.deleteFrom('contact_temperature_reasons').where('contact_id', '=', contactId).execute();
      return deleted(
        await trx.deleteFrom('temperature_changes').where('contact_id', '=', contactId).executeTakeFirst(),
      );
    },

    /** Merges where the contact (or a contact it absorbed) was winner or loser, with the losers' snapshots. */
    async deleteMerges(trx: Kysely<DB>, ids: readonly string[]): Promise<number> {
      let count = 0;
      for (const part of chunks(ids)) {
        count += deleted(
          await trx
            .deleteFrom('contact_merges')
            .where((eb) => eb.or([eb('winner_id', 'in', part), eb('loser_id', 'in', part)]))
            .executeTakeFirst(),
        );
      }
      return count;
    },

    /**
     * Calls, meetings and notes logged on the contacts (the person and the duplicates merged into them, whose
     * rows a merge's reaction moves over only later): free text about them.
     */
    async deleteActivities(trx: Kysely<DB>, ids: readonly string[]): Promise<number> {
      let count = 0;
      for (const part of chunks(ids)) {
        count += deleted(await trx.deleteFrom('activities').where('contact_id', 'in', part).executeTakeFirst());
      }
      return count;
    },

    /** In-app notifications (and their pending emails) about the contacts: they carry the name. */
    async deleteNotifications(trx: Kysely<DB>, ids: readonly string[]): Promise<number> {
      let count = 0;
      for (const part of chunks(ids)) {
        count += deleted(await trx.deleteFrom('notifications').where('contact_id', 'in', part).executeTakeFirst());
      }
      return count;
    },

    /**
     * The free-text notes a rep left when rejecting the contacts' handoffs. The handoffs stay (the SLA's
     * figures count them) with a contact id only, which no longer leads to anyone.
     */
    async redactHandoffNotes(trx: Kysely<DB>, ids: readonly string[], marker: string): Promise<number> {
      let count = 0;
      for (const part of chunks(ids)) {
        const result = await trx
          .updateTable('handoffs')
          .set({ reject_note: marker })
          .where('contact_id', 'in', part)
          .where('reject_note', 'is not', null)
          .executeTakeFirst();
        count += Number(result.numUpdatedRows);
      }
      return count;
    },

    /** The contacts' handoffs: their audit entries carry the reps' notes about the person. */
    async handoffIds(trx: Kysely<DB>, ids: readonly string[]): Promise<string[]> {
      const out: string[] = [];
      for (const part of chunks(ids)) {
        const rows = await trx.selectFrom('handoffs').select('id').where('contact_id', 'in', part).execute();
        for (const r of rows) out.push(r.id);
      }
      return out;
    },

    /**
     * Import bookkeeping: which row of which import made the contacts, and rejected rows that hold one of the
     * person's emails (the cells as read). The imports' counts stay.
     */
    async deleteImportRows(trx: Kysely<DB>, ids: readonly string[], emails: readonly string[]): Promise<number> {
      let count = 0;
      for (const part of chunks(ids)) {
        count += deleted(await trx.deleteFrom('import_contacts').where('contact_id', 'in', part).executeTakeFirst());
      }
      for (const email of emails) {
        count += deleted(
          await trx
            .deleteFrom('import_rejections')
            .where(sql<boolean>`lower(cast(raw as text)) like ${`%${escapeLike(email)}%`} escape '\\'`)
            .executeTakeFirst(),
        );
      }
      return count;
    },

    /**
     * Saved views of the leads list that hold a search (`q`), with their filters as stored, locked until the
     * transaction ends on PostgreSQL: the filters written back without the search are those of the view as it
     * is, not as it was before a concurrent change committed.
     */
    async viewsWithSearch(trx: Kysely<DB>): Promise<{ id: string; filters: Record<string, unknown> }[]> {
      const q = trx
        .selectFrom('contact_views')
        .select(['id', 'filters'])
        .where(sql<boolean>`cast(filters as text) like ${'%"q"%'}`)
        .orderBy('id');
      const rows = await (dialectOf(trx) === 'postgres' ? q.forUpdate() : q).execute();
      return rows.map((r) => ({ id: r.id, filters: parseJson<Record<string, unknown>>(r.filters, {}) }));
    },

    async setViewFilters(trx: Kysely<DB>, id: string, filters: Record<string, unknown>, at: string): Promise<void> {
      await trx
        .updateTable('contact_views')
        .set({ filters: JSON.stringify(filters), updated_at: at })
        .where('id', '=', id)
        .execute();
    },

    /** Stored answers of the leads API that name the contacts (a retry gets a fresh answer instead). */
    async deleteIdempotencyRecords(trx: Kysely<DB>, ids: readonly string[]): Promise<number> {
      const contactOf =
        dialectOf(trx) === 'postgres'
          ? sql<string>`response->>'contactId'`
          : sql<string>`json_extract(response, '$.contactId')`;
      let count = 0;
      for (const part of chunks(ids)) {
        count += deleted(
          await trx
            .deleteFrom('idempotency_keys')
            .where((eb) => eb(contactOf, 'in', part))
            .executeTakeFirst(),
        );
      }
      return count;
    },
  };
}

export type ErasureRepository = ReturnType<typeof createErasureRepository>;
