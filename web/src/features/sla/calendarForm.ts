import type { CalendarDefinition, Weekday } from '../../api/sla.js';
import { WEEKDAYS } from '../../api/sla.js';
import { toAsciiDigits } from '../../i18n/format.js';

/**
 * The calendar editor's pure helpers: presets, form <-> the API's calendar JSON, the same checks the API makes
 * (so mistakes show next to the input before a save), and wall-clock times in a calendar's time zone.
 */

export interface IntervalForm {
  start: string;
  end: string;
}

export interface CalendarForm {
  timeZone: string;
  week: Record<Weekday, IntervalForm[]>;
  holidays: string[];
}

export type CalendarErrorCode = 'time' | 'startAtMidnight' | 'order' | 'overlap' | 'noHours' | 'date' | 'timeZone';

const CLOCK_TIME_RE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const day = (start: string, end: string): IntervalForm[] => [{ start, end }];

export const CALENDAR_PRESETS = {
  /** Saturday-Wednesday 08:00-16:00, Thursday 08:00-12:00, Friday off, in Asia/Tehran. */
  tehran: (): CalendarForm => ({
    timeZone: 'Asia/Tehran',
    week: {
      sat: day('08:00', '16:00'),
      sun: day('08:00', '16:00'),
      mon: day('08:00', '16:00'),
      tue: day('08:00', '16:00'),
      wed: day('08:00', '16:00'),
      thu: day('08:00', '12:00'),
      fri: [],
    },
    holidays: [],
  }),
  /** Monday-Friday 09:00-17:00 (the time zone and holidays stay as they are). */
  mondayFriday: (current: Pick<CalendarForm, 'timeZone' | 'holidays'>): CalendarForm => ({
    timeZone: current.timeZone,
    week: {
      sat: [],
      sun: [],
      mon: day('09:00', '17:00'),
      tue: day('09:00', '17:00'),
      wed: day('09:00', '17:00'),
      thu: day('09:00', '17:00'),
      fri: day('09:00', '17:00'),
    },
    holidays: [...current.holidays],
  }),
};

export function calendarToForm(definition: CalendarDefinition): CalendarForm {
  const week = {} as Record<Weekday, IntervalForm[]>;
  for (const d of WEEKDAYS) week[d] = (definition.week[d] ?? []).map(([start, end]) => ({ start, end }));
  return { timeZone: definition.timeZone, week, holidays: [...definition.holidays] };
}

/** "8:00", "۰۸:۰۰" and " 08:00 " all mean "08:00"; anything else is left for the checks to report. */
export function normalizeClockTime(value: string): string {
  const text = toAsciiDigits(value).trim();
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : text;
}

/** The calendar JSON the API takes (holidays sorted, without repeats, as the API stores them). */
export function formToCalendar(form: CalendarForm): CalendarDefinition {
  const week = {} as CalendarDefinition['week'];
  for (const d of WEEKDAYS)
    week[d] = form.week[d].map((i): [string, string] => [normalizeClockTime(i.start), normalizeClockTime(i.end)]);
  return { timeZone: form.timeZone.trim(), week, holidays: [...new Set(form.holidays)].sort() };
}

export function clockTimeToMinutes(value: string): number | null {
  if (!CLOCK_TIME_RE.test(value)) return null;
  return Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));
}

export function isLocalDate(value: string): boolean {
  const m = LOCAL_DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(2000, mo - 1, d));
  date.setUTCFullYear(y);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone.length > 0;
  } catch {
    return false;
  }
}

/**
 * The API's calendar rules, checked locally. Errors are keyed by the paths the API reports
 * (`week.mon.0.start` for an input, `week.mon.1` for an interval, `week` for the whole week).
 */
export function validateCalendar(form: CalendarForm): Record<string, CalendarErrorCode> {
  const errors: Record<string, CalendarErrorCode> = {};
  if (!isTimeZone(form.timeZone.trim())) errors['timeZone'] = 'timeZone';
  let hours = 0;
  for (const d of WEEKDAYS) {
    let previousEnd: number | null = null;
    let previousStart: number | null = null;
    form.week[d].forEach((interval, i) => {
      hours += 1;
      const start = clockTimeToMinutes(normalizeClockTime(interval.start));
      const end = clockTimeToMinutes(normalizeClockTime(interval.end));
      if (start === null) errors[`week.${d}.${i}.start`] = 'time';
      if (end === null) errors[`week.${d}.${i}.end`] = 'time';
      if (start === null || end === null) return;
      if (start === 1440) errors[`week.${d}.${i}.start`] = 'startAtMidnight';
      else if (start >= end) errors[`week.${d}.${i}`] = 'order';
      else if (previousStart !== null && start < previousStart) errors[`week.${d}.${i}`] = 'order';
      else if (previousEnd !== null && start < previousEnd) errors[`week.${d}.${i}`] = 'overlap';
      previousStart = start;
      previousEnd = end;
    });
  }
  if (hours === 0) errors['week'] = 'noHours';
  form.holidays.forEach((h, i) => {
    if (!isLocalDate(h)) errors[`holidays.${i}`] = 'date';
  });
  return errors;
}

/** Working minutes in the week, e.g. 2640 for Saturday-Wednesday 08:00-16:00 plus Thursday morning. */
export function weeklyMinutes(definition: CalendarDefinition): number {
  let total = 0;
  for (const d of WEEKDAYS)
    for (const [start, end] of definition.week[d]) {
      const a = clockTimeToMinutes(start);
      const b = clockTimeToMinutes(end);
      if (a !== null && b !== null && b > a) total += b - a;
    }
  return total;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function wallClockAt(ms: number, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute') };
}

/** The zone's offset from UTC in minutes at an instant (Tehran: 210). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const w = wallClockAt(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return Math.round((asUtc - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/**
 * A wall-clock time of a `datetime-local` input ("2027-01-14T15:00") in `timeZone`, as an ISO 8601 instant
 * with that zone's offset ("2027-01-14T15:00:00+03:30"); null when the input is not such a time.
 */
export function zonedLocalToIso(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m || !isTimeZone(timeZone)) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  let offset = zoneOffsetMinutes(asUtc, timeZone);
  offset = zoneOffsetMinutes(asUtc - offset * 60_000, timeZone);
  const sign = offset < 0 ? '-' : '+';
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** Now (or `at`) as a `datetime-local` value in `timeZone`, to the minute. */
export function zonedLocalNow(timeZone: string, at: Date = new Date()): string {
  const w = wallClockAt(at.getTime(), isTimeZone(timeZone) ? timeZone : 'UTC');
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** Time zones for the picker: the runtime's list, with UTC and the current value kept. */
export function timeZoneOptions(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = ['Asia/Tehran', 'Europe/London', 'Europe/Berlin', 'America/New_York'];
  }
  const all = new Set(['UTC', ...zones]);
  if (current) all.add(current);
  return [...all];
}
