import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { poll, signIn, startBrowserApp, type BrowserApp } from './browser.js';

describe.each(dialects())('qualification by hand in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let marketing: TestUser;
  let rep: TestUser;

  beforeAll(async () => {
    started = await startBrowserApp(dialect);
    ({ t, browser, base } = started);
    marketing = await t.user('marketing', { email: 'e2e-marketing@example.test', name: 'Mina Marketing' });
    rep = await t.user('sales_rep', { email: 'e2e-rep@example.test', name: 'Reza Rep' });
  });
  afterAll(() => started?.close());

  /** A new lead of the rep's, created by marketing: cold, with no engagement. */
  async function newLead(firstName: string, lastName: string): Promise<string> {
    const res = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName, lastName, ownerId: rep.user.id },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  const temperature = (page: Page) => page.getByTestId('contact-temperature').getAttribute('data-temperature');
  const reasons = async (page: Page) => (await page.getByTestId('temperature-reason').allTextContents()).join(' | ');
  const bodyText = async (page: Page) => (await page.locator('body').textContent()) ?? '';
  /** The decision by hand as the panel states it: its `data-state` and its words. */
  const state = async (page: Page) => {
    const line = page.getByTestId('qualification-state');
    return `${await line.getAttribute('data-state')}: ${await line.textContent()}`;
  };

  async function storedReasonCodes(id: string): Promise<string[]> {
    const res = await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${id}/temperature` });
    return res.json<{ reasons: { code: string }[] }>().reasons.map((r) => r.code);
  }

  it('marketing marks a lead qualified, sends it back to nurture with a reason, then lets the scores decide', async () => {
    const id = await newLead('Sara', 'Rahimi');
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketing, `/contacts/${id}`);

    // A new lead is cold by its scores: no decision by hand yet, so nothing to clear.
    await poll(() => temperature(page)).toBe('cold');
    expect(await page.getByTestId('qualification-mark').textContent()).toBe('Mark qualified');
    expect(await page.getByTestId('qualification-reject').textContent()).toBe('Not qualified…');
    expect(await page.getByTestId('qualification-clear').count()).toBe(0);
    expect(await state(page)).toBe('none: No decision by hand: the scores decide.');

    // Mark qualified: the badge turns qualified and the panel says it was done by hand.
    await page.getByTestId('qualification-mark').click();
    await poll(() => temperature(page)).toBe('qualified');
    await poll(() => reasons(page)).toContain('Qualified by hand · Mina Marketing');
    await poll(() => bodyText(page)).toContain('The lead is marked qualified.');
    // The panel says so, and marking it qualified again would change nothing: the button is off.
    await poll(() => state(page)).toBe('qualified: Marked qualified by hand.');
    expect(await page.getByTestId('qualification-mark').isDisabled()).toBe(true);
    // A reload shows the same: the state comes from the lead, not from the click.
    await page.reload();
    await poll(() => state(page)).toBe('qualified: Marked qualified by hand.');
    expect(await page.getByTestId('qualification-mark').isDisabled()).toBe(true);
    await poll(() => page.getByTestId('qualification-clear').count()).toBe(1);
    expect(await storedReasonCodes(id)).toEqual(['marked_qualified']);

    // Not qualified…: a titled dialog asks for an optional reason; the lead goes back to cold with it.
    await page.getByTestId('qualification-reject').click();
    const dialog = page.getByRole('dialog', { name: 'Mark as not qualified' });
    await dialog.waitFor();
    await page.getByTestId('qualification-reason').fill('  No budget until next year  ');
    await page.getByTestId('qualification-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => temperature(page)).toBe('cold');
    await poll(() => reasons(page)).toContain('No budget until next year');
    expect(await reasons(page)).not.toContain('Qualified by hand');
    expect(await page.getByTestId('qualification-mark').isDisabled()).toBe(false);
    expect(await page.getByTestId('qualification-clear').count()).toBe(1);
    expect(await state(page)).toBe('not_qualified: Marked not qualified by hand.');
    const stored = await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${id}/temperature` });
    expect(stored.json<{ reasons: object[] }>().reasons[0]).toMatchObject({
      code: 'marked_not_qualified',
      reason: 'No budget until next year',
    });

    // Persian: right to left, the control in Persian, the dialog titled in Persian; cancelling changes nothing.
    await page.getByTestId('lang-fa').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await poll(() => page.getByTestId('qualification-mark').textContent()).toBe('علامت‌گذاری به‌عنوان واجد شرایط');
    expect(await page.getByTestId('qualification-reject').textContent()).toBe('واجد شرایط نیست…');
    expect(await page.getByTestId('qualification-clear').textContent()).toBe('تصمیم با امتیازها');
    expect(await state(page)).toBe('not_qualified: به‌صورت دستی «واجد شرایط نیست» علامت خورده است.');
    // The history (cold, qualified, cold) reads right to left: its arrows point left.
    await poll(() => page.getByTestId('temperature-history').count()).toBe(2);
    expect(await page.getByTestId('contact-why').getByTestId('temperature-arrow').allTextContents()).toEqual([
      '←',
      '←',
    ]);
    // The first button sits on the right in RTL.
    const markBox = (await page.getByTestId('qualification-mark').boundingBox())!;
    const rejectBox = (await page.getByTestId('qualification-reject').boundingBox())!;
    expect(markBox.x).toBeGreaterThan(rejectBox.x);
    await page.getByTestId('qualification-reject').click();
    const faDialog = page.getByRole('dialog', { name: 'علامت‌گذاری به‌عنوان فاقد شرایط' });
    await faDialog.waitFor();
    expect(await page.getByTestId('qualification-reason').getAttribute('maxlength')).toBe('500');
    await page.getByRole('button', { name: 'انصراف' }).click();
    await faDialog.waitFor({ state: 'hidden' });
    expect(await temperature(page)).toBe('cold');
    await page.getByTestId('lang-en').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect(await page.getByTestId('contact-why').getByTestId('temperature-arrow').allTextContents()).toEqual([
      '→',
      '→',
    ]);

    // Let the scores decide: the decision by hand is gone, and so is the button.
    await page.getByTestId('qualification-clear').click();
    await poll(() => page.getByTestId('qualification-clear').count()).toBe(0);
    await poll(() => bodyText(page)).toContain("The scores decide this lead's temperature again.");
    expect(await temperature(page)).toBe('cold');
    const after = await reasons(page);
    expect(after).not.toContain('No budget');
    expect(after).toContain('below');
    expect(await storedReasonCodes(id)).toEqual(['engagement_below']);
    expect(await state(page)).toBe('none: No decision by hand: the scores decide.');

    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the whole temperature badge in the leads list at 1366 px, in Persian and English', async () => {
    // Long emails, job titles and companies squeeze the narrow temperature column.
    for (let i = 0; i < 4; i++) {
      const res = await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: {
          firstName: `Badge${i}`,
          lastName: 'Width',
          email: `badge${i}.width@a-rather-long-company-name.example`,
          phone: `+9891234500${i}${i}`,
          jobTitle: 'Head of Business Development and Partnerships',
          ownerId: rep.user.id,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const decided = await t.as(marketing, {
        method: 'PUT',
        url: `/api/v1/contacts/${res.json<{ id: string }>().id}/qualification`,
        payload: { decision: i % 2 ? 'qualified' : 'not_qualified' },
      });
      expect(decided.statusCode, decided.body).toBe(200);
    }
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, base, marketing, '/contacts');
    const badges = page.getByTestId('contacts-table').locator('[data-temperature]');
    /** Each badge's word and whether it is cut (its label wider than the room it got). */
    const cut = () =>
      badges.evaluateAll((all) =>
        all.map((badge) => {
          const label = badge.querySelector('.mantine-Badge-label') ?? badge;
          return `${badge.textContent}: ${label.scrollWidth > label.clientWidth + 0.5 ? 'cut' : 'whole'}`;
        }),
      );
    await poll(() => badges.count()).toBeGreaterThanOrEqual(4);
    expect((await cut()).filter((b) => b.endsWith('cut'))).toEqual([]);
    await page.getByTestId('lang-fa').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await poll(() => cut()).toContain('واجد شرایط: whole');
    expect((await cut()).filter((b) => b.endsWith('cut'))).toEqual([]);
    await page.close();
  });

  it('shows no control to a sales rep, even on his own lead decided by hand', async () => {
    const id = await newLead('Omid', 'Kazemi');
    const marked = await t.as(marketing, {
      method: 'PUT',
      url: `/api/v1/contacts/${id}/qualification`,
      payload: { decision: 'qualified' },
    });
    expect(marked.statusCode, marked.body).toBe(200);

    const page = await browser.newPage();
    await signIn(page, base, rep, `/contacts/${id}`);
    await poll(() => temperature(page)).toBe('qualified');
    await poll(() => reasons(page)).toContain('Qualified by hand');
    expect(await page.getByTestId('qualification-mark').count()).toBe(0);
    expect(await page.getByTestId('qualification-reject').count()).toBe(0);
    expect(await page.getByTestId('qualification-clear').count()).toBe(0);
    await page.close();
  });
});
