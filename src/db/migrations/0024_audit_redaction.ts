import { sql } from 'kysely';
import { columnTypes, dialectOf, makeAppendOnly, type AnyDb } from './helpers.js';

/**
 * Erasing a person (GDPR Article 17) keeps the audit log's entries about them (who did what, and when) but
 * replaces the values they carried. The log stays append-only for everything else: an entry may be updated
 * only once a row in `audit_redactions` names it, and then only its `before` and `after`; deletes still fail.
 * `audit_redactions` is itself append-only, so a redaction is on record for good.
 */
const FROZEN_COLUMNS = ['id', 'at', 'actor_id', 'actor_kind', 'entity_type', 'entity_id', 'action', 'request_id'];

export async function up(db: AnyDb): Promise<void> {
  const dialect = dialectOf(db);
  const t = columnTypes(dialect);
  await db.schema
    .createTable('audit_redactions')
    .addColumn('audit_id', 'bigint', (c) => c.primaryKey())
    .addColumn('redacted_at', t.timestamp, (c) => c.notNull())
    .execute();
  await makeAppendOnly(db, dialect, 'audit_redactions');

  if (dialect === 'postgres') {
    const unchanged = FROZEN_COLUMNS.map((c) => `new.${c} is not distinct from old.${c}`).join(' and ');
    await sql
      .raw(
        `create or replace function tandem_audit_redaction_only() returns trigger language plpgsql as $$
         begin
           if tg_op = 'UPDATE' and ${unchanged}
              and exists (select 1 from audit_redactions r where r.audit_id = old.id) then
             return new;
           end if;
           raise exception '% is append-only', TG_TABLE_NAME;
         end $$`,
      )
      .execute(db);
    await sql`drop trigger audit_log_append_only on audit_log`.execute(db);
    await sql
      .raw(
        `create trigger audit_log_append_only before update or delete on audit_log
         for each row execute function tandem_audit_redaction_only()`,
      )
      .execute(db);
    return;
  }
  const changed = FROZEN_COLUMNS.map((c) => `new.${c} is not old.${c}`).join(' or ');
  await sql`drop trigger audit_log_no_update`.execute(db);
  await sql
    .raw(
      `create trigger audit_log_no_update before update on audit_log
       when ${changed} or not exists (select 1 from audit_redactions r where r.audit_id = old.id)
       begin select raise(abort, 'audit_log is append-only'); end`,
    )
    .execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  const dialect = dialectOf(db);
  if (dialect === 'postgres') {
    await sql`drop trigger audit_log_append_only on audit_log`.execute(db);
    await sql`drop function if exists tandem_audit_redaction_only()`.execute(db);
    await sql
      .raw(
        `create trigger audit_log_append_only before update or delete on audit_log
         for each row execute function tandem_append_only()`,
      )
      .execute(db);
  } else {
    await sql`drop trigger audit_log_no_update`.execute(db);
    await sql
      .raw(
        `create trigger audit_log_no_update before update on audit_log
         begin select raise(abort, 'audit_log is append-only'); end`,
      )
      .execute(db);
  }
  await db.schema.dropTable('audit_redactions').execute();
}
