import { z } from 'zod';

/**
 * The business calendar, pure: when a team works (a time zone, working intervals per weekday, holidays).
 * SLA clocks count only this time. Stored and exchanged as
 *
 *   {"timeZone":"Asia/Tehran",
 *    "week":{"sat":[["08:00","16:00"]],"sun":[...],"mon":[...],"tue":[...],"wed":[...],"thu":[["08:00","12:00"]],"fri":[]},
 *    "holidays":["2027-03-21","2027-03-22"]}
 *
 * Rules (each broken one is a field error naming its path, e.g. `week.mon.1`):
 * - `timeZone` is an IANA name the runtime's time-zone database knows ("Asia/Tehran", "UTC"), spelt with the
 *   database's capitals ("asia/tehran" is refused, naming the right spelling); fixed offsets such as
 *   "+03:30" are not time zones and are refused.
 * - `week` lists all seven days, `sat` to `fri` (`[]` for a day off). An interval is `["HH:MM","HH:MM"]`
 *   in local wall-clock time, start inclusive, end exclusive; "24:00" may end an interval (midnight at the
 *   end of the day) but not start one. The start must be before the end: a shift past midnight ends at
 *   "24:00" and continues the next day from "00:00".
 * - Intervals of a day are listed in time order and must not overlap; they may touch ("12:00" ending one,
 *   "12:00" starting the next). Overlaps are refused rather than merged because they are usually a typo.
 * - At least one interval in the week: a calendar with no working hours would make every deadline infinite.
 * - `holidays` are local dates (`YYYY-MM-DD`, real calendar dates) on which nobody works. A date listed
 *   twice is accepted and kept once: holiday lists are often merged from several sources and a repeat is
 *   harmless. The parsed calendar holds its holidays sorted and without repeats (its canonical form).
 * - Unknown keys are refused everywhere.
 */

/** Weekday keys in the order of the Iranian week (Saturday first), as the JSON lists them. */
export const WEEKDAYS = ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Weekday keys indexed by `Date#getUTCDay()` numbering (0 = Sunday). */
export const WEEKDAY_BY_DAY_NUMBER: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const WEEKDAY_NAMES: Record<Weekday, string> = {
  sat: 'Saturday',
  sun: 'Sunday',
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
};

export const MAX_INTERVALS_PER_DAY = 96;
export const MAX_HOLIDAYS = 100_000;

const CLOCK_TIME_RE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Offsets ("+03:30", "-05") are accepted by some Intl versions but are not IANA time zones. */
const ZONE_NAME_RE = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;
const DAY_MS = 86_400_000;

/** Minutes after local midnight of a valid "HH:MM" ("24:00" is 1440), or null when malformed. */
export function clockTimeToMinutes(value: string): number | null {
  if (!CLOCK_TIME_RE.test(value)) return null;
  return Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));
}

/** Days since 1970-01-01 of a real `YYYY-MM-DD` date, or null when malformed or not a real date. */
export function localDateToDayNumber(value: string): number | null {
  const match = LOCAL_DATE_RE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return Math.round(date.getTime() / DAY_MS);
}

/**
 * The time-zone database's own spelling of a zone name (Intl matches names case-insensitively), or null
 * when the runtime does not know the zone. The database is the one the clocks use.
 */
export function resolveTimeZone(name: string): string | null {
  if (!ZONE_NAME_RE.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** True for a time-zone name the runtime's time-zone database knows, spelt as the database spells it. */
export function isKnownTimeZone(name: string): boolean {
  const resolved = resolveTimeZone(name);
  return resolved !== null && !(resolved !== name && resolved.toLowerCase() === name.toLowerCase());
}

const timeZone = z.string({ error: 'Required: an IANA time zone such as "Asia/Tehran".' }).superRefine((name, ctx) => {
  const resolved = resolveTimeZone(name);
  if (resolved === null) {
    ctx.addIssue({
      code: 'custom',
      message: `Unknown IANA time zone ${JSON.stringify(name.slice(0, 100))}: use a name such as "Asia/Tehran" or "Europe/Berlin".`,
    });
  } else if (!isKnownTimeZone(name)) {
    // One spelling per zone keeps stored calendars comparable.
    ctx.addIssue({ code: 'custom', message: `Time zone names are case-sensitive: write "${resolved}".` });
  }
});

const clockTime = z
  .string({ error: 'A time of day as "HH:MM".' })
  .regex(CLOCK_TIME_RE, 'A time of day as "HH:MM" from "00:00" to "24:00", e.g. "08:00".');

const interval = z
  .tuple([clockTime, clockTime], { error: 'An interval is a pair ["HH:MM", "HH:MM"], e.g. ["08:00", "16:00"].' })
  .superRefine(([start, end], ctx) => {
    const from = clockTimeToMinutes(start);
    const to = clockTimeToMinutes(end);
    if (from === null || to === null) return;
    if (from === 1440) {
      ctx.addIssue({ code: 'custom', path: [0], message: '"24:00" may only end an interval.' });
    } else if (from >= to) {
      ctx.addIssue({
        code: 'custom',
        message: `The interval ${start}-${end} must start before it ends (a shift past midnight ends at "24:00" and continues the next day from "00:00").`,
      });
    }
  });

type Interval = z.output<typeof interval>;

const wellFormed = (i: Interval): { from: number; to: number } | null => {
  const from = clockTimeToMinutes(i[0]);
  const to = clockTimeToMinutes(i[1]);
  return from !== null && to !== null && from < to ? { from, to } : null;
};

const workingDay = (day: Weekday) =>
  z
    .array(interval, {
      error: (issue) =>
        issue.input === undefined
          ? `Missing: list ${WEEKDAY_NAMES[day]}'s working intervals ([] for a day off).`
          : 'A list of intervals such as [["08:00", "16:00"]] ([] for a day off).',
    })
    .max(MAX_INTERVALS_PER_DAY, `At most ${MAX_INTERVALS_PER_DAY} intervals a day.`)
    .superRefine((intervals, ctx) => {
      for (let i = 1; i < intervals.length; i++) {
        const previous = wellFormed(intervals[i - 1]!);
        const current = wellFormed(intervals[i]!);
        if (!previous || !current) continue;
        const [prevText, curText] = [intervals[i - 1]!.join('-'), intervals[i]!.join('-')];
        if (current.from < previous.from) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `Intervals must be in time order: ${curText} is listed after ${prevText}.`,
          });
        } else if (current.from < previous.to) {
          ctx.addIssue({ code: 'custom', path: [i], message: `${curText} overlaps ${prevText}.` });
        }
      }
    });

const week = z
  .strictObject(
    {
      sat: workingDay('sat'),
      sun: workingDay('sun'),
      mon: workingDay('mon'),
      tue: workingDay('tue'),
      wed: workingDay('wed'),
      thu: workingDay('thu'),
      fri: workingDay('fri'),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `Unknown weekday key ${issue.keys.join(', ')}: the keys are ${WEEKDAYS.join(', ')}.`
          : 'Required: the working intervals of each weekday, {"sat": [...], ..., "fri": [...]}.',
    },
  )
  .superRefine((days, ctx) => {
    if (WEEKDAYS.every((day) => days[day].length === 0)) {
      ctx.addIssue({ code: 'custom', message: 'The calendar has no working hours.' });
    }
  });

const holiday = z.string({ error: 'A date as "YYYY-MM-DD".' }).superRefine((value, ctx) => {
  if (!LOCAL_DATE_RE.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'A date as "YYYY-MM-DD", e.g. "2027-03-21".' });
  } else if (localDateToDayNumber(value) === null) {
    ctx.addIssue({ code: 'custom', message: `${value} is not a date in the calendar.` });
  }
});

const holidays = z
  .array(holiday, { error: 'Required: a list of local dates as "YYYY-MM-DD" ([] for none).' })
  .max(MAX_HOLIDAYS, `At most ${MAX_HOLIDAYS} holidays.`)
  // Repeats are accepted and dropped (see the rules above); sorted, the stored form is canonical.
  .transform((dates) => [...new Set(dates)].sort());

export const businessCalendarSchema = z.strictObject(
  { timeZone, week, holidays },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown field ${issue.keys.join(', ')}: a calendar has timeZone, week and holidays.`
        : 'A calendar: {"timeZone": "...", "week": {...}, "holidays": [...]}.',
  },
);

/** A valid calendar, as parsed (holidays sorted, without repeats). */
export type BusinessCalendar = z.output<typeof businessCalendarSchema>;
/** A calendar as a client sends it. */
export type BusinessCalendarInput = z.input<typeof businessCalendarSchema>;
