import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.js';
import type { Dialect } from '../../src/db/database.js';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The dialects integration tests run on: DIALECTS=sqlite,postgres (the default) or one of them. */
export function dialects(): Dialect[] {
  const raw = (process.env.DIALECTS ?? 'sqlite,postgres')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  for (const d of raw) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`DIALECTS: unknown dialect ${d}`);
  return raw as Dialect[];
}

export interface TestDatabase {
  config: Config;
  cleanup(): Promise<void>;
}

/**
 * A private database per test file: a fresh SQLite file, or a fresh PostgreSQL schema that is dropped
 * afterwards. Tests never share state and can run in parallel.
 */
export function testDatabase(dialect: Dialect, overrides: Partial<Config> = {}): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-test-'));
  const env = { DATA_DIR: dir, LOG_LEVEL: 'silent', WEB_DIR: join(dir, 'no-web'), SESSION_SECRET: 'x'.repeat(48) };
  if (dialect === 'sqlite') {
    return {
      config: loadConfig(env, overrides),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  return {
    config: loadConfig({ ...env, DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema }, overrides),
    cleanup: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
