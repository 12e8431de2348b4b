import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/clock.js';
import { TEHRAN_EXAMPLE_CALENDAR } from '../../src/modules/sla/example-calendar.js';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { slaDocument } from '../support/sla.js';
import { poll, signIn, startBrowserApp, type BrowserApp } from './browser.js';

/**
 * The SLA issue's "done when", tried as a new user would, in a real browser: an admin sets up a
 * Saturday-to-Wednesday calendar and an SLA on it, a team with a manager and two reps, round robin; marketing
 * qualifies four leads; they go round robin; one lead nobody touches is reminded, breached (rep and manager
 * told) and reassigned to the other rep; a rep accepts one lead and rejects another with a reason; the
 * manager's dashboard shows both sides' compliance, in English and in Persian.
 *
 * Time is the test's: the server runs on a fixed clock that the test moves (the timer sweep and the outbox
 * worker read it), and each browser page's Date is pinned to the same instant, so countdowns are exact.
 *
 * The calendar and SLA are created through the API the SLA editor uses (the editor has its own test).
 */

/** Tehran is UTC+03:30 all year: a local wall-clock time in Tehran as an instant. */
const tehran = (local: string) => new Date(`${local}+03:30`).toISOString();

// Saturday 2 January 2027 (12 Dey 1405), 15:30 in Tehran: half an hour before the office closes. Sunday the 3rd
// is a company holiday, so the next business minute is Monday 08:00.
const SAT_1530 = tehran('2027-01-02T15:30:00');
const HOLIDAY = '2027-01-03';
const CALENDAR = { ...TEHRAN_EXAMPLE_CALENDAR, holidays: [...TEHRAN_EXAMPLE_CALENDAR.holidays, HOLIDAY] };

// 60 business minutes of first touch from Saturday 15:30: 30 on Saturday, none on the holiday, 30 on Monday.
const FIRST_TOUCH_DUE = tehran('2027-01-04T08:30:00');
const REMIND_AT = tehran('2027-01-04T08:15:00'); // 75% = 45 business minutes
const REASSIGN_AT = tehran('2027-01-04T09:00:00'); // 30 business minutes after the breach
const SECOND_DUE = tehran('2027-01-04T10:00:00'); // the new holder's 60 minutes, from 09:00

const flowSla = (calendarId: string, teamId: string) =>
  slaDocument(calendarId, {
    marketing: { calendarSystem: 'jalali', perTeam: [{ teamId, qualifiedLeads: 20 }], minFitGrade: 'D' },
    sales: { firstTouch: { rules: [], otherwiseMinutes: 60 }, attempts: { count: 1, withinBusinessDays: 1 } },
    escalation: { reassignAfterMinutes: 30 },
  });

interface HandoffOut {
  id: string;
  status: string;
  assignee: { id: string; name: string } | null;
  assignmentNo: number;
  firstTouchDueAt: string | null;
  firstTouchedAt: string | null;
  rejectReason: string | null;
  timers: { kind: string; assignmentNo: number; firedAt: string | null; outcome: string | null }[];
}

describe.each(dialects())('the SLA flow, from setup to the dashboard, in Chromium on %s', (dialect) => {
  const clock = fixedClock(SAT_1530);
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let admin: TestUser;
  let marketing: TestUser;
  let manager: TestUser;
  let reza: TestUser;
  let sina: TestUser;
  let teamId: string;
  /** Every page open, so that moving the server's clock moves theirs. */
  const pages: Page[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    started = await startBrowserApp(dialect, { worker: true, clock });
    ({ t, browser, base } = started);
    admin = await t.user('admin', { email: 'flow-admin@example.test', name: 'Ava Admin' });
    marketing = await t.user('marketing', { email: 'flow-marketing@example.test', name: 'Mina Marketing' });
    manager = await t.user('sales_manager', {
      team: 'North',
      email: 'flow-manager@example.test',
      name: 'Mehdi Manager',
    });
    reza = await t.user('sales_rep', { team: 'North', email: 'flow-reza@example.test', name: 'Reza Rep' });
    sina = await t.user('sales_rep', { team: 'North', email: 'flow-sina@example.test', name: 'Sina Rep' });
    teamId = await t.team('North');
  });
  afterAll(() => started?.close());

  async function api<T>(user: TestUser, options: Parameters<TestApp['as']>[1], status: number): Promise<T> {
    const res = await t.as(user, options);
    expect(res.statusCode, `${options.method} ${options.url}: ${res.body}`).toBe(status);
    return res.json<T>();
  }

  /** Moves the server's clock and every open page's to `iso`. */
  async function setTime(iso: string): Promise<void> {
    clock.set(iso);
    for (const page of pages) await page.clock.setFixedTime(iso);
  }

  async function openAs(user: TestUser, path: string): Promise<Page> {
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(`${user.user.name}: ${e.message}`));
    await page.clock.setFixedTime(clock.now());
    pages.push(page);
    await signIn(page, base, user, path);
    return page;
  }

  const handoff = (id: string) => api<HandoffOut>(admin, { method: 'GET', url: `/api/v1/handoffs/${id}` }, 200);

  /** Waits until the sweep has fired the handoff's timer and its reaction has acted; answers the outcome. */
  async function fired(id: string, kind: string, assignmentNo: number): Promise<string> {
    let outcome: string | null = null;
    await poll(async () => {
      const timer = (await handoff(id)).timers.find((x) => x.kind === kind && x.assignmentNo === assignmentNo);
      outcome = timer?.outcome ?? null;
      return outcome;
    }).not.toBeNull();
    return outcome!;
  }

  const row = (page: Page, contactId: string) =>
    page.locator(`[data-testid="inbox-row"][data-contact-id="${contactId}"]`);
  const inboxContacts = async (page: Page) =>
    (await page.getByTestId('inbox-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-contact-id'))))
      .filter((id): id is string => id !== null)
      .sort();

  /** The bell's notifications, newest first, after a reload (the bell refreshes itself every 20 seconds). */
  async function bellItems(page: Page, expectedUnread: number): Promise<string[]> {
    await page.reload();
    const bell = page.getByTestId('notifications-bell');
    await poll(() => bell.getAttribute('data-unread')).toBe(String(expectedUnread));
    await bell.click();
    await page.getByTestId('notification-item').first().waitFor();
    // Each item is the message, then its time.
    const items = await page
      .getByTestId('notification-item')
      .evaluateAll((nodes) => nodes.map((n) => n.querySelector('p')?.textContent ?? ''));
    await page.keyboard.press('Escape');
    return items;
  }

  it('runs the whole agreement: routing, reminders, breach, reassignment, decisions and compliance', async () => {
    // --- The admin sets the agreement up, as the SLA editor and routing pages do through the API.
    const calendar = await api<{ id: string }>(
      admin,
      { method: 'POST', url: '/api/v1/calendars', payload: { name: 'Tehran office', definition: CALENDAR } },
      201,
    );
    await api(
      admin,
      { method: 'POST', url: '/api/v1/slas', payload: { name: 'Inbound', document: flowSla(calendar.id, teamId) } },
      201,
    );
    await api(
      admin,
      {
        method: 'POST',
        url: '/api/v1/routing/rules',
        payload: { name: 'Everyone to North', conditions: [], teamId, method: 'round_robin' },
      },
      201,
    );
    for (const rep of [reza, sina])
      await api(
        admin,
        { method: 'PUT', url: `/api/v1/routing/teams/${teamId}/members/${rep.user.id}`, payload: {} },
        200,
      );

    // --- Marketing qualifies four leads by hand on their pages, one after the other; each is handed off and routed.
    const leads: { contactId: string; handoffId: string; name: string; assigneeId: string }[] = [];
    let marketingPage: Page | undefined;
    for (const [firstName, lastName] of [
      ['Sara', 'Rahimi'],
      ['Omid', 'Kazemi'],
      ['Leila', 'Karimi'],
      ['Nima', 'Ahmadi'],
    ] as const) {
      const { id } = await api<{ id: string }>(
        marketing,
        { method: 'POST', url: '/api/v1/contacts', payload: { firstName, lastName } },
        201,
      );
      if (!marketingPage) marketingPage = await openAs(marketing, `/contacts/${id}`);
      else await marketingPage.goto(`${base}/contacts/${id}`);
      const page = marketingPage;
      await page.getByTestId('qualification-mark').click();
      await poll(() => page.getByTestId('contact-temperature').getAttribute('data-temperature')).toBe('qualified');
      let found: HandoffOut | undefined;
      await poll(async () => {
        const res = await api<{ items: HandoffOut[] }>(
          admin,
          { method: 'GET', url: `/api/v1/handoffs?contactId=${id}` },
          200,
        );
        found = res.items[0];
        return found?.assignee?.id ?? null;
      }).not.toBeNull();
      leads.push({
        contactId: id,
        handoffId: found!.id,
        name: `${firstName} ${lastName}`,
        assigneeId: found!.assignee!.id,
      });
    }
    // Round robin: the reps take turns.
    const first = leads[0]!.assigneeId === reza.user.id ? reza : sina;
    const second = first === reza ? sina : reza;
    expect(leads.map((l) => l.assigneeId)).toEqual([first, second, first, second].map((u) => u.user.id));
    const [sara, omid, leila, nima] = leads as [
      (typeof leads)[0],
      (typeof leads)[0],
      (typeof leads)[0],
      (typeof leads)[0],
    ];

    // The fairness report agrees: two each.
    const fairness = await api<{
      teams: { teamId: string; assigned: number; reps: { userId: string; received: number; share: number }[] }[];
    }>(
      manager,
      {
        method: 'GET',
        url: `/api/v1/routing/fairness?from=${encodeURIComponent(tehran('2027-01-02T00:00:00'))}&to=${encodeURIComponent(tehran('2027-01-05T00:00:00'))}`,
      },
      200,
    );
    const north = fairness.teams.find((x) => x.teamId === teamId)!;
    expect(north.assigned).toBe(4);
    expect(north.reps.map((r) => [r.userId, r.received, r.share]).sort()).toEqual(
      [
        [reza.user.id, 2, 0.5],
        [sina.user.id, 2, 0.5],
      ].sort(),
    );

    // --- Each rep sees their two leads, due Monday 08:30: the holiday Sunday does not count.
    const firstPage = await openAs(first, '/sales/inbox');
    const secondPage = await openAs(second, '/sales/inbox');
    await poll(() => inboxContacts(firstPage)).toEqual([sara.contactId, leila.contactId].sort());
    await poll(() => inboxContacts(secondPage)).toEqual([omid.contactId, nima.contactId].sort());
    const countdown = row(firstPage, leila.contactId).getByTestId('inbox-countdown');
    expect(await countdown.getAttribute('data-duty')).toBe('first_touch');
    const fortyOneHours = (Date.parse(FIRST_TOUCH_DUE) - Date.parse(SAT_1530)) / 1000;
    expect(fortyOneHours).toBe(41 * 3600);
    expect(await countdown.getAttribute('data-seconds')).toBe(String(fortyOneHours));
    expect(await countdown.textContent()).toBe('First touch: 1d 17h left');

    // The lead is the rep's to work, though not theirs by ownership: its page opens from the inbox.
    await row(firstPage, sara.contactId).getByTestId('inbox-contact').click();
    await firstPage.waitForURL((url) => url.pathname === `/contacts/${sara.contactId}`);
    await poll(() => firstPage.getByTestId('contact-handoff').count()).toBe(1);
    expect(await firstPage.getByTestId('contact-handoff').getByTestId('handoff-accept').count()).toBe(1);
    await firstPage.getByTestId('nav-inbox').click();
    await poll(() => inboxContacts(firstPage)).toEqual([sara.contactId, leila.contactId].sort());

    // --- Saturday 15:40: the first rep emails Sara (10 business minutes in).
    await setTime(tehran('2027-01-02T15:40:00'));
    await logTouch(firstPage, sara, 'Email');
    // Saturday 15:50: the second rep calls Omid (20 business minutes in).
    await setTime(tehran('2027-01-02T15:50:00'));
    await logTouch(secondPage, omid, 'Call');
    // Monday 08:05: the second rep calls Nima: 40 hours later, but only 35 business minutes.
    await setTime(tehran('2027-01-04T08:05:00'));
    await api(
      second,
      { method: 'POST', url: `/api/v1/contacts/${nima.contactId}/activities`, payload: { type: 'call' } },
      201,
    );
    expect((await handoff(nima.handoffId)).firstTouchedAt).toBe(clock.now().toISOString());

    // --- Monday 08:15: three quarters of Leila's first-touch time is gone: her rep is reminded.
    await setTime(REMIND_AT);
    expect(await fired(leila.handoffId, 'first_touch.remind', 1)).toBe('reminded');
    // Two new leads and the reminder.
    expect(await bellItems(firstPage, 3)).toContain('Due soon: Leila Karimi');

    // --- Monday 08:30: breached. The rep and the manager are told.
    await setTime(FIRST_TOUCH_DUE);
    expect(await fired(leila.handoffId, 'first_touch.breach', 1)).toBe('notified');
    expect(await bellItems(firstPage, 4)).toContain('Overdue: Leila Karimi');
    // 08:40: the manager looks in. The team's open leads, with the rep holding each, Leila ten minutes overdue.
    await setTime(tehran('2027-01-04T08:40:00'));
    const managerPage = await openAs(manager, '/sales/inbox');
    expect(await bellItems(managerPage, 1)).toEqual(['Overdue in your team: Leila Karimi']);
    await poll(() => inboxContacts(managerPage)).toEqual(
      [sara.contactId, omid.contactId, leila.contactId, nima.contactId].sort(),
    );
    expect(await row(managerPage, leila.contactId).textContent()).toContain(first.user.name);
    const overdue = row(managerPage, leila.contactId).getByTestId('inbox-countdown');
    expect(await overdue.getAttribute('data-overdue')).toBe('true');
    expect(await overdue.getAttribute('data-seconds')).toBe('-600');
    expect(await overdue.textContent()).toBe('First touch: overdue by 10m');

    // --- Monday 09:00: 30 business minutes after the breach, Leila goes to the other rep, with a fresh hour.
    await setTime(REASSIGN_AT);
    expect(await fired(leila.handoffId, 'first_touch.reassign', 1)).toBe('reassigned');
    const moved = await handoff(leila.handoffId);
    expect(moved).toMatchObject({ assignee: { id: second.user.id }, assignmentNo: 2, firstTouchDueAt: SECOND_DUE });
    await secondPage.reload();
    await poll(() => inboxContacts(secondPage)).toEqual([omid.contactId, leila.contactId, nima.contactId].sort());
    expect(await row(secondPage, leila.contactId).getByTestId('inbox-countdown').getAttribute('data-seconds')).toBe(
      '3600',
    );
    expect(await bellItems(secondPage, 3)).toContain('New lead: Leila Karimi');
    expect(await bellItems(firstPage, 5)).toContain('Leila Karimi was given to someone else');
    await poll(() => inboxContacts(firstPage)).toEqual([sara.contactId]);

    // --- The first rep accepts Sara; the second rejects Omid: no budget.
    await row(firstPage, sara.contactId).getByTestId('handoff-accept').click();
    await poll(() => row(firstPage, sara.contactId).count()).toBe(0);
    await row(secondPage, omid.contactId).getByTestId('handoff-reject').click();
    const rejectDialog = secondPage.getByRole('dialog', { name: 'Reject the lead' });
    await rejectDialog.waitFor();
    await secondPage.getByTestId('handoff-reject-reason').click();
    await secondPage.getByRole('option', { name: 'No budget' }).click();
    await secondPage.getByTestId('handoff-reject-confirm').click();
    await rejectDialog.waitFor({ state: 'hidden' });
    await poll(() => inboxContacts(secondPage)).toEqual([leila.contactId, nima.contactId].sort());
    expect((await handoff(sara.handoffId)).status).toBe('accepted');
    expect(await handoff(omid.handoffId)).toMatchObject({ status: 'rejected', rejectReason: 'no_budget' });

    // --- Monday 10:05: the new holder has not touched Leila either: breached again, and overdue now.
    await setTime(tehran('2027-01-04T10:05:00'));
    expect(await fired(leila.handoffId, 'first_touch.breach', 2)).toBe('notified');

    // --- The manager's dashboard: both sides of Dey 1405 (the SLA counts Jalali months).
    const dashboard = await openAs(manager, '/sla/dashboard');
    await dashboard.getByTestId('sla-dashboard').waitFor();
    const text = (testId: string) => dashboard.getByTestId(testId).first().textContent();
    await poll(() => text('sla-delivered')).toBe('4 of 40');
    expect(await text('sla-dashboard-period')).toBe('Dey 1405');
    // Marketing's side: 4 leads of 40 (of 20 for North), one accepted and one rejected (no budget), 50% under
    // the 60% floor.
    expect(await text('sla-team-delivered')).toBe('4 of 20');
    expect(await text('sla-acceptance')).toBe('50%');
    expect(await text('sla-decided')).toBe('1 accepted, 1 rejected');
    expect(await dashboard.getByTestId('sla-floor').getAttribute('data-met')).toBe('false');
    expect(await dashboard.getByTestId('sla-reason').count()).toBe(1);
    expect(await text('sla-reason-label')).toBe('No budget');
    expect(await text('sla-reason-count')).toBe('1');
    // Sales' side: Sara, Omid and Nima touched in time (10, 20 and 35 business minutes), Leila not at all.
    expect(await text('sla-first-touch')).toBe('75%');
    expect(await text('sla-first-touch-of')).toBe('3 of 4 on time');
    expect(await text('sla-median')).toBe('20m');
    expect(await text('sla-p90')).toBe('35m');
    expect(await text('sla-attempts-of')).toBe('3 of 3 on time');
    expect(await text('sla-decisions-of')).toBe('2 of 2 on time');
    // Leila breached twice (once with each rep), was reassigned once (from the first), and is overdue now.
    expect(await text('sla-breaches')).toBe('2');
    expect(await text('sla-escalations')).toBe('1');
    expect(await text('sla-overdue')).toBe('1');
    const repRow = async (rep: TestUser, page = dashboard) => {
      const r = page.locator(`[data-testid="sla-rep-row"][data-rep-id="${rep.user.id}"]`);
      return Promise.all(
        ['sla-rep-name', 'sla-rep-breaches', 'sla-rep-escalations', 'sla-rep-overdue'].map((id) =>
          r.getByTestId(id).textContent(),
        ),
      );
    };
    expect(await dashboard.getByTestId('sla-rep-row').count()).toBe(2);
    expect(await repRow(first)).toEqual([first.user.name, '1', '1', '0']);
    expect(await repRow(second)).toEqual([second.user.name, '1', '0', '1']);

    // --- In Persian: right to left, the Jalali month in Persian, Persian digits.
    await dashboard.getByTestId('lang-fa').click();
    await poll(() => dashboard.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await poll(() => text('sla-dashboard-period')).toBe('دی ۱۴۰۵');
    expect(await text('sla-delivered')).toBe('۴ از ۴۰');
    expect(await text('sla-median')).toBe('۲۰ دقیقه');
    expect(await text('sla-first-touch')).toBe('۷۵٪');

    // --- The rep's side: the second rep's own figures (the leads he holds now, his timers).
    await secondPage.goto(`${base}/sla/dashboard`);
    await secondPage.getByTestId('sla-dashboard').waitFor();
    const repText = (testId: string) => secondPage.getByTestId(testId).first().textContent();
    await poll(() => repText('sla-delivered')).toBe('3 of 40');
    expect(await repText('sla-first-touch-of')).toBe('2 of 3 on time');
    expect(await repText('sla-breaches')).toBe('1');
    expect(await secondPage.getByTestId('sla-rep-row').count()).toBe(1);
    expect(await repRow(second, secondPage)).toEqual([second.user.name, '1', '0', '1']);

    // --- Marketing's side: the rejected lead is back with them, and says why.
    const back = marketingPage!;
    await back.goto(`${base}/contacts/${omid.contactId}`);
    await poll(() => back.getByTestId('contact-temperature').getAttribute('data-temperature')).not.toBe('qualified');
    await poll(async () => (await back.getByTestId('temperature-reason').allTextContents()).join(' | ')).toContain(
      'Rejected by sales: No budget',
    );

    expect(errors).toEqual([]);
  });

  /** Logs a touch from the inbox's dialog: the first-touch countdown gives way to the decision's. */
  async function logTouch(page: Page, lead: { contactId: string; name: string }, type: string): Promise<void> {
    await row(page, lead.contactId).getByTestId('handoff-touch').click();
    const dialog = page.getByRole('dialog', { name: `Log a touch: ${lead.name}` });
    await dialog.waitFor();
    await page.getByTestId('handoff-touch-type').click();
    await page.getByRole('option', { name: type }).click();
    await page.getByTestId('handoff-touch-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => row(page, lead.contactId).getByTestId('inbox-countdown').getAttribute('data-duty')).toBe(
      'decision',
    );
  }
});
