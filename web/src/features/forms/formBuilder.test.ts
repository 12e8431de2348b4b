import { describe, expect, it } from 'vitest';
import type { Form } from '../../api/forms.js';
import {
  addField,
  builderPath,
  companyFieldsWithoutName,
  createFormInput,
  emptyField,
  emptyFormValues,
  formValues,
  keyFromLabel,
  moveField,
  patchFormInput,
  placeServerErrors,
  problemFieldErrors,
  removeField,
  SENIORITY_OPTIONS,
  suggestKey,
  switchLocale,
  toFormInput,
  updateField,
  validateForm,
  withSuggestedKeys,
  type FieldValues,
  type FormBuilderValues,
  type FormDefaults,
} from './formBuilder.js';

const EN: FormDefaults = {
  emailLabel: 'Email',
  submitLabel: 'Submit',
  thankYouMessage: 'Thank you!',
  consentText: 'I agree.',
};
const FA: FormDefaults = {
  emailLabel: 'ایمیل',
  submitLabel: 'ارسال',
  thankYouMessage: 'سپاس!',
  consentText: 'موافقم.',
};

function valid(overrides: Partial<FormBuilderValues> = {}): FormBuilderValues {
  return { ...emptyFormValues('en', EN), name: 'Pricing guide', ...overrides };
}

function field(overrides: Partial<FieldValues>): FieldValues {
  return emptyField({ keyEdited: true, ...overrides });
}

const savedForm: Form = {
  id: '0193-form',
  publicId: 'k3J9abcdefghijklmnopqr',
  name: 'Pricing guide download',
  status: 'active',
  locale: 'fa',
  fields: [
    { key: 'email', label: 'ایمیل کاری', type: 'email', required: true, mapTo: 'email' },
    { key: 'size', label: 'Size', type: 'select', required: false, mapTo: null, options: ['1-10', '11-50'] },
    { key: 'budget', label: 'Budget', type: 'number', required: false, mapTo: 'custom:budget', placeholder: '1000' },
    { key: 'company', label: 'Company', type: 'text', required: false, mapTo: 'account.name' },
  ],
  consent: { text: 'I agree to receive emails.', required: true },
  submitLabel: 'Download',
  thankYou: { kind: 'redirect', url: 'https://example.test/thanks' },
  campaign: 'pricing-guide',
  source: null,
  submissionCount: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  urls: { hosted: 'http://h/f/k3J9', embedScript: 'http://h/f/k3J9/embed.js' },
  embedHtml: '<div data-tandem-form="k3J9"></div>',
};

describe('keyFromLabel', () => {
  it('turns a Latin label into a snake_case key', () => {
    expect(keyFromLabel('Work email')).toBe('work_email');
    expect(keyFromLabel('  Company / Organisation  ')).toBe('company_organisation');
    expect(keyFromLabel('Élan Vital')).toBe('elan_vital');
  });

  it('makes a key that starts with a letter and fits 40 characters', () => {
    expect(keyFromLabel('2nd phone')).toBe('field_2nd_phone');
    const long = keyFromLabel('What is the single biggest challenge your team faces today');
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toMatch(/^[a-z][a-z0-9_]{0,39}$/);
    expect(long.endsWith('_')).toBe(false);
  });

  it('gives nothing for a Persian label or digits alone, and keeps the Latin part of a mixed label', () => {
    expect(keyFromLabel('ایمیل کاری')).toBe('');
    expect(keyFromLabel('۱۲۳')).toBe('');
    expect(keyFromLabel('شماره CRM ۲')).toBe('crm_2');
  });
});

describe('suggested keys', () => {
  it('falls back to the mapping, then to field_<position>, for Persian labels', () => {
    const taken = new Set<string>();
    expect(suggestKey(emptyField({ label: 'ایمیل', mapKind: 'email' }), 0, taken)).toBe('email');
    expect(suggestKey(emptyField({ label: 'نام شرکت', mapKind: 'account.name' }), 1, taken)).toBe('company');
    expect(suggestKey(emptyField({ label: 'بودجه', mapKind: 'custom', customKey: 'budget' }), 1, taken)).toBe('budget');
    expect(suggestKey(emptyField({ label: 'توضیحات' }), 2, taken)).toBe('field_3');
  });

  it('never suggests a key another field uses', () => {
    const fields = withSuggestedKeys([
      field({ key: 'email', label: 'Email' }),
      emptyField({ label: 'Email' }),
      emptyField({ label: 'Email' }),
    ]);
    expect(fields.map((f) => f.key)).toEqual(['email', 'email_2', 'email_3']);
  });

  it('follows the label until the user types a key, and resumes when the key is cleared', () => {
    let fields = addField([]);
    const uid = fields[0]!.uid;
    fields = updateField(fields, uid, { label: 'Job title' });
    expect(fields[0]!.key).toBe('job_title');
    fields = updateField(fields, uid, { key: 'role' });
    fields = updateField(fields, uid, { label: 'Your role' });
    expect(fields[0]!.key).toBe('role');
    fields = updateField(fields, uid, { key: '' });
    expect(fields[0]!.key).toBe('your_role');
  });

  it('keeps the keys of a saved form when labels change', () => {
    const values = formValues(savedForm);
    const fields = updateField(values.fields, values.fields[0]!.uid, { label: 'Business email' });
    expect(fields[0]!.key).toBe('email');
  });
});

describe('editing the field list', () => {
  it('picks a suitable input type when a plain text field is mapped', () => {
    const [f] = addField([]);
    expect(updateField([f!], f!.uid, { mapKind: 'phone' })[0]!.type).toBe('tel');
    expect(updateField([f!], f!.uid, { mapKind: 'email' })[0]!.type).toBe('email');
    const textarea = { ...f!, type: 'textarea' as const };
    expect(updateField([textarea], f!.uid, { mapKind: 'phone' })[0]!.type).toBe('textarea');
  });

  it('picks the type a mapping requires, whatever the type was, and seniority options', () => {
    const f = field({ key: 'q', label: 'Q', type: 'textarea' });
    expect(updateField([f], f.uid, { mapKind: 'email' })[0]!.type).toBe('email');
    expect(updateField([f], f.uid, { mapKind: 'account.employeeCount' })[0]!.type).toBe('number');
    const seniority = updateField([f], f.uid, { mapKind: 'seniority' })[0]!;
    expect(seniority.type).toBe('select');
    expect(seniority.options.split('\n')).toEqual([...SENIORITY_OPTIONS]);
    expect(validateForm(valid({ fields: [...valid().fields, seniority] }))).toEqual({});
  });

  it('moves fields up and down, and ignores moves past either end', () => {
    const fields = [field({ key: 'a' }), field({ key: 'b' }), field({ key: 'c' })];
    expect(moveField(fields, fields[2]!.uid, -1).map((f) => f.key)).toEqual(['a', 'c', 'b']);
    expect(moveField(fields, fields[0]!.uid, 1).map((f) => f.key)).toEqual(['b', 'a', 'c']);
    expect(moveField(fields, fields[0]!.uid, -1).map((f) => f.key)).toEqual(['a', 'b', 'c']);
    expect(moveField(fields, fields[2]!.uid, 1).map((f) => f.key)).toEqual(['a', 'b', 'c']);
  });

  it('renumbers field_<n> fallbacks after a removal', () => {
    let fields = addField(addField([]));
    expect(fields.map((f) => f.key)).toEqual(['field_1', 'field_2']);
    fields = removeField(fields, fields[0]!.uid);
    expect(fields.map((f) => f.key)).toEqual(['field_1']);
  });
});

describe('form values -> API body', () => {
  it('builds the POST body, leaving out unset members and placeholders the embed does not show', () => {
    const values = valid({
      campaign: ' pricing-guide ',
      fields: [
        ...emptyFormValues('en', EN).fields,
        field({
          key: 'size',
          label: ' Size ',
          type: 'select',
          options: 'Small\n\n  Large  \n',
          placeholder: 'ignored',
        }),
        field({ key: 'ok', label: 'OK?', type: 'checkbox', placeholder: 'ignored' }),
        field({ key: 'budget', label: 'Budget', mapKind: 'custom', customKey: ' budget ' }),
      ],
    });
    expect(createFormInput(values)).toEqual({
      name: 'Pricing guide',
      locale: 'en',
      fields: [
        { key: 'email', label: 'Email', type: 'email', required: true, mapTo: 'email' },
        {
          key: 'size',
          label: 'Size',
          type: 'select',
          required: false,
          mapTo: null,
          options: ['Small', 'Large'],
        },
        { key: 'ok', label: 'OK?', type: 'checkbox', required: false, mapTo: null },
        { key: 'budget', label: 'Budget', type: 'text', required: false, mapTo: 'custom:budget' },
      ],
      submitLabel: 'Submit',
      thankYou: { kind: 'message', message: 'Thank you!' },
      campaign: 'pricing-guide',
    });
  });

  it('sends consent and a redirect when chosen', () => {
    const body = toFormInput(
      valid({ consentEnabled: true, consentRequired: false, thankYouKind: 'redirect', thankYouUrl: 'https://x.test/' }),
    );
    expect(body.consent).toEqual({ text: 'I agree.', required: false });
    expect(body.thankYou).toEqual({ kind: 'redirect', url: 'https://x.test/' });
  });

  it('round-trips a saved form unchanged, and patches only what changed', () => {
    const initial = formValues(savedForm);
    expect(toFormInput(initial)).toEqual({
      name: savedForm.name,
      locale: 'fa',
      fields: savedForm.fields,
      consent: savedForm.consent,
      submitLabel: 'Download',
      thankYou: savedForm.thankYou,
      campaign: 'pricing-guide',
      source: null,
    });
    expect(patchFormInput(initial, initial)).toEqual({});
    const edited = {
      ...initial,
      campaign: '',
      consentEnabled: false,
      fields: moveField(initial.fields, initial.fields[1]!.uid, -1),
    };
    const patch = patchFormInput(initial, edited);
    expect(Object.keys(patch).sort()).toEqual(['campaign', 'consent', 'fields']);
    expect(patch.campaign).toBeNull();
    expect(patch.consent).toBeNull();
    expect(patch.fields?.map((f) => f.key)).toEqual(['size', 'email', 'budget', 'company']);
  });

  it('lets texts at the old language defaults follow a language switch, and keeps typed ones', () => {
    const values = { ...emptyFormValues('en', EN), submitLabel: 'Get the guide' };
    const switched = switchLocale(values, 'fa', EN, FA);
    expect(switched.locale).toBe('fa');
    expect(switched.submitLabel).toBe('Get the guide');
    expect(switched.thankYouMessage).toBe('سپاس!');
    expect(switched.fields[0]!.label).toBe('ایمیل');
    expect(switched.fields[0]!.key).toBe('email');
  });
});

describe('validateForm', () => {
  it('accepts a new form once it has a name', () => {
    expect(validateForm(emptyFormValues('en', EN))).toEqual({ name: { code: 'required' } });
    expect(validateForm(valid())).toEqual({});
  });

  it('requires a field mapped to email or phone', () => {
    const noIdentity = valid({ fields: [field({ key: 'name', label: 'Name', mapKind: 'firstName' })] });
    expect(validateForm(noIdentity)).toEqual({ fields: { code: 'noIdentity' } });
    const phone = valid({ fields: [field({ key: 'mobile', label: 'Mobile', mapKind: 'phone' })] });
    expect(validateForm(phone)).toEqual({});
    expect(validateForm(valid({ fields: [] }))).toEqual({ fields: { code: 'noFields' } });
  });

  it('names bad and duplicate keys, and two fields mapped to one target', () => {
    const a = field({ key: 'Email', label: 'A', mapKind: 'email' });
    const b = field({ key: 'dup', label: 'B', mapKind: 'custom', customKey: 'x' });
    const c = field({ key: 'dup', label: 'C', mapKind: 'custom', customKey: 'x' });
    const d = field({ key: 'd', label: 'D', mapKind: 'custom', customKey: 'bad key!' });
    const e = field({ key: 'e', label: 'E', mapKind: 'email' });
    const issues = validateForm(valid({ fields: [a, b, c, d, e] }));
    expect(issues[`fields.${a.uid}.key`]).toEqual({ code: 'keyFormat' });
    expect(issues[`fields.${b.uid}.key`]).toEqual({ code: 'keyDuplicate' });
    expect(issues[`fields.${c.uid}.customKey`]).toEqual({ code: 'mapDuplicate' });
    expect(issues[`fields.${d.uid}.customKey`]).toEqual({ code: 'customKeyFormat' });
    expect(issues[`fields.${e.uid}.mapTo`]).toEqual({ code: 'mapDuplicate' });
    expect(issues[`fields.${a.uid}.mapTo`]).toEqual({ code: 'mapDuplicate' });
  });

  it('reserves the honeypot and consent keys and never suggests them', () => {
    const f = field({ key: 'website', label: 'Website' });
    const g = field({ key: 'consent', label: 'Consent' });
    const issues = validateForm(valid({ fields: [...valid().fields, f, g] }));
    expect(issues[`fields.${f.uid}.key`]).toEqual({ code: 'keyReserved', key: 'website' });
    expect(issues[`fields.${g.uid}.key`]).toEqual({ code: 'keyReserved', key: 'consent' });
    const suggested = withSuggestedKeys([emptyField({ label: 'Website' }), emptyField({ label: 'Consent' })]);
    expect(suggested.map((s) => s.key)).toEqual(['website_2', 'consent_2']);
  });

  it('requires the type a mapping needs, and seniority options the API knows', () => {
    const email = field({ key: 'e', label: 'E', mapKind: 'email', type: 'text' });
    const size = field({ key: 's', label: 'S', mapKind: 'account.employeeCount', type: 'text' });
    const level = field({ key: 'l', label: 'L', mapKind: 'seniority', type: 'select', options: 'vp\nBoss' });
    const issues = validateForm(valid({ fields: [email, size, level] }));
    expect(issues).toEqual({
      [`fields.${email.uid}.type`]: { code: 'typeForMapping', type: 'email' },
      [`fields.${size.uid}.type`]: { code: 'typeForMapping', type: 'number' },
      [`fields.${level.uid}.options`]: { code: 'seniorityOptions' },
    });
  });

  it('accepts Persian custom field names like contacts do', () => {
    const f = field({ key: 'budget', label: 'بودجه', mapKind: 'custom', customKey: 'بودجه_سالانه' });
    expect(validateForm(valid({ fields: [...valid().fields, f] }))).toEqual({});
  });

  it('checks select options, labels, consent, submit label and the thank-you', () => {
    const select = field({ key: 's', label: '', type: 'select', options: '\n  \n' });
    const dup = field({ key: 't', label: 'T', type: 'select', options: 'A\nA' });
    const issues = validateForm(
      valid({
        fields: [...valid().fields, select, dup],
        consentEnabled: true,
        consentText: ' ',
        submitLabel: 'x'.repeat(61),
        thankYouKind: 'redirect',
        thankYouUrl: 'javascript:alert(1)',
      }),
    );
    expect(issues).toEqual({
      [`fields.${select.uid}.label`]: { code: 'required' },
      [`fields.${select.uid}.options`]: { code: 'optionsRequired' },
      [`fields.${dup.uid}.options`]: { code: 'optionDuplicate' },
      'consent.text': { code: 'required' },
      submitLabel: { code: 'tooLong', max: 60 },
      'thankYou.url': { code: 'url' },
    });
  });

  it('ignores consent text when consent is off and the URL when a message is shown', () => {
    expect(validateForm(valid({ consentEnabled: false, consentText: '', thankYouUrl: 'nope' }))).toEqual({});
  });
});

describe('company fields without the company name', () => {
  const mapped = (...kinds: FieldValues['mapKind'][]) => kinds.map((mapKind) => ({ mapKind }));

  it('warns when company fields are mapped but none maps to the company name', () => {
    expect(companyFieldsWithoutName(mapped('email', 'account.industry'))).toBe(true);
    expect(
      companyFieldsWithoutName(mapped('email', 'account.employeeCount', 'account.domain', 'account.country')),
    ).toBe(true);
  });

  it('stays quiet with the company name mapped, or with no company fields', () => {
    expect(companyFieldsWithoutName(mapped('email', 'account.industry', 'account.name'))).toBe(false);
    expect(companyFieldsWithoutName(mapped('email', 'account.name'))).toBe(false);
    expect(companyFieldsWithoutName(mapped('email', 'custom', 'none', 'phone'))).toBe(false);
    expect(companyFieldsWithoutName([])).toBe(false);
  });
});

describe('server errors', () => {
  it('maps field positions in the request to the fields as they were sent', () => {
    const uids = ['u1', 'u2', 'u3'];
    expect(builderPath('fields.2.options', uids)).toBe('fields.u3.options');
    expect(builderPath('body.fields.0.options.4', uids)).toBe('fields.u1.options');
    expect(builderPath('/fields/1/label', uids)).toBe('fields.u2.label');
    expect(builderPath('fields.1', uids)).toBe('fields.u2');
    expect(builderPath('fields.9.key', uids)).toBe('fields');
    expect(builderPath('fields', uids)).toBe('fields');
    expect(builderPath('thankYou.url', uids)).toBe('thankYou.url');
    expect(builderPath('consent.text.extra', uids)).toBe('consent.text');
    expect(builderPath('surprise', uids)).toBeNull();
  });

  it('places errors next to inputs even after the fields were reordered, and lists the rest', () => {
    const fields = [field({ key: 'a' }), field({ key: 'b', mapKind: 'custom', customKey: 'x y' })];
    const sent = fields.map((f) => f.uid);
    const reordered = moveField(fields, fields[1]!.uid, -1);
    const { placed, unplaced } = placeServerErrors(
      [
        { path: 'fields.0.label', message: 'Required.' },
        { path: 'fields.0.label', message: 'Second message.' },
        { path: 'fields.1.mapTo', message: 'Bad custom field.' },
        { path: 'unknown', message: 'Unknown field.' },
      ],
      sent,
      reordered,
    );
    expect(placed).toEqual({
      [`fields.${fields[0]!.uid}.label`]: 'Required.',
      [`fields.${fields[1]!.uid}.customKey`]: 'Bad custom field.',
    });
    expect(unplaced).toEqual([{ path: 'unknown', message: 'Unknown field.' }]);
  });

  it('reads field errors named by `field` or `path`', () => {
    expect(
      problemFieldErrors({
        errors: [{ field: 'name', message: 'Required.' }, { path: 'fields.0.key', message: 'Bad.' }, { nope: 1 }],
      }),
    ).toEqual([
      { path: 'name', message: 'Required.' },
      { path: 'fields.0.key', message: 'Bad.' },
    ]);
    expect(problemFieldErrors(null)).toEqual([]);
  });
});
