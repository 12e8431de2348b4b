import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { poll, signIn, startBrowserApp, type BrowserApp, leadsTableOverflow } from './browser.js';

/** Saved views of the leads list: saved from the filters, picked again later, shared or kept private. */
describe.each(dialects())('saved views of the leads list in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let marketing: TestUser;
  let colleague: TestUser;

  beforeAll(async () => {
    started = await startBrowserApp(dialect);
    ({ t, browser, base } = started);
    marketing = await t.user('marketing', { email: 'e2e-views@example.test', name: 'Mina Marketing' });
    colleague = await t.user('marketing', { email: 'e2e-views-2@example.test', name: 'Reza Colleague' });
    const sources: Record<string, string> = { Arash: 'LinkedIn Ads', Bahar: 'Newsletter', Cyrus: 'LinkedIn Ads' };
    for (const [firstName, source] of Object.entries(sources)) {
      const res = await t.as(marketing, { method: 'POST', url: '/api/v1/contacts', payload: { firstName, source } });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(() => started?.close());

  const names = (page: Page) =>
    page
      .getByTestId('contact-row')
      .evaluateAll((rows) => rows.map((row) => row.querySelector('a')?.textContent?.trim() ?? '').sort());
  const viewButton = (page: Page) => page.getByTestId('contact-views');
  const menuItem = (page: Page, name: string) =>
    page.locator(`[data-testid=contact-view-item][data-name=${JSON.stringify(name)}]`);
  async function saveView(page: Page, name: string, shared: boolean) {
    await viewButton(page).click();
    await page.getByTestId('contact-views-save').click();
    await page.getByTestId('contact-view-name').fill(name);
    if (shared) await page.getByTestId('contact-view-shared').check();
    await page.getByTestId('contact-view-submit').click();
    await poll(() => viewButton(page).getAttribute('data-view')).toBe(name);
  }

  it('saves the filters as a view, and picks it again after a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketing);
    await poll(() => page.getByTestId('contact-row').count()).toBe(3);

    await page.goto(`${base}/contacts?source=LinkedIn+Ads`);
    await poll(() => names(page)).toEqual(['Arash', 'Cyrus']);
    await saveView(page, 'LinkedIn leads', false);
    expect(page.url()).toContain('view=');
    expect(await viewButton(page).getAttribute('data-modified')).toBe('false');

    await page.goto(`${base}/contacts?source=Newsletter&sort=firstName`);
    await poll(() => names(page)).toEqual(['Bahar']);
    await saveView(page, 'Newsletter (team)', true);

    // Changing a filter of the view picked says so on the button.
    await page.getByTestId('contacts-search').fill('zzz');
    await poll(() => viewButton(page).getAttribute('data-modified')).toBe('true');
    expect(await page.getByTestId('contact-views-modified').isVisible()).toBe(true);

    await page.goto(`${base}/contacts`);
    await poll(() => page.getByTestId('contact-row').count()).toBe(3);
    await page.reload();
    await poll(() => page.getByTestId('contact-row').count()).toBe(3);
    expect(await viewButton(page).getAttribute('data-view')).toBe('');
    await viewButton(page).click();
    await menuItem(page, 'LinkedIn leads').click();
    await poll(() => page.url()).toContain('source=LinkedIn+Ads');
    await poll(() => names(page)).toEqual(['Arash', 'Cyrus']);
    expect(await viewButton(page).getAttribute('data-view')).toBe('LinkedIn leads');
    expect(await viewButton(page).getAttribute('data-modified')).toBe('false');
    expect(await page.getByTestId('contact-views-modified').count()).toBe(0);
    expect(await leadsTableOverflow(page)).toEqual([]);

    // The other view replaces these filters (and takes its sort).
    await viewButton(page).click();
    await menuItem(page, 'Newsletter (team)').click();
    await poll(() => names(page)).toEqual(['Bahar']);
    expect(page.url()).not.toContain('LinkedIn');
    expect(page.url()).toContain('sort=firstName');

    // Persian, right to left: the view picked is still named on the button, and the list still fits.
    await page.getByTestId('lang-fa').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await viewButton(page).click();
    await poll(() => page.getByTestId('contact-views-save').textContent()).toBe('ذخیرهٔ فیلترهای کنونی به‌عنوان نما…');
    await page.keyboard.press('Escape');
    expect(await viewButton(page).textContent()).toContain('Newsletter (team)');
    expect(await leadsTableOverflow(page)).toEqual([]);
    await page.getByTestId('lang-en').click();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows another user the shared view, read-only, and not the private one', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, colleague);
    await poll(() => page.getByTestId('contact-row').count()).toBe(3);
    await viewButton(page).click();
    await menuItem(page, 'Newsletter (team)').waitFor();
    expect(
      await page.getByTestId('contact-view-item').evaluateAll((items) => items.map((i) => i.dataset['name'])),
    ).toEqual(['Newsletter (team)']);
    expect(await menuItem(page, 'Newsletter (team)').textContent()).toContain('by Mina Marketing');
    await menuItem(page, 'Newsletter (team)').click();
    await poll(() => names(page)).toEqual(['Bahar']);
    // Picked, but not theirs to change.
    await viewButton(page).click();
    await page.getByTestId('contact-views-save').waitFor();
    expect(await page.getByTestId('contact-views-edit').count()).toBe(0);
    expect(await page.getByTestId('contact-views-delete').count()).toBe(0);
    await page.keyboard.press('Escape');

    // The private view's address shows nothing of it: the filters in the link, no view named.
    const own = await t.as(marketing, { method: 'GET', url: '/api/v1/contact-views' });
    const privateView = own
      .json<{ items: { id: string; name: string }[] }>()
      .items.find((v) => v.name === 'LinkedIn leads')!;
    await page.goto(`${base}/contacts?view=${privateView.id}`);
    await poll(() => page.getByTestId('contact-row').count()).toBe(3);
    expect(await viewButton(page).getAttribute('data-view')).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renames, unshares and deletes a view of your own', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, base, marketing);
    await viewButton(page).click();
    await menuItem(page, 'Newsletter (team)').click();
    await poll(() => names(page)).toEqual(['Bahar']);
    await viewButton(page).click();
    await page.getByTestId('contact-views-edit').click();
    await page.getByTestId('contact-view-name').fill('linkedin LEADS');
    await page.getByTestId('contact-view-submit').click();
    // Taken (case aside) by the other view: said at the name, nothing renamed.
    await poll(() => page.getByText('You already have a view with this name.').isVisible()).toBe(true);
    await page.getByTestId('contact-view-name').fill('Newsletter (mine)');
    await page.getByTestId('contact-view-shared').uncheck();
    await page.getByTestId('contact-view-submit').click();
    await poll(() => viewButton(page).getAttribute('data-view')).toBe('Newsletter (mine)');

    const seen = await t.as(colleague, { method: 'GET', url: '/api/v1/contact-views' });
    expect(seen.json<{ items: unknown[] }>().items).toEqual([]);

    // Filters changed since the view was picked are saved into it on request.
    await page.getByTestId('contacts-search').fill('Bah');
    await poll(() => viewButton(page).getAttribute('data-modified')).toBe('true');
    await viewButton(page).click();
    await page.getByTestId('contact-views-update').click();
    await poll(() => viewButton(page).getAttribute('data-modified')).toBe('false');
    const mine = await t.as(marketing, { method: 'GET', url: '/api/v1/contact-views' });
    expect(
      mine.json<{ items: { name: string; filters: object }[] }>().items.find((v) => v.name === 'Newsletter (mine)')
        ?.filters,
    ).toEqual({ q: 'Bah', source: 'Newsletter', sort: 'firstName', order: 'asc' });

    await viewButton(page).click();
    await page.getByTestId('contact-views-delete').click();
    await page.getByTestId('confirm-button').click();
    await poll(() => viewButton(page).getAttribute('data-view')).toBe('');
    await viewButton(page).click();
    await menuItem(page, 'LinkedIn leads').waitFor();
    expect(await menuItem(page, 'Newsletter (mine)').count()).toBe(0);
    await page.close();
  });
});
