import { sql } from 'kysely';
import { columnTypes, dialectOf, makeAppendOnly, serialId, type AnyDb } from './helpers.js';

export async function up(db: AnyDb): Promise<void> {
  const dialect = dialectOf(db);
  const t = columnTypes(dialect);

  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_norm', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('admin', 'marketing', 'sales_manager', 'sales_rep')`),
    )
    .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('password_hash', 'text')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('active')
        .check(sql`status in ('active', 'deactivated')`),
    )
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_team_idx').on('users').column('team_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_used_at', t.timestamp)
    .addColumn('revoked_at', t.timestamp)
    .execute();
  await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('domain', 'text')
    .addColumn('industry', 'text')
    .addColumn('employee_count', 'integer')
    .addColumn('country', 'text')
    .addColumn('city', 'text')
    .addColumn('annual_revenue', t.double)
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('custom_fields', t.json, (c) => c.notNull())
    .addColumn('name_norm', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('contact_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accounts_owner_idx').on('accounts').column('owner_id').execute();
  await db.schema.createIndex('accounts_domain_idx').on('accounts').column('domain').execute();
  await db.schema.createIndex('accounts_name_idx').on('accounts').columns(['name_norm', 'id']).execute();
  await db.schema.createIndex('accounts_created_idx').on('accounts').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('accounts_updated_idx').on('accounts').columns(['updated_at', 'id']).execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('job_title', 'text')
    .addColumn('seniority', 'text')
    .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('source', 'text')
    .addColumn('custom_fields', t.json, (c) => c.notNull())
    .addColumn('name_norm', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contacts_owner_idx').on('contacts').columns(['owner_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('contacts_account_idx').on('contacts').column('account_id').execute();
  await db.schema.createIndex('contacts_email_idx').on('contacts').column('email').execute();
  await db.schema.createIndex('contacts_phone_idx').on('contacts').column('phone').execute();
  await db.schema.createIndex('contacts_name_idx').on('contacts').columns(['name_norm', 'id']).execute();
  await db.schema.createIndex('contacts_created_idx').on('contacts').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('contacts_updated_idx').on('contacts').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('contacts_last_name_idx').on('contacts').columns(['last_name', 'id']).execute();
  await db.schema.createIndex('contacts_first_name_idx').on('contacts').columns(['first_name', 'id']).execute();

  let audit = db.schema.createTable('audit_log');
  audit = serialId(audit, dialect)
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before', t.json)
    .addColumn('after', t.json)
    .addColumn('request_id', 'text');
  await audit.execute();
  await db.schema.createIndex('audit_entity_idx').on('audit_log').columns(['entity_type', 'entity_id', 'id']).execute();
  await makeAppendOnly(db, dialect, 'audit_log');

  let outbox = db.schema.createTable('outbox');
  outbox = serialId(outbox, dialect)
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('aggregate_type', 'text', (c) => c.notNull())
    .addColumn('aggregate_id', 'text', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('available_at', t.timestamp, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', t.timestamp)
    .addColumn('processed_at', t.timestamp)
    .addColumn('last_error', 'text');
  await outbox.execute();
  // The worker only ever looks at unprocessed entries: a partial index keeps that scan small forever.
  await db.schema
    .createIndex('outbox_pending_idx')
    .on('outbox')
    .columns(['available_at', 'id'])
    .where(sql.ref('processed_at'), 'is', null)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['outbox', 'audit_log', 'contacts', 'accounts', 'api_tokens', 'sessions', 'users', 'teams']) {
    await db.schema.dropTable(table).execute();
  }
  if (dialectOf(db) === 'postgres') await sql`drop function if exists tandem_append_only()`.execute(db);
}
