import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/database.js';

// The helpers below insert into tables by name (including a scratch table the schema types do not know),
// so they work on an untyped Kysely. Callers build their rows with the schema's Insertable types.
type AnyKysely = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** How rows are written: multi-row inserts of `batchSize`, `batchesPerTransaction` of them per transaction. */
export interface BatchShape {
  batchSize: number;
  batchesPerTransaction: number;
}

export const DEFAULT_BATCH_SHAPE: BatchShape = { batchSize: 500, batchesPerTransaction: 20 };

/**
 * SQLite (3.32+) binds at most 32,766 parameters per statement and PostgreSQL 65,535; the lower bound keeps
 * one code path for both. 500 contacts x 16 columns = 8,000, well inside it, but wide tables get clamped.
 */
const MAX_BIND_PARAMETERS = 32_766;

/**
 * Inserts rows as they are produced: buffers one transaction's worth, then writes it in multi-row inserts.
 * Returns the number of rows written. `onFlush` reports the running total after each transaction.
 */
export async function insertInBatches(
  db: AnyKysely,
  table: string,
  rows: Iterable<Record<string, unknown>>,
  shape: BatchShape = DEFAULT_BATCH_SHAPE,
  onFlush?: (inserted: number) => void,
): Promise<number> {
  let pending: Record<string, unknown>[] = [];
  let inserted = 0;
  let batchSize = shape.batchSize;

  const flush = async () => {
    if (pending.length === 0) return;
    const chunk = pending;
    pending = [];
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < chunk.length; i += batchSize) {
        await trx
          .insertInto(table)
          .values(chunk.slice(i, i + batchSize))
          .execute();
      }
    });
    inserted += chunk.length;
    onFlush?.(inserted);
  };

  for (const row of rows) {
    if (inserted === 0 && pending.length === 0) {
      const columns = Object.keys(row).length;
      batchSize = Math.max(1, Math.min(shape.batchSize, Math.floor(MAX_BIND_PARAMETERS / columns)));
    }
    pending.push(row);
    if (pending.length >= batchSize * shape.batchesPerTransaction) await flush();
  }
  await flush();
  return inserted;
}

/**
 * The baseline for the generator: the same number of rows, in the same batch shape, into a scratch table of
 * two text columns with no indexes and nothing derived. generate_rows_per_s / this rate is the price of our
 * derived columns, wider rows and the contacts indexes. A regular table (not TEMP) on purpose: on SQLite a
 * TEMP table lives in a separate temp database that skips the WAL, which would flatter the baseline.
 */
export async function trivialInsertRate(
  database: Database,
  rowCount: number,
  shape: BatchShape = DEFAULT_BATCH_SHAPE,
): Promise<{ rows: number; ms: number; rowsPerSecond: number }> {
  const db = database.db as unknown as AnyKysely;
  const table = 'bench_baseline';
  await sql`drop table if exists ${sql.table(table)}`.execute(db);
  await sql`create table ${sql.table(table)} (a text not null, b text not null)`.execute(db);
  try {
    function* rows() {
      for (let i = 0; i < rowCount; i++) yield { a: `row-${i}`, b: 'baseline' };
    }
    const started = performance.now();
    const rowsWritten = await insertInBatches(db, table, rows(), shape);
    const ms = performance.now() - started;
    return { rows: rowsWritten, ms, rowsPerSecond: rowsWritten / (ms / 1000) };
  } finally {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
