import { columnTypes, dialectOf, type AnyDb } from './helpers.js';

/**
 * The websites marketing tracks (`tracked_sites.domains`, a JSON array of host names): a clicked email link
 * hands the contact's identity token only to pages on them. One row, `default`; none until first saved (no
 * site listed: only Tandem's own host receives the token).
 */
export async function up(db: AnyDb): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema
    .createTable('tracked_sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('domains', t.json, (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('tracked_sites').execute();
}
