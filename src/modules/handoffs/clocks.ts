import {
  addBusinessMinutes,
  BusinessTimeHorizonError,
  businessMinutesBetween,
  clockTimeToMinutes,
  firstTouchMinutes,
  localDateToDayNumber,
  utcOffsetMs,
  WEEKDAY_BY_DAY_NUMBER,
  type BusinessCalendar,
  type FitGrade,
  type Priority,
  type SlaDocument,
} from '../sla/index.js';

/**
 * A handoff's SLA clocks, pure: from an SLA version's terms, its calendar snapshot and the time the lead was
 * assigned, the due time of each of sales' duties and the timers that escalate them; and what a touch, a
 * decision or a reassignment does to those timers. Nothing here touches the database or reads the time.
 *
 * Duties (each with its own clock):
 * - `first_touch`: a call, email, meeting or demo within the first-touch business minutes for the lead's
 *   grade and priority (`firstTouchMinutes`), counted from the assignment.
 * - `attempts`: `sales.attempts.count` touches by the end of the `withinBusinessDays`-th working day after
 *   the day of the assignment (the assignment's own day never counts; see `endOfBusinessDays`).
 * - `decision`: accept or reject within `decisionWithinBusinessHours` business hours of the assignment.
 * - `outcome`: won, lost or nurture within `outcomeWithinDays` calendar days of the acceptance.
 *
 * Escalation (the SLA's `escalation` terms), per duty: a reminder when `remindAtShare` of the duty's time has
 * elapsed (counted in business time for the business-time duties, in real time for the outcome), a breach
 * at the due time (the rep and, with `notifyManagerAtBreach`, the manager are told), and for the first touch
 * only, a reassignment `reassignAfterMinutes` business minutes after its breach. A lead someone already
 * touched stays with them: late decisions and attempts are escalated, never taken away.
 */

export const DUTIES = ['first_touch', 'attempts', 'decision', 'outcome'] as const;
export type Duty = (typeof DUTIES)[number];

export const TIMER_KINDS = [
  'first_touch.remind',
  'first_touch.breach',
  'first_touch.reassign',
  'attempts.remind',
  'attempts.breach',
  'decision.remind',
  'decision.breach',
  'outcome.remind',
  'outcome.breach',
] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];
export type TimerStep = 'remind' | 'breach' | 'reassign';

export const dutyOf = (kind: TimerKind): Duty => kind.slice(0, kind.indexOf('.')) as Duty;
export const stepOf = (kind: TimerKind): TimerStep => kind.slice(kind.indexOf('.') + 1) as TimerStep;
export const isTimerKind = (value: string): value is TimerKind => (TIMER_KINDS as readonly string[]).includes(value);

/** The parts of an SLA version the clocks use: its terms and the calendar copy made with it. */
export interface SlaTerms {
  readonly document: Pick<SlaDocument, 'sales' | 'escalation'>;
  readonly calendar: BusinessCalendar;
}

export interface Lead {
  readonly grade: FitGrade | null;
  readonly priority: Priority;
}

export interface DueTimes {
  readonly firstTouchDueAt: Date;
  readonly attemptsRequired: number;
  readonly attemptsDueAt: Date;
  readonly decisionDueAt: Date;
}

export interface PlannedTimer {
  readonly kind: TimerKind;
  readonly dueAt: Date;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Ten years of days, as business-time.ts looks ahead. */
const HORIZON_DAYS = 3653;

const weekdayOf = (localDay: number) => (((localDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday

/**
 * The end of working hours on the `days`-th working day after the local date of `start` (a working day: not
 * a holiday, with at least one interval). The day of `start` never counts, whatever the hour: "within 5
 * business days" of a lead assigned on Thursday afternoon is the close of the fifth working day after that
 * Thursday. Throws BusinessTimeHorizonError when there is no such day within ten years.
 */
export function endOfBusinessDays(calendar: BusinessCalendar, start: Date, days: number): Date {
  if (!Number.isSafeInteger(days) || days < 1) throw new RangeError(`days must be a whole number of at least 1.`);
  const zone = calendar.timeZone;
  const holidays = new Set(calendar.holidays.map((d) => localDateToDayNumber(d)));
  let localDay = Math.floor((start.getTime() + utcOffsetMs(zone, start.getTime())) / DAY_MS);
  let counted = 0;
  for (let i = 0; i < HORIZON_DAYS; i++) {
    localDay += 1;
    const intervals = calendar.week[WEEKDAY_BY_DAY_NUMBER[weekdayOf(localDay)]!];
    if (intervals.length === 0 || holidays.has(localDay)) continue;
    counted += 1;
    if (counted < days) continue;
    const endMinutes = clockTimeToMinutes(intervals[intervals.length - 1]![1]);
    if (endMinutes === null) throw new RangeError('Invalid calendar: parse calendars with businessCalendarSchema.');
    // The instant whose wall clock reads that time: the offset is probed twice, so a change of offset
    // between the day's midnight and its end is taken into account.
    const local = localDay * DAY_MS + endMinutes * MINUTE_MS;
    const first = local - utcOffsetMs(zone, local);
    return new Date(local - utcOffsetMs(zone, first));
  }
  throw new BusinessTimeHorizonError(`${days} working days do not come within ten years of the start.`);
}

/** When each duty of a lead assigned at `start` is due under these terms. */
export function dueTimes(terms: SlaTerms, start: Date, lead: Lead): DueTimes {
  const { sales } = terms.document;
  return {
    firstTouchDueAt: addBusinessMinutes(terms.calendar, start, firstTouchMinutes(terms.document, lead)),
    attemptsRequired: sales.attempts.count,
    attemptsDueAt: endOfBusinessDays(terms.calendar, start, sales.attempts.withinBusinessDays),
    decisionDueAt: addBusinessMinutes(terms.calendar, start, Math.round(sales.decisionWithinBusinessHours * 60)),
  };
}

/**
 * The reminder of a business-time duty running from `start` to `due`: when `share` of its business minutes
 * have elapsed, or null (no reminder set, or the span is too short to remind before the due time).
 */
export function businessReminder(
  calendar: BusinessCalendar,
  start: Date,
  due: Date,
  share: number | null,
): Date | null {
  if (share === null) return null;
  const span = businessMinutesBetween(calendar, start, due);
  const minutes = Math.floor(span * share);
  if (minutes < 1 || minutes >= span) return null;
  return addBusinessMinutes(calendar, start, minutes);
}

/** Which duties still run (a met duty gets no new timers). */
export interface OpenDuties {
  readonly firstTouch: boolean;
  readonly attempts: boolean;
  readonly decision: boolean;
}

export const ALL_DUTIES_OPEN: OpenDuties = { firstTouch: true, attempts: true, decision: true };

/**
 * The due times of a lead assigned at `start` and the timers of its duties still open. `reassignable`:
 * whether a first-touch breach may later take it to someone else (false once it sits in a queue, so a lead
 * nobody can take does not circle for ever).
 */
export function planClocks(
  terms: SlaTerms,
  start: Date,
  lead: Lead,
  open: OpenDuties = ALL_DUTIES_OPEN,
  options: { reassignable: boolean } = { reassignable: true },
): { due: DueTimes; timers: PlannedTimer[] } {
  const due = dueTimes(terms, start, lead);
  const { escalation } = terms.document;
  const timers: PlannedTimer[] = [];
  const duty = (name: 'first_touch' | 'attempts' | 'decision', dueAt: Date) => {
    const remindAt = businessReminder(terms.calendar, start, dueAt, escalation.remindAtShare);
    if (remindAt) timers.push({ kind: `${name}.remind`, dueAt: remindAt });
    timers.push({ kind: `${name}.breach`, dueAt });
  };
  if (open.firstTouch) {
    duty('first_touch', due.firstTouchDueAt);
    if (options.reassignable && escalation.reassignAfterMinutes !== null) {
      timers.push({
        kind: 'first_touch.reassign',
        dueAt: addBusinessMinutes(terms.calendar, due.firstTouchDueAt, escalation.reassignAfterMinutes),
      });
    }
  }
  if (open.attempts) duty('attempts', due.attemptsDueAt);
  if (open.decision) duty('decision', due.decisionDueAt);
  return { due, timers: sortTimers(timers) };
}

/** The outcome's clock, started by the acceptance: calendar days (an outcome follows the buyer's pace). */
export function planOutcome(terms: SlaTerms, acceptedAt: Date): { outcomeDueAt: Date; timers: PlannedTimer[] } {
  const span = terms.document.sales.outcomeWithinDays * DAY_MS;
  const outcomeDueAt = new Date(acceptedAt.getTime() + span);
  const share = terms.document.escalation.remindAtShare;
  const timers: PlannedTimer[] = [];
  if (share !== null)
    timers.push({ kind: 'outcome.remind', dueAt: new Date(acceptedAt.getTime() + Math.floor(span * share)) });
  timers.push({ kind: 'outcome.breach', dueAt: outcomeDueAt });
  return { outcomeDueAt, timers };
}

const sortTimers = (timers: PlannedTimer[]) =>
  timers.sort(
    (a, b) => a.dueAt.getTime() - b.dueAt.getTime() || TIMER_KINDS.indexOf(a.kind) - TIMER_KINDS.indexOf(b.kind),
  );

/** What happens to a handoff that changes its timers. */
export type ClockChange =
  'first_touch' | 'attempts_met' | 'accepted' | 'rejected' | 'outcome' | 'closed' | 'reassigned';

/**
 * The unfired timers a change cancels. The first touch stops its own clock (reminder, breach and the
 * reassignment); enough attempts stop theirs; an acceptance stops the decision clock and the first-touch
 * reassignment (an accepted lead stays with its rep; a missing first touch is still escalated); a rejection,
 * an outcome or a closed handoff stops everything; a reassignment replaces every timer (the caller plans
 * the new assignment's).
 */
export function timersCancelledBy(change: ClockChange): readonly TimerKind[] {
  switch (change) {
    case 'first_touch':
      return ['first_touch.remind', 'first_touch.breach', 'first_touch.reassign'];
    case 'attempts_met':
      return ['attempts.remind', 'attempts.breach'];
    case 'accepted':
      return ['decision.remind', 'decision.breach', 'first_touch.reassign'];
    case 'rejected':
    case 'outcome':
    case 'closed':
    case 'reassigned':
      return TIMER_KINDS;
  }
}

/** The state of a handoff's duties that the decisions below read (timestamps as ISO strings). */
export interface DutyState {
  readonly status: 'open' | 'accepted' | 'rejected' | 'closed';
  readonly assignmentNo: number;
  readonly assignedAt: string;
  readonly firstTouchDueAt: string | null;
  readonly firstTouchedAt: string | null;
  readonly attempts: number;
  readonly attemptsRequired: number | null;
  readonly attemptsDueAt: string | null;
  readonly attemptsMetAt: string | null;
  readonly decisionDueAt: string | null;
  readonly decidedAt: string | null;
  readonly outcomeDueAt: string | null;
  readonly outcomeAt: string | null;
}

const isActive = (s: Pick<DutyState, 'status'>) => s.status === 'open' || s.status === 'accepted';

/** When the duty was met, or null while it is not. */
export function metAt(state: DutyState, duty: Duty): string | null {
  switch (duty) {
    case 'first_touch':
      return state.firstTouchedAt;
    case 'attempts':
      return state.attemptsMetAt;
    case 'decision':
      return state.decidedAt;
    case 'outcome':
      return state.outcomeAt;
  }
}

export function dueAtOf(state: DutyState, duty: Duty): string | null {
  switch (duty) {
    case 'first_touch':
      return state.firstTouchDueAt;
    case 'attempts':
      return state.attemptsDueAt;
    case 'decision':
      return state.decisionDueAt;
    case 'outcome':
      return state.outcomeDueAt;
  }
}

/** The duties whose clocks run: not met, with a due time, on an active handoff. */
export function runningDuties(state: DutyState): Duty[] {
  if (!isActive(state)) return [];
  return DUTIES.filter((duty) => dueAtOf(state, duty) !== null && metAt(state, duty) === null);
}

/** The earliest due time among the running duties (the inbox's "next due"), or null. */
export function nextDueAt(state: DutyState): string | null {
  let next: string | null = null;
  for (const duty of runningDuties(state)) {
    const due = dueAtOf(state, duty)!;
    if (next === null || Date.parse(due) < Date.parse(next)) next = due;
  }
  return next;
}

/** Running duties already past their due time at `now`. */
export function overdueDuties(state: DutyState, now: Date): Duty[] {
  return runningDuties(state).filter((duty) => Date.parse(dueAtOf(state, duty)!) <= now.getTime());
}

export type TimerAction =
  | { readonly act: 'remind' | 'breach' | 'reassign' }
  | { readonly act: 'skip'; readonly why: 'not_active' | 'superseded' | 'met' | 'decided' | 'not_accepted' };

/**
 * What a fired timer does, decided when its reaction runs (the handoff may have moved on since the sweep
 * fired it):
 * - nothing when the handoff is no longer active, or the timer belongs to an earlier assignment;
 * - decision timers and the reassignment do nothing once the lead is accepted; outcome timers only run on
 *   an accepted lead;
 * - a reminder or reassignment does nothing once its duty is met; a breach does nothing when the duty was
 *   met by its due time (met later, the breach did happen and is reported).
 */
export function timerAction(
  kind: TimerKind,
  timer: { assignmentNo: number; dueAt: string },
  state: DutyState,
): TimerAction {
  if (!isActive(state)) return { act: 'skip', why: 'not_active' };
  if (timer.assignmentNo !== state.assignmentNo) return { act: 'skip', why: 'superseded' };
  const duty = dutyOf(kind);
  const step = stepOf(kind);
  if (duty === 'outcome' && state.status !== 'accepted') return { act: 'skip', why: 'not_accepted' };
  if ((duty === 'decision' || step === 'reassign') && state.status !== 'open') return { act: 'skip', why: 'decided' };
  const met = metAt(state, duty);
  if (step === 'breach') {
    return met !== null && Date.parse(met) <= Date.parse(timer.dueAt) ? { act: 'skip', why: 'met' } : { act: 'breach' };
  }
  return met !== null ? { act: 'skip', why: 'met' } : { act: step };
}

export const TOUCH_TYPES = ['call', 'email', 'meeting', 'demo'] as const;
export const ACTIVITY_TYPES = [...TOUCH_TYPES, 'note'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export type TouchResult =
  | {
      readonly counted: true;
      readonly attempts: number;
      /** The first touch of this handoff: its clock stops at `firstTouchedAt`. */
      readonly firstTouchedAt: string;
      readonly firstTouch: boolean;
      /** Set when this touch reaches the required attempts. */
      readonly attemptsMet: boolean;
    }
  | { readonly counted: false; readonly reason: 'not_a_touch' | 'no_active_handoff' | 'before_assignment' };

/**
 * Whether an activity counts for the SLA of the contact's active handoff. A call, email, meeting or demo
 * counts when it happened at or after the current assignment; each is an attempt, and the earliest one is
 * the first touch (a touch logged late, with an earlier time than the stored first touch, moves the first
 * touch back to it). A touch before the assignment (by a rep the lead was taken from, or before it was
 * handed off at all) is kept as an activity and does not count.
 */
export function touchEffect(
  state: Pick<
    DutyState,
    'status' | 'assignedAt' | 'firstTouchedAt' | 'attempts' | 'attemptsRequired' | 'attemptsMetAt'
  > | null,
  activity: { type: ActivityType; occurredAt: string },
): TouchResult {
  if (!(TOUCH_TYPES as readonly string[]).includes(activity.type)) return { counted: false, reason: 'not_a_touch' };
  if (state === null || !isActive(state)) return { counted: false, reason: 'no_active_handoff' };
  const at = Date.parse(activity.occurredAt);
  if (at < Date.parse(state.assignedAt)) return { counted: false, reason: 'before_assignment' };
  const attempts = state.attempts + 1;
  const earlier = state.firstTouchedAt === null || at < Date.parse(state.firstTouchedAt);
  return {
    counted: true,
    attempts,
    firstTouchedAt: earlier ? new Date(at).toISOString() : state.firstTouchedAt!,
    firstTouch: state.firstTouchedAt === null,
    attemptsMet: state.attemptsMetAt === null && state.attemptsRequired !== null && attempts >= state.attemptsRequired,
  };
}
