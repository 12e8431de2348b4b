import { sql } from 'kysely';
import { columnTypes, dialectOf, type AnyDb } from './helpers.js';

/**
 * Notifications by email when SMTP is configured. A notification written while mail is on carries its
 * delivery state: `pending` (due at `mail_next_at`), `sending` (claimed by a sender until `mail_next_at`, so
 * a sender that dies mid-way is taken over after the lease), `sent` or `failed` (after the last attempt,
 * with the error). Null: not to be mailed (in-app only). The sender reads due rows by `mail_next_at` among
 * the unfinished ones only (a partial index on both databases).
 */
export async function up(db: AnyDb): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema.alterTable('notifications').addColumn('mail_state', 'text').execute();
  await db.schema
    .alterTable('notifications')
    .addColumn('mail_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('notifications').addColumn('mail_next_at', t.timestamp).execute();
  await db.schema.alterTable('notifications').addColumn('mail_sent_at', t.timestamp).execute();
  await db.schema.alterTable('notifications').addColumn('mail_error', 'text').execute();
  await db.schema
    .createIndex('notifications_mail_due_idx')
    .on('notifications')
    .columns(['mail_next_at', 'id'])
    .where(sql.ref('mail_state'), 'in', sql`('pending', 'sending')`)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('notifications_mail_due_idx').execute();
  for (const column of ['mail_error', 'mail_sent_at', 'mail_next_at', 'mail_attempts', 'mail_state']) {
    await db.schema.alterTable('notifications').dropColumn(column).execute();
  }
}
