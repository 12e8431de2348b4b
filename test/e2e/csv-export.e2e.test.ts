import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { poll, signIn, startBrowserApp, type BrowserApp } from './browser.js';

/** Export CSV buttons: the leads list's downloads what the current filters show; a form's, its submissions. */
describe.each(dialects())('CSV export in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let marketing: TestUser;

  beforeAll(async () => {
    started = await startBrowserApp(dialect);
    ({ t, browser, base } = started);
    marketing = await t.user('marketing', { email: 'e2e-export@example.test', name: 'Mina Marketing' });
    for (const [firstName, lastName, source] of [
      ['سارا', 'احمدی', 'Newsletter'],
      ['Bahar', 'Karimi', 'Newsletter'],
      ['Cyrus', 'Rahimi', 'LinkedIn Ads'],
    ]) {
      const res = await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { firstName, lastName, source },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(() => started?.close());

  it('downloads the filtered contacts as a CSV file', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketing, '/contacts');
    await page.goto(`${base}/contacts?source=Newsletter&sort=lastName&order=asc`);
    await poll(() => page.getByTestId('contact-row').count()).toBe(2);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('contacts-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile((await download.path())!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['first_name'], r['last_name'], r['source']])).toEqual([
      ['Bahar', 'Karimi', 'Newsletter'],
      ['سارا', 'احمدی', 'Newsletter'],
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("downloads a form's submissions as a CSV file", async () => {
    const created = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/forms',
      payload: {
        name: 'Guide',
        fields: [
          { key: 'first_name', label: 'First name', type: 'text', required: true, mapTo: 'firstName' },
          { key: 'email', label: 'Email', type: 'email', required: true, mapTo: 'email' },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const form = created.json<{ id: string; publicId: string }>();
    const submitted = await t.app.inject({
      method: 'POST',
      url: `/f/${form.publicId}/submissions`,
      headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 Chrome/120.0' },
      payload: JSON.stringify({ values: { first_name: 'مینا', email: 'mina@forms.test' } }),
    });
    expect(submitted.statusCode, submitted.body).toBe(200);

    const page = await browser.newPage({ acceptDownloads: true });
    await signIn(page, base, marketing, '/contacts');
    await page.goto(`${base}/marketing/forms/${form.id}?tab=submissions`);
    await poll(() => page.getByTestId('form-submission-row').count()).toBe(1);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('form-submissions-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^form-submissions-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile((await download.path())!, 'utf8');
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['first_name'], r['email']])).toEqual([['مینا', 'mina@forms.test']]);
    await page.close();
  });
});
