import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { parseJson } from '../../db/database.js';

export function createEmailTrackingRepository() {
  return {
    /**
     * The server's key for a purpose, created once: every process on one database signs with the same key
     * (the first insert wins; the others read it back).
     */
    async secret(db: Kysely<DB>, name: string, now: string): Promise<Buffer> {
      await db
        .insertInto('app_secrets')
        .values({ name, value: randomBytes(32).toString('base64'), created_at: now })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const row = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
      return Buffer.from(row.value, 'base64');
    },

    /** The tracked sites' domains, as saved (none until first saved), with who saved them and when. */
    async trackedSites(
      db: Kysely<DB>,
    ): Promise<{ domains: string[]; updatedBy: string | null; updatedAt: string } | null> {
      const row = await db.selectFrom('tracked_sites').selectAll().where('id', '=', 'default').executeTakeFirst();
      if (!row) return null;
      return { domains: parseJson<string[]>(row.domains, []), updatedBy: row.updated_by, updatedAt: row.updated_at };
    },

    async saveTrackedSites(db: Kysely<DB>, domains: readonly string[], by: string | null, at: string): Promise<void> {
      const values = { id: 'default', domains: JSON.stringify(domains), updated_by: by, updated_at: at };
      await db
        .insertInto('tracked_sites')
        .values(values)
        .onConflict((oc) => oc.column('id').doUpdateSet({ domains: values.domains, updated_by: by, updated_at: at }))
        .execute();
    },

    /** The contact a link was made for, following merges (a merged contact's links count for the survivor). */
    async currentContact(db: Kysely<DB>, contactId: string): Promise<string | null> {
      let id = contactId;
      for (let hop = 0; hop < 10; hop++) {
        const found = await db.selectFrom('contacts').select('id').where('id', '=', id).executeTakeFirst();
        if (found) return found.id;
        const merged = await db
          .selectFrom('contact_merges')
          .select('winner_id')
          .where('loser_id', '=', id)
          .orderBy('id', 'desc')
          .executeTakeFirst();
        if (!merged) return null;
        id = merged.winner_id;
      }
      return null;
    },
  };
}
