import { sql } from 'kysely';
import { dialectOf, type AnyDb } from './helpers.js';

/**
 * Trigram indexes for substring search (`search_text like '%term%'`), so a search for a rare name, an email
 * or a phone does not read every row. SQLite: an FTS5 trigram table kept in sync by triggers (the FTS5
 * LIKE operator uses it). PostgreSQL: pg_trgm's GIN operator class.
 */
const TABLES = ['contacts', 'accounts'] as const;

export async function up(db: AnyDb): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    // Several schemas in one database may migrate at once; the extension is database-wide.
    await sql`select pg_advisory_xact_lock(hashtext('tandem.pg_trgm'))`.execute(db);
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
    for (const table of TABLES) {
      await sql
        .raw(`create index ${table}_search_trgm on ${table} using gin (search_text public.gin_trgm_ops)`)
        .execute(db);
    }
    return;
  }
  for (const table of TABLES) {
    const fts = `${table}_search`;
    await sql
      .raw(
        `create virtual table ${fts} using fts5(search_text, content='${table}', content_rowid='rowid', tokenize='trigram')`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${fts}_insert after insert on ${table} begin
           insert into ${fts}(rowid, search_text) values (new.rowid, new.search_text);
         end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${fts}_delete after delete on ${table} begin
           insert into ${fts}(${fts}, rowid, search_text) values ('delete', old.rowid, old.search_text);
         end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${fts}_update after update of search_text on ${table} begin
           insert into ${fts}(${fts}, rowid, search_text) values ('delete', old.rowid, old.search_text);
           insert into ${fts}(rowid, search_text) values (new.rowid, new.search_text);
         end`,
      )
      .execute(db);
    await sql.raw(`insert into ${fts}(${fts}) values ('rebuild')`).execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of TABLES) {
    if (dialectOf(db) === 'postgres') {
      await sql.raw(`drop index if exists ${table}_search_trgm`).execute(db);
    } else {
      for (const t of ['insert', 'delete', 'update'])
        await sql.raw(`drop trigger if exists ${table}_search_${t}`).execute(db);
      await sql.raw(`drop table if exists ${table}_search`).execute(db);
    }
  }
}
