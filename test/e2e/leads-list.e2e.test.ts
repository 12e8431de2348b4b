import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { poll, signIn, startBrowserApp, type BrowserApp } from './browser.js';

/** The leads list sorted by score, with the scores in their own columns, in English and Persian. */
describe.each(dialects())('leads list sorted by score in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let marketing: TestUser;

  beforeAll(async () => {
    started = await startBrowserApp(dialect);
    ({ t, browser, base } = started);
    marketing = await t.user('marketing', { email: 'e2e-leads@example.test', name: 'Mina Marketing' });
    const leads: [string, number, string, number][] = [
      ['Arash', 35, 'D', 64.5],
      ['Bahar', 92, 'A', 8],
      ['Cyrus', 60, 'C', 120.25],
    ];
    const sources: Record<string, string> = { Arash: 'LinkedIn Ads', Bahar: 'Newsletter', Cyrus: 'LinkedIn Ads' };
    for (const [firstName, fit, grade, engagement] of leads) {
      const res = await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { firstName, source: sources[firstName] },
      });
      expect(res.statusCode, res.body).toBe(201);
      await t.app.tandem.database.db
        .updateTable('contacts')
        .set({ fit_score: fit, fit_grade: grade, engagement_score: engagement })
        .where('id', '=', res.json<{ id: string }>().id)
        .execute();
    }
  });
  afterAll(() => started?.close());

  const rows = (page: Page) =>
    page
      .getByTestId('contact-row')
      .evaluateAll((all) =>
        all.map((row) =>
          [
            row.querySelector('a'),
            row.querySelector('[data-testid=contact-fit]'),
            row.querySelector('[data-testid=contact-engagement]'),
          ]
            .map((cell) => cell?.textContent?.trim())
            .join(' / '),
        ),
      );

  it('sorts by engagement or fit, highest first, from the sort control', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketing);
    await page.getByTestId('sort-field').click();
    await page.getByRole('option', { name: 'Engagement score' }).click();
    await poll(() => page.url()).toContain('sort=engagementScore');
    await poll(() => rows(page)).toEqual(['Cyrus / 60 (C) / 120.3', 'Arash / 35 (D) / 64.5', 'Bahar / 92 (A) / 8']);

    await page.getByTestId('sort-field').click();
    await page.getByRole('option', { name: 'Fit score' }).click();
    await poll(() => page.url()).toContain('sort=fitScore');
    await poll(() => rows(page)).toEqual(['Bahar / 92 (A) / 8', 'Cyrus / 60 (C) / 120.3', 'Arash / 35 (D) / 64.5']);

    // Persian: the same order, the scores in Persian digits.
    await page.getByTestId('lang-fa').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await poll(() => rows(page)).toEqual(['Bahar / ۹۲ (A) / ۸', 'Cyrus / ۶۰ (C) / ۱۲۰٫۳', 'Arash / ۳۵ (D) / ۶۴٫۵']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('suggests the sources in use as the user types, and filters by the one picked', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketing);
    await poll(() => page.getByTestId('contact-row').count()).toBe(3);
    await page.getByTestId('contacts-filters-toggle').click();
    // Lower case, part of the word: the stored spelling is offered.
    await page.getByTestId('contacts-source-filter').fill('linked');
    const offered = page.getByRole('option', { name: 'LinkedIn Ads' });
    await offered.waitFor();
    // Only what matches is offered, while the list of options is open.
    expect(await page.getByRole('option').allTextContents()).toEqual(['LinkedIn Ads']);
    // Part of a word is not a filter (it would match nothing): the list stays whole while the user chooses.
    expect(page.url()).not.toContain('source=');
    expect(await page.getByTestId('contact-row').count()).toBe(3);
    await offered.click();
    await poll(() => page.url()).toContain('source=LinkedIn+Ads');
    await poll(() => rows(page).then((r) => r.map((row) => row.split(' / ')[0]).sort())).toEqual(['Arash', 'Cyrus']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('applies a source typed in full as it is stored, one not in use with Enter, and none once emptied', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketing);
    await poll(() => page.getByTestId('contact-row').count()).toBe(3);
    await page.getByTestId('contacts-filters-toggle').click();
    const box = page.getByTestId('contacts-source-filter');
    await box.fill('newsletter');
    await poll(() => page.url()).toContain('source=Newsletter');
    await poll(() => rows(page).then((r) => r.map((row) => row.split(' / ')[0]))).toEqual(['Bahar']);

    await box.fill('');
    await poll(() => page.url()).not.toContain('source=');
    await poll(() => page.getByTestId('contact-row').count()).toBe(3);

    await box.fill('Trade fair');
    await page.getByRole('option').first().waitFor({ state: 'detached' });
    await box.press('Enter');
    await poll(() => page.url()).toContain('source=Trade+fair');
    await poll(() => page.getByTestId('contact-row').count()).toBe(0);
    expect(await box.inputValue()).toBe('Trade fair');
    expect(errors).toEqual([]);
    await page.close();
  });

  /** Whether the contacts table and every box around it show their content without scrolling sideways. */
  const fitsWidth = (page: Page) =>
    page.getByTestId('contacts-table').evaluate((table) => {
      const overflowing: string[] = [];
      for (let el: Element | null = table.parentElement; el; el = el.parentElement) {
        if (el.scrollWidth > el.clientWidth)
          overflowing.push(`${el.tagName}.${el.className} ${el.scrollWidth}>${el.clientWidth}`);
      }
      return overflowing;
    });

  it('fits a 1366 px laptop without scrolling sideways, its filters behind a button counting the ones set', async () => {
    // A contact with everything long: the cells cut it short and show it whole on hover.
    const longName = 'Seyed Mohammad-Hossein Khorramshahi-Tabatabaei';
    const created = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: {
        firstName: longName.split(' ')[0],
        lastName: longName.split(' ').slice(1).join(' '),
        email: 'mohammad-hossein.khorramshahi-tabatabaei@very-long-company-domain.example.com',
        phone: '+98 912 345 6789',
        jobTitle: 'Regional Director of Strategic Partnerships and Channel Sales',
        source: 'Newsletter',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketing);
    await poll(() => page.getByTestId('contact-row').count()).toBe(4);
    const toggle = page.getByTestId('contacts-filters-toggle');
    const filters = page.getByTestId('lead-filters');

    // No filter set: the list comes first, the filters wait behind the button.
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await filters.isVisible()).toBe(false);
    expect(await page.getByTestId('contacts-filters-count').count()).toBe(0);
    expect(await fitsWidth(page)).toEqual([]);
    const name = page.getByTestId('contact-row').getByTitle(longName);
    expect(await name.count()).toBe(1);

    // Opened, a filter set: the button counts it; closed again, the count stays and so does the filter.
    await toggle.click();
    await poll(() => filters.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('contacts-source-filter').fill('newsletter');
    await poll(() => page.url()).toContain('source=Newsletter');
    await poll(() => page.getByTestId('contact-row').count()).toBe(2);
    await page.getByTestId('contacts-temperature-filter').click();
    await page.getByRole('option', { name: 'Cold' }).click();
    await poll(() => page.url()).toContain('temperature=cold');
    await poll(() => page.getByTestId('contacts-filters-count').textContent()).toBe('2');
    await toggle.click();
    await poll(() => filters.isVisible()).toBe(false);
    expect(await page.getByTestId('contacts-filters-count').textContent()).toBe('2');
    expect(page.url()).toContain('source=Newsletter');

    // A link with filters set opens them on a wide screen, so that what narrows the list is seen.
    await page.reload();
    await poll(() => filters.isVisible()).toBe(true);
    expect(await page.getByTestId('contacts-source-filter').inputValue()).toBe('Newsletter');
    expect(await fitsWidth(page)).toEqual([]);

    // Persian, right to left: the same fit, the count in Persian digits.
    await page.getByTestId('lang-fa').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await poll(() => page.getByTestId('contacts-filters-count').textContent()).toBe('۲');
    await page.getByTestId('contacts-clear-filters').click();
    await poll(() => page.getByTestId('contact-row').count()).toBe(4);
    expect(await page.getByTestId('contacts-filters-count').count()).toBe(0);
    expect(await fitsWidth(page)).toEqual([]);
    await page.getByTestId('lang-en').click();

    // A phone: the filters stay closed even when set, the list first; nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/contacts?source=Newsletter`);
    await poll(() => page.getByTestId('contact-row').count()).toBe(2);
    expect(await filters.isVisible()).toBe(false);
    expect(await page.getByTestId('contacts-filters-count').textContent()).toBe('1');
    expect(await fitsWidth(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
