import { describe, expect, it } from 'vitest';
import { contactEmail } from '../contacts/contact.js';
import { checkSubmission, formDefinitionSchema, publicFormSchema, publicView, type FormDefinition } from './form.js';

const form: FormDefinition = formDefinitionSchema.parse({
  name: 'Demo request',
  fields: [
    { key: 'name', label: 'Name', type: 'text', required: true, mapTo: 'firstName' },
    { key: 'email', label: 'Email', type: 'email', required: false, mapTo: 'email' },
    { key: 'mobile', label: 'Mobile', type: 'tel', required: false, mapTo: 'phone' },
    { key: 'role', label: 'Role', type: 'select', mapTo: 'seniority', options: ['manager', 'director'] },
    { key: 'size', label: 'Employees', type: 'number', mapTo: 'account.employeeCount' },
    { key: 'company', label: 'Company', type: 'text', mapTo: 'account.name' },
    { key: 'site', label: 'Website', type: 'text', mapTo: 'account.domain' },
    { key: 'newsletter', label: 'Newsletter', type: 'checkbox', mapTo: 'custom:newsletter' },
  ],
  consent: { text: 'OK to contact me', required: false },
});

describe('form definitions', () => {
  it('fills defaults and insists on a way to recognise the person', () => {
    expect(form.locale).toBe('en');
    expect(form.thankYou).toEqual({ kind: 'message', message: 'Thank you!' });
    const noIdentity = formDefinitionSchema.safeParse({
      name: 'x',
      fields: [{ key: 'name', label: 'Name', type: 'text', mapTo: 'firstName' }],
    });
    expect(noIdentity.success).toBe(false);
  });

  it('rejects reserved keys, duplicate targets and unsafe redirects', () => {
    const bad = formDefinitionSchema.safeParse({
      name: 'x',
      fields: [
        { key: 'website', label: 'Site', type: 'text', mapTo: null },
        { key: 'a', label: 'A', type: 'email', mapTo: 'email' },
        { key: 'b', label: 'B', type: 'email', mapTo: 'email' },
      ],
      thankYou: { kind: 'redirect', url: 'data:text/html,hi' },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['fields.0.key', 'fields.2.mapTo', 'thankYou.url']));
  });
});

describe('publicView', () => {
  it('tells a visitor how to fill the form in, not where the answers go', () => {
    const view = publicView('pub', form);
    expect(publicFormSchema.parse(view)).toEqual(view);
    expect(JSON.stringify(view)).not.toContain('mapTo');
    expect(JSON.stringify(view)).not.toContain('custom:newsletter');
    expect(view.fields.map((f) => [f.key, f.autocomplete])).toEqual([
      ['name', 'given-name'],
      ['email', 'email'],
      ['mobile', 'tel'],
      ['role', null],
      ['size', null],
      ['company', 'organization'],
      ['site', null],
      ['newsletter', null],
    ]);
    expect(view.fields[3]).toEqual({
      key: 'role',
      label: 'Role',
      type: 'select',
      required: false,
      options: ['manager', 'director'],
      autocomplete: null,
    });
    expect(view.consent).toEqual({ text: 'OK to contact me', required: false });
  });
});

describe('checkSubmission', () => {
  it('maps answers to the contact, the company and custom fields, normalising Persian digits', () => {
    const r = checkSubmission(
      form,
      {
        values: {
          name: ' Maryam ',
          mobile: '۰۹۱۲۱۲۳۴۵۶۷',
          role: 'director',
          size: '۱۲۰',
          company: 'Tandem',
          site: 'https://www.Tandem.example/about',
          newsletter: true,
        },
      },
      'IR',
    );
    expect(r).toEqual({
      ok: true,
      value: {
        contact: {
          firstName: 'Maryam',
          phone: '+989121234567',
          seniority: 'director',
          customFields: { newsletter: true },
        },
        account: { name: 'Tandem', employeeCount: 120, domain: 'tandem.example' },
        data: {
          name: 'Maryam',
          mobile: '+989121234567',
          role: 'director',
          size: 120,
          company: 'Tandem',
          site: 'tandem.example',
          newsletter: true,
        },
      },
    });
  });

  it('reports every wrong field at once', () => {
    const r = checkSubmission(
      form,
      { values: { email: 'nope', mobile: 'abc', role: 'ceo', size: 'many', other: 1 } },
      'IR',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['email', 'mobile', 'name', 'other', 'role', 'size']);
  });

  it('accepts exactly the email addresses the contacts API accepts, refusing the rest in the form language', () => {
    const persian = { ...form, locale: 'fa' as const };
    for (const email of [
      'sales@acme.co?bcc=spy%40evil.example&body=hi',
      'sales@acme.co?bcc=spy@evil.example',
      'a@b.c#x',
      'a b@example.com',
      '"quoted"@example.com',
      'a@example.com&cc=x@y.z',
      'a@localhost',
    ]) {
      expect(contactEmail.safeParse(email).success, email).toBe(false);
      expect(checkSubmission(form, { values: { name: 'Ali', email } }, 'IR'), email).toEqual({
        ok: false,
        errors: { email: 'Enter a valid email address.' },
      });
      expect(checkSubmission(persian, { values: { name: 'Ali', email } }, 'IR'), email).toEqual({
        ok: false,
        errors: { email: 'یک نشانی ایمیل معتبر وارد کنید.' },
      });
    }
    for (const [typed, stored] of [
      ['Sara.Ahmadi@Example.COM', 'sara.ahmadi@example.com'],
      [' o.brien+news@sub.example.ir ', 'o.brien+news@sub.example.ir'],
      ['ali۱۳۶۰@example.com', 'ali1360@example.com'],
    ] as const) {
      const r = checkSubmission(form, { values: { name: 'Ali', email: typed } }, 'IR');
      expect(r.ok && r.value.contact.email, typed).toBe(stored);
      expect(contactEmail.safeParse(stored).success).toBe(true);
    }
  });

  it('reads numbers as typed in English or Persian, refusing anything else in the form language', () => {
    const measured = formDefinitionSchema.parse({
      name: 'Numbers',
      locale: 'fa',
      fields: [
        { key: 'email', label: 'Email', type: 'email', required: true, mapTo: 'email' },
        { key: 'budget', label: 'Budget', type: 'number', mapTo: 'custom:budget' },
        { key: 'size', label: 'Employees', type: 'number', mapTo: 'account.employeeCount' },
        { key: 'company', label: 'Company', type: 'text', mapTo: 'account.name' },
      ],
    });
    const check = (budget: string, size = '10') =>
      checkSubmission(measured, { values: { email: 'ali@example.com', budget, size, company: 'Co' } }, 'IR');
    for (const [typed, value] of [
      ['۱٫۵', 1.5],
      ['1.5', 1.5],
      ['۱۲٬۵۰۰', 12500],
      ['1,500', 1500],
      ['-۲', -2],
    ] as const) {
      const r = check(typed);
      expect(r.ok && r.value.data['budget'], typed).toBe(value);
    }
    for (const typed of ['1,5', '0x1A', '1e3', 'Infinity', '1.234,5']) {
      expect(check(typed), typed).toEqual({ ok: false, errors: { budget: 'یک عدد وارد کنید.' } });
    }
    // An employee count is a whole number of people, however it is typed.
    expect(check('1', '۱٬۲۰۰').ok).toBe(true);
    // A number that is no count of people says what is expected, rather than that it is no number.
    const count = { ok: false, errors: { size: 'تعداد افراد را با عددی صحیح از ۰ تا ۱۰٬۰۰۰٬۰۰۰ وارد کنید.' } };
    for (const typed of ['۱٫۵', '-5', '20000000']) expect(check('1', typed), typed).toEqual(count);
    expect(check('1', 'many')).toEqual({ ok: false, errors: { size: 'یک عدد وارد کنید.' } });
  });

  it('needs an email or a phone even when neither is required', () => {
    const r = checkSubmission(form, { values: { name: 'Ali' } }, 'IR');
    expect(r).toEqual({ ok: false, errors: { email: 'This field is required.' } });
  });

  it('asks for consent when the form requires it', () => {
    const strict = { ...form, consent: { text: 'Yes', required: true } };
    const r = checkSubmission(strict, { values: { name: 'Ali', email: 'ali@example.com' }, consent: false }, 'IR');
    expect(r).toEqual({ ok: false, errors: { consent: 'Please give your consent to continue.' } });
  });

  it('sends the person back to read a consent box reworded since their page loaded', () => {
    const values = { name: 'Ali', email: 'ali@example.com' };
    const shown = checkSubmission(form, { values, consent: true, consentText: 'OK to contact me' }, 'IR');
    expect(shown.ok).toBe(true);
    const old = checkSubmission(form, { values, consent: true, consentText: 'OK to email me' }, 'IR');
    expect(old).toEqual({ ok: false, errors: { consent: expect.stringContaining('changed while the page was open') } });
    // A caller that does not say what it showed (the API, an older page) is taken at the current words.
    expect(checkSubmission(form, { values, consent: true }, 'IR').ok).toBe(true);
  });

  it('holds text to what the contact or company field it fills may store, not only to its type', () => {
    const wide = formDefinitionSchema.parse({
      name: 'Long answers',
      fields: [
        { key: 'name', label: 'Name', type: 'text', required: true, mapTo: 'firstName' },
        { key: 'email', label: 'Email', type: 'email', mapTo: 'email' },
        { key: 'title', label: 'Title', type: 'text', mapTo: 'jobTitle' },
        { key: 'company', label: 'Company', type: 'text', mapTo: 'account.name' },
        { key: 'story', label: 'Story', type: 'textarea', mapTo: 'custom:story' },
        { key: 'kept', label: 'Kept on the submission', type: 'textarea' },
      ],
    });
    const values = {
      name: 'a'.repeat(101),
      email: 'ali@example.com',
      title: 't'.repeat(201),
      company: 'c'.repeat(201),
      story: 's'.repeat(2001),
      kept: 'k'.repeat(4000),
    };
    expect(checkSubmission(wide, { values }, 'IR')).toEqual({
      ok: false,
      errors: {
        name: 'This is too long.',
        title: 'This is too long.',
        company: 'This is too long.',
        story: 'This is too long.',
      },
    });
    const fits = checkSubmission(
      wide,
      {
        values: {
          ...values,
          name: 'a'.repeat(100),
          title: 't'.repeat(200),
          company: 'c'.repeat(200),
          story: 's'.repeat(2000),
        },
      },
      'IR',
    );
    expect(fits.ok).toBe(true);
  });

  it('reads only the values sent: a field keyed like an object method is missing when absent', () => {
    const tricky = formDefinitionSchema.parse({
      name: 'Tricky keys',
      fields: [
        { key: 'email', label: 'Email', type: 'email', required: true, mapTo: 'email' },
        { key: 'constructor', label: 'Constructor', type: 'text', required: true },
      ],
    });
    expect(checkSubmission(tricky, { values: { email: 'ali@example.com' } }, 'IR')).toEqual({
      ok: false,
      errors: { constructor: 'This field is required.' },
    });
  });
});
