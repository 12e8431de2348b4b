import type { Browser, Page } from 'playwright-core';

type Box = { x: number; y: number; width: number; height: number };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { poll, signIn, startBrowserApp, type BrowserApp, leadsTableOverflow } from './browser.js';

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
    expect(await leadsTableOverflow(page)).toEqual([]);
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
    expect(await leadsTableOverflow(page)).toEqual([]);

    // Persian, right to left: the same fit, the count in Persian digits.
    await page.getByTestId('lang-fa').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await poll(() => page.getByTestId('contacts-filters-count').textContent()).toBe('۲');
    await page.getByTestId('contacts-clear-filters').click();
    await poll(() => page.getByTestId('contact-row').count()).toBe(4);
    expect(await page.getByTestId('contacts-filters-count').count()).toBe(0);
    expect(await leadsTableOverflow(page)).toEqual([]);
    await page.getByTestId('lang-en').click();

    // A phone: the filters stay closed even when set, the list first; nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/contacts?source=Newsletter`);
    await poll(() => page.getByTestId('contact-row').count()).toBe(2);
    expect(await filters.isVisible()).toBe(false);
    expect(await page.getByTestId('contacts-filters-count').textContent()).toBe('1');
    expect(await leadsTableOverflow(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  /** Two boxes on the screen share some pixels. */
  const overlap = (a: Box, b: Box) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  /** The title, the header's actions and the search on a phone: each on the first screen, none on another. */
  async function headerFits(page: Page) {
    const viewport = page.viewportSize()!;
    const title = await box(page, 'contacts-title');
    for (const id of ['contact-views', 'contacts-more-actions', 'contact-new', 'contacts-search']) {
      const action = await box(page, id);
      expect(overlap(title, action), `${id} overlaps the title`).toBe(false);
      expect(action.x, id).toBeGreaterThanOrEqual(0);
      expect(action.x + action.width, id).toBeLessThanOrEqual(viewport.width);
      expect(action.y + action.height, id).toBeLessThanOrEqual(viewport.height);
    }
    const views = await box(page, 'contact-views');
    const newContact = await box(page, 'contact-new');
    expect(overlap(views, newContact)).toBe(false);
    // The page itself never scrolls sideways.
    expect(
      await page.evaluate(() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]),
    ).toSatisfy(([html, body, width]: number[]) => html! <= width! && body! <= width!);
  }

  /** The first lead's name and temperature are in view without scrolling sideways, whichever way the page reads. */
  async function nameAndTemperatureInView(page: Page) {
    const width = page.viewportSize()!.width;
    const row = page.getByTestId('contact-row').first();
    for (const cell of [row.locator('a').first(), row.locator('[data-temperature]')]) {
      const b = (await cell.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(width);
    }
  }

  const box = async (page: Page, testId: string): Promise<Box> => {
    const b = await page.getByTestId(testId).first().boundingBox();
    expect(b, testId).not.toBeNull();
    return b!;
  };

  it('on a 390 px phone, opens the filters in a drawer over the list, and keeps the header and list in view', async () => {
    // One warm lead among the cold ones, to filter by.
    await t.app.tandem.database.db
      .updateTable('contacts')
      .set({ temperature: 'warm' })
      .where('first_name', '=', 'Bahar')
      .execute();
    // A saved view with a long name, for its button in the header.
    const longView = 'Warm leads from the spring trade fair in Tehran and Isfahan, second round';
    const created = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/contact-views',
      payload: { name: longView, shared: false, filters: { temperature: 'warm' } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketing);
    // Three leads, four once the laptop test above has added its long one.
    await poll(() => page.getByTestId('contact-row').count()).toBeGreaterThanOrEqual(3);
    const all = await page.getByTestId('contact-row').count();
    await headerFits(page);
    await nameAndTemperatureInView(page);
    // The export waits in the header's menu.
    await page.getByTestId('contacts-more-actions').click();
    await poll(() => page.getByTestId('contacts-export').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('contacts-export').isVisible()).toBe(false);

    const toggle = page.getByTestId('contacts-filters-toggle');
    const drawer = page.getByTestId('contacts-filter-drawer-content');
    const done = page.getByTestId('contacts-filters-done');
    await toggle.click();
    await poll(() => drawer.isVisible()).toBe(true);
    // It slides up from the bottom edge.
    await poll(() => drawer.boundingBox().then((b) => b && Math.round(b.y + b.height))).toBe(844);
    // A sheet, not a new page: the top of the page still shows above it.
    expect((await drawer.boundingBox())!.y).toBeGreaterThan(40);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('contacts-filter-panel').count()).toBe(0);
    // The drawer covers the list: what is under the middle of the first row is the drawer or its shade.
    const firstRow = (await page.getByTestId('contact-row').first().boundingBox())!;
    const drawerBox = (await drawer.boundingBox())!;
    expect(drawerBox.height).toBeGreaterThan(844 / 2);
    expect(drawerBox.width).toBeGreaterThanOrEqual(380);
    expect(
      await page.evaluate(
        ([x, y]) => !document.elementFromPoint(x!, y!)?.closest('[data-testid=contact-row]'),
        [firstRow.x + firstRow.width / 2, firstRow.y + firstRow.height / 2],
      ),
    ).toBe(true);
    // The filters stand one under the other, as wide as the drawer.
    const temperature = page.getByTestId('contacts-temperature-filter');
    const temperatureBox = (await temperature.boundingBox())!;
    expect(temperatureBox.width).toBeGreaterThan(drawerBox.width * 0.8);
    await temperature.click();
    await page.getByRole('option', { name: 'Warm' }).click();
    await poll(() => page.url()).toContain('temperature=warm');
    await poll(() => done.textContent()).toBe('Show 1 result');
    await done.click();
    await poll(() => drawer.isVisible()).toBe(false);
    await poll(() => page.getByTestId('contact-row').count()).toBe(1);
    expect(await page.getByTestId('contact-row').first().textContent()).toContain('Bahar');
    expect(await page.getByTestId('contacts-filters-count').textContent()).toBe('1');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await headerFits(page);
    await nameAndTemperatureInView(page);

    // Persian, right to left: the drawer reads right to left, "Clear filters" first on the right.
    await page.getByTestId('lang-fa').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await poll(() => page.getByTestId('contacts-filters-count').textContent()).toBe('۱');
    await headerFits(page);
    await nameAndTemperatureInView(page);
    await toggle.click();
    await poll(() => drawer.isVisible()).toBe(true);
    expect(await drawer.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await poll(() => done.textContent()).toBe('نمایش ۱ نتیجه');
    const clear = page.getByTestId('contacts-clear-filters');
    const clearBox = (await clear.boundingBox())!;
    const doneBox = (await done.boundingBox())!;
    expect(clearBox.x).toBeGreaterThan(doneBox.x);
    expect(await page.getByTestId('contacts-temperature-filter').inputValue()).toBe('گرم');
    // The drawer rises from the bottom and spans the screen, whichever way the page reads.
    // (Polled: it slides up.)
    await poll(() => drawer.boundingBox().then((b) => b && Math.round(b.y + b.height))).toBe(844);
    expect((await drawer.boundingBox())!.x).toBeLessThanOrEqual(5);
    await clear.click();
    await poll(() => page.url()).not.toContain('temperature=');
    await poll(() => done.textContent()).toBe(`نمایش ${all.toLocaleString('fa-IR')} نتیجه`);
    expect(await clear.isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await poll(() => drawer.isVisible()).toBe(false);
    await poll(() => page.getByTestId('contact-row').count()).toBe(all);
    expect(await page.getByTestId('contacts-filters-count').count()).toBe(0);
    await headerFits(page);

    // A saved view with a long name, picked and then changed: its button is cut short, the others stay in view.
    await page.getByTestId('contact-views').click();
    await page.getByTestId('contact-view-item').filter({ hasText: longView }).click();
    await poll(() => page.getByTestId('contact-views').getAttribute('data-view')).toBe(longView);
    await poll(() => page.getByTestId('contact-row').count()).toBe(1);
    await headerFits(page);
    await page.getByTestId('contacts-search').fill('Bah');
    await poll(() => page.getByTestId('contact-views').getAttribute('data-modified')).toBe('true');
    await headerFits(page);
    expect(errors).toEqual([]);
    await page.close();
  });
});
