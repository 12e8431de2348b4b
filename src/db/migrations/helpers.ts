import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely';
import type { AnyKysely } from '../database.js';

export type AnyDb = AnyKysely;
export type MigrationDialect = 'sqlite' | 'postgres';

export { dialectOf } from '../database.js';

export function columnTypes(dialect: MigrationDialect) {
  return {
    timestamp: dialect === 'postgres' ? sql`timestamptz` : sql`text`,
    json: dialect === 'postgres' ? sql`jsonb` : sql`text`,
    double: sql`double precision`,
  };
}

/** An auto-incrementing 64-bit primary key on both dialects. */
export function serialId<TB extends string, C extends string>(
  table: CreateTableBuilder<TB, C>,
  dialect: MigrationDialect,
): CreateTableBuilder<TB, C | 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'bigserial', (c: ColumnDefinitionBuilder) => c.primaryKey())
    : table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
}

/** Makes a table append-only at the database level: updates and deletes fail whoever issues them. */
export async function makeAppendOnly(db: AnyDb, dialect: MigrationDialect, table: string): Promise<void> {
  if (dialect === 'postgres') {
    await sql
      .raw(
        `create or replace function tandem_append_only() returns trigger language plpgsql as $$
         begin raise exception '% is append-only', TG_TABLE_NAME; end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_append_only before update or delete on ${table}
         for each row execute function tandem_append_only()`,
      )
      .execute(db);
  } else {
    for (const op of ['update', 'delete']) {
      await sql
        .raw(
          `create trigger ${table}_no_${op} before ${op} on ${table}
           begin select raise(abort, '${table} is append-only'); end`,
        )
        .execute(db);
    }
  }
}
