import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { dialects, POSTGRES_URL, testDatabase, type TestDatabase } from '../support/db.js';

const run = promisify(execFile);

function envFor(config: Config): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: config.dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'x'.repeat(48),
  };
  if (config.database.dialect === 'postgres') {
    env.DATABASE_URL = POSTGRES_URL;
    env.DATABASE_SCHEMA = config.database.schema;
  } else {
    delete env.DATABASE_URL;
  }
  return env;
}

async function tandem(config: Config, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: envFor(config),
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.each(dialects())('tandem CLI on %s', (dialect) => {
  let tdb: TestDatabase;
  beforeAll(() => {
    tdb = testDatabase(dialect);
  });
  afterAll(() => tdb.cleanup());

  it('migrates, creates a user and a token that the API accepts', async () => {
    const migrate = await tandem(tdb.config, ['migrate']);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain('0001_foundation');
    const status = await tandem(tdb.config, ['migrate', 'status']);
    expect(status.stdout).toMatch(/applied\s+0001_foundation/);

    const user = await tandem(tdb.config, [
      'user',
      'create',
      '--email',
      'Ops@Example.test',
      '--name',
      'Ops',
      '--role',
      'admin',
      '--password',
      'a long password',
    ]);
    expect(user.code).toBe(0);
    expect(user.stdout).toContain('Created admin ops@example.test');

    const token = await tandem(tdb.config, ['token', 'create', '--user', 'ops@example.test', '--name', 'ci']);
    expect(token.code).toBe(0);
    const lastLine = token.stdout.trim().split('\n').at(-1)!;
    expect(lastLine).toMatch(/^tdm_[A-Za-z0-9_-]{40,}$/);

    const app = await buildApp(tdb.config);
    try {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${lastLine}` },
      });
      // A token authenticates the API but has no browser session, so /auth/me explains that.
      expect(res.statusCode).toBe(401);
      const list = await app.inject({
        method: 'GET',
        url: '/api/v1/contacts',
        headers: { authorization: `Bearer ${lastLine}` },
      });
      expect(list.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('names the bad option and writes nothing on bad input', async () => {
    const bad = await tandem(tdb.config, [
      'user',
      'create',
      '--email',
      'not-an-email',
      '--name',
      'X',
      '--password',
      'a long password',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--email');
    const badRole = await tandem(tdb.config, [
      'user',
      'create',
      '--email',
      'x@example.test',
      '--name',
      'X',
      '--role',
      'king',
      '--password',
      'a long password',
    ]);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('must be one of');
    const noPassword = await tandem(tdb.config, ['user', 'create', '--email', 'x@example.test', '--name', 'X']);
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toContain('--password');
    const unknownUser = await tandem(tdb.config, ['token', 'create', '--user', 'ghost@example.test', '--name', 'x']);
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.stderr).toContain('ghost@example.test');
  });

  it('refuses to add demo users (with their published password) to a database that has users', async () => {
    const refused = await tandem(tdb.config, ['demo']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('only fills an empty one');
  });

  it('fills an empty database with a demo organisation in English and Persian, once', async () => {
    const empty = testDatabase(dialect);
    try {
      await demoChecks(empty.config);
    } finally {
      await empty.cleanup();
    }
  });
});

async function demoChecks(config: Config): Promise<void> {
  const demo = await tandem(config, ['demo', '--contacts', '120']);
  expect(demo.code, demo.stderr).toBe(0);
  expect(demo.stdout).toContain('120 contacts');
  expect(demo.stdout).toMatch(
    /2 forms, \d+ tracked events, \d+ form submissions; predictive model trained on \d+ known/,
  );
  const app = await buildApp(config);
  try {
    // The demo handled its outbox itself (read before the first request readies the server, whose worker
    // starts its own work, such as the engagement decay pass).
    const pending = await app.tandem.database.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('processed_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(pending.n)).toBe(0);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'sara@demo.tandem.test', password: 'tandem-demo-password' },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ role: 'sales_rep', locale: 'fa' });
    const admin = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@demo.tandem.test', password: 'tandem-demo-password' },
    });
    const cookie = admin.cookies.find((c) => c.name === 'tandem_session')!.value;
    const contacts = await app.inject({
      method: 'GET',
      url: '/api/v1/contacts?limit=200',
      cookies: { tandem_session: cookie },
    });
    const items: { id: string; firstName: string; temperature: string }[] = contacts.json().items;
    const names = items.map((c) => c.firstName);
    expect(names).toHaveLength(120);
    expect(names.some((n) => /[\u0600-\u06FF]/.test(n))).toBe(true);
    expect(names.some((n) => /^[A-Za-z]/.test(n))).toBe(true);
    const users = await app.inject({ method: 'GET', url: '/api/v1/users', cookies: { tandem_session: cookie } });
    const roles = new Set(users.json().items.map((u: { role: string }) => u.role));
    expect(roles).toEqual(new Set(['admin', 'marketing', 'sales_manager', 'sales_rep']));
    // The marketing half: an ICP with personas, forms, and leads already scored (the outbox handled), some
    // of them warm or qualified for reasons shown, and a predictive score.
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url, cookies: { tandem_session: cookie } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const scoring = await get('/api/v1/scoring/settings');
    expect(scoring.settings.icp).toHaveLength(4);
    expect(scoring.settings.personas).toHaveLength(2);
    expect((await get('/api/v1/forms')).items).toHaveLength(2);
    const byTemperature = new Map<string, string[]>();
    for (const c of items) byTemperature.set(c.temperature, [...(byTemperature.get(c.temperature) ?? []), c.id]);
    expect([...byTemperature.keys()].sort()).toEqual(['cold', 'qualified', 'warm']);
    for (const temperature of ['warm', 'qualified']) {
      const details = await get(`/api/v1/contacts/${byTemperature.get(temperature)![0]}/temperature`);
      expect(details.stored.temperature).toBe(temperature);
      expect(details.reasons.length).toBeGreaterThan(0);
    }
    expect((await get(`/api/v1/contacts/${items[0]!.id}/prediction`)).status).toBe('ready');
  } finally {
    await app.close();
  }
  const again = await tandem(config, ['demo']);
  expect(again.code).toBe(1);
}
