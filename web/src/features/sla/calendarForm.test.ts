import { describe, expect, it } from 'vitest';
import {
  CALENDAR_PRESETS,
  calendarToForm,
  formToCalendar,
  normalizeClockTime,
  validateCalendar,
  weeklyMinutes,
  zonedLocalNow,
  zonedLocalToIso,
  zoneOffsetMinutes,
} from './calendarForm.js';

const TEHRAN_JSON = {
  timeZone: 'Asia/Tehran',
  week: {
    sat: [['08:00', '16:00']],
    sun: [['08:00', '16:00']],
    mon: [['08:00', '16:00']],
    tue: [['08:00', '16:00']],
    wed: [['08:00', '16:00']],
    thu: [['08:00', '12:00']],
    fri: [],
  },
  holidays: [],
};

describe('calendar presets and JSON', () => {
  it('gives the Tehran week in exactly the API shape', () => {
    expect(formToCalendar(CALENDAR_PRESETS.tehran())).toEqual(TEHRAN_JSON);
    expect(weeklyMinutes(formToCalendar(CALENDAR_PRESETS.tehran()))).toBe(5 * 480 + 240);
  });

  it('keeps the time zone and holidays for Monday-Friday', () => {
    const form = CALENDAR_PRESETS.mondayFriday({ timeZone: 'Europe/Berlin', holidays: ['2027-12-25'] });
    const json = formToCalendar(form);
    expect(json.timeZone).toBe('Europe/Berlin');
    expect(json.week.sat).toEqual([]);
    expect(json.week.mon).toEqual([['09:00', '17:00']]);
    expect(json.holidays).toEqual(['2027-12-25']);
  });

  it('round-trips JSON through the form, sorting holidays and dropping repeats', () => {
    const json = {
      ...TEHRAN_JSON,
      week: {
        ...TEHRAN_JSON.week,
        fri: [
          ['00:00', '06:00'],
          ['20:00', '24:00'],
        ],
      },
      holidays: ['2027-03-22', '2027-03-21'],
    };
    const form = calendarToForm(json as never);
    form.holidays.push('2027-03-21');
    expect(formToCalendar(form)).toEqual({ ...json, holidays: ['2027-03-21', '2027-03-22'] });
  });

  it('reads times typed loosely or in Persian digits', () => {
    expect(normalizeClockTime('8:00')).toBe('08:00');
    expect(normalizeClockTime(' ۰۸:۳۰ ')).toBe('08:30');
    expect(normalizeClockTime('24:00')).toBe('24:00');
    expect(normalizeClockTime('8')).toBe('8');
  });
});

describe('validateCalendar', () => {
  const base = () => CALENDAR_PRESETS.tehran();

  it('accepts the presets and 24:00 as an end', () => {
    expect(validateCalendar(base())).toEqual({});
    const form = base();
    form.week.fri = [{ start: '20:00', end: '24:00' }];
    expect(validateCalendar(form)).toEqual({});
  });

  it('names the input or interval at fault by the API path', () => {
    const form = base();
    form.week.mon = [
      { start: '08:00', end: '12:00' },
      { start: '11:00', end: '16:00' },
    ];
    form.week.tue = [{ start: '16:00', end: '08:00' }];
    form.week.wed = [{ start: '24:00', end: '24:00' }];
    form.week.thu = [{ start: '8am', end: '25:00' }];
    form.holidays = ['2027-02-30'];
    expect(validateCalendar(form)).toEqual({
      'week.mon.1': 'overlap',
      'week.tue.0': 'order',
      'week.wed.0.start': 'startAtMidnight',
      'week.thu.0.start': 'time',
      'week.thu.0.end': 'time',
      'holidays.0': 'date',
    });
  });

  it('refuses intervals out of order, a week without hours and an unknown time zone', () => {
    const form = base();
    form.week.sat = [
      { start: '13:00', end: '16:00' },
      { start: '08:00', end: '12:00' },
    ];
    expect(validateCalendar(form)).toEqual({ 'week.sat.1': 'order' });
    const empty = base();
    for (const day of Object.keys(empty.week) as (keyof typeof empty.week)[]) empty.week[day] = [];
    empty.timeZone = 'Mars/Olympus';
    expect(validateCalendar(empty)).toEqual({ week: 'noHours', timeZone: 'timeZone' });
  });
});

describe('wall-clock times in a time zone', () => {
  it("turns a picker's local time into an instant with the zone's offset", () => {
    expect(zonedLocalToIso('2027-01-14T15:00', 'Asia/Tehran')).toBe('2027-01-14T15:00:00+03:30');
    expect(zonedLocalToIso('2027-07-01T09:30', 'Europe/Berlin')).toBe('2027-07-01T09:30:00+02:00');
    expect(zonedLocalToIso('2027-01-01T09:30', 'America/New_York')).toBe('2027-01-01T09:30:00-05:00');
    expect(zonedLocalToIso('2027-01-01T09:30', 'UTC')).toBe('2027-01-01T09:30:00+00:00');
    expect(zonedLocalToIso('tomorrow', 'UTC')).toBeNull();
    expect(zonedLocalToIso('2027-01-01T09:30', 'Nowhere/Else')).toBeNull();
  });

  it('agrees with the instant it names', () => {
    const iso = zonedLocalToIso('2027-03-28T02:30', 'Europe/Berlin')!;
    expect(zonedLocalNow('Europe/Berlin', new Date(iso))).toMatch(/^2027-03-28T0[23]:30$/);
    expect(zoneOffsetMinutes(Date.parse('2027-01-14T12:00:00Z'), 'Asia/Tehran')).toBe(210);
    expect(zonedLocalNow('Asia/Tehran', new Date('2027-01-14T11:30:00Z'))).toBe('2027-01-14T15:00');
  });
});
