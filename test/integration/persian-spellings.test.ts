import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/db/migrations/index.js';
import { accountMatchKey } from '../../src/modules/accounts/account.js';
import { contactNameNorm } from '../../src/modules/contacts/contact.js';
import { normalizeText, searchText } from '../../src/shared/text.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

/**
 * A Persian compound word is written with a space, with a zero-width non-joiner or joined; search finds a
 * record whichever spelling it was stored in and whichever is typed.
 */
const ZWNJ = '\u200C';
const spellings = (a: string, b: string) => ({ spaced: `${a} ${b}`, zwnj: `${a}${ZWNJ}${b}`, joined: `${a}${b}` });

describe.each(dialects())('Persian spellings on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.user('admin');
  });
  afterAll(() => t.close());

  async function found(list: 'contacts' | 'accounts', q: string): Promise<string[]> {
    const res = await t.as(admin, { method: 'GET', url: `/api/v1/${list}?q=${encodeURIComponent(q)}&limit=100` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((i: { id: string }) => i.id);
  }

  async function create(list: 'contacts' | 'accounts', payload: object): Promise<string> {
    const res = await t.as(admin, { method: 'POST', url: `/api/v1/${list}`, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  /** Uploads a CSV, starts it with the suggested mapping and waits for it to finish; the import's id. */
  async function importCsv(csv: string): Promise<string> {
    const up = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/imports?fileName=fa.csv',
      headers: { 'content-type': 'text/csv' },
      payload: Buffer.from(csv, 'utf8'),
    });
    expect(up.statusCode, up.body).toBe(201);
    const { import: created, preview } = up.json();
    const start = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/imports/${created.id}/start`,
      payload: { mapping: preview.suggestedMapping },
    });
    expect(start.statusCode, start.body).toBe(202);
    await t.app.tandem.services.imports.settled(created.id);
    return created.id as string;
  }

  it('finds a contact stored in any spelling by any spelling of its last name and job title', async () => {
    const name = spellings('حسین', 'زاده');
    const title = spellings('کارشناس', 'فروش');
    const ids: Record<string, string> = {};
    for (const [kind, lastName] of Object.entries(name)) {
      ids[kind] = await create('contacts', { firstName: 'علی', lastName, jobTitle: title[kind as keyof typeof title] });
    }
    await create('contacts', { firstName: 'حسین', lastName: 'زارعی' });
    const all = Object.values(ids).sort();
    for (const q of Object.values(name)) expect((await found('contacts', q)).sort(), q).toEqual(all);
    for (const q of Object.values(title)) expect((await found('contacts', q)).sort(), q).toEqual(all);
    // Arabic letters and a space typed together still meet the Persian joined spelling.
    expect((await found('contacts', 'حسين زاده')).sort()).toEqual(all);
    // The full name, first and last together, with the last name spaced or with a non-joiner. Typed joined
    // inside a full name, it finds only the records stored without a space (the stored text compacts each
    // field on its own, and a query cannot tell where a space would go).
    expect((await found('contacts', `علی ${name.spaced}`)).sort()).toEqual(all);
    expect((await found('contacts', `علی ${name.zwnj}`)).sort()).toEqual(all);
    expect((await found('contacts', `علی ${name.joined}`)).sort()).toEqual([ids.zwnj!, ids.joined!].sort());
  });

  it('finds an account stored in any spelling by any spelling of its name', async () => {
    const name = spellings('فن', 'آوران');
    const ids = [];
    for (const n of Object.values(name)) ids.push(await create('accounts', { name: `${n} البرز` }));
    await create('accounts', { name: 'فن بازار' });
    for (const q of Object.values(name)) expect((await found('accounts', q)).sort(), q).toEqual(ids.sort());
    expect((await found('accounts', 'فن‌آوران البرز')).sort()).toEqual(ids.sort());
    expect(await found('accounts', 'Fan Bazar')).toEqual([]);
  });

  it('finds contacts and companies imported from a CSV file in any spelling', async () => {
    const csv = ['نام;نام خانوادگی;ایمیل;شرکت;سمت', 'مریم;نیک نام;maryam@example.com;سپید پردازان;مدیر فروش'].join(
      '\r\n',
    );
    await importCsv(csv);
    const [contact] = await found('contacts', 'maryam@example.com');
    expect(contact).toBeDefined();
    for (const q of ['نیک‌نام', 'نیکنام', 'مدیرفروش']) expect(await found('contacts', q), q).toEqual([contact]);
    expect(await found('accounts', 'سپید‌پردازان')).toHaveLength(1);
  });

  it('takes a company named in another spelling for the same company (leads and imports)', async () => {
    const existing = await create('accounts', { name: 'سپهر\u200Cگستر البرز' });
    const lead = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/leads',
      payload: { email: 'sepehr.lead@example.com', firstName: 'نگار', company: { name: 'سپهر گستر البرز' } },
    });
    expect(lead.statusCode, lead.body).toBeLessThan(300);
    const accountOf = async (email: string) =>
      (
        await t.app.tandem.database.db
          .selectFrom('contacts')
          .select('account_id')
          .where('email', '=', email)
          .executeTakeFirstOrThrow()
      ).account_id;
    expect(await accountOf('sepehr.lead@example.com')).toBe(existing);
    const csv = [
      'نام;ایمیل;شرکت',
      'سارا;sepehr.csv@example.com;سپهر گستر  البرز',
      'رضا;other.csv@example.com;سپهر گستر قزوین',
    ].join('\r\n');
    const importId = await importCsv(csv);
    const done = await t.as(admin, { method: 'GET', url: `/api/v1/imports/${importId}` });
    expect(done.json()).toMatchObject({ status: 'completed', progress: { created: 2, accountsCreated: 1 } });
    expect(await accountOf('sepehr.csv@example.com')).toBe(existing);
    expect(await accountOf('other.csv@example.com')).not.toBe(existing);
  });

  it('finds possible duplicates at the same company whatever the spacing of the name (API and import)', async () => {
    const company = 'پارس ارتباط گستر';
    const parsId = await create('accounts', { name: company });
    const otherId = await create('accounts', { name: 'پارس ارتباط قزوین' });
    const contact = (lastName: string, accountId: string, firstName = 'علی') =>
      create('contacts', { firstName, lastName, accountId });
    const spaced = await contact('حسین زاده', parsId);
    const zwnj = await contact(`حسین${ZWNJ}زاده`, parsId);
    const acrossParts = await contact('زاده', parsId, `علی${ZWNJ}حسین`);
    await contact('حسینزاده', otherId);
    await contact('حسینی', parsId);
    const csv = ['نام;نام خانوادگی;ایمیل;شرکت', `علي;حسین زاده;ali.hz@example.com;${company}`].join('\r\n');
    await importCsv(csv);
    const [imported] = await found('contacts', 'ali.hz@example.com');
    const expected = [spaced, zwnj, acrossParts, imported!].sort();
    for (const lastName of ['حسینزاده', 'حسين زاده', `حسین${ZWNJ}زاده`]) {
      const url = `/api/v1/contacts/duplicates?firstName=${encodeURIComponent('علی')}&lastName=${encodeURIComponent(lastName)}&accountId=${parsId}`;
      const res = await t.as(admin, { method: 'GET', url });
      expect(res.statusCode, res.body).toBe(200);
      expect(
        res
          .json()
          .items.map((c: { id: string }) => c.id)
          .sort(),
        lastName,
      ).toEqual(expected);
    }
  });

  it('gives contacts saved before migration 0021 their duplicate keys, and takes them back down', async () => {
    const db = t.app.tandem.database.db;
    const now = new Date().toISOString();
    // As the previous version wrote them: the folded full name, spaces kept. After a page of Latin names with
    // spaces (candidates that do not change), so that the Persian ones come on a later page.
    const contact = (i: number, firstName: string, lastName: string) => ({
      id: `0021-c-${String(i).padStart(5, '0')}`,
      first_name: firstName,
      last_name: lastName,
      custom_fields: '{}',
      name_norm: normalizeText(`${firstName} ${lastName}`),
      search_text: searchText([`${firstName} ${lastName}`]),
      created_at: now,
      updated_at: now,
    });
    const rows = [];
    for (let i = 0; i < 1005; i++) rows.push(contact(i, 'Old Müller', `Row ${i}`));
    rows.push(
      contact(2000, 'رضا', 'کیان مهر'),
      contact(2001, 'سارا', `کیان${ZWNJ}مهر`),
      contact(2002, 'سارا', 'کیانمهر'),
    );
    for (let i = 0; i < rows.length; i += 200) {
      await db
        .insertInto('contacts')
        .values(rows.slice(i, i + 200))
        .execute();
    }
    const keys = async () =>
      new Map(
        (await db.selectFrom('contacts').select(['id', 'name_norm']).where('id', 'like', '0021-c-%').execute()).map(
          (r) => [r.id, r.name_norm],
        ),
      );
    const migration = migrations['0021_contact_name_key']!;
    await migration.up(db);
    const up = await keys();
    expect(up.get('0021-c-02000')).toBe('رضاکیانمهر');
    expect(up.get('0021-c-02001')).toBe('ساراکیانمهر');
    expect(up.get('0021-c-02002')).toBe('ساراکیانمهر');
    for (const r of rows) {
      expect(up.get(r.id), r.id).toBe(contactNameNorm({ firstName: r.first_name, lastName: r.last_name }));
    }
    expect(up.get('0021-c-00000')).toBe('old muller row 0');

    await migration.down!(db);
    const down = await keys();
    for (const r of rows) expect(down.get(r.id), r.id).toBe(r.name_norm);
    await migration.up(db);
    expect(await keys()).toEqual(up);
  });

  it('gives companies saved before migration 0020 their match keys', async () => {
    const db = t.app.tandem.database.db;
    const ids = [
      await create('accounts', { name: 'آینده سازان تبریز' }),
      await create('accounts', { name: 'آینده\u200Cسازان تبریز' }),
      await create('accounts', { name: 'Future  Builders' }),
    ];
    const migration = migrations['0020_account_match_key']!;
    await migration.down!(db);
    await migration.up(db);
    const keys = await db
      .selectFrom('accounts')
      .select(['id', 'match_key', 'name_norm'])
      .where('id', 'in', ids)
      .execute();
    const byId = new Map(keys.map((k) => [k.id, k]));
    expect(byId.get(ids[0]!)!.match_key).toBe('ایندهسازانتبریز');
    expect(byId.get(ids[1]!)!.match_key).toBe('ایندهسازانتبریز');
    expect(byId.get(ids[2]!)!).toMatchObject({ match_key: 'future builders', name_norm: 'future builders' });
    // Every other company got its name_norm, or its compact form: what the application writes on save.
    const all = await db.selectFrom('accounts').select(['name', 'match_key']).execute();
    for (const a of all) expect(a.match_key, a.name).toBe(accountMatchKey(a.name));
  });

  it('makes rows written before migration 0019 findable in every spelling, leaving the others as they were', async () => {
    const db = t.app.tandem.database.db;
    const now = new Date().toISOString();
    // As the previous version wrote them: the folded fields only, no compact spellings. After a page of
    // Latin names with spaces and accents (candidates that do not change), so that the Persian ones come on
    // a later page.
    const contact = (i: number, firstName: string, lastName: string, jobTitle: string | null = null) => ({
      id: `0019-c-${String(i).padStart(5, '0')}`,
      first_name: firstName,
      last_name: lastName,
      job_title: jobTitle,
      custom_fields: '{}',
      name_norm: contactNameNorm({ firstName, lastName }),
      search_text: searchText([`${firstName} ${lastName}`, jobTitle]),
      created_at: now,
      updated_at: now,
    });
    const rows = [];
    for (let i = 0; i < 1005; i++) rows.push(contact(i, 'Old Müller', `Row ${i}`, 'Sales Lead'));
    rows.push(contact(2000, 'رضا', 'میر باقری', 'مدیر عامل'), contact(2001, 'سارا', `میر${ZWNJ}باقری`));
    for (let i = 0; i < rows.length; i += 200) {
      await db
        .insertInto('contacts')
        .values(rows.slice(i, i + 200))
        .execute();
    }
    const account = (id: string, name: string, city: string | null) => ({
      id,
      name,
      city,
      custom_fields: '{}',
      name_norm: normalizeText(name),
      search_text: searchText([name, city]),
      created_at: now,
      updated_at: now,
    });
    await db
      .insertInto('accounts')
      .values([account('0019-a-1', 'نوین پردازان شرق', 'بندر عباس'), account('0019-a-2', 'Old Latin Co', 'New York')])
      .execute();
    const spaced = rows[1005]!.id;
    const zwnj = rows[1006]!.id;

    // Before: the spaced row is not found by the joined spelling (a query with a non-joiner or a space is also
    // looked up spaced, so those find it even before the migration).
    expect(await found('contacts', 'میرباقری')).toEqual([zwnj]);
    expect(await found('accounts', 'نوینپردازان')).toEqual([]);

    await migrations['0019_persian_compact_search']!.up(db);

    for (const q of ['میر باقری', `میر${ZWNJ}باقری`, 'میرباقری']) {
      expect((await found('contacts', q)).sort(), q).toEqual([spaced, zwnj].sort());
    }
    expect(await found('contacts', 'مدیرعامل')).toEqual([spaced]);
    for (const q of ['نوین پردازان', 'نوین‌پردازان', 'نوینپردازان', 'بندرعباس']) {
      expect(await found('accounts', q), q).toEqual(['0019-a-1']);
    }
    // Latin rows and rows without a space are as they were.
    const latin = await db
      .selectFrom('contacts')
      .select(['id', 'search_text'])
      .where('id', 'in', [rows[0]!.id, rows[1004]!.id, zwnj])
      .orderBy('id')
      .execute();
    expect(latin.map((r) => r.search_text)).toEqual([
      rows[0]!.search_text,
      rows[1004]!.search_text,
      rows[1006]!.search_text,
    ]);
    const latinAccount = await db
      .selectFrom('accounts')
      .select('search_text')
      .where('id', '=', '0019-a-2')
      .executeTakeFirstOrThrow();
    expect(latinAccount.search_text).toBe('old latin co | new york');
    // The migration wrote what the application writes when it saves the record.
    const textOf = async (id: string) =>
      (await db.selectFrom('contacts').select('search_text').where('id', '=', id).executeTakeFirstOrThrow())
        .search_text;
    const migrated = await textOf(spaced);
    const saved = await t.as(admin, { method: 'PATCH', url: `/api/v1/contacts/${spaced}`, payload: { source: 'x' } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(await textOf(spaced)).toBe(migrated);
    if (dialect === 'sqlite') {
      // The FTS5 index (searched above, rare terms go through it) followed the updates: it matches its table.
      for (const fts of ['contacts_search', 'accounts_search']) {
        await sql`insert into ${sql.table(fts)}(${sql.ref(fts)}, rank) values ('integrity-check', 1)`.execute(db);
      }
    }
  });
});
