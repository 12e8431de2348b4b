import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { poll, signIn, startBrowserApp, type BrowserApp, leadsTableOverflow } from './browser.js';

/** Ticking leads in the list and giving them an owner at once; only for those who may reassign leads. */
describe.each(dialects())('bulk owner assignment on the leads list in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let marketing: TestUser;
  let rep: TestUser;

  beforeAll(async () => {
    started = await startBrowserApp(dialect);
    ({ t, browser, base } = started);
    marketing = await t.user('marketing', { email: 'e2e-bulk@example.test', name: 'Mina Marketing' });
    rep = await t.user('sales_rep', { email: 'e2e-bulk-rep@example.test', name: 'Reza Rep' });
    for (const firstName of ['Arash', 'Bahar', 'Cyrus']) {
      const res = await t.as(marketing, { method: 'POST', url: '/api/v1/contacts', payload: { firstName } });
      expect(res.statusCode, res.body).toBe(201);
    }
    // The rep's own lead, so that their list is not empty.
    const own = await t.as(rep, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Dara' } });
    expect(own.statusCode, own.body).toBe(201);
  });
  afterAll(() => started?.close());

  const row = (page: Page, name: string) => page.getByTestId('contact-row').filter({ hasText: name });
  /** Each row's name and owner (the owner column shows on a laptop). */
  const owners = (page: Page) =>
    page
      .getByTestId('contact-row')
      .evaluateAll((rows) =>
        Object.fromEntries(
          rows.map((r) => [
            r.querySelector('a')?.textContent?.trim(),
            r.querySelector('[data-testid=contact-owner-cell]')?.textContent?.trim(),
          ]),
        ),
      );

  it('assigns an owner to the ticked leads and shows it in the owner column', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketing);
    await poll(() => page.getByTestId('contact-row').count()).toBe(4);
    const bar = page.getByTestId('contacts-bulk-bar');
    const all = page.getByTestId('contacts-select-all');
    expect(await bar.count()).toBe(0);

    await row(page, 'Arash').getByTestId('contact-select').check();
    await row(page, 'Bahar').getByTestId('contact-select').check();
    await poll(() => page.getByTestId('contacts-bulk-count').textContent()).toBe('2 selected');
    // Some ticked: the header's box says so, neither ticked nor empty.
    expect(await all.evaluate((el) => (el as HTMLInputElement).indeterminate)).toBe(true);
    expect(await all.isChecked()).toBe(false);
    expect(await leadsTableOverflow(page)).toEqual([]);

    await page.getByTestId('contacts-bulk-owner').fill('Reza');
    await page.getByRole('option', { name: 'Reza Rep' }).click();
    await page.getByTestId('contacts-bulk-assign').click();
    await page.getByText(/2 leads assigned to .Reza Rep/).waitFor();
    await poll(() => owners(page)).toEqual({ Arash: 'Reza Rep', Bahar: 'Reza Rep', Cyrus: '—', Dara: 'Reza Rep' });
    // Done: the ticks are gone with the bar.
    await poll(() => bar.count()).toBe(0);
    expect(
      await page
        .getByTestId('contact-select')
        .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).checked)),
    ).toEqual([false, false, false, false]);

    // The header's box ticks every lead shown, and unticks them again.
    await all.check();
    await poll(() => page.getByTestId('contacts-bulk-count').textContent()).toBe('4 selected');
    await all.uncheck();
    await poll(() => bar.count()).toBe(0);

    // Another filter or sort is another list: the ticks are forgotten.
    await row(page, 'Cyrus').getByTestId('contact-select').check();
    await poll(() => bar.count()).toBe(1);
    await page.getByTestId('sort-field').click();
    await page.getByRole('option', { name: 'First name' }).click();
    await poll(() => page.url()).toContain('sort=firstName');
    await poll(() => bar.count()).toBe(0);

    // Leads can be left without an owner too (one of these had none already), and given one again.
    await row(page, 'Arash').getByTestId('contact-select').check();
    await row(page, 'Cyrus').getByTestId('contact-select').check();
    await page.getByTestId('contacts-bulk-unassign').click();
    await page.getByText('1 lead left without an owner. 1 had no owner already.').waitFor();
    await poll(() => owners(page)).toEqual({ Arash: '—', Bahar: 'Reza Rep', Cyrus: '—', Dara: 'Reza Rep' });
    await poll(() => bar.count()).toBe(0);
    await row(page, 'Arash').getByTestId('contact-select').check();
    await page.getByTestId('contacts-bulk-owner').fill('Reza');
    await page.getByRole('option', { name: 'Reza Rep' }).click();
    await page.getByTestId('contacts-bulk-assign').click();
    await poll(() => owners(page)).toEqual({ Arash: 'Reza Rep', Bahar: 'Reza Rep', Cyrus: '—', Dara: 'Reza Rep' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speaks Persian right to left and still fits a laptop with leads ticked', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketing);
    await poll(() => page.getByTestId('contact-row').count()).toBe(4);
    await page.getByTestId('lang-fa').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await row(page, 'Cyrus').getByTestId('contact-select').check();
    await poll(() => page.getByTestId('contacts-bulk-count').textContent()).toBe('۱ مورد انتخاب شد');
    expect(await page.getByTestId('contacts-bulk-assign').textContent()).toBe('تعیین مسئول');
    expect(await leadsTableOverflow(page)).toEqual([]);
    await page.getByTestId('contacts-bulk-clear').click();
    await poll(() => page.getByTestId('contacts-bulk-bar').count()).toBe(0);
    await page.getByTestId('lang-en').click();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows no boxes to a rep, who may not give leads to others', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, rep);
    // Their own lead and the two just assigned to them.
    await poll(() => page.getByTestId('contact-row').count()).toBe(3);
    expect(await page.getByTestId('contact-select').count()).toBe(0);
    expect(await page.getByTestId('contacts-select-all').count()).toBe(0);
    expect(await page.getByTestId('contacts-bulk-bar').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('changes nothing when a ticked lead went away meanwhile, says so and drops it from the list', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketing);
    await poll(() => page.getByTestId('contact-row').count()).toBe(4);
    await row(page, 'Cyrus').getByTestId('contact-select').check();
    await row(page, 'Dara').getByTestId('contact-select').check();
    const cyrus = await t.app.tandem.database.db
      .selectFrom('contacts')
      .select('id')
      .where('first_name', '=', 'Cyrus')
      .executeTakeFirstOrThrow();
    const deleted = await t.as(marketing, { method: 'DELETE', url: `/api/v1/contacts/${cyrus.id}` });
    expect(deleted.statusCode, deleted.body).toBe(204);

    await page.getByTestId('contacts-bulk-owner').fill('Mina');
    await page.getByRole('option', { name: 'Mina Marketing' }).click();
    await page.getByTestId('contacts-bulk-assign').click();
    await page
      .getByText('Nothing changed: 1 of the selected leads no longer exists or is not visible to you.')
      .waitFor();
    await poll(() => page.getByTestId('contact-row').count()).toBe(3);
    // Dara kept their owner, and stays ticked for another try.
    expect((await owners(page))['Dara']).toBe('Reza Rep');
    await poll(() => page.getByTestId('contacts-bulk-count').textContent()).toBe('1 selected');
    expect(errors).toEqual([]);
    await page.close();
  });
});
