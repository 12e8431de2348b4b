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

/** The outbox worker as `tandem serve` runs it on this environment's database (loadConfig's defaults). */
export function productionWorker(env: BenchEnvironment): Config['worker'] {
  const url = env.config.database.dialect === 'postgres' ? env.config.database.url : undefined;
  return { ...loadConfig(url ? { DATABASE_URL: url } : {}).worker, enabled: true };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
