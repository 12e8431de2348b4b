import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config.js';

export type BenchDialect = 'sqlite' | 'postgres';

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchEnvironment {
  config: Config;
  /** 'SQLite' or 'PostgreSQL', for the report. */
  engine: string;
  /** Where the data lives, for the log. */
  where: string;
  cleanup(): Promise<void>;
}

/**
 * A private, throw-away database for one benchmark run (the same recipe as test/support/db.ts): a fresh
 * SQLite file under a temp DATA_DIR, or a fresh PostgreSQL schema that cleanup() drops. Silent logs and no
 * outbox worker, so only request handling is measured.
 */
export function benchEnvironment(dialect: BenchDialect): BenchEnvironment {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
  const env: NodeJS.ProcessEnv = {
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    WEB_DIR: join(dir, 'no-web'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
  };
  // The ingestion load comes from one address; the per-address limit stays on (its cost is part of the
  // path) but high enough not to refuse the benchmark.
  const overrides: Partial<Config> = {
    worker: { enabled: false, pollMs: 250, batchSize: 100 },
    trackingRateLimitPerMinute: 1_000_000_000,
  };
  const removeDir = () => rmSync(dir, { recursive: true, force: true });

  if (dialect === 'sqlite') {
    return {
      config: loadConfig(env, overrides),
      engine: 'SQLite',
      where: `SQLite under ${dir}`,
      cleanup: async () => removeDir(),
    };
  }

  const fromEnv = process.env.DATABASE_URL;
  const url = fromEnv && /^postgres(ql)?:\/\//.test(fromEnv) ? fromEnv : DEFAULT_POSTGRES_URL;
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  return {
    config: loadConfig({ ...env, DATABASE_URL: url, DATABASE_SCHEMA: schema }, overrides),
    engine: 'PostgreSQL',
    where: `PostgreSQL ${redact(url)} schema ${schema}`,
    cleanup: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
        removeDir();
      }
    },
  };
}

/**
 * PostgreSQL with autovacuum off (as this machine's test server runs): the system catalogs keep the dead
 * rows of every schema the test suite created and dropped (after one run of the suite, pg_attribute held
 * about 92,000), and every new connection and plan pays for them. Vacuums the catalog tables with many dead
 * rows, as autovacuum would have; returns their names (none when autovacuum is on).
 */
export async function settleCatalogs(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const setting = await client.query<{ autovacuum: string }>('show autovacuum');
    if (setting.rows[0]?.autovacuum !== 'off') return [];
    const bloated = await client.query<{ name: string }>(
      `select relname as name from pg_stat_sys_tables where schemaname = 'pg_catalog' and n_dead_tup > 1000`,
    );
    const names = bloated.rows.map((r) => r.name);
    for (const name of names) await client.query(`vacuum (analyze) pg_catalog.${client.escapeIdentifier(name)}`);
    return names;
  } finally {
    await client.end();
  }
}

/** The outbox worker as `tandem serve` runs it on this environment's database (loadConfig's defaults). */
export function productionWorker(env: BenchEnvironment): Config['worker'] {
  const url = env.config.database.dialect === 'postgres' ? env.config.database.url : undefined;
  return { ...loadConfig(url ? { DATABASE_URL: url } : {}).worker, enabled: true };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
