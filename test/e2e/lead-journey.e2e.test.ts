import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { signIn, startBrowserApp } from './browser.js';

const VISITOR_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

/**
 * A company's own website on another port (another origin): a blog page with the embedded newsletter form,
 * a pricing page and a demo button, each loading the tracking script.
 */
function marketingSite(tandem: string, embedHtml: string): Promise<Server> {
  const head = (title: string) =>
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><script async src="${tandem}/t/tandem.js"></script></head>`;
  const pages: Record<string, string> = {
    '/blog': `${head('Acme blog')}<body><h1>Ten ways to sell together</h1>${embedHtml}</body></html>`,
    '/pricing': `${head('Acme pricing')}<body><h1>Pricing</h1><button id="demo" onclick="tandem('track','demo_requested')">Book a demo</button></body></html>`,
  };
  const server = createServer((req, res) => {
    const page = pages[(req.url ?? '/').split('?')[0]!];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ?? 'not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Marketing's scoring: an ICP on industry, a newsletter signup worth little, a demo request worth a lot. */
async function configureScoring(t: TestApp, marketing: TestUser): Promise<void> {
  const current = await t.as(marketing, { method: 'GET', url: '/api/v1/scoring/settings' });
  const settings = current.json<{ settings: { engagementRules: object[] } & Record<string, unknown> }>().settings;
  const res = await t.as(marketing, {
    method: 'PUT',
    url: '/api/v1/scoring/settings',
    payload: {
      ...settings,
      icp: [{ field: 'account.industry', kind: 'in', values: ['Software'], weight: 100 }],
      engagementRules: [
        { id: 'newsletter', eventType: 'form_submitted', campaignId: 'newsletter', points: 5, repeatable: false },
        { id: 'demo', eventType: 'demo_requested', points: 40, repeatable: false },
        ...settings.engagementRules,
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** Marketing builds the newsletter form in the form builder and copies its embed snippet. */
async function buildForm(page: Page, base: string): Promise<string> {
  await page.goto(`${base}/marketing/forms/new`);
  await page.getByTestId('form-name').fill('Newsletter');
  await page.getByTestId('form-add-field').click();
  await page.getByTestId('form-field-1-label').fill('First name');
  await page.getByTestId('form-field-1-mapTo').selectOption('firstName');
  await page.getByTestId('form-add-field').click();
  await page.getByTestId('form-field-2-label').fill('Company');
  await page.getByTestId('form-field-2-mapTo').selectOption('account.name');
  await page.getByTestId('form-add-field').click();
  await page.getByTestId('form-field-3-label').fill('Industry');
  await page.getByTestId('form-field-3-mapTo').selectOption('account.industry');
  await page.getByTestId('form-campaign').fill('newsletter');
  await page.getByTestId('form-save').click();
  const snippet = page.getByTestId('form-embed-html');
  await snippet.waitFor();
  const html = (await snippet.inputValue().catch(() => null)) ?? (await snippet.textContent()) ?? '';
  expect(html).toContain('data-tandem-form=');
  return html;
}

/** Text as the reader sees it, without the invisible marks that keep a Latin path in order in Persian. */
const plain = (text: string | null) => (text ?? '').replace(/[\u2066-\u2069]/g, '');

/** Waits until the contact page shows this temperature, and returns how long that took. */
async function seeTemperature(page: Page, temperature: string, since: number): Promise<number> {
  await page
    .getByTestId('contact-temperature')
    .filter({ hasText: new RegExp(temperature, 'i') })
    .waitFor({ timeout: 10_000 });
  return Date.now() - since;
}

describe.each(dialects())('a lead from first visit to qualified, in Chromium on %s', (dialect) => {
  it('goes cold -> warm -> qualified on the contact page, with reasons, about a second after each step', async () => {
    const { t, base, browser, close } = await startBrowserApp(dialect, { worker: true });
    let site: Server | null = null;
    try {
      const marketing = await t.user('marketing');
      await configureScoring(t, marketing);

      const operator = await browser.newContext();
      const ui = await operator.newPage();
      await signIn(ui, base, marketing);
      const embedHtml = await buildForm(ui, base);

      site = await marketingSite(base, embedHtml);
      const siteBase = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
      const visitorContext = await browser.newContext({ userAgent: VISITOR_UA });
      const visitor = await visitorContext.newPage();

      // 1. The visitor reads the blog and signs up for the newsletter: a contact, still cold.
      await visitor.goto(`${siteBase}/blog?utm_source=linkedin&utm_campaign=spring`);
      const form = visitor.locator('form.tandem-form');
      await form.waitFor();
      await form.getByLabel('Work email').or(form.locator('input[type=email]')).first().fill('negar@acme-soft.example');
      await form.locator('input[name=first_name]').fill('Negar');
      await form.locator('input[name=company]').fill('Acme Soft');
      await form.locator('input[name=industry]').fill('Software');
      await form.locator('button[type=submit]').click();
      await visitor.locator('[data-tandem-thanks]').waitFor();

      const db = t.app.tandem.database.db;
      await expect
        .poll(
          async () =>
            (
              await db
                .selectFrom('contacts')
                .select('id')
                .where('email', '=', 'negar@acme-soft.example')
                .executeTakeFirst()
            )?.id,
          {
            timeout: 5000,
          },
        )
        .toBeTruthy();
      const contact = await db
        .selectFrom('contacts')
        .selectAll()
        .where('email', '=', 'negar@acme-soft.example')
        .executeTakeFirstOrThrow();
      expect(contact).toMatchObject({ first_name: 'Negar', campaign: 'newsletter', source: 'form' });

      await ui.goto(`${base}/contacts/${contact.id}`);
      await seeTemperature(ui, 'cold', Date.now());
      // The page follows the contact through the server's event stream: while it is up, the temperature is
      // asked for only when the server says it changed (its own poll is then 30 s, longer than any wait
      // below), so each change seen below came through the stream.
      const live = () => ui.getByTestId('contact-why').getAttribute('data-live');
      await expect.poll(live, { timeout: 5000 }).toBe('true');
      await expect
        .poll(() => ui.getByTestId('temperature-reason').allTextContents())
        .toEqual(expect.arrayContaining([expect.stringMatching(/below/i)]));

      // 2. Pricing twice: engagement crosses the warm threshold. (A fresh page load first: the timeline's own
      // ten-second poll has then not come round when the card turns warm below.)
      await ui.reload();
      await seeTemperature(ui, 'cold', Date.now());
      await expect.poll(live, { timeout: 5000 }).toBe('true');
      const pageViews = async () =>
        (
          await db
            .selectFrom('events')
            .select('id')
            .where('contact_id', '=', contact.id)
            .where('type', '=', 'page_view')
            .execute()
        ).length;
      await visitor.goto(`${siteBase}/pricing`);
      await expect.poll(pageViews, { timeout: 5000 }).toBe(2);
      const started = Date.now();
      await visitor.goto(`${siteBase}/pricing?plan=team`);
      const toWarm = await seeTemperature(ui, 'warm', started);
      const warmSeenAt = Date.now();
      // The timeline follows the card without a reload: the pricing visits and the change to warm show within
      // a couple of seconds, not at its own next poll.
      const timelineKinds = async () =>
        (
          await ui.getByTestId('timeline-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-type')))
        ).join(',');
      await expect.poll(timelineKinds, { timeout: 4000, interval: 100 }).toMatch(/^warm,page_view,page_view,/);
      console.log(`${dialect}: the timeline showed the change ${Date.now() - warmSeenAt} ms after the card`);
      expect(await ui.getByTestId('contact-timeline').textContent()).toContain('Temperature changed');
      // The reasons name each event as the timeline does, with the page that earned the points and "1 point",
      // "10 points"; the events beyond the top three (the blog visit) are counted, and listed on hover.
      const reasonsText = async () => plain((await ui.getByTestId('temperature-reason').allTextContents()).join(' | '));
      await expect.poll(reasonsText, { timeout: 4000 }).toMatch(/Visited a page \(\/pricing\) on .+: 10 points/);
      const warmReasons = await reasonsText();
      expect(warmReasons).not.toMatch(/page_view|form_submitted/);
      expect(warmReasons).toMatch(/Submitted a form( \(\/blog\))? on .+: 5 points/);
      expect(await ui.getByTestId('temperature-more-events').textContent()).toBe('+1 more');
      expect(plain(await ui.getByTestId('temperature-more-events').getAttribute('title'))).toMatch(
        /^Visited a page \(\/blog\) on .+: 1 point$/,
      );
      // Persian: the same words as the timeline, the history arrow pointing the way Persian reads.
      await ui.getByTestId('lang-fa').click();
      await expect.poll(() => ui.evaluate(() => document.documentElement.dir)).toBe('rtl');
      const faReasons = await reasonsText();
      expect(faReasons).toContain('از صفحه‌ای بازدید کرد (/pricing)');
      expect(faReasons).toContain('۱۰ امتیاز');
      expect(faReasons).not.toMatch(/page_view|points/);
      expect(await ui.getByTestId('temperature-arrow').allTextContents()).toEqual(['←', '←']); // card, timeline
      // The source Tandem gave the contact ("form") in the reader's language.
      expect(await ui.getByTestId('contact-source-value').textContent()).toBe('فرم');
      await ui.getByTestId('lang-en').click();
      await expect.poll(() => ui.getByTestId('temperature-arrow').allTextContents()).toEqual(['→', '→']);

      // 3. A demo request: engagement and the ICP fit (software) make the lead qualified.
      const demoAt = Date.now();
      await visitor.click('#demo');
      const toQualified = await seeTemperature(ui, 'qualified', demoAt);
      const qualifiedReasons = (await ui.getByTestId('temperature-reason').allTextContents()).join(' | ');
      expect(qualifiedReasons).toMatch(/Event: demo_requested/);
      // The demo, both pricing visits named; the form and the blog visit counted.
      expect(await ui.getByTestId('temperature-more-events').textContent()).toBe('+2 more');
      expect(qualifiedReasons).toMatch(/Fit grade A is B or better/);

      // The whole history is on the contact: the anonymous blog visit, the form, the pricing visits, the demo.
      const events = await db
        .selectFrom('events')
        .select('type')
        .where('contact_id', '=', contact.id)
        .orderBy('id')
        .execute();
      expect(events.map((e) => e.type).sort()).toEqual([
        'demo_requested',
        'form_submitted',
        'page_view',
        'page_view',
        'page_view',
      ]);
      const changes = await db
        .selectFrom('temperature_changes')
        .select(['from_temperature', 'to_temperature'])
        .where('contact_id', '=', contact.id)
        .orderBy('id')
        .execute();
      expect(changes.map((c) => `${c.from_temperature}->${c.to_temperature}`)).toEqual([
        'cold->warm',
        'warm->qualified',
      ]);
      // Seen on the page, from the visitor's click or page load: the tracking script's batching (100 ms),
      // the reaction, the stream's message and the page reading the contact again.
      console.log(`${dialect}: cold->warm seen after ${toWarm} ms, warm->qualified after ${toQualified} ms`);
      await visitorContext.close();
      await operator.close();
    } finally {
      site?.close();
      await close();
    }
  });
});
