import { describe, expect, it } from 'vitest';
import {
  businessCalendarSchema,
  clockTimeToMinutes,
  isKnownTimeZone,
  localDateToDayNumber,
  MAX_HOLIDAYS,
  type BusinessCalendarInput,
} from './calendar.js';
import { TEHRAN_EXAMPLE_CALENDAR } from './example-calendar.js';

const TEHRAN: BusinessCalendarInput = TEHRAN_EXAMPLE_CALENDAR;

/** A deep copy to break, as loose JSON (the schema must cope with any shape). */
const tehran = (): Record<string, unknown> & { week: Record<string, unknown>; holidays: unknown[] } =>
  structuredClone(TEHRAN) as never;

/** The issues of a failed parse as [path, message] pairs. */
function issuesOf(input: unknown): [string, string][] {
  const result = businessCalendarSchema.safeParse(input);
  expect(result.success, 'expected the calendar to be refused').toBe(false);
  return result.error!.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

describe('businessCalendarSchema', () => {
  it('accepts the documented Tehran calendar unchanged', () => {
    expect(businessCalendarSchema.parse(TEHRAN)).toEqual(TEHRAN);
  });

  it('accepts several intervals a day, touching intervals and "24:00" as an end', () => {
    const input = tehran();
    input.week.mon = [
      ['00:00', '02:00'],
      ['08:00', '12:00'],
      ['12:00', '13:00'],
      ['16:00', '24:00'],
    ];
    expect(businessCalendarSchema.parse(input).week.mon).toEqual(input.week.mon);
  });

  it('accepts UTC and historical and link zone names the time-zone database knows', () => {
    for (const timeZone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Calcutta']) {
      expect(businessCalendarSchema.safeParse({ ...tehran(), timeZone }).success, timeZone).toBe(true);
    }
  });

  it('refuses an unknown time zone and a bare offset, naming timeZone', () => {
    expect(issuesOf({ ...tehran(), timeZone: 'Mars/Olympus' })).toEqual([
      ['timeZone', 'Unknown IANA time zone "Mars/Olympus": use a name such as "Asia/Tehran" or "Europe/Berlin".'],
    ]);
    expect(issuesOf({ ...tehran(), timeZone: '+03:30' })[0]).toEqual([
      'timeZone',
      expect.stringContaining('Unknown IANA time zone "+03:30"'),
    ]);
    expect(issuesOf({ ...tehran(), timeZone: '' })[0]![0]).toBe('timeZone');
    expect(issuesOf({ ...tehran(), timeZone: 3.5 })).toEqual([
      ['timeZone', 'Required: an IANA time zone such as "Asia/Tehran".'],
    ]);
  });

  it('refuses a zone name spelt with other capitals, naming the right spelling', () => {
    expect(issuesOf({ ...tehran(), timeZone: 'asia/tehran' })).toEqual([
      ['timeZone', 'Time zone names are case-sensitive: write "Asia/Tehran".'],
    ]);
    expect(issuesOf({ ...tehran(), timeZone: 'utc' })).toEqual([
      ['timeZone', 'Time zone names are case-sensitive: write "UTC".'],
    ]);
  });

  it('refuses malformed times of day, naming the exact position', () => {
    for (const bad of ['8:00', '08:0', '25:00', '24:01', '08:60', '0800', '08:00:00', '']) {
      const input = tehran();
      input.week.tue = [
        ['08:00', '12:00'],
        [bad, '16:00'],
      ];
      expect(issuesOf(input), bad).toEqual([
        ['week.tue.1.0', 'A time of day as "HH:MM" from "00:00" to "24:00", e.g. "08:00".'],
      ]);
    }
  });

  it('refuses an interval that is not a pair', () => {
    for (const bad of [['08:00'], ['08:00', '12:00', '16:00'], '08:00-16:00', { from: '08:00', to: '16:00' }]) {
      const input = tehran();
      input.week.wed = [bad];
      expect(issuesOf(input), JSON.stringify(bad)).toEqual([
        ['week.wed.0', 'An interval is a pair ["HH:MM", "HH:MM"], e.g. ["08:00", "16:00"].'],
      ]);
    }
  });

  it('refuses an interval whose start is not before its end, pointing at overnight shifts', () => {
    for (const pair of [
      ['16:00', '08:00'],
      ['08:00', '08:00'],
      ['22:00', '00:00'],
    ]) {
      const input = tehran();
      input.week.sun = [pair];
      expect(issuesOf(input)).toEqual([
        [
          'week.sun.0',
          `The interval ${pair[0]}-${pair[1]} must start before it ends (a shift past midnight ends at "24:00" and continues the next day from "00:00").`,
        ],
      ]);
    }
  });

  it('refuses "24:00" as a start', () => {
    const input = tehran();
    input.week.sun = [['24:00', '24:00']];
    expect(issuesOf(input)).toEqual([['week.sun.0.0', '"24:00" may only end an interval.']]);
  });

  it('refuses intervals out of time order and overlapping intervals, naming the later one', () => {
    const unsorted = tehran();
    unsorted.week.mon = [
      ['13:00', '16:00'],
      ['08:00', '12:00'],
    ];
    expect(issuesOf(unsorted)).toEqual([
      ['week.mon.1', 'Intervals must be in time order: 08:00-12:00 is listed after 13:00-16:00.'],
    ]);

    const overlapping = tehran();
    overlapping.week.mon = [
      ['08:00', '13:00'],
      ['12:00', '16:00'],
    ];
    expect(issuesOf(overlapping)).toEqual([['week.mon.1', '12:00-16:00 overlaps 08:00-13:00.']]);

    const sameStart = tehran();
    sameStart.week.mon = [
      ['08:00', '09:00'],
      ['08:00', '16:00'],
    ];
    expect(issuesOf(sameStart)).toEqual([['week.mon.1', '08:00-16:00 overlaps 08:00-09:00.']]);

    const contained = tehran();
    contained.week.mon = [
      ['08:00', '16:00'],
      ['09:00', '10:00'],
    ];
    expect(issuesOf(contained)).toEqual([['week.mon.1', '09:00-10:00 overlaps 08:00-16:00.']]);
  });

  it('refuses a missing weekday, naming it', () => {
    const input = tehran();
    delete input.week.fri;
    expect(issuesOf(input)).toEqual([['week.fri', "Missing: list Friday's working intervals ([] for a day off)."]]);
  });

  it('refuses unknown keys at every level', () => {
    const week = tehran();
    week.week.monday = [];
    expect(issuesOf(week)).toEqual([
      ['week', 'Unknown weekday key monday: the keys are sat, sun, mon, tue, wed, thu, fri.'],
    ]);
    expect(issuesOf({ ...tehran(), name: 'Head office' })).toEqual([
      ['', 'Unknown field name: a calendar has timeZone, week and holidays.'],
    ]);
  });

  it('refuses a missing week, missing holidays and a non-object', () => {
    const { week: _week, ...noWeek } = tehran();
    expect(issuesOf(noWeek)[0]![0]).toBe('week');
    const { holidays: _holidays, ...noHolidays } = tehran();
    expect(issuesOf(noHolidays)).toEqual([
      ['holidays', 'Required: a list of local dates as "YYYY-MM-DD" ([] for none).'],
    ]);
    expect(issuesOf(null)[0]![0]).toBe('');
  });

  it('refuses a calendar with no working hours', () => {
    const input = tehran();
    for (const day of Object.keys(input.week)) input.week[day] = [];
    expect(issuesOf(input)).toEqual([['week', 'The calendar has no working hours.']]);
  });

  it('refuses malformed and impossible holiday dates, naming each', () => {
    expect(
      issuesOf({ ...tehran(), holidays: ['2027-02-29', '2027-3-21', '2028-02-29', '21/03/2027', 20270321] }),
    ).toEqual([
      ['holidays.0', '2027-02-29 is not a date in the calendar.'],
      ['holidays.1', 'A date as "YYYY-MM-DD", e.g. "2027-03-21".'],
      ['holidays.3', 'A date as "YYYY-MM-DD", e.g. "2027-03-21".'],
      ['holidays.4', 'A date as "YYYY-MM-DD".'],
    ]);
  });

  it('accepts repeated holidays and keeps each date once, sorted (the documented choice)', () => {
    const parsed = businessCalendarSchema.parse({
      ...tehran(),
      holidays: ['2027-03-22', '2027-03-21', '2027-03-22', '2026-12-31', '2027-03-21'],
    });
    expect(parsed.holidays).toEqual(['2026-12-31', '2027-03-21', '2027-03-22']);
  });

  it('caps the number of holidays', () => {
    const many = Array.from({ length: MAX_HOLIDAYS + 1 }, () => '2027-03-21');
    expect(issuesOf({ ...tehran(), holidays: many })).toEqual([['holidays', `At most ${MAX_HOLIDAYS} holidays.`]]);
  });
});

describe('calendar helpers', () => {
  it('clockTimeToMinutes reads HH:MM including 24:00', () => {
    expect(clockTimeToMinutes('00:00')).toBe(0);
    expect(clockTimeToMinutes('08:30')).toBe(510);
    expect(clockTimeToMinutes('23:59')).toBe(1439);
    expect(clockTimeToMinutes('24:00')).toBe(1440);
    expect(clockTimeToMinutes('24:30')).toBeNull();
    expect(clockTimeToMinutes('7:00')).toBeNull();
  });

  it('localDateToDayNumber counts days since 1970-01-01 and refuses impossible dates', () => {
    expect(localDateToDayNumber('1970-01-01')).toBe(0);
    expect(localDateToDayNumber('2027-03-21')).toBe(Date.UTC(2027, 2, 21) / 86_400_000);
    expect(localDateToDayNumber('1900-01-01')).toBe(Date.UTC(1900, 0, 1) / 86_400_000);
    expect(localDateToDayNumber('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    expect(localDateToDayNumber('2023-02-29')).toBeNull();
    expect(localDateToDayNumber('2027-13-01')).toBeNull();
    expect(localDateToDayNumber('2027-00-10')).toBeNull();
  });

  it('isKnownTimeZone accepts IANA names only', () => {
    expect(isKnownTimeZone('Asia/Tehran')).toBe(true);
    expect(isKnownTimeZone('Etc/GMT+3')).toBe(true);
    expect(isKnownTimeZone('Asia/Tehrun')).toBe(false);
    expect(isKnownTimeZone('-05:00')).toBe(false);
    expect(isKnownTimeZone('GMT+3:30')).toBe(false);
    expect(isKnownTimeZone('europe/berlin')).toBe(false);
  });
});
