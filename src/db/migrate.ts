import { Migrator, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

function migrator(database: Database): Migrator {
  return new Migrator({
    db: database.db,
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
