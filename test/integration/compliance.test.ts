import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/clock.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { handoffRowDefaults } from '../support/sla.js';
import { TEHRAN_EXAMPLE_CALENDAR } from '../../src/modules/sla/example-calendar.js';

/** Saturday to Wednesday 08:00-16:00, a half-day Thursday, Friday off, Nowruz. Iran keeps UTC+03:30. */
const TEHRAN = TEHRAN_EXAMPLE_CALENDAR;

// Tuesday 2027-04-06 12:00 in Tehran: Farvardin 17, 1406.
const NOW = '2027-04-06T08:30:00.000Z';
const FARVARDIN = { start: '2027-03-20T20:30:00.000Z', end: '2027-04-20T20:30:00.000Z' };
const ELAPSED = 16.5 / 31;

interface Report {
  period: { start: string; end: string; label: string; calendarSystem: string; kind: string; elapsedShare: number };
  marketing: Record<string, unknown> & { pacing: { expected: number; onTrack: boolean } };
  sales: Record<string, unknown> & {
    byRep: {
      repId: string | null;
      repName: string | null;
      breaches: number;
      escalations: number;
      overdueNow: number;
    }[];
  };
  trends: { period: { label: string; start: string; end: string }; delivered: number }[];
}

describe.each(dialects())('SLA compliance on %s', (dialect) => {
  let t: TestApp;
  let manager: TestUser;
  let marketing: TestUser;
  let rep1: TestUser;
  let rep2: TestUser;
  let north: string;
  let south: string;
  let slaId: string;

  const get = (user: TestUser, url: string) => t.as(user, { method: 'GET', url });

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: fixedClock(NOW) });
    manager = await t.user('sales_manager', { team: 'North' });
    marketing = await t.user('marketing');
    rep1 = await t.user('sales_rep', { team: 'North', name: 'Rep One' });
    rep2 = await t.user('sales_rep', { team: 'South', name: 'Rep Two' });
    north = await t.team('North');
    south = await t.team('South');
    const calendar = await t.as(manager, {
      method: 'POST',
      url: '/api/v1/calendars',
      payload: { name: 'Tehran', definition: TEHRAN },
    });
    expect(calendar.statusCode, calendar.body).toBe(201);
    const sla = await t.as(manager, {
      method: 'POST',
      url: '/api/v1/slas',
      payload: {
        name: 'Inbound',
        document: {
          calendarId: calendar.json<{ id: string }>().id,
          marketing: {
            period: 'month',
            calendarSystem: 'jalali',
            qualifiedLeads: 40,
            perTeam: [
              { teamId: north, qualifiedLeads: 20 },
              { teamId: south, qualifiedLeads: 15 },
            ],
            perSegment: [],
            minFitGrade: 'B',
            acceptanceRateFloor: 0.6,
          },
          sales: {
            firstTouch: { rules: [{ grade: 'A', minutes: 60 }], otherwiseMinutes: 240 },
            attempts: { count: 3, withinBusinessDays: 5 },
            decisionWithinBusinessHours: 8,
            outcomeWithinDays: 30,
          },
          escalation: {
            remindAtShare: 0.75,
            notifyManagerAtBreach: true,
            reassignAfterMinutes: 60,
            reassignTo: 'next_rep',
          },
        },
      },
    });
    expect(sla.statusCode, sla.body).toBe(201);
    slaId = sla.json<{ id: string }>().id;

    const db = t.app.tandem.database.db;
    const base = handoffRowDefaults(slaId);
    const at = (assigned: string) => ({
      qualified_at: assigned,
      assigned_at: assigned,
      created_at: assigned,
      updated_at: assigned,
    });
    await db
      .insertInto('handoffs')
      .values([
        {
          // Tuesday 09:00, touched after 30 business minutes (due 60), accepted in time, attempts met, won.
          ...base,
          ...at('2027-03-30T05:30:00.000Z'),
          id: 'h1',
          contact_id: 'c1',
          team_id: north,
          assignee_id: rep1.user.id,
          status: 'closed',
          grade: 'A',
          first_touch_due_at: '2027-03-30T06:30:00.000Z',
          first_touched_at: '2027-03-30T06:00:00.000Z',
          attempts: 3,
          attempts_required: 3,
          attempts_due_at: '2027-04-05T05:30:00.000Z',
          attempts_met_at: '2027-04-01T06:00:00.000Z',
          decision_due_at: '2027-03-30T10:30:00.000Z',
          decided_at: '2027-03-30T07:30:00.000Z',
          outcome: 'won',
        },
        {
          // Touched at 15:00 (360 business minutes, due 13:00): late. Rejected in time; attempts missed.
          ...base,
          ...at('2027-03-30T05:30:00.000Z'),
          id: 'h2',
          contact_id: 'c2',
          team_id: north,
          assignee_id: rep1.user.id,
          status: 'rejected',
          grade: 'B',
          first_touch_due_at: '2027-03-30T09:30:00.000Z',
          first_touched_at: '2027-03-30T11:30:00.000Z',
          attempts: 1,
          attempts_required: 3,
          attempts_due_at: '2027-04-05T12:30:00.000Z',
          decision_due_at: '2027-03-31T06:30:00.000Z',
          decided_at: '2027-03-31T05:30:00.000Z',
          reject_reason: 'not_a_fit',
        },
        {
          // Wednesday 15:00 to Saturday 08:30: 60 + 240 (Thursday) + 0 (Friday) + 30 = 330 business minutes.
          ...base,
          ...at('2027-03-31T11:30:00.000Z'),
          id: 'h3',
          contact_id: 'c3',
          team_id: south,
          assignee_id: rep2.user.id,
          status: 'rejected',
          grade: 'C',
          first_touch_due_at: '2027-04-01T07:30:00.000Z',
          first_touched_at: '2027-04-03T05:00:00.000Z',
          decision_due_at: '2027-04-03T05:30:00.000Z',
          decided_at: '2027-04-03T06:00:00.000Z',
          reject_reason: 'no_budget',
        },
        {
          // Reassigned from rep 1 to rep 2 on Monday 08:00; untouched, overdue since 12:00.
          ...base,
          ...at('2027-04-05T04:30:00.000Z'),
          id: 'h4',
          contact_id: 'c4',
          team_id: south,
          assignee_id: rep2.user.id,
          status: 'open',
          grade: 'D',
          first_touch_due_at: '2027-04-05T08:30:00.000Z',
          decision_due_at: '2027-04-06T04:30:00.000Z',
          next_due_at: '2027-04-05T08:30:00.000Z',
          assignment_no: 2,
          previous_assignees: JSON.stringify([rep1.user.id]),
        },
        {
          // Handed off 30 minutes ago: nothing due yet.
          ...base,
          ...at('2027-04-06T08:00:00.000Z'),
          id: 'h5',
          contact_id: 'c5',
          team_id: north,
          assignee_id: rep1.user.id,
          status: 'open',
          grade: 'A',
          first_touch_due_at: '2027-04-06T09:00:00.000Z',
          decision_due_at: '2027-04-07T08:00:00.000Z',
          next_due_at: '2027-04-06T09:00:00.000Z',
        },
        {
          // Esfand 1405: the previous period.
          ...base,
          ...at('2027-03-10T06:00:00.000Z'),
          id: 'h6',
          contact_id: 'c6',
          team_id: north,
          assignee_id: rep1.user.id,
          status: 'closed',
          grade: 'A',
          first_touch_due_at: null,
          decision_due_at: null,
          decided_at: '2027-03-10T07:00:00.000Z',
          outcome: 'won',
        },
      ])
      .execute();
    // Each timer names who held the handoff under its assignment (h4 went from rep 1 to rep 2).
    const timer = (handoff: string, kind: string, assignmentNo: number, fired: string | null, holder: string) => ({
      handoff_id: handoff,
      assignment_no: assignmentNo,
      assignee_id: holder,
      kind,
      due_at: fired ?? '2027-04-06T09:00:00.000Z',
      fired_at: fired,
      outcome: fired ? 'notified' : null,
      detail: null,
      created_at: '2027-03-30T05:30:00.000Z',
    });
    await db
      .insertInto('handoff_timers')
      .values([
        timer('h2', 'first_touch.remind', 1, '2027-03-30T08:30:00.000Z', rep1.user.id),
        timer('h2', 'first_touch.breach', 1, '2027-03-30T09:30:00.000Z', rep1.user.id),
        timer('h3', 'first_touch.breach', 1, '2027-04-01T07:30:00.000Z', rep2.user.id),
        timer('h4', 'first_touch.breach', 1, '2027-04-04T08:00:00.000Z', rep1.user.id),
        timer('h4', 'first_touch.reassign', 1, '2027-04-05T04:30:00.000Z', rep1.user.id),
        timer('h4', 'first_touch.breach', 2, '2027-04-05T08:30:00.000Z', rep2.user.id),
        timer('h5', 'first_touch.breach', 1, null, rep1.user.id),
      ])
      .execute();
  });
  afterAll(() => t.close());

  it('reports both sides of the current Jalali month exactly', async () => {
    const res = await get(manager, `/api/v1/sla/compliance?slaId=${slaId}&periods=2`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<Report>();
    expect(report.period).toEqual({
      ...FARVARDIN,
      label: '1406-01 Farvardin',
      calendarSystem: 'jalali',
      kind: 'month',
      elapsedShare: ELAPSED,
    });
    expect(report.marketing).toEqual({
      delivered: 5,
      committed: 40,
      pacing: { expected: 40 * ELAPSED, onTrack: false },
      perTeam: [
        { teamId: north, delivered: 3, committed: 20, onTrack: false },
        { teamId: south, delivered: 2, committed: 15, onTrack: false },
      ],
      accepted: 1,
      rejected: 2,
      decided: 3,
      acceptanceRate: 1 / 3,
      acceptanceRateFloor: 0.6,
      floorMet: false,
      rejectionReasons: [
        { reason: 'no_budget', count: 1 },
        { reason: 'not_a_fit', count: 1 },
      ],
      minFitGrade: 'B',
      atOrAboveMinFitGrade: 3,
      fitShare: 0.6,
    });
    expect(report.sales).toEqual({
      firstTouch: { counted: 4, withinTime: 1, share: 0.25, medianBusinessMinutes: 330, p90BusinessMinutes: 360 },
      attempts: { counted: 2, withinTime: 1, share: 0.5 },
      decisions: { counted: 4, withinTime: 2, share: 0.5 },
      breaches: 4,
      escalations: 1,
      openOverdueNow: 1,
      byRep: [
        { repId: rep1.user.id, repName: 'Rep One', breaches: 2, escalations: 1, overdueNow: 0 },
        { repId: rep2.user.id, repName: 'Rep Two', breaches: 2, escalations: 0, overdueNow: 1 },
      ].sort((a, b) => a.repId.localeCompare(b.repId)),
    });
    expect(report.trends).toEqual([
      {
        period: {
          start: '2027-02-19T20:30:00.000Z',
          end: FARVARDIN.start,
          label: '1405-12 Esfand',
          calendarSystem: 'jalali',
          kind: 'month',
          elapsedShare: 1,
        },
        delivered: 1,
        committed: 40,
        onTrack: false,
        acceptanceRate: 1,
        firstTouchShare: null,
        medianFirstTouchMinutes: null,
        breaches: 0,
      },
      {
        period: {
          start: '2027-01-20T20:30:00.000Z',
          end: '2027-02-19T20:30:00.000Z',
          label: '1405-11 Bahman',
          calendarSystem: 'jalali',
          kind: 'month',
          elapsedShare: 1,
        },
        delivered: 0,
        committed: 40,
        onTrack: false,
        acceptanceRate: null,
        firstTouchShare: null,
        medianFirstTouchMinutes: null,
        breaches: 0,
      },
    ]);
  });

  it('reports the previous period (Esfand 1405, 29 days) on request', async () => {
    const res = await get(marketing, `/api/v1/sla/compliance?slaId=${slaId}&period=previous&periods=1`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<Report>();
    expect(report.period.label).toBe('1405-12 Esfand');
    expect([report.period.start, report.period.end]).toEqual(['2027-02-19T20:30:00.000Z', FARVARDIN.start]);
    expect(report.marketing.delivered).toBe(1);
    expect(report.trends.map((p) => p.period.label)).toEqual(['1405-11 Bahman']);
    // The overdue count is "now", whatever the period.
    expect(report.sales.openOverdueNow).toBe(1);
  });

  it('reports another period kind and calendar on request, with commitments pro-rated', async () => {
    const res = await get(
      manager,
      `/api/v1/sla/compliance?slaId=${slaId}&kind=week&calendarSystem=gregorian&periods=1`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<Report & { slaPeriod: unknown }>();
    expect(report.slaPeriod).toEqual({ kind: 'month', calendarSystem: 'jalali', qualifiedLeads: 40 });
    // The Gregorian week starts on Monday 2027-04-05 in Tehran.
    expect(report.period).toMatchObject({
      start: '2027-04-04T20:30:00.000Z',
      end: '2027-04-11T20:30:00.000Z',
      label: '2027-04-05',
      calendarSystem: 'gregorian',
      kind: 'week',
    });
    // 40 a month is 40 x 12 / 52 = 9 a week; North 20 -> 5, South 15 -> 3.
    expect(report.marketing).toMatchObject({
      delivered: 2,
      committed: 9,
      perTeam: [
        { teamId: north, delivered: 1, committed: 5, onTrack: expect.any(Boolean) },
        { teamId: south, delivered: 1, committed: 3, onTrack: expect.any(Boolean) },
      ],
    });
    expect(report.trends.map((p) => [p.period.label, p.delivered, (p as { committed?: number }).committed])).toEqual([
      ['2027-03-29', 3, 9],
    ]);

    const quarter = (
      await get(manager, `/api/v1/sla/compliance?slaId=${slaId}&kind=quarter&calendarSystem=gregorian&periods=1`)
    ).json<Report>();
    expect(quarter.period).toMatchObject({ start: '2027-03-31T20:30:00.000Z', label: '2027-Q2', kind: 'quarter' });
    expect(quarter.marketing).toMatchObject({ delivered: 2, committed: 120 });
    expect((await get(manager, `/api/v1/sla/compliance?slaId=${slaId}&kind=year`)).statusCode).toBe(422);
  });

  it('filters by team', async () => {
    const res = await get(manager, `/api/v1/sla/compliance?slaId=${slaId}&teamId=${south}&periods=1`);
    const report = res.json<Report>();
    expect(report.marketing.delivered).toBe(2);
    expect(report.sales.byRep.map((r) => [r.repId, r.breaches, r.escalations])).toEqual(
      [
        [rep1.user.id, 1, 1],
        [rep2.user.id, 2, 0],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it('shows a rep his own row only, and refuses another rep', async () => {
    const all = (await get(rep1, `/api/v1/sla/compliance?slaId=${slaId}&periods=1`)).json<Report>();
    expect(all.marketing.delivered).toBe(5);
    expect(all.sales.byRep).toEqual([
      { repId: rep1.user.id, repName: 'Rep One', breaches: 2, escalations: 1, overdueNow: 0 },
    ]);
    const own = (await get(rep1, `/api/v1/sla/compliance?slaId=${slaId}&repId=${rep1.user.id}`)).json<Report>();
    expect(own.marketing.delivered).toBe(3);
    expect(own.sales.byRep).toEqual([
      { repId: rep1.user.id, repName: 'Rep One', breaches: 2, escalations: 1, overdueNow: 0 },
    ]);
    const other = await get(rep1, `/api/v1/sla/compliance?slaId=${slaId}&repId=${rep2.user.id}`);
    expect(other.statusCode).toBe(403);
    expect((await get(manager, `/api/v1/sla/compliance?slaId=${slaId}&repId=${rep2.user.id}`)).statusCode).toBe(200);
  });

  it('refuses unknown SLAs, bad parameters and anonymous callers', async () => {
    expect((await get(manager, '/api/v1/sla/compliance?slaId=nope')).statusCode).toBe(404);
    expect((await get(manager, `/api/v1/sla/compliance?slaId=${slaId}&period=next`)).statusCode).toBe(422);
    expect((await get(manager, `/api/v1/sla/compliance?slaId=${slaId}&extra=1`)).statusCode).toBe(422);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/sla/compliance?slaId=${slaId}` })).statusCode).toBe(401);
  });

  it('derives the qualified leads marketing must deliver from the measured funnel', async () => {
    const res = await get(
      marketing,
      `/api/v1/sla/derived-target?slaId=${slaId}&quota=100000&averageDealSize=5000&periods=2`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      qualifiedLeads: 20,
      committed: 40,
      acceptRate: 1,
      winRate: 1,
      dealsNeeded: 20,
      insufficientHistory: true,
      minDecided: 10,
      qualified: 1,
      accepted: 1,
      decided: 1,
      won: 1,
      quota: 100000,
      averageDealSize: 5000,
      history: { from: '2027-01-20T20:30:00.000Z', to: FARVARDIN.start, periods: 2 },
    });
    expect((await get(marketing, `/api/v1/sla/derived-target?slaId=${slaId}&quota=100000`)).statusCode).toBe(422);
  });
});
