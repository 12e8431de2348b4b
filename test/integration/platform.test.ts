import { sql } from 'kysely';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/app.js';
import { migrateDown, migrateToLatest, migrationStatus } from '../../src/db/migrate.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { dialects, POSTGRES_URL, testDatabase } from '../support/db.js';

describe.each(dialects())('platform on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('GET /health checks the database and answers ok', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it.runIf(dialect === 'postgres')('runs its statements without JIT compilation on PostgreSQL', async () => {
    // Compiling costs far more than Tandem's short statements take, and young tables' estimates invite it.
    const jit = await sql<{ jit: string }>`show jit`.execute(t.app.tandem.database.db);
    expect(jit.rows[0]?.jit).toBe('off');
  });

  it('serves OpenAPI 3 generated from the route schemas, and the docs page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const create = doc.paths['/api/v1/contacts'].post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['firstName']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['firstName', 'lastName', 'email', 'phone', 'jobTitle', 'accountId', 'ownerId']),
    );
    expect(doc.paths['/api/v1/accounts/{id}']).toBeDefined();
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('answers unknown API routes with a problem, and browser routes with the app or a hint', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe('route.not_found');
    const problem = await t.app.inject({ method: 'GET', url: '/nothing-here.js' });
    expect(problem.statusCode).toBe(404);
    expect(problem.headers['content-type']).toContain('application/problem+json');
    expect(problem.json().code).toBe('route.not_found');
    const page = await t.app.inject({ method: 'GET', url: '/contacts/123', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('npm run build:web');
  });

  it('rate-limits public endpoints per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push(
        (await t.app.inject({ method: 'GET', url: '/api/v1/setup', remoteAddress: '203.0.113.9' })).statusCode,
      );
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
    const other = await t.app.inject({ method: 'GET', url: '/api/v1/setup', remoteAddress: '203.0.113.10' });
    expect(other.statusCode).toBe(200);
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps the audit log append-only at the database level', async () => {
    const admin = await t.user('admin');
    await t.as(admin, { method: 'POST', url: '/api/v1/accounts', payload: { name: 'Audited' } });
    const db = t.app.tandem.database.db;
    await expect(sql`update audit_log set action = 'forged'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect(await t.count('audit_log')).toBeGreaterThan(0);
  });

  it('hides internal errors behind a 500 problem with the request id', async () => {
    const admin = await t.user('admin');
    // Break the database under the running app the way a bad deploy would.
    await sql`alter table accounts rename to accounts_gone`.execute(t.app.tandem.database.db);
    try {
      const res = await t.as(admin, { method: 'GET', url: '/api/v1/accounts' });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ code: 'internal', requestId: expect.any(String) });
      expect(res.body).not.toMatch(/accounts|sqlite|relation|select/i);
    } finally {
      await sql`alter table accounts_gone rename to accounts`.execute(t.app.tandem.database.db);
    }
  });
});

describe.each(dialects())('slow requests on %s', (dialect) => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { requestTimeoutMs: 1000 } });
    port = Number(new URL(await t.app.listen({ host: '127.0.0.1', port: 0 })).port);
  });
  afterAll(() => t.close());

  /** Sends a request's headers and a part of its body, then nothing more: what the server answers, and when. */
  const trickle = (path: string) =>
    new Promise<{ answer: string; ms: number }>((resolve, reject) => {
      const started = Date.now();
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
      socket.on('error', reject);
      socket.setTimeout(8000, () => socket.destroy());
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"values":`,
      );
    });

  it('cuts a request whose body never finishes arriving, on the public endpoints too', async () => {
    for (const path of ['/f/AAAAAAAAAAAAAAAAAAAAAA/submissions', '/t/events']) {
      const { answer, ms } = await trickle(path);
      expect(answer, path).toMatch(/^HTTP\/1\.1 408 /);
      expect(ms, path).toBeLessThan(5000);
    }
    // The server goes on answering.
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});

describe.each(dialects())('migrations on %s', (dialect) => {
  it('apply, report status, revert and re-apply cleanly', async () => {
    const tdb = testDatabase(dialect);
    const database = await openDatabase(tdb.config);
    try {
      expect((await migrationStatus(database)).every((m) => m.executedAt !== null)).toBe(true);
      while ((await migrateDown(database)).length > 0) {
        /* revert everything */
      }
      expect((await migrationStatus(database)).every((m) => m.executedAt === null)).toBe(true);
      await expect(sql`select count(*) from contacts`.execute(database.db)).rejects.toThrow();
      const applied = await migrateToLatest(database);
      expect(applied.length).toBeGreaterThan(0);
      await sql`select count(*) from contacts`.execute(database.db);
    } finally {
      await database.close();
      await tdb.cleanup();
    }
  });
});

describe.runIf(dialects().includes('postgres'))('migrations on a shared PostgreSQL database', () => {
  it('are not disturbed by DDL in other schemas of the same database', async () => {
    const tdb = testDatabase('postgres');
    const database = await openDatabase(tdb.config);
    // Another installation (or test run) creating, altering and dropping tables in its own schema meanwhile.
    const other = new pg.Client({ connectionString: POSTGRES_URL });
    await other.connect();
    const churnSchema = `${database.schema}_other`;
    let churning = true;
    let rounds = 0;
    const churn = (async () => {
      for (let i = 0; churning; i++, rounds++) {
        await other.query(`create schema "${churnSchema}"`);
        await other.query(`create table "${churnSchema}".t${i} (id serial primary key, a int, b text)`);
        await other.query(`alter table "${churnSchema}".t${i} drop column a`);
        await other.query(`drop schema "${churnSchema}" cascade`);
      }
    })();
    try {
      for (let i = 0; i < 150; i++) {
        expect((await migrationStatus(database)).every((m) => m.executedAt !== null)).toBe(true);
      }
      churning = false;
      await churn;
      expect(rounds).toBeGreaterThan(10);
    } finally {
      churning = false;
      await churn.catch(() => undefined);
      await other.query(`drop schema if exists "${churnSchema}" cascade`);
      await other.end();
      await database.close();
      await tdb.cleanup();
    }
  });
});

describe('web UI serving', () => {
  it('serves the built single-page app for client routes and its assets', async () => {
    const dir = testDatabase('sqlite').config.dataDir;
    const web = join(dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
    const t = await createTestApp('sqlite', { config: { webDir: web } });
    try {
      const page = await t.app.inject({ method: 'GET', url: '/contacts/abc', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<div id="root">');
      const asset = await t.app.inject({ method: 'GET', url: '/assets/app.js' });
      expect(asset.statusCode).toBe(200);
      const missing = await t.app.inject({ method: 'GET', url: '/assets/missing.js' });
      expect(missing.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe.each(dialects())('shared input rules on %s', (dialect) => {
  it('rejects unknown query parameters and NUL characters the same way on every database', async () => {
    const t = await createTestApp(dialect);
    try {
      const admin = await t.user('admin');
      const created = await t.as(admin, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Q' } });
      const unknownQuery = await t.as(admin, {
        method: 'GET',
        url: `/api/v1/contacts/${created.json().id}?expand=all`,
      });
      expect(unknownQuery.statusCode).toBe(422);
      expect(unknownQuery.json().errors[0].field).toBe('expand');
      expect((await t.as(admin, { method: 'GET', url: '/api/v1/teams?x=1' })).statusCode).toBe(422);
      const before = await t.count('contacts');
      const nul = await t.as(admin, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { firstName: 'Nul\u0000byte' },
      });
      expect(nul.statusCode).toBe(422);
      expect(nul.json().errors[0].field).toBe('firstName');
      const nulCustom = await t.as(admin, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { firstName: 'X', customFields: { note: 'a\u0000b' } },
      });
      expect(nulCustom.json().errors[0].field).toBe('customFields.note');
      expect(await t.count('contacts')).toBe(before);
    } finally {
      await t.close();
    }
  });
});

describe.each(dialects())('users list on %s', (dialect) => {
  it('searches names (Persian folded) and emails, and pages by name', async () => {
    const t = await createTestApp(dialect);
    try {
      const admin = await t.user('admin', { name: 'Zed Admin' });
      await t.user('sales_rep', { name: 'علی کریمی', email: 'ali@example.test' });
      for (let i = 0; i < 5; i++) await t.user('marketing', { name: `Mona ${i}` });
      const byArabic = await t.as(admin, { method: 'GET', url: `/api/v1/users?q=${encodeURIComponent('كريمي')}` });
      expect(byArabic.json().items.map((u: { email: string }) => u.email)).toEqual(['ali@example.test']);
      const byEmail = await t.as(admin, { method: 'GET', url: '/api/v1/users?q=ALI@' });
      expect(byEmail.json().items).toHaveLength(1);
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.as(admin, {
          method: 'GET',
          url: `/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        });
        names.push(...res.json().items.map((u: { name: string }) => u.name));
        cursor = res.json().nextCursor;
      } while (cursor);
      expect(names).toHaveLength(7);
      expect(names.slice(0, 5)).toEqual(['Mona 0', 'Mona 1', 'Mona 2', 'Mona 3', 'Mona 4']);
    } finally {
      await t.close();
    }
  });
});
