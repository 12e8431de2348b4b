import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupCode } from '../../src/modules/auth/index.js';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { signIn, startBrowserApp, type BrowserApp } from './browser.js';

describe.each(dialects())('the web UI in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let admin: TestUser;

  beforeAll(async () => {
    started = await startBrowserApp(dialect);
    ({ t, browser, base } = started);
    admin = await t.user('admin', { email: 'e2e-admin@example.test', name: 'E2E Admin' });
  });
  afterAll(() => started?.close());

  it('signs in, creates a company and a person, finds the person by Arabic letters, and shows Persian RTL', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, admin);

    // A company.
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('account-new').click();
    await page.getByTestId('account-name').fill('پارس داده‌پرداز');
    await page.getByTestId('account-domain').fill('parsdadeh.example');
    await page.getByTestId('account-employeeCount').fill('120');
    await page.getByTestId('account-country').fill('IR');
    await page.getByTestId('account-submit').click();
    await expect.poll(() => page.getByTestId('account-name-heading').textContent()).toContain('پارس داده‌پرداز');

    // A person at that company, with a Persian name written with Persian letters (ی, ک).
    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('contact-new').click();
    await page.getByTestId('contact-firstName').fill('علی');
    await page.getByTestId('contact-lastName').fill('کریمی');
    await page.getByTestId('contact-email').fill('ali.karimi@parsdadeh.example');
    await page.getByTestId('contact-phone').fill('۰۹۱۲ ۱۲۳ ۴۵۶۷');
    await page.getByTestId('contact-account').fill('پارس');
    await page.getByRole('option', { name: /پارس داده/ }).click();
    await page.getByTestId('contact-submit').click();
    await expect.poll(() => page.getByTestId('contact-name').textContent()).toContain('علی کریمی');
    await expect.poll(() => page.locator('body').textContent()).toContain('+989121234567');
    // The "why" panel: a new lead is cold, and says why.
    await expect.poll(() => page.getByTestId('contact-temperature').getAttribute('data-temperature')).toBe('cold');
    await expect.poll(() => page.getByTestId('temperature-reason').first().textContent()).toContain('below');

    // Search typed on an Arabic keyboard: ي and ك instead of ی and ک.
    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('contacts-search').fill('كريمي');
    await expect.poll(() => page.getByTestId('contact-row').count()).toBe(1);
    await expect.poll(() => page.getByTestId('contact-row').first().textContent()).toContain('علی');

    // Persian: right-to-left, Persian digits, Jalali dates.
    await page.getByTestId('lang-fa').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fa');
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toMatch(/[۰-۹]/);
    // The contact was created today; in the Jalali calendar the year is 14xx, written in Persian digits.
    expect(text).toMatch(/۱۴[۰-۹]{2}/);
    const navBox = await page.getByTestId('nav-contacts').boundingBox();
    const viewport = page.viewportSize()!;
    // The navigation sits on the right in RTL.
    expect(navBox!.x).toBeGreaterThan(viewport.width / 2);

    // Back to English, then the choice survives a reload.
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.getByTestId('lang-fa').click();
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows user-typed markup as text, never as HTML', async () => {
    await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: '<img src=x onerror="window.__xss=1">', lastName: '<b>bold</b>' },
    });
    const page = await browser.newPage();
    await signIn(page, base, admin);
    await page.getByTestId('contacts-search').fill('onerror');
    await expect.poll(() => page.getByTestId('contact-row').count()).toBe(1);
    await page.getByTestId('contact-row').first().click();
    await expect.poll(() => page.getByTestId('contact-name').textContent()).toContain('<img src=x');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main b').count()).toBe(0);
    await page.close();
  });

  it('names the offending field when the server rejects a form', async () => {
    const page = await browser.newPage();
    await signIn(page, base, admin);
    await page.getByTestId('contact-new').click();
    await page.getByTestId('contact-firstName').fill('Bad');
    await page.getByTestId('contact-phone').fill('12');
    await page.getByTestId('contact-submit').click();
    await expect.poll(() => page.locator('body').textContent()).toContain('Not a valid phone number');
    expect(page.url()).toMatch(/\/contacts\/new$/);
    expect(await page.getByTestId('contact-phone').getAttribute('aria-invalid')).toBe('true');
    // Correcting the phone takes its error away at once; it was about what was sent, not what is typed now.
    await page.getByTestId('contact-phone').fill('0912 345 6789');
    await expect.poll(() => page.getByTestId('contact-phone').getAttribute('aria-invalid')).not.toBe('true');
    expect(await page.locator('body').textContent()).not.toContain('Not a valid phone number');
    await page.close();
  });
});

describe('first run in Chromium', () => {
  it('creates the first admin through the link the server prints, then lands in the app', async () => {
    const { t, base, browser, close } = await startBrowserApp('sqlite');
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/setup?code=${setupCode(t.app.tandem.config.sessionSecret)}`);
      await page.getByTestId('setup-name').fill('First Admin');
      await page.getByTestId('setup-email').fill('first@example.test');
      await page.getByTestId('setup-password').fill('a long first password');
      await page.getByTestId('setup-submit').click();
      await page.waitForURL(/\/contacts/);
      expect(await t.app.tandem.services.users.needsSetup()).toBe(false);
    } finally {
      await close();
    }
  });
});
