import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../../src/db/database.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { fieldErrors } from '../support/problems.js';

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

/** The CSV's rows as objects by header, after checking the byte order mark. */
function rowsOf(body: string): Record<string, string>[] {
  expect(body.startsWith('\uFEFF')).toBe(true);
  return parse(body.slice(1), { columns: true }) as Record<string, string>[];
}

/** CSV exports of the leads list and of a form's submissions. */
describe.each(dialects())('CSV exports on %s', (dialect) => {
  let t: TestApp;
  let marketing: TestUser;
  let rep: TestUser;
  let otherRep: TestUser;

  const create = async (user: TestUser, payload: Record<string, unknown>) => {
    const res = await t.as(user, { method: 'POST', url: '/api/v1/contacts', payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };
  const exportAs = (user: TestUser, query = '') =>
    t.as(user, { method: 'GET', url: `/api/v1/contacts/export.csv${query ? `?${query}` : ''}` });

  beforeAll(async () => {
    // Two rows a page: every export below crosses pages.
    t = await createTestApp(dialect, { exportPageSize: 2, config: { formRateLimitPerMinute: 1000 } });
    marketing = await t.user('marketing');
    rep = await t.user('sales_rep', { name: 'Rep One', email: 'rep.one@example.test' });
    otherRep = await t.user('sales_rep');
    const sara = await create(marketing, {
      firstName: 'سارا',
      lastName: 'احمدی',
      email: 'sara@example.test',
      campaign: 'spring',
      customFields: { industry: 'retail' },
    });
    const evil = await create(marketing, { firstName: '=HYPERLINK("http://evil.test")', lastName: 'Formula' });
    await create(marketing, { firstName: 'Cold', lastName: 'One', campaign: 'autumn' });
    await create(rep, { firstName: 'Mine', lastName: 'A', ownerId: rep.user.id, customFields: { tier: 'gold' } });
    await create(rep, { firstName: 'Mine', lastName: 'B', ownerId: rep.user.id });
    await create(rep, { firstName: 'Mine', lastName: 'C', ownerId: rep.user.id });
    await create(otherRep, { firstName: 'Theirs', lastName: 'X', ownerId: otherRep.user.id });
    const db = t.app.tandem.database.db;
    await db
      .updateTable('contacts')
      .set({ temperature: 'warm', fit_score: 80 })
      .where('id', 'in', [sara, evil])
      .execute();
  });
  afterAll(() => t.close());

  it('streams every contact the caller may see as a download, across pages, with a BOM', async () => {
    const res = await exportAs(marketing, 'sort=lastName&order=asc');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = rowsOf(res.body);
    expect(rows.map((r) => r['last_name'])).toEqual(['A', 'B', 'C', 'Formula', 'One', 'X', 'احمدی']);
    expect(Object.keys(rows[0]!).slice(0, 19)).toEqual([
      'id',
      'first_name',
      'last_name',
      'email',
      'phone',
      'job_title',
      'seniority',
      'company',
      'owner_name',
      'owner_email',
      'source',
      'campaign',
      'temperature',
      'fit_score',
      'fit_grade',
      'engagement_score',
      'predictive_score',
      'created_at',
      'updated_at',
    ]);
    const mine = rows.find((r) => r['last_name'] === 'A')!;
    expect(mine['owner_name']).toBe('Rep One');
    expect(mine['owner_email']).toBe('rep.one@example.test');
    // The first page (A, B) names the custom columns; later keys go to the JSON column.
    expect(mine['custom.tier']).toBe('gold');
    const sara = rows.find((r) => r['email'] === 'sara@example.test')!;
    expect(sara['first_name']).toBe('سارا');
    expect(sara['other_custom_fields']).toBe('{"industry":"retail"}');
  });

  it('neutralises a cell that starts with =', async () => {
    const rows = rowsOf((await exportAs(marketing, 'q=Formula')).body);
    expect(rows).toHaveLength(1);
    expect(rows[0]!['first_name']).toBe(`'=HYPERLINK("http://evil.test")`);
  });

  it('exports what the list filters show', async () => {
    const warm = rowsOf((await exportAs(marketing, 'temperature=warm&minFitScore=70')).body);
    expect(warm.map((r) => r['last_name']).sort()).toEqual(['Formula', 'احمدی']);
    const spring = rowsOf((await exportAs(marketing, 'campaign=spring')).body);
    expect(spring.map((r) => r['email'])).toEqual(['sara@example.test']);
    const owned = rowsOf((await exportAs(marketing, `ownerId=${rep.user.id}&sort=lastName&order=desc`)).body);
    expect(owned.map((r) => r['last_name'])).toEqual(['C', 'B', 'A']);
    const list = await t.as(marketing, { method: 'GET', url: '/api/v1/contacts?temperature=warm&minFitScore=70' });
    expect(list.json().items).toHaveLength(warm.length);
  });

  it('gives a rep only their own contacts', async () => {
    const rows = rowsOf((await exportAs(rep)).body);
    expect(rows.map((r) => r['last_name']).sort()).toEqual(['A', 'B', 'C']);
    const none = rowsOf((await exportAs(rep, `ownerId=${otherRep.user.id}`)).body);
    expect(none).toHaveLength(0);
  });

  it('audits each export with the filters and the row count, not the search text', async () => {
    await exportAs(marketing, 'q=sara%40example.test&campaign=spring');
    const entry = await t.app.tandem.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'contacts')
      .where('action', '=', 'export')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(marketing.user.id);
    const after = parseJson<Record<string, unknown>>(entry.after, {});
    expect(after).toMatchObject({ rows: 1, complete: true, filters: { campaign: 'spring', search: true } });
    expect(JSON.stringify(after)).not.toContain('sara');
  });

  it('refuses bad filters with 422 and an anonymous caller with 401', async () => {
    // The export's own filters refuse these (not a contact route reading `export.csv` as an id).
    expect(fieldErrors(await exportAs(marketing, 'temperature=boiling'))['temperature']).not.toBe('Unknown field.');
    expect(fieldErrors(await exportAs(marketing, 'minFitScore=101'))['minFitScore']).toMatch(/100/);
    expect(fieldErrors(await exportAs(marketing, 'minFitScore=80&maxFitScore=10'))).toEqual({
      maxFitScore: 'Must be at least minFitScore.',
    });
    expect(fieldErrors(await exportAs(marketing, 'limit=5'))).toEqual({ limit: 'Unknown field.' });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/contacts/export.csv' })).statusCode).toBe(401);
  });

  describe('form submissions', () => {
    let formId: string;

    beforeAll(async () => {
      const created = await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/forms',
        payload: {
          name: 'Guide',
          fields: [
            { key: 'first_name', label: 'First name', type: 'text', required: true, mapTo: 'firstName' },
            { key: 'email', label: 'Email', type: 'email', required: true, mapTo: 'email' },
            { key: 'message', label: 'Message', type: 'textarea', required: false, mapTo: null },
          ],
          consent: { text: 'I agree to be contacted.', required: true },
          submitLabel: 'Send',
          thankYou: { kind: 'message', message: 'Thanks' },
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const form = created.json<{ id: string; publicId: string }>();
      formId = form.id;
      const submit = (values: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: `/f/${form.publicId}/submissions`,
          headers: { 'user-agent': BROWSER, 'content-type': 'text/plain' },
          payload: JSON.stringify({
            values,
            consent: true,
            url: 'https://acme.example/guide?utm_source=newsletter&utm_medium=email&utm_campaign=launch',
            referrer: 'https://news.example/',
          }),
        });
      for (const values of <Record<string, string>[]>[
        { first_name: 'مینا', email: 'mina@forms.test', message: '=1+2' },
        { first_name: 'Omid', email: 'omid@forms.test', message: 'Hello, there' },
        { first_name: 'Reza', email: 'reza@forms.test' },
      ]) {
        const res = await submit(values);
        expect(res.statusCode, res.body).toBe(200);
      }
      // The message field is removed: its answers move to the JSON column.
      const fields = created.json<{ fields: object[] }>().fields.slice(0, 2);
      const patched = await t.as(marketing, { method: 'PATCH', url: `/api/v1/forms/${formId}`, payload: { fields } });
      expect(patched.statusCode, patched.body).toBe(200);
    });

    it('gives one row per submission in order, with the current fields as columns', async () => {
      const res = await t.as(marketing, { method: 'GET', url: `/api/v1/forms/${formId}/submissions.csv` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="form-submissions-[\d-]+\.csv"$/);
      const rows = rowsOf(res.body);
      expect(Object.keys(rows[0]!)).toEqual([
        'submitted_at',
        'contact_id',
        'first_name',
        'email',
        'other_answers',
        'consent_given',
        'consent_text',
        'utm_source',
        'utm_medium',
        'utm_campaign',
        'utm_term',
        'utm_content',
        'referrer',
        'page_url',
      ]);
      expect(rows.map((r) => r['first_name'])).toEqual(['مینا', 'Omid', 'Reza']);
      expect(rows[0]!['other_answers']).toBe('{"message":"=1+2"}');
      expect(rows[1]!['other_answers']).toBe('{"message":"Hello, there"}');
      expect(rows[2]!['other_answers']).toBe('');
      expect(rows[0]).toMatchObject({
        consent_given: 'true',
        consent_text: 'I agree to be contacted.',
        utm_source: 'newsletter',
        utm_medium: 'email',
        utm_campaign: 'launch',
        referrer: 'https://news.example/',
      });
      expect(rows[0]!['contact_id']).toMatch(/.+/);
      expect(rows[0]!['page_url']).toContain('https://acme.example/guide');
    });

    it('is refused to a rep, as the submissions list is, and to an anonymous caller', async () => {
      const list = await t.as(rep, { method: 'GET', url: `/api/v1/forms/${formId}/submissions` });
      const csv = await t.as(rep, { method: 'GET', url: `/api/v1/forms/${formId}/submissions.csv` });
      expect(csv.statusCode).toBe(list.statusCode);
      expect(csv.statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/forms/${formId}/submissions.csv` })).statusCode).toBe(
        401,
      );
      expect((await t.as(marketing, { method: 'GET', url: '/api/v1/forms/nope/submissions.csv' })).statusCode).toBe(
        404,
      );
    });
  });
});
