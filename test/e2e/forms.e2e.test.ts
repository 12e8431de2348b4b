import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { signIn, startBrowserApp, type BrowserApp } from './browser.js';

const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

describe.each(dialects())('the form builder in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let marketer: TestUser;
  let rep: TestUser;

  beforeAll(async () => {
    started = await startBrowserApp(dialect);
    ({ t, browser, base } = started);
    marketer = await t.user('marketing', { email: 'e2e-marketing@example.test', name: 'Mina Marketing' });
    rep = await t.user('sales_rep', { email: 'e2e-rep@example.test', name: 'Reza Rep' });
  });
  afterAll(() => started?.close());

  it('builds a form, catches mistakes before sending, saves it and shows how to share it', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketer);

    await page.getByTestId('nav-forms').click();
    await page.waitForURL(/\/marketing\/forms$/);
    await page.getByTestId('form-new').click();
    await page.waitForURL(/\/marketing\/forms\/new$/);

    // A new form starts with an email field mapped to the contact's email.
    expect(await page.getByTestId('form-field-0-mapTo').inputValue()).toBe('email');
    expect(await page.getByTestId('form-field-0-key').inputValue()).toBe('email');

    // Saving without a name, and without any field mapped to email or phone, names both problems.
    await page.getByTestId('form-field-0-mapTo').selectOption('none');
    await page.getByTestId('form-save').click();
    await expect.poll(() => page.getByTestId('form-name').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.getByTestId('form-fields-error').textContent()).toContain('email or phone');
    expect(page.url()).toMatch(/\/marketing\/forms\/new$/);
    await page.getByTestId('form-field-0-mapTo').selectOption('email');

    await page.getByTestId('form-name').fill('Pricing guide download');
    await page.getByTestId('form-field-0-label').fill('Work email');
    expect(await page.getByTestId('form-field-0-key').inputValue()).toBe('work_email');
    await page.getByTestId('form-field-0-required').check();

    // A company field: the key follows the label; the mapping is grouped under the company.
    await page.getByTestId('form-add-field').click();
    await page.getByTestId('form-field-1-label').fill('Company name');
    expect(await page.getByTestId('form-field-1-key').inputValue()).toBe('company_name');
    // A company field without one mapped to the company name: the builder warns that it stays on the submission.
    expect(await page.getByTestId('form-company-without-name').count()).toBe(0);
    await page.getByTestId('form-field-1-mapTo').selectOption('account.industry');
    await expect.poll(() => page.getByTestId('form-company-without-name').textContent()).toContain('Company name');
    await page.getByTestId('lang-fa').click();
    await expect
      .poll(() => page.getByTestId('form-company-without-name').textContent())
      .toContain('هیچ فیلدی به «نام شرکت» نگاشت نشده است');
    await page.getByTestId('lang-en').click();
    await page.getByTestId('form-field-1-mapTo').selectOption('account.name');
    await expect.poll(() => page.getByTestId('form-company-without-name').count()).toBe(0);

    // A Persian label has no Latin letters: the key falls back to the field's position.
    await page.getByTestId('form-add-field').click();
    await page.getByTestId('form-field-2-label').fill('اندازهٔ تیم');
    expect(await page.getByTestId('form-field-2-key').inputValue()).toBe('field_3');
    await page.getByTestId('form-field-2-type').selectOption('select');
    await page.getByTestId('form-field-2-options').fill('1-10\n11-50\n51+');
    await page.getByTestId('form-field-2-mapTo').selectOption('custom');
    await page.getByTestId('form-field-2-customKey').fill('team_size');
    // ... and, once mapped to a custom field, follows that field's name.
    expect(await page.getByTestId('form-field-2-key').inputValue()).toBe('team_size');
    // Reordering: the select moves above the company field.
    await page.getByTestId('form-field-2-up').click();
    expect(await page.getByTestId('form-field-1-label').inputValue()).toBe('اندازهٔ تیم');

    await page.getByTestId('form-consent-enabled').check();
    await page.getByTestId('form-consent-text').fill('I agree to receive the guide and related emails.');
    await page.getByTestId('form-thankyou-message').fill('Thanks! The guide is on its way.');
    await page.getByTestId('form-campaign').fill('pricing-guide');

    // The preview shows the form as a visitor would, in the form's language and direction.
    await expect.poll(() => page.getByTestId('form-preview-field').count()).toBe(3);
    expect(await page.getByTestId('form-preview-body').getAttribute('dir')).toBe('ltr');
    await page.getByTestId('form-locale').selectOption('fa');
    expect(await page.getByTestId('form-preview-body').getAttribute('dir')).toBe('rtl');
    expect(await page.getByTestId('form-preview-submit').textContent()).toBe('ارسال');
    await page.getByTestId('form-locale').selectOption('en');
    expect(await page.getByTestId('form-preview-submit').textContent()).toBe('Submit');

    await page.getByTestId('form-save').click();
    await page.waitForURL(/\/marketing\/forms\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('form-title').textContent()).toBe('Pricing guide download');

    const formId = page.url().split('/').pop()!;
    const stored = await t.as(marketer, { method: 'GET', url: `/api/v1/forms/${formId}` });
    const form = stored.json<{
      publicId: string;
      fields: { key: string; mapTo: string | null; options?: string[] }[];
      consent: unknown;
      campaign: string;
    }>();
    expect(form.fields.map((f) => [f.key, f.mapTo])).toEqual([
      ['work_email', 'email'],
      ['team_size', 'custom:team_size'],
      ['company_name', 'account.name'],
    ]);
    expect(form.fields[1]!.options).toEqual(['1-10', '11-50', '51+']);
    expect(form.consent).toEqual({ text: 'I agree to receive the guide and related emails.', required: true });
    expect(form.campaign).toBe('pricing-guide');

    // Share: the hosted page link and the embed snippet.
    const hosted = await page.getByTestId('form-hosted-url').getAttribute('href');
    expect(hosted).toBe(`${base}/f/${form.publicId}`);
    const embed = (await page.getByTestId('form-embed-html').textContent()) ?? '';
    expect(embed).toContain(`data-tandem-form="${form.publicId}"`);
    expect(embed).toContain(`/f/${form.publicId}/embed.js`);
    const hostedPage = await fetch(hosted!);
    expect(hostedPage.status).toBe(200);

    // An edit sends only what changed and keeps the keys. A saved form's fields load closed: open the first.
    expect(await page.getByTestId('form-field-0-toggle').getAttribute('aria-expanded')).toBe('false');
    await page.getByTestId('form-field-0-toggle').click();
    await page.getByTestId('form-field-0-label').fill('Business email');
    expect(await page.getByTestId('form-field-0-key').inputValue()).toBe('work_email');
    await page.getByTestId('form-save').click();
    await expect.poll(() => page.getByTestId('form-dirty').count()).toBe(0);
    const edited = await t.as(marketer, { method: 'GET', url: `/api/v1/forms/${formId}` });
    expect(edited.json<{ fields: { key: string; label: string }[] }>().fields[0]).toMatchObject({
      key: 'work_email',
      label: 'Business email',
    });

    // A visitor submits; the submission is listed with a link to the contact it made.
    const submitted = await t.app.inject({
      method: 'POST',
      url: `/f/${form.publicId}/submissions`,
      payload: {
        values: { work_email: 'sara@example.test', team_size: '11-50', company_name: 'Example Co' },
        consent: true,
        website: '',
      },
    });
    expect(submitted.statusCode).toBe(200);
    // Marketing rewords the consent box afterwards: the submission keeps the words the person agreed to.
    const reworded = await t.as(marketer, {
      method: 'PATCH',
      url: `/api/v1/forms/${formId}`,
      payload: { consent: { text: 'Send me offers.', required: true } },
    });
    expect(reworded.statusCode, reworded.body).toBe(200);
    await page.reload();
    await page.getByTestId('form-tab-submissions').click();
    await expect.poll(() => page.getByTestId('form-submission-row').count()).toBe(1);
    const row = (await page.getByTestId('form-submission-row').first().textContent()) ?? '';
    expect(row).toContain('11-50');
    expect(row).toContain('Example Co');
    expect(await page.getByTestId('form-submission-consent-text').textContent()).toBe(
      'Text shown: “I agree to receive the guide and related emails.”',
    );
    await page.getByTestId('form-submission-contact').click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    // The contact's timeline names the form and the consent as given, in the words shown then.
    await expect.poll(() => page.getByTestId('timeline-form').textContent()).toBe('Form: Pricing guide download');
    expect(await page.getByTestId('timeline-consent').textContent()).toBe(
      'Consent given: “I agree to receive the guide and related emails.”',
    );
    await page.getByTestId('lang-fa').click();
    await expect
      .poll(() => page.getByTestId('timeline-consent').textContent())
      .toBe('رضایت داده شد: «I agree to receive the guide and related emails.»');
    await page.getByTestId('lang-en').click();

    // A form with submissions can be archived, not deleted; archived forms leave the default list.
    await page.goBack();
    await page.waitForURL(/\/marketing\/forms\/[0-9a-f-]{36}/);
    expect(await page.getByTestId('form-delete').count()).toBe(0);
    await page.getByTestId('form-archive').click();
    await expect.poll(() => page.getByTestId('form-share-archived').count()).toBe(1);
    await page.getByTestId('nav-forms').click();
    await expect.poll(() => page.getByTestId('empty-state').count()).toBe(1);
    // The switch lives in the URL, which updates a moment after the click: click, then wait for the rows.
    await page.getByTestId('forms-show-archived').click();
    await expect.poll(() => page.getByTestId('form-row').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sends every field of the hosted page, whatever its key (item, length, elements)', async () => {
    const created = await t.as(marketer, {
      method: 'POST',
      url: '/api/v1/forms',
      payload: {
        name: 'Order enquiry',
        fields: [
          { key: 'email', label: 'Email', type: 'email', required: true, mapTo: 'email' },
          // The names a form’s "elements" collection answers with its own members, or hides itself behind.
          { key: 'item', label: 'Item', type: 'text', required: true },
          { key: 'length', label: 'Length', type: 'number', required: true },
          { key: 'elements', label: 'Elements', type: 'select', options: ['wood', 'steel'] },
          { key: 'nameditem', label: 'Gift wrap', type: 'checkbox' },
        ],
        consent: { text: 'You may contact me.', required: true },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id: formId, publicId } = created.json<{ id: string; publicId: string }>();
    const context = await browser.newContext({ userAgent: BROWSER_UA });
    const visitor = await context.newPage();
    const errors: string[] = [];
    visitor.on('pageerror', (e) => errors.push(e.message));
    await visitor.goto(`${base}/f/${publicId}`);
    const control = (key: string) => visitor.locator(`#tandem-${publicId}-${key}`);
    // The browser may autofill the email (the page knows its purpose, not where it is stored).
    expect(await control('email').getAttribute('autocomplete')).toBe('email');
    expect(await control('item').getAttribute('autocomplete')).toBeNull();
    const fillIn = async () => {
      await control('email').fill('buyer@example.test');
      await control('item').fill('Oak table');
      await control('length').fill('180');
      await control('elements').selectOption('steel');
      await control('nameditem').check();
      await control('consent').check();
    };
    await fillIn();
    // Marketing rewords the box while the page is open: the page says so instead of storing words not shown.
    const reworded = await t.as(marketer, {
      method: 'PATCH',
      url: `/api/v1/forms/${formId}`,
      payload: { consent: { text: 'You may call me too.', required: true } },
    });
    expect(reworded.statusCode, reworded.body).toBe(200);
    await visitor.locator('form.tandem-form button[type="submit"]').click();
    const consentError = visitor.locator('[data-error-for="consent"]');
    await expect.poll(() => consentError.textContent()).toContain('changed while the page was open');
    expect((await t.as(marketer, { method: 'GET', url: `/api/v1/forms/${formId}/submissions` })).json().items).toEqual(
      [],
    );
    await visitor.reload();
    await fillIn();
    await visitor.locator('form.tandem-form button[type="submit"]').click();
    await visitor.locator('[data-tandem-thanks]').waitFor();
    expect(errors).toEqual([]);
    await context.close();

    const submissions = await t.as(marketer, { method: 'GET', url: `/api/v1/forms/${formId}/submissions` });
    expect(submissions.json<{ items: { data: unknown }[] }>().items.map((i) => i.data)).toEqual([
      {
        email: 'buyer@example.test',
        item: 'Oak table',
        length: 180,
        elements: 'steel',
        nameditem: true,
        consent: true,
      },
    ]);
    expect(submissions.json<{ items: { consentText: string }[] }>().items[0]!.consentText).toBe('You may call me too.');
  });

  it('shows the error of a checkbox under its text, not squeezed beside it', async () => {
    const created = await t.as(marketer, {
      method: 'POST',
      url: '/api/v1/forms',
      payload: {
        name: 'Newsletter',
        fields: [
          { key: 'email', label: 'Email', type: 'email', required: true, mapTo: 'email' },
          {
            key: 'terms',
            label: 'I have read the terms of service and the privacy policy',
            type: 'checkbox',
            required: true,
          },
        ],
        consent: { text: 'I agree to receive emails about products, offers and events.', required: true },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { publicId } = created.json<{ publicId: string }>();
    const context = await browser.newContext({ userAgent: BROWSER_UA, viewport: { width: 800, height: 900 } });
    const visitor = await context.newPage();
    await visitor.goto(`${base}/f/${publicId}`);
    await visitor.locator(`#tandem-${publicId}-email`).fill('reader@example.test');
    await visitor.locator('form.tandem-form button[type="submit"]').click();
    for (const key of ['terms', 'consent']) {
      const error = visitor.locator(`[data-error-for="${key}"]`);
      await expect.poll(() => error.textContent()).not.toBe('');
      const row = (await visitor.locator(`label[for="tandem-${publicId}-${key}"]`).boundingBox())!;
      const text = (await visitor
        .locator(`label[for="tandem-${publicId}-${key}"] > span:not(.tandem-error)`)
        .boundingBox())!;
      const box = (await error.boundingBox())!;
      // On a line of its own under the text, as wide as the row.
      expect(box.y).toBeGreaterThanOrEqual(text.y + text.height - 1);
      expect(box.width).toBeGreaterThan(row.width - 2);
      // The box itself is marked invalid and names its message, for the eye and for screen readers.
      const input = visitor.locator(`#tandem-${publicId}-${key}`);
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      expect(await input.getAttribute('aria-describedby')).toBe(`tandem-${publicId}-${key}-error`);
    }
    // The first field to fix has the focus; the valid email is not marked.
    expect(await visitor.evaluate(() => document.activeElement?.id)).toBe(`tandem-${publicId}-terms`);
    expect(await visitor.locator(`#tandem-${publicId}-email`).getAttribute('aria-invalid')).toBeNull();
    // Fixing them and sending again clears the marks with the messages.
    await visitor.locator(`#tandem-${publicId}-terms`).check();
    await visitor.locator(`#tandem-${publicId}-consent`).check();
    await visitor.locator('form.tandem-form button[type="submit"]').click();
    await visitor.locator('[data-tandem-thanks]').waitFor();
    await context.close();
  });

  it('links to a contact’s email and phone without letting the stored text add recipients', async () => {
    const created = await t.as(marketer, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Legacy', email: 'legacy@example.test', phone: '+989121234567' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    // An address stored before forms checked emails as the contacts API does.
    const stored = 'sales@acme.co?bcc=spy%40evil.example&body=hi';
    await t.app.tandem.database.db.updateTable('contacts').set({ email: stored }).where('id', '=', id).execute();
    const page = await browser.newPage();
    await signIn(page, base, marketer);
    await page.goto(`${base}/contacts/${id}`);
    const mail = page.getByTestId('contact-email-value').locator('a');
    await expect.poll(() => mail.textContent()).toBe(stored);
    const href = (await mail.getAttribute('href'))!;
    expect(href).toBe('mailto:sales@acme.co%3Fbcc%3Dspy%2540evil.example%26body%3Dhi');
    expect(new URL(href).search).toBe('');
    expect(await page.getByTestId('contact-phone-value').locator('a').getAttribute('href')).toBe('tel:+989121234567');
    await page.close();
  });

  it('maps a server rejection to the input it names', async () => {
    const page = await browser.newPage();
    await signIn(page, base, marketer);
    await page.goto(`${base}/marketing/forms/new`);
    await page.getByTestId('form-name').fill('x'.repeat(10));
    // A rejection the client's own checks cannot foresee (the server's answer is simulated).
    await page.route('**/api/v1/forms', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      await route.fulfill({
        status: 422,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          status: 422,
          code: 'validation.failed',
          detail: 'Invalid request body: fields.0.label',
          errors: [
            { field: 'fields.0.label', message: 'At most 200 characters.' },
            { field: 'somethingElse', message: 'Unknown field.' },
          ],
        }),
      });
    });
    await page.getByTestId('form-save').click();
    await expect.poll(() => page.getByTestId('form-field-0-label').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('body').textContent()).toContain('Use at most 200 characters.');
    expect(await page.getByTestId('form-error').textContent()).toContain('somethingElse');
    // Editing the label retires the server's complaint about it.
    await page.getByTestId('form-field-0-label').fill('Work email');
    await expect.poll(() => page.getByTestId('form-field-0-label').getAttribute('aria-invalid')).not.toBe('true');
    await page.close();
  });

  it('asks before leaving a form with unsaved changes; staying keeps them', async () => {
    const page = await browser.newPage();
    await signIn(page, base, marketer);
    await page.goto(`${base}/marketing/forms/new`);
    await page.getByTestId('form-name').fill('Half-built form');
    await page.getByTestId('nav-contacts').click();
    await expect.poll(() => page.getByTestId('form-leave-stay').count()).toBe(1);
    await page.getByTestId('form-leave-stay').click();
    expect(page.url()).toMatch(/\/marketing\/forms\/new$/);
    expect(await page.getByTestId('form-name').inputValue()).toBe('Half-built form');
    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('form-leave-confirm').click();
    await page.waitForURL(/\/contacts$/);
    await page.close();
  });

  it('deletes a form that has no submissions', async () => {
    const created = await t.as(marketer, {
      method: 'POST',
      url: '/api/v1/forms',
      payload: {
        name: 'Webinar sign-up',
        fields: [{ key: 'email', label: 'Email', type: 'email', required: true, mapTo: 'email' }],
      },
    });
    const id = created.json<{ id: string }>().id;
    const page = await browser.newPage();
    await signIn(page, base, marketer);
    await page.goto(`${base}/marketing/forms/${id}`);
    await page.getByTestId('form-delete').click();
    await page.getByTestId('confirm-button').click();
    await page.waitForURL(/\/marketing\/forms$/);
    expect((await t.as(marketer, { method: 'GET', url: `/api/v1/forms/${id}` })).statusCode).toBe(404);
    await page.close();
  });

  it('lets other roles read a form but not change it, in Persian', async () => {
    const created = await t.as(marketer, {
      method: 'POST',
      url: '/api/v1/forms',
      payload: {
        name: 'فرم دمو',
        locale: 'fa',
        fields: [{ key: 'phone', label: 'تلفن همراه', type: 'tel', required: true, mapTo: 'phone' }],
      },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;

    const page = await browser.newPage();
    await signIn(page, base, rep);
    expect(await page.getByTestId('nav-forms').count()).toBe(0);
    await page.getByTestId('lang-fa').click();
    await page.goto(`${base}/marketing/forms/${id}`);
    await expect.poll(() => page.getByTestId('form-title').textContent()).toBe('فرم دمو');
    expect(await page.getByTestId('form-save').count()).toBe(0);
    expect(await page.getByTestId('form-archive').count()).toBe(0);
    // Read-only, the cards still open (to read every setting); their inputs take no edits.
    await page.getByTestId('form-field-0-toggle').click();
    expect(await page.getByTestId('form-field-0-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('form-field-0-label').isDisabled()).toBe(true);
    expect(await page.getByTestId('form-field-0-remove').isDisabled()).toBe(true);
    expect(await page.getByTestId('form-preview-body').getAttribute('dir')).toBe('rtl');
    await page.goto(`${base}/marketing/forms/new`);
    await expect.poll(() => page.getByTestId('not-found').count()).toBe(1);
    await page.close();
  });
});
