import { utcOffsetMs } from '../sla/business-time.js';

/**
 * Reporting periods, pure: the week, month or quarter containing an instant, in the Gregorian or the Jalali
 * (Persian) calendar, with days counted in the SLA calendar's time zone.
 *
 * Days are handled as day numbers (days since 1970-01-01 of the local civil date). Jalali dates come from
 * Intl.DateTimeFormat with the `persian` calendar (ICU, shipped with Node): it gives the Jalali day and month
 * of any Gregorian date, which is all we need (a month starts `day - 1` days earlier), so no library is used.
 * A Gregorian week starts on Monday, a Jalali week on Saturday. Quarters are months 1-3, 4-6, 7-9, 10-12.
 */

export type PeriodKind = 'week' | 'month' | 'quarter';
export type CalendarSystem = 'gregorian' | 'jalali';

export interface Period {
  /** Local midnight of the first day, as an instant. */
  start: Date;
  /** Local midnight of the day after the last day (exclusive). */
  end: Date;
  /** `2027-03`, `2027-Q1`, `2027-03-22` (week of) ; Jalali: `1406-01 Farvardin`, `1406-Q1`, `1406-01-06`. */
  label: string;
}

const DAY_MS = 86_400_000;

export const JALALI_MONTHS = [
  'Farvardin',
  'Ordibehesht',
  'Khordad',
  'Tir',
  'Mordad',
  'Shahrivar',
  'Mehr',
  'Aban',
  'Azar',
  'Dey',
  'Bahman',
  'Esfand',
] as const;

interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const persian = new Intl.DateTimeFormat('en-US-u-ca-persian', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

/** The Jalali date of a day number. */
export function jalaliDate(dayNumber: number): CivilDate {
  const parts = persian.formatToParts(new Date(dayNumber * DAY_MS));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

function gregorianDate(dayNumber: number): CivilDate {
  const d = new Date(dayNumber * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function civil(system: CalendarSystem, dayNumber: number): CivilDate {
  return system === 'jalali' ? jalaliDate(dayNumber) : gregorianDate(dayNumber);
}

/** The local day number of an instant in a time zone. */
export function localDayNumber(instant: Date, timeZone: string): number {
  const ms = instant.getTime();
  return Math.floor((ms + utcOffsetMs(timeZone, ms)) / DAY_MS);
}

/** Local midnight of a day number as an instant (the offset is taken at that moment, so DST days are right). */
export function localMidnight(dayNumber: number, timeZone: string): Date {
  const wall = dayNumber * DAY_MS;
  const guess = wall - utcOffsetMs(timeZone, wall);
  return new Date(wall - utcOffsetMs(timeZone, guess));
}

function monthStart(system: CalendarSystem, dayNumber: number): number {
  return dayNumber - (civil(system, dayNumber).day - 1);
}

/** The first day of the month after the one containing `dayNumber` (every month has 29 to 31 days). */
function nextMonthStart(system: CalendarSystem, dayNumber: number): number {
  return monthStart(system, monthStart(system, dayNumber) + 31);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function isoDay(system: CalendarSystem, dayNumber: number): string {
  const c = civil(system, dayNumber);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
}

/** Day numbers [first, end) and label of the period containing a day. */
export function periodDays(
  kind: PeriodKind,
  system: CalendarSystem,
  dayNumber: number,
): { first: number; end: number; label: string } {
  if (kind === 'week') {
    const weekday = (((dayNumber + 4) % 7) + 7) % 7; // 0: Sunday (1970-01-01 was a Thursday)
    const back = system === 'jalali' ? (weekday + 1) % 7 : (weekday + 6) % 7;
    const first = dayNumber - back;
    return { first, end: first + 7, label: isoDay(system, first) };
  }
  let first = monthStart(system, dayNumber);
  const c = civil(system, first);
  if (kind === 'month') {
    const name = system === 'jalali' ? ` ${JALALI_MONTHS[c.month - 1]}` : '';
    return { first, end: nextMonthStart(system, first), label: `${pad(c.year, 4)}-${pad(c.month)}${name}` };
  }
  const quarter = Math.floor((c.month - 1) / 3);
  for (let m = c.month; m > quarter * 3 + 1; m -= 1) first = monthStart(system, first - 1);
  let end = first;
  for (let i = 0; i < 3; i += 1) end = nextMonthStart(system, end);
  return { first, end, label: `${pad(c.year, 4)}-Q${quarter + 1}` };
}

/** The period containing an instant, in the calendar's time zone. */
export function periodContaining(instant: Date, kind: PeriodKind, system: CalendarSystem, timeZone: string): Period {
  const days = periodDays(kind, system, localDayNumber(instant, timeZone));
  return { start: localMidnight(days.first, timeZone), end: localMidnight(days.end, timeZone), label: days.label };
}

/** The `count` periods before the one containing `instant`, most recent first. */
export function previousPeriods(
  instant: Date,
  kind: PeriodKind,
  system: CalendarSystem,
  timeZone: string,
  count: number,
): Period[] {
  const out: Period[] = [];
  let day = periodDays(kind, system, localDayNumber(instant, timeZone)).first;
  for (let i = 0; i < count; i += 1) {
    const days = periodDays(kind, system, day - 1);
    out.push({ start: localMidnight(days.first, timeZone), end: localMidnight(days.end, timeZone), label: days.label });
    day = days.first;
  }
  return out;
}

/** The share (0..1) of a period elapsed at `now`: 0 before it starts, 1 once it has ended. */
export function elapsedShare(period: Pick<Period, 'start' | 'end'>, now: Date): number {
  const total = period.end.getTime() - period.start.getTime();
  const done = now.getTime() - period.start.getTime();
  if (total <= 0) return 1;
  return Math.min(1, Math.max(0, done / total));
}

export interface Pacing {
  /** What should have been delivered by now: target × elapsed share. */
  expected: number;
  onTrack: boolean;
}

/** On track when delivered >= target × elapsedShare. */
export function pacing(delivered: number, target: number, share: number): Pacing {
  const expected = target * share;
  return { expected, onTrack: delivered >= expected };
}

const PERIODS_PER_YEAR: Record<PeriodKind, number> = { week: 52, month: 12, quarter: 4 };

/**
 * A commitment made per `from` period, pro-rated to a `to` period by how many of each fit in a year (52 weeks,
 * 12 months, 4 quarters), rounded to a whole lead: 40 a month is 9 a week and 120 a quarter.
 */
export function scaleCommitment(leads: number, from: PeriodKind, to: PeriodKind): number {
  if (from === to) return leads;
  return Math.round((leads * PERIODS_PER_YEAR[from]) / PERIODS_PER_YEAR[to]);
}
