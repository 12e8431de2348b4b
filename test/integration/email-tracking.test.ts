import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

describe.each(dialects())('email tracking on %s', (dialect) => {
  let t: TestApp;
  let marketing: TestUser;
  let contactId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    marketing = await t.user('marketing');
    const res = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Leila', email: 'leila@example.com' },
    });
    contactId = res.json().id;
    // The landing pages of these tests are on the company's own site.
    const sites = await t.as(marketing, {
      method: 'PUT',
      url: '/api/v1/tracking/sites',
      payload: { domains: ['acme.example'] },
    });
    expect(sites.statusCode, sites.body).toBe(200);
  });
  afterAll(() => t.close());

  const db = () => t.app.tandem.database.db;
  const eventsOf = (id: string) =>
    db().selectFrom('events').selectAll().where('contact_id', '=', id).orderBy('id').execute();

  async function links(url = 'https://acme.example/pricing?utm_source=newsletter') {
    const res = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/email/links',
      payload: { contactId, messageId: 'msg-42', url, campaign: 'autumn-news' },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ clickUrl: string; openPixelUrl: string }>();
  }
  const path = (absolute: string) => new URL(absolute).pathname;

  it('lets an engagement rule count one email: clicks of that message match it, other messages do not', async () => {
    const current = (await t.as(marketing, { method: 'GET', url: '/api/v1/scoring/settings' })).json();
    const rule = {
      id: 'launch-mail',
      eventType: 'email_clicked',
      emailId: 'msg-launch',
      points: 40,
      repeatable: false,
    };
    const saved = await t.as(marketing, {
      method: 'PUT',
      url: '/api/v1/scoring/settings',
      payload: { ...current.settings, engagementRules: [rule, ...current.settings.engagementRules] },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const person = (
      await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { firstName: 'Mina', email: 'mina@example.com' },
      })
    ).json().id as string;
    const click = async (messageId: string) => {
      const res = await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/email/links',
        payload: { contactId: person, messageId, url: 'https://acme.example/' },
      });
      const answer = await t.app.inject({
        method: 'GET',
        url: path(res.json().clickUrl),
        headers: { 'user-agent': BROWSER },
      });
      expect(answer.statusCode).toBe(302);
    };
    const ruleIds = async () =>
      (await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${person}/temperature` }))
        .json()
        .engagement.contributions.map((c: { ruleId: string }) => c.ruleId);
    await click('msg-other');
    expect(await ruleIds()).not.toContain('launch-mail');
    await click('msg-launch');
    expect(await ruleIds()).toContain('launch-mail');
    // Put the defaults back for the other tests.
    await t.as(marketing, { method: 'PUT', url: '/api/v1/scoring/settings', payload: current.settings });
  });

  it('records an open per message through the pixel and always answers an image', async () => {
    const { openPixelUrl } = await links();
    const before = (await eventsOf(contactId)).length;
    const res = await t.app.inject({ method: 'GET', url: path(openPixelUrl), headers: { 'user-agent': BROWSER } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/gif');
    const events = await eventsOf(contactId);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ type: 'email_opened', utm_campaign: 'autumn-news' });
    const forged = await t.app.inject({ method: 'GET', url: '/t/o/abc.def.gif', headers: { 'user-agent': BROWSER } });
    expect(forged.statusCode).toBe(200);
    expect(forged.headers['content-type']).toBe('image/gif');
    expect(await eventsOf(contactId)).toHaveLength(before + 1);
  });

  it('redirects a signed click to its destination with an identity token, recording the click', async () => {
    const { clickUrl } = await links();
    const res = await t.app.inject({ method: 'GET', url: path(clickUrl), headers: { 'user-agent': BROWSER } });
    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers.location as string);
    expect(location.origin + location.pathname).toBe('https://acme.example/pricing');
    expect(location.searchParams.get('utm_source')).toBe('newsletter');
    const token = location.searchParams.get('_tdm');
    expect(token).toBeTruthy();
    const click = (await eventsOf(contactId)).at(-1);
    expect(click).toMatchObject({ type: 'email_clicked', url: 'https://acme.example/pricing?utm_source=newsletter' });

    // The landing page's tracking script hands the token over: the anonymous visitor becomes Leila.
    const visitor = randomBytes(16).toString('base64url');
    await t.app.inject({
      method: 'POST',
      url: '/t/events',
      headers: { 'user-agent': BROWSER, 'content-type': 'application/json' },
      payload: JSON.stringify({ visitorId: visitor, events: [{ type: 'page_view', url: 'https://acme.example/' }] }),
    });
    const identify = await t.app.inject({
      method: 'POST',
      url: '/t/identify',
      headers: { 'user-agent': BROWSER, 'content-type': 'text/plain' },
      payload: JSON.stringify({ visitorId: visitor, token }),
    });
    expect(identify.statusCode).toBe(202);
    const merged = await db().selectFrom('events').select('contact_id').where('visitor_id', '=', visitor).execute();
    expect(merged.map((e) => e.contact_id)).toEqual([contactId]);
  });

  it('never redirects a tampered, truncated or unsigned link, and says nothing about anyone', async () => {
    const { clickUrl } = await links();
    const token = path(clickUrl).slice('/t/c/'.length);
    const [payload, sig] = token.split('.');
    const evil = Buffer.from(JSON.stringify({ contactId, messageId: 'msg-42', url: 'https://evil.example/' })).toString(
      'base64url',
    );
    const before = (await eventsOf(contactId)).length;
    for (const bad of [
      `${evil}.${sig}`,
      payload!,
      `${payload}.${sig!.slice(0, 10)}`,
      'x',
      encodeURIComponent('https://evil.example'),
    ]) {
      const res = await t.app.inject({ method: 'GET', url: `/t/c/${bad}`, headers: { 'user-agent': BROWSER } });
      expect(res.statusCode, bad).toBe(404);
      expect(res.headers.location).toBeUndefined();
      expect(res.body).toContain('This link is not valid');
      expect(res.body).not.toContain('evil.example');
    }
    expect(await eventsOf(contactId)).toHaveLength(before);
    // A bad identity token is answered exactly like a good one, and merges nothing.
    const visitor = randomBytes(16).toString('base64url');
    const res = await t.app.inject({
      method: 'POST',
      url: '/t/identify',
      headers: { 'user-agent': BROWSER, 'content-type': 'application/json' },
      payload: JSON.stringify({ visitorId: visitor, token: `${payload}.${sig}` }),
    });
    expect(res.statusCode).toBe(202);
    expect(await db().selectFrom('visitors').selectAll().where('id', '=', visitor).execute()).toEqual([]);
  });

  it('lets mail scanners through without counting them as clicks', async () => {
    const { clickUrl } = await links();
    const before = (await eventsOf(contactId)).length;
    const res = await t.app.inject({
      method: 'GET',
      url: path(clickUrl),
      headers: { 'user-agent': 'Barracuda-Preview-Bot/1.0' },
    });
    expect(res.statusCode).toBe(302);
    expect(await eventsOf(contactId)).toHaveLength(before);
  });

  it('still redirects a click for a deleted contact when the destination has non-ASCII characters', async () => {
    const gone = (
      await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { firstName: 'Sara', email: 'sara-deleted@example.com' },
      })
    ).json().id as string;
    const minted = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/email/links',
      payload: { contactId: gone, messageId: 'msg-fa', url: 'https://acme.example/مقاله?q=تخفیف ویژه' },
    });
    expect(minted.statusCode, minted.body).toBe(200);
    const removed = await t.as(marketing, { method: 'DELETE', url: `/api/v1/contacts/${gone}` });
    expect(removed.statusCode, removed.body).toBe(204);
    for (const agent of [BROWSER, 'Barracuda-Preview-Bot/1.0']) {
      const res = await t.app.inject({
        method: 'GET',
        url: path(minted.json().clickUrl),
        headers: { 'user-agent': agent },
      });
      expect(res.statusCode, res.body).toBe(302);
      expect(res.headers.location).toBe(
        'https://acme.example/%D9%85%D9%82%D8%A7%D9%84%D9%87?q=%D8%AA%D8%AE%D9%81%DB%8C%D9%81%20%D9%88%DB%8C%DA%98%D9%87',
      );
    }
  });

  it('mints links only for contacts the caller may see, and only to web pages', async () => {
    const rep = await t.user('sales_rep');
    const hidden = await t.as(rep, {
      method: 'POST',
      url: '/api/v1/email/links',
      payload: { contactId, messageId: 'm', url: 'https://acme.example/' },
    });
    expect(hidden.statusCode).toBe(404);
    const js = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/email/links',
      payload: { contactId, messageId: 'm', url: 'javascript:alert(1)' },
    });
    expect(js.statusCode).toBe(422);
  });

  it('refuses to mint a link too long to be followed, and follows the longest it mints', async () => {
    const mint = (url: string) =>
      t.as(marketing, {
        method: 'POST',
        url: '/api/v1/email/links',
        payload: { contactId, messageId: 'خبرنامهٔ پاییز', url, campaign: 'پاییز' },
      });
    // Persian takes two bytes a character in the signed payload: 1,600 of them do not fit a link.
    const long = await mint(`https://acme.example/${'م'.repeat(1600)}`);
    expect(long.statusCode, long.body).toBe(422);
    expect(long.json().errors).toEqual([{ field: 'url', message: expect.stringContaining('Too long') }]);
    const fits = await mint(`https://acme.example/${'م'.repeat(1400)}`);
    expect(fits.statusCode, fits.body).toBe(200);
    const token = path(fits.json().clickUrl).slice('/t/c/'.length);
    expect(token.length).toBeGreaterThan(3800);
    const res = await t.app.inject({
      method: 'GET',
      url: path(fits.json().clickUrl),
      headers: { 'user-agent': BROWSER },
    });
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toMatch(/^https:\/\/acme\.example\/(%D9%85){1400}\?_tdm=/);
  });

  it("hands the identity token only to the tracked sites and Tandem's own host", async () => {
    const click = async (url: string) => {
      const minted = await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/email/links',
        payload: { contactId, messageId: 'msg-sites', url },
      });
      expect(minted.statusCode, minted.body).toBe(200);
      const res = await t.app.inject({
        method: 'GET',
        url: path(minted.json().clickUrl),
        headers: { 'user-agent': BROWSER },
      });
      expect(res.statusCode, res.body).toBe(302);
      return new URL(res.headers.location as string);
    };
    const before = (await eventsOf(contactId)).length;
    // A partner's page, a look-alike host: the plain address, no token naming the contact.
    for (const url of [
      'https://partner.example/offer?x=1',
      'https://acme.example.evil.example/',
      'https://notacme.example/',
    ]) {
      const location = await click(url);
      expect(location.href, url).toBe(new URL(url).href);
      expect(location.searchParams.has('_tdm'), url).toBe(false);
    }
    // The click is still counted.
    expect(await eventsOf(contactId)).toHaveLength(before + 3);
    // A subdomain of a tracked site, and Tandem's own host (hosted forms), get the token.
    expect((await click('https://blog.acme.example/post')).searchParams.get('_tdm')).toBeTruthy();
    const own = new URL(t.app.tandem.config.publicUrl);
    expect((await click(`${own.protocol}//${own.hostname}/f/abc`)).searchParams.get('_tdm')).toBeTruthy();
  });

  it('lets marketing and admins replace the tracked sites, normalised, audited; others are refused', async () => {
    const rep = await t.user('sales_rep');
    const read = await t.as(rep, { method: 'GET', url: '/api/v1/tracking/sites' });
    expect(read.statusCode).toBe(200);
    expect(read.json().domains).toEqual(['acme.example']);
    expect(read.json().snippet).toMatch(/^<script async src="http:\/\/[^"]+\/t\/tandem\.js"><\/script>$/);
    const refused = await t.as(rep, {
      method: 'PUT',
      url: '/api/v1/tracking/sites',
      payload: { domains: ['evil.example'] },
    });
    expect(refused.statusCode).toBe(403);

    const bad = await t.as(marketing, {
      method: 'PUT',
      url: '/api/v1/tracking/sites',
      payload: { domains: ['acme.example', 'not a domain', 'mailto:x@y.example'] },
    });
    expect(bad.statusCode, bad.body).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['domains.1', 'domains.2']);
    const unknown = await t.as(marketing, {
      method: 'PUT',
      url: '/api/v1/tracking/sites',
      payload: { domains: [], extra: true },
    });
    expect(unknown.statusCode).toBe(422);
    expect((await t.as(marketing, { method: 'GET', url: '/api/v1/tracking/sites' })).json().domains).toEqual([
      'acme.example',
    ]);

    const saved = await t.as(marketing, {
      method: 'PUT',
      url: '/api/v1/tracking/sites',
      payload: { domains: ['https://WWW.Acme.example/pricing', '*.acme.example', 'فروشگاه.ir', 'acme.example'] },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      domains: ['www.acme.example', 'acme.example', 'فروشگاه.ir'],
      updatedBy: marketing.user.id,
    });
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'tracked_sites')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(marketing.user.id);
    expect(JSON.stringify(audit)).toContain('xn--mgbtj4c7ad63e.ir');
    await t.as(marketing, { method: 'PUT', url: '/api/v1/tracking/sites', payload: { domains: ['acme.example'] } });
  });
});
