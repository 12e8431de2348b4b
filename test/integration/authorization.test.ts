import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

/** Record-level authorization through the real API: what each role sees, edits and deletes. */
describe.each(dialects())('per-record authorization on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser, marketing: TestUser, managerA: TestUser, repA: TestUser, repA2: TestUser, repB: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.user('admin');
    marketing = await t.user('marketing');
    managerA = await t.user('sales_manager', { team: 'A' });
    repA = await t.user('sales_rep', { team: 'A' });
    repA2 = await t.user('sales_rep', { team: 'A' });
    repB = await t.user('sales_rep', { team: 'B' });
    const make = async (key: string, ownerId: string | null) => {
      const res = await t.as(admin, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: key, ownerId } });
      expect(res.statusCode).toBe(201);
      ids[key] = res.json().id;
    };
    await make('ofRepA', repA.user.id);
    await make('ofRepA2', repA2.user.id);
    await make('ofRepB', repB.user.id);
    await make('unowned', null);
  });
  afterAll(() => t.close());

  const visible = async (u: TestUser) =>
    (await t.as(u, { method: 'GET', url: '/api/v1/contacts?limit=200' }))
      .json()
      .items.map((c: { firstName: string }) => c.firstName)
      .sort();

  it('lists only the records in scope', async () => {
    expect(await visible(admin)).toEqual(['ofRepA', 'ofRepA2', 'ofRepB', 'unowned']);
    expect(await visible(marketing)).toEqual(['ofRepA', 'ofRepA2', 'ofRepB', 'unowned']);
    expect(await visible(managerA)).toEqual(['ofRepA', 'ofRepA2', 'unowned']);
    expect(await visible(repA)).toEqual(['ofRepA']);
    expect(await visible(repB)).toEqual(['ofRepB']);
  });

  it('answers 404 for a record out of scope on read, update, delete and audit', async () => {
    for (const [method, suffix, payload] of [
      ['GET', '', undefined],
      ['PATCH', '', { firstName: 'hacked' }],
      ['DELETE', '', undefined],
      ['GET', '/audit', undefined],
    ] as const) {
      const res = await t.as(repA, {
        method,
        url: `/api/v1/contacts/${ids.ofRepB}${suffix}`,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, `${method} ${suffix}`).toBe(404);
    }
    const mgr = await t.as(managerA, {
      method: 'PATCH',
      url: `/api/v1/contacts/${ids.ofRepB}`,
      payload: { firstName: 'x' },
    });
    expect(mgr.statusCode).toBe(404);
    const still = await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${ids.ofRepB}` });
    expect(still.json().firstName).toBe('ofRepB');
  });

  it('guards the routes about a contact (its events, temperature, prediction) by the same scope', async () => {
    const call = (u: TestUser, id: string, suffix: string) =>
      suffix === '/events'
        ? t.as(u, { method: 'POST', url: `/api/v1/contacts/${id}/events`, payload: { type: 'webinar_attended' } })
        : t.as(u, { method: 'GET', url: `/api/v1/contacts/${id}${suffix}` });
    for (const suffix of ['/events', '/temperature', '/prediction']) {
      expect((await call(repA, ids.ofRepB!, suffix)).statusCode, `rep, another's ${suffix}`).toBe(404);
      expect((await call(managerA, ids.ofRepB!, suffix)).statusCode, `manager, other team ${suffix}`).toBe(404);
      expect((await call(repA, '00000000-0000-4000-8000-000000000000', suffix)).statusCode, suffix).toBe(404);
      expect((await call(repA, ids.ofRepA!, suffix)).statusCode, `rep, own ${suffix}`).toBeLessThan(300);
      expect((await call(managerA, ids.ofRepA2!, suffix)).statusCode, `manager, team ${suffix}`).toBeLessThan(300);
    }
    // Nothing was recorded for the contact out of scope.
    const events = await t.app.tandem.database.db
      .selectFrom('events')
      .select('id')
      .where('contact_id', '=', ids.ofRepB!)
      .execute();
    expect(events).toEqual([]);
  });

  it('lets a rep edit but not delete their own record', async () => {
    const edit = await t.as(repA, {
      method: 'PATCH',
      url: `/api/v1/contacts/${ids.ofRepA}`,
      payload: { jobTitle: 'CEO' },
    });
    expect(edit.statusCode).toBe(200);
    const del = await t.as(repA, { method: 'DELETE', url: `/api/v1/contacts/${ids.ofRepA}` });
    expect(del.statusCode).toBe(403);
  });

  it('keeps owner assignment within what the role may do', async () => {
    const own = await t.as(repA, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'mine' } });
    expect(own.json().ownerId).toBe(repA.user.id);
    const giveAway = await t.as(repA, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'theirs', ownerId: repA2.user.id },
    });
    expect(giveAway.statusCode).toBe(403);
    expect(giveAway.json().errors[0].field).toBe('ownerId');
    const reassign = await t.as(managerA, {
      method: 'PATCH',
      url: `/api/v1/contacts/${own.json().id}`,
      payload: { ownerId: repA2.user.id },
    });
    expect(reassign.statusCode).toBe(200);
    const outOfTeam = await t.as(managerA, {
      method: 'PATCH',
      url: `/api/v1/contacts/${own.json().id}`,
      payload: { ownerId: repB.user.id },
    });
    expect(outOfTeam.statusCode).toBe(403);
    const marketingAssigns = await t.as(marketing, {
      method: 'PATCH',
      url: `/api/v1/contacts/${own.json().id}`,
      payload: { ownerId: repB.user.id },
    });
    expect(marketingAssigns.statusCode).toBe(200);
  });

  it('scopes accounts the same way and does not let a rep link a contact to an unseen account', async () => {
    const acc = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { name: 'B corp', ownerId: repB.user.id },
    });
    expect((await t.as(repA, { method: 'GET', url: `/api/v1/accounts/${acc.json().id}` })).statusCode).toBe(404);
    expect((await t.as(repB, { method: 'GET', url: `/api/v1/accounts/${acc.json().id}` })).statusCode).toBe(200);
    const link = await t.as(repA, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'sneaky', accountId: acc.json().id },
    });
    expect(link.statusCode).toBe(422);
    expect(link.json().errors[0].field).toBe('accountId');
  });

  it('restricts user and team management to admins', async () => {
    const create = await t.as(repA, {
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'x@example.test', name: 'X', role: 'admin', password: 'long enough pass' },
    });
    expect(create.statusCode).toBe(403);
    const promote = await t.as(repA, {
      method: 'PATCH',
      url: `/api/v1/users/${repA.user.id}`,
      payload: { role: 'admin' },
    });
    expect(promote.statusCode).toBe(403);
    const rename = await t.as(repA, {
      method: 'PATCH',
      url: `/api/v1/users/${repA.user.id}`,
      payload: { name: 'New Name', locale: 'fa' },
    });
    expect(rename.statusCode).toBe(200);
    expect(rename.json()).toMatchObject({ name: 'New Name', locale: 'fa', role: 'sales_rep' });
    expect((await t.as(repA, { method: 'POST', url: '/api/v1/teams', payload: { name: 'Mine' } })).statusCode).toBe(
      403,
    );
  });
});

describe.each(dialects())('no way around sign-in on %s', (dialect) => {
  it('refuses anonymous callers on every private route, however the path is spelled', async () => {
    const t = await createTestApp(dialect);
    try {
      const admin = await t.user('admin');
      const paths = [
        '/api/v1/users',
        '/api/v%31/users',
        '/%61pi/v1/users',
        `/api/v%31/users/${admin.user.id}`,
        '/api/v%31/teams',
        '/api/v1/contacts',
        '/api/v%31/contacts',
        '/api/v1/accounts',
        '/api/v1/tokens',
      ];
      for (const url of paths) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(401);
        expect(res.body, url).not.toContain(admin.user.email);
      }
      // Another scheme in the Authorization header (a reverse proxy's Basic) is not a failed token.
      const basic = await t.app.inject({
        method: 'GET',
        url: '/health',
        headers: { authorization: 'Basic dXNlcjpwYXNz' },
      });
      expect(basic.statusCode).toBe(200);
      const basicApi = await t.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: { authorization: 'Basic dXNlcjpwYXNz' },
      });
      expect(basicApi.statusCode).toBe(401);
      expect(basicApi.json().code).toBe('auth.unauthenticated');
    } finally {
      await t.close();
    }
  });
});

describe.each(dialects())('what records reveal about others on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser, repA: TestUser, repB: TestUser;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.user('admin');
    repA = await t.user('sales_rep', { team: 'A' });
    repB = await t.user('sales_rep', { team: 'B' });
  });
  afterAll(() => t.close());

  it('does not reveal that another rep already has this person', async () => {
    const theirs = await t.as(repB, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'CEO', email: 'ceo@rival.example' },
    });
    expect(theirs.statusCode).toBe(201);
    const mine = await t.as(repA, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'CEO', email: 'ceo@rival.example' },
    });
    expect(mine.statusCode).toBe(201);
    // Marketing and admins, who see both, find the pair.
    const dupes = await t.as(admin, { method: 'GET', url: '/api/v1/contacts/duplicates?email=ceo@rival.example' });
    expect(dupes.json().items).toHaveLength(2);
    const seenByA = await t.as(repA, { method: 'GET', url: '/api/v1/contacts/duplicates?email=ceo@rival.example' });
    expect(seenByA.json().items).toHaveLength(1);
  });

  it('does not show the name of an account the reader may not see', async () => {
    const secret = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { name: 'Secret Deal Corp', ownerId: repB.user.id },
    });
    const contact = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Linked', ownerId: repA.user.id, accountId: secret.json().id },
    });
    const asA = await t.as(repA, { method: 'GET', url: `/api/v1/contacts/${contact.json().id}` });
    expect(asA.json().account).toBeNull();
    expect(asA.body).not.toContain('Secret Deal Corp');
    const list = await t.as(repA, { method: 'GET', url: '/api/v1/contacts' });
    expect(list.body).not.toContain('Secret Deal Corp');
    const asAdmin = await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${contact.json().id}` });
    expect(asAdmin.json().account.name).toBe('Secret Deal Corp');
  });
});
