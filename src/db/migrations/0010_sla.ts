import { columnTypes, dialectOf, makeAppendOnly, type AnyDb } from './helpers.js';

/**
 * The SLA agreement: stored business calendars, and SLAs as a head row (name, current version) with one
 * immutable row per version. A version holds the whole agreement and a copy of the calendar it counts time
 * with, so a handoff started under it keeps its clock rules however the calendar is edited later.
 *
 * Names are unique as folded by normalizeText (case, Persian/Arabic letter forms, digits): `name_key`
 * holds that folding, computed in the application so both databases compare names the same way.
 */
export async function up(db: AnyDb): Promise<void> {
  const dialect = dialectOf(db);
  const t = columnTypes(dialect);

  await db.schema
    .createTable('calendars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('definition', t.json, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('slas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('archived_at', t.timestamp)
    .execute();

  await db.schema
    .createTable('sla_versions')
    .addColumn('sla_id', 'text', (c) => c.notNull().references('slas.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('document', t.json, (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull().references('calendars.id'))
    .addColumn('calendar', t.json, (c) => c.notNull())
    // No foreign key to users: a version is never rewritten, not even to clear its author.
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('sla_versions_pk', ['sla_id', 'version'])
    .execute();
  await db.schema.createIndex('sla_versions_calendar_idx').on('sla_versions').column('calendar_id').execute();
  // A version is what handoffs started under: it is never changed or removed, whoever asks.
  await makeAppendOnly(db, dialect, 'sla_versions');
}

export async function down(db: AnyDb): Promise<void> {
  // Dropping a table drops its triggers; the append-only function stays for the audit log.
  await db.schema.dropTable('sla_versions').execute();
  await db.schema.dropTable('slas').execute();
  await db.schema.dropTable('calendars').execute();
}
