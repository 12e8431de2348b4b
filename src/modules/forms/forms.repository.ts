import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { afterCursor, page } from '../../db/listing.js';
import type { DB, FormSubmissionsTable, FormsTable } from '../../db/schema.js';
import { invalid } from '../../shared/errors.js';

export type FormRow = Selectable<FormsTable>;
export type SubmissionRow = Selectable<FormSubmissionsTable> & {
  contact_first_name: string | null;
  contact_last_name: string | null;
};

export function createFormsRepository(db: Kysely<DB>) {
  return {
    findById: (id: string, trx: Kysely<DB> = db) =>
      trx.selectFrom('forms').selectAll().where('id', '=', id).executeTakeFirst(),

    findByPublicId: (publicId: string, trx: Kysely<DB> = db) =>
      trx.selectFrom('forms').selectAll().where('public_id', '=', publicId).executeTakeFirst(),

    async list(f: {
      status: 'active' | 'archived' | 'all';
      cursor?: string | undefined;
      limit: number;
      order: 'asc' | 'desc';
    }): Promise<{ rows: FormRow[]; nextCursor: string | null }> {
      let q = db.selectFrom('forms').selectAll();
      if (f.status !== 'all') q = q.where('status', '=', f.status);
      if (f.cursor) q = q.where(afterCursor(f.cursor, 'created_at', 'id', f.order, 'timestamp'));
      const rows = await q
        .orderBy('created_at', f.order)
        .orderBy('id', f.order)
        .limit(f.limit + 1)
        .execute();
      return page(rows, f.limit, (r) => [r.created_at, r.id]);
    },

    insert: (row: Insertable<FormsTable>, trx: Kysely<DB>) => trx.insertInto('forms').values(row).execute(),

    update: (id: string, row: Updateable<FormsTable>, trx: Kysely<DB>) =>
      trx.updateTable('forms').set(row).where('id', '=', id).execute(),

    delete: (id: string, trx: Kysely<DB>) => trx.deleteFrom('forms').where('id', '=', id).execute(),

    async insertSubmission(row: Insertable<FormSubmissionsTable>, trx: Kysely<DB>): Promise<void> {
      await trx.insertInto('form_submissions').values(row).execute();
      await trx
        .updateTable('forms')
        .set((eb) => ({ submission_count: eb('submission_count', '+', 1) }))
        .where('id', '=', row.form_id)
        .execute();
    },

    async submissions(
      formId: string,
      f: { cursor?: string | undefined; limit: number },
    ): Promise<{ rows: SubmissionRow[]; nextCursor: string | null }> {
      let q = db
        .selectFrom('form_submissions as s')
        .leftJoin('contacts as c', 'c.id', 's.contact_id')
        .selectAll('s')
        .select(['c.first_name as contact_first_name', 'c.last_name as contact_last_name'])
        .where('s.form_id', '=', formId);
      if (f.cursor) {
        const before = Number(f.cursor);
        if (!/^\d{1,15}$/.test(f.cursor)) throw invalid('cursor', 'Not a cursor returned by this list.');
        q = q.where('s.id', '<', before);
      }
      const rows = await q
        .orderBy('s.id', 'desc')
        .limit(f.limit + 1)
        .execute();
      const pageRows = rows.slice(0, f.limit);
      const last = pageRows.at(-1);
      return { rows: pageRows, nextCursor: rows.length > f.limit && last ? String(last.id) : null };
    },

    /** A form's submissions in the order they came, after the one with id `afterId`, for an export. */
    submissionsAfter: (formId: string, afterId: number, limit: number): Promise<Selectable<FormSubmissionsTable>[]> =>
      db
        .selectFrom('form_submissions')
        .selectAll()
        .where('form_id', '=', formId)
        .where('id', '>', afterId)
        .orderBy('id', 'asc')
        .limit(limit)
        .execute(),
  };
}
