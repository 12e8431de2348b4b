import { sql } from 'kysely';
import { columnTypes, dialectOf, type AnyDb } from './helpers.js';

/**
 * Saved views of the leads list: a named set of the list's filters (`filters`, a JSON object the list's own
 * query schema accepts), private to its owner unless `shared` (1: everyone signed in sees it). `name_key` is
 * the name folded by normalizeText: one owner cannot have two views whose names differ only in case or
 * letter forms.
 */
export async function up(db: AnyDb): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema
    .createTable('contact_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`shared in (0, 1)`),
    )
    .addColumn('filters', t.json, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contact_views_owner_name_uq')
    .on('contact_views')
    .columns(['owner_id', 'name_key'])
    .unique()
    .execute();
  // The list reads "mine or shared" by name.
  await db.schema.createIndex('contact_views_shared_idx').on('contact_views').columns(['shared', 'name_key']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('contact_views').execute();
}
