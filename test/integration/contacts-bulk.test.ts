import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { auditOf, fieldErrors, problemOf } from '../support/problems.js';
import { routeEveryLeadTo } from '../support/sla.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Assigning an owner to many contacts at once (the leads list's bulk action): all or nothing. */
describe.each(dialects())('bulk owner changes on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser, marketing: TestUser, managerA: TestUser, repA: TestUser, repA2: TestUser, repB: TestUser;
  let holder: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.user('admin');
    marketing = await t.user('marketing');
    managerA = await t.user('sales_manager', { team: 'A' });
    repA = await t.user('sales_rep', { team: 'A' });
    repA2 = await t.user('sales_rep', { team: 'A' });
    repB = await t.user('sales_rep', { team: 'B' });
    holder = await t.user('sales_rep', { team: 'North' });
    await routeEveryLeadTo(t, admin, { team: 'North', reps: [holder] });
  });
  afterAll(() => t?.close());

  const db = () => t.app.tandem.database.db;

  const contact = async (firstName: string, ownerId: string | null): Promise<string> => {
    const res = await t.as(admin, { method: 'POST', url: '/api/v1/contacts', payload: { firstName, ownerId } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };

  const ownersOf = async (ids: string[]): Promise<(string | null)[]> => {
    const rows = await db().selectFrom('contacts').select(['id', 'owner_id']).where('id', 'in', ids).execute();
    const owners = new Map(rows.map((r) => [r.id, r.owner_id]));
    return ids.map((id) => owners.get(id) ?? null);
  };

  const bulk = (user: TestUser, payload: unknown) =>
    t.as(user, { method: 'POST', url: '/api/v1/contacts/bulk-update', payload: payload as object });

  /** Runs `attempt` and checks that it changed no owner and wrote no audit entry or event. */
  const changesNothing = async (ids: string[], attempt: () => Promise<void>) => {
    const owners = await ownersOf(ids);
    const audits = await t.count('audit_log');
    const events = await t.count('outbox');
    await attempt();
    expect(await ownersOf(ids)).toEqual(owners);
    expect(await t.count('audit_log')).toBe(audits);
    expect(await t.count('outbox')).toBe(events);
  };

  it('assigns an owner, counting the contacts that already had them as unchanged', async () => {
    const ids = [await contact('One', null), await contact('Two', repB.user.id), await contact('Three', repA.user.id)];
    const res = await bulk(admin, { ids, set: { ownerId: repA.user.id } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ updated: 2, unchanged: 1 });
    expect(await ownersOf(ids)).toEqual([repA.user.id, repA.user.id, repA.user.id]);

    // The list shows the new owner.
    const listed = await t.as(admin, { method: 'GET', url: `/api/v1/contacts?ownerId=${repA.user.id}&limit=200` });
    expect(listed.json<{ items: { id: string }[] }>().items.map((c) => c.id)).toEqual(expect.arrayContaining(ids));
  });

  it('writes for each changed contact the audit entry and event a single change writes, with one request id', async () => {
    const single = await contact('Single', null);
    const patched = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/contacts/${single}`,
      payload: { ownerId: repB.user.id },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const [, singleEntry] = await auditOf(db(), 'contact', single);

    const ids = [await contact('Four', null), await contact('Five', repA2.user.id), await contact('Six', repB.user.id)];
    const res = await bulk(admin, { ids, set: { ownerId: repB.user.id } });
    expect(res.json()).toEqual({ updated: 2, unchanged: 1 });
    const entries = await Promise.all(ids.map(async (id) => (await auditOf(db(), 'contact', id)).slice(1)));
    expect(entries[0]).toEqual([
      {
        action: 'update',
        actorId: admin.user.id,
        requestId: expect.any(String),
        before: { ownerId: null },
        after: { ownerId: repB.user.id },
      },
    ]);
    expect(entries[1]).toEqual([
      {
        action: 'update',
        actorId: admin.user.id,
        requestId: entries[0]![0]!.requestId,
        before: { ownerId: repA2.user.id },
        after: { ownerId: repB.user.id },
      },
    ]);
    expect(entries[2]).toEqual([]);
    // The same shape as a single PATCH of the owner writes.
    expect(singleEntry).toEqual({ ...entries[0]![0], requestId: singleEntry!.requestId });
    expect(singleEntry!.requestId).not.toBe(entries[0]![0]!.requestId);

    const events = await db()
      .selectFrom('outbox')
      .select(['aggregate_id', 'payload'])
      .where('type', '=', 'contact.updated')
      .where('aggregate_id', 'in', [single, ...ids])
      .orderBy('id')
      .execute();
    const payloads = events.map((e) => ({
      id: e.aggregate_id,
      payload: typeof e.payload === 'string' ? (JSON.parse(e.payload) as unknown) : e.payload,
    }));
    expect(payloads).toEqual(
      [single, ids[0], ids[1]].map((id) => ({ id, payload: { id, changed: ['ownerId'], accountIds: [] } })),
    );
  });

  it('clears the owner', async () => {
    const ids = [await contact('Seven', repA.user.id), await contact('Eight', repB.user.id)];
    const res = await bulk(marketing, { ids, set: { ownerId: null } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ updated: 2, unchanged: 0 });
    expect(await ownersOf(ids)).toEqual([null, null]);
    const [, entry] = await auditOf(db(), 'contact', ids[0]!);
    expect(entry).toMatchObject({
      actorId: marketing.user.id,
      before: { ownerId: repA.user.id },
      after: { ownerId: null },
    });
  });

  it('lets a manager reassign within the team and changes nothing when a contact is unknown or out of view', async () => {
    const ofRepA = await contact('Team lead', repA.user.id);
    const unowned = await contact('Unowned', null);
    const ofRepB = await contact('Other team', repB.user.id);
    await changesNothing([ofRepA, unowned, ofRepB], async () => {
      const problem = problemOf(
        await bulk(managerA, { ids: [ofRepA, ofRepB, unowned, UNKNOWN_ID], set: { ownerId: repA2.user.id } }),
        404,
      );
      expect(problem.code).toBe('contact.not_found');
      expect((problem as unknown as { ids: string[] }).ids).toEqual([ofRepB, UNKNOWN_ID]);
      expect(problem.detail).toContain(ofRepB);
    });
    const res = await bulk(managerA, { ids: [ofRepA, unowned], set: { ownerId: repA2.user.id } });
    expect(res.json()).toEqual({ updated: 2, unchanged: 0 });
    expect(await ownersOf([ofRepA, unowned, ofRepB])).toEqual([repA2.user.id, repA2.user.id, repB.user.id]);
  });

  it('refuses with 403 contacts the caller may see but not change, and changes none', async () => {
    // A lead routed to a rep: they read it (their inbox links to it) but it is not theirs to change.
    const lead = await contact('Routed', null);
    const handedOff = await t.as(marketing, { method: 'POST', url: `/api/v1/contacts/${lead}/handoff`, payload: {} });
    expect(handedOff.statusCode, handedOff.body).toBe(201);
    const own = await contact('Own', holder.user.id);
    await changesNothing([lead, own], async () => {
      const problem = problemOf(await bulk(holder, { ids: [own, lead], set: { ownerId: holder.user.id } }), 403);
      expect(problem.code).toBe('contact.update_forbidden');
      expect((problem as unknown as { ids: string[] }).ids).toEqual([lead]);
    });
  });

  it('keeps owner assignment within what the role may do', async () => {
    const mine = await contact('Mine', repA.user.id);
    const teamContacts = [await contact('T1', repA.user.id), await contact('T2', repA2.user.id)];
    await changesNothing([mine, ...teamContacts], async () => {
      // A rep may not give their leads away, nor leave them unowned.
      const giveAway = problemOf(await bulk(repA, { ids: [mine], set: { ownerId: repA2.user.id } }), 403);
      expect(giveAway.code).toBe('auth.forbidden_owner');
      expect(giveAway.errors?.[0]?.field).toBe('set.ownerId');
      expect(problemOf(await bulk(repA, { ids: [mine], set: { ownerId: null } }), 403).code).toBe(
        'auth.forbidden_owner',
      );
      // A manager may not hand their team's leads to another team.
      const outOfTeam = problemOf(await bulk(managerA, { ids: teamContacts, set: { ownerId: repB.user.id } }), 403);
      expect(outOfTeam.code).toBe('auth.forbidden_owner');
    });
    // Already theirs: nothing to change, nothing refused.
    expect((await bulk(repA, { ids: [mine], set: { ownerId: repA.user.id } })).json()).toEqual({
      updated: 0,
      unchanged: 1,
    });
  });

  it('refuses bad input with 422 naming the field, and changes nothing', async () => {
    const ids = [await contact('Bad 1', repA.user.id), await contact('Bad 2', null)];
    const deactivated = await t.user('sales_rep');
    const off = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/users/${deactivated.user.id}`,
      payload: { status: 'deactivated' },
    });
    expect(off.statusCode, off.body).toBe(200);
    await changesNothing(ids, async () => {
      const set = { ownerId: repB.user.id };
      expect(fieldErrors(await bulk(admin, { ids: [], set }))).toEqual({ ids: 'Name at least one contact.' });
      const tooMany = Array.from({ length: 501 }, () => newId());
      expect(fieldErrors(await bulk(admin, { ids: tooMany, set }))).toEqual({ ids: 'At most 500 contacts at once.' });
      expect(fieldErrors(await bulk(admin, { ids: [ids[0], ids[1], ids[0]], set }))).toEqual({
        'ids.2': 'This contact is named twice.',
      });
      expect(fieldErrors(await bulk(admin, { ids, set, force: true }))).toEqual({ force: 'Unknown field.' });
      expect(fieldErrors(await bulk(admin, { ids, set: { ownerId: repB.user.id, firstName: 'x' } }))).toEqual({
        'set.firstName': 'Unknown field.',
      });
      expect(Object.keys(fieldErrors(await bulk(admin, { ids })))).toEqual(['set']);
      expect(Object.keys(fieldErrors(await bulk(admin, { ids, set: {} })))).toEqual(['set.ownerId']);
      expect(Object.keys(fieldErrors(await bulk(admin, { ids, set: { ownerId: 42 } })))).toEqual(['set.ownerId']);
      expect(fieldErrors(await bulk(admin, { ids, set: { ownerId: UNKNOWN_ID } }))).toEqual({
        'set.ownerId': 'No active user with this id.',
      });
      expect(fieldErrors(await bulk(admin, { ids, set: { ownerId: deactivated.user.id } }))).toEqual({
        'set.ownerId': 'No active user with this id.',
      });
    });
  });

  it('is described in the OpenAPI document with its strict body', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/contacts/bulk-update'].post;
    const schema = op.requestBody.content['application/json'].schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['ids', 'set']);
    expect(schema.properties.ids).toMatchObject({ type: 'array', minItems: 1, maxItems: 500 });
    expect(schema.properties.set).toMatchObject({ additionalProperties: false, required: ['ownerId'] });
  });

  it('changes 500 contacts in one request', async () => {
    const now = new Date().toISOString();
    const rows = Array.from({ length: 500 }, (_, i) => ({
      id: newId(),
      first_name: `Many ${i}`,
      last_name: '',
      owner_id: repA.user.id,
      custom_fields: '{}',
      name_norm: `many ${i}`,
      search_text: `many ${i}`,
      created_at: now,
      updated_at: now,
    }));
    await db().insertInto('contacts').values(rows).execute();
    const ids = rows.map((r) => r.id);
    const res = await bulk(admin, { ids, set: { ownerId: repA2.user.id } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ updated: 500, unchanged: 0 });
    expect(new Set(await ownersOf(ids))).toEqual(new Set([repA2.user.id]));
    const audited = await db()
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('entity_type', '=', 'contact')
      .where('entity_id', 'in', ids)
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(500);
  });
});
