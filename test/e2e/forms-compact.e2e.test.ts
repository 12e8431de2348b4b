import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { poll, signIn, startBrowserApp, type BrowserApp } from './browser.js';

const FIELDS = [
  { key: 'work_email', label: 'Work email', type: 'email', required: true, mapTo: 'email' },
  { key: 'first_name', label: 'First name', type: 'text', required: true, mapTo: 'firstName' },
  { key: 'last_name', label: 'Last name', type: 'text', mapTo: 'lastName' },
  { key: 'mobile', label: 'Mobile', type: 'tel', mapTo: 'phone' },
  { key: 'company', label: 'Company', type: 'text', mapTo: 'account.name' },
  {
    key: 'team_size',
    label: 'Team size',
    type: 'select',
    options: ['1-10', '11-50', '51+'],
    mapTo: 'custom:team_size',
  },
  { key: 'message', label: 'What do you need?', type: 'textarea', placeholder: 'A few words' },
  { key: 'newsletter', label: 'Send me the newsletter', type: 'checkbox' },
];

/** The builder's field cards: one line each until opened, so that a long form fits on a screen or two. */
describe.each(dialects())('compact field cards of the form builder in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let marketer: TestUser;

  beforeAll(async () => {
    started = await startBrowserApp(dialect);
    ({ t, browser, base } = started);
    marketer = await t.user('marketing', { email: 'e2e-compact@example.test', name: 'Mina Marketing' });
  });
  afterAll(() => started?.close());

  const toggle = (page: Page, index: number) => page.getByTestId(`form-field-${index}-toggle`);
  const expanded = (page: Page) =>
    page
      .locator('[data-testid$="-toggle"][data-testid^="form-field-"]')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-expanded')));
  const labels = (page: Page) =>
    page.locator('[data-testid$="-summary-label"]').evaluateAll((els) => els.map((e) => e.textContent));
  const fieldsHeight = async (page: Page) => (await page.getByTestId('form-fields').boundingBox())!.height;
  /** Whether the element is wholly inside the window (after any smooth scrolling has ended). */
  const inView = (page: Page, testId: string) =>
    page.getByTestId(testId).evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });

  it('shows an 8-field form as one line per field, opens and moves them, and opens a field with an error', async () => {
    const created = await t.as(marketer, {
      method: 'POST',
      url: '/api/v1/forms',
      payload: { name: 'Demo request', fields: FIELDS },
    });
    expect(created.statusCode, created.body).toBe(201);
    const formId = created.json<{ id: string }>().id;

    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketer);
    await page.goto(`${base}/marketing/forms/${formId}`);
    await poll(() => toggle(page, 7).count()).toBe(1);

    // A saved form's fields load closed: no inputs, one line each naming label, type, required and mapping.
    expect(await expanded(page)).toEqual(Array(8).fill('false'));
    expect(await page.getByTestId('form-field-0-label').count()).toBe(0);
    expect(await labels(page)).toEqual(FIELDS.map((f) => f.label));
    expect(await page.getByTestId('form-field-0-summary-label').getAttribute('lang')).toBe('en');
    expect(await page.getByTestId('form-field-0-summary').textContent()).toBe('Email · Required · Email');
    expect(await page.getByTestId('form-field-2-summary').textContent()).toBe('Text · Last name');
    expect(await page.getByTestId('form-field-5-summary').textContent()).toBe('Drop-down · custom field team_size');
    expect(await page.getByTestId('form-field-7-summary').textContent()).toBe('Checkbox · not mapped');
    // Every card is a single line: as tall as its buttons plus padding.
    for (let i = 0; i < 8; i += 1) {
      expect((await page.getByTestId(`form-field-${i}`).boundingBox())!.height).toBeLessThan(60);
    }
    const collapsedHeight = await fieldsHeight(page);
    expect(collapsedHeight).toBeLessThan(1000);

    // Every setting open, the same list is several times taller.
    await page.getByTestId('form-fields-expand-all').click();
    expect(await expanded(page)).toEqual(Array(8).fill('true'));
    expect(await page.getByTestId('form-field-7-label').inputValue()).toBe('Send me the newsletter');
    const expandedHeight = await fieldsHeight(page);
    expect(expandedHeight).toBeGreaterThan(collapsedHeight * 3);
    await page.getByTestId('form-fields-collapse-all').click();
    expect(await expanded(page)).toEqual(Array(8).fill('false'));
    expect(await fieldsHeight(page)).toBe(collapsedHeight);

    // The keyboard opens and closes a card: Enter, then Space, on its focused summary.
    await toggle(page, 2).focus();
    await page.keyboard.press('Enter');
    await poll(() => toggle(page, 2).getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('form-field-2-label').inputValue()).toBe('Last name');
    expect(await page.getByTestId('form-field-2-label').isVisible()).toBe(true);
    // The settings follow the summary in the tab order.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('form-field-2-label');
    await toggle(page, 2).focus();
    await page.keyboard.press('Space');
    await poll(() => toggle(page, 2).getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('form-field-2-label').count()).toBe(0);

    // Reordering from the closed cards: "First name" moves down below "Last name", then "Company" up above it.
    await page.getByTestId('form-field-1-down').click();
    await page.getByTestId('form-field-4-up').click();
    const reordered = ['Work email', 'Last name', 'First name', 'Company', 'Mobile', 'Team size'];
    expect((await labels(page)).slice(0, 6)).toEqual(reordered);
    expect(await expanded(page)).toEqual(Array(8).fill('false'));

    // A mistake in a card that is then closed: saving opens that card, scrolls to it and focuses the input.
    await toggle(page, 6).click();
    await page.getByTestId('form-field-6-label').fill('');
    await toggle(page, 6).click();
    expect(await page.getByTestId('form-field-6-label').count()).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await inView(page, 'form-field-6')).toBe(false);
    await page.getByTestId('form-save').click();
    await poll(() => toggle(page, 6).getAttribute('aria-expanded')).toBe('true');
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'form-field-6-label',
    );
    expect(await page.getByTestId('form-field-6-label').getAttribute('aria-invalid')).toBe('true');
    await poll(() => inView(page, 'form-field-6-label')).toBe(true);
    // The other cards stay closed; "Collapse all" leaves the card to fix open.
    expect((await expanded(page)).filter((e) => e === 'true')).toHaveLength(1);
    await page.getByTestId('form-fields-collapse-all').click();
    expect(await toggle(page, 6).getAttribute('aria-expanded')).toBe('true');
    // Closed by hand, the card says it needs fixing.
    await toggle(page, 6).click();
    expect(await page.getByTestId('form-field-6-has-error').textContent()).toBe('Needs fixing');
    await toggle(page, 6).click();
    await page.getByTestId('form-field-6-label').fill('How can we help?');

    // The server refuses a field in a closed card: the card opens at the input it names.
    await page.getByTestId('form-fields-collapse-all').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.route(`**/api/v1/forms/${formId}`, async (route) => {
      if (route.request().method() !== 'PATCH') return route.continue();
      await route.fulfill({
        status: 422,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          status: 422,
          code: 'validation.failed',
          detail: 'Invalid request body: fields.7.key',
          errors: [{ field: 'fields.7.key', message: 'At most 40 characters.' }],
        }),
      });
    });
    await page.getByTestId('form-save').click();
    await poll(() => toggle(page, 7).getAttribute('aria-expanded')).toBe('true');
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('form-field-7-key');
    await poll(() => inView(page, 'form-field-7-key')).toBe(true);
    await page.unroute(`**/api/v1/forms/${formId}`);

    // Saved, the order and the fixed label are stored; the open card stays open.
    await page.getByTestId('form-save').click();
    await poll(() => page.getByTestId('form-dirty').count()).toBe(0);
    const stored = await t.as(marketer, { method: 'GET', url: `/api/v1/forms/${formId}` });
    expect(stored.json<{ fields: { label: string }[] }>().fields.map((f) => f.label)).toEqual([
      ...reordered,
      'How can we help?',
      'Send me the newsletter',
    ]);
    expect(await toggle(page, 7).getAttribute('aria-expanded')).toBe('true');

    // A new field opens, ready to be filled in.
    await page.getByTestId('form-add-field').click();
    await poll(() => toggle(page, 8).getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('form-field-8-label').inputValue()).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lays the closed cards out from the right in Persian', async () => {
    const created = await t.as(marketer, {
      method: 'POST',
      url: '/api/v1/forms',
      payload: { name: 'Contact us', fields: FIELDS.slice(0, 3) },
    });
    expect(created.statusCode, created.body).toBe(201);
    const formId = created.json<{ id: string }>().id;
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, base, marketer);
    await page.getByTestId('lang-fa').click();
    await page.goto(`${base}/marketing/forms/${formId}`);
    await poll(() => toggle(page, 2).count()).toBe(1);
    expect(await page.getByTestId('form-field-0-summary').textContent()).toBe('ایمیل · الزامی · ایمیل');
    expect(await page.getByTestId('form-fields-expand-all').textContent()).toBe('باز کردن همه');
    // The form is in English: its labels say so (and read left to right) inside the Persian page.
    const label = page.getByTestId('form-field-0-summary-label');
    expect(await label.getAttribute('lang')).toBe('en');
    expect(await label.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    // The summary starts on the right, the buttons that move and remove the field sit on the left.
    const card = (await page.getByTestId('form-field-0').boundingBox())!;
    const summary = (await toggle(page, 0).boundingBox())!;
    const remove = (await page.getByTestId('form-field-0-remove').boundingBox())!;
    expect(card.x + card.width - (summary.x + summary.width)).toBeLessThan(20);
    expect(remove.x + remove.width).toBeLessThan(summary.x);
    // The closed card's chevron points along the reading direction (left), an open one's down.
    const turn = (index: number) =>
      page.getByTestId(`form-field-${index}-chevron`).evaluate((el) => getComputedStyle(el).transform);
    await poll(() => turn(0)).toBe('matrix(-1, 0, 0, -1, 0, 0)');
    await toggle(page, 0).click();
    expect(await page.getByTestId('form-field-0-label').inputValue()).toBe('Work email');
    await poll(() => turn(0)).toBe('matrix(0, 1, -1, 0, 0, 0)');
    await page.getByTestId('lang-en').click();
    await page.close();
  });
});
