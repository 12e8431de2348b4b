import { columnTypes, dialectOf, serialId, type AnyDb } from './helpers.js';

/**
 * Lead temperature: each contact carries its fit, engagement and temperature, every change of temperature
 * is kept with its reasons, and marketing's scoring settings (ICP, engagement rules, thresholds) are one
 * versioned document.
 */
export async function up(db: AnyDb): Promise<void> {
  const dialect = dialectOf(db);
  const t = columnTypes(dialect);
  await db.schema
    .alterTable('contacts')
    .addColumn('fit_score', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('contacts')
    .addColumn('fit_grade', 'text', (c) => c.notNull().defaultTo('D'))
    .execute();
  await db.schema
    .alterTable('contacts')
    .addColumn('engagement_score', t.double, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('contacts')
    .addColumn('temperature', 'text', (c) => c.notNull().defaultTo('cold'))
    .execute();
  await db.schema.alterTable('contacts').addColumn('temperature_changed_at', t.timestamp).execute();
  await db.schema
    .createIndex('contacts_temperature_idx')
    .on('contacts')
    .columns(['temperature', 'created_at', 'id'])
    .execute();

  let changes = db.schema.createTable('temperature_changes');
  changes = serialId(changes, dialect)
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('from_temperature', 'text', (c) => c.notNull())
    .addColumn('to_temperature', 'text', (c) => c.notNull())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('reasons', t.json, (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull());
  await changes.execute();
  await db.schema
    .createIndex('temperature_changes_contact_idx')
    .on('temperature_changes')
    .columns(['contact_id', 'id'])
    .execute();

  await db.schema
    .createTable('scoring_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document', t.json, (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('scoring_settings').execute();
  await db.schema.dropTable('temperature_changes').execute();
  await db.schema.dropIndex('contacts_temperature_idx').execute();
  for (const column of ['temperature_changed_at', 'temperature', 'engagement_score', 'fit_grade', 'fit_score']) {
    await db.schema.alterTable('contacts').dropColumn(column).execute();
  }
}
