import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoutingService, type RoutingService } from '../../src/modules/routing/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { auditOf as auditOfRecord, fieldErrors, problemOf } from '../support/problems.js';

interface Rule {
  id: string;
  position: number;
  name: string;
  conditions: unknown[];
  teamId: string;
  teamName: string | null;
  method: string;
  active: boolean;
}

interface Member {
  teamId: string;
  userId: string;
  userStatus: string;
  inTeam: boolean;
  weight: number;
  capacity: number | null;
  outOfOfficeFrom: string | null;
  outOfOfficeUntil: string | null;
  eligibility: string;
  openHandoffs: number;
  lastAssignedAt: string | null;
}

interface Fairness {
  from: string;
  to: string;
  teams: {
    teamId: string;
    teamName: string | null;
    assigned: number;
    queued: number;
    reps: { userId: string; name: string; received: number; share: number; member: boolean; weight: number | null }[];
  }[];
  noRuleMatched: number | null;
}

const DAY = 86_400_000;

describe.each(dialects())('lead routing on %s', (dialect) => {
  const clock = fixedClock('2027-03-10T09:00:00Z');
  /** Open handoffs per user, as the handoff module would count them. */
  const open = new Map<string, number>();
  let t: TestApp;
  let routing: RoutingService;
  let admin: TestUser;
  let manager: TestUser;
  let marketing: TestUser;
  let rep: TestUser;
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
    routing = createRoutingService({
      database: t.app.tandem.database,
      clock,
      openHandoffs: async (_trx, userIds) => new Map(userIds.map((id) => [id, open.get(id) ?? 0])),
    });
    admin = await t.user('admin');
    manager = await t.user('sales_manager', { team: 'North' });
    marketing = await t.user('marketing');
    rep = await t.user('sales_rep', { team: 'North' });
  });
  afterAll(() => t.close());

  const db = () => t.app.tandem.database.db;
  const unique = (prefix: string) => `${prefix}-${++sequence}`;

  /** A team with `count` reps, ordered by user id (the round-robin order from a fresh start). */
  async function teamWithReps(count: number) {
    const name = unique('Team');
    const teamId = await t.team(name);
    const reps: TestUser[] = [];
    for (let i = 0; i < count; i++) reps.push(await t.user('sales_rep', { team: name, name: `${name} rep ${i}` }));
    reps.sort((a, b) => (a.user.id < b.user.id ? -1 : 1));
    return { name, teamId, reps };
  }

  /** A rule that only matches contacts whose custom field `lane` is `lane` (tests do not see each other's leads). */
  async function laneRule(lane: string, teamId: string, method = 'round_robin', user: TestUser = manager) {
    const res = await t.as(user, {
      method: 'POST',
      url: '/api/v1/routing/rules',
      payload: {
        name: `Lane ${lane}`,
        conditions: [{ field: 'custom.lane', op: 'in', values: [lane] }],
        teamId,
        method,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Rule>();
  }

  async function putMember(teamId: string, userId: string, payload: object = {}, user: TestUser = manager) {
    const res = await t.as(user, { method: 'PUT', url: `/api/v1/routing/teams/${teamId}/members/${userId}`, payload });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Member>();
  }

  async function getJson<T>(url: string, user: TestUser = rep): Promise<T> {
    const res = await t.as(user, { method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  }

  async function contact(lane: string, more: object = {}) {
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: unique('Lead'), customFields: { lane }, ...more },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  /** Routes a contact the way the handoff module will: in a transaction, with the contact's record. */
  const route = (contactId: string, exclude?: string[]) =>
    db()
      .transaction()
      .execute(async (trx) => {
        const record = await routing.recordOf(trx, contactId);
        expect(record).not.toBeNull();
        return routing.route(trx, { contactId, record: record!, exclude });
      });

  async function routeLeads(lane: string, count: number) {
    const assignees: (string | null)[] = [];
    for (let i = 0; i < count; i++) assignees.push((await route(await contact(lane))).assigneeId);
    return assignees;
  }

  const fairness = (query: string, user: TestUser = rep) =>
    getJson<Fairness>(`/api/v1/routing/fairness?${query}`, user);

  /** Starts a fresh day, so a fairness period can hold just one test's decisions. */
  function nextDay(): { from: string; to: string } {
    clock.set(new Date(Math.ceil((clock.now().getTime() + 1) / DAY) * DAY + 9 * 3_600_000));
    const from = new Date(clock.now().getTime() - 3_600_000).toISOString();
    return { from, to: new Date(clock.now().getTime() + 12 * 3_600_000).toISOString() };
  }

  const written = async () => ({
    rules: await t.count('routing_rules'),
    members: await t.count('routing_members'),
    assignments: await t.count('routing_assignments'),
    audit: await t.count('audit_log'),
  });

  const auditOf = (entityType: string, entityId: string) => auditOfRecord(db(), entityType, entityId);

  const ruleIds = async () => (await getJson<{ items: Rule[] }>('/api/v1/routing/rules')).items.map((r) => r.id);

  it('creates, lists, replaces, reorders and deletes rules, auditing each write', async () => {
    const { teamId, name } = await teamWithReps(0);
    const before = await ruleIds();
    const first = await laneRule(unique('crud'), teamId);
    expect(first).toMatchObject({
      position: before.length + 1,
      teamId,
      teamName: name,
      method: 'round_robin',
      active: true,
    });
    const catchAll = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/routing/rules',
      payload: { name: 'Everyone else', conditions: [], teamId, method: 'weighted', active: false },
    });
    expect(catchAll.statusCode, catchAll.body).toBe(201);
    const second = catchAll.json<Rule>();
    expect(second).toMatchObject({ position: before.length + 2, conditions: [], active: false });
    expect(await ruleIds()).toEqual([...before, first.id, second.id]);

    const conditions = [
      { field: 'account.country', op: 'in', values: ['IR', 'AF'] },
      { field: 'fitGrade', op: 'gte', value: 'B' },
      { field: 'account.employeeCount', op: 'gte', value: 50 },
      { field: 'campaign', op: 'present' },
    ];
    const replaced = await t.as(manager, {
      method: 'PUT',
      url: `/api/v1/routing/rules/${first.id}`,
      payload: { name: first.name, conditions, teamId, method: 'capacity' },
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json<Rule>()).toMatchObject({
      id: first.id,
      position: first.position,
      method: 'capacity',
      conditions,
    });
    expect(await getJson<Rule>(`/api/v1/routing/rules/${first.id}`, marketing)).toMatchObject({ conditions });

    const order = [...before, second.id, first.id];
    const reordered = await t.as(manager, {
      method: 'PUT',
      url: '/api/v1/routing/rules/order',
      payload: { ids: order },
    });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json<{ items: Rule[] }>().items.map((r) => [r.id, r.position])).toEqual(
      order.map((id, i) => [id, i + 1]),
    );
    expect(await ruleIds()).toEqual(order);

    const deleted = await t.as(admin, { method: 'DELETE', url: `/api/v1/routing/rules/${second.id}` });
    expect(deleted.statusCode, deleted.body).toBe(204);
    const after = (await getJson<{ items: Rule[] }>('/api/v1/routing/rules')).items;
    expect(after.map((r) => [r.id, r.position])).toEqual([...before, first.id].map((id, i) => [id, i + 1]));
    expect(problemOf(await t.as(rep, { method: 'GET', url: `/api/v1/routing/rules/${second.id}` }), 404).code).toBe(
      'routing_rule.not_found',
    );

    expect(await auditOf('routing_rule', first.id)).toEqual([
      expect.objectContaining({
        action: 'create',
        actorId: manager.user.id,
        before: null,
        requestId: expect.any(String),
      }),
      {
        action: 'update',
        actorId: manager.user.id,
        requestId: expect.any(String),
        before: { conditions: first.conditions, method: 'round_robin' },
        after: { conditions, method: 'capacity' },
      },
    ]);
    expect((await auditOf('routing_rule', second.id)).map((a) => [a.action, a.actorId, a.after])).toEqual([
      [
        'create',
        admin.user.id,
        {
          position: before.length + 2,
          name: 'Everyone else',
          conditions: [],
          teamId,
          method: 'weighted',
          active: false,
        },
      ],
      ['delete', admin.user.id, null],
    ]);
    expect((await auditOf('routing_rules', 'order')).at(-1)).toMatchObject({
      action: 'reorder',
      actorId: manager.user.id,
      before: { ids: [...before, first.id, second.id] },
      after: { ids: order },
    });

    // An unchanged save and an unchanged order write nothing.
    const quiet = await written();
    const same = await t.as(manager, {
      method: 'PUT',
      url: `/api/v1/routing/rules/${first.id}`,
      payload: { name: first.name, conditions, teamId, method: 'capacity' },
    });
    expect(same.statusCode, same.body).toBe(200);
    const sameOrder = await t.as(manager, {
      method: 'PUT',
      url: '/api/v1/routing/rules/order',
      payload: { ids: [...before, first.id] },
    });
    expect(sameOrder.statusCode, sameOrder.body).toBe(200);
    expect(await written()).toEqual(quiet);
  });

  it('refuses an unknown team, an unknown field or a bad order, naming the field, and writes nothing', async () => {
    const { teamId } = await teamWithReps(0);
    const rule = await laneRule(unique('bad'), teamId);
    const before = await written();
    const post = (payload: object) => t.as(manager, { method: 'POST', url: '/api/v1/routing/rules', payload });

    const noTeam = await post({ name: 'x', conditions: [], teamId: 'no-such-team', method: 'round_robin' });
    expect(problemOf(noTeam, 422).code).toBe('routing.unknown_team');
    expect(fieldErrors(noTeam)).toEqual({ teamId: 'No team with that id.' });

    const badField = await post({
      name: 'x',
      conditions: [
        { field: 'account.country', op: 'in', values: ['IR'] },
        { field: 'country', op: 'in', values: ['IR'] },
      ],
      teamId,
      method: 'round_robin',
    });
    expect(Object.keys(fieldErrors(badField))).toEqual(['conditions.1.field']);
    expect(fieldErrors(badField)['conditions.1.field']).toMatch(/^Unknown field/);

    const badValue = await post({
      name: 'x',
      conditions: [{ field: 'fitGrade', op: 'gte', value: 'E' }],
      teamId,
      method: 'round_robin',
      priority: 1,
    });
    expect(fieldErrors(badValue)).toEqual({ priority: 'Unknown field.', 'conditions.0.value': 'One of D, C, B, A.' });

    const replaceToNowhere = await t.as(manager, {
      method: 'PUT',
      url: `/api/v1/routing/rules/${rule.id}`,
      payload: { name: 'x', conditions: [], teamId: 'gone', method: 'weighted' },
    });
    expect(fieldErrors(replaceToNowhere)).toEqual({ teamId: 'No team with that id.' });
    const missingRule = await t.as(manager, {
      method: 'PUT',
      url: '/api/v1/routing/rules/nope',
      payload: { name: 'x', conditions: [], teamId, method: 'weighted' },
    });
    expect(problemOf(missingRule, 404).code).toBe('routing_rule.not_found');

    const ids = await ruleIds();
    const order = (payload: object) => t.as(manager, { method: 'PUT', url: '/api/v1/routing/rules/order', payload });
    const incomplete = await order({ ids: ids.slice(1) });
    expect(problemOf(incomplete, 422).code).toBe('routing.bad_order');
    expect(fieldErrors(incomplete)).toEqual({ ids: `Missing: ${ids[0]}.` });
    expect(fieldErrors(await order({ ids: [...ids, 'nope', ids[0]] }))).toEqual({
      [`ids.${ids.length}`]: 'No routing rule with that id.',
      [`ids.${ids.length + 1}`]: 'Listed twice.',
    });

    expect(await written()).toEqual(before);
    expect(await ruleIds()).toEqual(ids);
  });

  it('lets everyone signed in read, only admins and sales managers write, and nobody anonymous in', async () => {
    const { teamId, reps } = await teamWithReps(1);
    const rule = await laneRule(unique('perm'), teamId);
    const member = reps[0]!.user.id;
    const leadId = await contact('perm');
    const body = { name: 'Mine', conditions: [], teamId, method: 'round_robin' };
    const before = await written();
    for (const user of [marketing, rep]) {
      const role = user.user.role;
      const writes = await Promise.all([
        t.as(user, { method: 'POST', url: '/api/v1/routing/rules', payload: body }),
        t.as(user, { method: 'PUT', url: `/api/v1/routing/rules/${rule.id}`, payload: body }),
        t.as(user, { method: 'DELETE', url: `/api/v1/routing/rules/${rule.id}` }),
        t.as(user, { method: 'PUT', url: '/api/v1/routing/rules/order', payload: { ids: await ruleIds() } }),
        t.as(user, { method: 'PUT', url: `/api/v1/routing/teams/${teamId}/members/${member}`, payload: {} }),
        t.as(user, { method: 'DELETE', url: `/api/v1/routing/teams/${teamId}/members/${member}` }),
      ]);
      for (const res of writes) expect(problemOf(res, 403).code, role).toBe('auth.forbidden');
      for (const url of [
        '/api/v1/routing/rules',
        `/api/v1/routing/rules/${rule.id}`,
        `/api/v1/routing/teams/${teamId}/members`,
        '/api/v1/routing/fairness?from=2027-03-01T00:00:00Z&to=2027-04-01T00:00:00Z',
      ]) {
        expect((await t.as(user, { method: 'GET', url })).statusCode, `${role} GET ${url}`).toBe(200);
      }
    }
    // Marketing sees every contact and may preview; a rep previewing a contact that is not theirs gets a 404.
    const preview = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/routing/preview',
      payload: { contactId: leadId },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const hidden = await t.as(rep, { method: 'POST', url: '/api/v1/routing/preview', payload: { contactId: leadId } });
    expect(problemOf(hidden, 404).code).toBe('contact.not_found');

    for (const [method, url] of [
      ['GET', '/api/v1/routing/rules'],
      ['GET', `/api/v1/routing/teams/${teamId}/members`],
      ['GET', '/api/v1/routing/fairness?from=2027-03-01T00:00:00Z&to=2027-04-01T00:00:00Z'],
      ['POST', '/api/v1/routing/rules'],
      ['PUT', `/api/v1/routing/rules/${rule.id}`],
      ['DELETE', `/api/v1/routing/rules/${rule.id}`],
      ['PUT', `/api/v1/routing/teams/${teamId}/members/${member}`],
      ['POST', '/api/v1/routing/preview'],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        payload: method === 'GET' || method === 'DELETE' ? undefined : body,
      });
      expect(problemOf(res, 401).code, `${method} ${url}`).toBe('auth.unauthenticated');
    }
    expect(await written()).toEqual(before);
  });

  it('takes only active users of the team as members, audits member changes and shows who can take a lead', async () => {
    const { teamId, reps } = await teamWithReps(3);
    const other = await teamWithReps(1);
    const [a, b, c] = reps.map((r) => r.user.id) as [string, string, string];
    const created = await putMember(teamId, a);
    expect(created).toMatchObject({
      teamId,
      userId: a,
      weight: 1,
      capacity: null,
      outOfOfficeFrom: null,
      outOfOfficeUntil: null,
      userStatus: 'active',
      inTeam: true,
      eligibility: 'eligible',
      openHandoffs: 0,
      lastAssignedAt: null,
    });
    const away = {
      weight: 2,
      capacity: 5,
      outOfOfficeFrom: '2027-03-09T00:00:00+03:30',
      outOfOfficeUntil: '2099-01-01T00:00:00Z',
    };
    expect(await putMember(teamId, b, away)).toMatchObject({
      ...away,
      outOfOfficeFrom: '2027-03-08T20:30:00.000Z',
      outOfOfficeUntil: '2099-01-01T00:00:00.000Z',
      eligibility: 'out_of_office',
    });
    await putMember(teamId, c, { capacity: 2 });
    // Open handoffs come from the injected count (the handoff module's): this service counts from `open`.
    open.set(c, 2);
    const viewer = { id: rep.user.id, role: rep.user.role, teamId: rep.user.teamId, via: 'token' } as const;
    expect((await routing.listMembers(viewer, teamId)).items.find((m) => m.userId === c)).toMatchObject({
      capacity: 2,
      eligibility: 'at_capacity',
      openHandoffs: 2,
    });
    open.delete(c);
    expect(await putMember(teamId, a, { weight: 3 }, admin)).toMatchObject({ weight: 3 });

    const before = await written();
    const put = (userId: string, payload: object, team = teamId) =>
      t.as(manager, { method: 'PUT', url: `/api/v1/routing/teams/${team}/members/${userId}`, payload });
    const outsider = await put(other.reps[0]!.user.id, {});
    expect(problemOf(outsider, 422).code).toBe('routing.not_team_member');
    expect(fieldErrors(outsider)).toEqual({ userId: 'Not in this team: a routing member must belong to the team.' });
    expect(fieldErrors(await put('no-such-user', {}))).toEqual({ userId: 'No user with that id.' });
    const noTeam = await put(a, {}, 'no-such-team');
    expect(problemOf(noTeam, 422).code).toBe('routing.unknown_team');
    expect(fieldErrors(noTeam)).toEqual({ teamId: 'No team with that id.' });
    expect(
      fieldErrors(await put(a, { outOfOfficeFrom: '2027-03-12T00:00:00Z', outOfOfficeUntil: '2027-03-11T00:00:00Z' })),
    ).toEqual({ outOfOfficeUntil: 'After outOfOfficeFrom.' });
    expect(Object.keys(fieldErrors(await put(a, { weight: 0, colour: 'red' }))).sort()).toEqual(['colour', 'weight']);
    expect(await written()).toEqual(before);

    const list = await getJson<{ items: Member[] }>(`/api/v1/routing/teams/${teamId}/members`, marketing);
    expect(list.items.map((m) => [m.userId, m.eligibility])).toEqual([
      [a, 'eligible'],
      [b, 'out_of_office'],
      [c, 'eligible'],
    ]);
    expect(problemOf(await t.as(rep, { method: 'GET', url: '/api/v1/routing/teams/nope/members' }), 404).code).toBe(
      'team.not_found',
    );

    const entity = `${teamId}:${a}`;
    expect(await auditOf('routing_member', entity)).toEqual([
      {
        action: 'create',
        actorId: manager.user.id,
        requestId: expect.any(String),
        before: null,
        after: { teamId, userId: a, weight: 1, capacity: null, outOfOfficeFrom: null, outOfOfficeUntil: null },
      },
      {
        action: 'update',
        actorId: admin.user.id,
        requestId: expect.any(String),
        before: { weight: 1 },
        after: { weight: 3 },
      },
    ]);

    const removed = await t.as(manager, { method: 'DELETE', url: `/api/v1/routing/teams/${teamId}/members/${c}` });
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await auditOf('routing_member', `${teamId}:${c}`)).at(-1)).toMatchObject({
      action: 'delete',
      before: { capacity: 2 },
      after: null,
    });
    const again = await t.as(manager, { method: 'DELETE', url: `/api/v1/routing/teams/${teamId}/members/${c}` });
    expect(problemOf(again, 404).code).toBe('routing_member.not_found');
  });

  it('refuses a deactivated user as a member, skips a member deactivated later and reroutes around a rep', async () => {
    const { teamId, name, reps } = await teamWithReps(3);
    const [a, b, c] = reps.map((r) => r.user.id) as [string, string, string];
    const lane = unique('deactivated');
    await laneRule(lane, teamId);
    for (const id of [a, b, c]) await putMember(teamId, id);
    const gone = await t.user('sales_rep', { team: name });
    const deactivate = (id: string) =>
      t.as(admin, { method: 'PATCH', url: `/api/v1/users/${id}`, payload: { status: 'deactivated' } });
    expect((await deactivate(gone.user.id)).statusCode).toBe(200);
    const refused = await t.as(manager, {
      method: 'PUT',
      url: `/api/v1/routing/teams/${teamId}/members/${gone.user.id}`,
      payload: {},
    });
    expect(fieldErrors(refused)).toEqual({ userId: 'Deactivated: only active users take leads.' });

    // b leaves while holding leads: routing skips b from now on...
    expect((await deactivate(b)).statusCode).toBe(200);
    expect(await routeLeads(lane, 4)).toEqual([a, c, a, c]);
    const members = await getJson<{ items: Member[] }>(`/api/v1/routing/teams/${teamId}/members`);
    expect(members.items.find((m) => m.userId === b)).toMatchObject({
      userStatus: 'deactivated',
      eligibility: 'inactive',
    });
    // ...and the handoff module reroutes b's leads with the rep excluded (here also a, to show exclude works).
    const rerouted = await route(await contact(lane), [b, a]);
    expect(rerouted).toMatchObject({ teamId, assigneeId: c, reason: 'rule' });
    // A rep who moved to another team is skipped by their old team too.
    const moved = await t.as(admin, { method: 'PATCH', url: `/api/v1/users/${c}`, payload: { teamId: null } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await routeLeads(lane, 2)).toEqual([a, a]);
    expect((await route(await contact(lane), [a])).assigneeId).toBeNull();
  });

  it('routes round robin across three reps, skipping the one out of office, and reports fairness', async () => {
    const period = nextDay();
    const { teamId, name, reps } = await teamWithReps(3);
    const [a, b, c] = reps.map((r) => r.user.id) as [string, string, string];
    const lane = unique('rr');
    const rule = await laneRule(lane, teamId);
    const backAt = new Date(clock.now().getTime() + 2 * 3_600_000).toISOString();
    await putMember(teamId, a);
    await putMember(teamId, b, { outOfOfficeFrom: period.from, outOfOfficeUntil: backAt });
    await putMember(teamId, c);

    const leadId = await contact(lane);
    const decision = await route(leadId);
    expect(decision).toEqual({
      assignmentId: expect.any(Number),
      ruleId: rule.id,
      teamId,
      assigneeId: a,
      reason: 'rule',
    });
    await db()
      .transaction()
      .execute((trx) => routing.linkAssignment(trx, decision.assignmentId, 'handoff-1'));
    expect(
      await db()
        .selectFrom('routing_assignments')
        .selectAll()
        .where('id', '=', decision.assignmentId)
        .executeTakeFirst(),
    ).toMatchObject({
      rule_id: rule.id,
      team_id: teamId,
      user_id: a,
      contact_id: leadId,
      handoff_id: 'handoff-1',
      reason: 'rule',
    });
    await expect(
      db()
        .transaction()
        .execute((trx) => routing.linkAssignment(trx, 987654321, 'x')),
    ).rejects.toMatchObject({ code: 'routing_assignment.not_found' });

    expect(await routeLeads(lane, 5)).toEqual([c, a, c, a, c]);
    // b is back: never assigned, so first in line, then the round goes on.
    clock.set(backAt);
    expect(await routeLeads(lane, 3)).toEqual([b, a, c]);
    // a at capacity (the handoff module's count says so) is skipped.
    await putMember(teamId, a, { capacity: 2 });
    open.set(a, 2);
    expect(await routeLeads(lane, 2)).toEqual([b, c]);
    open.delete(a);

    const members = await getJson<{ items: Member[] }>(`/api/v1/routing/teams/${teamId}/members`);
    expect(members.items.map((m) => [m.userId, m.eligibility, m.lastAssignedAt])).toEqual([
      [a, 'eligible', backAt],
      [b, 'eligible', backAt],
      [c, 'eligible', backAt],
    ]);

    const nameOf = (id: string) => reps.find((r) => r.user.id === id)!.user.name;
    const report = await fairness(`from=${period.from}&to=${period.to}&teamId=${teamId}`);
    expect(report).toEqual({
      from: period.from,
      to: period.to,
      teams: [
        {
          teamId,
          teamName: name,
          assigned: 11,
          queued: 0,
          // Most leads first.
          reps: [
            { userId: c, name: nameOf(c), received: 5, share: 0.4545, member: true, weight: 1 },
            { userId: a, name: nameOf(a), received: 4, share: 0.3636, member: true, weight: 1 },
            { userId: b, name: nameOf(b), received: 2, share: 0.1818, member: true, weight: 1 },
          ],
        },
      ],
      noRuleMatched: null,
    });
    // The period's end is exclusive: the leads routed at backAt are not in [from, backAt).
    const earlier = await fairness(`from=${period.from}&to=${backAt}&teamId=${teamId}`);
    expect(Object.fromEntries(earlier.teams[0]!.reps.map((r) => [r.userId, r.received]))).toEqual({
      [a]: 3,
      [b]: 0,
      [c]: 3,
    });
    // A period that starts at backAt (inclusive) holds only those.
    const later = await fairness(`from=${backAt}&to=${period.to}&teamId=${teamId}`);
    expect(Object.fromEntries(later.teams[0]!.reps.map((r) => [r.userId, r.received]))).toEqual({
      [a]: 1,
      [b]: 2,
      [c]: 2,
    });
  });

  it('weights a team by its members weights, in SQL on both databases', async () => {
    const period = nextDay();
    const { teamId, reps } = await teamWithReps(2);
    const [a, b] = reps.map((r) => r.user.id) as [string, string];
    const lane = unique('weighted');
    await laneRule(lane, teamId, 'weighted');
    await putMember(teamId, a, { weight: 2 });
    await putMember(teamId, b, { weight: 1 });
    clock.advance(60_000);
    const picks = await routeLeads(lane, 9);
    expect(picks.filter((p) => p === a)).toHaveLength(6);
    expect(picks.filter((p) => p === b)).toHaveLength(3);
    const report = await fairness(`from=${period.from}&to=${period.to}&teamId=${teamId}`);
    expect(report.teams[0]!.reps.map((r) => [r.userId, r.received, r.weight])).toEqual([
      [a, 6, 2],
      [b, 3, 1],
    ]);
  });

  it('sends a lead no rule matches to the general queue, and one whose team has nobody free to the team queue', async () => {
    const period = nextDay();
    const { teamId, reps } = await teamWithReps(1);
    const onlyRep = reps[0]!.user.id;
    const lane = unique('queue');
    // A rule that matches nobody: no lead has this campaign; its leads fall through to the next rule.
    const nobody = await t.as(manager, {
      method: 'POST',
      url: '/api/v1/routing/rules',
      payload: {
        name: 'Matches nobody',
        conditions: [
          { field: 'custom.lane', op: 'in', values: [lane] },
          { field: 'campaign', op: 'equals', value: 'never-used' },
        ],
        teamId,
        method: 'round_robin',
      },
    });
    expect(nobody.statusCode, nobody.body).toBe(201);
    const matching = await laneRule(lane, teamId, 'capacity');
    await putMember(teamId, onlyRep, { capacity: 1 });

    const unmatched = await contact(unique('no-lane'));
    const general = await route(unmatched);
    expect(general).toEqual({
      assignmentId: expect.any(Number),
      ruleId: null,
      teamId: null,
      assigneeId: null,
      reason: 'no_rule_matched',
    });

    const first = await route(await contact(lane));
    expect(first).toMatchObject({ ruleId: matching.id, teamId, assigneeId: onlyRep, reason: 'rule' });
    expect(matching.position).toBe(nobody.json<Rule>().position + 1);
    open.set(onlyRep, 1);
    const queued = await route(await contact(lane));
    expect(queued).toMatchObject({ teamId, assigneeId: null, reason: 'no_eligible_rep' });
    open.delete(onlyRep);

    const all = await fairness(`from=${period.from}&to=${period.to}`);
    expect(all.noRuleMatched).toBe(1);
    expect(all.teams.find((x) => x.teamId === teamId)).toMatchObject({
      assigned: 1,
      queued: 1,
      reps: [{ userId: onlyRep, received: 1, share: 1 }],
    });
    expect((await fairness(`from=${period.from}&to=${period.to}&teamId=${teamId}`)).noRuleMatched).toBeNull();

    // A rule whose team was deleted is listed without a team name and matches nothing.
    const doomed = await teamWithReps(0);
    const doomedLane = unique('doomed');
    const orphan = await laneRule(doomedLane, doomed.teamId);
    expect((await t.as(admin, { method: 'DELETE', url: `/api/v1/teams/${doomed.teamId}` })).statusCode).toBe(204);
    expect(await getJson<Rule>(`/api/v1/routing/rules/${orphan.id}`)).toMatchObject({ teamName: null });
    expect(await route(await contact(doomedLane))).toMatchObject({ ruleId: null, reason: 'no_rule_matched' });

    const bad = await t.as(rep, { method: 'GET', url: `/api/v1/routing/fairness?from=${period.to}&to=${period.from}` });
    expect(fieldErrors(bad)).toEqual({ to: 'After from.' });
    expect(
      Object.keys(
        fieldErrors(await t.as(rep, { method: 'GET', url: '/api/v1/routing/fairness?from=yesterday' })),
      ).sort(),
    ).toEqual(['from', 'to']);
    const unknownTeam = await t.as(rep, {
      method: 'GET',
      url: `/api/v1/routing/fairness?from=${period.from}&to=${period.to}&teamId=nope`,
    });
    expect(fieldErrors(unknownTeam)).toEqual({ teamId: 'No team with that id.' });
  });

  it('previews the rule, team and rep a contact would get, without recording anything', async () => {
    const { teamId, name, reps } = await teamWithReps(2);
    const [a, b] = reps.map((r) => r.user.id) as [string, string];
    const lane = unique('preview');
    const rule = await laneRule(lane, teamId);
    await putMember(teamId, a, { outOfOfficeFrom: '2027-01-01T00:00:00Z' });
    await putMember(teamId, b);
    const leadId = await contact(lane, { campaign: 'Spring' });

    const before = await written();
    const preview = await t.as(manager, {
      method: 'POST',
      url: '/api/v1/routing/preview',
      payload: { contactId: leadId },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual({
      ruleId: rule.id,
      ruleName: rule.name,
      teamId,
      teamName: name,
      assigneeId: b,
      assigneeName: reps[1]!.user.name,
      reason: 'rule',
      members: [
        { userId: a, name: reps[0]!.user.name, eligibility: 'out_of_office', openHandoffs: 0, capacity: null },
        { userId: b, name: reps[1]!.user.name, eligibility: 'eligible', openHandoffs: 0, capacity: null },
      ],
    });
    expect(await written()).toEqual(before);
    // The preview says what route() then does.
    expect((await route(leadId)).assigneeId).toBe(b);

    const nowhere = await t.as(manager, {
      method: 'POST',
      url: '/api/v1/routing/preview',
      payload: { contactId: await contact(unique('no-rule')) },
    });
    expect(nowhere.json()).toMatchObject({
      ruleId: null,
      teamId: null,
      assigneeId: null,
      reason: 'no_rule_matched',
      members: [],
    });
    const missing = await t.as(manager, {
      method: 'POST',
      url: '/api/v1/routing/preview',
      payload: { contactId: 'nope' },
    });
    expect(problemOf(missing, 404).code).toBe('contact.not_found');
    expect(fieldErrors(await t.as(manager, { method: 'POST', url: '/api/v1/routing/preview', payload: {} }))).toEqual({
      contactId: expect.any(String),
    });
  });

  it('gives two leads routed at the same time to two different reps', async () => {
    const { teamId, reps } = await teamWithReps(2);
    const lane = unique('race');
    await laneRule(lane, teamId);
    for (const r of reps) await putMember(teamId, r.user.id);
    const leads = [await contact(lane), await contact(lane)];
    // Counting open handoffs takes a while here, so both decisions are under way at once: without the
    // team's lock both would read the same history and pick the same rep.
    const slow = createRoutingService({
      database: t.app.tandem.database,
      clock,
      openHandoffs: async (_trx, userIds) => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return new Map(userIds.map((id) => [id, 0]));
      },
    });
    const decisions = await Promise.all(
      leads.map((contactId) =>
        db()
          .transaction()
          .execute(async (trx) => slow.route(trx, { contactId, record: (await slow.recordOf(trx, contactId))! })),
      ),
    );
    expect(decisions.map((d) => d.assigneeId).sort()).toEqual(reps.map((r) => r.user.id).sort());
  });
});
