import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moduleReactions, openDatabase, type Services } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import type { DB } from '../../src/db/schema.js';
import { registerAuthentication } from '../../src/http/auth.js';
import { registerInputRules } from '../../src/http/input.js';
import { registerErrorHandling } from '../../src/http/problem.js';
import type { Outbox } from '../../src/jobs/outbox.js';
import { createOutboxWorker, type OutboxWorker } from '../../src/jobs/worker.js';
import type { Actor } from '../../src/modules/auth/index.js';
import {
  createHandoffService,
  createHandoffTimers,
  handoffRoutes,
  openHandoffCounts,
  type RouteResult,
  type Router,
} from '../../src/modules/handoffs/index.js';
import { createRoutingService } from '../../src/modules/routing/index.js';
import { createUserService } from '../../src/modules/users/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** Saturday to Wednesday 08:00-16:00, a half-day Thursday, Friday off (no holidays: the clocks below run on plain days). */
const TEHRAN = {
  timeZone: 'Asia/Tehran',
  week: {
    sat: [['08:00', '16:00']],
    sun: [['08:00', '16:00']],
    mon: [['08:00', '16:00']],
    tue: [['08:00', '16:00']],
    wed: [['08:00', '16:00']],
    thu: [['08:00', '12:00']],
    fri: [],
  },
  holidays: [],
} as const;

/** Grade D leads (no ICP): first touch in 60 business minutes; 2 attempts by the end of the next working day; decision in 3 business hours. */
function slaDocument(calendarId: string) {
  return {
    calendarId,
    marketing: {
      period: 'month' as const,
      calendarSystem: 'jalali' as const,
      qualifiedLeads: 40,
      perTeam: [],
      perSegment: [],
      minFitGrade: 'B' as const,
      acceptanceRateFloor: 0.6,
    },
    sales: {
      firstTouch: { rules: [{ grade: 'A' as const, minutes: 30 }], otherwiseMinutes: 60 },
      attempts: { count: 2, withinBusinessDays: 1 },
      decisionWithinBusinessHours: 3,
      outcomeWithinDays: 30,
    },
    escalation: {
      remindAtShare: 0.75,
      notifyManagerAtBreach: true,
      reassignAfterMinutes: 30,
      reassignTo: 'next_rep' as const,
    },
  };
}

/**
 * A router under the test's control: the lead goes to the first of `candidates` not excluded, in the North
 * team (its queue when nobody is left).
 */
function fakeRouter(teamId: () => string) {
  let sequence = 0;
  const router = {
    candidates: [] as string[],
    calls: [] as { contactId: string; exclude: readonly string[] }[],
    links: [] as { assignmentId: RouteResult['assignmentId']; handoffId: string }[],
    async route(_trx: Kysely<DB>, input: { contactId: string; exclude?: readonly string[] }): Promise<RouteResult> {
      const exclude = input.exclude ?? [];
      router.calls.push({ contactId: input.contactId, exclude });
      const assigneeId = router.candidates.find((c) => !exclude.includes(c)) ?? null;
      sequence += 1;
      return {
        ruleId: 'rule-north',
        teamId: teamId(),
        assigneeId,
        reason: assigneeId ? 'rule' : 'no_eligible_rep',
        assignmentId: `fake-${sequence}`,
      };
    },
    async linkAssignment(_trx: Kysely<DB>, assignmentId: RouteResult['assignmentId'], handoffId: string) {
      router.links.push({ assignmentId, handoffId });
    },
  };
  return router satisfies Router;
}

const actorOf = (u: TestUser): Actor => ({ id: u.user.id, role: u.user.role, teamId: u.user.teamId, via: 'token' });

/**
 * The handoffs module wired as src/app.ts wires it (services, reactions, routes), with a router of the
 * test's choosing, on the test app's database. The app's own worker stays off; this worker runs every
 * module's reactions plus these handoffs' (any handoffs reactions the app registers itself are left out,
 * so the fake router decides).
 */
async function wire(t: TestApp, router: Router, clock: ReturnType<typeof fixedClock>) {
  const { database, services, outbox } = t.app.tandem;
  const handoffs = createHandoffService({
    database,
    clock,
    outbox,
    router,
    slas: services.sla,
    scoring: services.scoring,
    contactVisible: (actor, id) => services.contacts.get(actor, id),
    log: silent,
  });
  const worker = createOutboxWorker({
    database,
    clock,
    log: silent,
    outbox,
    reactions: [
      ...moduleReactions(services as Services).filter((r) => !r.name.startsWith('handoffs.')),
      ...handoffs.reactions(),
    ],
    pollMs: 10,
  });
  const api = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  api.setValidatorCompiler(validatorCompiler);
  api.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(api);
  await api.register(async (site) => {
    registerInputRules(site);
    await site.register(fastifyCookie);
    registerAuthentication(site, services.auth);
    await site.register(handoffRoutes(handoffs), { prefix: '/api/v1' });
  });
  await api.ready();
  return { handoffs, worker, api, database, outbox };
}

describe.each(dialects())('handoffs on %s', (dialect) => {
  let t: TestApp;
  let api: FastifyInstance;
  let worker: OutboxWorker;
  let database: Database;
  let outbox: Outbox;
  const clock = fixedClock('2027-03-20T05:00:00.000Z'); // Saturday 08:30 in Tehran
  let northTeam = '';
  const router = fakeRouter(() => northTeam);
  let admin: TestUser;
  let marketing: TestUser;
  let manager: TestUser;
  let southManager: TestUser;
  let rep1: TestUser;
  let rep2: TestUser;
  let rep3: TestUser;
  let slaId: string;
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
    admin = await t.user('admin');
    marketing = await t.user('marketing');
    manager = await t.user('sales_manager', { team: 'North' });
    southManager = await t.user('sales_manager', { team: 'South' });
    rep1 = await t.user('sales_rep', { team: 'North', name: 'Rep One' });
    rep2 = await t.user('sales_rep', { team: 'North', name: 'Rep Two' });
    rep3 = await t.user('sales_rep', { team: 'North', name: 'Rep Three' });
    northTeam = await t.team('North');
    ({ worker, api, database, outbox } = await wire(t, router, clock));
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await t?.close();
  });

  const db = () => database.db;
  const as = (user: TestUser, options: InjectOptions): Promise<LightMyRequestResponse> =>
    api.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${user.token}` } });
  const newContact = async (firstName = `Lead ${++sequence}`) => {
    const res = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName, lastName: 'Ahmadi' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const qualify = (contactId: string) =>
    t.as(marketing, {
      method: 'PUT',
      url: `/api/v1/contacts/${contactId}/qualification`,
      payload: { decision: 'qualified' },
    });
  const handoffOf = (contactId: string) =>
    db()
      .selectFrom('handoffs')
      .selectAll()
      .where('contact_id', '=', contactId)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  const timersOf = (handoffId: string) =>
    db()
      .selectFrom('handoff_timers')
      .selectAll()
      .where('handoff_id', '=', handoffId)
      .orderBy('due_at')
      .orderBy('id')
      .execute();
  const notificationsOf = (handoffId: string) =>
    db()
      .selectFrom('notifications')
      .select(['user_id', 'kind'])
      .where('handoff_id', '=', handoffId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  /** A qualified lead handed off through the outbox (the worker drained), with its handoff row. */
  const handedOff = async (candidates: string[] = [rep1.user.id]) => {
    router.candidates = candidates;
    const contactId = await newContact();
    expect((await qualify(contactId)).statusCode).toBe(200);
    await worker.drain();
    const handoff = await handoffOf(contactId);
    expect(handoff).toBeDefined();
    return { contactId, handoff: handoff! };
  };
  const sweepAll = async () => {
    const sweeper = createHandoffTimers({ database, clock, outbox });
    while ((await sweeper.sweep(50)) > 0);
    await worker.drain();
  };

  it('without an SLA a qualified lead is still handed off and routed, with no clocks', async () => {
    const { handoff } = await handedOff();
    expect(handoff).toMatchObject({
      status: 'open',
      sla_id: null,
      sla_version: null,
      first_touch_due_at: null,
      next_due_at: null,
    });
    expect(handoff.assignee_id).toBe(rep1.user.id);
    expect(await timersOf(handoff.id)).toEqual([]);
    expect(await notificationsOf(handoff.id)).toEqual([{ user_id: rep1.user.id, kind: 'handoff.assigned' }]);
    // The SLA for the rest of the file.
    const calendar = await t.app.tandem.services.sla.createCalendar(actorOf(admin), {
      name: 'Tehran',
      definition: TEHRAN as never,
    });
    slaId = (
      await t.app.tandem.services.sla.createSla(actorOf(admin), { name: 'Main', document: slaDocument(calendar.id) })
    ).id;
  });

  it('contact.qualified: a handoff is created, routed, its clocks and timers started and the rep notified, within a second', async () => {
    router.candidates = [rep1.user.id];
    const contactId = await newContact('Sara');
    worker.start();
    try {
      const started = Date.now();
      expect((await qualify(contactId)).statusCode).toBe(200);
      let handoff = await handoffOf(contactId);
      while (!handoff && Date.now() - started < 5000) {
        await new Promise((r) => setTimeout(r, 5));
        handoff = await handoffOf(contactId);
      }
      const elapsed = Date.now() - started;
      expect(handoff, 'no handoff within 5 s').toBeDefined();
      expect(elapsed).toBeLessThan(1000);
      // Assigned Saturday 08:30 Tehran (05:00Z): 60 business minutes to the first touch, 3 business hours to
      // the decision, 2 attempts by the end of Sunday.
      expect(handoff).toMatchObject({
        status: 'open',
        assignee_id: rep1.user.id,
        team_id: northTeam,
        sla_id: slaId,
        sla_version: 1,
        grade: 'D',
        priority: 'normal',
        routing_reason: 'rule',
        rule_id: 'rule-north',
        assigned_at: '2027-03-20T05:00:00.000Z',
        first_touch_due_at: '2027-03-20T06:00:00.000Z',
        decision_due_at: '2027-03-20T08:00:00.000Z',
        attempts_required: 2,
        attempts_due_at: '2027-03-21T12:30:00.000Z',
        next_due_at: '2027-03-20T06:00:00.000Z',
      });
      const timers = (await timersOf(handoff!.id)).map((r) => [r.kind, r.due_at]);
      expect(timers).toEqual([
        ['first_touch.remind', '2027-03-20T05:45:00.000Z'],
        ['first_touch.breach', '2027-03-20T06:00:00.000Z'],
        ['first_touch.reassign', '2027-03-20T06:30:00.000Z'],
        ['decision.remind', '2027-03-20T07:15:00.000Z'],
        ['decision.breach', '2027-03-20T08:00:00.000Z'],
        ['attempts.remind', '2027-03-21T08:37:00.000Z'],
        ['attempts.breach', '2027-03-21T12:30:00.000Z'],
      ]);
      expect(await notificationsOf(handoff!.id)).toEqual([{ user_id: rep1.user.id, kind: 'handoff.assigned' }]);
      expect(router.links.at(-1)).toMatchObject({ handoffId: handoff!.id });
      const events = await db().selectFrom('outbox').select('type').where('aggregate_id', '=', handoff!.id).execute();
      expect(events.map((e) => e.type)).toContain('handoff.assigned');
    } finally {
      await worker.stop();
    }
  });

  it('a second contact.qualified, or a handoff by hand, for a contact with an open handoff does nothing more', async () => {
    const { contactId, handoff } = await handedOff();
    await db()
      .transaction()
      .execute((trx) =>
        outbox.enqueue(trx, [
          { type: 'contact.qualified', aggregateType: 'contact', aggregateId: contactId, payload: { id: contactId } },
        ]),
      );
    await worker.drain();
    const all = await db().selectFrom('handoffs').select('id').where('contact_id', '=', contactId).execute();
    expect(all.map((h) => h.id)).toEqual([handoff.id]);
    const again = await as(marketing, { method: 'POST', url: `/api/v1/contacts/${contactId}/handoff`, payload: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'handoff.already_open', handoffId: handoff.id });
  });

  it('hands off by hand: admins, managers and marketing; a rep may not', async () => {
    router.candidates = [rep2.user.id];
    const contactId = await newContact();
    const denied = await as(rep1, { method: 'POST', url: `/api/v1/contacts/${contactId}/handoff`, payload: {} });
    expect(denied.statusCode).toBe(403);
    const res = await as(marketing, {
      method: 'POST',
      url: `/api/v1/contacts/${contactId}/handoff`,
      payload: { priority: 'high' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      contactId,
      status: 'open',
      priority: 'high',
      assignee: { id: rep2.user.id, name: 'Rep Two' },
      sla: { id: slaId, version: 1 },
      contact: { name: expect.stringContaining('Ahmadi') },
    });
    const missing = await as(marketing, { method: 'POST', url: '/api/v1/contacts/nope/handoff', payload: {} });
    expect(missing.statusCode).toBe(404);
  });

  it('the first touch stops the first-touch clock; each touch is an attempt; enough attempts stop theirs', async () => {
    const { contactId, handoff } = await handedOff();
    // The rep does not own the contact: working its handoff is enough to log touches on it.
    const call = await as(rep1, {
      method: 'POST',
      url: `/api/v1/contacts/${contactId}/activities`,
      payload: { type: 'call', notes: 'Left a voicemail' },
    });
    expect(call.statusCode, call.body).toBe(201);
    expect(call.json()).toMatchObject({
      type: 'call',
      handoffId: handoff.id,
      countedForSla: true,
      reason: null,
      userId: rep1.user.id,
    });
    let row = (await handoffOf(contactId))!;
    expect(row).toMatchObject({ first_touched_at: clock.now().toISOString(), attempts: 1, attempts_met_at: null });
    let kinds = (await timersOf(handoff.id)).map((r) => r.kind);
    expect(kinds).not.toContain('first_touch.breach');
    expect(kinds).not.toContain('first_touch.reassign');
    expect(kinds).toContain('attempts.breach');

    const email = await as(rep1, {
      method: 'POST',
      url: `/api/v1/contacts/${contactId}/activities`,
      payload: { type: 'email' },
    });
    expect(email.json()).toMatchObject({ countedForSla: true });
    row = (await handoffOf(contactId))!;
    expect(row).toMatchObject({ attempts: 2, attempts_met_at: clock.now().toISOString() });
    kinds = (await timersOf(handoff.id)).map((r) => r.kind);
    expect(kinds).toEqual(['decision.remind', 'decision.breach']);
    expect(row.next_due_at).toBe(row.decision_due_at);

    const note = await as(rep1, {
      method: 'POST',
      url: `/api/v1/contacts/${contactId}/activities`,
      payload: { type: 'note' },
    });
    expect(note.json()).toMatchObject({ countedForSla: false, reason: 'not_a_touch' });
  });

  it('a touch dated before the assignment is stored but not counted; one in the future is refused', async () => {
    const { contactId, handoff } = await handedOff();
    const before = new Date(Date.parse(handoff.assigned_at) - 60_000).toISOString();
    const res = await as(rep1, {
      method: 'POST',
      url: `/api/v1/contacts/${contactId}/activities`,
      payload: { type: 'call', occurredAt: before },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ countedForSla: false, reason: 'before_assignment', occurredAt: before });
    expect(await handoffOf(contactId)).toMatchObject({ attempts: 0, first_touched_at: null });
    const stored = await db()
      .selectFrom('activities')
      .select(['counted_for_sla', 'handoff_id'])
      .where('id', '=', res.json().id)
      .executeTakeFirst();
    expect(stored).toEqual({ counted_for_sla: 0, handoff_id: handoff.id });

    const future = new Date(clock.now().getTime() + 10 * 60_000).toISOString();
    const refused = await as(rep1, {
      method: 'POST',
      url: `/api/v1/contacts/${contactId}/activities`,
      payload: { type: 'call', occurredAt: future },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'activity.in_future', errors: [{ field: 'occurredAt' }] });
    const unknownField = await as(rep1, {
      method: 'POST',
      url: `/api/v1/contacts/${contactId}/activities`,
      payload: { type: 'call', duration: 5 },
    });
    expect(unknownField.statusCode).toBe(422);
    // Someone who neither sees the contact nor works its handoff: 404.
    const stranger = await as(rep2, {
      method: 'POST',
      url: `/api/v1/contacts/${contactId}/activities`,
      payload: { type: 'call' },
    });
    expect(stranger.statusCode).toBe(404);
  });

  it('accept: a sales-accepted lead, the outcome clock starts; deciding twice is 409', async () => {
    const { handoff } = await handedOff();
    const res = await as(rep1, { method: 'POST', url: `/api/v1/handoffs/${handoff.id}/accept` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'accepted',
      decidedBy: rep1.user.id,
      decidedAt: clock.now().toISOString(),
    });
    expect(res.json().outcomeDueAt).toBe(new Date(clock.now().getTime() + 30 * 86_400_000).toISOString());
    const kinds = (await timersOf(handoff.id)).map((r) => r.kind);
    expect(kinds).not.toContain('decision.breach');
    expect(kinds).not.toContain('first_touch.reassign');
    expect(kinds).toContain('outcome.breach');
    const again = await as(rep1, { method: 'POST', url: `/api/v1/handoffs/${handoff.id}/accept` });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'handoff.already_decided', handoffStatus: 'accepted' });
    const reject = await as(rep1, {
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.id}/reject`,
      payload: { reason: 'no_budget' },
    });
    expect(reject.statusCode).toBe(409);
    const events = await db().selectFrom('outbox').select('type').where('aggregate_id', '=', handoff.id).execute();
    expect(events.map((e) => e.type)).toContain('handoff.accepted');

    const won = await as(rep1, {
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.id}/outcome`,
      payload: { outcome: 'won' },
    });
    expect(won.statusCode, won.body).toBe(200);
    expect(won.json()).toMatchObject({ status: 'closed', outcome: 'won', nextDueAt: null });
    expect((await timersOf(handoff.id)).filter((r) => r.fired_at === null)).toEqual([]);
  });

  it('reject with a reason: back to nurture, the temperature drops with the reason; deciding twice is 409', async () => {
    const { contactId, handoff } = await handedOff();
    const noNote = await as(rep1, {
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.id}/reject`,
      payload: { reason: 'other' },
    });
    expect(noNote.statusCode).toBe(422);
    expect(noNote.json().errors).toEqual([{ field: 'note', message: 'Required when the reason is other.' }]);
    const badReason = await as(rep1, {
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.id}/reject`,
      payload: { reason: 'too_cold' },
    });
    expect(badReason.statusCode).toBe(422);

    const res = await as(rep1, {
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.id}/reject`,
      payload: { reason: 'no_budget', note: 'Budget frozen until autumn' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'rejected',
      rejectReason: 'no_budget',
      rejectNote: 'Budget frozen until autumn',
    });
    const contact = await db()
      .selectFrom('contacts')
      .select(['temperature', 'qualification', 'qualification_reason'])
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(contact).toEqual({
      temperature: 'cold',
      qualification: 'not_qualified',
      qualification_reason: 'no_budget: Budget frozen until autumn',
    });
    const change = await db()
      .selectFrom('temperature_changes')
      .select(['from_temperature', 'to_temperature', 'cause', 'reasons'])
      .where('contact_id', '=', contactId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(change).toMatchObject({
      from_temperature: 'qualified',
      to_temperature: 'cold',
      cause: 'contact.marked_not_qualified',
    });
    const reasons = typeof change.reasons === 'string' ? JSON.parse(change.reasons) : change.reasons;
    expect(reasons).toContainEqual({
      code: 'marked_not_qualified',
      by: rep1.user.id,
      reason: 'no_budget: Budget frozen until autumn',
    });
    expect((await timersOf(handoff.id)).filter((r) => r.fired_at === null)).toEqual([]);

    const twice = await as(rep1, {
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.id}/reject`,
      payload: { reason: 'competitor' },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('handoff.already_decided');
    const accept = await as(manager, { method: 'POST', url: `/api/v1/handoffs/${handoff.id}/accept` });
    expect(accept.statusCode).toBe(409);
    // Rejected leads count in marketing's quality figures: the reason stays on the handoff.
    const rejected = await db()
      .selectFrom('handoffs')
      .select('reject_reason')
      .where('status', '=', 'rejected')
      .execute();
    expect(rejected.map((r) => r.reject_reason)).toContain('no_budget');
  });

  it("a rep neither sees nor acts on another rep's handoff (404); managers see their team's; marketing reads only", async () => {
    const { handoff } = await handedOff([rep1.user.id]);
    for (const req of [
      { method: 'GET' as const, url: `/api/v1/handoffs/${handoff.id}` },
      { method: 'POST' as const, url: `/api/v1/handoffs/${handoff.id}/accept` },
      { method: 'POST' as const, url: `/api/v1/handoffs/${handoff.id}/reject`, payload: { reason: 'not_a_fit' } },
    ]) {
      const res = await as(rep2, req);
      expect(res.statusCode, `${req.method} ${req.url}`).toBe(404);
      expect(res.json().code).toBe('handoff.not_found');
    }
    const list = await as(rep2, { method: 'GET', url: '/api/v1/handoffs?limit=200' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.every((h: { assignee: { id: string } | null }) => h.assignee?.id === rep2.user.id)).toBe(
      true,
    );
    const asked = await as(rep2, { method: 'GET', url: `/api/v1/handoffs?assignee=${rep1.user.id}` });
    expect(asked.json().items).toEqual([]);

    const mine = await as(rep1, { method: 'GET', url: '/api/v1/handoffs?assignee=me&status=open&limit=200' });
    expect(mine.json().items.map((h: { id: string }) => h.id)).toContain(handoff.id);
    expect((await as(manager, { method: 'GET', url: `/api/v1/handoffs/${handoff.id}` })).statusCode).toBe(200);
    expect((await as(southManager, { method: 'GET', url: `/api/v1/handoffs/${handoff.id}` })).statusCode).toBe(404);
    expect((await as(marketing, { method: 'GET', url: `/api/v1/handoffs/${handoff.id}` })).statusCode).toBe(200);
    const byMarketing = await as(marketing, { method: 'POST', url: `/api/v1/handoffs/${handoff.id}/accept` });
    expect(byMarketing.statusCode).toBe(403);
    const byAdmin = await as(admin, { method: 'GET', url: '/api/v1/handoffs?limit=1' });
    expect(byAdmin.json().items).toHaveLength(1);
    expect(byAdmin.json().nextCursor).not.toBeNull();
    const page2 = await as(admin, {
      method: 'GET',
      url: `/api/v1/handoffs?limit=1&cursor=${byAdmin.json().nextCursor}`,
    });
    expect(page2.json().items[0].id).not.toBe(byAdmin.json().items[0].id);
  });

  it('a breach with a test clock: reminder, manager notification and reassignment, each exactly once', async () => {
    const { contactId, handoff } = await handedOff([rep1.user.id, rep2.user.id]);
    const due = Object.fromEntries((await timersOf(handoff.id)).map((r) => [r.kind, r.due_at]));
    // Notifications written in one transaction share a time: compared as sets.
    const mine = async () =>
      (await notificationsOf(handoff.id))
        .map((n) => {
          const who =
            n.user_id === rep1.user.id
              ? 'rep1'
              : n.user_id === rep2.user.id
                ? 'rep2'
                : n.user_id === manager.user.id
                  ? 'manager'
                  : n.user_id;
          return `${who}:${n.kind}`;
        })
        .sort();

    clock.set(due['first_touch.remind']!);
    await sweepAll();
    await sweepAll();
    expect(await mine()).toEqual(['rep1:handoff.assigned', 'rep1:handoff.reminder']);

    clock.set(due['first_touch.breach']!);
    await sweepAll();
    await sweepAll();
    expect(await mine()).toEqual(
      ['rep1:handoff.assigned', 'rep1:handoff.reminder', 'rep1:handoff.breached', 'manager:handoff.escalated'].sort(),
    );
    const overdue = await as(rep1, { method: 'GET', url: '/api/v1/handoffs?assignee=me&overdue=true&limit=200' });
    expect(overdue.json().items.find((h: { id: string }) => h.id === handoff.id)).toMatchObject({
      overdue: ['first_touch'],
    });

    clock.set(due['first_touch.reassign']!);
    await sweepAll();
    await sweepAll();
    const after = (await handoffOf(contactId))!;
    expect(after).toMatchObject({
      assignee_id: rep2.user.id,
      assignment_no: 2,
      assigned_at: due['first_touch.reassign'],
      status: 'open',
    });
    expect(
      JSON.parse(
        String(
          typeof after.previous_assignees === 'string'
            ? after.previous_assignees
            : JSON.stringify(after.previous_assignees),
        ),
      ),
    ).toEqual([rep1.user.id]);
    expect(router.calls.filter((c) => c.contactId === contactId).at(-1)).toEqual({
      contactId,
      exclude: [rep1.user.id],
    });
    expect(await mine()).toEqual(
      [
        'rep1:handoff.assigned',
        'rep1:handoff.reminder',
        'rep1:handoff.breached',
        'manager:handoff.escalated',
        'rep2:handoff.assigned',
        'rep1:handoff.reassigned_away',
      ].sort(),
    );
    // The new holder's clocks restart at the reassignment; the first assignment's timers are gone or fired.
    const timers = await timersOf(handoff.id);
    expect(timers.filter((r) => r.fired_at === null).every((r) => r.assignment_no === 2)).toBe(true);
    expect(timers.filter((r) => r.assignment_no === 2).map((r) => r.kind)).toContain('first_touch.breach');
    // Each timer names who held the lead under its assignment: the breach of the first is rep1's.
    expect(new Set(timers.filter((r) => r.assignment_no === 1).map((r) => r.assignee_id))).toEqual(
      new Set([rep1.user.id]),
    );
    expect(new Set(timers.filter((r) => r.assignment_no === 2).map((r) => r.assignee_id))).toEqual(
      new Set([rep2.user.id]),
    );

    const detail = await as(rep2, { method: 'GET', url: `/api/v1/handoffs/${handoff.id}` });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().escalations.map((e: { kind: string; outcome: string }) => `${e.kind}:${e.outcome}`)).toEqual([
      'first_touch.remind:reminded',
      'first_touch.breach:notified',
      'first_touch.reassign:reassigned',
    ]);
    expect((await as(rep1, { method: 'GET', url: `/api/v1/handoffs/${handoff.id}` })).statusCode).toBe(404);
  });

  it('notifications: listed newest first, marked read one by one, only your own', async () => {
    const list = await as(rep1, { method: 'GET', url: '/api/v1/notifications?unread=true&limit=200' });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as {
      id: string;
      kind: string;
      readAt: string | null;
      payload: Record<string, unknown>;
    }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((n) => n.readAt === null)).toBe(true);
    const first = items[0]!;
    const read = await as(rep1, { method: 'POST', url: `/api/v1/notifications/${first.id}/read` });
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toBe(clock.now().toISOString());
    const unread = await as(rep1, { method: 'GET', url: '/api/v1/notifications?unread=true&limit=200' });
    expect(unread.json().items.map((n: { id: string }) => n.id)).not.toContain(first.id);
    const other = await as(rep2, { method: 'POST', url: `/api/v1/notifications/${first.id}/read` });
    expect(other.statusCode).toBe(404);
  });

  it('a rep deactivated while holding handoffs: users emits user.deactivated and the leads are routed to others', async () => {
    const { contactId, handoff } = await handedOff([rep3.user.id, rep2.user.id]);
    expect(handoff.assignee_id).toBe(rep3.user.id);
    const users = createUserService({
      database,
      clock,
      outbox,
      credentials: { endSessions: async () => {}, revokeTokens: async () => {}, changed: () => {} },
    });
    await users.update(actorOf(admin), rep3.user.id, { status: 'deactivated' });
    const emitted = await db().selectFrom('outbox').select('type').where('aggregate_id', '=', rep3.user.id).execute();
    expect(emitted.map((e) => e.type)).toEqual(['user.deactivated']);
    await worker.drain();
    expect(await handoffOf(contactId)).toMatchObject({ assignee_id: rep2.user.id, assignment_no: 2 });
    expect(router.calls.filter((c) => c.contactId === contactId).at(-1)).toEqual({
      contactId,
      exclude: [rep3.user.id],
    });
    const kinds = await notificationsOf(handoff.id);
    expect(kinds.filter((n) => n.user_id === rep3.user.id).map((n) => n.kind)).toEqual(['handoff.assigned']);
  });

  it('a lead nobody can take waits in the queue; a manager assigns it', async () => {
    const { handoff } = await handedOff([]);
    expect(handoff).toMatchObject({ assignee_id: null, team_id: northTeam, routing_reason: 'no_eligible_rep' });
    expect(
      (await notificationsOf(handoff.id)).map(
        (n) => `${n.user_id === manager.user.id ? 'manager' : n.user_id}:${n.kind}`,
      ),
    ).toEqual(['manager:handoff.queued']);
    expect((await timersOf(handoff.id)).map((r) => r.kind)).not.toContain('first_touch.reassign');
    const queue = await as(manager, { method: 'GET', url: '/api/v1/handoffs?assignee=queue&status=open&limit=200' });
    expect(queue.json().items.map((h: { id: string }) => h.id)).toContain(handoff.id);
    const toSouth = await as(manager, {
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.id}/assign`,
      payload: { assigneeId: southManager.user.id },
    });
    expect(toSouth.statusCode).toBe(403);
    const res = await as(manager, {
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.id}/assign`,
      payload: { assigneeId: rep1.user.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ assignee: { id: rep1.user.id }, assignmentNo: 2 });
    // The queue's timers name no rep; the timers planned at the assignment name rep1.
    const timers = await timersOf(handoff.id);
    expect(timers.filter((r) => r.assignment_no === 1).every((r) => r.assignee_id === null)).toBe(true);
    expect(timers.filter((r) => r.assignment_no === 2).map((r) => r.assignee_id)).not.toHaveLength(0);
    expect(timers.filter((r) => r.assignment_no === 2).every((r) => r.assignee_id === rep1.user.id)).toBe(true);
  });

  it('a deleted contact closes its open handoff and stops its clocks', async () => {
    const { contactId, handoff } = await handedOff();
    expect((await t.as(admin, { method: 'DELETE', url: `/api/v1/contacts/${contactId}` })).statusCode).toBe(204);
    await worker.drain();
    expect(
      await db()
        .selectFrom('handoffs')
        .select(['status', 'closed_reason'])
        .where('id', '=', handoff.id)
        .executeTakeFirst(),
    ).toEqual({
      status: 'closed',
      closed_reason: 'contact_deleted',
    });
    expect((await timersOf(handoff.id)).filter((r) => r.fired_at === null)).toEqual([]);
  });

  it('two sweepers (two connection pools on PostgreSQL) and a restart in the middle: every timer fires exactly once, none is lost', async () => {
    router.candidates = [rep1.user.id];
    for (let i = 0; i < 12; i++) {
      const contactId = await newContact();
      expect(
        (await as(admin, { method: 'POST', url: `/api/v1/contacts/${contactId}/handoff`, payload: {} })).statusCode,
      ).toBe(201);
    }
    clock.advance(40 * 86_400_000);
    const dueIds = (
      await db()
        .selectFrom('handoff_timers')
        .select('id')
        .where('fired_at', 'is', null)
        .where('due_at', '<=', clock.now().toISOString())
        .execute()
    ).map((r) => Number(r.id));
    expect(dueIds.length).toBeGreaterThan(80);

    const second = dialect === 'postgres' ? await openDatabase(t.app.tandem.config) : database;
    const third = dialect === 'postgres' ? await openDatabase(t.app.tandem.config) : database;
    try {
      // A process that dies inside its sweep: its transaction never commits, so it fired nothing.
      const crashing = createHandoffTimers({
        database: second,
        clock,
        outbox: { ...outbox, enqueue: async () => Promise.reject(new Error('killed mid-sweep')) },
        batchSize: 7,
      });
      await expect(crashing.sweep()).rejects.toThrow('killed mid-sweep');

      // Each process's own count of the timers it fired (events it wrote).
      const firedBy = { a: 0, b: 0, c: 0 };
      const counting = (name: keyof typeof firedBy): Outbox => ({
        ...outbox,
        async enqueue(trx, events) {
          await outbox.enqueue(trx, events);
          firedBy[name] += events.length;
        },
      });
      const a = createHandoffTimers({
        database,
        clock,
        outbox: counting('a'),
        batchSize: 5,
        intervalMs: 5,
        log: silent,
      });
      const b = createHandoffTimers({
        database: second,
        clock,
        outbox: counting('b'),
        batchSize: 5,
        intervalMs: 5,
        log: silent,
      });
      a.start();
      b.start();
      const unfired = async () =>
        Number(
          (
            await db()
              .selectFrom('handoff_timers')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('id', 'in', dueIds)
              .where('fired_at', 'is', null)
              .executeTakeFirstOrThrow()
          ).n,
        );
      while ((await unfired()) > dueIds.length / 2) await new Promise((r) => setTimeout(r, 2));
      // The restart: one process stops mid-way, a new one (a new connection pool) takes over.
      await a.stop();
      const c = createHandoffTimers({
        database: third,
        clock,
        outbox: counting('c'),
        batchSize: 5,
        intervalMs: 5,
        log: silent,
      });
      c.start();
      const deadline = Date.now() + 20_000;
      while ((await unfired()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      await b.stop();
      await c.stop();
      expect(await unfired()).toBe(0);
      expect(firedBy.a + firedBy.b + firedBy.c).toBe(dueIds.length);
      expect(firedBy.a).toBeGreaterThan(0);
      // With SKIP LOCKED the two processes really shared the work.
      if (dialect === 'postgres') expect(firedBy.b).toBeGreaterThan(0);

      const events = await db()
        .selectFrom('outbox')
        .select(['payload'])
        .where('type', 'in', ['handoff.reminder_due', 'handoff.breached', 'handoff.reassign_due'])
        .execute();
      const fired = new Map<number, number>();
      for (const e of events) {
        const payload = (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as { timerId: number };
        fired.set(payload.timerId, (fired.get(payload.timerId) ?? 0) + 1);
      }
      for (const id of dueIds) expect(fired.get(id), `timer ${id}`).toBe(1);
      // Their reactions run once each too: every fired timer has one outcome.
      await worker.drain();
      const withoutOutcome = await db()
        .selectFrom('handoff_timers')
        .select('id')
        .where('id', 'in', dueIds)
        .where('outcome', 'is', null)
        .execute();
      // A reassignment replaces the unfired timers of its handoff: only timers that still exist are checked.
      expect(withoutOutcome).toEqual([]);
    } finally {
      if (second !== database) await second.close();
      if (third !== database) await third.close();
    }
  });

  it('works with the real routing service: routed by its rules, the decision linked to the handoff, open handoffs counted', async () => {
    const routing = createRoutingService({ database, clock, openHandoffs: openHandoffCounts });
    await routing.createRule(actorOf(admin), {
      name: 'Everyone to North',
      conditions: [],
      teamId: northTeam,
      method: 'round_robin',
      active: true,
    });
    for (const rep of [rep1, rep2]) {
      await routing.putMember(actorOf(admin), northTeam, rep.user.id, {
        weight: 1,
        capacity: null,
        outOfOfficeFrom: null,
        outOfOfficeUntil: null,
      });
    }
    const real = createHandoffService({
      database,
      clock,
      outbox,
      router: routing,
      slas: t.app.tandem.services.sla,
      scoring: t.app.tandem.services.scoring,
      contactVisible: (actor, id) => t.app.tandem.services.contacts.get(actor, id),
    });
    const contactId = await newContact();
    const handoff = await real.handOffByHand(actorOf(marketing), contactId, {});
    expect(handoff.routing.reason).toBe('rule');
    expect([rep1.user.id, rep2.user.id]).toContain(handoff.assignee?.id);
    expect(handoff.teamId).toBe(northTeam);
    const decision = await db()
      .selectFrom('routing_assignments')
      .select(['handoff_id', 'user_id'])
      .where('contact_id', '=', contactId)
      .execute();
    expect(decision).toEqual([{ handoff_id: handoff.id, user_id: handoff.assignee!.id }]);
    const counts = await db()
      .transaction()
      .execute((trx) => openHandoffCounts(trx, [rep1.user.id, rep2.user.id, admin.user.id]));
    const open = await db()
      .selectFrom('handoffs')
      .select('assignee_id')
      .where('status', '=', 'open')
      .where('assignee_id', '=', handoff.assignee!.id)
      .execute();
    expect(counts.get(handoff.assignee!.id)).toBe(open.length);
    expect(counts.has(admin.user.id)).toBe(false);
  });
});

/**
 * The module as src/app.ts wires it (real routing, the app's worker and timer sweep). Skipped until the
 * app registers the handoffs service.
 */
describe.each(dialects())('handoffs wired in the app on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser;
  let marketing: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect, { worker: true });
    admin = await t.user('admin');
    marketing = await t.user('marketing');
  });
  afterAll(() => t?.close());

  it('a qualified lead is handed off through the app: routed (no rule: the general queue), clocks started', async (ctx) => {
    if (!('handoffs' in t.app.tandem.services)) ctx.skip();
    const { sla } = t.app.tandem.services;
    const calendar = await sla.createCalendar(actorOf(admin), { name: 'Tehran', definition: TEHRAN as never });
    await sla.createSla(actorOf(admin), { name: 'Main', document: slaDocument(calendar.id) });
    const contactId = (
      await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { firstName: 'Wired', lastName: 'Lead' },
      })
    ).json().id as string;
    expect(
      (
        await t.as(marketing, {
          method: 'PUT',
          url: `/api/v1/contacts/${contactId}/qualification`,
          payload: { decision: 'qualified' },
        })
      ).statusCode,
    ).toBe(200);
    const deadline = Date.now() + 5000;
    let items: {
      id: string;
      routing: { reason: string };
      assignee: unknown;
      sla: unknown;
      nextDueAt: string | null;
    }[] = [];
    while (items.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      items = (await t.as(admin, { method: 'GET', url: `/api/v1/handoffs?contactId=${contactId}` })).json().items;
    }
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ routing: { reason: 'no_rule_matched' }, assignee: null });
    expect(items[0]!.sla).not.toBeNull();
    expect(items[0]!.nextDueAt).not.toBeNull();
    const notes = (await t.as(admin, { method: 'GET', url: '/api/v1/notifications' })).json().items as {
      kind: string;
    }[];
    expect(notes.map((n) => n.kind)).toContain('handoff.queued');
  });
});
