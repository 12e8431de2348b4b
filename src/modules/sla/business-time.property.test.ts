import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween } from './business-time.js';
import { businessCalendarSchema, WEEKDAYS, type BusinessCalendar } from './calendar.js';

/*
 * Property tests. Calendars are generated in zones with DST (New York, Berlin, Lord Howe with its 30-minute
 * change, Chatham at +12:45/+13:45, Tehran with DST until 2022) and without (UTC), and start instants are
 * drawn near real offset changes half of the time. The oracle below decides "is this instant business
 * time?" from the definition alone (the local wall clock read through Intl, then the calendar's JSON),
 * independently of the walk in business-time.ts.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Tehran',
] as const;

/** Instants at which one of ZONES changes its offset (checked in business-time.test.ts for some). */
const OFFSET_CHANGES = [
  '2027-03-14T07:00:00Z',
  '2027-11-07T06:00:00Z',
  '2027-03-28T01:00:00Z',
  '2027-10-31T01:00:00Z',
  '2027-04-03T15:00:00Z',
  '2027-10-02T15:30:00Z',
  '2027-04-03T14:00:00Z',
  '2027-09-25T14:00:00Z',
  '2022-03-21T20:30:00Z',
  '2022-09-21T19:30:00Z',
].map((iso) => Date.parse(iso));

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The oracle: is this instant inside a working interval of a non-holiday local date? */
function isBusinessInstant(calendar: BusinessCalendar, instant: number): boolean {
  let format = wallClocks.get(calendar.timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: calendar.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClocks.set(calendar.timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  if (calendar.holidays.includes(date)) return false;
  const weekday = WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 1) % 7]!; // WEEKDAYS starts on Saturday
  const sinceMidnight =
    ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 +
    (((instant % 1000) + 1000) % 1000);
  const toMs = (hhmm: string) => (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * MINUTE;
  return calendar.week[weekday].some(([start, end]) => toMs(start) <= sinceMidnight && sinceMidnight < toMs(end));
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A day's intervals: distinct boundaries (half hours mostly, any minute sometimes), paired in order. */
const dayArb = fc
  .uniqueArray(
    fc.oneof(
      fc.integer({ min: 0, max: 48 }).map((h) => h * 30),
      fc.integer({ min: 0, max: 1440 }),
    ),
    { maxLength: 6 },
  )
  .map((boundaries) => {
    const sorted = [...boundaries].sort((a, b) => a - b);
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) pairs.push([hhmm(sorted[i]!), hhmm(sorted[i + 1]!)]);
    return pairs;
  });

const weekArb = fc
  .tuple(dayArb, dayArb, dayArb, dayArb, dayArb, dayArb, dayArb, fc.boolean())
  .map(([sat, sun, mon, tue, wed, thu, fri, allDaySunday]) => ({
    sat,
    sun: allDaySunday ? [['00:00', '24:00'] as [string, string]] : sun,
    mon,
    tue,
    wed,
    thu,
    fri,
  }))
  .filter((week) => Object.values(week).some((day) => day.length > 0));

const weeklyMinutes = (calendar: BusinessCalendar) =>
  WEEKDAYS.reduce(
    (sum, day) =>
      sum +
      calendar.week[day].reduce(
        (s, [a, b]) =>
          s + (Number(b.slice(0, 2)) * 60 + Number(b.slice(3))) - (Number(a.slice(0, 2)) * 60 + Number(a.slice(3))),
        0,
      ),
    0,
  );

/** Start instants: anywhere in mid 2021 to mid 2028 (ms precision), or within two days of an offset change. */
const startArb = fc.oneof(
  fc.integer({ min: Date.UTC(2021, 5, 1), max: Date.UTC(2028, 5, 1) }),
  fc
    .tuple(fc.constantFrom(...OFFSET_CHANGES), fc.integer({ min: -2 * DAY, max: 2 * DAY }))
    .map(([change, delta]) => change + delta),
);

interface Scenario {
  calendar: BusinessCalendar;
  start: number;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    week: weekArb,
    start: startArb,
    holidayOffsets: fc.uniqueArray(fc.integer({ min: -1, max: 40 }), { maxLength: 12 }),
  })
  .map(({ timeZone, week, start, holidayOffsets }) => ({
    start,
    calendar: businessCalendarSchema.parse({
      timeZone,
      week,
      holidays: holidayOffsets.map((days) => new Date(start + days * DAY).toISOString().slice(0, 10)),
    }),
  }));

/** Minutes to add: up to 30 weeks of this calendar's working time (well inside the 10-year horizon). */
const minutesFor = (calendar: BusinessCalendar) => fc.integer({ min: 0, max: weeklyMinutes(calendar) * 30 });

const withMinutes = scenarioArb.chain((scenario) =>
  fc.record({ scenario: fc.constant(scenario), minutes: minutesFor(scenario.calendar) }),
);

const RUNS = { numRuns: 150 };

describe('business time properties (fast-check)', () => {
  it('measuring what was added gives it back: between(s, add(s, m)) = m', () => {
    fc.assert(
      fc.property(withMinutes, ({ scenario: { calendar, start }, minutes }) => {
        const due = addBusinessMinutes(calendar, new Date(start), minutes);
        expect(due.getTime()).toBeGreaterThanOrEqual(start);
        expect(businessMinutesBetween(calendar, new Date(start), due)).toBe(minutes);
      }),
      RUNS,
    );
  });

  it('a due time is never outside working hours (the end of an interval counts as inside)', () => {
    fc.assert(
      fc.property(withMinutes, ({ scenario: { calendar, start }, minutes }) => {
        const due = addBusinessMinutes(calendar, new Date(start), minutes).getTime();
        if (minutes === 0) {
          // The next working moment itself is business time...
          expect(isBusinessInstant(calendar, due)).toBe(true);
        } else {
          // ...and a later due time is either inside an interval or exactly at its end.
          expect(isBusinessInstant(calendar, due - 1)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('more minutes are never earlier', () => {
    const pair = scenarioArb.chain((scenario) =>
      fc.record({
        scenario: fc.constant(scenario),
        a: minutesFor(scenario.calendar),
        b: minutesFor(scenario.calendar),
      }),
    );
    fc.assert(
      fc.property(pair, ({ scenario: { calendar, start }, a, b }) => {
        const [less, more] = a <= b ? [a, b] : [b, a];
        const early = addBusinessMinutes(calendar, new Date(start), less).getTime();
        const late = addBusinessMinutes(calendar, new Date(start), more).getTime();
        expect(late).toBeGreaterThanOrEqual(early);
        if (more > less) expect(late).toBeGreaterThan(early);
      }),
      RUNS,
    );
  });

  it('adding a then b equals adding a + b (for b >= 1; b = 0 only moves an interval end to the next start)', () => {
    const pair = scenarioArb.chain((scenario) =>
      fc.record({
        scenario: fc.constant(scenario),
        a: minutesFor(scenario.calendar),
        b: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: weeklyMinutes(scenario.calendar) * 10 })),
      }),
    );
    fc.assert(
      fc.property(pair, ({ scenario: { calendar, start }, a, b }) => {
        const first = addBusinessMinutes(calendar, new Date(start), a);
        const stepwise = addBusinessMinutes(calendar, first, b).getTime();
        const atOnce = addBusinessMinutes(calendar, new Date(start), a + b).getTime();
        if (b > 0 || isBusinessInstant(calendar, first.getTime())) {
          expect(stepwise).toBe(atOnce);
        } else {
          // The documented exception: `first` is an interval's end, and 0 minutes from it is the next start.
          expect(stepwise).toBeGreaterThan(atOnce);
          expect(businessMinutesBetween(calendar, first, new Date(stepwise))).toBe(0);
        }
      }),
      RUNS,
    );
  });

  it('between agrees with counting business minutes one by one (whole-minute starts, spans up to 36 hours)', () => {
    const window = scenarioArb.chain((scenario) =>
      fc.record({ scenario: fc.constant(scenario), length: fc.integer({ min: 0, max: 36 * 60 }) }),
    );
    fc.assert(
      fc.property(window, ({ scenario: { calendar, start }, length }) => {
        // Every boundary (intervals, offsets of these zones, their changes) falls on a whole minute, so each
        // minute is wholly business time or wholly not.
        const from = Math.floor(start / MINUTE) * MINUTE;
        let counted = 0;
        for (let i = 0; i < length; i++) if (isBusinessInstant(calendar, from + i * MINUTE)) counted++;
        expect(businessMinutesBetween(calendar, new Date(from), new Date(from + length * MINUTE))).toBe(counted);
      }),
      { numRuns: 40 },
    );
  });

  it('between never exceeds the elapsed time and equals it on a round-the-clock UTC calendar', () => {
    const allDay = businessCalendarSchema.parse({
      timeZone: 'UTC',
      week: Object.fromEntries(WEEKDAYS.map((d) => [d, [['00:00', '24:00']]])),
      holidays: [],
    });
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: -DAY, max: 60 * DAY }), ({ calendar, start }, delta) => {
        const end = new Date(start + delta);
        const elapsed = Math.max(0, Math.floor(delta / MINUTE));
        expect(businessMinutesBetween(calendar, new Date(start), end)).toBeLessThanOrEqual(elapsed);
        expect(businessMinutesBetween(allDay, new Date(start), end)).toBe(elapsed);
      }),
      RUNS,
    );
  });
});
