import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { fieldErrors } from '../support/problems.js';
import { TEHRAN_EXAMPLE_CALENDAR } from '../../src/modules/sla/example-calendar.js';

/** The documented example: Saturday to Wednesday 08:00-16:00, Thursday 08:00-12:00, Friday off, Nowruz. */
const TEHRAN = TEHRAN_EXAMPLE_CALENDAR;

describe.each(dialects())('business-time API on %s', (dialect) => {
  let t: TestApp;
  let rep: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    rep = await t.user('sales_rep');
  });
  afterAll(() => t.close());

  const post = (path: 'add' | 'between', payload: unknown, user: TestUser = rep) =>
    t.as(user, { method: 'POST', url: `/api/v1/business-time/${path}`, payload: payload as object });

  it('a lead qualified Thursday 15:00 in Tehran with 10 business hours to first touch is due Tuesday 10:00', async () => {
    // Thursday's half day is over, Friday is off, Saturday gives 8 hours, Sunday and Monday are Nowruz.
    const res = await post('add', { calendar: TEHRAN, start: '2027-03-18T15:00:00+03:30', minutes: 600 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ due: '2027-03-23T06:30:00.000Z' }); // Tuesday 10:00 +03:30
  });

  it('a due time that uses up a working day is its end, and 0 minutes is the next working moment', async () => {
    const full = await post('add', { calendar: TEHRAN, start: '2027-03-18T15:00:00+03:30', minutes: 480 });
    expect(full.json()).toEqual({ due: '2027-03-20T12:30:00.000Z' }); // Saturday 16:00
    const zero = await post('add', { calendar: TEHRAN, start: '2027-03-18T11:30:00Z', minutes: 0 });
    expect(zero.json()).toEqual({ due: '2027-03-20T04:30:00.000Z' }); // Saturday 08:00
  });

  it('measures the same span back in whole minutes, rounding down, and 0 when end <= start', async () => {
    const res = await post('between', {
      calendar: TEHRAN,
      start: '2027-03-18T15:00:00+03:30',
      end: '2027-03-23T06:30:59.999Z',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ minutes: 600 });
    const backwards = await post('between', {
      calendar: TEHRAN,
      start: '2027-03-23T10:00:00+03:30',
      end: '2027-03-18T15:00:00+03:30',
    });
    expect(backwards.json()).toEqual({ minutes: 0 });
  });

  it('counts real hours across a DST change (New York, spring forward on 14 March 2027)', async () => {
    const newYork = {
      timeZone: 'America/New_York',
      week: Object.fromEntries(['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['00:00', '24:00']]])),
      holidays: [],
    };
    const res = await post('between', {
      calendar: newYork,
      start: '2027-03-14T00:00:00-05:00',
      end: '2027-03-15T00:00:00-04:00',
    });
    expect(res.json()).toEqual({ minutes: 23 * 60 });
  });

  it('refuses a bad calendar with one problem naming every bad field', async () => {
    const calendar = {
      ...TEHRAN,
      timeZone: 'Asia/Tehrun',
      week: {
        ...TEHRAN.week,
        mon: [['16:00', '08:00']],
        tue: [
          ['08:00', '13:00'],
          ['12:00', '16:00'],
        ],
        wed: [['8:00', '16:00']],
      },
      holidays: ['2027-02-30'],
    };
    const errors = fieldErrors(await post('add', { calendar, start: '2027-03-18T15:00:00+03:30', minutes: 60 }));
    expect(errors).toEqual({
      'calendar.timeZone': 'Unknown IANA time zone "Asia/Tehrun": use a name such as "Asia/Tehran" or "Europe/Berlin".',
      'calendar.week.mon.0':
        'The interval 16:00-08:00 must start before it ends (a shift past midnight ends at "24:00" and continues the next day from "00:00").',
      'calendar.week.tue.1': '12:00-16:00 overlaps 08:00-13:00.',
      'calendar.week.wed.0.0': 'A time of day as "HH:MM" from "00:00" to "24:00", e.g. "08:00".',
      'calendar.holidays.0': '2027-02-30 is not a date in the calendar.',
    });
  });

  it('refuses a calendar without working hours, a missing weekday and unknown fields', async () => {
    const closed = { ...TEHRAN, week: Object.fromEntries(Object.keys(TEHRAN.week).map((d) => [d, []])) };
    expect(fieldErrors(await post('add', { calendar: closed, start: '2027-03-18T15:00:00Z', minutes: 1 }))).toEqual({
      'calendar.week': 'The calendar has no working hours.',
    });

    const { fri: _fri, ...sixDays } = TEHRAN.week;
    const missing = fieldErrors(
      await post('add', { calendar: { ...TEHRAN, week: sixDays }, start: '2027-03-18T15:00:00Z', minutes: 1 }),
    );
    expect(missing).toEqual({ 'calendar.week.fri': "Missing: list Friday's working intervals ([] for a day off)." });

    const unknown = fieldErrors(
      await post('between', {
        calendar: { ...TEHRAN, name: 'Head office' },
        start: '2027-03-18T15:00:00Z',
        end: '2027-03-19T15:00:00Z',
        round: 'up',
      }),
    );
    expect(Object.keys(unknown).sort()).toEqual(['calendar.name', 'round']);
  });

  it('refuses bad instants and minutes, naming the field', async () => {
    const add = fieldErrors(await post('add', { calendar: TEHRAN, start: '2027-03-18T15:00:00', minutes: 1_000_001 }));
    expect(add).toEqual({
      start: 'An ISO 8601 date-time with seconds and an offset or Z, e.g. "2027-03-18T15:00:00+03:30".',
      minutes: 'At most 1000000.',
    });
    const fractional = fieldErrors(
      await post('add', { calendar: TEHRAN, start: '2027-03-18T15:00:00Z', minutes: 1.5 }),
    );
    expect(fractional).toEqual({ minutes: 'A whole number of minutes.' });
    const negative = fieldErrors(await post('add', { calendar: TEHRAN, start: '2027-03-18T15:00:00Z', minutes: -1 }));
    expect(negative).toEqual({ minutes: 'At least 0.' });
    const between = fieldErrors(
      await post('between', { calendar: TEHRAN, start: '1850-01-01T00:00:00Z', end: 'tomorrow' }),
    );
    expect(between).toEqual({
      start: 'A date-time in the years 1900 to 9999.',
      end: 'An ISO 8601 date-time with seconds and an offset or Z, e.g. "2027-03-18T15:00:00+03:30".',
    });
    const missing = fieldErrors(await post('between', { calendar: TEHRAN }));
    const required = 'Required: an ISO 8601 date-time with an offset, e.g. "2027-03-18T15:00:00+03:30".';
    expect(missing).toEqual({ start: required, end: required });
  });

  it('refuses answers beyond the 10-year horizon with a problem naming the field', async () => {
    const thin = {
      ...TEHRAN,
      week: { ...Object.fromEntries(Object.keys(TEHRAN.week).map((d) => [d, []])), thu: [['08:00', '09:00']] },
    };
    const res = await post('add', { calendar: thin, start: '2027-03-18T15:00:00Z', minutes: 1_000_000 });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      code: 'business_time.beyond_horizon',
      errors: [{ field: 'minutes', message: expect.stringContaining('within 10 years') }],
    });
    const far = await post('between', { calendar: TEHRAN, start: '2027-01-01T00:00:00Z', end: '2040-01-01T00:00:00Z' });
    expect(far.statusCode).toBe(422);
    expect(far.json()).toMatchObject({
      code: 'business_time.beyond_horizon',
      errors: [{ field: 'end', message: 'start and end are more than 10 years apart.' }],
    });
  });

  it('requires a signed-in user (any role) and writes nothing', async () => {
    const body = { calendar: TEHRAN, start: '2027-03-18T15:00:00+03:30', minutes: 600 };
    const users = await Promise.all(
      (['admin', 'marketing', 'sales_manager', 'sales_rep'] as const).map((r) => t.user(r)),
    );
    const before = await Promise.all([t.count('audit_log'), t.count('outbox')]);
    for (const path of ['add', 'between']) {
      const anonymous = await t.app.inject({ method: 'POST', url: `/api/v1/business-time/${path}`, payload: body });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['content-type']).toContain('application/problem+json');
      expect(anonymous.json().code).toBe('auth.unauthenticated');
    }
    const badToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/business-time/add',
      headers: { authorization: 'Bearer not-a-token' },
      payload: body,
    });
    expect(badToken.statusCode).toBe(401);
    for (const user of users) {
      const res = await post('add', body, user);
      expect(res.statusCode, user.user.role).toBe(200);
      expect(res.json()).toEqual({ due: '2027-03-23T06:30:00.000Z' });
    }
    expect(await Promise.all([t.count('audit_log'), t.count('outbox')])).toEqual(before);
  });

  it('describes both endpoints in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json<{ paths: Record<string, { post?: { requestBody?: unknown } }> }>().paths;
    for (const path of ['/api/v1/business-time/add', '/api/v1/business-time/between']) {
      expect(JSON.stringify(paths[path]?.post?.requestBody), path).toContain('timeZone');
    }
  });
});
