import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids.js';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { signIn, startBrowserApp, type BrowserApp } from './browser.js';

const SENIORITIES = ['entry', 'manager', 'director', 'vp'] as const;
/** The machine is shared: a page may take a while to load and render. */
const PATIENT = { timeout: 15_000 };

/** A fixed pseudo-random number in [0, 1) per contact index (an integer hash), the same on every run. */
function draw(i: number): number {
  let x = Math.imul(i + 1, 0x9e3779b1);
  x ^= x >>> 15;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  return (x >>> 0) / 2 ** 32;
}

/** Marketing trains the predictive score in the browser and reads a contact's score and its factors. */
describe.each(dialects())('the predictive score in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let marketing: TestUser;
  let rep: TestUser;
  let directorId = '';

  beforeAll(async () => {
    started = await startBrowserApp(dialect, { worker: true });
    ({ t, browser, base } = started);
    marketing = await t.user('marketing', { email: 'e2e-marketing@example.test', name: 'E2E Marketing' });
    rep = await t.user('sales_rep', { email: 'e2e-rep@example.test', name: 'E2E Rep' });

    // 300 contacts with a known outcome: seniors mostly won, the rest mostly lost.
    const db = t.app.tandem.database.db;
    const now = new Date().toISOString();
    const rows = Array.from({ length: 300 }, (_, i) => {
      const seniority = SENIORITIES[i % 4]!;
      const senior = seniority === 'director' || seniority === 'vp';
      const won = draw(i) < (senior ? 0.8 : 0.15);
      return {
        id: newId(),
        first_name: `Lead ${i}`,
        last_name: 'Browser',
        seniority,
        source: i % 2 === 0 ? 'webinar' : 'ads',
        custom_fields: JSON.stringify({ outcome: won ? 'won' : 'lost' }),
        fit_score: (i * 37) % 100,
        name_norm: `lead ${i} browser`,
        search_text: `lead ${i} browser`,
        created_at: now,
        updated_at: now,
      };
    });
    for (let i = 0; i < rows.length; i += 100)
      await db
        .insertInto('contacts')
        .values(rows.slice(i, i + 100))
        .execute();
    directorId = rows[2]!.id;
  });
  afterAll(() => started?.close());

  it('chooses the outcome, trains, and shows the probability with its top factors', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketing);

    // Before training, the contact page says there is no model yet.
    await page.goto(`${base}/contacts/${directorId}`);
    await expect
      .poll(() => page.getByTestId('contact-prediction').getAttribute('data-status'), PATIENT)
      .toBe('no_model');

    await page.getByTestId('nav-predictive').click();
    await page.waitForURL(/\/marketing\/model/);
    await expect.poll(() => page.getByTestId('model-none').isVisible(), PATIENT).toBe(true);

    // One more value that means "not converted", saved as a new settings version.
    await page.getByTestId('predictive-negative').fill('churned');
    await page.getByTestId('predictive-negative').press('Enter');
    await page.getByTestId('predictive-save').click();
    await expect
      .poll(async () => (await t.as(marketing, { method: 'GET', url: '/api/v1/predictive/settings' })).json(), PATIENT)
      .toMatchObject({ version: 1, settings: { outcome: { negativeValues: ['lost', 'churned'] } } });

    await page.getByTestId('predictive-train').click();
    await expect.poll(() => page.getByTestId('model-auc').textContent(), { timeout: 60_000 }).toMatch(/^0\.\d{3}$/);
    const auc = Number(await page.getByTestId('model-auc').textContent());
    expect(auc).toBeGreaterThan(0.7);
    await expect.poll(() => page.getByTestId('model-feature').count(), PATIENT).toBeGreaterThan(0);
    expect(await page.getByTestId('model-feature').first().getAttribute('data-feature')).toBe('seniority');
    await expect
      .poll(() => page.getByTestId('model-scoring').getAttribute('data-done'), { timeout: 20_000 })
      .toBe('true');
    expect(await page.getByTestId('model-samples').textContent()).toMatch(/Converted: \d+/);

    // The contact page: the probability, and what raised or lowered it.
    await page.goto(`${base}/contacts/${directorId}`);
    await expect.poll(() => page.getByTestId('contact-prediction').getAttribute('data-status'), PATIENT).toBe('ready');
    expect(await page.getByTestId('prediction-score').textContent()).toMatch(/^\d{1,3}%$/);
    const seniority = page.locator('[data-testid="prediction-factor"][data-feature="seniority"]');
    await expect.poll(() => seniority.count(), PATIENT).toBe(1);
    expect(await seniority.textContent()).toMatch(/Seniority = Director/);
    // A director: seniority pushes the score up.
    expect(await seniority.getAttribute('data-direction')).toBe('up');
    expect(await seniority.textContent()).toMatch(/\+\d\.\d\d/);

    // In Persian: the same factors, translated, with Persian digits.
    await page.getByTestId('lang-fa').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir), PATIENT).toBe('rtl');
    await expect.poll(() => seniority.textContent(), PATIENT).toContain('سطح سازمانی = مدیرکل');
    expect(await page.getByTestId('prediction-score').textContent()).toMatch(/[۰-۹]/);
    await page.getByTestId('lang-en').click();
    await expect.poll(() => seniority.textContent(), PATIENT).toMatch(/Seniority = Director/);

    // The contact changes elsewhere: the open page shows the new score and factors within seconds (the live
    // stream), not at its next poll half a minute later.
    const changed = await t.as(marketing, {
      method: 'PATCH',
      url: `/api/v1/contacts/${directorId}`,
      payload: { seniority: 'entry' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    await expect.poll(() => seniority.textContent(), { timeout: 8000 }).toMatch(/Seniority = Entry/);
    expect(await seniority.getAttribute('data-direction')).toBe('down');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the model page to marketing and admins', async () => {
    const page = await browser.newPage();
    await signIn(page, base, rep);
    expect(await page.getByTestId('nav-predictive').count()).toBe(0);
    await page.goto(`${base}/marketing/model`);
    await expect.poll(() => page.getByTestId('not-found').textContent(), PATIENT).toBeTruthy();
    expect(await page.getByTestId('predictive-train').count()).toBe(0);
    await page.close();
  });
});
