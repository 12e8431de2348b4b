import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { auditOf, fieldErrors, problemOf } from '../support/problems.js';

interface View {
  id: string;
  name: string;
  shared: boolean;
  filters: Record<string, string | number>;
  owner: { id: string; name: string };
  editable: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Saved views of the leads list: named filter sets, private or shared. */
describe.each(dialects())('saved views of the leads list on %s', (dialect) => {
  let t: TestApp;
  let marketing: TestUser;
  let rep: TestUser;
  let admin: TestUser;

  const save = (user: TestUser, payload: Record<string, unknown>) =>
    t.as(user, { method: 'POST', url: '/api/v1/contact-views', payload });
  const change = (user: TestUser, id: string, payload: Record<string, unknown>) =>
    t.as(user, { method: 'PATCH', url: `/api/v1/contact-views/${id}`, payload });
  const remove = (user: TestUser, id: string) => t.as(user, { method: 'DELETE', url: `/api/v1/contact-views/${id}` });
  const read = (user: TestUser, id: string) => t.as(user, { method: 'GET', url: `/api/v1/contact-views/${id}` });
  const created = async (user: TestUser, payload: Record<string, unknown>): Promise<View> => {
    const res = await save(user, payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<View>();
  };
  const listViews = async (user: TestUser): Promise<View[]> => {
    const res = await t.as(user, { method: 'GET', url: '/api/v1/contact-views?limit=200' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: View[] }>().items;
  };
  const contactNames = async (user: TestUser, query: string): Promise<string[]> => {
    const res = await t.as(user, { method: 'GET', url: `/api/v1/contacts?limit=200&${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: { firstName: string }[] }>().items.map((c) => c.firstName);
  };
  const asQuery = (filters: Record<string, string | number>) =>
    new URLSearchParams(Object.entries(filters).map(([k, v]) => [k, String(v)])).toString();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    marketing = await t.user('marketing', { name: 'Mina Marketing' });
    rep = await t.user('sales_rep');
    admin = await t.user('admin');
    const contacts: [string, Record<string, unknown>, number][] = [
      ['Ava', { campaign: 'spring', seniority: 'director', lastName: 'Zand' }, 80],
      ['Bahar', { campaign: 'spring', seniority: 'manager', lastName: 'Amini' }, 65],
      ['Cyrus', { campaign: 'spring', seniority: 'director', lastName: 'Karimi' }, 30],
      ['Dara', { campaign: 'autumn', seniority: 'director', lastName: 'Bagheri' }, 90],
    ];
    for (const [firstName, extra, fit] of contacts) {
      const res = await t.as(marketing, { method: 'POST', url: '/api/v1/contacts', payload: { firstName, ...extra } });
      expect(res.statusCode, res.body).toBe(201);
      await t.app.tandem.database.db
        .updateTable('contacts')
        .set({ fit_score: fit })
        .where('id', '=', res.json().id)
        .execute();
    }
  });
  afterAll(() => t.close());

  it('saves, lists by name, renames, shares and deletes a view, auditing each change', async () => {
    const view = await created(marketing, {
      name: '  Spring directors ',
      filters: { campaign: 'spring', seniority: 'director', minFitScore: '50' },
    });
    expect(view).toMatchObject({
      name: 'Spring directors',
      shared: false,
      editable: true,
      owner: { id: marketing.user.id, name: 'Mina Marketing' },
      // Read as the list reads its query: numbers as numbers, the list's default sort.
      filters: { campaign: 'spring', seniority: 'director', minFitScore: 50, sort: 'createdAt' },
    });
    const other = await created(marketing, { name: 'all leads', filters: {} });
    expect((await listViews(marketing)).map((v) => v.name)).toEqual(['all leads', 'Spring directors']);
    expect((await read(marketing, view.id)).json()).toEqual(view);

    const renamed = await change(marketing, view.id, { name: 'Directors (spring)', shared: true });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Directors (spring)', shared: true, filters: view.filters });
    const refiltered = await change(marketing, view.id, { filters: { campaign: 'autumn', q: 'Ava Zand' } });
    expect(refiltered.json().filters).toEqual({ campaign: 'autumn', q: 'Ava Zand', sort: 'createdAt' });
    // The same again changes nothing and is not audited.
    expect((await change(marketing, view.id, { filters: { q: 'Ava Zand', campaign: 'autumn' } })).json()).toEqual(
      refiltered.json(),
    );
    // A view may keep its own name in another case.
    expect((await change(marketing, view.id, { name: 'DIRECTORS (SPRING)' })).statusCode).toBe(200);

    expect((await remove(marketing, other.id)).statusCode).toBe(204);
    expect((await read(marketing, other.id)).statusCode).toBe(404);
    expect((await listViews(marketing)).map((v) => v.name)).toEqual(['DIRECTORS (SPRING)']);

    const db = t.app.tandem.database.db;
    expect((await auditOf(db, 'contact_view', view.id)).map((e) => [e.action, e.actorId])).toEqual([
      ['create', marketing.user.id],
      ['update', marketing.user.id],
      ['update', marketing.user.id],
      ['update', marketing.user.id],
    ]);
    const entries = await auditOf(db, 'contact_view', view.id);
    expect(entries[1]).toMatchObject({
      before: { name: 'Spring directors', shared: false },
      after: { name: 'Directors (spring)', shared: true },
    });
    // The search text may name a person: the log keeps only that there was one.
    expect(entries[2]).toMatchObject({
      before: { filters: { campaign: 'spring', search: false } },
      after: { filters: { campaign: 'autumn', search: true } },
    });
    expect(JSON.stringify(entries)).not.toContain('Ava Zand');
    expect((await auditOf(db, 'contact_view', other.id)).map((e) => e.action)).toEqual(['create', 'delete']);
    await remove(marketing, view.id);
  });

  it("gives the same contacts as the list with the view's filters", async () => {
    const view = await created(rep, {
      name: 'Spring, good fit, by surname',
      filters: { campaign: 'spring', minFitScore: 60, sort: 'lastName' },
    });
    const query = asQuery(view.filters);
    expect(await contactNames(marketing, query)).toEqual(
      await contactNames(marketing, 'campaign=spring&minFitScore=60&sort=lastName'),
    );
    expect(await contactNames(marketing, `${query}&order=asc`)).toEqual(['Bahar', 'Ava']);
    // The sort's direction is kept with the view, as the list takes it.
    const reversed = await created(rep, {
      name: 'Spring, good fit, Z to A',
      filters: { campaign: 'spring', minFitScore: 60, sort: 'lastName', order: 'desc' },
    });
    expect(reversed.filters).toMatchObject({ order: 'desc' });
    expect(await contactNames(marketing, asQuery(reversed.filters))).toEqual(['Ava', 'Bahar']);
    await remove(rep, reversed.id);
    const directors = await created(rep, { name: 'Directors', filters: { seniority: 'director', maxFitScore: 85 } });
    expect((await contactNames(marketing, asQuery(directors.filters))).sort()).toEqual(['Ava', 'Cyrus']);
    await remove(rep, view.id);
    await remove(rep, directors.id);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const kept = await created(rep, { name: 'Hot leads', filters: { temperature: 'warm' } });
    const rows = await t.count('contact_views');
    const audits = await t.count('audit_log');

    expect(fieldErrors(await save(rep, { name: 'x', filters: { colour: 'red' } }))).toHaveProperty(['filters.colour']);
    expect(fieldErrors(await save(rep, { name: 'x', filters: { temperature: 'hot' } }))).toHaveProperty([
      'filters.temperature',
    ]);
    expect(fieldErrors(await save(rep, { name: 'x', filters: { minFitScore: null } }))).toHaveProperty([
      'filters.minFitScore',
    ]);
    expect(fieldErrors(await save(rep, { name: 'x', filters: { order: 'upwards' } }))).toHaveProperty([
      'filters.order',
    ]);
    expect(fieldErrors(await save(rep, { name: '   ', filters: {} }))).toHaveProperty(['name']);
    expect(fieldErrors(await save(rep, { name: 'x'.repeat(81), filters: {} }))).toHaveProperty(['name']);
    expect(fieldErrors(await save(rep, { name: 'x', filters: {}, ownerId: admin.user.id }))).toHaveProperty([
      'ownerId',
    ]);
    const duplicate = problemOf(await save(rep, { name: ' HOT   leads', filters: {} }), 409);
    expect(duplicate.code).toBe('contact_view.name_taken');
    expect(duplicate.errors).toEqual([{ field: 'name', message: 'Already in use.' }]);

    const other = await created(rep, { name: 'Cold leads', filters: { temperature: 'cold' } });
    expect(problemOf(await change(rep, other.id, { name: 'hot leads' }), 409).code).toBe('contact_view.name_taken');
    expect(fieldErrors(await change(rep, other.id, { filters: { temperature: 'cold', bogus: '1' } }))).toHaveProperty([
      'filters.bogus',
    ]);
    expect(fieldErrors(await change(rep, other.id, { name: '' }))).toHaveProperty(['name']);
    expect((await read(rep, other.id)).json()).toEqual(other);
    await remove(rep, other.id);

    expect(await t.count('contact_views')).toBe(rows);
    expect(await t.count('audit_log')).toBe(audits + 2); // the other view's create and delete
    expect((await read(rep, kept.id)).json()).toEqual(kept);
    await remove(rep, kept.id);
  });

  it('keeps at most 50 views per person', async () => {
    const owner = await t.user('sales_manager');
    for (let i = 1; i <= 50; i += 1) await created(owner, { name: `View ${i}`, filters: { minFitScore: i } });
    const rows = await t.count('contact_views');
    const refused = problemOf(await save(owner, { name: 'View 51', filters: {} }), 422);
    expect(refused.code).toBe('contact_view.limit_reached');
    expect(refused.detail).toContain('50');
    expect(await t.count('contact_views')).toBe(rows);
    // Others are not held back by it.
    expect((await save(rep, { name: 'View 51', filters: {} })).statusCode).toBe(201);
    // A deleted view makes room again.
    const first = (await listViews(owner)).find((v) => v.name === 'View 1')!;
    expect((await remove(owner, first.id)).statusCode).toBe(204);
    expect((await save(owner, { name: 'View 51', filters: {} })).statusCode).toBe(201);
  });

  it("hides others' private views, shows shared ones read-only, and lets an admin change a shared one", async () => {
    const owner = await t.user('sales_rep');
    const other = await t.user('sales_rep');
    const secret = await created(owner, { name: 'My pipeline', filters: { q: 'secret' } });
    const shared = await created(owner, { name: 'Team pipeline', shared: true, filters: { temperature: 'warm' } });

    for (const someone of [other, admin]) {
      const notFound = problemOf(await read(someone, secret.id), 404);
      expect(notFound.code).toBe('contact_view.not_found');
      expect(problemOf(await change(someone, secret.id, { name: 'Mine now' }), 404).code).toBe(
        'contact_view.not_found',
      );
      expect(problemOf(await remove(someone, secret.id), 404).code).toBe('contact_view.not_found');
      const names = (await listViews(someone)).map((v) => v.name);
      expect(names).toContain('Team pipeline');
      expect(names).not.toContain('My pipeline');
    }
    // The same answer as for a view that never existed.
    expect(problemOf(await read(other, '0190a5e0-0000-7000-8000-000000000001'), 404).code).toBe(
      'contact_view.not_found',
    );

    const seen = (await read(other, shared.id)).json<View>();
    expect(seen).toMatchObject({ name: 'Team pipeline', editable: false, owner: { id: owner.user.id } });
    expect(problemOf(await change(other, shared.id, { name: 'Taken over' }), 403).code).toBe('contact_view.not_owner');
    expect(problemOf(await remove(other, shared.id), 403).code).toBe('contact_view.not_owner');
    expect((await read(owner, shared.id)).json<View>().name).toBe('Team pipeline');
    // Another person may keep a view of the same name.
    expect((await save(other, { name: 'team PIPELINE', filters: {} })).statusCode).toBe(201);

    expect((await read(admin, shared.id)).json<View>().editable).toBe(true);
    const renamed = await change(admin, shared.id, { name: 'Warm pipeline' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Warm pipeline', owner: { id: owner.user.id }, editable: true });
    expect((await read(owner, shared.id)).json<View>().name).toBe('Warm pipeline');
    // Unshared by the owner, it is gone for everyone else, admins included.
    expect((await change(owner, shared.id, { shared: false })).statusCode).toBe(200);
    expect((await read(other, shared.id)).statusCode).toBe(404);
    expect((await read(admin, shared.id)).statusCode).toBe(404);
    expect((await change(owner, shared.id, { shared: true })).statusCode).toBe(200);
    expect((await remove(admin, shared.id)).statusCode).toBe(204);
    expect((await read(owner, shared.id)).statusCode).toBe(404);
    expect((await auditOf(t.app.tandem.database.db, 'contact_view', shared.id)).at(-1)).toMatchObject({
      action: 'delete',
      actorId: admin.user.id,
    });
  });

  // SQLite runs one write transaction at a time; on PostgreSQL two requests interleave.
  it.skipIf(dialect !== 'postgres')(
    'does not share again a view its owner unshares while an admin renames it',
    async () => {
      const owner = await t.user('sales_rep');
      const view = await created(owner, { name: 'Race', shared: true, filters: {} });
      const db = t.app.tandem.database.db;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      // The owner's unshare, written and not yet committed.
      const unshare = db.transaction().execute(async (trx) => {
        await trx.updateTable('contact_views').set({ shared: 0 }).where('id', '=', view.id).execute();
        holding();
        await gate;
      });
      await held;
      const renaming = change(admin, view.id, { name: 'Renamed by admin' });
      // The admin's request waits for the owner's transaction.
      await expect
        .poll(
          async () =>
            Number(
              (
                await sql<{ n: string }>`select count(*) as n from pg_stat_activity
                  where datname = current_database() and wait_event_type = 'Lock'`.execute(db)
              ).rows[0]!.n,
            ),
          { timeout: 20_000, interval: 20 },
        )
        .toBeGreaterThan(0);
      release();
      await unshare;
      expect(problemOf(await renaming, 404).code).toBe('contact_view.not_found');
      const row = await db
        .selectFrom('contact_views')
        .select(['name', 'shared'])
        .where('id', '=', view.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ name: 'Race', shared: 0 });
    },
    60_000,
  );

  it('pages the list with a cursor', async () => {
    const owner = await t.user('sales_rep');
    for (const name of ['c', 'a', 'b']) await created(owner, { name: `paged ${name}`, filters: {} });
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.as(owner, {
        method: 'GET',
        url: `/api/v1/contact-views?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      names.push(...res.json<{ items: View[] }>().items.map((v) => v.name));
      cursor = res.json<{ nextCursor: string | null }>().nextCursor;
    } while (cursor);
    expect(names.filter((n) => n.startsWith('paged'))).toEqual(['paged a', 'paged b', 'paged c']);
  });

  it("describes the routes in the OpenAPI document, with the list's filters as a view's", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json();
    expect(Object.keys(doc.paths['/api/v1/contact-views'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/api/v1/contact-views/{id}'])).toEqual(
      expect.arrayContaining(['get', 'patch', 'delete']),
    );
    const body = doc.paths['/api/v1/contact-views'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties.filters.properties)).toEqual(
      expect.arrayContaining(['q', 'temperature', 'sort']),
    );
  });
});
