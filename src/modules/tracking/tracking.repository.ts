import type { Insertable, Kysely } from 'kysely';
import type { DB, EventsTable } from '../../db/schema.js';

/** SQLite allows 32,766 bound values per statement; 14 columns x 500 rows stays well inside. */
const ROWS_PER_INSERT = 500;

export type NewEvent = Insertable<EventsTable>;

export function createTrackingRepository() {
  return {
    /**
     * Appends events in the caller's transaction and keeps their visitors' first/last seen times. Events of
     * a visitor already merged into a contact are attributed to that contact. Returns the contacts concerned.
     */
    async append(trx: Kysely<DB>, events: NewEvent[], now: string): Promise<string[]> {
      const visitorIds = [...new Set(events.map((e) => e.visitor_id).filter((v): v is string => !!v))].sort();
      // One statement keeps first/last seen and tells which visitors were already merged into a contact.
      const known = new Map<string, string>();
      for (let i = 0; i < visitorIds.length; i += ROWS_PER_INSERT) {
        const rows = await trx
          .insertInto('visitors')
          .values(visitorIds.slice(i, i + ROWS_PER_INSERT).map((id) => ({ id, first_seen_at: now, last_seen_at: now })))
          .onConflict((oc) => oc.column('id').doUpdateSet({ last_seen_at: now }))
          .returning(['id', 'contact_id'])
          .execute();
        for (const r of rows) if (r.contact_id) known.set(r.id, r.contact_id);
      }
      const rows = events.map((e) => ({
        ...e,
        contact_id: e.contact_id ?? (e.visitor_id ? (known.get(e.visitor_id) ?? null) : null),
      }));
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        await trx
          .insertInto('events')
          .values(rows.slice(i, i + ROWS_PER_INSERT))
          .execute();
      }
      return [...new Set(rows.map((r) => r.contact_id).filter((c): c is string => !!c))];
    },

    /**
     * Merges an anonymous visitor into a contact: the visitor's later events go to the contact, and its
     * anonymous history moves over. Events already attributed (to this or another contact, when a browser
     * is shared) keep their contact. Returns how many events moved.
     */
    async identify(trx: Kysely<DB>, visitorId: string, contactId: string, now: string): Promise<number> {
      await trx
        .insertInto('visitors')
        .values({ id: visitorId, contact_id: contactId, first_seen_at: now, last_seen_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ contact_id: contactId, last_seen_at: now }))
        .execute();
      const moved = await trx
        .updateTable('events')
        .set({ contact_id: contactId })
        .where('visitor_id', '=', visitorId)
        .where('contact_id', 'is', null)
        .executeTakeFirst();
      return Number(moved.numUpdatedRows);
    },
  };
}
