import { columnTypes, dialectOf, type AnyDb } from './helpers.js';

/**
 * What a bulk load (SQLite, `tandem import contacts` of a large file) sets aside while it runs: the contact
 * indexes it rebuilds at the end, with their definitions, so that they are restored whatever happens to the
 * process; and the contacts whose email or phone changed meanwhile (filled by a trigger that exists only
 * during the load), so that its in-memory duplicate check sees them. See src/modules/imports/bulk-load.ts.
 * The tables exist on both databases; only SQLite loads use them.
 */
export async function up(db: AnyDb): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema
    .createTable('deferred_indexes')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('deferred_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('contact_identity_changes')
    .addColumn('contact_rowid', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('contact_identity_changes').execute();
  await db.schema.dropTable('deferred_indexes').execute();
}
