import {
  Migrator,
  sql,
  type DatabaseIntrospector,
  type Kysely,
  type MigrationResultSet,
  type TableMetadata,
} from 'kysely';
import type { DB } from './schema.js';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

/**
 * Kysely's migrator asks whether its own two tables exist by introspecting every column of every table in
 * every schema of the database (with a `pg_get_serial_sequence` call per column). On a PostgreSQL database
 * shared with other installations (or with parallel test runs) that query races with their DDL and fails
 * ("column ... does not exist", "schema ... does not exist") while our own migration is fine; it also grows
 * with everything else in the database. The migrator only needs table names in our schema, so it gets an
 * introspector that lists exactly those.
 */
export function schemaIntrospector(db: Kysely<DB>, schema: string | undefined): DatabaseIntrospector {
  const getTables = async (): Promise<TableMetadata[]> => {
    const { rows } = await sql<{ schema: string; name: string; kind: string }>`
      select ns.nspname as schema, c.relname as name, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      where ns.nspname = coalesce(${schema ?? null}::text, current_schema()) and c.relkind in ('r', 'v', 'p')
      order by c.relname`.execute(db);
    return rows.map((r) => ({ schema: r.schema, name: r.name, isView: r.kind === 'v', columns: [] }));
  };
  return {
    getSchemas: async () =>
      (await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(db)).rows,
    getTables,
    getMetadata: async () => ({ tables: await getTables() }),
  };
}

/** The app's Kysely instance as the migrator sees it: the same connections, the scoped introspector. */
function forMigrator(database: Database): Kysely<DB> {
  if (database.dialect !== 'postgres') return database.db;
  const introspection = schemaIntrospector(database.db, database.schema);
  return new Proxy(database.db, {
    get(target, prop) {
      if (prop === 'introspection') return introspection;
      const value: unknown = Reflect.get(target, prop, target);
      // Kysely keeps its state in private fields, which only the instance itself can read.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function migrator(database: Database): Migrator {
  return new Migrator({
    db: forMigrator(database),
    // Named explicitly: otherwise Kysely finds the migration tables of any schema in the database (another
    // installation, a test run) and takes them for ours.
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
}

function unwrap(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${cause}`, { cause: result.error });
  }
  return result;
}

export async function migrateToLatest(database: Database): Promise<string[]> {
  const result = unwrap(await migrator(database).migrateToLatest());
  return (result.results ?? []).map((r) => r.migrationName);
}

export async function migrateDown(database: Database): Promise<string[]> {
  const result = unwrap(await migrator(database).migrateDown());
  return (result.results ?? []).map((r) => r.migrationName);
}

export async function migrationStatus(database: Database): Promise<{ name: string; executedAt: string | null }[]> {
  const list = await migrator(database).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt ? m.executedAt.toISOString() : null }));
}
