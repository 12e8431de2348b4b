import { columnTypes, dialectOf, type AnyDb } from './helpers.js';

/**
 * What a bulk load (SQLite, `tandem import contacts` of a large file) leaves for its end, written down so it
 * is done whatever happens to the process: the contact indexes it creates again (with their definitions)
 * and the companies' contact counts it recounts. And the contacts whose email or phone changed meanwhile, or
 * whose rowid may come back (filled by triggers that exist only during the load), so that its in-memory
 * duplicate check sees them.
 * See src/modules/imports/bulk-load.ts. The tables exist on both databases; only SQLite loads use them.
 */
export async function up(db: AnyDb): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema
    .createTable('bulk_load_work')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('definition', 'text')
    .addColumn('import_id', 'text', (c) => c.notNull())
    // The loading process (SQLite runs on one machine): a load whose process is gone is restored at once.
    .addColumn('pid', 'integer')
    .addColumn('deferred_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('contact_identity_changes')
    .addColumn('contact_rowid', 'bigint', (c) => c.notNull())
    // 1: the contact with the largest rowid was deleted, so the next insert may reuse its rowid.
    .addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('contact_identity_changes').execute();
  await db.schema.dropTable('bulk_load_work').execute();
}
