import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { poll, signIn, startBrowserApp, type BrowserApp } from './browser.js';

/** "Erase personal data" on the contact page: for admins and marketing, confirmed by typing the email. */
describe.each(dialects())('erasing a person in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let marketing: TestUser;
  let rep: TestUser;

  const create = async (user: TestUser, payload: object) => {
    const res = await t.as(user, { method: 'POST', url: '/api/v1/contacts?allowDuplicate=true', payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };

  beforeAll(async () => {
    started = await startBrowserApp(dialect, { worker: true });
    ({ t, browser, base } = started);
    marketing = await t.user('marketing', { email: 'erase-marketing@example.test', name: 'Erase Marketing' });
    rep = await t.user('sales_rep', { email: 'erase-rep@example.test', name: 'Erase Rep' });
  });
  afterAll(() => started?.close());

  it('erases the contact once its email is typed, after saying it cannot be undone', async () => {
    const id = await create(marketing, {
      firstName: 'Parisa',
      lastName: 'Erasable',
      email: 'parisa.erase@example.com',
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketing, `/contacts/${id}`);
    await poll(() => page.getByTestId('contact-name').textContent()).toContain('Parisa');

    await page.getByTestId('contact-erase').click();
    const dialog = page.getByRole('dialog');
    await poll(() => dialog.textContent()).toContain('cannot be undone');
    const submit = page.getByTestId('contact-erase-submit');
    expect(await submit.isDisabled()).toBe(true);
    await page.getByTestId('contact-erase-confirm').fill('parisa@example.com');
    expect(await submit.isDisabled()).toBe(true);
    await page.getByTestId('contact-erase-confirm').fill('Parisa.Erase@example.com');
    await poll(() => submit.isDisabled()).toBe(false);
    await submit.click();

    await page.waitForURL((url) => url.pathname === '/contacts');
    const res = await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${id}` });
    expect(res.statusCode).toBe(404);
    const audit = await t.app.tandem.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .where('action', '=', 'erase')
      .execute();
    expect(audit).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('does not offer the erase action to a sales rep', async () => {
    const id = await create(rep, { firstName: 'Kept', lastName: 'Byrep', email: 'kept.byrep@example.com' });
    const page = await browser.newPage();
    await signIn(page, base, rep, `/contacts/${id}`);
    await poll(() => page.getByTestId('contact-name').textContent()).toContain('Kept');
    expect(await page.getByTestId('contact-delete').count()).toBe(1);
    expect(await page.getByTestId('contact-erase').count()).toBe(0);
    await page.close();
  });
});
