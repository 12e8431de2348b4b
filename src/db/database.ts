import SQLite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { prepareRepeatedStatements } from './prepared.js';
import { BACKSTOP_PAGES, SQLITE_DEFAULT_AUTOCHECKPOINT, startCheckpointer } from './checkpointer.js';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  /** PostgreSQL schema holding Tandem's tables (and its migration bookkeeping). */
  readonly schema?: string | undefined;
  /** Verifies the database answers; used by /health. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * SQLite only: runs `work` synchronously on the app's connection while no Kysely query or transaction holds
   * it (it waits its turn like a transaction). For hot paths that commit many rows through prepared
   * statements, where building each query through Kysely costs more than running it. Undefined on PostgreSQL.
   */
  readonly exclusive?: (<T>(work: (sqlite: SQLite.Database) => T) => Promise<T>) | undefined;
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const PG_TIMESTAMPTZ = 1184;
const PG_TIMESTAMP = 1114;

/**
 * Both dialects hand the application the same shapes: timestamps as ISO 8601 UTC strings, 64-bit integers
 * as numbers (ids and counts stay far below 2^53), JSON columns as text parsed by repositories.
 */
function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === PG_INT8 || oid === PG_NUMERIC) return (v: string) => Number(v);
      if (oid === PG_TIMESTAMPTZ) return (v: string) => new Date(v).toISOString();
      if (oid === PG_TIMESTAMP) return (v: string) => new Date(v + 'Z').toISOString();
      return pg.types.getTypeParser(oid, format ?? 'text');
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

/**
 * SQLite transactions start with BEGIN IMMEDIATE: a transaction that reads and then writes would otherwise
 * fail at once with SQLITE_BUSY when another connection (a CLI import beside the server, a second worker)
 * wrote in between. IMMEDIATE takes the write lock up front and waits for it (busy_timeout) instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** Prepared statements kept per connection: enough for every query shape the app runs, bounded all the same. */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing (parsing and planning the SQL) often costs more
 * than running it (a 20-column join: several times more). The same SQL text gets the same prepared statement
 * back, least recently used ones are dropped past `size`. A statement still being iterated (`busy`) is
 * never handed out twice: that query gets a fresh one. SQLite re-prepares a statement by itself after a
 * schema change (a migration), so a cached one never runs against a stale plan.
 */
export function cachingStatements(sqlite: SQLite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      const cached = statements.get(sqlText);
      if (cached && !cached.busy) {
        // Map order is insertion order: re-inserting marks it most recently used.
        statements.delete(sqlText);
        statements.set(sqlText, cached);
        return cached;
      }
      const statement = sqlite.prepare(sqlText);
      if (!cached) {
        statements.set(sqlText, statement);
        if (statements.size > size) statements.delete(statements.keys().next().value!);
      }
      return statement;
    },
  };
}

export function createDatabase(config: Pick<Config, 'database'>): Database {
  const cfg = config.database;
  if (cfg.dialect === 'postgres') {
    const schema = cfg.schema;
    const pool = new pg.Pool({
      connectionString: cfg.url,
      max: 10,
      types: pgTypes(),
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    pool.on('connect', (client) => {
      if (cfg.prepareStatements !== false) prepareRepeatedStatements(client);
      // JIT compilation off: the planner switches it on from cost estimates, which are far too high while a
      // table is young and not analysed yet, and compiling then costs 100-200 ms on a statement that runs in
      // 2 (seen on the rescoring reaction's latest-change lookup); Tandem's statements are short OLTP ones.
      // Set on the session (queued before the pool hands the client out) rather than as a startup option,
      // so PGOPTIONS and the URL's own options still apply. A failure here means a broken connection, which
      // the first real query reports.
      client.query('set jit = off').catch(() => undefined);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      schema: schema ?? 'public',
      ping: async () => {
        await sql`select 1`.execute(db);
      },
      close: () => db.destroy(),
    };
  }
  if (cfg.file !== ':memory:') mkdirSync(dirname(cfg.file), { recursive: true });
  const sqlite = new SQLite(cfg.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted and overwritten rows are zeroed in the file, not left in free space until the page is reused: an
  // erased person (GDPR Article 17) must not stay readable in the database file or in its backups.
  sqlite.pragma('secure_delete = ON');
  // 64 MiB page cache (the default is 2 MiB): list and search pages stay in memory on large tables.
  sqlite.pragma('cache_size = -65536');
  // Checkpoints run on a thread of their own; this connection's own is a backstop (checkpointer.ts).
  const checkpointer =
    cfg.file === ':memory:'
      ? null
      : startCheckpointer(cfg.file, {
          onError: (message) => process.emitWarning(`SQLite checkpoint: ${message}`),
          // Without the thread, SQLite's own threshold again (this connection checkpoints for itself).
          onStopped: () => {
            if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
          },
        });
  if (checkpointer) sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: cachingStatements(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      // The checkpointing connection first: the last connection to close copies the log back and removes it.
      await checkpointer?.close();
      await db.destroy();
    },
    // Kysely's SQLite driver hands its one connection out under a mutex: holding it means no transaction of
    // another caller is open on it, so `work` may begin and commit its own.
    exclusive: (work) => db.connection().execute(async () => work(sqlite)),
  };
}

/** A Kysely instance of any schema: migrations and shared helpers work on raw tables. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyKysely = Kysely<any>;

/** Reads the dialect from a Kysely instance (or transaction), for the few queries that differ. */
export function dialectOf(db: AnyKysely): Dialect {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

/** Creates the PostgreSQL schema named in the config (used by tests and multi-tenant set-ups). */
export async function ensurePostgresSchema(config: Pick<Config, 'database'>): Promise<void> {
  const cfg = config.database;
  if (cfg.dialect !== 'postgres' || !cfg.schema) return;
  const client = new pg.Client({ connectionString: cfg.url });
  await client.connect();
  try {
    await client.query(`create schema if not exists "${cfg.schema}"`);
  } finally {
    await client.end();
  }
}

/** Stored JSON is text on SQLite and jsonb on PostgreSQL; repositories read it through this. */
export function parseJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') return JSON.parse(value) as T;
  return value as T;
}

/**
 * True for errors the data of a statement causes (a constraint, a value the column refuses), on either
 * database; false for the database's own state (locked, full disk, I/O, a lost connection), where trying the
 * same rows again at once would fail the same way.
 */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  // PostgreSQL SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation).
  return /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code) || /^2[23][0-9A-Z]{3}$/.test(code);
}

/**
 * True for PostgreSQL errors of the moment that the same work in a fresh transaction may not meet again: a
 * deadlock victim (40P01), a serialization failure (40001), a lock not available (55P03).
 */
export function isTransientError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001' || code === '55P03';
}

/** True for a unique-constraint violation on either database (a race the pre-check could not see). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
