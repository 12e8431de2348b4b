import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodContaining } from '../../src/modules/compliance/periods.js';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { handoffRowDefaults, slaDocument } from '../support/sla.js';
import { poll, signIn, startBrowserApp, type BrowserApp } from './browser.js';

/** Round the clock in UTC: business minutes are wall-clock minutes, so the figures are exact. */
const ALL_DAY = [['00:00', '24:00']];
const CALENDAR = {
  timeZone: 'UTC',
  week: { sat: ALL_DAY, sun: ALL_DAY, mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY },
  holidays: [],
};

const MINUTE = 60_000;

const dashboardSla = (calendarId: string, teamId: string) =>
  slaDocument(calendarId, {
    marketing: { perTeam: [{ teamId, qualifiedLeads: 20 }] },
    sales: { firstTouch: { rules: [], otherwiseMinutes: 60 }, attempts: { count: 2, withinBusinessDays: 1 } },
  });

/** The month and year of an instant in UTC, as Intl writes them in a calendar and language. */
function monthYear(instant: Date, tag: string): string {
  const parts = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', month: 'long', year: 'numeric' }).formatToParts(
    instant,
  );
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('month')} ${part('year')}`;
}

describe.each(dialects())('the SLA dashboard in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let admin: TestUser;
  let rep1: TestUser;
  let rep2: TestUser;
  let slaId: string;
  let now: Date;
  /** The start of the current Gregorian month (UTC), in ms. */
  let monthStart: number;

  beforeAll(async () => {
    started = await startBrowserApp(dialect);
    ({ t, browser, base } = started);
    admin = await t.user('admin', { email: 'e2e-admin@example.test', name: 'Ava Admin' });
    rep1 = await t.user('sales_rep', { team: 'North', email: 'e2e-rep1@example.test', name: 'Reza Rep' });
    rep2 = await t.user('sales_rep', { team: 'North', email: 'e2e-rep2@example.test', name: 'Sina Rep' });
    const north = await t.team('North');

    const ok = async (options: Parameters<TestApp['as']>[1]) => {
      const res = await t.as(admin, options);
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>();
    };
    const calendar = await ok({
      method: 'POST',
      url: '/api/v1/calendars',
      payload: { name: 'Always', definition: CALENDAR },
    });
    slaId = (
      await ok({
        method: 'POST',
        url: '/api/v1/slas',
        payload: { name: 'Inbound', document: dashboardSla(calendar.id, north) },
      })
    ).id;

    // A second SLA with no handoffs at all.
    await ok({
      method: 'POST',
      url: '/api/v1/slas',
      payload: { name: 'Partner', document: dashboardSla(calendar.id, north) },
    });

    // Handoffs with known outcomes, written as the handoff module stores them (as the compliance tests do). They start
    // three hours ago, inside the current Gregorian and Jalali months (or at the start of the later one, in its first hours).
    now = new Date();
    const month = periodContaining(now, 'month', 'gregorian', 'UTC');
    monthStart = month.start.getTime();
    const jalaliMonth = periodContaining(now, 'month', 'jalali', 'UTC');
    const t0 = Math.max(now.getTime() - 180 * MINUTE, month.start.getTime() + 1000, jalaliMonth.start.getTime() + 1000);
    const at = (minutes: number) => new Date(t0 + minutes * MINUTE).toISOString();
    const justNow = new Date(now.getTime() - MINUTE).toISOString();
    const overdueSince = new Date(Math.min(t0 + 60 * MINUTE, now.getTime() - MINUTE)).toISOString();
    const row = {
      ...handoffRowDefaults(slaId),
      team_id: north,
      qualified_at: at(0),
      assigned_at: at(0),
      created_at: at(0),
      updated_at: at(0),
      first_touch_due_at: at(60),
      decision_due_at: at(480),
    };
    const db = t.app.tandem.database.db;
    const lastMonth = new Date(month.start.getTime() - 2 * 86_400_000).toISOString();
    await db
      .insertInto('handoffs')
      .values([
        {
          // Touched after 20 minutes, both attempts made, accepted after 40: everything on time.
          ...row,
          id: 'e2e-h1',
          contact_id: 'e2e-c1',
          assignee_id: rep1.user.id,
          status: 'accepted',
          grade: 'A',
          first_touched_at: at(20),
          attempts: 2,
          attempts_required: 2,
          attempts_due_at: at(1440),
          attempts_met_at: at(35),
          decided_at: at(40),
        },
        {
          // Touched after 30 minutes, rejected (no budget) after 50.
          ...row,
          id: 'e2e-h2',
          contact_id: 'e2e-c2',
          assignee_id: rep1.user.id,
          status: 'rejected',
          grade: 'B',
          first_touched_at: at(30),
          decided_at: at(50),
          reject_reason: 'no_budget',
        },
        {
          // First touch 90 minutes in, 30 minutes late; the decision is not due yet.
          ...row,
          id: 'e2e-h3',
          contact_id: 'e2e-c3',
          assignee_id: rep2.user.id,
          status: 'open',
          grade: 'C',
          first_touched_at: at(90),
          next_due_at: at(480),
        },
        {
          // Never touched: overdue now (due an hour in, or a minute ago on the month's first hour).
          ...row,
          id: 'e2e-h4',
          contact_id: 'e2e-c4',
          assignee_id: rep2.user.id,
          status: 'open',
          grade: 'A',
          first_touch_due_at: overdueSince,
          next_due_at: overdueSince,
        },
        {
          // Last month: accepted and won (the funnel the derived target learns from).
          ...row,
          id: 'e2e-h5',
          contact_id: 'e2e-c5',
          assignee_id: rep1.user.id,
          status: 'closed',
          grade: 'A',
          qualified_at: lastMonth,
          assigned_at: lastMonth,
          created_at: lastMonth,
          updated_at: lastMonth,
          first_touch_due_at: null,
          decision_due_at: null,
          decided_at: lastMonth,
          outcome: 'won',
        },
      ])
      .execute();
    // Both handoffs with fired timers are rep 2's, and were under these timers.
    const timer = (handoff: string, kind: string) => ({
      handoff_id: handoff,
      assignment_no: 1,
      assignee_id: rep2.user.id,
      kind,
      due_at: justNow,
      fired_at: justNow,
      outcome: 'notified',
      detail: null,
      created_at: at(0),
    });
    await db
      .insertInto('handoff_timers')
      .values([
        timer('e2e-h3', 'first_touch.breach'),
        timer('e2e-h4', 'first_touch.breach'),
        timer('e2e-h4', 'first_touch.reassign'),
      ])
      .execute();
  });
  afterAll(() => started?.close());

  async function open(user: TestUser): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, user, '/sla/dashboard');
    await page.getByTestId('sla-dashboard').waitFor();
    return { page, errors };
  }

  const text = (page: Page, testId: string) => page.getByTestId(testId).first().textContent();

  it('shows both sides of the current month with exact figures, trends and the derived target', async () => {
    // Pacing moves with the clock: the page shows it as of a moment between these two readings.
    const pacingNow = async () =>
      (await t.as(admin, { method: 'GET', url: `/api/v1/sla/compliance?slaId=${slaId}` })).json<{
        marketing: { pacing: { expected: number; onTrack: boolean } };
      }>().marketing.pacing;
    const before = await pacingNow();
    const { page, errors } = await open(admin);
    const after = await pacingNow();
    const readings = [before, after];

    expect(await text(page, 'sla-dashboard-period')).toBe(monthYear(now, 'en-US'));
    expect(await page.getByTestId('nav-sla-dashboard').getAttribute('aria-current')).toBe('page');

    // Marketing: 4 of 40 delivered (4 of 20 for North), half accepted against a 60% floor, 3 of 4 at grade B or better.
    expect(await text(page, 'sla-delivered')).toBe('4 of 40');
    const pacing = page.getByTestId('sla-pacing');
    const tone = await pacing.getAttribute('data-tone');
    expect(readings.map((p) => (p.onTrack ? 'onTrack' : 'behind'))).toContain(tone);
    expect(await pacing.textContent()).toBe(tone === 'onTrack' ? 'On track' : 'Behind');
    expect(readings.map((p) => `${Math.ceil(Number(p.expected.toFixed(9)))} expected by now, 36 to go`)).toContain(
      await text(page, 'sla-expected'),
    );
    expect(await text(page, 'sla-team-delivered')).toBe('4 of 20');
    expect(await page.getByTestId('sla-team-row').locator('bdi').textContent()).toBe('North');
    expect(await text(page, 'sla-acceptance')).toBe('50%');
    expect(await page.getByTestId('sla-floor').getAttribute('data-met')).toBe('false');
    expect(await text(page, 'sla-floor')).toBe('Below the floor');
    expect(await text(page, 'sla-decided')).toBe('1 accepted, 1 rejected');
    expect(await page.getByTestId('sla-reason').count()).toBe(1);
    expect(await text(page, 'sla-reason-label')).toBe('No budget');
    expect(await text(page, 'sla-reason-count')).toBe('1');
    expect(await text(page, 'sla-fit')).toBe('75%');

    // Sales: 2 of 4 first touches on time (one late, one never made), median 30 and p90 90 business minutes.
    expect(await text(page, 'sla-first-touch')).toBe('50%');
    expect(await text(page, 'sla-first-touch-of')).toBe('2 of 4 on time');
    expect(await text(page, 'sla-median')).toBe('30m');
    expect(await text(page, 'sla-p90')).toBe('1h 30m');
    expect(await text(page, 'sla-attempts')).toBe('100%');
    expect(await text(page, 'sla-attempts-of')).toBe('1 of 1 on time');
    expect(await text(page, 'sla-decisions')).toBe('100%');
    expect(await text(page, 'sla-decisions-of')).toBe('2 of 2 on time');
    expect(await text(page, 'sla-breaches')).toBe('2');
    expect(await text(page, 'sla-escalations')).toBe('1');
    expect(await text(page, 'sla-overdue')).toBe('1');
    const reps = page.getByTestId('sla-rep-row');
    expect(await reps.count()).toBe(1);
    expect(await reps.getAttribute('data-rep-id')).toBe(rep2.user.id);
    expect(
      await Promise.all(
        ['sla-rep-name', 'sla-rep-breaches', 'sla-rep-escalations', 'sla-rep-overdue'].map((id) =>
          reps.getByTestId(id).textContent(),
        ),
      ),
    ).toEqual(['Sina Rep', '2', '1', '1']);

    // Trend charts are drawn (the current month and the six before it).
    for (const chart of ['sla-marketing-trend', 'sla-acceptance-trend', 'sla-sales-trend'])
      await poll(() => page.getByTestId(chart).locator('svg.recharts-surface').count()).toBeGreaterThan(0);

    // The derived target: 100,000 at 5,000 a deal is 20 deals; last month 1 of 1 was accepted and won.
    await page.getByTestId('derived-quota').fill('100000');
    await page.getByTestId('derived-deal-size').fill('5000');
    await page.getByTestId('derived-submit').click();
    await page.getByTestId('derived-result').waitFor();
    expect(await text(page, 'derived-leads')).toBe('20 qualified leads');
    expect(await text(page, 'derived-committed')).toBe('40');
    expect(await page.getByTestId('derived-verdict').getAttribute('data-covered')).toBe('true');
    expect(await text(page, 'derived-accept-rate')).toBe('100%');
    expect(await text(page, 'derived-win-rate')).toBe('100%');
    expect(await text(page, 'derived-deals')).toBe('20');
    expect(await page.getByTestId('derived-insufficient').count()).toBe(1);

    // The previous month: last month's won lead only.
    await page.getByTestId('sla-dashboard-which').getByText('Previous').click();
    await poll(() => text(page, 'sla-dashboard-period')).toBe(monthYear(new Date(monthStart - 1), 'en-US'));
    await poll(() => text(page, 'sla-delivered')).toBe('1 of 40');
    expect(await text(page, 'sla-acceptance')).toBe('100%');
    expect(new URL(page.url()).searchParams.get('period')).toBe('previous');
    await page.getByTestId('sla-dashboard-which').getByText('Current').click();
    await poll(() => text(page, 'sla-delivered')).toBe('4 of 40');

    // Another period: a week pro-rates the commitment (40 a month is 9 a week).
    await page.getByTestId('sla-dashboard-kind').getByText('Week').click();
    await poll(() => text(page, 'sla-dashboard-prorated')).toContain('40 leads per month');
    await poll(() => text(page, 'sla-delivered')).toMatch(/ of 9$/);

    // The overdue count leads to the inbox.
    await page.getByTestId('sla-overdue-link').click();
    await page.waitForURL((url) => url.pathname === '/sales/inbox');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says so when an SLA has nothing to measure yet', async () => {
    const { page, errors } = await open(admin);
    await page.getByTestId('sla-dashboard-sla').click();
    await page.getByRole('option', { name: 'Partner' }).click();
    await page.getByTestId('sla-dashboard-no-data').waitFor();
    expect(await text(page, 'sla-dashboard-no-data')).toContain('Nothing to measure in this period yet');
    expect(await text(page, 'sla-dashboard-no-data')).toContain('40 qualified leads');
    expect(await page.getByTestId('sla-marketing').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('sla')).not.toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a rep his own figures only', async () => {
    const { page, errors } = await open(rep2);
    expect(await text(page, 'sla-delivered')).toBe('2 of 40');
    expect(await text(page, 'sla-first-touch-of')).toBe('0 of 2 on time');
    expect(await page.getByTestId('sla-rep-row').count()).toBe(1);
    expect(await text(page, 'sla-rep-name')).toBe('Sina Rep');
    expect(await page.getByTestId('sla-derived').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('in Persian: right to left, a Jalali month by default, Persian digits', async () => {
    const { page, errors } = await open(admin);
    await page.getByTestId('lang-fa').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    // The SLA counts Gregorian months, but Persian opens in the Jalali calendar.
    await poll(() => text(page, 'sla-dashboard-period')).toBe(monthYear(now, 'fa-IR-u-ca-persian'));
    expect(await text(page, 'sla-dashboard-period')).toMatch(/^[\u0600-\u06FF]+ ۱۴[۰-۹]{2}$/);
    expect(await text(page, 'sla-delivered')).toMatch(/^[۰-۹]+ از ۴۰$/);
    expect(await text(page, 'sla-median')).toBe('۳۰ دقیقه');
    // The charts' value axis moves to the right.
    const chart = page.getByTestId('sla-marketing-trend');
    const chartBox = (await chart.boundingBox())!;
    const axisBox = (await chart.locator('.recharts-yAxis').first().boundingBox())!;
    expect(axisBox.x).toBeGreaterThan(chartBox.x + chartBox.width / 2);
    expect(await chart.locator('.recharts-yAxis-tick-labels text').first().textContent()).toMatch(/^[۰-۹]+$/);
    // And back to the Gregorian calendar, with Persian month names.
    await page.getByTestId('sla-dashboard-calendar').getByText('میلادی').click();
    await poll(() => text(page, 'sla-dashboard-period')).toBe(monthYear(now, 'fa-IR-u-ca-gregory'));
    expect(errors).toEqual([]);
    await page.close();
  });
});
