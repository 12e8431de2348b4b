import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../../src/db/database.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const visitor = () => randomBytes(16).toString('base64url');

const DEMO_FORM = {
  name: 'Pricing guide <b>download</b>',
  fields: [
    { key: 'first_name', label: 'First name', type: 'text', required: true, mapTo: 'firstName' },
    { key: 'email', label: 'Work email', type: 'email', required: true, mapTo: 'email' },
    { key: 'phone', label: 'Phone', type: 'tel', required: false, mapTo: 'phone' },
    { key: 'company', label: 'Company', type: 'text', required: false, mapTo: 'account.name' },
    { key: 'employees', label: 'Employees', type: 'number', required: false, mapTo: 'account.employeeCount' },
    {
      key: 'team_size',
      label: 'Team size',
      type: 'select',
      required: false,
      mapTo: 'custom:team_size',
      options: ['1-10', '11-50'],
    },
    { key: 'message', label: 'Message', type: 'textarea', required: false, mapTo: null },
  ],
  consent: { text: 'I agree to be contacted.', required: true },
  submitLabel: 'Download',
  thankYou: { kind: 'message', message: 'Thanks! Check your inbox.' },
  campaign: 'pricing-guide',
};

describe.each(dialects())('forms on %s', (dialect) => {
  let t: TestApp;
  let marketing: TestUser;
  let rep: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { formRateLimitPerMinute: 1000 } });
    marketing = await t.user('marketing');
    rep = await t.user('sales_rep');
  });
  afterAll(() => t.close());

  const db = () => t.app.tandem.database.db;

  async function createForm(body: object = DEMO_FORM) {
    const res = await t.as(marketing, { method: 'POST', url: '/api/v1/forms', payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{
      id: string;
      publicId: string;
      urls: { hosted: string; embedScript: string };
      embedHtml: string;
    }>();
  }

  const submit = (publicId: string, body: object, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/f/${publicId}/submissions`,
      headers: { 'user-agent': BROWSER, 'content-type': 'text/plain', ...headers },
      payload: JSON.stringify(body),
    });

  it('lets marketing create a form and shares a hosted page and an embed snippet', async () => {
    const form = await createForm();
    expect(form.publicId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(form.urls.hosted).toMatch(new RegExp(`/f/${form.publicId}$`));
    expect(form.embedHtml).toContain(`data-tandem-form="${form.publicId}"`);
    expect(form.embedHtml).toContain(`${form.urls.hosted}/embed.js`);
    // Without PUBLIC_URL the links follow the address the request came to, but never a Host header that is
    // more than a host and a port.
    const hostile = await t.as(marketing, {
      method: 'GET',
      url: `/api/v1/forms/${form.id}`,
      headers: { host: 'evil.test"><img src=x onerror=alert(1)>' },
    });
    expect(hostile.statusCode).toBe(200);
    expect(hostile.body).not.toContain('evil.test');
    expect(hostile.json().embedHtml).toContain(`src="http://localhost`);
    const lan = await t.as(marketing, {
      method: 'GET',
      url: `/api/v1/forms/${form.id}`,
      headers: { host: '192.0.2.2:3000' },
    });
    expect(lan.json().urls.hosted).toBe(`http://192.0.2.2:3000/f/${form.publicId}`);

    const page = await t.app.inject({ method: 'GET', url: `/f/${form.publicId}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    // What marketing typed is shown as text, never as markup.
    expect(page.body).toContain('Pricing guide &lt;b&gt;download&lt;/b&gt;');
    expect(page.body).not.toContain('<b>download</b>');
    expect(page.body).toContain('/t/tandem.js');

    const definition = await t.app.inject({ method: 'GET', url: `/f/${form.publicId}/definition` });
    expect(definition.statusCode).toBe(200);
    expect(definition.headers['access-control-allow-origin']).toBe('*');
    const view = definition.json();
    expect(Object.keys(view).sort()).toEqual(['consent', 'fields', 'locale', 'publicId', 'submitLabel']);
    // Where the answers go (a custom field's name among them) is marketing's business, not the visitor's.
    expect(definition.body).not.toContain('mapTo');
    expect(definition.body).not.toContain('custom:team_size');
    expect(view.fields.find((f: { key: string }) => f.key === 'email')).toMatchObject({ autocomplete: 'email' });

    const script = await t.app.inject({ method: 'GET', url: `/f/${form.publicId}/embed.js` });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.body).not.toContain('innerHTML');
  });

  it('refuses form management to sales and explains a bad definition per field, writing nothing', async () => {
    expect((await t.as(rep, { method: 'POST', url: '/api/v1/forms', payload: DEMO_FORM })).statusCode).toBe(403);
    const before = await t.count('forms');
    const bad = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/forms',
      payload: {
        name: 'No identity',
        fields: [
          { key: 'name', label: 'Name', type: 'text', mapTo: 'firstName' },
          { key: 'name', label: 'Again', type: 'select', mapTo: null },
        ],
        thankYou: { kind: 'redirect', url: 'javascript:alert(1)' },
      },
    });
    expect(bad.statusCode).toBe(422);
    const fields = bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['fields.1.key', 'fields.1.options', 'fields', 'thankYou.url']));
    expect(await t.count('forms')).toBe(before);
  });

  it('creates the contact and company, records the submission with UTM and merges the visitor', async () => {
    const form = await createForm();
    const v = visitor();
    // The visitor browsed anonymously before filling in the form.
    const browse = await t.app.inject({
      method: 'POST',
      url: '/t/events',
      headers: { 'user-agent': BROWSER, 'content-type': 'application/json' },
      payload: JSON.stringify({ visitorId: v, events: [{ type: 'page_view', url: 'https://acme.example/pricing' }] }),
    });
    expect(browse.statusCode).toBe(202);

    const res = await submit(form.publicId, {
      values: {
        first_name: 'Sara',
        email: 'Sara.Ahmadi@Example.COM',
        phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
        company: 'Acme Persia',
        employees: '۲۵۰',
        team_size: '11-50',
        message: 'Please call me',
      },
      consent: true,
      visitorId: v,
      // Spaces around a UTM value (+ in a query) are not kept.
      url: 'https://acme.example/guide?utm_source=linkedin&utm_medium=paid&utm_campaign=+spring+',
      referrer: 'https://www.linkedin.com/',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true, message: 'Thanks! Check your inbox.' });

    const contact = await db()
      .selectFrom('contacts')
      .selectAll()
      .where('email', '=', 'sara.ahmadi@example.com')
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({
      first_name: 'Sara',
      phone: '+989123456789',
      source: 'form',
      campaign: 'pricing-guide',
    });
    expect(parseJson(contact.custom_fields, {})).toEqual({ team_size: '11-50' });
    const account = await db()
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', contact.account_id!)
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({ name: 'Acme Persia', employee_count: 250 });

    const submission = await db()
      .selectFrom('form_submissions')
      .selectAll()
      .where('contact_id', '=', contact.id)
      .executeTakeFirstOrThrow();
    expect(submission).toMatchObject({
      visitor_id: v,
      utm_source: 'linkedin',
      utm_campaign: 'spring',
      referrer: 'https://www.linkedin.com/',
    });
    expect(parseJson(submission.data, {})).toMatchObject({ message: 'Please call me', consent: true });
    expect(submission.consent_text).toBe('I agree to be contacted.');

    const events = await db()
      .selectFrom('events')
      .selectAll()
      .where('contact_id', '=', contact.id)
      .orderBy('id')
      .execute();
    // The anonymous page view is now the contact's, followed by the submission.
    expect(events.map((e) => e.type)).toEqual(['page_view', 'form_submitted']);
    expect(events[1]).toMatchObject({ visitor_id: v, utm_campaign: 'pricing-guide' });
    expect(parseJson(events[1]!.properties, {})).toMatchObject({
      consent: true,
      consentText: 'I agree to be contacted.',
    });
    const merged = await db().selectFrom('visitors').selectAll().where('id', '=', v).executeTakeFirstOrThrow();
    expect(merged.contact_id).toBe(contact.id);

    const list = await t.as(marketing, { method: 'GET', url: `/api/v1/forms/${form.id}/submissions` });
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0]).toMatchObject({
      contact: { id: contact.id, name: 'Sara' },
      utm: { source: 'linkedin' },
      consentText: 'I agree to be contacted.',
    });
    expect((await t.as(marketing, { method: 'GET', url: `/api/v1/forms/${form.id}` })).json().submissionCount).toBe(1);
    // Submissions name people whoever owns them: not for sales, who would otherwise read contacts outside
    // their scope.
    for (const role of ['sales_rep', 'sales_manager'] as const) {
      const res = await t.as(await t.user(role), { method: 'GET', url: `/api/v1/forms/${form.id}/submissions` });
      expect(res.statusCode, role).toBe(403);
      expect(res.body).not.toContain('Sara');
    }
  });

  it('keeps the consent text each person saw when marketing rewords or removes the box', async () => {
    const form = await createForm();
    const first = await submit(form.publicId, {
      values: { first_name: 'Reza', email: 'reza@consent.test' },
      consent: true,
    });
    expect(first.statusCode, first.body).toBe(200);
    const reworded = await t.as(marketing, {
      method: 'PATCH',
      url: `/api/v1/forms/${form.id}`,
      payload: { consent: { text: 'You may email me offers.', required: false } },
    });
    expect(reworded.statusCode, reworded.body).toBe(200);
    const second = await submit(form.publicId, { values: { first_name: 'Mina', email: 'mina@consent.test' } });
    expect(second.statusCode, second.body).toBe(200);
    const removed = await t.as(marketing, {
      method: 'PATCH',
      url: `/api/v1/forms/${form.id}`,
      payload: { consent: null },
    });
    expect(removed.statusCode, removed.body).toBe(200);
    const third = await submit(form.publicId, { values: { first_name: 'Omid', email: 'omid@consent.test' } });
    expect(third.statusCode, third.body).toBe(200);

    const list = await t.as(marketing, { method: 'GET', url: `/api/v1/forms/${form.id}/submissions` });
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: { consentText: string | null; data: Record<string, unknown> }[] }>().items;
    expect(items.map((i) => [i.consentText, i.data['consent']])).toEqual([
      [null, undefined],
      ['You may email me offers.', false],
      ['I agree to be contacted.', true],
    ]);
  });

  it('attributes a submission on a page without UTM to the visitor’s latest visit that had them', async () => {
    const form = await createForm({ ...DEMO_FORM, campaign: undefined });
    const v = visitor();
    const visit = (url: string) =>
      t.app.inject({
        method: 'POST',
        url: '/t/events',
        headers: { 'user-agent': BROWSER, 'content-type': 'application/json' },
        payload: JSON.stringify({ visitorId: v, events: [{ type: 'page_view', url }] }),
      });
    expect((await visit('https://acme.example/?utm_source=newsletter&utm_campaign=autumn')).statusCode).toBe(202);
    expect((await visit('https://acme.example/?utm_source=google&utm_medium=cpc&utm_campaign=winter')).statusCode).toBe(
      202,
    );
    expect((await visit('https://acme.example/pricing')).statusCode).toBe(202);
    /** Submits as the visitor from `url` and answers the stored submission's attribution. */
    const submitFrom = async (url: string, email: string) => {
      const res = await submit(form.publicId, { values: { first_name: 'X', email }, consent: true, visitorId: v, url });
      expect(res.statusCode, res.body).toBe(200);
      return db()
        .selectFrom('form_submissions')
        .select(['utm_source', 'utm_medium', 'utm_campaign', 'url'])
        .where('visitor_id', '=', v)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
    };
    expect(await submitFrom('https://acme.example/contact', 'attributed@example.com')).toEqual({
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'winter',
      url: 'https://acme.example/contact',
    });
    const contact = await db()
      .selectFrom('contacts')
      .select('campaign')
      .where('email', '=', 'attributed@example.com')
      .executeTakeFirstOrThrow();
    expect(contact.campaign).toBe('winter');

    // A page with UTM parameters of its own keeps them, even without a source.
    const ownUrl = 'https://acme.example/contact?utm_campaign=spring-offer';
    expect(await submitFrom(ownUrl, 'own-utm@example.com')).toEqual({
      utm_source: null,
      utm_medium: null,
      utm_campaign: 'spring-offer',
      url: ownUrl,
    });
  });

  it('keeps the lead of a page whose URL or referrer is past 2,048 characters, cutting them to 2,048', async () => {
    const form = await createForm({ ...DEMO_FORM, campaign: undefined });
    const url = `https://acme.example/guide?utm_source=google&utm_campaign=summer&gclid=${'x'.repeat(2100)}`;
    const referrer = `https://www.google.example/search?q=${'y'.repeat(2100)}`;
    const res = await submit(form.publicId, {
      values: { first_name: 'Long', email: 'long-url@example.com' },
      consent: true,
      url,
      referrer,
    });
    expect(res.statusCode, res.body).toBe(200);
    const contact = await db()
      .selectFrom('contacts')
      .select(['id', 'campaign'])
      .where('email', '=', 'long-url@example.com')
      .executeTakeFirstOrThrow();
    expect(contact.campaign).toBe('summer');
    const submission = await db()
      .selectFrom('form_submissions')
      .select(['url', 'referrer', 'utm_source', 'utm_campaign'])
      .where('contact_id', '=', contact.id)
      .executeTakeFirstOrThrow();
    expect(submission).toEqual({
      url: url.slice(0, 2048),
      referrer: referrer.slice(0, 2048),
      utm_source: 'google',
      utm_campaign: 'summer',
    });
    const event = await db()
      .selectFrom('events')
      .select(['url', 'referrer'])
      .where('contact_id', '=', contact.id)
      .where('type', '=', 'form_submitted')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ url: url.slice(0, 2048), referrer: referrer.slice(0, 2048) });
    // Still bounded: past 8 KiB the submission is refused, naming the field.
    const huge = await submit(form.publicId, {
      values: { first_name: 'Huge', email: 'huge-url@example.com' },
      consent: true,
      url: `https://acme.example/?q=${'z'.repeat(8200)}`,
    });
    expect(huge.statusCode).toBe(422);
    expect(huge.json().errors).toEqual([expect.objectContaining({ field: 'url' })]);
  });

  it('deduplicates: a second submission fills blanks and never overwrites what is there', async () => {
    const form = await createForm();
    const first = await submit(form.publicId, {
      values: { first_name: 'Reza', email: 'reza@example.org' },
      consent: true,
    });
    expect(first.statusCode).toBe(200);
    const contactsBefore = await t.count('contacts');
    const second = await submit(form.publicId, {
      values: { first_name: 'Mallory', email: 'REZA@example.org', phone: '+49 30 1234567' },
      consent: true,
    });
    expect(second.statusCode).toBe(200);
    expect(await t.count('contacts')).toBe(contactsBefore);
    const rows = await db().selectFrom('contacts').selectAll().where('email', '=', 'reza@example.org').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ first_name: 'Reza', phone: '+49301234567' });
    const submissions = await db()
      .selectFrom('form_submissions')
      .select('id')
      .where('contact_id', '=', rows[0]!.id)
      .execute();
    expect(submissions).toHaveLength(2);
  });

  it('answers a bad submission with an error per field, in the form language, and writes nothing', async () => {
    const form = await createForm({ ...DEMO_FORM, locale: 'fa' });
    const counts = async () =>
      Promise.all(
        ['contacts', 'accounts', 'events', 'form_submissions', 'audit_log', 'outbox'].map((n) =>
          t.count(n as 'contacts'),
        ),
      );
    const before = await counts();
    const res = await submit(form.publicId, {
      values: { email: 'not-an-email', phone: '12', team_size: 'huge', surprise: 'x' },
      consent: false,
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const errors = Object.fromEntries(
      res.json<{ errors: { field: string; message: string }[] }>().errors.map((e) => [e.field, e.message]),
    );
    expect(Object.keys(errors).sort()).toEqual(['consent', 'email', 'first_name', 'phone', 'surprise', 'team_size']);
    expect(errors['first_name']).toBe('این فیلد الزامی است.');
    expect(await counts()).toEqual(before);
  });

  it('refuses an email address the contacts API refuses (one that would add mailto: recipients), writing nothing', async () => {
    const form = await createForm();
    const email = 'sales@acme.co?bcc=spy%40evil.example&body=hi';
    const api = await t.as(marketing, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'X', email } });
    expect(api.statusCode).toBe(422);
    const before = await Promise.all([t.count('contacts'), t.count('form_submissions'), t.count('events')]);
    const res = await submit(form.publicId, { values: { first_name: 'Spy', email }, consent: true });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ field: 'email', message: 'Enter a valid email address.' }]);
    expect(await Promise.all([t.count('contacts'), t.count('form_submissions'), t.count('events')])).toEqual(before);
    expect(await db().selectFrom('contacts').select('id').where('email', 'like', '%evil%').execute()).toEqual([]);
  });

  it('gives a bot that fills the honeypot the usual answer and keeps nothing', async () => {
    const form = await createForm();
    const before = await Promise.all([t.count('contacts'), t.count('form_submissions')]);
    const res = await submit(form.publicId, {
      values: { first_name: 'Bot', email: 'bot@spam.example' },
      consent: true,
      website: 'http://spam.example',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, message: 'Thanks! Check your inbox.' });
    expect(await Promise.all([t.count('contacts'), t.count('form_submissions')])).toEqual(before);
  });

  it('refuses submissions to archived or unknown forms the same way, and redirects only where configured', async () => {
    const form = await createForm({ ...DEMO_FORM, thankYou: { kind: 'redirect', url: 'https://acme.example/thanks' } });
    const ok = await submit(form.publicId, { values: { first_name: 'Ali', email: 'ali@example.net' }, consent: true });
    expect(ok.json()).toEqual({ ok: true, redirect: 'https://acme.example/thanks' });
    const archived = await t.as(marketing, {
      method: 'PATCH',
      url: `/api/v1/forms/${form.id}`,
      payload: { status: 'archived' },
    });
    expect(archived.statusCode).toBe(200);
    const gone = await submit(form.publicId, {
      values: { first_name: 'Ali', email: 'ali@example.net' },
      consent: true,
    });
    const unknown = await submit('A'.repeat(22), { values: {}, consent: true });
    expect(gone.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(gone.json().detail).toBe(unknown.json().detail);
    const del = await t.as(marketing, { method: 'DELETE', url: `/api/v1/forms/${form.id}` });
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe('form.has_submissions');
  });

  it('answers the hosted link of an archived or unknown form with a small page, the JSON endpoints with JSON', async () => {
    const live = await createForm();
    const form = await createForm({ ...DEMO_FORM, name: 'فرم محرمانه', locale: 'fa' });
    const archived = await t.as(marketing, {
      method: 'PATCH',
      url: `/api/v1/forms/${form.id}`,
      payload: { status: 'archived' },
    });
    expect(archived.statusCode).toBe(200);
    const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    const hosted = await t.app.inject({ method: 'GET', url: `/f/${live.publicId}`, headers: html });
    expect(hosted.statusCode).toBe(200);
    const pages = await Promise.all(
      [form.publicId, 'A'.repeat(22), 'not-a-form-id', 'x'.repeat(64)].map((id) =>
        t.app.inject({ method: 'GET', url: `/f/${id}`, headers: html }),
      ),
    );
    const securityHeaders = [
      'content-security-policy',
      'x-frame-options',
      'x-content-type-options',
      'strict-transport-security',
      'referrer-policy',
      'cross-origin-opener-policy',
    ];
    for (const page of pages) {
      expect(page.statusCode).toBe(404);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-store');
      for (const name of securityHeaders) {
        expect(hosted.headers[name], name).toBeDefined();
        expect(page.headers[name], name).toBe(hosted.headers[name]);
      }
      // The same page whatever the form was: in English, and in Persian right to left.
      expect(page.body).toBe(pages[0]!.body);
      expect(page.body).toContain('This form is no longer available.');
      expect(page.body).toContain(
        '<p lang="fa" dir="rtl" data-tandem-unavailable="fa">این فرم دیگر در دسترس نیست.</p>',
      );
      expect(page.body).not.toContain('فرم محرمانه');
      expect(page.body).not.toContain('tandem.js');
    }
    // The JSON endpoints keep their problem+json answers.
    for (const url of [`/f/${form.publicId}/definition`, `/f/${'A'.repeat(22)}/definition`]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('form.not_found');
    }
    const submission = await submit(form.publicId, { values: { email: 'x@example.com' }, consent: true });
    expect(submission.statusCode).toBe(404);
    expect(submission.headers['content-type']).toContain('application/problem+json');
  });

  it('rescores the contact through the outbox: a form submission makes a lead warm', async () => {
    const withWorker = await createTestApp(dialect, { worker: true });
    try {
      const m = await withWorker.user('marketing');
      const res = await withWorker.as(m, { method: 'POST', url: '/api/v1/forms', payload: DEMO_FORM });
      const { publicId } = res.json<{ publicId: string }>();
      const sent = await withWorker.app.inject({
        method: 'POST',
        url: `/f/${publicId}/submissions`,
        headers: { 'user-agent': BROWSER, 'content-type': 'application/json' },
        payload: { values: { first_name: 'Nima', email: 'nima@example.com' }, consent: true },
      });
      expect(sent.statusCode).toBe(200);
      const deadline = Date.now() + 5000;
      let temperature = 'cold';
      while (Date.now() < deadline && temperature === 'cold') {
        await new Promise((r) => setTimeout(r, 50));
        const row = await withWorker.app.tandem.database.db
          .selectFrom('contacts')
          .select('temperature')
          .where('email', '=', 'nima@example.com')
          .executeTakeFirst();
        temperature = row?.temperature ?? 'cold';
      }
      expect(temperature).toBe('warm');
    } finally {
      await withWorker.close();
    }
  });

  it('rate-limits submissions per client address', async () => {
    const limited = await createTestApp(dialect, { config: { formRateLimitPerMinute: 2 } });
    try {
      const m = await limited.user('marketing');
      const { publicId } = (await limited.as(m, { method: 'POST', url: '/api/v1/forms', payload: DEMO_FORM })).json<{
        publicId: string;
      }>();
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: `/f/${publicId}/submissions`,
          headers: { 'user-agent': BROWSER, 'content-type': 'application/json' },
          payload: { values: { first_name: 'X', email: `x${i}@example.com` }, consent: true },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([200, 200, 429]);
      // An IPv6 client counts by its /64: another address in it has no budget left either.
      const v6 = async (address: string, i: number) =>
        (
          await limited.app.inject({
            method: 'POST',
            url: `/f/${publicId}/submissions`,
            remoteAddress: address,
            headers: { 'user-agent': BROWSER, 'content-type': 'application/json' },
            payload: { values: { first_name: 'X', email: `v6-${i}@example.com` }, consent: true },
          })
        ).statusCode;
      expect([await v6('2001:db8:9:1::1', 1), await v6('2001:db8:9:1::2', 2), await v6('2001:db8:9:1::3', 3)]).toEqual([
        200, 200, 429,
      ]);
      expect(await v6('2001:db8:9:2::1', 4)).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
