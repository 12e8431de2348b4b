import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { dialectOf } from '../../db/database.js';
import { afterCursor, page } from '../../db/listing.js';
import type { ContactViewsTable, DB } from '../../db/schema.js';

export type ViewRow = Selectable<ContactViewsTable> & { owner_name: string | null };

/** The only code that touches the contact_views table. */
export function createViewsRepository(db: Kysely<DB>) {
  const withOwner = (trx: Kysely<DB>) =>
    trx
      .selectFrom('contact_views as v')
      .leftJoin('users as u', 'u.id', 'v.owner_id')
      .selectAll('v')
      .select('u.name as owner_name');

  return {
    find: (id: string, trx: Kysely<DB> = db): Promise<ViewRow | undefined> =>
      withOwner(trx).where('v.id', '=', id).executeTakeFirst(),

    /**
     * The view, its row locked until the transaction ends (PostgreSQL; SQLite write transactions already run
     * one at a time): a change is checked against, and written over, the view as it is, not as it was before
     * a concurrent change (an owner's unshare) committed.
     */
    findForChange: (id: string, trx: Kysely<DB>): Promise<ViewRow | undefined> => {
      const q = withOwner(trx).where('v.id', '=', id);
      return (dialectOf(trx) === 'postgres' ? q.forUpdate('v') : q).executeTakeFirst();
    },

    /** The user's own views and everyone's shared ones, by name. */
    async listVisible(userId: string, f: { cursor?: string | undefined; limit: number }) {
      let q = withOwner(db).where((eb) => eb.or([eb('v.owner_id', '=', userId), eb('v.shared', '=', 1)]));
      if (f.cursor) q = q.where(afterCursor(f.cursor, 'v.name_key', 'v.id', 'asc', 'text'));
      const rows = await q
        .orderBy('v.name_key', 'asc')
        .orderBy('v.id', 'asc')
        .limit(f.limit + 1)
        .execute();
      return page(rows, f.limit, (r) => [r.name_key, r.id]);
    },

    /** Another view of the owner's with this name key. */
    findByNameKey: (ownerId: string, nameKey: string, trx: Kysely<DB>) =>
      trx
        .selectFrom('contact_views')
        .select('id')
        .where('owner_id', '=', ownerId)
        .where('name_key', '=', nameKey)
        .executeTakeFirst(),

    async countOwned(ownerId: string, trx: Kysely<DB>): Promise<number> {
      const row = await trx
        .selectFrom('contact_views')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('owner_id', '=', ownerId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /**
     * Serialises one owner's view creations, so two at once cannot both pass the per-user cap: on PostgreSQL
     * the owner's user row is locked; SQLite write transactions already run one at a time.
     */
    async lockOwner(ownerId: string, trx: Kysely<DB>): Promise<void> {
      if (dialectOf(trx) === 'postgres') {
        await sql`select id from users where id = ${ownerId} for update`.execute(trx);
      }
    },

    insert: (row: Insertable<ContactViewsTable>, trx: Kysely<DB>) =>
      trx.insertInto('contact_views').values(row).execute(),

    update: (id: string, patch: Updateable<ContactViewsTable>, trx: Kysely<DB>) =>
      trx.updateTable('contact_views').set(patch).where('id', '=', id).execute(),

    remove: (id: string, trx: Kysely<DB>) => trx.deleteFrom('contact_views').where('id', '=', id).execute(),
  };
}

export type ViewsRepository = ReturnType<typeof createViewsRepository>;
