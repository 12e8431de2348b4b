import { columnTypes, dialectOf, serialId, type AnyDb } from './helpers.js';

/**
 * Website and email tracking: anonymous visitors (a random id the browser keeps) and the append-only
 * stream of what visitors and contacts did. A visitor is merged into a contact when identified.
 */
export async function up(db: AnyDb): Promise<void> {
  const dialect = dialectOf(db);
  const t = columnTypes(dialect);

  await db.schema
    .createTable('visitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('first_seen_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visitors_contact_idx').on('visitors').column('contact_id').execute();

  let events = db.schema.createTable('events');
  events = serialId(events, dialect)
    .addColumn('visitor_id', 'text')
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_at', t.timestamp, (c) => c.notNull())
    .addColumn('received_at', t.timestamp, (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('referrer', 'text')
    .addColumn('utm_source', 'text')
    .addColumn('utm_medium', 'text')
    .addColumn('utm_campaign', 'text')
    .addColumn('utm_term', 'text')
    .addColumn('utm_content', 'text')
    .addColumn('properties', t.json, (c) => c.notNull());
  await events.execute();
  await db.schema.createIndex('events_visitor_idx').on('events').columns(['visitor_id', 'occurred_at']).execute();
  await db.schema.createIndex('events_contact_idx').on('events').columns(['contact_id', 'occurred_at']).execute();
  await db.schema.createIndex('events_type_time_idx').on('events').columns(['type', 'occurred_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('events').execute();
  await db.schema.dropTable('visitors').execute();
}
