import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { signIn, startBrowserApp, type BrowserApp } from './browser.js';
/** After a navigation the page loads its data; the machine is shared, so allow for a slow moment. */
const SLOW = { timeout: 10_000, interval: 100 };

/** The leads list's filters, merging duplicates in the UI, and the merged contact's timeline. */
describe.each(dialects())('leads and duplicates in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let admin: TestUser;

  const api = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.as(admin, { method, url, ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const contact = (payload: object) => api('POST', '/api/v1/contacts?allowDuplicate=true', payload);
  const event = (id: string, payload: object) => api('POST', `/api/v1/contacts/${id}/events`, payload);

  beforeAll(async () => {
    started = await startBrowserApp(dialect, { worker: true });
    ({ t, browser, base } = started);
    admin = await t.user('admin', { email: 'leads-admin@example.test', name: 'Leads Admin' });
  });
  afterAll(() => started?.close());

  const rowNames = (page: Page) => page.getByTestId('contact-row').allTextContents();

  it('filters the leads list by temperature and campaign, and says why a lead is warm', async () => {
    const warmSpring = await contact({ firstName: 'Warm', lastName: 'Spring', campaign: 'spring-fair' });
    const warmAutumn = await contact({ firstName: 'Warm', lastName: 'Autumn', campaign: 'autumn' });
    await contact({ firstName: 'Cold', lastName: 'Spring', campaign: 'spring-fair' });
    await event(warmSpring.id, { type: 'form_submitted' });
    await event(warmAutumn.id, { type: 'form_submitted' });
    const temperature = async (id: string) => (await api('GET', `/api/v1/contacts/${id}`)).temperature;
    await expect.poll(() => temperature(warmSpring.id), { timeout: 5000 }).toBe('warm');
    await expect.poll(() => temperature(warmAutumn.id), { timeout: 5000 }).toBe('warm');

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, admin);
    await page.getByTestId('contacts-filters-toggle').click();
    await page.getByTestId('contacts-temperature-filter').click();
    await page.getByRole('option', { name: 'Warm' }).click();
    await expect.poll(() => page.url(), SLOW).toContain('temperature=warm');
    await expect.poll(async () => (await rowNames(page)).length, SLOW).toBe(2);

    await page.getByTestId('contacts-campaign-filter').fill('spring-fair');
    await expect.poll(() => page.url(), SLOW).toContain('campaign=spring-fair');
    await expect.poll(() => rowNames(page), SLOW).toEqual([expect.stringContaining('Warm Spring')]);
    // Why is this lead warm? The list names the rule and the form it came from.
    await expect.poll(() => page.getByTestId('contact-why-cell').first().textContent(), SLOW).toContain('Engagement');
    // The form in words, as the timeline says it, not its event code.
    expect(await page.getByTestId('contact-why-cell').first().getAttribute('title')).toContain('Submitted a form');

    // The filters survive a reload (they live in the URL).
    await page.reload();
    await expect.poll(() => rowNames(page), SLOW).toEqual([expect.stringContaining('Warm Spring')]);
    expect(await page.getByTestId('contacts-campaign-filter').inputValue()).toBe('spring-fair');

    await page.getByTestId('contacts-why-filter').click();
    await page.getByRole('option', { name: 'A form submitted' }).click();
    await expect.poll(() => page.url(), SLOW).toContain('reasonEvent=form_submitted');
    await expect.poll(() => rowNames(page), SLOW).toEqual([expect.stringContaining('Warm Spring')]);
    await page.getByTestId('contacts-clear-filters').click();
    await expect.poll(async () => (await rowNames(page)).length, SLOW).toBeGreaterThanOrEqual(3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('merges two duplicates in the UI; the page then shows the winner with both timelines', async () => {
    const winner = await contact({
      firstName: 'Maryam',
      lastName: 'Hosseini',
      email: 'maryam@parsdata.example',
      phone: '+989121110000',
      jobTitle: 'CTO',
    });
    const loser = await contact({
      firstName: 'Maryam',
      lastName: 'H.',
      email: 'm.hosseini@parsdata.example',
      phone: '09121110000',
      source: 'webinar',
    });
    await event(winner.id, {
      type: 'page_view',
      url: 'https://parsdata.example/pricing?utm_campaign=spring-fair',
      properties: { title: 'Pricing <img src=x onerror="window.__xss=1">' },
    });
    await event(loser.id, { type: 'email_clicked', url: 'https://parsdata.example/webinar?utm_campaign=webinar' });

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, admin, `/contacts/${winner.id}`);
    await expect.poll(() => page.getByTestId('contact-name').textContent(), SLOW).toContain('Maryam Hosseini');
    // The timeline shows the page's title as text, never as HTML.
    await expect.poll(() => page.getByTestId('timeline-title').first().textContent(), SLOW).toContain('<img src=x');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    await expect.poll(() => page.getByTestId('contact-duplicate').count(), SLOW).toBe(1);
    await page.getByTestId('contact-duplicate').getByTestId('merge-button').click();
    await expect.poll(() => page.getByTestId('merge-dialog').isVisible(), SLOW).toBe(true);
    // Side by side: the differing fields with a choice each; keep the duplicate's email.
    expect(await page.getByTestId('merge-row-email').textContent()).toContain('m.hosseini@parsdata.example');
    expect(await page.getByTestId('merge-pick-jobTitle-winner').isChecked()).toBe(true);
    expect(await page.getByTestId('merge-pick-source-loser').isChecked()).toBe(true);
    await page.getByTestId('merge-pick-email-loser').check();
    await page.getByTestId('merge-confirm').click();
    await expect.poll(() => page.getByTestId('merge-dialog').count(), SLOW).toBe(0);

    expect(page.url()).toContain(`/contacts/${winner.id}`);
    await expect
      .poll(() => page.getByTestId('contact-email-value').textContent(), SLOW)
      .toContain('m.hosseini@parsdata.example');
    expect(await page.getByTestId('contact-duplicates').count()).toBe(0);
    const timelineTypes = () =>
      page
        .getByTestId('timeline-item')
        .evaluateAll((els) =>
          els.filter((e) => e.getAttribute('data-kind') === 'event').map((e) => e.getAttribute('data-type')),
        );
    await expect.poll(async () => (await timelineTypes()).sort(), SLOW).toEqual(['email_clicked', 'page_view']);
    const campaigns = await page.getByTestId('timeline-campaign').allTextContents();
    expect(campaigns.join(' ')).toContain('spring-fair');
    expect(campaigns.join(' ')).toContain('webinar');
    await expect.poll(() => page.getByTestId('audit-entry').first().textContent(), SLOW).toContain('merged');

    // The duplicate is gone; its address now answers "not found".
    await page.goto(`${base}/contacts/${loser.id}`);
    await expect.poll(() => page.locator('body').textContent(), SLOW).toMatch(/not found|No contact/i);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('offers a merge when a new contact clashes with an existing one, and lands on the one that stays', async () => {
    const existing = await contact({ firstName: 'Reza', lastName: 'Karimi', email: 'reza@acme.example' });
    await event(existing.id, { type: 'page_view', url: 'https://acme.example/docs' });
    const page = await browser.newPage();
    await signIn(page, base, admin, '/contacts/new');
    await page.getByTestId('contact-firstName').fill('Reza');
    await page.getByTestId('contact-email').fill('reza@acme.example');
    await page.getByTestId('contact-jobTitle').fill('Head of IT');
    await page.getByTestId('contact-submit').click();
    await expect.poll(() => page.getByTestId('duplicate-alert').isVisible(), SLOW).toBe(true);
    await page.getByTestId('duplicate-alert').getByTestId('merge-button').click();
    expect(await page.getByTestId('merge-pick-jobTitle-loser').isChecked()).toBe(true);
    await page.getByTestId('merge-confirm').click();
    await page.waitForURL((url) => url.pathname === `/contacts/${existing.id}`);
    await expect.poll(() => page.getByTestId('contact-name').textContent(), SLOW).toContain('Reza Karimi');
    await expect.poll(() => page.locator('main').textContent(), SLOW).toContain('Head of IT');
    await expect.poll(() => page.getByTestId('timeline-item').count(), SLOW).toBeGreaterThanOrEqual(1);
    const all = await api('GET', `/api/v1/contacts?q=reza%40acme.example`);
    expect(all.items.map((c: { id: string }) => c.id)).toEqual([existing.id]);
    await page.close();
  });
});
