import { expect } from 'vitest';
import type { BusinessCalendarInput } from '../../src/modules/sla/calendar.js';
import type { SlaDocumentInput } from '../../src/modules/sla/sla.js';
import type { TestApp, TestUser } from './app.js';

type Part<K extends 'marketing' | 'sales' | 'escalation'> = Partial<SlaDocumentInput[K]>;

/**
 * An SLA document for tests: a monthly Gregorian commitment of 40 qualified leads (minimum grade B,
 * acceptance floor 60%), first touch within 240 business minutes, 2 attempts within 2 business days, a
 * decision within 8 business hours, the outcome within 30 days; remind at 75%, tell the manager at breach,
 * reassign to the next rep 600 business minutes after. Each part can be changed field by field.
 */
export function slaDocument(
  calendarId: string,
  parts: { marketing?: Part<'marketing'>; sales?: Part<'sales'>; escalation?: Part<'escalation'> } = {},
): SlaDocumentInput {
  return {
    calendarId,
    marketing: {
      period: 'month',
      calendarSystem: 'gregorian',
      qualifiedLeads: 40,
      perTeam: [],
      perSegment: [],
      minFitGrade: 'B',
      acceptanceRateFloor: 0.6,
      ...parts.marketing,
    },
    sales: {
      firstTouch: { rules: [], otherwiseMinutes: 240 },
      attempts: { count: 2, withinBusinessDays: 2 },
      decisionWithinBusinessHours: 8,
      outcomeWithinDays: 30,
      ...parts.sales,
    },
    escalation: {
      remindAtShare: 0.75,
      notifyManagerAtBreach: true,
      reassignAfterMinutes: 600,
      reassignTo: 'next_rep',
      ...parts.escalation,
    },
  };
}

const DAYS = ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'] as const;

/** A calendar with the same working hours every day of the week (default: all day, UTC) and no holidays. */
export function everyDayCalendar(
  hours: [string, string] = ['00:00', '24:00'],
  timeZone = 'UTC',
): BusinessCalendarInput & { holidays: string[] } {
  return {
    timeZone,
    week: Object.fromEntries(DAYS.map((d) => [d, [hours]])) as BusinessCalendarInput['week'],
    holidays: [],
  };
}

/**
 * The columns of a `handoffs` row that tests writing handoffs directly (compliance figures) leave at their
 * starting values: version 1 of the SLA, normal priority, nothing touched, decided or closed yet.
 */
export function handoffRowDefaults(slaId: string) {
  return {
    sla_id: slaId,
    sla_version: 1,
    priority: 'normal' as const,
    attempts: 0,
    attempts_required: null,
    attempts_due_at: null,
    attempts_met_at: null,
    decided_at: null,
    decided_by: null,
    reject_reason: null,
    reject_note: null,
    outcome: null,
    outcome_due_at: null,
    outcome_at: null,
    closed_reason: null,
    first_touched_at: null,
    next_due_at: null,
    assignment_no: 1,
    previous_assignees: '[]',
    routing_reason: 'rule' as const,
    rule_id: null,
    created_by: null,
  };
}

/** Calls the API as `user`, expecting `status` (201 unless said), and returns the answer's JSON. */
export function expectingAs(t: TestApp, user: TestUser) {
  return async (options: Parameters<TestApp['as']>[1], status = 201) => {
    const res = await t.as(user, options);
    expect(res.statusCode, res.body).toBe(status);
    return res.json<{ id: string }>();
  };
}

/**
 * Through the API as `admin`: every lead routed round-robin to team `team`, whose routing members are
 * `reps`; with `sla`, first an SLA of that name on an always-on UTC calendar. Returns the team's id.
 */
export async function routeEveryLeadTo(
  t: TestApp,
  admin: TestUser,
  options: {
    team: string;
    reps: TestUser[];
    sla?: { name: string; document: (calendarId: string) => SlaDocumentInput };
  },
): Promise<string> {
  const ok = expectingAs(t, admin);
  const teamId = await t.team(options.team);
  if (options.sla) {
    const calendar = await ok({
      method: 'POST',
      url: '/api/v1/calendars',
      payload: { name: 'Always', definition: everyDayCalendar() },
    });
    await ok({
      method: 'POST',
      url: '/api/v1/slas',
      payload: { name: options.sla.name, document: options.sla.document(calendar.id) },
    });
  }
  await ok({
    method: 'POST',
    url: '/api/v1/routing/rules',
    payload: { name: `All to ${options.team}`, conditions: [], teamId, method: 'round_robin' },
  });
  for (const rep of options.reps) {
    await ok({ method: 'PUT', url: `/api/v1/routing/teams/${teamId}/members/${rep.user.id}`, payload: {} }, 200);
  }
  return teamId;
}
