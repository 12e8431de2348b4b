/**
 * Business time, pure: how SLA clocks count only the minutes a calendar says people work.
 *
 * Time-zone arithmetic uses the Intl API directly (Intl.DateTimeFormat with a `timeZone`), no library.
 * We looked at luxon 3.7 and @js-temporal/polyfill 0.5 (both declare Node >= 12 in their engines) and at
 * @date-fns/tz 1.x (with date-fns), and none earns its place here:
 * - they all read the time-zone database through Intl themselves, so Intl is the source of truth either way
 *   (Node 20 ships the ICU tz data; `process.versions.tz` tells its version);
 * - what this module needs is two primitives, "the UTC offset at an instant" and "where the offset
 *   changes", and one definition no library offers: business time is the set of instants whose local
 *   wall-clock reading falls inside a working interval (below). Libraries turn one local time into one
 *   instant with a disambiguation rule, which is the wrong shape for that set at DST changes;
 * - the walk asks for about one offset per calendar day, so the cost of a library's object allocation and
 *   its parsing per call would be pure overhead on a hot path (every handoff computes several due times).
 *
 * Definitions (the documented behaviour):
 * - An instant is business time when its local wall-clock time, in the calendar's zone, is on a local date
 *   that is not a holiday and within one of that weekday's intervals [start, end): start inclusive, end
 *   exclusive. "24:00" ends the interval at the next local midnight.
 * - Across DST this counts real elapsed time while the wall clock shows working hours. A local time that
 *   does not exist (the hour skipped in spring) is never business time, so a 00:00-24:00 day of 23 hours
 *   holds 23 business hours; a local time that happens twice (the hour repeated in autumn) is business
 *   time both times, so a 25-hour day holds 25. An 08:00-16:00 day is always 8 hours when no change falls
 *   inside it.
 * - `addBusinessMinutes(c, start, m)` is the instant at which exactly m business minutes (m * 60,000 ms)
 *   have elapsed since `start`. Counting begins at the next working moment when `start` is outside working
 *   hours. A due time that uses up an interval exactly is that interval's end (e.g. 16:00, not 08:00 the
 *   next working day): the end itself is outside the half-open interval but counts as "in hours" for a due
 *   time. `m = 0` returns `start` when it is in working hours, otherwise the next working moment (so an
 *   interval's end moves to the next interval's start). Hence add(add(s, a), b) === add(s, a + b) for every
 *   b >= 1; for b = 0 it differs only when add(s, a) is an interval's end.
 * - `businessMinutesBetween(c, start, end)` is floor(exact business milliseconds in [start, end) / 60,000):
 *   whole minutes, rounded down, 0 when end <= start. So between(s, add(s, m)) === m.
 * - Both refuse to look further than HORIZON_YEARS (10 years) ahead: a due time beyond that, a calendar
 *   with no working hours, or a start and end further apart throw BusinessTimeHorizonError. That bounds
 *   the work (about 3,653 steps, one per calendar day) whatever the number of holidays.
 * - Instants must lie in years 1900 to 9999 (the range the API accepts).
 *
 * The walk goes interval by interval, never minute by minute: spans of at most one day with a constant UTC
 * offset (the offset is probed at the span's end and, when it differs, the change is found by bisection),
 * and within a span each local day's intervals map to UTC by subtracting the offset. This assumes a zone
 * does not change its offset and change it back within one 24-hour span (two changes that cancel out
 * would be missed); real DST and zone changes are weeks apart.
 */
import { clockTimeToMinutes, localDateToDayNumber, WEEKDAY_BY_DAY_NUMBER, type BusinessCalendar } from './calendar.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export const HORIZON_YEARS = 10;
/** Ten years of 365.25 days, rounded up to whole days. */
export const HORIZON_MS = 3653 * DAY_MS;
export const EARLIEST_INSTANT_MS = Date.UTC(1900, 0, 1);
export const LATEST_INSTANT_MS = Date.UTC(10000, 0, 1) - 1;

/** The answer lies beyond the search horizon (or nowhere): refused rather than searched for ever. */
export class BusinessTimeHorizonError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'BusinessTimeHorizonError';
  }
}

interface CompiledCalendar {
  timeZone: string;
  /** Working intervals in ms after local midnight, indexed by `Date#getUTCDay()` numbering (0 = Sunday). */
  days: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  /** Holidays as local dates counted in days since 1970-01-01. */
  holidays: ReadonlySet<number>;
  hasWorkingHours: boolean;
}

function compile(calendar: BusinessCalendar): CompiledCalendar {
  const days = WEEKDAY_BY_DAY_NUMBER.map((weekday) =>
    calendar.week[weekday].map(([start, end]) => {
      const from = clockTimeToMinutes(start);
      const to = clockTimeToMinutes(end);
      if (from === null || to === null || from >= to) {
        throw new RangeError(
          `Invalid interval ${start}-${end} on ${weekday}: parse calendars with businessCalendarSchema.`,
        );
      }
      return [from * MINUTE_MS, to * MINUTE_MS] as const;
    }),
  );
  const holidays = new Set<number>();
  for (const date of calendar.holidays) {
    const day = localDateToDayNumber(date);
    if (day === null) throw new RangeError(`Invalid holiday ${date}: parse calendars with businessCalendarSchema.`);
    holidays.add(day);
  }
  // Fails fast (RangeError) on an unknown zone, before any walking.
  formatterFor(calendar.timeZone);
  return { timeZone: calendar.timeZone, days, holidays, hasWorkingHours: days.some((d) => d.length > 0) };
}

// One formatter per zone: creating one is far slower than using it. Bounded: Intl accepts many spellings
// of one zone (any capitals, old link names), and callers must not be able to grow this without limit.
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 1000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    // "longOffset" prints the offset itself ("GMT+03:30", "GMT-00:44:30", "GMT" for zero): formatting it is
    // about five times faster than formatToParts of the local date and time, and needs no date arithmetic.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset', year: 'numeric' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const OFFSET_RE = /GMT(?:([+-])(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** The zone's UTC offset in ms at an instant (local wall-clock time = instant + offset). */
export function utcOffsetMs(timeZone: string, instantMs: number): number {
  const text = formatterFor(timeZone).format(instantMs);
  const match = OFFSET_RE.exec(text);
  if (!match) throw new Error(`Unexpected time-zone offset format from Intl: ${JSON.stringify(text)}.`);
  if (!match[1]) return 0;
  const ms = (Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0)) * 1000;
  return match[1] === '-' ? -ms : ms;
}

/** The first instant in (from, to] whose offset differs from `offset`, given that the offset at `to` does. */
function offsetChange(timeZone: string, from: number, to: number, offset: number): number {
  let same = from;
  let differs = to;
  while (differs - same > 1) {
    const middle = same + Math.floor((differs - same) / 2);
    if (utcOffsetMs(timeZone, middle) === offset) same = middle;
    else differs = middle;
  }
  return differs;
}

const weekdayOf = (localDay: number) => (((localDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)

/** Business time within [from, to), during which the zone's offset is constant, as ordered UTC pieces. */
function* piecesAtOffset(calendar: CompiledCalendar, from: number, to: number, offset: number) {
  const localEnd = to + offset;
  for (let localDay = Math.floor((from + offset) / DAY_MS); localDay * DAY_MS < localEnd; localDay++) {
    if (calendar.holidays.has(localDay)) continue;
    // The instant whose wall clock reads this day's midnight, at this span's offset.
    const midnight = localDay * DAY_MS - offset;
    for (const [start, end] of calendar.days[weekdayOf(localDay)]!) {
      const pieceStart = Math.max(midnight + start, from);
      const pieceEnd = Math.min(midnight + end, to);
      if (pieceStart < pieceEnd) yield [pieceStart, pieceEnd] as const;
    }
  }
}

/** All business time within [from, until), in order, as UTC [start, end) pieces (adjacent pieces may touch). */
function* businessPieces(calendar: CompiledCalendar, from: number, until: number) {
  let spanStart = from;
  let offset = utcOffsetMs(calendar.timeZone, spanStart);
  while (spanStart < until) {
    let spanEnd = Math.min(spanStart + DAY_MS, until);
    let nextOffset = utcOffsetMs(calendar.timeZone, spanEnd);
    if (nextOffset !== offset) {
      spanEnd = offsetChange(calendar.timeZone, spanStart, spanEnd, offset);
      nextOffset = utcOffsetMs(calendar.timeZone, spanEnd);
    }
    yield* piecesAtOffset(calendar, spanStart, spanEnd, offset);
    spanStart = spanEnd;
    offset = nextOffset;
  }
}

function instantOf(value: Date, name: string): number {
  const ms = value.getTime();
  if (!Number.isFinite(ms) || ms < EARLIEST_INSTANT_MS || ms > LATEST_INSTANT_MS) {
    throw new RangeError(`${name} must be a valid instant in the years 1900 to 9999.`);
  }
  return ms;
}

/**
 * The instant when `minutes` business minutes have elapsed after `start` (see the definitions above:
 * counting starts at the next working moment; `minutes = 0` gives that moment; a due time may be an
 * interval's end). Throws BusinessTimeHorizonError when that is more than 10 years after `start`.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  const from = instantOf(start, 'start');
  if (!Number.isSafeInteger(minutes) || minutes < 0) {
    throw new RangeError(`minutes must be a whole number of at least 0, not ${minutes}.`);
  }
  const compiled = compile(calendar);
  if (!compiled.hasWorkingHours) throw new BusinessTimeHorizonError('The calendar has no working hours.');
  let remaining = minutes * MINUTE_MS;
  for (const [pieceStart, pieceEnd] of businessPieces(compiled, from, from + HORIZON_MS)) {
    const length = pieceEnd - pieceStart;
    if (remaining <= length) return new Date(pieceStart + remaining);
    remaining -= length;
  }
  throw new BusinessTimeHorizonError(
    `${minutes} business minutes do not elapse within ${HORIZON_YEARS} years of the start: the calendar has too few working hours or too many holidays.`,
  );
}

/**
 * Whole business minutes between two instants: floor(business milliseconds in [start, end) / 60,000),
 * 0 when end <= start. Throws BusinessTimeHorizonError when they are more than 10 years apart.
 */
export function businessMinutesBetween(calendar: BusinessCalendar, start: Date, end: Date): number {
  const from = instantOf(start, 'start');
  const to = instantOf(end, 'end');
  const compiled = compile(calendar);
  if (to <= from) return 0;
  if (to - from > HORIZON_MS) {
    throw new BusinessTimeHorizonError(`start and end are more than ${HORIZON_YEARS} years apart.`);
  }
  let total = 0;
  for (const [pieceStart, pieceEnd] of businessPieces(compiled, from, to)) total += pieceEnd - pieceStart;
  return Math.floor(total / MINUTE_MS);
}
