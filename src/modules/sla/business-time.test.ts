import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  BusinessTimeHorizonError,
  businessMinutesBetween,
  HORIZON_MS,
  utcOffsetMs,
} from './business-time.js';
import { businessCalendarSchema, WEEKDAYS, type BusinessCalendar, type Weekday } from './calendar.js';

type Day = [string, string][];

function calendar(timeZone: string, week: Partial<Record<Weekday, Day>>, holidays: string[] = []): BusinessCalendar {
  const full = Object.fromEntries(WEEKDAYS.map((day) => [day, week[day] ?? []]));
  return businessCalendarSchema.parse({ timeZone, week: full, holidays });
}

const everyDay = (day: Day): Partial<Record<Weekday, Day>> => Object.fromEntries(WEEKDAYS.map((d) => [d, day]));
const weekdays = (day: Day): Partial<Record<Weekday, Day>> => ({ mon: day, tue: day, wed: day, thu: day, fri: day });

/** The documented example: Saturday to Wednesday 08:00-16:00, Thursday 08:00-12:00, Friday off, Nowruz. */
const TEHRAN = calendar(
  'Asia/Tehran',
  {
    sat: [['08:00', '16:00']],
    sun: [['08:00', '16:00']],
    mon: [['08:00', '16:00']],
    tue: [['08:00', '16:00']],
    wed: [['08:00', '16:00']],
    thu: [['08:00', '12:00']],
  },
  ['2027-03-21', '2027-03-22'],
);

const at = (iso: string) => new Date(iso);
const add = (c: BusinessCalendar, start: string, minutes: number) =>
  addBusinessMinutes(c, at(start), minutes).toISOString();
const between = (c: BusinessCalendar, start: string, end: string) => businessMinutesBetween(c, at(start), at(end));

describe('addBusinessMinutes on the Tehran week (Saturday to Wednesday, half-day Thursday, Friday off)', () => {
  // 2027-03-18 is a Thursday; 2027-03-21 (Sunday) and 2027-03-22 (Monday) are holidays.
  it('a lead qualified Thursday 15:00 (after the half day) starts counting Saturday 08:00', () => {
    expect(add(TEHRAN, '2027-03-18T15:00:00+03:30', 0)).toBe('2027-03-20T04:30:00.000Z'); // Sat 08:00
    expect(add(TEHRAN, '2027-03-18T15:00:00+03:30', 1)).toBe('2027-03-20T04:31:00.000Z');
    expect(add(TEHRAN, '2027-03-18T15:00:00+03:30', 240)).toBe('2027-03-20T08:30:00.000Z'); // Sat 12:00
  });

  it('a due time that uses up a day exactly is that day end, not the next morning', () => {
    expect(add(TEHRAN, '2027-03-18T15:00:00+03:30', 480)).toBe('2027-03-20T12:30:00.000Z'); // Sat 16:00
  });

  it('skips the Sunday and Monday holidays', () => {
    expect(add(TEHRAN, '2027-03-18T15:00:00+03:30', 481)).toBe('2027-03-23T04:31:00.000Z'); // Tue 08:01
    expect(add(TEHRAN, '2027-03-18T15:00:00+03:30', 600)).toBe('2027-03-23T06:30:00.000Z'); // Tue 10:00
  });

  it('Thursday ends at noon and Friday is off', () => {
    expect(add(TEHRAN, '2027-03-18T10:00:00+03:30', 120)).toBe('2027-03-18T08:30:00.000Z'); // Thu 12:00
    expect(add(TEHRAN, '2027-03-18T10:00:00+03:30', 121)).toBe('2027-03-20T04:31:00.000Z'); // Sat 08:01
    expect(add(TEHRAN, '2027-03-19T09:00:00+03:30', 1)).toBe('2027-03-20T04:31:00.000Z'); // Fri -> Sat 08:01
  });

  it('counts the same span back', () => {
    expect(between(TEHRAN, '2027-03-18T15:00:00+03:30', '2027-03-23T10:00:00+03:30')).toBe(600);
    expect(between(TEHRAN, '2027-03-18T10:00:00+03:30', '2027-03-20T08:01:00+03:30')).toBe(121);
    // A whole week from Saturday to Saturday: 5 x 8 h + 4 h, less the two holidays (16 h).
    expect(between(TEHRAN, '2027-03-20T00:00:00+03:30', '2027-03-27T00:00:00+03:30')).toBe(44 * 60 - 16 * 60);
    expect(between(TEHRAN, '2027-04-03T00:00:00+03:30', '2027-04-10T00:00:00+03:30')).toBe(44 * 60);
  });

  it('Tehran has kept +03:30 since 2023 but had DST in 2022', () => {
    const allDay = calendar('Asia/Tehran', everyDay([['00:00', '24:00']]));
    // 2027: no change, every local day holds 24 hours.
    expect(between(allDay, '2027-03-22T00:00:00+03:30', '2027-03-23T00:00:00+03:30')).toBe(1440);
    expect(between(allDay, '2027-09-21T00:00:00+03:30', '2027-09-22T00:00:00+03:30')).toBe(1440);
    expect(utcOffsetMs('Asia/Tehran', Date.parse('2027-07-01T00:00:00Z'))).toBe(3.5 * 3_600_000);
    // 2022: 00:00 on 22 March jumped to 01:00, and 24:00 on 21 September fell back to 23:00.
    expect(between(allDay, '2022-03-22T00:00:00+03:30', '2022-03-23T00:00:00+04:30')).toBe(1380);
    expect(between(allDay, '2022-09-21T00:00:00+04:30', '2022-09-22T00:00:00+03:30')).toBe(1500);
    expect(add(allDay, '2022-03-21T23:00:00+03:30', 120)).toBe('2022-03-21T21:30:00.000Z'); // 02:00 +04:30
  });
});

describe('across DST changes', () => {
  const newYork = calendar('America/New_York', weekdays([['09:00', '17:00']]));
  const berlin = calendar('Europe/Berlin', weekdays([['09:00', '17:00']]));

  it('keeps wall-clock working hours when the offset changes over the weekend (New York)', () => {
    // Friday 16:00 + 2 business hours = Monday 10:00 local, before and after each change.
    expect(add(newYork, '2027-03-05T16:00:00-05:00', 120)).toBe('2027-03-08T15:00:00.000Z'); // EST -> EST
    expect(add(newYork, '2027-03-12T16:00:00-05:00', 120)).toBe('2027-03-15T14:00:00.000Z'); // EST -> EDT
    expect(add(newYork, '2027-11-05T16:00:00-04:00', 120)).toBe('2027-11-08T15:00:00.000Z'); // EDT -> EST
    expect(between(newYork, '2027-03-12T16:00:00-05:00', '2027-03-15T10:00:00-04:00')).toBe(120);
  });

  it('keeps wall-clock working hours when the offset changes over the weekend (Berlin)', () => {
    expect(add(berlin, '2027-03-26T15:00:00+01:00', 180)).toBe('2027-03-29T08:00:00.000Z'); // Mon 10:00 CEST
    expect(add(berlin, '2027-10-29T15:00:00+02:00', 180)).toBe('2027-11-01T09:00:00.000Z'); // Mon 10:00 CET
    expect(between(berlin, '2027-03-22T00:00:00+01:00', '2027-04-05T00:00:00+02:00')).toBe(10 * 480);
  });

  it('a round-the-clock calendar counts real time: 23-hour and 25-hour days', () => {
    const ny = calendar('America/New_York', everyDay([['00:00', '24:00']]));
    expect(between(ny, '2027-03-14T00:00:00-05:00', '2027-03-15T00:00:00-04:00')).toBe(1380);
    expect(between(ny, '2027-11-07T00:00:00-04:00', '2027-11-08T00:00:00-05:00')).toBe(1500);
    expect(add(ny, '2027-03-14T01:30:00-05:00', 60)).toBe('2027-03-14T07:30:00.000Z'); // 03:30 EDT
    const de = calendar('Europe/Berlin', everyDay([['00:00', '24:00']]));
    expect(between(de, '2027-03-28T00:00:00+01:00', '2027-03-29T00:00:00+02:00')).toBe(1380);
    expect(between(de, '2027-10-31T00:00:00+02:00', '2027-11-01T00:00:00+01:00')).toBe(1500);
    expect(add(de, '2027-10-31T02:30:00+02:00', 60)).toBe('2027-10-31T01:30:00.000Z'); // 02:30 again, in CET
  });

  it('an interval over the skipped hour holds only the hours that exist; over the repeated hour, both', () => {
    const sundayNight = calendar('Europe/Berlin', { sun: [['01:00', '04:00']] });
    expect(between(sundayNight, '2027-03-28T00:00:00+01:00', '2027-03-29T00:00:00+02:00')).toBe(120);
    expect(between(sundayNight, '2027-10-31T00:00:00+02:00', '2027-11-01T00:00:00+01:00')).toBe(240);
    expect(between(sundayNight, '2027-04-04T00:00:00+02:00', '2027-04-05T00:00:00+02:00')).toBe(180);
  });

  it('an interval starting inside the skipped hour starts when the clock shows a time after it', () => {
    const early = calendar('America/New_York', { sun: [['02:30', '04:00']] });
    expect(add(early, '2027-03-14T00:00:00-05:00', 0)).toBe('2027-03-14T07:00:00.000Z'); // 03:00 EDT
    expect(between(early, '2027-03-14T00:00:00-05:00', '2027-03-15T00:00:00-04:00')).toBe(60);
  });

  it('an interval ending inside the repeated hour is business time both times the clock shows it', () => {
    // 00:00-01:30 on 7 November: 00:00-01:30 EDT, then the clock shows 01:00-01:30 again (EST).
    const lateNight = calendar('America/New_York', { sun: [['00:00', '01:30']] });
    expect(between(lateNight, '2027-11-07T00:00:00-04:00', '2027-11-08T00:00:00-05:00')).toBe(120);
    expect(add(lateNight, '2027-11-07T00:00:00-04:00', 90)).toBe('2027-11-07T05:30:00.000Z'); // 01:30 EDT
    expect(add(lateNight, '2027-11-07T00:00:00-04:00', 91)).toBe('2027-11-07T06:01:00.000Z'); // 01:01 EST
  });

  it('reads offsets with seconds and half hours from the time-zone database', () => {
    expect(utcOffsetMs('Africa/Monrovia', Date.UTC(1960, 0, 1))).toBe(-(44 * 60 + 30) * 1000);
    expect(utcOffsetMs('Australia/Lord_Howe', Date.UTC(2027, 0, 1))).toBe(11 * 3_600_000);
    expect(utcOffsetMs('Australia/Lord_Howe', Date.UTC(2027, 6, 1))).toBe(10.5 * 3_600_000);
    expect(utcOffsetMs('UTC', Date.UTC(2027, 6, 1))).toBe(0);
    expect(utcOffsetMs('America/New_York', Date.parse('2027-03-14T06:59:59.999Z'))).toBe(-5 * 3_600_000);
    expect(utcOffsetMs('America/New_York', Date.parse('2027-03-14T07:00:00.000Z'))).toBe(-4 * 3_600_000);
  });
});

describe('intervals, "24:00" and holidays', () => {
  const split = calendar('UTC', {
    mon: [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
      ['22:00', '24:00'],
    ],
    tue: [
      ['00:00', '02:00'],
      ['09:00', '17:00'],
    ],
  });

  it('walks several intervals a day and pauses over the gaps', () => {
    expect(add(split, '2027-03-01T11:30:00Z', 30)).toBe('2027-03-01T12:00:00.000Z');
    expect(add(split, '2027-03-01T11:30:00Z', 31)).toBe('2027-03-01T13:01:00.000Z');
    expect(add(split, '2027-03-01T12:15:00Z', 0)).toBe('2027-03-01T13:00:00.000Z');
    expect(between(split, '2027-03-01T00:00:00Z', '2027-03-02T00:00:00Z')).toBe(180 + 240 + 120);
  });

  it('an interval ending at 24:00 runs on into one starting at 00:00', () => {
    expect(add(split, '2027-03-01T23:00:00Z', 120)).toBe('2027-03-02T01:00:00.000Z');
    expect(add(split, '2027-03-01T23:00:00Z', 60)).toBe('2027-03-02T00:00:00.000Z');
    expect(between(split, '2027-03-01T23:30:00Z', '2027-03-02T00:30:00Z')).toBe(60);
  });

  it('a holiday is a local date: no business time from its local midnight to the next', () => {
    const tehranAllDay = calendar('Asia/Tehran', everyDay([['00:00', '24:00']]), ['2027-03-21']);
    // 2027-03-21 local = 2027-03-20T20:30Z to 2027-03-21T20:30Z.
    expect(add(tehranAllDay, '2027-03-20T20:00:00Z', 30)).toBe('2027-03-20T20:30:00.000Z');
    expect(add(tehranAllDay, '2027-03-20T20:00:00Z', 31)).toBe('2027-03-21T20:31:00.000Z');
    expect(between(tehranAllDay, '2027-03-20T00:00:00Z', '2027-03-23T00:00:00Z')).toBe(3 * 1440 - 1440);
  });
});

describe('edge cases', () => {
  const nineToFive = calendar('UTC', weekdays([['09:00', '17:00']]));

  it('minutes = 0 keeps a start inside working hours and moves any other start to the next working moment', () => {
    expect(add(nineToFive, '2027-03-01T10:15:30.250Z', 0)).toBe('2027-03-01T10:15:30.250Z');
    expect(add(nineToFive, '2027-03-01T09:00:00Z', 0)).toBe('2027-03-01T09:00:00.000Z');
    expect(add(nineToFive, '2027-03-01T07:00:00Z', 0)).toBe('2027-03-01T09:00:00.000Z');
    // An interval's end is outside the half-open interval: the next working moment is the next start.
    expect(add(nineToFive, '2027-03-01T17:00:00Z', 0)).toBe('2027-03-02T09:00:00.000Z');
    expect(add(nineToFive, '2027-03-05T18:00:00Z', 0)).toBe('2027-03-08T09:00:00.000Z'); // Friday -> Monday
  });

  it('keeps the seconds of a start inside working hours', () => {
    expect(add(nineToFive, '2027-03-01T16:59:30Z', 1)).toBe('2027-03-02T09:00:30.000Z');
    expect(between(nineToFive, '2027-03-01T16:59:30Z', '2027-03-02T09:00:30Z')).toBe(1);
  });

  it('between rounds the exact business time down to whole minutes and is 0 when end <= start', () => {
    expect(between(nineToFive, '2027-03-01T10:00:00Z', '2027-03-01T10:00:59.999Z')).toBe(0);
    expect(between(nineToFive, '2027-03-01T10:00:00Z', '2027-03-01T10:01:30Z')).toBe(1);
    expect(between(nineToFive, '2027-03-01T16:59:45Z', '2027-03-02T09:00:20Z')).toBe(0); // 15 s + 20 s
    expect(between(nineToFive, '2027-03-01T16:59:15Z', '2027-03-02T09:00:50Z')).toBe(1); // 45 s + 50 s
    expect(between(nineToFive, '2027-03-01T12:00:00Z', '2027-03-01T12:00:00Z')).toBe(0);
    expect(between(nineToFive, '2027-03-02T12:00:00Z', '2027-03-01T12:00:00Z')).toBe(0);
  });

  it('between counts nothing outside working hours', () => {
    expect(between(nineToFive, '2027-03-01T17:00:00Z', '2027-03-02T09:00:00Z')).toBe(0);
    expect(between(nineToFive, '2027-03-05T17:00:00Z', '2027-03-08T09:00:00Z')).toBe(0);
    expect(between(nineToFive, '2027-03-06T08:00:00Z', '2027-03-08T10:00:00Z')).toBe(60);
  });

  it('refuses bad minutes and bad instants', () => {
    expect(() => addBusinessMinutes(nineToFive, at('2027-03-01T10:00:00Z'), -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(nineToFive, at('2027-03-01T10:00:00Z'), 1.5)).toThrow(/whole number/);
    expect(() => addBusinessMinutes(nineToFive, at('2027-03-01T10:00:00Z'), NaN)).toThrow(/whole number/);
    expect(() => addBusinessMinutes(nineToFive, new Date(NaN), 1)).toThrow(/start must be a valid instant/);
    expect(() => businessMinutesBetween(nineToFive, at('2027-03-01T10:00:00Z'), new Date(NaN))).toThrow(
      /end must be a valid instant/,
    );
    expect(() => addBusinessMinutes(nineToFive, at('1899-12-31T23:59:59Z'), 1)).toThrow(/1900 to 9999/);
  });
});

describe('long spans and the 10-year horizon', () => {
  const nineToFive = calendar('UTC', weekdays([['09:00', '17:00']]));
  const DAY = 86_400_000;

  /** Due time on a UTC Monday-to-Friday 09:00-17:00 calendar from a Monday 09:00, by week arithmetic. */
  function expectedFromMonday(mondayNine: string, minutes: number): string {
    const fullDays = Math.floor(minutes / 480);
    let rest = minutes % 480;
    let weeks = Math.floor(fullDays / 5);
    let days = fullDays % 5;
    if (rest === 0 && fullDays > 0) {
      // A due time that ends a day exactly is that day's 17:00.
      days -= 1;
      rest = 480;
      if (days < 0) {
        weeks -= 1;
        days = 4;
      }
    }
    return new Date(Date.parse(mondayNine) + (weeks * 7 + days) * DAY + rest * 60_000).toISOString();
  }

  it('adds 100,000 and 1,000,000 minutes exactly, and measures them back', () => {
    const start = '2027-01-04T09:00:00Z'; // a Monday
    for (const minutes of [100_000, 1_000_000, 2400, 2401, 480 * 5 * 52]) {
      const due = add(nineToFive, start, minutes);
      expect(due, String(minutes)).toBe(expectedFromMonday(start, minutes));
      expect(between(nineToFive, start, due)).toBe(minutes);
    }
    expect(add(nineToFive, start, 1_000_000)).toBe('2034-12-28T11:40:00.000Z');
  });

  it('looks up to 10 years ahead past a long run of holidays', () => {
    const holidays: string[] = [];
    for (let day = Date.UTC(2027, 0, 1); day < Date.UTC(2036, 0, 1); day += DAY) {
      holidays.push(new Date(day).toISOString().slice(0, 10));
    }
    const closed = calendar('UTC', weekdays([['09:00', '17:00']]), holidays);
    // 2036-01-01 is a Tuesday.
    expect(add(closed, '2027-01-01T00:00:00Z', 1)).toBe('2036-01-01T09:01:00.000Z');
    expect(between(closed, '2027-01-01T00:00:00Z', '2036-01-02T00:00:00Z')).toBe(480);
  });

  it('gives up with a clear error beyond 10 years, however many holidays there are', () => {
    const holidays: string[] = [];
    for (let day = Date.UTC(2027, 0, 1); day < Date.UTC(2057, 0, 1); day += DAY) {
      holidays.push(new Date(day).toISOString().slice(0, 10));
    }
    const closed = calendar('UTC', { thu: [['08:00', '12:00']] }, holidays);
    expect(holidays.length).toBeGreaterThan(10_000);
    expect(() => add(closed, '2027-01-01T00:00:00Z', 1)).toThrow(BusinessTimeHorizonError);
    expect(() => add(closed, '2027-01-01T00:00:00Z', 1)).toThrow(
      '1 business minutes do not elapse within 10 years of the start: the calendar has too few working hours or too many holidays.',
    );
    // A thin calendar (4 hours a week) cannot hold a million minutes within 10 years either.
    const thin = calendar('UTC', { thu: [['08:00', '12:00']] });
    expect(() => add(thin, '2027-01-01T00:00:00Z', 1_000_000)).toThrow(BusinessTimeHorizonError);
    expect(add(thin, '2027-01-01T00:00:00Z', 240 * 52 * 9)).toMatch(/^2035-/);
  });

  it('refuses a calendar without working hours at once, and spans longer than 10 years', () => {
    const empty = { ...nineToFive, week: { ...nineToFive.week, mon: [], tue: [], wed: [], thu: [], fri: [] } };
    expect(() => addBusinessMinutes(empty, at('2027-01-01T00:00:00Z'), 0)).toThrow(
      'The calendar has no working hours.',
    );
    const start = at('2027-01-01T00:00:00Z');
    expect(() => businessMinutesBetween(nineToFive, start, new Date(start.getTime() + HORIZON_MS + 1))).toThrow(
      'start and end are more than 10 years apart.',
    );
    expect(businessMinutesBetween(nineToFive, start, new Date(start.getTime() + HORIZON_MS))).toBeGreaterThan(0);
  });
});
