import { sql } from 'kysely';
import { columnTypes, dialectOf, serialId, type AnyDb } from './helpers.js';

/**
 * Bulk rescoring: a settings change rescores every contact, an import its new contacts, one bounded chunk
 * per outbox event. Each run's cursor and progress live here, so a restart continues where it stopped and a
 * newer settings version can supersede a running pass.
 */
export async function up(db: AnyDb): Promise<void> {
  const dialect = dialectOf(db);
  const t = columnTypes(dialect);
  let rescores = db.schema.createTable('scoring_rescores');
  rescores = serialId(rescores, dialect)
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('settings_version', 'integer', (c) => c.notNull())
    .addColumn('import_id', 'text')
    .addColumn('contact_ids', t.json)
    .addColumn('cursor', 'text')
    .addColumn('step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('changed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('finished_at', t.timestamp);
  await rescores.execute();
  await db.schema.createIndex('scoring_rescores_status_idx').on('scoring_rescores').columns(['status', 'id']).execute();

  // The worker leases the oldest pending outbox entries (`order by id limit n`). Without statistics SQLite
  // answers that by walking the whole outbox in id order, processed entries included (2 ms per lease at
  // 50,000 entries, growing with every event; a bulk rescore leases a thousand times). Pending entries by id
  // make it a short walk on both databases.
  await db.schema
    .createIndex('outbox_pending_id_idx')
    .on('outbox')
    .column('id')
    .where(sql.ref('processed_at'), 'is', null)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('outbox_pending_id_idx').execute();
  await db.schema.dropTable('scoring_rescores').execute();
}
