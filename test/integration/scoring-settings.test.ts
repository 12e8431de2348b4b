import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCORING_SETTINGS } from '../../src/modules/scoring/index.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

const researchNote = {
  id: 'survey-2026',
  title: 'Survey: 40 finance leads in Tehran',
  body: 'Payback within a year matters most. <b>not markup</b>',
  kind: 'market_research',
  date: '2026-02-14',
  author: 'سارا رضایی',
};

const document = {
  ...DEFAULT_SCORING_SETTINGS,
  icp: [
    { field: 'account.industry', kind: 'in', values: ['Software'], weight: 60 },
    { field: 'account.employeeCount', kind: 'range', min: 50, max: 1000, weight: 40 },
  ],
  notes: [researchNote],
  personas: [
    {
      id: 'cfo',
      name: 'مدیر مالی',
      description: 'Signs the contract.',
      criteria: [
        { field: 'seniority', kind: 'in', values: ['c_level', 'vp'], weight: 50 },
        { field: 'jobTitle', kind: 'contains', values: ['مالی', 'finance'], weight: 50 },
      ],
      notes: [{ ...researchNote, id: 'cfo-interviews', kind: 'interview', title: 'Five CFO interviews' }],
    },
    {
      id: 'evaluator',
      name: 'Technical evaluator',
      criteria: [{ field: 'jobTitle', kind: 'contains', values: ['engineer'], weight: 1 }],
    },
  ],
};

describe.each(dialects())('scoring settings with personas and research notes on %s', (dialect) => {
  let t: TestApp;
  let marketing: TestUser;
  let admin: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    marketing = await t.user('marketing');
    admin = await t.user('admin');
    manager = await t.user('sales_manager');
  });
  afterAll(() => t.close());

  const get = async (user: TestUser = marketing) =>
    (await t.as(user, { method: 'GET', url: '/api/v1/scoring/settings' })).json();
  const put = (payload: unknown, user: TestUser = marketing) =>
    t.as(user, { method: 'PUT', url: '/api/v1/scoring/settings', payload: payload as object });
  const written = async () => ({
    settings: await get(),
    audit: await t.count('audit_log'),
    outbox: await t.count('outbox'),
  });

  it('reads a document stored before personas and notes existed as having none, not as the defaults', async () => {
    // As an earlier version stored it: no personas, no notes, an ICP marketing wrote.
    const { personas: _p, notes: _n, ...old } = DEFAULT_SCORING_SETTINGS;
    const legacy = { ...old, icp: [{ field: 'jobTitle', kind: 'contains', values: ['head'], weight: 10 }] };
    await t.app.tandem.database.db
      .insertInto('scoring_settings')
      .values({
        id: 'default',
        version: 3,
        document: JSON.stringify(legacy),
        updated_by: null,
        updated_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    const read = await get(manager);
    expect(read.version).toBe(3);
    expect(read.settings).toEqual({ ...legacy, personas: [], notes: [] });
  });

  it('round-trips personas and notes, as a new audited version everyone can read', async () => {
    const before = await get();
    const saved = await put(document);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().version).toBe(before.version + 1);
    const read = await get(manager);
    expect(read.version).toBe(before.version + 1);
    expect(read.settings.notes).toEqual([researchNote]);
    expect(read.settings.personas[0]).toEqual(document.personas[0]);
    // Optional members come back filled, so clients always get the same shape.
    expect(read.settings.personas[1]).toEqual({ ...document.personas[1], description: '', notes: [] });
    const audit = await t.app.tandem.database.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('entity_type', '=', 'scoring_settings')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).toContain('cfo-interviews');

    // Saving what was read changes nothing but the version.
    const again = await put(read.settings, admin);
    expect(again.statusCode).toBe(200);
    expect((await get()).settings).toEqual(read.settings);
  });

  it('refuses a save based on an older version (If-Match) with 409, writing nothing', async () => {
    const read = await t.as(marketing, { method: 'GET', url: '/api/v1/scoring/settings' });
    const version = read.json<{ version: number }>().version;
    expect(read.headers.etag).toBe(`"${version}"`);
    // Someone else saves first.
    const other = await t.as(admin, {
      method: 'PUT',
      url: '/api/v1/scoring/settings',
      headers: { 'if-match': `"${version}"` },
      payload: document,
    });
    expect(other.statusCode, other.body).toBe(200);
    expect(other.headers.etag).toBe(`"${version + 1}"`);

    const before = await written();
    const stale = await t.as(marketing, {
      method: 'PUT',
      url: '/api/v1/scoring/settings',
      headers: { 'if-match': `"${version}"` },
      payload: { ...document, notes: [] },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'scoring.version_conflict', currentVersion: version + 1 });
    expect(await written()).toEqual(before);

    const malformed = await t.as(marketing, {
      method: 'PUT',
      url: '/api/v1/scoring/settings',
      headers: { 'if-match': 'yesterday' },
      payload: document,
    });
    expect(malformed.statusCode).toBe(422);
    expect(await written()).toEqual(before);
  });

  it('two concurrent saves of one version: one wins, the other gets 409', async () => {
    const { version } = await get();
    const save = (notes: unknown[]) =>
      t.as(marketing, {
        method: 'PUT',
        url: '/api/v1/scoring/settings',
        headers: { 'if-match': `"${version}"` },
        payload: { ...document, notes },
      });
    const answers = await Promise.all([save([]), save([researchNote])]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect((await get()).version).toBe(version + 1);
  });

  it('refuses a bad document naming each path, and writes nothing', async () => {
    const before = await written();
    const bad = await put({
      ...document,
      icp: [{ field: 'industry', kind: 'in', values: ['Software'], weight: 10 }],
      notes: [researchNote, { ...researchNote, date: 'yesterday' }],
      personas: [document.personas[0], { ...document.personas[1], id: 'cfo' }],
      temperature: { warmEngagement: 60, qualifiedEngagement: 50, qualifiedMinGrade: 'B' },
    });
    expect(bad.statusCode).toBe(422);
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['icp.0.field', 'notes.1.date', 'personas.1.id', 'temperature.qualifiedEngagement']),
    );
    expect(bad.json().errors.find((e: { field: string }) => e.field === 'personas.1.id').message).toBe(
      'Another persona has this id.',
    );
    const unknown = await put({ ...document, personas: [{ ...document.personas[0], owner: 'x' }] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([{ field: 'personas.0.owner', message: 'Unknown field.' }]);
    expect(await written()).toEqual(before);
  });

  it('refuses a seniority criterion with a value that is not a seniority code, in the ICP and personas', async () => {
    const before = await written();
    const bad = await put({
      ...document,
      icp: [...document.icp, { field: 'seniority', kind: 'in', values: ['director', 'CEO'], weight: 10 }],
      personas: [
        { ...document.personas[0], criteria: [{ field: 'seniority', kind: 'in', values: ['مدیر'], weight: 50 }] },
      ],
    });
    expect(bad.statusCode).toBe(422);
    const valid = 'use one of entry, senior, manager, director, vp, c_level, owner, other.';
    expect(bad.json().errors).toEqual([
      { field: 'icp.2.values.1', message: `"CEO" is not a known seniority: ${valid}` },
      { field: 'personas.0.criteria.0.values.0', message: `"مدیر" is not a known seniority: ${valid}` },
    ]);
    expect(await written()).toEqual(before);

    // With codes the same document saves.
    const good = await put({
      ...document,
      icp: [...document.icp, { field: 'seniority', kind: 'in', values: ['director', 'c_level'], weight: 10 }],
    });
    expect(good.statusCode, good.body).toBe(200);
  });

  it('lets only marketing and admins change settings', async () => {
    const before = await written();
    const bySales = await put(document, manager);
    expect(bySales.statusCode).toBe(403);
    expect(await written()).toEqual(before);
  });

  it('shows the best-matching persona in the temperature explanation, without changing the fit', async () => {
    await put(document);
    const account = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { name: 'Fit Co', industry: 'Software', employeeCount: 5 },
    });
    const contact = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Leila', jobTitle: 'مدیر مالی', seniority: 'c_level', accountId: account.json().id },
    });
    const why = (
      await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${contact.json().id}/temperature` })
    ).json();
    expect(why.fit).toMatchObject({ score: 60, grade: 'B' });
    expect(why.persona).toMatchObject({ id: 'cfo', name: 'مدیر مالی', score: 100, grade: 'A' });
    expect(why.persona.checks.map((c: { matched: boolean }) => c.matched)).toEqual([true, true]);

    const nobody = await t.as(marketing, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'X' } });
    const none = (
      await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${nobody.json().id}/temperature` })
    ).json();
    expect(none.persona).toBeNull();
  });
});
