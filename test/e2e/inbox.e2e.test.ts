import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { everyDayCalendar, slaDocument } from '../support/sla.js';
import { poll, signIn, startBrowserApp, type BrowserApp } from './browser.js';

/** Every day 08:00-16:00 UTC: the clocks run on business time, the countdown shows plain time to the due instant. */
const CALENDAR = everyDayCalendar(['08:00', '16:00']);

const inboxSla = (calendarId: string) =>
  slaDocument(calendarId, {
    marketing: { calendarSystem: 'jalali' },
    sales: { decisionWithinBusinessHours: 16 },
  });

describe.each(dialects())('the lead inbox in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let admin: TestUser;
  let marketing: TestUser;
  let rep: TestUser;

  beforeAll(async () => {
    started = await startBrowserApp(dialect, { worker: true });
    ({ t, browser, base } = started);
    admin = await t.user('admin', { email: 'e2e-admin@example.test', name: 'Ava Admin' });
    marketing = await t.user('marketing', { email: 'e2e-marketing@example.test', name: 'Mina Marketing' });
    rep = await t.user('sales_rep', { team: 'North', email: 'e2e-rep@example.test', name: 'Reza Rep' });
    const teamId = await t.team('North');

    const ok = async (options: Parameters<TestApp['as']>[1], status = 201) => {
      const res = await t.as(admin, options);
      expect(res.statusCode, res.body).toBe(status);
      return res.json<{ id: string }>();
    };
    const calendar = await ok({
      method: 'POST',
      url: '/api/v1/calendars',
      payload: { name: 'Every day', definition: CALENDAR },
    });
    await ok({
      method: 'POST',
      url: '/api/v1/slas',
      payload: { name: 'Standard', document: inboxSla(calendar.id) },
    });
    await ok({
      method: 'POST',
      url: '/api/v1/routing/rules',
      payload: { name: 'Everyone to North', conditions: [], teamId, method: 'round_robin' },
    });
    await ok({ method: 'PUT', url: `/api/v1/routing/teams/${teamId}/members/${rep.user.id}`, payload: {} }, 200);
  });
  afterAll(() => started?.close());

  /** A lead of the rep's, qualified by hand by marketing: the worker hands it off to the rep. */
  async function qualifiedLead(firstName: string, lastName: string): Promise<string> {
    const created = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName, lastName, ownerId: rep.user.id },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const marked = await t.as(marketing, {
      method: 'PUT',
      url: `/api/v1/contacts/${id}/qualification`,
      payload: { decision: 'qualified' },
    });
    expect(marked.statusCode, marked.body).toBe(200);
    await poll(async () => {
      const res = await t.as(rep, { method: 'GET', url: `/api/v1/handoffs?assignee=me&status=open&contactId=${id}` });
      return res.json<{ items: unknown[] }>().items.length;
    }).toBe(1);
    return id;
  }

  const row = (page: Page, contactId: string) =>
    page.locator(`[data-testid="inbox-row"][data-contact-id="${contactId}"]`);
  const countdownOf = (page: Page, contactId: string) => row(page, contactId).getByTestId('inbox-countdown');

  it('shows the rep their leads with live countdowns; a touch, an accept and a reject work', async () => {
    const sara = await qualifiedLead('Sara', 'Rahimi');
    const omid = await qualifiedLead('Omid', 'Kazemi');
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, rep, '/sales/inbox');

    await poll(() => page.getByTestId('inbox-row').count()).toBe(2);
    expect(await row(page, sara).getByTestId('inbox-contact').textContent()).toBe('Sara Rahimi');
    expect(await page.getByTestId('nav-inbox').count()).toBe(1);
    const first = countdownOf(page, sara);
    expect(await first.getAttribute('data-duty')).toBe('first_touch');
    expect(await first.getAttribute('data-overdue')).toBe('false');
    // Any of formatDuration's shapes: outside business hours the time left is whole hours ("14h left").
    expect(await first.textContent()).toMatch(/^First touch: (\d+d( \d+h)?|\d+h( \d+m)?|\d+m( \d\ds)?|\d\ds) left$/);
    // The countdown ticks every second.
    const before = Number(await first.getAttribute('data-seconds'));
    await poll(async () => Number(await first.getAttribute('data-seconds'))).toBeLessThan(before);

    // The bell shows the assignment notifications; opening one marks it read.
    const bell = page.getByTestId('notifications-bell');
    await poll(() => bell.getAttribute('data-unread')).toBe('2');
    await bell.click();
    await page.getByTestId('notification-item').first().waitFor();
    expect(await page.getByTestId('notification-item').first().textContent()).toContain('New lead: Omid Kazemi');
    await page.getByTestId('notification-item').first().click();
    await page.waitForURL((url) => url.pathname === `/contacts/${omid}`);
    await poll(() => bell.getAttribute('data-unread')).toBe('1');
    // On the contact's page the lead's actions are there too.
    await poll(() => page.getByTestId('contact-handoff').count()).toBe(1);
    expect(await page.getByTestId('contact-handoff').getByTestId('handoff-accept').count()).toBe(1);
    await page.getByTestId('nav-inbox').click();
    await poll(() => page.getByTestId('inbox-row').count()).toBe(2);

    // Log a touch: the first-touch countdown gives way to the decision's.
    await row(page, sara).getByTestId('handoff-touch').click();
    const touchDialog = page.getByRole('dialog', { name: 'Log a touch: Sara Rahimi' });
    await touchDialog.waitFor();
    await page.getByTestId('handoff-touch-type').click();
    await page.getByRole('option', { name: 'Email' }).click();
    await page.getByTestId('handoff-touch-notes').fill('Sent the pricing sheet');
    await page.getByTestId('handoff-touch-confirm').click();
    await touchDialog.waitFor({ state: 'hidden' });
    await poll(() => countdownOf(page, sara).getAttribute('data-duty')).toBe('decision');
    expect(await countdownOf(page, sara).textContent()).toMatch(/^Decision: .+ left$/);

    // Accept Sara: she leaves the inbox of open leads.
    await row(page, sara).getByTestId('handoff-accept').click();
    await poll(() => row(page, sara).count()).toBe(0);
    const accepted = await t.as(rep, { method: 'GET', url: `/api/v1/handoffs?contactId=${sara}` });
    expect(accepted.json<{ items: { status: string }[] }>().items[0]?.status).toBe('accepted');

    // Reject Omid: "Other" needs a note; with a reason from the list it goes through.
    await row(page, omid).getByTestId('handoff-reject').click();
    const rejectDialog = page.getByRole('dialog', { name: 'Reject the lead' });
    await rejectDialog.waitFor();
    await page.getByTestId('handoff-reject-reason').click();
    await page.getByRole('option', { name: 'Other' }).click();
    await page.getByTestId('handoff-reject-confirm').click();
    await poll(() => rejectDialog.textContent()).toContain('This field is required.');
    await page.getByTestId('handoff-reject-reason').click();
    await page.getByRole('option', { name: 'No budget' }).click();
    await page.getByTestId('handoff-reject-note').fill('Maybe next quarter');
    await page.getByTestId('handoff-reject-confirm').click();
    await rejectDialog.waitFor({ state: 'hidden' });
    await poll(() => page.getByTestId('inbox-row').count()).toBe(0);
    const rejected = await t.as(rep, { method: 'GET', url: `/api/v1/handoffs?contactId=${omid}` });
    expect(rejected.json<{ items: object[] }>().items[0]).toMatchObject({
      status: 'rejected',
      rejectReason: 'no_budget',
      rejectNote: 'Maybe next quarter',
    });

    // The contact's temperature says why it went back.
    await page.goto(`${base}/contacts/${omid}`);
    await poll(() => page.getByTestId('contact-temperature').getAttribute('data-temperature')).not.toBe('qualified');
    await poll(async () => (await page.getByTestId('temperature-reason').allTextContents()).join(' | ')).toContain(
      'Rejected by sales: No budget: \u2068Maybe next quarter\u2069',
    );
    expect(await page.getByTestId('contact-handoff').count()).toBe(0);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the inbox right to left with Persian digits, and filters overdue leads', async () => {
    const lead = await qualifiedLead('Leila', 'Karimi');
    const page = await browser.newPage();
    // The browser's clock, under the test's control from here (it runs on from the real time until moved).
    await page.clock.install();
    await signIn(page, base, rep, '/sales/inbox');
    await poll(() => row(page, lead).count()).toBe(1);

    await page.getByTestId('lang-fa').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const text = () => countdownOf(page, lead).textContent();
    await poll(text).toContain('مانده');
    expect(await text()).toMatch(/^اولین تماس: .*[۰-۹].* مانده$/);
    expect(await text()).not.toMatch(/[0-9]/);
    expect(await page.getByTestId('handoff-accept').first().textContent()).toBe('پذیرفتن');

    // A day later by the browser's clock, the first touch is overdue: red, counting up.
    await page.clock.fastForward('24:00:00');
    await poll(() => countdownOf(page, lead).getAttribute('data-overdue')).toBe('true');
    expect(await text()).toMatch(/^اولین تماس: .*[۰-۹].* از موعد گذشته$/);
    const color = await countdownOf(page, lead).evaluate((el) => getComputedStyle(el).color);
    expect(color).toMatch(/^rgb\((2[0-5]\d|1[5-9]\d), \d{1,2}, \d{1,2}\)$/);
    await page.getByTestId('lang-en').click();
    await poll(text).toMatch(/^First touch: overdue by \d+h( \d+m)?$/);

    // Nothing is overdue yet on the server's clock.
    await page.getByTestId('inbox-overdue-filter').click();
    await poll(() => page.getByTestId('inbox-row').count()).toBe(0);
    await poll(() => page.getByTestId('empty-state').textContent()).toContain('Nothing is overdue.');
    await page.close();
  });

  it('shows marketing where its leads stand with sales: waiting with a rep, accepted, sent back with the reason', async () => {
    const waiting = await qualifiedLead('Leyla', 'Waiting');
    const taken = await qualifiedLead('Kian', 'Taken');
    const returned = await qualifiedLead('Parsa', 'Returned');
    const handoffOf = async (contactId: string) =>
      (await t.as(rep, { method: 'GET', url: `/api/v1/handoffs?contactId=${contactId}` })).json<{
        items: { id: string }[];
      }>().items[0]!.id;
    const decide = async (contactId: string, action: 'accept' | 'reject', payload: object = {}) => {
      const res = await t.as(rep, {
        method: 'POST',
        url: `/api/v1/handoffs/${await handoffOf(contactId)}/${action}`,
        payload,
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    await decide(taken, 'accept');
    await decide(returned, 'reject', { reason: 'no_budget', note: 'Next fiscal year' });

    const page = await browser.newPage();
    await signIn(page, base, marketing, `/contacts/${waiting}`);
    const panel = page.getByTestId('contact-follow-up');
    await poll(() => panel.getAttribute('data-status')).toBe('open');
    expect(await panel.textContent()).toContain('Waiting for Reza Rep');
    expect(await panel.getByTestId('inbox-countdown').getAttribute('data-duty')).toBe('first_touch');
    // Marketing follows the lead; it does not work it.
    expect(await page.getByTestId('handoff-accept').count()).toBe(0);

    await page.goto(`${base}/contacts/${taken}`);
    await poll(() => panel.getAttribute('data-status')).toBe('accepted');
    expect(await panel.textContent()).toContain('Accepted by Reza Rep');

    await page.goto(`${base}/contacts/${returned}`);
    await poll(() => panel.getAttribute('data-status')).toBe('rejected');
    const text = await panel.textContent();
    expect(text).toContain('Sent back to marketing by Reza Rep');
    expect(text).toContain('No budget');
    expect(text).toContain('Next fiscal year');
    await page.getByTestId('lang-fa').click();
    await poll(() => panel.textContent()).toContain('بازگردانده به بازاریابی توسط');
    await page.close();
  });

  it("shows a sales manager their team's open leads with the assignee", async () => {
    const manager = await t.user('sales_manager', {
      team: 'North',
      email: 'e2e-manager@example.test',
      name: 'Mehdi Manager',
    });
    const lead = await qualifiedLead('Nima', 'Ahmadi');
    const page = await browser.newPage();
    await signIn(page, base, manager, '/sales/inbox');
    await poll(() => row(page, lead).count()).toBe(1);
    expect(await row(page, lead).textContent()).toContain('Reza Rep');
    expect(await countdownOf(page, lead).getAttribute('data-duty')).toBe('first_touch');
    expect(await row(page, lead).getByTestId('handoff-accept').count()).toBe(1);
    await page.close();
  });
});
