import { columnTypes, dialectOf, serialId, type AnyDb } from './helpers.js';

/**
 * Capture and identity: forms and their submissions, the campaign a contact first came from, the predictive
 * score, merges of duplicate contacts (so the audit trail of both stays reachable), idempotency keys for
 * the lead API, and server-side secrets (the key that signs email links).
 */
export async function up(db: AnyDb): Promise<void> {
  const dialect = dialectOf(db);
  const t = columnTypes(dialect);

  await db.schema.alterTable('contacts').addColumn('campaign', 'text').execute();
  await db.schema.alterTable('contacts').addColumn('predictive_score', t.double).execute();
  await db.schema
    .createIndex('contacts_campaign_idx')
    .on('contacts')
    .columns(['campaign', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('contacts_source_idx').on('contacts').columns(['source', 'created_at', 'id']).execute();

  let merges = db.schema.createTable('contact_merges');
  merges = serialId(merges, dialect)
    .addColumn('winner_id', 'text', (c) => c.notNull())
    .addColumn('loser_id', 'text', (c) => c.notNull())
    .addColumn('merged_at', t.timestamp, (c) => c.notNull())
    .addColumn('merged_by', 'text')
    .addColumn('loser_snapshot', t.json, (c) => c.notNull());
  await merges.execute();
  await db.schema.createIndex('contact_merges_winner_idx').on('contact_merges').column('winner_id').execute();
  await db.schema.createIndex('contact_merges_loser_idx').on('contact_merges').column('loser_id').execute();

  await db.schema
    .createTable('forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', t.json, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submission_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  let submissions = db.schema.createTable('form_submissions');
  submissions = serialId(submissions, dialect)
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('visitor_id', 'text')
    .addColumn('submitted_at', t.timestamp, (c) => c.notNull())
    .addColumn('data', t.json, (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('referrer', 'text')
    .addColumn('utm_source', 'text')
    .addColumn('utm_medium', 'text')
    .addColumn('utm_campaign', 'text')
    .addColumn('utm_term', 'text')
    .addColumn('utm_content', 'text');
  await submissions.execute();
  await db.schema.createIndex('form_submissions_form_idx').on('form_submissions').columns(['form_id', 'id']).execute();
  await db.schema.createIndex('form_submissions_contact_idx').on('form_submissions').column('contact_id').execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response', t.json, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal', 'key'])
    .execute();

  await db.schema
    .createTable('app_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('app_secrets').execute();
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.dropTable('form_submissions').execute();
  await db.schema.dropTable('forms').execute();
  await db.schema.dropTable('contact_merges').execute();
  await db.schema.dropIndex('contacts_source_idx').execute();
  await db.schema.dropIndex('contacts_campaign_idx').execute();
  await db.schema.alterTable('contacts').dropColumn('predictive_score').execute();
  await db.schema.alterTable('contacts').dropColumn('campaign').execute();
}
