import { sql } from 'kysely';
import { columnTypes, dialectOf, type AnyDb } from './helpers.js';

/**
 * CSV imports of contacts. An import row is the run's progress record: each committed batch updates its
 * counts and last committed row in the same transaction as the batch's contacts, so after a crash it states
 * exactly what was written. Rejected rows keep their reason and the raw cells for the downloadable report;
 * import_contacts links every contact an import created or updated to the import and the row.
 */
export async function up(db: AnyDb): Promise<void> {
  const dialect = dialectOf(db);
  const t = columnTypes(dialect);
  // SQLite: rows of these two tables are stored in their primary key's order (one b-tree, not two): an
  // import writes one link per contact, a million in a large file.
  const clustered = dialect === 'sqlite' ? sql`without rowid` : sql``;

  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('dry_run', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('file_name', 'text', (c) => c.notNull())
    // Where an upload waits on the server (under the data directory); null once it is deleted.
    .addColumn('file_path', 'text')
    .addColumn('file_bytes', 'integer', (c) => c.notNull())
    .addColumn('delimiter', 'text')
    .addColumn('headers', t.json)
    .addColumn('options', t.json)
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('started_at', t.timestamp)
    .addColumn('finished_at', t.timestamp)
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accounts_created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_row', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('imports_created_idx').on('imports').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('import_rejections')
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('raw', t.json, (c) => c.notNull())
    .addPrimaryKeyConstraint('import_rejections_pk', ['import_id', 'row_number'])
    .modifyEnd(clustered)
    .execute();

  // No foreign key to contacts: the link outlives a deleted contact as history, and the bulk insert stays
  // one index lookup cheaper per row.
  await db.schema
    .createTable('import_contacts')
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_contacts_pk', ['import_id', 'row_number'])
    .modifyEnd(clustered)
    .execute();
  await db.schema.createIndex('import_contacts_contact_idx').on('import_contacts').column('contact_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('import_contacts').execute();
  await db.schema.dropTable('import_rejections').execute();
  await db.schema.dropTable('imports').execute();
}
