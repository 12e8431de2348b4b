import { describe, expect, it } from 'vitest';
import { businessCalendarSchema, DEFAULT_SLA, type BusinessCalendar } from '../sla/index.js';
import {
  businessReminder,
  dueTimes,
  endOfBusinessDays,
  nextDueAt,
  overdueDuties,
  planClocks,
  planOutcome,
  timerAction,
  timersCancelledBy,
  touchEffect,
  TIMER_KINDS,
  type DutyState,
  type SlaTerms,
} from './clocks.js';
import { TEHRAN_EXAMPLE_CALENDAR } from '../sla/example-calendar.js';

/** Saturday to Wednesday 08:00-16:00, a half-day Thursday, Friday off; Sunday 21 and Monday 22 March 2027 are holidays. */
const TEHRAN: BusinessCalendar = businessCalendarSchema.parse(TEHRAN_EXAMPLE_CALENDAR);

/** The default terms: grade A first touch in 60 business minutes, others 240; 3 attempts in 5 business days; decision in 8 business hours; remind at 75%, reassign 60 business minutes after a breach. */
const terms: SlaTerms = { document: structuredClone(DEFAULT_SLA), calendar: TEHRAN };

/** Thursday 18 March 2027, 15:00 in Tehran (+03:30): after the half day. */
const THURSDAY_15 = new Date('2027-03-18T15:00:00+03:30');

const isoOf = (timers: { kind: string; dueAt: Date }[]) => timers.map((t) => [t.kind, t.dueAt.toISOString()]);

describe('due times on the Tehran week', () => {
  it('a grade A lead qualified Thursday 15:00 is due for its first touch Saturday 09:00', () => {
    const due = dueTimes(terms, THURSDAY_15, { grade: 'A', priority: 'normal' });
    expect(due.firstTouchDueAt.toISOString()).toBe('2027-03-20T05:30:00.000Z'); // Sat 09:00
    // 8 business hours use up Saturday exactly: its end, not the next working morning.
    expect(due.decisionDueAt.toISOString()).toBe('2027-03-20T12:30:00.000Z'); // Sat 16:00
    // Five working days after Thursday: Sat 20, (Sun, Mon holidays), Tue 23, Wed 24, Thu 25, (Fri), Sat 27.
    expect(due.attemptsDueAt.toISOString()).toBe('2027-03-27T12:30:00.000Z'); // Sat 27 16:00
    expect(due.attemptsRequired).toBe(3);
  });

  it('other grades get otherwiseMinutes; a Thursday-morning lead uses the half day first', () => {
    expect(dueTimes(terms, THURSDAY_15, { grade: 'B', priority: 'normal' }).firstTouchDueAt.toISOString()).toBe(
      '2027-03-20T08:30:00.000Z', // Sat 12:00
    );
    const thursday10 = new Date('2027-03-18T10:00:00+03:30');
    expect(dueTimes(terms, thursday10, { grade: 'C', priority: 'low' }).firstTouchDueAt.toISOString()).toBe(
      '2027-03-20T06:30:00.000Z', // Thu 10-12 (120) + Sat 08-10 (120)
    );
  });

  it('a rule by priority applies', () => {
    const byPriority: SlaTerms = {
      ...terms,
      document: {
        ...terms.document,
        sales: {
          ...terms.document.sales,
          firstTouch: { rules: [{ priority: 'high', minutes: 15 }], otherwiseMinutes: 240 },
        },
      },
    };
    expect(dueTimes(byPriority, THURSDAY_15, { grade: null, priority: 'high' }).firstTouchDueAt.toISOString()).toBe(
      '2027-03-20T04:45:00.000Z', // Sat 08:15
    );
  });
});

describe('planClocks', () => {
  it('reminds at 75% of each span, breaches at the due time, reassigns 60 business minutes after the first-touch breach', () => {
    const { timers } = planClocks(terms, THURSDAY_15, { grade: 'A', priority: 'normal' });
    expect(isoOf(timers)).toEqual([
      ['first_touch.remind', '2027-03-20T05:15:00.000Z'], // Sat 08:45: 45 of 60 business minutes
      ['first_touch.breach', '2027-03-20T05:30:00.000Z'], // Sat 09:00
      ['first_touch.reassign', '2027-03-20T06:30:00.000Z'], // Sat 10:00
      ['decision.remind', '2027-03-20T10:30:00.000Z'], // Sat 14:00: 360 of 480
      ['decision.breach', '2027-03-20T12:30:00.000Z'], // Sat 16:00
      // 2,160 business minutes to Sat 27 16:00; 75% = 1,620: Sat 480, Tue 480, Wed 480, Thu 25 08:00 + 180.
      ['attempts.remind', '2027-03-25T07:30:00.000Z'], // Thu 25 11:00
      ['attempts.breach', '2027-03-27T12:30:00.000Z'],
    ]);
  });

  it('plans only the duties still open, and no reassignment from a queue or when the SLA never reassigns', () => {
    const open = { firstTouch: false, attempts: true, decision: false };
    expect(planClocks(terms, THURSDAY_15, { grade: 'A', priority: 'normal' }, open).timers.map((t) => t.kind)).toEqual([
      'attempts.remind',
      'attempts.breach',
    ]);
    const queued = planClocks(terms, THURSDAY_15, { grade: 'A', priority: 'normal' }, undefined, {
      reassignable: false,
    });
    expect(queued.timers.map((t) => t.kind)).not.toContain('first_touch.reassign');
    const never: SlaTerms = {
      ...terms,
      document: {
        ...terms.document,
        escalation: { ...terms.document.escalation, reassignAfterMinutes: null, remindAtShare: null },
      },
    };
    expect(planClocks(never, THURSDAY_15, { grade: 'A', priority: 'normal' }).timers.map((t) => t.kind)).toEqual([
      'first_touch.breach',
      'decision.breach',
      'attempts.breach',
    ]);
  });

  it('a reminder needs at least a business minute before the due time', () => {
    const start = new Date('2027-03-20T08:00:00+03:30');
    expect(businessReminder(TEHRAN, start, new Date('2027-03-20T08:01:00+03:30'), 0.75)).toBeNull();
    expect(businessReminder(TEHRAN, start, new Date('2027-03-20T08:04:00+03:30'), 0.75)?.toISOString()).toBe(
      '2027-03-20T04:33:00.000Z',
    );
    expect(businessReminder(TEHRAN, start, new Date('2027-03-20T09:00:00+03:30'), null)).toBeNull();
  });

  it('the outcome clock counts calendar days from the acceptance', () => {
    const accepted = new Date('2027-03-20T06:00:00Z');
    const { outcomeDueAt, timers } = planOutcome(terms, accepted);
    expect(outcomeDueAt.toISOString()).toBe('2027-04-19T06:00:00.000Z'); // 30 days
    expect(isoOf(timers)).toEqual([
      ['outcome.remind', '2027-04-11T18:00:00.000Z'], // 22.5 days
      ['outcome.breach', '2027-04-19T06:00:00.000Z'],
    ]);
  });
});

describe('endOfBusinessDays', () => {
  it('never counts the day of the start, whatever the hour', () => {
    expect(endOfBusinessDays(TEHRAN, new Date('2027-03-20T07:00:00+03:30'), 1).toISOString()).toBe(
      '2027-03-23T12:30:00.000Z', // Sat -> (Sun, Mon holidays) Tue 16:00
    );
    expect(endOfBusinessDays(TEHRAN, new Date('2027-03-17T15:00:00+03:30'), 1).toISOString()).toBe(
      '2027-03-18T08:30:00.000Z', // Wed -> Thu 12:00 (the half day)
    );
  });

  it('finds the local end of the day across a DST change', () => {
    const berlin = businessCalendarSchema.parse({
      timeZone: 'Europe/Berlin',
      week: {
        sat: [],
        sun: [],
        mon: [['09:00', '17:00']],
        tue: [['09:00', '17:00']],
        wed: [['09:00', '17:00']],
        thu: [['09:00', '17:00']],
        fri: [['09:00', '17:00']],
      },
      holidays: [],
    });
    // Friday 26 March 2027 in winter time; clocks go forward on Sunday 28: Monday 17:00 is 15:00 UTC.
    expect(endOfBusinessDays(berlin, new Date('2027-03-26T10:00:00+01:00'), 1).toISOString()).toBe(
      '2027-03-29T15:00:00.000Z',
    );
  });

  it('refuses a count below 1', () => {
    expect(() => endOfBusinessDays(TEHRAN, THURSDAY_15, 0)).toThrow(RangeError);
  });
});

const state = (patch: Partial<DutyState> = {}): DutyState => ({
  status: 'open',
  assignmentNo: 1,
  assignedAt: '2027-03-20T05:00:00.000Z',
  firstTouchDueAt: '2027-03-20T06:00:00.000Z',
  firstTouchedAt: null,
  attempts: 0,
  attemptsRequired: 3,
  attemptsDueAt: '2027-03-27T12:30:00.000Z',
  attemptsMetAt: null,
  decisionDueAt: '2027-03-20T12:30:00.000Z',
  decidedAt: null,
  outcomeDueAt: null,
  outcomeAt: null,
  ...patch,
});

describe('what changes do to the clocks', () => {
  it('the first touch cancels its own timers; an acceptance the decision and the reassignment; a rejection everything', () => {
    expect(timersCancelledBy('first_touch')).toEqual([
      'first_touch.remind',
      'first_touch.breach',
      'first_touch.reassign',
    ]);
    expect(timersCancelledBy('attempts_met')).toEqual(['attempts.remind', 'attempts.breach']);
    expect(timersCancelledBy('accepted')).toEqual(['decision.remind', 'decision.breach', 'first_touch.reassign']);
    expect(timersCancelledBy('rejected')).toEqual(TIMER_KINDS);
    expect(timersCancelledBy('reassigned')).toEqual(TIMER_KINDS);
  });

  it('next due is the earliest unmet duty; none once decided against', () => {
    expect(nextDueAt(state())).toBe('2027-03-20T06:00:00.000Z');
    expect(nextDueAt(state({ firstTouchedAt: '2027-03-20T05:10:00.000Z' }))).toBe('2027-03-20T12:30:00.000Z');
    expect(
      nextDueAt(
        state({
          status: 'accepted',
          firstTouchedAt: '2027-03-20T05:10:00.000Z',
          decidedAt: '2027-03-20T05:20:00.000Z',
          attemptsMetAt: '2027-03-21T05:20:00.000Z',
          outcomeDueAt: '2027-04-19T05:20:00.000Z',
        }),
      ),
    ).toBe('2027-04-19T05:20:00.000Z');
    expect(nextDueAt(state({ status: 'rejected', decidedAt: '2027-03-20T05:20:00.000Z' }))).toBeNull();
    expect(overdueDuties(state(), new Date('2027-03-20T13:00:00Z'))).toEqual(['first_touch', 'decision']);
  });
});

describe('timerAction', () => {
  const timer = (dueAt: string, assignmentNo = 1) => ({ assignmentNo, dueAt });

  it('reminds, breaches and reassigns while the duty is unmet', () => {
    expect(timerAction('first_touch.remind', timer('2027-03-20T05:45:00.000Z'), state())).toEqual({ act: 'remind' });
    expect(timerAction('first_touch.breach', timer('2027-03-20T06:00:00.000Z'), state())).toEqual({ act: 'breach' });
    expect(timerAction('first_touch.reassign', timer('2027-03-20T07:00:00.000Z'), state())).toEqual({
      act: 'reassign',
    });
  });

  it('a breach met in time is nothing; met late, the breach stands', () => {
    const due = '2027-03-20T06:00:00.000Z';
    expect(
      timerAction('first_touch.breach', timer(due), state({ firstTouchedAt: '2027-03-20T05:59:00.000Z' })),
    ).toEqual({
      act: 'skip',
      why: 'met',
    });
    expect(
      timerAction('first_touch.breach', timer(due), state({ firstTouchedAt: '2027-03-20T06:01:00.000Z' })),
    ).toEqual({
      act: 'breach',
    });
    expect(
      timerAction('first_touch.reassign', timer(due), state({ firstTouchedAt: '2027-03-20T06:01:00.000Z' })),
    ).toEqual({
      act: 'skip',
      why: 'met',
    });
  });

  it('is a no-op for a handoff no longer active, a timer of an earlier assignment, decided or unaccepted duties', () => {
    const due = timer('2027-03-20T06:00:00.000Z');
    expect(timerAction('first_touch.breach', due, state({ status: 'rejected' }))).toEqual({
      act: 'skip',
      why: 'not_active',
    });
    expect(timerAction('first_touch.breach', due, state({ assignmentNo: 2 }))).toEqual({
      act: 'skip',
      why: 'superseded',
    });
    expect(timerAction('decision.breach', due, state({ status: 'accepted' }))).toEqual({ act: 'skip', why: 'decided' });
    expect(timerAction('first_touch.reassign', due, state({ status: 'accepted' }))).toEqual({
      act: 'skip',
      why: 'decided',
    });
    expect(timerAction('outcome.breach', due, state())).toEqual({ act: 'skip', why: 'not_accepted' });
    // An accepted lead nobody touched is still escalated.
    expect(timerAction('first_touch.breach', due, state({ status: 'accepted' }))).toEqual({ act: 'breach' });
  });
});

describe('touchEffect', () => {
  it('a call after the assignment is the first touch and an attempt', () => {
    expect(touchEffect(state(), { type: 'call', occurredAt: '2027-03-20T05:30:00.000Z' })).toEqual({
      counted: true,
      attempts: 1,
      firstTouchedAt: '2027-03-20T05:30:00.000Z',
      firstTouch: true,
      attemptsMet: false,
    });
  });

  it('the attempt that reaches the count meets the attempts duty; an earlier touch logged late moves the first touch back', () => {
    const s = state({ attempts: 2, firstTouchedAt: '2027-03-20T07:00:00.000Z' });
    expect(touchEffect(s, { type: 'demo', occurredAt: '2027-03-20T06:00:00.000Z' })).toEqual({
      counted: true,
      attempts: 3,
      firstTouchedAt: '2027-03-20T06:00:00.000Z',
      firstTouch: false,
      attemptsMet: true,
    });
  });

  it('notes, touches without an active handoff and touches before the assignment do not count', () => {
    expect(touchEffect(state(), { type: 'note', occurredAt: '2027-03-20T05:30:00.000Z' })).toEqual({
      counted: false,
      reason: 'not_a_touch',
    });
    expect(touchEffect(null, { type: 'call', occurredAt: '2027-03-20T05:30:00.000Z' })).toEqual({
      counted: false,
      reason: 'no_active_handoff',
    });
    expect(
      touchEffect(state({ status: 'rejected' }), { type: 'call', occurredAt: '2027-03-20T05:30:00.000Z' }),
    ).toEqual({
      counted: false,
      reason: 'no_active_handoff',
    });
    expect(touchEffect(state(), { type: 'email', occurredAt: '2027-03-20T04:59:59.000Z' })).toEqual({
      counted: false,
      reason: 'before_assignment',
    });
  });
});
