import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { parseJson } from '../../src/db/database.js';
import { CLI_OPERATOR_ID, createImportService } from '../../src/modules/imports/index.js';
import { importContactsCommand } from '../../src/modules/imports/imports.cli.js';
import type { ImportServiceDeps } from '../../src/modules/imports/imports.service.js';
import { createImportsRepository } from '../../src/modules/imports/imports.repository.js';
import { readBatches, type ReadBatch, type ReaderConfig } from '../../src/modules/imports/reader.js';
import { readBatchesInWorker } from '../../src/modules/imports/reader-thread.js';
import type { Actor } from '../../src/modules/auth/index.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects, POSTGRES_URL } from '../support/db.js';
import { fixedClock } from '../../src/shared/clock.js';
import { newId } from '../../src/shared/ids.js';

const run = promisify(execFile);
const BOM = '\uFEFF';

/** The same people a marketer might bring from a fair: Persian and English, digits in every script. */
const FAIR_CSV =
  BOM +
  [
    'نام;نام خانوادگی;ایمیل;موبایل;شرکت;سمت;Notes',
    'علی;رضایی;Ali.Rezaei@Example.com;۰۹۱۲ ۱۲۳ ۴۵۶۷;شرکت نمونه;مدیر فروش;=HYPERLINK("http://evil")',
    'سارا;کریمی;sara@example.com;٠٩١٢٧٦٥٤٣٢١;شركت نمونه;مدیر عامل;',
    'John;Smith;john@example.com;+1 (415) 555-0100;Acme;CTO;',
    'بد;ایمیل;not-an-email;;Acme;;',
    'تکراری;;ALI.REZAEI@example.com;;;;',
    ';بی‌نام;nobody@example.com;;;;',
    'Phone;Only;;09121234567;;;',
  ].join('\r\n') +
  '\r\n';

function upload(t: TestApp, user: TestUser, body: string | Buffer, fileName = 'fair.csv', type = 'text/csv') {
  return t.as(user, {
    method: 'POST',
    url: `/api/v1/imports?fileName=${encodeURIComponent(fileName)}`,
    headers: { 'content-type': type },
    payload: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  });
}

async function finished(t: TestApp, user: TestUser, id: string) {
  await t.app.tandem.services.imports.settled(id);
  const res = await t.as(user, { method: 'GET', url: `/api/v1/imports/${id}` });
  expect(res.statusCode).toBe(200);
  return res.json();
}

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
    env.DATABASE_URL = `sqlite:${config.database.file}`;
  }
  return env;
}

async function tandem(config: Config, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: envFor(config),
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.each(dialects())('contact imports on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser;
  let marketer: TestUser;
  let rep: TestUser;
  let manager: TestUser;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { importMaxUploadBytes: 64 * 1024 } });
    admin = await t.user('admin');
    marketer = await t.user('marketing', { email: 'marketer@example.com' });
    rep = await t.user('sales_rep', { team: 'Tehran', email: 'rep@example.com' });
    manager = await t.user('sales_manager', { team: 'Tehran' });
    dir = mkdtempSync(join(tmpdir(), 'tandem-imports-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const uploads = () => {
    const path = join(t.app.tandem.config.dataDir, 'imports');
    return existsSync(path) ? readdirSync(path) : [];
  };

  /** The import service on the test app's database, committing `batchRows` rows per transaction. */
  const fileImports = (batchRows: number, options: Partial<ImportServiceDeps> = {}) => {
    const { database, clock, outbox, config } = t.app.tandem;
    return createImportService({
      database,
      clock,
      outbox,
      phoneRegion: 'IR',
      uploadDir: join(dir, 'uploads'),
      maxUploadBytes: config.importMaxUploadBytes,
      batchRows,
      ...options,
    });
  };

  const contactsByEmail = async (email: string) =>
    t.app.tandem.database.db.selectFrom('contacts').selectAll().where('email', '=', email).execute();

  it('lets only marketing and admins import, refusing before the file is stored', async () => {
    for (const user of [rep, manager]) {
      const before = uploads().length;
      const res = await upload(t, user, FAIR_CSV);
      expect(res.statusCode).toBe(403);
      expect(uploads().length).toBe(before);
      expect((await t.as(user, { method: 'GET', url: '/api/v1/imports' })).statusCode).toBe(403);
    }
    const own = await upload(t, marketer, FAIR_CSV);
    expect(own.statusCode).toBe(201);
    const id = own.json().import.id;
    for (const user of [rep, manager]) {
      expect((await t.as(user, { method: 'GET', url: `/api/v1/imports/${id}` })).statusCode).toBe(403);
      expect((await t.as(user, { method: 'GET', url: `/api/v1/imports/${id}/preview` })).statusCode).toBe(403);
      expect((await t.as(user, { method: 'GET', url: `/api/v1/imports/${id}/rejections.csv` })).statusCode).toBe(403);
      const start = await t.as(user, {
        method: 'POST',
        url: `/api/v1/imports/${id}/start`,
        payload: { mapping: own.json().preview.suggestedMapping, dryRun: true },
      });
      expect(start.statusCode).toBe(403);
    }
    expect((await t.as(admin, { method: 'GET', url: `/api/v1/imports/${id}` })).statusCode).toBe(200);
    expect((await t.as(admin, { method: 'GET', url: '/api/v1/imports/no-such-import' })).statusCode).toBe(404);
  });

  it('previews an upload: delimiter, Persian headers and a suggested mapping', async () => {
    const res = await upload(t, marketer, FAIR_CSV);
    expect(res.statusCode).toBe(201);
    const { import: created, preview } = res.json();
    expect(created).toMatchObject({ status: 'uploaded', fileName: 'fair.csv', delimiter: ';', actorKind: 'token' });
    expect(created.createdBy).toMatchObject({ id: marketer.user.id });
    expect(preview.headers).toEqual(['نام', 'نام خانوادگی', 'ایمیل', 'موبایل', 'شرکت', 'سمت', 'Notes']);
    expect(preview.rows).toHaveLength(5);
    expect(preview.rows[0]).toEqual([
      'علی',
      'رضایی',
      'Ali.Rezaei@Example.com',
      '۰۹۱۲ ۱۲۳ ۴۵۶۷',
      'شرکت نمونه',
      'مدیر فروش',
      '=HYPERLINK("http://evil")',
    ]);
    expect(preview.suggestedMapping).toEqual([
      'firstName',
      'lastName',
      'email',
      'phone',
      'account.name',
      'jobTitle',
      null,
    ]);
    // Read with another delimiter, the header is one column.
    const comma = await t.as(marketer, {
      method: 'GET',
      url: `/api/v1/imports/${created.id}/preview?delimiter=${encodeURIComponent(',')}`,
    });
    expect(comma.json().headers).toHaveLength(1);
  });

  it('refuses an empty file, a file over the size limit and a body that is not CSV, keeping nothing', async () => {
    const imports = await t.count('audit_log');
    const before = uploads().length;
    const empty = await upload(t, marketer, '');
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors[0].field).toBe('file');
    const big = await upload(t, marketer, 'a,b\n' + 'x,y\n'.repeat(20_000));
    expect(big.statusCode).toBe(413);
    const json = await t.as(marketer, { method: 'POST', url: '/api/v1/imports', payload: { rows: [] } });
    expect(json.statusCode).toBe(415);
    const latin1 = await upload(t, marketer, Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0xe9, 0x0a, 0x61, 0x0a]));
    expect(latin1.statusCode).toBe(422);
    expect(latin1.json().detail).toContain('UTF-8');
    // English headers, Persian names saved as Windows-1256 ("علی رضایی"): only the rows are not UTF-8.
    const cp1256 = await upload(
      t,
      marketer,
      Buffer.concat([
        Buffer.from('First Name,Last Name,Email\r\n'),
        Buffer.from([0xda, 0xe1, 0xed, 0x2c, 0xd1, 0xd6, 0xc7, 0xed, 0xed]),
        Buffer.from(',ali@example.com\r\n'),
      ]),
    );
    expect(cp1256.statusCode).toBe(422);
    expect(cp1256.json().detail).toContain('UTF-8');
    // A first line of separators names no column: refused, not read with the first person as its header.
    const noHeader = await upload(t, marketer, ';;\r\nSara;sara@no-header.example;09121234567\r\n');
    expect(noHeader.statusCode, noHeader.body).toBe(422);
    expect(noHeader.json().detail).toContain('first line must name the columns');
    expect(uploads().length).toBe(before);
    expect(await t.count('audit_log')).toBe(imports);
  });

  it('dry-runs: counts and reports, writes no contacts, accounts or events', async () => {
    const contacts = await t.count('contacts');
    const accounts = await t.count('accounts');
    const outbox = await t.count('outbox');
    const { import: created, preview } = (await upload(t, marketer, FAIR_CSV)).json();
    const start = await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${created.id}/start`,
      payload: { mapping: preview.suggestedMapping, dryRun: true },
    });
    expect(start.statusCode).toBe(202);
    const done = await finished(t, marketer, created.id);
    expect(done).toMatchObject({ status: 'completed', dryRun: true });
    expect(done.progress).toMatchObject({
      processed: 7,
      created: 3,
      updated: 0,
      skipped: 0,
      rejected: 4,
      accountsCreated: 2,
      fraction: 1,
    });
    expect(await t.count('contacts')).toBe(contacts);
    expect(await t.count('accounts')).toBe(accounts);
    expect(await t.count('outbox')).toBe(outbox);
    const report = await t.as(marketer, { method: 'GET', url: `/api/v1/imports/${created.id}/rejections.csv` });
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Same email as row 2 of this file.');
    // The file stays for the real run.
    expect(uploads()).toContain(
      readdirSync(join(t.app.tandem.config.dataDir, 'imports')).find((f) => f.endsWith('.csv')),
    );
  });

  it('removes an import that never ran for real with its dry run report and its file, and no other', async () => {
    const db = t.app.tandem.database.db;
    const remove = (user: TestUser, id: string) => t.as(user, { method: 'DELETE', url: `/api/v1/imports/${id}` });
    const fileOf = async (id: string) =>
      (await db.selectFrom('imports').select('file_path').where('id', '=', id).executeTakeFirstOrThrow()).file_path!;
    const startRun = async (id: string, mapping: unknown, dryRun: boolean) => {
      const res = await t.as(marketer, {
        method: 'POST',
        url: `/api/v1/imports/${id}/start`,
        payload: { mapping, dryRun },
      });
      expect(res.statusCode).toBe(202);
      return finished(t, marketer, id);
    };

    // An upload never started.
    const uploaded = (await upload(t, marketer, FAIR_CSV)).json().import;
    const uploadedFile = await fileOf(uploaded.id);
    expect(existsSync(uploadedFile)).toBe(true);
    // Only who may import may remove one: others are refused and nothing changes.
    for (const user of [rep, manager]) expect((await remove(user, uploaded.id)).statusCode).toBe(403);
    expect(existsSync(uploadedFile)).toBe(true);
    const res = await remove(admin, uploaded.id);
    expect(res.statusCode, res.body).toBe(204);
    expect(existsSync(uploadedFile)).toBe(false);
    expect((await t.as(marketer, { method: 'GET', url: `/api/v1/imports/${uploaded.id}` })).statusCode).toBe(404);
    expect((await remove(marketer, uploaded.id)).statusCode).toBe(404);
    expect((await remove(marketer, 'no-such-import')).statusCode).toBe(404);
    // The removal is in the import's audit trail.
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'import')
      .where('entity_id', '=', uploaded.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'delete', actor_id: admin.user.id, after: null });
    expect(parseJson(audit[0]!.before, null)).toEqual({ status: 'uploaded', dryRun: false, fileName: 'fair.csv' });

    // A dry run: its rejected rows go with it.
    const dry = (await upload(t, marketer, FAIR_CSV)).json();
    const dryFile = await fileOf(dry.import.id);
    expect(await startRun(dry.import.id, dry.preview.suggestedMapping, true)).toMatchObject({
      status: 'completed',
      dryRun: true,
    });
    const rejections = () =>
      db.selectFrom('import_rejections').select('row_number').where('import_id', '=', dry.import.id).execute();
    expect((await rejections()).length).toBeGreaterThan(0);
    expect((await remove(marketer, dry.import.id)).statusCode).toBe(204);
    expect(await rejections()).toEqual([]);
    expect(existsSync(dryFile)).toBe(false);

    // A real run stays, with its report: 409, and nothing changes.
    const real = (await upload(t, marketer, 'Name,Email\nKept Person,removal-kept@example.com\n', 'kept.csv')).json();
    expect(await startRun(real.import.id, real.preview.suggestedMapping, false)).toMatchObject({
      status: 'completed',
      dryRun: false,
    });
    const refused = await remove(marketer, real.import.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'import.not_removable' });
    expect(refused.json().detail).toContain('has run for real');
    const kept = await t.as(marketer, { method: 'GET', url: `/api/v1/imports/${real.import.id}` });
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ status: 'completed', dryRun: false });
    expect(
      await db
        .selectFrom('audit_log')
        .select('id')
        .where('entity_id', '=', real.import.id)
        .where('action', '=', 'delete')
        .execute(),
    ).toEqual([]);
  });

  it('reads a file whose cells a Persian Windows separated with the Arabic semicolon', async () => {
    const csv = ['نام؛ایمیل؛موبایل', 'ساره؛sareh@arabic-semicolon.example؛۰۹۱۲۳۴۵۰۰۰۲', ''].join('\r\n');
    const { import: created, preview } = (await upload(t, marketer, csv)).json();
    expect(preview).toMatchObject({ delimiter: '\u061B', headers: ['نام', 'ایمیل', 'موبایل'] });
    // One name column and no last names: the whole name.
    expect(preview.suggestedMapping).toEqual(['fullName', 'email', 'phone']);
    const start = await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${created.id}/start`,
      payload: { mapping: preview.suggestedMapping, delimiter: '\u061B' },
    });
    expect(start.statusCode, start.body).toBe(202);
    const done = await finished(t, marketer, created.id);
    expect(done.progress).toMatchObject({ processed: 1, created: 1, rejected: 0 });
    const contact = await t.app.tandem.database.db
      .selectFrom('contacts')
      .select(['first_name', 'phone'])
      .where('email', '=', 'sareh@arabic-semicolon.example')
      .executeTakeFirstOrThrow();
    expect(contact).toEqual({ first_name: 'ساره', phone: '+989123450002' });
  });

  it('passes over rows with no value in any cell, as a spreadsheet saves the formatted rows below its data', async () => {
    const csv = [
      'نام;ایمیل;موبایل',
      'پویا;pouya@blank-rows.example;۰۹۱۲۳۴۵۰۰۰۱',
      ';;',
      'Dara;dara@blank-rows.example;',
      ' ; ;',
      ';;',
      '',
    ].join('\r\n');
    const { import: created, preview } = (await upload(t, marketer, csv)).json();
    expect(preview.rows).toHaveLength(2);
    await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${created.id}/start`,
      payload: { mapping: preview.suggestedMapping },
    });
    const done = await finished(t, marketer, created.id);
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({ processed: 2, created: 2, rejected: 0, lastRow: 4 });
  });

  it('imports: Persian names, phones in Persian and Arabic digits, accounts by name, bad rows reported', async () => {
    const outboxBefore = await t.app.tandem.database.db
      .selectFrom('outbox')
      .select('id')
      .where('type', '=', 'contacts.imported')
      .execute();
    const { import: created, preview } = (await upload(t, marketer, FAIR_CSV)).json();
    const mapping = [...preview.suggestedMapping];
    mapping[6] = 'custom:notes';
    await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${created.id}/start`,
      payload: { mapping, dryRun: true },
    });
    await finished(t, marketer, created.id);
    const start = await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${created.id}/start`,
      payload: { mapping, onDuplicate: 'skip', defaults: { campaign: 'fair-2026' } },
    });
    expect(start.statusCode).toBe(202);
    const done = await finished(t, marketer, created.id);
    expect(done).toMatchObject({ status: 'completed', dryRun: false, error: null });
    expect(done.progress).toMatchObject({ processed: 7, created: 3, rejected: 4, skipped: 0, lastRow: 8 });

    const [ali] = await contactsByEmail('ali.rezaei@example.com');
    expect(ali).toMatchObject({
      first_name: 'علی',
      last_name: 'رضایی',
      phone: '+989121234567',
      job_title: 'مدیر فروش',
      source: 'import',
      campaign: 'fair-2026',
      created_by: marketer.user.id,
    });
    expect(parseJson(ali!.custom_fields, {})).toEqual({ notes: '=HYPERLINK("http://evil")' });
    const [sara] = await contactsByEmail('sara@example.com');
    expect(sara!.phone).toBe('+989127654321');
    // "شركت نمونه" (Arabic kaf) is the same company as "شرکت نمونه": one account, two contacts.
    expect(sara!.account_id).toBe(ali!.account_id);
    const account = await t.app.tandem.database.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', ali!.account_id!)
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({ name: 'شرکت نمونه', contact_count: 2 });
    const phoneOnly = await t.app.tandem.database.db
      .selectFrom('contacts')
      .selectAll()
      .where('phone', '=', '+989121234567')
      .execute();
    // "Phone Only" shares Ali's phone: rejected as a duplicate of row 2, not a second contact.
    expect(phoneOnly).toHaveLength(1);

    const report = await t.as(marketer, { method: 'GET', url: `/api/v1/imports/${created.id}/rejections.csv` });
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.headers['content-disposition']).toContain('attachment');
    const lines = report.body.replace(BOM, '').trim().split('\r\n');
    expect(lines[0]).toBe('row,field,column,reason,نام,نام خانوادگی,ایمیل,موبایل,شرکت,سمت,Notes');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      '5,email,ایمیل',
      '6,email,ایمیل',
      '7,firstName,نام',
      '8,phone,موبایل',
    ]);
    expect(lines[2]).toContain('Same email as row 2 of this file.');
    expect(lines[3]).toContain('Required.');
    expect(lines[4]).toContain('Same phone as row 2 of this file.');

    // One event per committed batch with the contacts it wrote, one audit entry for the run.
    const events = await t.app.tandem.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('type', '=', 'contacts.imported')
      .execute();
    expect(events.length - outboxBefore.length).toBe(1);
    const payload = parseJson<{ importId: string; contactIds: string[] }>(events.at(-1)!.payload, {
      importId: '',
      contactIds: [],
    });
    expect(payload.importId).toBe(created.id);
    expect(payload.contactIds).toHaveLength(3);
    expect(payload.contactIds).toContain(ali!.id);
    const audit = await t.app.tandem.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'import')
      .where('entity_id', '=', created.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['dry_run', 'import']);
    expect(parseJson(audit[1]!.after, {})).toMatchObject({ status: 'completed', created: 3, rejected: 4 });
    const links = await t.app.tandem.database.db
      .selectFrom('import_contacts')
      .selectAll()
      .where('import_id', '=', created.id)
      .orderBy('row_number')
      .execute();
    expect(links.map((l) => [l.row_number, l.action])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'created'],
    ]);

    // A real run is final; its file is gone.
    const again = await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${created.id}/start`,
      payload: { mapping, dryRun: true },
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses an update that would take a contact past the most custom fields, naming the row', async () => {
    const full = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, i]));
    for (const email of ['full1@custom.example', 'full2@custom.example']) {
      const res = await t.as(admin, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { firstName: 'Full', email, customFields: full },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const csv = 'name,email,f3,extra\nFull,full1@custom.example,three,\nFull,full2@custom.example,3,new\n';
    const { import: created, preview } = (await upload(t, marketer, csv)).json();
    const start = await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${created.id}/start`,
      payload: { mapping: ['firstName', 'email', 'custom:f3', 'custom:extra'], onDuplicate: 'update' },
    });
    expect(start.statusCode, start.body).toBe(202);
    expect(preview.headers).toEqual(['name', 'email', 'f3', 'extra']);
    const done = await finished(t, marketer, created.id);
    expect(done.progress).toMatchObject({ processed: 2, updated: 1, rejected: 1 });
    const report = await t.as(marketer, { method: 'GET', url: `/api/v1/imports/${created.id}/rejections.csv` });
    expect(report.body).toContain('more than 100 custom fields');
    const [first] = await contactsByEmail('full1@custom.example');
    expect(parseJson(first!.custom_fields, {})).toMatchObject({ f3: 'three' });
    const [second] = await contactsByEmail('full2@custom.example');
    expect(Object.keys(parseJson(second!.custom_fields, {}))).toHaveLength(100);
  });

  it('skips or updates contacts that already exist, by email or phone', async () => {
    const existing = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Nima', lastName: 'Old', email: 'nima@example.com', jobTitle: 'Engineer', source: 'web' },
    });
    expect(existing.statusCode).toBe(201);
    const id = existing.json().id;
    const csv =
      'first name,last name,email,phone,title\nNima,New,NIMA@example.com,۰۹۳۵۱۱۱۲۲۳۳,CTO\nLeila,Fresh,leila@example.com,,\n';

    const skip = (await upload(t, marketer, csv)).json();
    await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${skip.import.id}/start`,
      payload: { mapping: skip.preview.suggestedMapping, onDuplicate: 'skip' },
    });
    expect((await finished(t, marketer, skip.import.id)).progress).toMatchObject({ created: 1, skipped: 1 });
    expect(await contactsByEmail('nima@example.com')).toHaveLength(1);
    expect((await contactsByEmail('nima@example.com'))[0]).toMatchObject({ last_name: 'Old', job_title: 'Engineer' });
    // A contact the import created: its history says who imported it, from which file and row.
    const [leila] = await contactsByEmail('leila@example.com');
    const created = await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${leila!.id}/audit` });
    expect(created.json().items).toEqual([
      expect.objectContaining({
        action: 'import',
        actor: { id: marketer.user.id, name: marketer.user.name },
        actorKind: 'token',
        before: null,
        after: { importId: skip.import.id, fileName: 'fair.csv', row: 3 },
      }),
    ]);
    // Not for the contact it skipped, which it did not create.
    const skipped = await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${id}/audit` });
    expect(skipped.json().items.map((e: { action: string }) => e.action)).not.toContain('import');

    const update = (await upload(t, marketer, csv)).json();
    await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${update.import.id}/start`,
      payload: { mapping: update.preview.suggestedMapping, onDuplicate: 'update' },
    });
    const done = await finished(t, marketer, update.import.id);
    // Nima is updated; Leila, created by the previous import, is unchanged by the same values: skipped.
    expect(done.progress).toMatchObject({ created: 0, updated: 1, skipped: 1, rejected: 0 });
    const [nima] = await contactsByEmail('nima@example.com');
    expect(nima).toMatchObject({
      id,
      last_name: 'New',
      job_title: 'CTO',
      phone: '+989351112233',
      // The file gave no source: an existing contact keeps the one it came with.
      source: 'web',
    });
    const history = await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${id}/audit` });
    expect(history.json().items[0]).toMatchObject({
      action: 'update',
      after: { lastName: 'New', jobTitle: 'CTO', importId: update.import.id },
    });

    // Matching by phone when the file has no email for that person.
    const byPhone = (await upload(t, marketer, 'first name,phone,title\nNima,+98 935 111 2233,CEO\n')).json();
    await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${byPhone.import.id}/start`,
      payload: { mapping: byPhone.preview.suggestedMapping, onDuplicate: 'update' },
    });
    expect((await finished(t, marketer, byPhone.import.id)).progress).toMatchObject({ updated: 1, created: 0 });
    expect((await contactsByEmail('nima@example.com'))[0]!.job_title).toBe('CEO');
  });

  /** Runs a file in the CLI's way with batches of `batchRows`: its counts and its rejected rows' fields. */
  const runFileWith = async (file: string, batchRows: number, dryRun: boolean, onDuplicate: 'skip' | 'update') => {
    const actor: Actor = { id: marketer.user.id, role: 'marketing', teamId: null, via: 'cli' };
    const imports = fileImports(batchRows);
    const done = await imports.runFile(actor, file, {
      fileName: basename(file),
      mapping: () => ['firstName', 'lastName', 'email', 'phone'],
      dryRun,
      onDuplicate,
      defaults: { source: null, campaign: null, ownerEmail: null },
      delimiter: null,
    });
    const rejected = await t.app.tandem.database.db
      .selectFrom('import_rejections')
      .select(['row_number', 'field'])
      .where('import_id', '=', done.id)
      .orderBy('row_number')
      .execute();
    return { progress: done.progress, rejected: rejected.map((r) => [Number(r.row_number), r.field]) };
  };

  it('a row repeating an earlier row that changed nothing gets the same verdict whatever the batches and in a dry run', async () => {
    const existing = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Kaveh', lastName: 'Same', email: 'kaveh@batches.example', phone: '09351234001' },
    });
    expect(existing.statusCode).toBe(201);
    const file = join(dir, 'batches.csv');
    // Row 2 matches Kaveh and changes nothing; rows 4 and 5 repeat its email and its phone (in Persian digits,
    // on a row without an email: with another email it would be another person).
    writeFileSync(
      file,
      [
        'first,last,email,phone',
        'Kaveh,Same,kaveh@batches.example,09351234001',
        ',Nameless,,',
        'Kaveh,Again,kaveh@batches.example,',
        'Kaveh,Phone,,۰۹۳۵۱۲۳۴۰۰۱',
      ].join('\n') + '\n',
    );
    const runWith = (batchRows: number, dryRun: boolean, onDuplicate: 'skip' | 'update') =>
      runFileWith(file, batchRows, dryRun, onDuplicate);
    for (const onDuplicate of ['skip', 'update'] as const) {
      // In one batch, both repeats are rejected as repeats of row 2.
      const expected = {
        progress: expect.objectContaining({ processed: 4, created: 0, updated: 0, skipped: 1, rejected: 3 }),
        rejected: [
          [3, 'firstName'],
          [4, 'email'],
          [5, 'phone'],
        ],
      };
      expect(await runWith(100, true, onDuplicate)).toEqual(expected);
      expect(await runWith(1, true, onDuplicate)).toEqual(expected);
      expect(await runWith(1, false, onDuplicate)).toEqual(expected);
    }
    const [kaveh] = await contactsByEmail('kaveh@batches.example');
    expect(kaveh).toMatchObject({ id: existing.json().id, last_name: 'Same' });
    expect(await contactsByEmail('kaveh2@batches.example')).toEqual([]);
  });

  it('people sharing an office phone are different people: a phone matches only when one side has no email', async () => {
    const boss = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Arash', lastName: 'Office', email: 'arash@office.example', phone: '02188776655' },
    });
    const reception = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Reception', lastName: 'Desk', phone: '02144556677' },
    });
    expect([boss.statusCode, reception.statusCode]).toEqual([201, 201]);
    const file = join(dir, 'office.csv');
    writeFileSync(
      file,
      [
        'first,last,email,phone',
        // Two colleagues on Arash's number, and on each other's: three people.
        'Bita,Office,bita@office.example,02188776655',
        'Cyrus,Office,cyrus@office.example,۰۲۱۸۸۷۷۶۶۵۵',
        // No email: the same person as the file's row 2, as any earlier row with the number.
        'Dara,Office,,02188776655',
        // The reception's number had no email: this is the reception, now with an address.
        'Reception,Desk,desk@office.example,02144556677',
      ].join('\n') + '\n',
    );
    const expected = {
      progress: expect.objectContaining({ processed: 4, created: 2, updated: 1, skipped: 0, rejected: 1 }),
      rejected: [[4, 'phone']],
    };
    expect(await runFileWith(file, 100, true, 'update')).toEqual(expected);
    expect(await runFileWith(file, 1, true, 'update')).toEqual(expected);
    expect(await runFileWith(file, 1, false, 'update')).toEqual(expected);
    expect(await contactsByEmail('arash@office.example')).toEqual([
      expect.objectContaining({ id: boss.json().id, first_name: 'Arash' }),
    ]);
    for (const email of ['bita@office.example', 'cyrus@office.example']) {
      expect(await contactsByEmail(email)).toEqual([expect.objectContaining({ phone: '+982188776655' })]);
    }
    expect(await contactsByEmail('desk@office.example')).toEqual([
      expect.objectContaining({ id: reception.json().id }),
    ]);
  });

  it('a dry run counts an update that only links a contact to a new company as the real run does', async () => {
    const existing = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Shirin', lastName: 'Linked', email: 'shirin@new-company.example' },
    });
    expect(existing.statusCode).toBe(201);
    const csv = 'first name,last name,email,company\nShirin,Linked,shirin@new-company.example,شرکت تازه‌ساز\n';
    const { import: created, preview } = (await upload(t, marketer, csv)).json();
    const start = (dryRun: boolean) =>
      t.as(marketer, {
        method: 'POST',
        url: `/api/v1/imports/${created.id}/start`,
        payload: { mapping: preview.suggestedMapping, onDuplicate: 'update', dryRun },
      });
    const counts = { processed: 1, created: 0, updated: 1, skipped: 0, rejected: 0, accountsCreated: 1 };
    expect((await start(true)).statusCode).toBe(202);
    expect((await finished(t, marketer, created.id)).progress).toMatchObject(counts);
    expect((await start(false)).statusCode).toBe(202);
    expect((await finished(t, marketer, created.id)).progress).toMatchObject(counts);
    const [shirin] = await contactsByEmail('shirin@new-company.example');
    expect(shirin!.account_id).not.toBeNull();
  });

  it('a merged contact keeps where each side came from, once per import', async () => {
    const file = (
      await upload(t, marketer, 'first name,email\nRoya,roya@merge.example\nRoya,roya.2@merge.example\n', 'merge.csv')
    ).json();
    await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${file.import.id}/start`,
      payload: { mapping: file.preview.suggestedMapping, onDuplicate: 'skip' },
    });
    expect((await finished(t, marketer, file.import.id)).progress).toMatchObject({ created: 2 });
    const [first] = await contactsByEmail('roya@merge.example');
    const [second] = await contactsByEmail('roya.2@merge.example');
    const merged = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/contacts/${first!.id}/merge`,
      payload: { duplicateId: second!.id },
    });
    expect(merged.statusCode).toBe(200);
    const items = (await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${first!.id}/audit` })).json().items;
    const imported = items.filter((e: { action: string }) => e.action === 'import');
    expect(imported).toEqual([
      expect.objectContaining({ after: { importId: file.import.id, fileName: 'merge.csv', row: 2 } }),
    ]);
    // Entries stay distinct for the page's list (its keys are the ids).
    expect(new Set(items.map((e: { id: number }) => e.id)).size).toBe(items.length);
  });

  it("an import's history entry is the oldest of its contact's, names no user for the command line, and shows its file only to marketing", async () => {
    // One row per transaction: the first contact exists, and is edited, while the import still runs.
    const imports = fileImports(1);
    const file = join(dir, 'history.csv');
    writeFileSync(file, `first,email,owner\nH1,h1@history.example,${rep.user.email}\nH2,h2@history.example,\n`);
    const cli: Actor = { id: CLI_OPERATOR_ID, role: 'admin', teamId: null, via: 'cli' };
    let edit: Promise<unknown> | null = null;
    const result = await imports.runFile(
      cli,
      file,
      {
        fileName: 'history <b>.csv',
        mapping: () => ['firstName', 'email', 'ownerEmail'],
        dryRun: false,
        onDuplicate: 'skip',
        defaults: { source: null, campaign: null, ownerEmail: null },
        delimiter: null,
      },
      {
        onProgress: () => {
          edit ??= (async () => {
            const [h1] = await contactsByEmail('h1@history.example');
            const res = await t.as(admin, {
              method: 'PATCH',
              url: `/api/v1/contacts/${h1!.id}`,
              payload: { jobTitle: 'Edited' },
            });
            expect(res.statusCode).toBe(200);
          })();
        },
      },
    );
    await edit;
    expect(result.status).toBe('completed');
    const [h1] = await contactsByEmail('h1@history.example');
    const history = (await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${h1!.id}/audit` })).json().items;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['update', 'import']);
    expect(history[1]).toMatchObject({
      actor: null,
      actorKind: 'cli',
      after: { fileName: 'history <b>.csv', row: 2 },
    });
    // The owner, a sales rep, may see the contact but not imports: who and when, no file, row or import.
    const own = (await t.as(rep, { method: 'GET', url: `/api/v1/contacts/${h1!.id}/audit` })).json().items;
    expect(own[1]).toMatchObject({ action: 'import', actor: null, after: null });
    expect(JSON.stringify(own)).not.toContain('history <b>.csv');
  });

  it('names the field of a bad mapping or default owner, and starts nothing', async () => {
    const { import: created } = (await upload(t, marketer, 'a,b\nx,y\n')).json();
    const noFirst = await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${created.id}/start`,
      payload: { mapping: ['email', null] },
    });
    expect(noFirst.statusCode).toBe(422);
    expect(noFirst.json().errors[0].field).toBe('mapping');
    const owner = await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${created.id}/start`,
      payload: { mapping: ['firstName', null], defaults: { ownerEmail: 'ghost@example.com' } },
    });
    expect(owner.statusCode).toBe(422);
    expect(owner.json().errors[0].field).toBe('defaults.ownerEmail');
    const unknown = await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${created.id}/start`,
      payload: { mapping: ['firstName', null], extra: true },
    });
    expect(unknown.statusCode).toBe(422);
    expect((await t.as(marketer, { method: 'GET', url: `/api/v1/imports/${created.id}` })).json().status).toBe(
      'uploaded',
    );
  });

  it('splits a full-name column into first and last name, alike in the dry run, the real run and the report', async () => {
    const csv = [
      'Full Name,Email,Notes',
      '  علی   حسین\u200Cزاده ,ali.full@full-name.example,',
      'Mary Ann  Smith,mary.full@full-name.example,',
      'Cher,cher.full@full-name.example,',
      '"Karimi, Sara",sara.full@full-name.example,',
      ',nobody.full@full-name.example,no name',
      `Long ${'x'.repeat(101)},long.full@full-name.example,`,
      '',
    ].join('\r\n');
    const { import: created, preview } = (await upload(t, marketer, csv, 'full-name.csv')).json();
    expect(preview.suggestedMapping).toEqual(['fullName', 'email', null]);
    const start = (dryRun: boolean) =>
      t.as(marketer, {
        method: 'POST',
        url: `/api/v1/imports/${created.id}/start`,
        payload: { mapping: preview.suggestedMapping, dryRun },
      });
    const reportRows = async () => {
      const report = await t.as(marketer, { method: 'GET', url: `/api/v1/imports/${created.id}/rejections.csv` });
      return report.body
        .replace(BOM, '')
        .trim()
        .split('\r\n')
        .map((line) => line.split(',').slice(0, 4).join(','));
    };
    const expectedReport = [
      'row,field,column,reason',
      '6,fullName,Full Name,Required.',
      '7,fullName,Full Name,Last name (read from the full name): At most 100 characters.',
    ];
    expect((await start(true)).statusCode).toBe(202);
    const dry = await finished(t, marketer, created.id);
    expect(dry.progress).toMatchObject({ processed: 6, created: 4, rejected: 2 });
    expect(await reportRows()).toEqual(expectedReport);
    expect(await contactsByEmail('ali.full@full-name.example')).toHaveLength(0);

    expect((await start(false)).statusCode).toBe(202);
    const real = await finished(t, marketer, created.id);
    expect(real.progress).toMatchObject({ processed: 6, created: 4, rejected: 2 });
    expect(real.options.mapping).toEqual(['fullName', 'email', null]);
    expect(await reportRows()).toEqual(expectedReport);
    const names = async (email: string) => {
      const [c] = await contactsByEmail(email);
      return [c?.first_name, c?.last_name];
    };
    expect(await names('ali.full@full-name.example')).toEqual(['علی', 'حسین\u200Cزاده']);
    expect(await names('mary.full@full-name.example')).toEqual(['Mary', 'Ann Smith']);
    expect(await names('cher.full@full-name.example')).toEqual(['Cher', '']);
    expect(await names('sara.full@full-name.example')).toEqual(['Sara', 'Karimi']);
    // Found by the full name, as a contact typed in by hand would be.
    expect(await searchEmails('علی حسین زاده')).toEqual(['ali.full@full-name.example']);
  });

  it('refuses a full name beside first or last names before any row, in the API and on the command line', async () => {
    const csv = ['Full name,First,Email', 'Ali Rezaei,Ali,ali@both-names.example', ''].join('\n');
    const { import: created, preview } = (await upload(t, marketer, csv, 'both-names.csv')).json();
    expect(preview.suggestedMapping).toEqual([null, 'firstName', 'email']);
    const both = await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${created.id}/start`,
      payload: { mapping: ['fullName', 'firstName', 'email'] },
    });
    expect(both.statusCode).toBe(422);
    expect(both.json().errors[0]).toMatchObject({ field: 'mapping' });
    expect(both.json().errors[0].message).toContain('not both');
    expect((await t.as(marketer, { method: 'GET', url: `/api/v1/imports/${created.id}` })).json().status).toBe(
      'uploaded',
    );

    const file = join(dir, 'both-names.csv');
    writeFileSync(file, csv.replace('ali@both-names.example', 'ali@both-names-cli.example'));
    const command = (map: string) =>
      importContactsCommand(
        { imports: fileImports(100), findUser: async () => null },
        file,
        { map, onDuplicate: 'skip' },
        { progress: false },
      );
    const importsBefore = await t.count('imports');
    await expect(command('Full name=fullName,First=firstName')).rejects.toThrow('not both');
    expect(await t.count('imports')).toBe(importsBefore);
    // --map names the full name: the suggested first name gives way to it.
    const ok = await command('Full name=fullName');
    expect(ok.result).toMatchObject({ status: 'completed', progress: { created: 1 } });
    expect((await contactsByEmail('ali@both-names-cli.example'))[0]).toMatchObject({
      first_name: 'Ali',
      last_name: 'Rezaei',
    });
  });

  it('refuses more custom columns than a contact holds before any row, in the API and on the command line', async () => {
    const headers = ['Name', 'Email', ...Array.from({ length: 101 }, (_, i) => `Extra ${i}`)];
    const csv = [headers.join(','), 'Ali Rezaei,ali@custom-limit.example', ''].join('\n');
    const { import: created } = (await upload(t, marketer, csv, 'wide.csv')).json();
    const customs = headers.slice(2).map((_, i) => `custom:extra_${i}`);
    const start = (mapping: (string | null)[]) =>
      t.as(marketer, { method: 'POST', url: `/api/v1/imports/${created.id}/start`, payload: { mapping } });
    const many = await start(['fullName', 'email', ...customs]);
    expect(many.statusCode).toBe(422);
    expect(many.json().errors[0]).toMatchObject({
      field: 'mapping',
      message: '101 columns are mapped to custom fields; a contact holds at most 100. Ignore 1 of them.',
    });
    const untouched = (await t.as(marketer, { method: 'GET', url: `/api/v1/imports/${created.id}` })).json();
    expect(untouched).toMatchObject({ status: 'uploaded', progress: { processed: 0 } });
    // One fewer runs.
    const within = await start(['fullName', 'email', ...customs.slice(1), null]);
    expect(within.statusCode, within.body).toBe(202);
    expect((await finished(t, marketer, created.id)).progress).toMatchObject({ created: 1, rejected: 0 });

    const file = join(dir, 'wide.csv');
    writeFileSync(file, csv);
    const importsBefore = await t.count('imports');
    const allCustom = headers
      .slice(2)
      .map((h, i) => `${h}=custom:extra_${i}`)
      .join(',');
    await expect(
      importContactsCommand(
        { imports: fileImports(100), findUser: async () => null },
        file,
        { map: allCustom, onDuplicate: 'skip' },
        { progress: false },
      ),
    ).rejects.toThrow('a contact holds at most 100');
    expect(await t.count('imports')).toBe(importsBefore);
  });

  it('lists imports newest first, a page at a time', async () => {
    const first = await t.as(marketer, { method: 'GET', url: '/api/v1/imports?limit=2' });
    expect(first.statusCode).toBe(200);
    const page = first.json();
    expect(page.items).toHaveLength(2);
    expect(page.items[0].createdAt >= page.items[1].createdAt).toBe(true);
    expect(page.nextCursor).toEqual(expect.any(String));
    const second = await t.as(marketer, {
      method: 'GET',
      url: `/api/v1/imports?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`,
    });
    const ids = second.json().items.map((i: { id: string }) => i.id);
    expect(ids).not.toContain(page.items[0].id);
    expect(JSON.stringify(first.json())).not.toContain('file_path');
    expect(JSON.stringify(first.json())).not.toContain(t.app.tandem.config.dataDir);
  });

  it('a failure mid-file keeps exactly the committed batches and says so', async () => {
    // Two rows per transaction, so the third batch fails on the broken quote after two committed.
    const imports = fileImports(2);
    const file = join(dir, 'broken.csv');
    writeFileSync(
      file,
      'first,email\nA1,a1@x.example\nA2,a2@x.example\nA3,a3@x.example\nA4,a4@x.example\nA5,"a5@x.example\nA6,a6@x.example\n',
    );
    const actor: Actor = { id: marketer.user.id, role: 'marketing', teamId: null, via: 'cli' };
    const before = await t.count('contacts');
    const result = await imports.runFile(actor, file, {
      fileName: 'broken.csv',
      mapping: () => ['firstName', 'email'],
      dryRun: false,
      onDuplicate: 'skip',
      defaults: { source: null, campaign: null, ownerEmail: null },
      delimiter: null,
    });
    expect(result.status).toBe('failed');
    expect(result.error).toContain('not valid CSV');
    expect(result.error).toContain('Rows up to 5 were committed');
    expect(result.progress).toMatchObject({ processed: 4, created: 4, lastRow: 5 });
    expect((await t.count('contacts')) - before).toBe(4);
    expect(await contactsByEmail('a5@x.example')).toHaveLength(0);
    const row = await t.app.tandem.database.db
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', result.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', created: 4, last_row: 5, actor_kind: 'cli' });
    // The committed batches' contacts are in the search index; the failed one left none behind.
    await expectSearchIndexIntact();
    expect(await searchEmails('a4@x.example')).toEqual(['a4@x.example']);
    expect(await searchEmails('a5@x.example')).toEqual([]);
  });

  /** SQLite: FTS5 compares the trigram index with the contacts table (fails on a missing or stale row). */
  async function expectSearchIndexIntact(): Promise<void> {
    if (dialect !== 'sqlite') return;
    const db = t.app.tandem.database.db;
    await sql`insert into contacts_search (contacts_search, rank) values ('integrity-check', 1)`.execute(db);
    const trigger = await sql<{ name: string }>`select name from sqlite_master
      where type = 'trigger' and tbl_name = 'contacts' order by name`.execute(db);
    expect(trigger.rows.map((r) => r.name)).toEqual([
      'contacts_search_delete',
      'contacts_search_insert',
      'contacts_search_update',
    ]);
  }

  async function searchEmails(q: string): Promise<string[]> {
    const res = await t.as(admin, { method: 'GET', url: `/api/v1/contacts?q=${encodeURIComponent(q)}&limit=200` });
    expect(res.statusCode).toBe(200);
    return res.json().items.map((c: { email: string | null }) => c.email);
  }

  it('a command-line import indexes its contacts for search by transaction; other writes keep their trigger', async () => {
    const imports = fileImports(3);
    const existing = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Payam', lastName: 'Searchold', email: 'payam@search.example' },
    });
    expect(existing.statusCode).toBe(201);
    const file = join(dir, 'search.csv');
    const people = Array.from({ length: 8 }, (_, i) => `زهرا${i},Searchimport${i},zahra${i}@search.example,`);
    writeFileSync(
      file,
      ['first,last,email,title', ...people, 'Payam,Searchold,payam@search.example,Searchtitle'].join('\n') + '\n',
    );
    const actor: Actor = { id: marketer.user.id, role: 'marketing', teamId: null, via: 'cli' };
    const result = await imports.runFile(actor, file, {
      fileName: 'search.csv',
      mapping: () => ['firstName', 'lastName', 'email', 'jobTitle'],
      dryRun: false,
      onDuplicate: 'update',
      defaults: { source: null, campaign: null, ownerEmail: null },
      delimiter: null,
    });
    expect(result.progress).toMatchObject({ processed: 9, created: 8, updated: 1, rejected: 0 });
    await expectSearchIndexIntact();
    expect(await searchEmails('searchimport')).toHaveLength(8);
    expect(await searchEmails('زهرا7')).toEqual(['zahra7@search.example']);
    // The updated contact is found by its new job title (the update trigger kept its entry current).
    expect(await searchEmails('searchtitle')).toEqual(['payam@search.example']);
    // A contact written after the import is indexed by the trigger as before.
    const later = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Laleh', lastName: 'Searchafter', email: 'laleh@search.example' },
    });
    expect(later.statusCode).toBe(201);
    expect(await searchEmails('searchafter')).toEqual(['laleh@search.example']);
    await expectSearchIndexIntact();
  });

  it.runIf(dialect === 'sqlite')('defers the search trigger only inside the transaction that asks', async () => {
    const db = t.app.tandem.database.db;
    const repo = createImportsRepository(db);
    const triggers = async (trx: typeof db) =>
      (
        await sql<{ name: string }>`select name from sqlite_master
          where type = 'trigger' and name = 'contacts_search_insert'`.execute(trx)
      ).rows.length;
    const now = new Date().toISOString();
    await expect(
      db.transaction().execute(async (trx) => {
        const deferred = await repo.deferContactSearchIndex(trx);
        expect(deferred).not.toBeNull();
        expect(await triggers(trx)).toBe(0);
        await trx
          .insertInto('contacts')
          .values({
            id: 'deferred-rolled-back',
            first_name: 'Rolled',
            last_name: 'Back',
            custom_fields: '{}',
            name_norm: 'rolled back',
            search_text: 'rolled back',
            created_at: now,
            updated_at: now,
          })
          .execute();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // Rolled back with the transaction: the trigger is there and the index as it was.
    expect(await triggers(db)).toBe(1);
    await expectSearchIndexIntact();

    await db.transaction().execute(async (trx) => {
      const deferred = (await repo.deferContactSearchIndex(trx))!;
      await trx
        .insertInto('contacts')
        .values({
          id: 'deferred-committed',
          first_name: 'Deferredperson',
          last_name: '',
          custom_fields: '{}',
          name_norm: 'deferredperson',
          search_text: 'deferredperson',
          created_at: now,
          updated_at: now,
        })
        .execute();
      const indexed = async () =>
        (
          await sql<{ n: number }>`select count(*) as n from contacts_search
            where contacts_search match '"deferredperson"'`.execute(trx)
        ).rows[0]!.n;
      // Not indexed by a trigger: the index lacks the row until indexNewContacts.
      expect(await indexed()).toBe(0);
      await repo.indexNewContacts(trx, deferred);
      expect(await indexed()).toBe(1);
      expect(await triggers(trx)).toBe(1);
    });
    await expectSearchIndexIntact();
    expect(await searchEmails('deferredperson')).toEqual([null]);
  });

  /** The definitions of the contacts table's indexes, by name (SQLite: as created; PostgreSQL: pg_indexes). */
  async function contactIndexes(): Promise<Record<string, string>> {
    const db = t.app.tandem.database.db;
    const rows =
      dialect === 'sqlite'
        ? (
            await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
              where type = 'index' and tbl_name = 'contacts' and sql is not null`.execute(db)
          ).rows
        : (
            await sql<{ name: string; sql: string }>`select indexname as name, indexdef as sql from pg_indexes
              where tablename = 'contacts' and schemaname = current_schema()`.execute(db)
          ).rows;
    return Object.fromEntries(rows.map((r) => [r.name, r.sql]));
  }

  const bulkImports = (batchRows: number, chunkRows?: number) =>
    fileImports(batchRows, {
      ...(chunkRows ? { chunkRows } : {}),
      // Every run loads in bulk where it can (SQLite), whatever the sizes (see shouldBulkLoad).
      bulkLoadWhen: () => true,
    });

  /**
   * A bulk load of `lines` as the marketer, transactions of `batchRows` rows in chunks of `chunkRows`.
   * SQLite: `atCommit` runs after each commit on a second connection, as another process would.
   */
  async function bulkRun(
    name: string,
    lines: string[],
    mapping: string[],
    options: {
      batchRows: number;
      chunkRows?: number;
      onDuplicate?: 'skip' | 'update';
      atCommit?: (commit: number, other: SqliteDatabase.Database) => void;
    },
  ) {
    const file = join(dir, `${name}.csv`);
    writeFileSync(file, lines.join('\n') + '\n');
    const other = dialect === 'sqlite' ? new SqliteDatabase(sqliteFile()) : null;
    let commits = 0;
    try {
      return await bulkImports(options.batchRows, options.chunkRows).runFile(
        { id: marketer.user.id, role: 'marketing', teamId: null, via: 'cli' },
        file,
        {
          fileName: `${name}.csv`,
          mapping: () => mapping,
          dryRun: false,
          onDuplicate: options.onDuplicate ?? 'update',
          defaults: { source: null, campaign: null, ownerEmail: null },
          delimiter: null,
        },
        {
          onProgress: () => {
            commits += 1;
            if (other) options.atCommit?.(commits, other);
          },
        },
      );
    } finally {
      other?.close();
    }
  }

  const sqliteFile = () => {
    const d = t.app.tandem.config.database;
    if (d.dialect !== 'sqlite') throw new Error('SQLite only');
    return d.file;
  };

  /** SQLite: the contacts search index's merge settings, as another process reads them. */
  const searchMergeOf = (other: SqliteDatabase.Database) =>
    Object.fromEntries(
      (
        other.prepare(`select k, v from contacts_search_config where k in ('automerge', 'crisismerge')`).all() as {
          k: string;
          v: number;
        }[]
      ).map((r) => [r.k, r.v]),
    );
  /** The same from a connection of its own. */
  const searchMergeNow = () => {
    const other = new SqliteDatabase(sqliteFile());
    try {
      return searchMergeOf(other);
    } finally {
      other.close();
    }
  };

  it('a command-line import of a large file loads in bulk and finds the same duplicates', async () => {
    const db = t.app.tandem.database.db;
    if (dialect === 'sqlite') {
      // Settings of its own, which the load must give back (not FTS5's defaults).
      await sql`insert into contacts_search (contacts_search, rank) values ('automerge', ${sql.lit(8)})`.execute(db);
      onTestFinished(async () => {
        await sql`insert into contacts_search (contacts_search, rank) values ('automerge', ${sql.lit(4)})`.execute(db);
      });
    }
    for (const payload of [
      { firstName: 'Kept', lastName: 'Bulkexisting', email: 'kept@bulk.example' },
      { firstName: 'Phoned', lastName: 'Bulkexisting', phone: '09121110002' },
    ]) {
      expect((await t.as(admin, { method: 'POST', url: '/api/v1/contacts', payload })).statusCode).toBe(201);
    }
    const indexesBefore = await contactIndexes();
    // What another process sees between the run's transactions (SQLite: a second connection).
    const seen: { indexes: string[]; deferred: number; merge: Record<string, number> }[] = [];
    // Transactions of four rows in chunks of two: duplicates across chunks and across transactions.
    const result = await bulkRun(
      'bulk',
      [
        'first,email,phone,title,company',
        'A0,a0@bulk.example,09121110010,,Acme Bulk',
        'A1,a1@bulk.example,,,Acme Bulk',
        'Kept,KEPT@bulk.example,,Buyer,Beta Bulk',
        'Again,a0@bulk.example,,,Beta Bulk',
        'PhoneAgain,,۰۹۱۲۱۱۱۰۰۱۰,,',
        'Phoned,,+98 912 111 0002,Seller,',
        'A2,a2@bulk.example,,,Beta Bulk',
        'A1 again,a1@bulk.example,,,Acme Bulk',
        'A3,a3@bulk.example,,,',
      ],
      ['firstName', 'email', 'phone', 'jobTitle', 'account.name'],
      {
        batchRows: 4,
        chunkRows: 2,
        atCommit: (_, other) => {
          const names = other
            .prepare(`select name from sqlite_master where type = 'index' and tbl_name = 'contacts'`)
            .all() as { name: string }[];
          const deferred = other.prepare('select count(*) as n from bulk_load_work').get() as { n: number };
          seen.push({
            indexes: names.map((r) => r.name),
            deferred: deferred.n,
            merge: searchMergeOf(other),
          });
        },
      },
    );
    expect(result.status).toBe('completed');
    expect(result.progress).toMatchObject({ processed: 9, created: 4, updated: 2, skipped: 0, rejected: 3 });
    if (dialect === 'sqlite') {
      // While it ran, the six indexes were aside (and written down); the others stayed.
      expect(seen.length).toBeGreaterThanOrEqual(2);
      for (const s of seen) {
        // The six indexes, the companies' recount and the search index's merge settings.
        expect(s.deferred).toBe(8);
        expect(s.indexes).not.toContain('contacts_email_idx');
        expect(s.indexes).not.toContain('contacts_account_idx');
        expect(s.indexes).toContain('contacts_updated_idx');
        // The search index merges sixteen segments at a time meanwhile.
        expect(s.merge).toEqual({ automerge: 16, crisismerge: 16 });
      }
      // At the end its own settings are back.
      expect(searchMergeNow()).toEqual({ automerge: 8, crisismerge: 16 });
    }
    // Afterwards every index is back exactly as the migrations made it, and nothing is left aside.
    expect(await contactIndexes()).toEqual(indexesBefore);
    expect(await t.count('bulk_load_work')).toBe(0);
    expect(await t.count('contact_identity_changes')).toBe(0);
    await expectSearchIndexIntact();

    const reasons = await db
      .selectFrom('import_rejections')
      .innerJoin('imports', 'imports.id', 'import_rejections.import_id')
      .select(['row_number', 'reason'])
      .where('imports.file_name', '=', 'bulk.csv')
      .orderBy('row_number')
      .execute();
    expect(reasons).toEqual([
      { row_number: 5, reason: 'Same email as row 2 of this file.' },
      { row_number: 6, reason: 'Same phone as row 2 of this file.' },
      { row_number: 9, reason: 'Same email as row 3 of this file.' },
    ]);
    expect((await contactsByEmail('kept@bulk.example')).map((c) => c.job_title)).toEqual(['Buyer']);
    const phoned = await db.selectFrom('contacts').selectAll().where('phone', '=', '+989121110002').execute();
    expect(phoned.map((c) => [c.first_name, c.job_title])).toEqual([['Phoned', 'Seller']]);
    expect(await contactsByEmail('a0@bulk.example')).toHaveLength(1);
    expect(await searchEmails('a3@bulk.example')).toEqual(['a3@bulk.example']);
    // The companies' contact counts, recounted at the end: A0 and A1 at Acme; A2 and the updated Kept at Beta.
    const counts = await db
      .selectFrom('accounts')
      .select(['name', 'contact_count'])
      .where('name', 'in', ['Acme Bulk', 'Beta Bulk'])
      .orderBy('name')
      .execute();
    expect(counts).toEqual([
      { name: 'Acme Bulk', contact_count: 2 },
      { name: 'Beta Bulk', contact_count: 2 },
    ]);
  });

  // Other processes' writes between the run's transactions; a bulk load is a SQLite matter (PostgreSQL keeps
  // its indexes and sees every write through them).
  it.runIf(dialect === 'sqlite')('a bulk load sees contacts others add or re-key while it runs', async () => {
    const created = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Rekeyed', lastName: 'Bulkother', email: 'before@bulk2.example' },
    });
    expect(created.statusCode).toBe(201);
    const filler = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Filler', lastName: 'Bulkother', email: 'filler@bulk2.example' },
    });
    expect(filler.statusCode).toBe(201);
    // Transactions of three rows, a row per chunk: the first one's third chunk (an update) reads B0 and
    // B1's keys and inserts nothing, so B1 is the newest contact the load has read when it commits.
    const result = await bulkRun(
      'bulk2',
      [
        'first,email,title',
        'B0,b0@bulk2.example,',
        'B1,b1@bulk2.example,',
        'Filler,filler@bulk2.example,Found',
        'Other,other@bulk2.example,Found',
        'Rekeyed,after@bulk2.example,Found',
        'Before,before@bulk2.example,',
        'Reused,reused@bulk2.example,Found',
      ],
      ['firstName', 'email', 'jobTitle'],
      {
        batchRows: 3,
        chunkRows: 1,
        atCommit: (commit, other) => {
          if (commit !== 1) return;
          // After the first transaction, another process deletes the two newest contacts (the load's B0 and
          // B1) in one statement and adds one, which gets B0's rowid again; then adds another and changes a
          // contact's email.
          const now = new Date().toISOString();
          const insert = other.prepare(
            `insert into contacts (id, first_name, last_name, email, custom_fields, name_norm, search_text,
          created_at, updated_at) values (?, ?, 'Process', ?, '{}', 'x', 'x', ?, ?)`,
          );
          const newest = other.prepare('select rowid, email from contacts order by rowid desc limit 2').all() as {
            rowid: number;
            email: string;
          }[];
          expect(newest.map((r) => r.email)).toEqual(['b1@bulk2.example', 'b0@bulk2.example']);
          const top = newest[1]!;
          other.prepare('delete from contacts where rowid >= ?').run(top.rowid);
          insert.run('reused-rowid', 'Reused', 'reused@bulk2.example', now, now);
          const reused = other.prepare(`select rowid from contacts where id = 'reused-rowid'`).get() as {
            rowid: number;
          };
          expect(reused.rowid).toBe(top.rowid);
          other
            .prepare(
              `insert into contacts (id, first_name, last_name, email, custom_fields, name_norm, search_text,
          created_at, updated_at) values ('other-process', 'Other', 'Process', 'other@bulk2.example', '{}',
          'other process', 'other process other@bulk2.example', ?, ?)`,
            )
            .run(now, now);
          other
            .prepare(`update contacts set email = 'after@bulk2.example', updated_at = ? where id = ?`)
            .run(now, created.json().id);
          // Search texts change too: of a contact the search index holds, and of one it does not yet.
          const retext = other.prepare(`update contacts set search_text = ?, updated_at = ? where id = ?`);
          retext.run('fillerretexted', now, filler.json().id);
          insert.run('quiet-process', 'Quiet', 'quiet@bulk2.example', now, now);
          retext.run('quietretexted', now, 'quiet-process');
        },
      },
    );
    expect(result.progress).toMatchObject({ processed: 7, created: 3, updated: 4, rejected: 0 });
    // Matched by the keys they have now, not duplicated; the email nobody has any more makes a new contact.
    expect((await contactsByEmail('other@bulk2.example')).map((c) => [c.id, c.job_title])).toEqual([
      ['other-process', 'Found'],
    ]);
    expect((await contactsByEmail('after@bulk2.example')).map((c) => [c.id, c.job_title])).toEqual([
      [created.json().id, 'Found'],
    ]);
    expect((await contactsByEmail('before@bulk2.example')).map((c) => c.first_name)).toEqual(['Before']);
    expect((await contactsByEmail('reused@bulk2.example')).map((c) => [c.id, c.job_title])).toEqual([
      ['reused-rowid', 'Found'],
    ]);
    expect(await t.count('bulk_load_work')).toBe(0);
    await expectSearchIndexIntact();
    expect(await searchEmails('fillerretexted')).toEqual(['filler@bulk2.example']);
    expect(await searchEmails('quietretexted')).toEqual(['quiet@bulk2.example']);
  });

  it.runIf(dialect === 'sqlite')(
    'a bulk load whose work another process took goes on through the indexes',
    async () => {
      const created = await t.as(admin, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { firstName: 'Taken', lastName: 'Bulkother', email: 'before@bulk4.example' },
      });
      expect(created.statusCode).toBe(201);
      const indexesBefore = await contactIndexes();
      const result = await bulkRun(
        'bulk4',
        [
          'first,email,title,company',
          'D0,d0@bulk4.example,,Acme Four',
          'D1,d1@bulk4.example,,Acme Four',
          'Taken,after@bulk4.example,Found,',
          'Again,d0@bulk4.example,,',
          'D2,d2@bulk4.example,,Acme Four',
        ],
        ['firstName', 'email', 'jobTitle', 'account.name'],
        {
          batchRows: 2,
          atCommit: (commit, other) => {
            if (commit !== 1) return;
            // Another process takes the load for abandoned (its recount of the companies ran before the
            // load's first transaction committed). Then a contact's email changes, which no trigger records.
            takeBulkLoadWork(other);
            other
              .prepare(`update contacts set email = 'after@bulk4.example', updated_at = ? where id = ?`)
              .run(new Date().toISOString(), created.json().id);
          },
        },
      );
      expect(result.status).toBe('completed');
      expect(result.progress).toMatchObject({ processed: 5, created: 3, updated: 1, rejected: 1 });
      expect((await contactsByEmail('after@bulk4.example')).map((c) => [c.id, c.job_title])).toEqual([
        [created.json().id, 'Found'],
      ]);
      expect(await contactsByEmail('d0@bulk4.example')).toHaveLength(1);
      expect(await contactIndexes()).toEqual(indexesBefore);
      await expectSearchIndexIntact();
      expect(await searchEmails('d2@bulk4')).toEqual(['d2@bulk4.example']);
      // D0 and D1 (recounted when the load noticed), D2 (counted by its transaction after that).
      const acme = await t.app.tandem.database.db
        .selectFrom('accounts')
        .select('contact_count')
        .where('name', '=', 'Acme Four')
        .executeTakeFirstOrThrow();
      expect(acme.contact_count).toBe(3);
    },
  );

  it('a bulk load that fails puts the indexes back', async () => {
    const indexesBefore = await contactIndexes();
    const result = await bulkRun(
      'bulk-broken',
      ['first,email', 'C1,c1@bulk3.example', 'C2,c2@bulk3.example', 'C3,"c3@bulk3.example'],
      ['firstName', 'email'],
      { batchRows: 1, onDuplicate: 'skip' },
    );
    expect(result.status).toBe('failed');
    expect(result.progress).toMatchObject({ created: 2 });
    expect(await contactIndexes()).toEqual(indexesBefore);
    expect(await t.count('bulk_load_work')).toBe(0);
    await expectSearchIndexIntact();
  });

  /** SQLite: a process opens the database while another holds the write lock (so opening writes nothing). */
  async function expectOpensWhileLocked(): Promise<void> {
    const writer = new SqliteDatabase(sqliteFile());
    writer.exec('begin immediate');
    try {
      const started = Date.now();
      const again = await openDatabase(t.app.tandem.config);
      await again.close();
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      writer.exec('rollback');
      writer.close();
    }
  }

  /**
   * SQLite, from another connection: what a process that took a bulk load for abandoned does (indexes back,
   * work forgotten, triggers gone), except the companies' recount, as if that had run before now.
   */
  function takeBulkLoadWork(other: SqliteDatabase.Database): void {
    const work = other.prepare(`select definition from bulk_load_work where kind = 'index'`).all() as {
      definition: string;
    }[];
    expect(work).toHaveLength(6);
    const merge = other.prepare(`select definition from bulk_load_work where kind = 'search-merge'`).get() as {
      definition: string;
    };
    const settings = JSON.parse(merge.definition) as { automerge: number; crisismerge: number };
    other.transaction(() => {
      for (const w of work) other.exec(w.definition);
      other.exec(`insert into contacts_search (contacts_search, rank) values ('automerge', ${settings.automerge})`);
      other.exec(`insert into contacts_search (contacts_search, rank) values ('crisismerge', ${settings.crisismerge})`);
      other.exec('delete from bulk_load_work');
      other.exec('drop trigger contacts_identity_changed');
      other.exec('drop trigger contacts_identity_removed');
    })();
  }

  const companyCount = async (name: string) =>
    (
      await t.app.tandem.database.db
        .selectFrom('accounts')
        .select('contact_count')
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
    ).contact_count;

  it.runIf(dialect === 'sqlite')('a bulk load recounts its companies however its work was taken', async () => {
    const run = (name: string, lines: string[], batchRows: number, takeAt: number) =>
      bulkRun(name, ['first,email,company', ...lines], ['firstName', 'email', 'account.name'], {
        batchRows,
        chunkRows: 1,
        onDuplicate: 'skip',
        atCommit: (commit, other) => {
          if (commit === takeAt) takeBulkLoadWork(other);
        },
      });
    // Taken after its last transaction: nothing notices, and the load's own end recounts.
    const last = await run('taken-last', ['L0,l0@bulk5.example,Last Co', 'L1,l1@bulk5.example,Last Co'], 10, 1);
    expect(last.status).toBe('completed');
    expect(await companyCount('Last Co')).toBe(2);
    // Taken after the first transaction; the second notices (recounting inside it), then fails on the file,
    // which rolls that recount back: the failed run recounts again.
    const failed = await run(
      'taken-failed',
      ['F0,f0@bulk5.example,Fail Co', 'F1,f1@bulk5.example,Fail Co', 'F2,f2@bulk5.example,Fail Co', 'F3,"broken'],
      2,
      1,
    );
    expect(failed.status).toBe('failed');
    expect(failed.progress).toMatchObject({ created: 2 });
    expect(await companyCount('Fail Co')).toBe(2);
    expect(await contactIndexes()).not.toEqual({});
    await expectSearchIndexIntact();
  });

  it.runIf(dialect === 'sqlite')('indexes a dead load left aside come back; a live load keeps them aside', async () => {
    const db = t.app.tandem.database.db;
    const repo = createImportsRepository(db);
    const indexesBefore = await contactIndexes();
    const at = t.app.tandem.clock.now();
    const running = async (id: string, updatedAt: Date) =>
      db
        .insertInto('imports')
        .values({
          id,
          status: 'running',
          dry_run: 0,
          file_name: 'live.csv',
          file_path: null,
          file_bytes: 1,
          delimiter: ',',
          headers: null,
          options: null,
          created_by: null,
          actor_kind: 'cli',
          created_at: updatedAt.toISOString(),
          updated_at: updatedAt.toISOString(),
          started_at: updatedAt.toISOString(),
          finished_at: null,
        })
        .execute();
    await running('live-load', at);
    await running('dead-load', at);
    // A company whose count a dead load left wrong.
    const account = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { name: 'Miscounted Bulk' },
    });
    expect(account.statusCode).toBe(201);
    const person = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Counted', lastName: 'Bulk', accountId: account.json().id },
    });
    expect(person.statusCode).toBe(201);
    // A load whose process is gone (a process that has exited) is restored at once, however recent.
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    expect(await repo.deferIndexes('dead-load', gone, at.toISOString())).not.toBeNull();
    expect(searchMergeNow()).toEqual({ automerge: 16, crisismerge: 16 });
    expect(await t.app.tandem.services.imports.restoreAbandonedIndexes()).toHaveLength(6);
    expect(await contactIndexes()).toEqual(indexesBefore);
    // The search index's merge settings are back (what the table had before the load).
    expect(searchMergeNow()).toEqual({ automerge: 4, crisismerge: 16 });

    // Work under this process's own pid that no load here runs (a dead process's pid given again) too.
    await running('own-pid-load', at);
    expect(await repo.deferIndexes('own-pid-load', process.pid, at.toISOString())).not.toBeNull();
    expect(await t.app.tandem.services.imports.restoreAbandonedIndexes()).toHaveLength(6);
    // Triggers a finishing load had not dropped yet do not keep the next one from starting.
    await sql
      .raw(`create trigger contacts_identity_changed after update of email on contacts begin select 1; end`)
      .execute(db);
    expect(await repo.deferIndexes('own-pid-load', process.pid, at.toISOString())).not.toBeNull();
    expect(await t.app.tandem.services.imports.restoreAbandonedIndexes()).toHaveLength(6);
    expect(await contactIndexes()).toEqual(indexesBefore);

    // A load whose process runs (another process here) is left alone while it commits.
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    onTestFinished(() => {
      live.kill();
    });
    expect(await repo.deferIndexes('live-load', live.pid!, at.toISOString())).not.toBeNull();
    await db.updateTable('accounts').set({ contact_count: 7 }).where('id', '=', account.json().id).execute();
    // A second load does not take what the first holds.
    expect(await repo.deferIndexes('second-load', process.pid, at.toISOString())).toBeNull();
    expect(await t.app.tandem.services.imports.restoreAbandonedIndexes()).toEqual([]);
    expect(Object.keys(await contactIndexes())).not.toContain('contacts_email_idx');
    // Opening the database meanwhile needs no write lock: it opens while another process writes.
    await expectOpensWhileLocked();

    // The same load silent for longer than an import may be (its process died): opening the database
    // creates the indexes again.
    await db
      .updateTable('imports')
      .set({ updated_at: new Date(at.getTime() - 11 * 60_000).toISOString() })
      .where('id', '=', 'live-load')
      .execute();
    const reopened = await openDatabase(t.app.tandem.config);
    try {
      expect(await contactIndexes()).toEqual(indexesBefore);
    } finally {
      await reopened.close();
    }
    expect(await t.count('bulk_load_work')).toBe(0);
    const recounted = await db
      .selectFrom('accounts')
      .select('contact_count')
      .where('id', '=', account.json().id)
      .executeTakeFirstOrThrow();
    expect(recounted.contact_count).toBe(1);
    const trigger = await sql<{ name: string }>`select name from sqlite_master
      where type = 'trigger' and name like 'contacts_identity_%'`.execute(db);
    expect(trigger.rows).toEqual([]);

    // A trigger a crash left without any work is dropped on the next sweep.
    await sql.raw(`create trigger contacts_identity_removed after delete on contacts begin select 1; end`).execute(db);
    await t.app.tandem.services.imports.restoreAbandonedIndexes();
    const stray = await sql<{ name: string }>`select name from sqlite_master
      where type = 'trigger' and name like 'contacts_identity_%'`.execute(db);
    expect(stray.rows).toEqual([]);

    // With nothing left aside, opening the database writes nothing either.
    await expectOpensWhileLocked();
  });

  it('a background run can read the file on a worker thread', async () => {
    const { database, clock, outbox } = t.app.tandem;
    const imports = createImportService({
      database,
      clock,
      outbox,
      phoneRegion: 'IR',
      uploadDir: join(dir, 'threaded'),
      maxUploadBytes: 1024 * 1024,
      workerMinBytes: 0,
    });
    const actor: Actor = { id: marketer.user.id, role: 'marketing', teamId: null, via: 'session' };
    const csv = 'نام,ایمیل,موبایل\nپریسا,parisa@thread.example,۰۹۱۲۵۵۵۴۴۳۳\nپریسا,parisa@thread.example,\n';
    const received = await imports.receiveUpload(actor, Readable.from([Buffer.from(csv)]), null);
    const { import: created, preview } = await imports.createUpload(actor, { fileName: 't.csv', ...received });
    await imports.start(
      actor,
      created.id,
      { mapping: preview.suggestedMapping, dryRun: false, onDuplicate: 'skip', defaults: {} },
      { actor },
    );
    await imports.settled(created.id);
    const done = await imports.get(actor, created.id);
    expect(done).toMatchObject({ status: 'completed' });
    expect(done.progress).toMatchObject({ created: 1, rejected: 1 });
    expect((await contactsByEmail('parisa@thread.example'))[0]).toMatchObject({ phone: '+989125554433' });
    // A real run's upload is deleted once it has run.
    expect(readdirSync(join(dir, 'threaded'))).toEqual([]);
  }, 60_000);

  it('stops a background run between batches on shutdown, saying what it committed', async () => {
    const { database, clock, outbox } = t.app.tandem;
    const imports = createImportService({
      database,
      clock,
      outbox,
      phoneRegion: 'IR',
      uploadDir: join(dir, 'stopping'),
      maxUploadBytes: 1024 * 1024,
      batchRows: 2,
    });
    const actor: Actor = { id: marketer.user.id, role: 'marketing', teamId: null, via: 'session' };
    const csv = 'first,email\n' + Array.from({ length: 60 }, (_, i) => `S${i},stop${i}@example.com`).join('\n');
    const received = await imports.receiveUpload(actor, Readable.from([Buffer.from(csv)]), null);
    const { import: created } = await imports.createUpload(actor, { fileName: 's.csv', ...received });
    await imports.start(
      actor,
      created.id,
      { mapping: ['firstName', 'email'], dryRun: false, onDuplicate: 'skip', defaults: {} },
      { actor },
    );
    await imports.stop();
    const stopped = await imports.get(actor, created.id);
    expect(stopped.status).toBe('failed');
    expect(stopped.error).toContain('stopped before the end of the file');
    expect(stopped.progress.processed).toBeLessThan(60);
    const written = await t.app.tandem.database.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', 'like', 'stop%@example.com')
      .executeTakeFirstOrThrow();
    expect(Number(written.n)).toBe(stopped.progress.created);
  });

  it('cancels a running import between batches: the committed batches stay, reported, and nothing after them', async () => {
    // The test app's upload limit is small; a second app takes a file of many batches.
    const big = await createTestApp(dialect);
    onTestFinished(() => big.close());
    const importer = await big.user('marketing');
    const salesRep = await big.user('sales_rep');
    const rows = 40_000;
    // Every tenth row has a bad email: each committed batch reports its rejected rows.
    const csv =
      'Name,Email\n' +
      Array.from({ length: rows }, (_, i) => `Person ${i},${i % 10 === 9 ? 'broken' : `cancel${i}@example.com`}`).join(
        '\n',
      ) +
      '\n';
    const { import: created, preview } = (await upload(big, importer, csv, 'cancel.csv')).json();
    const cancel = (user: TestUser, payload?: object) =>
      big.as(user, { method: 'POST', url: `/api/v1/imports/${created.id}/cancel`, ...(payload ? { payload } : {}) });

    // Not started yet: nothing to cancel.
    const early = await cancel(importer);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'import.not_running' });
    expect(early.json().detail).toContain('not started');

    const start = await big.as(importer, {
      method: 'POST',
      url: `/api/v1/imports/${created.id}/start`,
      payload: { mapping: preview.suggestedMapping },
    });
    expect(start.statusCode).toBe(202);
    // Only who may import may cancel, with nothing but the import's id.
    expect((await cancel(salesRep)).statusCode).toBe(403);
    expect((await cancel(importer, { force: true })).statusCode).toBe(422);
    expect((await big.as(importer, { method: 'POST', url: '/api/v1/imports/no-such-import/cancel' })).statusCode).toBe(
      404,
    );
    const res = await cancel(importer);
    expect(res.statusCode, res.body).toBe(200);
    const cancelled = res.json();
    expect(cancelled).toMatchObject({ status: 'failed' });
    expect(cancelled.error).toContain('The import was cancelled before the end of the file.');
    expect(cancelled.error).toContain(`Rows up to ${cancelled.progress.lastRow} were committed`);
    const p = cancelled.progress;
    expect(p.processed).toBeGreaterThan(0);
    expect(p.processed).toBeLessThan(rows);
    expect(p.lastRow).toBe(p.processed + 1);
    // Every committed row is accounted for: its contact, or its rejection in the report.
    const db = big.app.tandem.database.db;
    const written = await db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', 'like', 'cancel%@example.com')
      .executeTakeFirstOrThrow();
    expect(Number(written.n)).toBe(p.created);
    expect(p.created + p.rejected).toBe(p.processed);
    expect(p.rejected).toBe(Math.floor(p.processed / 10));
    const report = await big.as(importer, { method: 'GET', url: `/api/v1/imports/${created.id}/rejections.csv` });
    expect(report.body.replace(BOM, '').trim().split('\r\n')).toHaveLength(p.rejected + 1);
    const audit = await db
      .selectFrom('audit_log')
      .select('after')
      .where('entity_type', '=', 'import')
      .where('entity_id', '=', created.id)
      .where('action', '=', 'import')
      .executeTakeFirstOrThrow();
    expect(parseJson(audit.after, {})).toMatchObject({ status: 'failed', created: p.created });
    // Who cancelled, in an entry of its own (here the one who started it too).
    const cancelEntry = await db
      .selectFrom('audit_log')
      .select(['actor_id', 'after', 'request_id'])
      .where('entity_type', '=', 'import')
      .where('entity_id', '=', created.id)
      .where('action', '=', 'cancel')
      .executeTakeFirstOrThrow();
    expect(cancelEntry.actor_id).toBe(importer.user.id);
    expect(cancelEntry.request_id).toBeTruthy();
    expect(parseJson(cancelEntry.after, {})).toEqual({ status: 'failed', lastRow: p.lastRow });

    // Ended: a second cancel is a conflict, and so is one of a completed import.
    const again = await cancel(importer);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'import.not_running' });
    expect(again.json().detail).toContain('already finished');

    // Running in another server process (the start reached that one), or no longer running at all.
    const other = (await upload(big, importer, 'Name\nA\n', 'other.csv')).json().import.id;
    const markRunning = (updatedAt: Date) =>
      db
        .updateTable('imports')
        .set({ status: 'running', updated_at: updatedAt.toISOString() })
        .where('id', '=', other)
        .execute();
    await markRunning(new Date());
    // The process running it is asked through the database; none does here, so after a few seconds the
    // answer is 202: still running, the cancel asked and audited under the one who asked.
    const elsewhere = await big.as(importer, { method: 'POST', url: `/api/v1/imports/${other}/cancel` });
    expect(elsewhere.statusCode, elsewhere.body).toBe(202);
    expect(elsewhere.json()).toMatchObject({ status: 'running', cancelRequested: true });
    const asked = await db
      .selectFrom('imports')
      .select('cancel_requested_at')
      .where('id', '=', other)
      .executeTakeFirstOrThrow();
    expect(asked.cancel_requested_at).not.toBeNull();
    const askedEntry = await db
      .selectFrom('audit_log')
      .select(['actor_id', 'after'])
      .where('entity_id', '=', other)
      .where('action', '=', 'cancel')
      .executeTakeFirstOrThrow();
    expect(askedEntry.actor_id).toBe(importer.user.id);
    expect(parseJson(askedEntry.after, {})).toEqual({ status: 'running', requested: true });
    await markRunning(new Date(Date.now() - 60 * 60_000));
    const interrupted = await big.as(importer, { method: 'POST', url: `/api/v1/imports/${other}/cancel` });
    expect(interrupted.json()).toMatchObject({ status: 409, code: 'import.not_running' });
    expect(interrupted.json().detail).toContain('its server stopped');
  }, 120_000);

  it('stops a run when a cancel is asked through the database, as another server process does', async () => {
    const big = await createTestApp(dialect);
    onTestFinished(() => big.close());
    const importer = await big.user('marketing');
    const rows = 40_000;
    const csv =
      'Name,Email\n' + Array.from({ length: rows }, (_, i) => `Person ${i},asked${i}@example.com`).join('\n') + '\n';
    const { import: created, preview } = (await upload(big, importer, csv, 'asked.csv')).json();
    const start = await big.as(importer, {
      method: 'POST',
      url: `/api/v1/imports/${created.id}/start`,
      payload: { mapping: preview.suggestedMapping },
    });
    expect(start.statusCode).toBe(202);
    const db = big.app.tandem.database.db;
    // What requestCancel writes from the other process, once this one has committed a batch.
    await expect
      .poll(
        async () =>
          (await big.as(importer, { method: 'GET', url: `/api/v1/imports/${created.id}` })).json().progress.processed,
        {
          timeout: 20_000,
          interval: 20,
        },
      )
      .toBeGreaterThan(0);
    await db
      .updateTable('imports')
      .set({ cancel_requested_at: new Date().toISOString() })
      .where('id', '=', created.id)
      .execute();
    const ended = await finished(big, importer, created.id);
    expect(ended.status).toBe('failed');
    expect(ended.error).toContain('The import was cancelled before the end of the file.');
    expect(ended.progress.processed).toBeLessThan(rows);
    expect(ended.cancelRequested).toBe(false);
  }, 120_000);

  it('answers a conflict when the run in another server process completes before it heeds the cancel', async () => {
    const id = (await upload(t, marketer, 'Name\nA\n', 'completes.csv')).json().import.id;
    const db = t.app.tandem.database.db;
    // Running in another server process.
    await db
      .updateTable('imports')
      .set({ status: 'running', updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
    const cancelling = t.as(marketer, { method: 'POST', url: `/api/v1/imports/${id}/cancel` });
    const asked = async () =>
      (await db.selectFrom('imports').select('cancel_requested_at').where('id', '=', id).executeTakeFirstOrThrow())
        .cancel_requested_at;
    await expect.poll(asked, { timeout: 20_000, interval: 20 }).not.toBeNull();
    // That process writes its last batch and completes, the request read too late.
    await db
      .updateTable('imports')
      .set({ status: 'completed', finished_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
    const res = await cancelling;
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'import.not_running' });
  });

  it('runs for real after a dry run that another server process cancelled', async () => {
    const csv = 'Name,Email\nAfter Cancel,after.cancel@example.com\n';
    const { import: created, preview } = (await upload(t, marketer, csv, 'after-cancel.csv')).json();
    const start = (dryRun: boolean) =>
      t.as(marketer, {
        method: 'POST',
        url: `/api/v1/imports/${created.id}/start`,
        payload: { mapping: preview.suggestedMapping, dryRun },
      });
    expect((await start(true)).statusCode).toBe(202);
    await finished(t, marketer, created.id);
    // The dry run as it ends when a cancel asked through the database stopped it in another process.
    await t.app.tandem.database.db
      .updateTable('imports')
      .set({ status: 'failed', cancel_requested_at: new Date().toISOString() })
      .where('id', '=', created.id)
      .execute();
    expect((await start(false)).statusCode).toBe(202);
    const real = await finished(t, marketer, created.id);
    expect(real.error).toBeNull();
    expect(real.status).toBe('completed');
    expect(real.progress).toMatchObject({ processed: 1, created: 1 });
  });

  it('runs from the command line: dry run, report, exit codes, --as', async () => {
    const config = t.app.tandem.config;
    const file = join(dir, 'cli.csv');
    writeFileSync(
      file,
      BOM +
        'First Name\tLast Name\tE-mail\tPhone\tCompany\n' +
        'مریم\tاحمدی\tmaryam@cli.example\t۰۹۱۹۸۸۸۷۷۶۶\tپارس\n' +
        'Bad\tEmail\tnope\t\t\n',
    );
    const contacts = await t.count('contacts');
    const dry = await tandem(config, ['import', 'contacts', file, '--dry-run', '--json', '--as', marketer.user.email]);
    expect(dry.code).toBe(2);
    const dryResult = JSON.parse(dry.stdout);
    expect(dryResult).toMatchObject({ dryRun: true, status: 'completed', delimiter: 'tab', actorKind: 'cli' });
    expect(dryResult.progress).toMatchObject({ created: 1, rejected: 1 });
    expect(await t.count('contacts')).toBe(contacts);

    const report = join(dir, 'rejected.csv');
    const real = await tandem(config, [
      'import',
      'contacts',
      file,
      '--report',
      report,
      '--source',
      'cli-test',
      '--owner',
      'rep@example.com',
      '--map',
      'Company=-',
    ]);
    expect(real.code).toBe(2);
    expect(real.stdout).toContain('created 1');
    expect(real.stdout).toContain(`written to ${report}`);
    expect(readFileSync(report, 'utf8')).toContain('3,email,E-mail,Not a valid email address.,Bad,Email,nope');
    const [maryam] = await contactsByEmail('maryam@cli.example');
    expect(maryam).toMatchObject({
      first_name: 'مریم',
      phone: '+989198887766',
      source: 'cli-test',
      owner_id: rep.user.id,
      account_id: null,
      // No --as: the server's operator, not a user, imported it.
      created_by: null,
    });

    const clean = join(dir, 'clean.csv');
    writeFileSync(clean, 'first name,email\nKian,kian@cli.example\n');
    const ok = await tandem(config, ['import', 'contacts', clean]);
    expect(ok.code).toBe(0);

    const denied = await tandem(config, ['import', 'contacts', clean, '--as', 'rep@example.com']);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('Only marketing and admins may import');
    const missing = await tandem(config, ['import', 'contacts', join(dir, 'missing.csv')]);
    expect(missing.code).toBe(1);
  }, 180_000);
});

describe('CSV reader thread', () => {
  it('yields the same batches as reading in-process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-reader-'));
    try {
      const file = join(dir, 'people.csv');
      const rows = Array.from({ length: 25 }, (_, i) => `P${i},p${i}@example.com,0912${String(i).padStart(7, '0')}`);
      writeFileSync(file, ['name,email,phone', ...rows, 'Bad,not-an-email,'].join('\n'));
      const config: ReaderConfig = {
        file,
        delimiter: ',',
        mapping: ['firstName', 'email', 'phone'],
        defaults: { source: 'import', campaign: null, ownerId: null },
        phoneRegion: 'IR',
        owners: [],
        batchRows: 10,
      };
      const strip = (batches: Awaited<ReturnType<typeof collect>>) =>
        batches.map((b) => ({
          bytesRead: b.bytesRead,
          rows: b.rows.map((r) =>
            r.result.kind === 'candidate'
              ? { row: r.row, email: r.result.fields.email, phone: r.result.fields.phone, search: r.result.searchText }
              : r.result,
          ),
        }));
      const collect = async (source: AsyncIterable<ReadBatch>) => {
        const out = [];
        for await (const b of source) out.push(b);
        return out;
      };
      const inProcess = await collect(readBatches(config));
      const inWorker = await collect(readBatchesInWorker(config));
      expect(inProcess.map((b) => b.rows.length)).toEqual([10, 10, 6]);
      expect(strip(inWorker)).toEqual(strip(inProcess));
      expect(inWorker[2]!.rows[5]!.result).toMatchObject({ kind: 'rejection', row: 27, field: 'email' });

      // Wide rows: the thread's pieces end at a tenth of the batch byte cap (800 KiB) or at 10 rows, batches
      // at 8 MiB or 100 rows. Fat (300 KB) and thin rows mixed: pieces end by bytes and by rows, and the first
      // batch by bytes, the last at the end of the file.
      const wide = Array.from({ length: 60 }, (_, i) =>
        [
          `W${i}`,
          `w${i}@example.com`,
          `0913${String(i).padStart(7, '0')}`,
          i % 3 === 0 ? 'x' : 'y'.repeat(300_000),
        ].join(','),
      );
      writeFileSync(file, ['name,email,phone,notes', ...wide].join('\n'));
      const wideConfig: ReaderConfig = { ...config, batchRows: 100, mapping: ['firstName', 'email', 'phone', null] };
      const wideInProcess = await collect(readBatches(wideConfig));
      const wideInWorker = await collect(readBatchesInWorker(wideConfig));
      const sizes = wideInProcess.map((b) => b.rows.length);
      expect(sizes.length).toBeGreaterThan(1);
      expect(sizes.slice(0, -1).every((n) => n < 100)).toBe(true);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(60);
      expect(strip(wideInWorker)).toEqual(strip(wideInProcess));
      expect(wideInWorker.flatMap((b) => b.rows.map((r) => r.result.kind))).toEqual(Array(60).fill('candidate'));

      writeFileSync(file, 'name,email\nA,"unclosed\n');
      await expect(collect(readBatchesInWorker({ ...config, mapping: ['firstName', 'email'] }))).rejects.toMatchObject({
        code: 'CSV_QUOTE_NOT_CLOSED',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.each(dialects())('unused uploads on %s', (dialect) => {
  const clock = fixedClock('2026-11-01T09:00:00Z');
  let t: TestApp;
  let marketer: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
    marketer = await t.user('marketing');
  });
  afterAll(() => t.close());

  const filePath = async (id: string) =>
    (
      await t.app.tandem.database.db
        .selectFrom('imports')
        .select('file_path')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).file_path;

  it('deletes the file of an import left unused for 7 days, keeps younger ones, and asks for the file again', async () => {
    const old = (await upload(t, marketer, FAIR_CSV)).json();
    // A dry run ran on the old upload, but the real run never followed.
    const dry = await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${old.import.id}/start`,
      payload: { mapping: old.preview.suggestedMapping, dryRun: true },
    });
    expect(dry.statusCode).toBe(202);
    await finished(t, marketer, old.import.id);
    clock.advance(2 * 24 * 60 * 60_000);
    const young = (await upload(t, marketer, FAIR_CSV)).json();
    const oldFile = (await filePath(old.import.id))!;
    const youngFile = (await filePath(young.import.id))!;
    expect(existsSync(oldFile) && existsSync(youngFile)).toBe(true);

    // Another server's upload (its file on that server's disk), as old as the first.
    const other = (await upload(t, marketer, FAIR_CSV)).json();
    const otherDir = mkdtempSync(join(tmpdir(), 'tandem-other-server-'));
    const otherFile = join(otherDir, 'upload.csv');
    writeFileSync(otherFile, FAIR_CSV);
    const db = t.app.tandem.database.db;
    const { updated_at } = await db
      .selectFrom('imports')
      .select('updated_at')
      .where('id', '=', old.import.id)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('imports')
      .set({ file_path: otherFile, updated_at })
      .where('id', '=', other.import.id)
      .execute();

    // 6 days after the young upload, 8 after the old one's dry run.
    clock.advance(6 * 24 * 60 * 60_000);
    expect(await t.app.tandem.services.imports.removeUnusedUploads(1)).toBe(1);
    expect(existsSync(oldFile)).toBe(false);
    expect(await filePath(old.import.id)).toBeNull();
    expect(existsSync(youngFile)).toBe(true);
    // Not this server's to delete: left to the server that has it.
    expect(await filePath(other.import.id)).toBe(otherFile);
    expect(existsSync(otherFile)).toBe(true);
    rmSync(otherDir, { recursive: true, force: true });
    const view = await t.as(marketer, { method: 'GET', url: `/api/v1/imports/${old.import.id}` });
    expect(view.json()).toMatchObject({ status: 'completed', dryRun: true, fileKept: false });
    const preview = await t.as(marketer, { method: 'GET', url: `/api/v1/imports/${old.import.id}/preview` });
    expect(preview.statusCode).toBe(409);

    const again = await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${old.import.id}/start`,
      payload: { mapping: old.preview.suggestedMapping },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('import.finished');
    // The dry run's report stays readable; the young upload still runs.
    const report = await t.as(marketer, { method: 'GET', url: `/api/v1/imports/${old.import.id}/rejections.csv` });
    expect(report.statusCode).toBe(200);
    const start = await t.as(marketer, {
      method: 'POST',
      url: `/api/v1/imports/${young.import.id}/start`,
      payload: { mapping: young.preview.suggestedMapping },
    });
    expect(start.statusCode).toBe(202);
    const done = await finished(t, marketer, young.import.id);
    expect(done).toMatchObject({ status: 'completed', fileKept: false });
    expect(await filePath(young.import.id)).toBeNull();
  });

  it('deletes files no import names once unwritten for a day, and no others', async () => {
    const kept = (await upload(t, marketer, FAIR_CSV)).json();
    const keptFile = (await filePath(kept.import.id))!;
    const dir = dirname(keptFile);
    const daysAgo = (days: number) => new Date(clock.now().getTime() - days * 24 * 60 * 60_000);
    // Left by a process that stopped between receiving an upload and registering it.
    const orphan = join(dir, `${newId()}.csv`);
    const recent = join(dir, `${newId()}.csv`);
    const other = join(dir, 'notes.txt');
    for (const file of [orphan, recent, other]) writeFileSync(file, FAIR_CSV);
    utimesSync(orphan, daysAgo(2), daysAgo(2));
    utimesSync(other, daysAgo(2), daysAgo(2));
    // Still being received, as far as its time tells.
    utimesSync(recent, daysAgo(0.5), daysAgo(0.5));
    utimesSync(keptFile, daysAgo(3), daysAgo(3));

    expect(await t.app.tandem.services.imports.removeUnusedUploads()).toBe(1);
    expect(existsSync(orphan)).toBe(false);
    expect([recent, other, keptFile].map(existsSync)).toEqual([true, true, true]);
    const preview = await t.as(marketer, { method: 'GET', url: `/api/v1/imports/${kept.import.id}/preview` });
    expect(preview.statusCode).toBe(200);
    rmSync(recent);
    rmSync(other);
  });
});
