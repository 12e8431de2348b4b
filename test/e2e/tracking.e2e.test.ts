import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { dialects } from '../support/db.js';
import { poll, signIn, startBrowserApp } from './browser.js';

const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

/** A static marketing site on another port (another origin) that embeds the tracking script. */
function staticSite(tandemBase: string): Promise<Server> {
  const page = `<!doctype html><html><head><title>Acme pricing</title>
<script async src="${tandemBase}/t/tandem.js"></script></head>
<body><h1>Pricing</h1><button id="demo" onclick="tandem('track','demo_requested',{plan:'pro'})">Book a demo</button>
<button id="claim" onclick="tandem('track','form_submitted')">Claims a form submission</button></body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.each(dialects())('the tracking script in Chromium on %s', (dialect) => {
  it('records page views and custom events from another site, under one random visitor id', async () => {
    const { t, base: tandem, browser, close } = await startBrowserApp(dialect, { webUi: false });
    let site: Server | null = null;
    try {
      site = await staticSite(tandem);
      const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/pricing?utm_source=newsletter`;
      const context = await browser.newContext({ userAgent: BROWSER_UA });
      const page = await context.newPage();
      await page.goto(siteUrl);
      await page.waitForFunction(() => typeof (window as unknown as { tandem?: unknown }).tandem === 'function');
      // A type only Tandem records is left out by the script; the rest of the batch still goes.
      const warnings: string[] = [];
      page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
      await page.click('#claim');
      await page.click('#demo');
      const db = t.app.tandem.database.db;
      await expect
        .poll(async () => (await db.selectFrom('events').select('type').orderBy('id').execute()).map((e) => e.type), {
          timeout: 5000,
        })
        .toEqual(['page_view', 'demo_requested']);
      expect(warnings.join('\n')).toContain('"form_submitted" events are recorded by Tandem itself');
      const rows = await db.selectFrom('events').selectAll().execute();
      expect(new Set(rows.map((r) => r.visitor_id)).size).toBe(1);
      expect(rows[0]!.visitor_id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(rows[0]).toMatchObject({ url: siteUrl, utm_source: 'newsletter' });
      // A second page load keeps the same visitor.
      await page.reload();
      await expect
        .poll(async () => (await db.selectFrom('events').select('id').execute()).length, { timeout: 5000 })
        .toBe(3);
      const visitors = await db.selectFrom('visitors').select('id').execute();
      expect(visitors).toHaveLength(1);
      await context.close();
    } finally {
      site?.close();
      await close();
    }
  });

  it('lays a Persian form out right to left within a phone screen, the hidden trap field included', async () => {
    const { t, base: tandem, browser, close } = await startBrowserApp(dialect, { webUi: false });
    try {
      const marketing = await t.user('marketing');
      const created = await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/forms',
        payload: {
          name: 'درخواست دمو',
          locale: 'fa',
          fields: [
            { key: 'name', label: 'نام', type: 'text', required: true, mapTo: 'firstName' },
            { key: 'email', label: 'ایمیل', type: 'email', required: true, mapTo: 'email' },
          ],
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const context = await browser.newContext({ userAgent: BROWSER_UA, viewport: { width: 390, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${tandem}/f/${created.json<{ publicId: string }>().publicId}`);
      const name = page.locator('input[name="name"]');
      await name.waitFor();
      // The trap field for bots was moved 10,000 px to the left: in a right-to-left page that widened the
      // page, and the form sat outside the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const box = (await name.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.tandem-form')!).direction)).toBe(
        'rtl',
      );
      await context.close();
    } finally {
      await close();
    }
  });

  it('hands a clicked email link to the landing page only once marketing lists that website', async () => {
    const { t, base: tandem, browser, close } = await startBrowserApp(dialect);
    let site: Server | null = null;
    try {
      site = await staticSite(tandem);
      // Another host than Tandem's own (127.0.0.1), as a company's website would be.
      const landing = `http://localhost:${(site.address() as AddressInfo).port}/pricing`;
      const marketing = await t.user('marketing');
      const contact = await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { firstName: 'Nasrin', email: 'nasrin@example.com' },
      });
      expect(contact.statusCode, contact.body).toBe(201);
      const contactId = contact.json<{ id: string }>().id;
      const minted = await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/email/links',
        payload: { contactId, messageId: 'launch', url: landing },
      });
      expect(minted.statusCode, minted.body).toBe(200);
      // Minted through inject: its host is inject's; the browser follows the same path on the real server.
      const clickUrl = tandem + new URL(minted.json<{ clickUrl: string }>().clickUrl).pathname;

      const visitor = await (await browser.newContext({ userAgent: BROWSER_UA })).newPage();
      const db = t.app.tandem.database.db;
      const landed = async () => {
        await visitor.goto(clickUrl);
        await visitor.waitForFunction(() => typeof (window as unknown as { tandem?: unknown }).tandem === 'function');
        return new URL(visitor.url());
      };
      const visitorEvents = () =>
        db
          .selectFrom('events')
          .select(['type', 'contact_id'])
          .where('visitor_id', 'is not', null)
          .orderBy('id')
          .execute();

      // Not listed yet: the page opens without the identity, and the visitor stays anonymous.
      const first = await landed();
      expect(first.origin + first.pathname).toBe(landing);
      expect(first.searchParams.has('_tdm')).toBe(false);
      await poll(async () => (await visitorEvents()).map((e) => e.contact_id)).toEqual([null]);

      // Marketing lists the site on the Website tracking page, pasting an address.
      const admin = await (await browser.newContext()).newPage();
      await signIn(admin, tandem, marketing, '/marketing/tracking');
      await expect
        .poll(() => admin.getByTestId('tracking-snippet').textContent())
        .toBe(`<script async src="${tandem}/t/tandem.js"></script>`);
      await admin.getByTestId('tracking-domains').fill('not a domain!');
      await admin.getByTestId('tracking-domains').press('Enter');
      await admin.getByTestId('tracking-save').click();
      await poll(() => admin.getByText('Not a domain such as example.com.', { exact: false }).count()).toBeGreaterThan(
        0,
      );
      expect((await t.as(marketing, { method: 'GET', url: '/api/v1/tracking/sites' })).json().domains).toEqual([]);
      // Backspace in the empty input takes the refused entry off.
      await admin.getByTestId('tracking-domains').press('Backspace');
      await admin.getByTestId('tracking-domains').fill(`${landing}?x=1`);
      await admin.getByTestId('tracking-domains').press('Enter');
      await admin.getByTestId('tracking-save').click();
      await poll(
        async () => (await t.as(marketing, { method: 'GET', url: '/api/v1/tracking/sites' })).json().domains,
      ).toEqual(['localhost']);

      // The same link now carries the identity: the script hands it over, removes it from the address bar,
      // and the visitor's history, the first visit included, becomes the contact's.
      const second = await landed();
      expect(second.searchParams.has('_tdm')).toBe(false);
      await poll(async () => (await visitorEvents()).map((e) => e.contact_id)).toEqual([contactId, contactId]);
    } finally {
      site?.close();
      await close();
    }
  });
});
