import { z } from 'zod';
import { customFieldsSchema } from '../../shared/fields.js';
import { toE164 } from '../../shared/phone.js';
import { normalizeEmail } from '../../shared/text.js';
// The pure rules of contacts and companies (not their services): what their fields may hold.
import { createAccountInput } from '../accounts/account.js';
import { contactEmail, createContactInput, SENIORITIES } from '../contacts/contact.js';
import { MAX_SENT_URL_LENGTH } from '../tracking/page-url.js';
import { parseTypedNumber } from '../../shared/number.js';

/**
 * Forms, pure: what a form definition may hold, what its public view shows, and how a submission is
 * checked field by field and turned into a contact and a company. Nothing here touches the database.
 */

export const FIELD_TYPES = ['text', 'email', 'tel', 'textarea', 'select', 'checkbox', 'number'] as const;
export const CONTACT_TARGETS = ['firstName', 'lastName', 'email', 'phone', 'jobTitle', 'seniority'] as const;
export const ACCOUNT_TARGETS = [
  'account.name',
  'account.domain',
  'account.industry',
  'account.employeeCount',
  'account.country',
] as const;
export const FORM_LOCALES = ['en', 'fa'] as const;

const FIELD_KEY_RE = /^[a-z][a-z0-9_]{0,39}$/;
const CUSTOM_TARGET_RE = /^custom:[\p{L}\p{N}_.-]{1,64}$/u;
/** The honeypot's name: a field people never see and bots fill in. */
export const HONEYPOT_FIELD = 'website';

export type FieldType = (typeof FIELD_TYPES)[number];
export type MapTarget = (typeof CONTACT_TARGETS)[number] | (typeof ACCOUNT_TARGETS)[number] | `custom:${string}`;

const mapTo = z
  .string()
  .refine(
    (v) =>
      (CONTACT_TARGETS as readonly string[]).includes(v) ||
      (ACCOUNT_TARGETS as readonly string[]).includes(v) ||
      CUSTOM_TARGET_RE.test(v),
    'A contact field, account.<field> or custom:<name>.',
  )
  .nullable();

const label = z.string().trim().min(1, 'Required.').max(200, 'At most 200 characters.');

const formField = z
  .strictObject({
    key: z
      .string()
      .regex(FIELD_KEY_RE, 'Lower-case letters, digits and _, starting with a letter (at most 40).')
      .refine((k) => k !== HONEYPOT_FIELD && k !== 'consent', `"${HONEYPOT_FIELD}" and "consent" are reserved.`),
    label,
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(false),
    mapTo: mapTo.default(null),
    options: z.array(z.string().trim().min(1).max(200)).min(1).max(100).optional(),
    placeholder: z.string().max(200).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.type === 'select' && !f.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'A select needs its options.' });
    if (f.type !== 'select' && f.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Only a select has options.' });
    if (f.mapTo === 'email' && f.type !== 'email')
      ctx.addIssue({ code: 'custom', path: ['type'], message: 'A field mapped to email must be of type email.' });
    if (f.mapTo === 'seniority' && (f.type !== 'select' || f.options?.some((o) => !isSeniority(o))))
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `Seniority is a select with options among ${SENIORITIES.join(', ')}.`,
      });
    if (f.mapTo === 'account.employeeCount' && f.type !== 'number')
      ctx.addIssue({ code: 'custom', path: ['type'], message: 'Employee count is a number field.' });
  });
export type FormField = z.infer<typeof formField>;

const httpUrl = z
  .string()
  .max(2048)
  .refine((u) => {
    try {
      const url = new URL(u);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'An http(s) address.');

const thankYou = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('message'), message: z.string().trim().min(1).max(2000) }),
  z.strictObject({ kind: z.literal('redirect'), url: httpUrl }),
]);

const fields = z
  .array(formField)
  .min(1, 'A form has at least one field.')
  .max(50, 'At most 50 fields.')
  .superRefine((list, ctx) => {
    const seenKeys = new Set<string>();
    const seenTargets = new Set<string>();
    list.forEach((f, i) => {
      if (seenKeys.has(f.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: 'Keys must be unique.' });
      seenKeys.add(f.key);
      if (f.mapTo) {
        if (seenTargets.has(f.mapTo))
          ctx.addIssue({ code: 'custom', path: [i, 'mapTo'], message: 'Two fields map to the same target.' });
        seenTargets.add(f.mapTo);
      }
    });
    if (!seenTargets.has('email') && !seenTargets.has('phone'))
      ctx.addIssue({ code: 'custom', message: 'Map a field to email or phone: that is how a person is recognised.' });
  });

const consent = z.strictObject({ text: z.string().trim().min(1).max(1000), required: z.boolean() }).nullable();
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable();

export const formDefinitionSchema = z.strictObject({
  name: z.string().trim().min(1, 'Required.').max(200),
  locale: z.enum(FORM_LOCALES).default('en'),
  fields,
  consent: consent.default(null),
  submitLabel: z.string().trim().min(1).max(60).default('Submit'),
  thankYou: thankYou.default({ kind: 'message', message: 'Thank you!' }),
  campaign: optional(200).default(null),
  source: optional(100).default(null),
});
export type FormDefinition = z.infer<typeof formDefinitionSchema>;
export const createFormInput = formDefinitionSchema;
export const updateFormInput = z.strictObject({
  name: formDefinitionSchema.shape.name.optional(),
  locale: z.enum(FORM_LOCALES).optional(),
  fields: fields.optional(),
  consent: consent.optional(),
  submitLabel: z.string().trim().min(1).max(60).optional(),
  thankYou: thankYou.optional(),
  campaign: optional(200).optional(),
  source: optional(100).optional(),
  status: z.enum(['active', 'archived']).optional(),
});
export type UpdateFormInput = z.infer<typeof updateFormInput>;

/** What a visitor needs of a field to fill it in; the form's full view adds where the answer goes. */
const shownField = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(FIELD_TYPES),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  placeholder: z.string().optional(),
});

export const formSchema = z.object({
  id: z.string(),
  publicId: z.string(),
  name: z.string(),
  status: z.enum(['active', 'archived']),
  locale: z.enum(FORM_LOCALES),
  fields: z.array(shownField.extend({ mapTo: z.string().nullable() })),
  consent: z.object({ text: z.string(), required: z.boolean() }).nullable(),
  submitLabel: z.string(),
  thankYou: z.union([
    z.object({ kind: z.literal('message'), message: z.string() }),
    z.object({ kind: z.literal('redirect'), url: z.string() }),
  ]),
  campaign: z.string().nullable(),
  source: z.string().nullable(),
  submissionCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  urls: z.object({ hosted: z.string(), embedScript: z.string() }),
  embedHtml: z.string(),
});
export type Form = z.infer<typeof formSchema>;

/** The browser's autofill token for a field's target (HTML's autocomplete attribute); null for the rest. */
const AUTOCOMPLETE: Partial<Record<string, string>> = {
  firstName: 'given-name',
  lastName: 'family-name',
  email: 'email',
  phone: 'tel',
  jobTitle: 'organization-title',
  'account.name': 'organization',
};

export function autocompleteOf(target: string | null): string | null {
  return (target && AUTOCOMPLETE[target]) ?? null;
}

/**
 * What an anonymous visitor may learn about a form: how to fill it in, nothing about its results or where
 * the answers go (a field's target, custom field names included, stays private: the browser gets only an
 * autofill hint).
 */
export const publicFormSchema = formSchema
  .pick({ publicId: true, locale: true, consent: true, submitLabel: true })
  .extend({ fields: z.array(shownField.extend({ autocomplete: z.string().nullable() })) });
export type PublicForm = z.infer<typeof publicFormSchema>;

export function publicView(publicId: string, d: FormDefinition): PublicForm {
  return {
    publicId,
    locale: d.locale,
    fields: d.fields.map(({ mapTo: target, ...field }) => ({ ...field, autocomplete: autocompleteOf(target) })),
    consent: d.consent,
    submitLabel: d.submitLabel,
  };
}

/** The body a browser posts. Values stay loosely typed here: each is checked against its field below. */
export const submissionSchema = z.strictObject({
  values: z.record(z.string().max(64), z.union([z.string().max(5000), z.number(), z.boolean(), z.null()])),
  consent: z.boolean().optional(),
  /** The consent box's words as the page showed them (the hosted page and embed send them). */
  consentText: z.string().max(1000).optional(),
  visitorId: z.string().max(64).optional(),
  // Longer than the URL kept (MAX_URL_LENGTH): a page with a long query still gets its lead, the URL cut.
  url: z.string().max(MAX_SENT_URL_LENGTH).optional(),
  referrer: z.string().max(MAX_SENT_URL_LENGTH).optional(),
  [HONEYPOT_FIELD]: z.string().max(2000).optional(),
});
export type Submission = z.infer<typeof submissionSchema>;

export interface CheckedSubmission {
  /** Contact fields by name, custom fields under customFields. */
  contact: {
    firstName?: string;
    lastName?: string;
    email?: string;
    phone?: string;
    jobTitle?: string;
    seniority?: string;
    customFields: Record<string, string | number | boolean>;
  };
  account: { name?: string; domain?: string; industry?: string; employeeCount?: number; country?: string } | null;
  /** Every answered field by its key, as stored with the submission. */
  data: Record<string, string | number | boolean>;
}

export type SubmissionCheck = { ok: true; value: CheckedSubmission } | { ok: false; errors: Record<string, string> };

const DOMAIN_RE = /^(?=.{1,253}$)([\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,63}$/u;

function isSeniority(v: string): boolean {
  return (SENIORITIES as readonly string[]).includes(v);
}

export type FormMessages = Record<
  | 'required'
  | 'email'
  | 'phone'
  | 'number'
  | 'employees'
  | 'option'
  | 'tooLong'
  | 'consent'
  | 'consentChanged'
  | 'unknown'
  | 'domain'
  | 'country'
  | 'text',
  string
>;

const MESSAGES: Record<'en' | 'fa', FormMessages> = {
  en: {
    required: 'This field is required.',
    email: 'Enter a valid email address.',
    phone: 'Enter a valid phone number.',
    number: 'Enter a number.',
    employees: 'Enter a whole number of people, from 0 to 10,000,000.',
    option: 'Choose one of the options.',
    tooLong: 'This is too long.',
    consent: 'Please give your consent to continue.',
    consentChanged: 'The wording of this consent changed while the page was open. Reload the page and read it again.',
    unknown: 'This form has no such field.',
    domain: 'Enter a domain such as example.com.',
    country: 'Use a two-letter country code such as IR or DE.',
    text: 'Enter text here.',
  },
  fa: {
    required: 'این فیلد الزامی است.',
    email: 'یک نشانی ایمیل معتبر وارد کنید.',
    phone: 'یک شماره تلفن معتبر وارد کنید.',
    number: 'یک عدد وارد کنید.',
    employees: 'تعداد افراد را با عددی صحیح از ۰ تا ۱۰٬۰۰۰٬۰۰۰ وارد کنید.',
    option: 'یکی از گزینه‌ها را انتخاب کنید.',
    tooLong: 'این مقدار بیش از حد طولانی است.',
    consent: 'برای ادامه، رضایت خود را اعلام کنید.',
    consentChanged:
      'متن این رضایت‌نامه در حالی که صفحه باز بود تغییر کرد. صفحه را دوباره بارگذاری کنید و آن را دوباره بخوانید.',
    unknown: 'این فرم چنین فیلدی ندارد.',
    domain: 'دامنه‌ای مانند example.com وارد کنید.',
    country: 'کد دوحرفی کشور مانند IR یا DE را وارد کنید.',
    text: 'اینجا متن وارد کنید.',
  },
};
export const formMessages = (locale: 'en' | 'fa'): FormMessages => MESSAGES[locale];

const MAX_TEXT: Record<FieldType, number> = {
  text: 500,
  email: 254,
  tel: 40,
  textarea: 5000,
  select: 200,
  checkbox: 5,
  number: 40,
};

/**
 * Checks a submission against its form, every field at once, in the form's language. Errors are keyed by
 * field key (`consent` for the consent box); a valid one comes back as contact and company fields.
 */
export function checkSubmission(form: FormDefinition, submission: Submission, phoneRegion: string): SubmissionCheck {
  const m = MESSAGES[form.locale];
  const errors: Record<string, string> = {};
  const known = new Set(form.fields.map((f) => f.key));
  for (const key of Object.keys(submission.values)) if (!known.has(key)) errors[key] = m.unknown;

  const contact: CheckedSubmission['contact'] = { customFields: {} };
  const account: NonNullable<CheckedSubmission['account']> = {};
  const data: CheckedSubmission['data'] = {};

  for (const field of form.fields) {
    // Own keys only: a field named `constructor` must not read Object.prototype's.
    const raw = Object.hasOwn(submission.values, field.key) ? submission.values[field.key] : undefined;
    const value = normalizeValue(field, raw, m, phoneRegion);
    if (value.error) {
      errors[field.key] = value.error;
      continue;
    }
    if (value.value === null) {
      if (field.required) errors[field.key] = m.required;
      continue;
    }
    if (field.mapTo && longerThanStored(field.mapTo, value.value)) {
      errors[field.key] = m.tooLong;
      continue;
    }
    data[field.key] = value.value;
    assign(field.mapTo, value.value, contact, account);
  }
  if (form.consent?.required && submission.consent !== true) errors['consent'] = m.consent;
  // What is stored as consent is what the person read: a page that showed other words is sent back to read
  // the current ones (the box was reworded after the page loaded).
  if (form.consent && submission.consentText !== undefined && submission.consentText !== form.consent.text) {
    errors['consent'] = m.consentChanged;
  }

  if (!errors['account.name'] && Object.keys(account).length > 0 && !account.name) {
    // Company details without a company name cannot be matched to an account: keep them on the submission.
    for (const k of Object.keys(account)) delete account[k as keyof typeof account];
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (!contact.email && !contact.phone) {
    const identity = form.fields.find((f) => f.mapTo === 'email') ?? form.fields.find((f) => f.mapTo === 'phone');
    return { ok: false, errors: { [identity?.key ?? 'email']: m.required } };
  }
  return { ok: true, value: { contact, account: account.name ? account : null, data } };
}

/**
 * Whether text is longer than the contact or company field it fills may hold (the contacts and companies
 * APIs' own rules: a first name 100 characters, a job title 200, a custom field 2,000, ...). A form field's
 * own limit is its type's (MAX_TEXT), which can be more.
 */
function longerThanStored(target: string, value: string | number | boolean): boolean {
  if (typeof value !== 'string') return false;
  const result = target.startsWith('custom:')
    ? customFieldsSchema.safeParse({ [target.slice('custom:'.length)]: value })
    : target.startsWith('account.')
      ? createAccountInput.shape[target.slice('account.'.length) as keyof typeof createAccountInput.shape]?.safeParse(
          value,
        )
      : createContactInput.shape[target as keyof typeof createContactInput.shape]?.safeParse(value);
  return result !== undefined && !result.success && result.error.issues.some((issue) => issue.code === 'too_big');
}

function normalizeValue(
  field: FormField,
  raw: string | number | boolean | null | undefined,
  m: FormMessages,
  phoneRegion: string,
): { value: string | number | boolean | null; error?: string } {
  if (raw === undefined || raw === null) return { value: null };
  if (field.type === 'checkbox') {
    if (typeof raw === 'boolean') return { value: raw ? true : null };
    if (raw === 'on' || raw === 'true') return { value: true };
    if (raw === '' || raw === 'false') return { value: null };
    return { value: null, error: m.option };
  }
  const text = typeof raw === 'string' ? raw.trim() : String(raw);
  if (text === '') return { value: null };
  if (text.length > MAX_TEXT[field.type]) return { value: null, error: m.tooLong };
  if (typeof raw === 'boolean') return { value: null, error: m.text };

  switch (field.type) {
    case 'email': {
      // The address as stored must pass the contacts API's own rule: a form must not keep an address the rest
      // of Tandem refuses (one carrying `?bcc=...` would add recipients to a rep's mailto: link). Checked
      // after normalising, so Persian digits and stray invisible characters typed on a phone still pass.
      const email = normalizeEmail(text);
      return contactEmail.safeParse(email).success ? { value: email } : { value: null, error: m.email };
    }
    case 'tel': {
      const e164 = toE164(text, phoneRegion);
      return e164 ? { value: e164 } : { value: null, error: m.phone };
    }
    case 'number': {
      const n = parseTypedNumber(text);
      if (n === null) return { value: null, error: m.number };
      if (field.mapTo === 'account.employeeCount' && (!Number.isInteger(n) || n < 0 || n > 10_000_000))
        return { value: null, error: m.employees };
      return { value: n };
    }
    case 'select':
      return field.options?.includes(text) ? { value: text } : { value: null, error: m.option };
    case 'text':
    case 'textarea':
      if (field.mapTo === 'phone') {
        const e164 = toE164(text, phoneRegion);
        return e164 ? { value: e164 } : { value: null, error: m.phone };
      }
      if (field.mapTo === 'account.domain') {
        const d = text
          .toLowerCase()
          .replace(/^[a-z]+:\/\//, '')
          .replace(/[/?#].*$/, '')
          .replace(/^www\./, '');
        return DOMAIN_RE.test(d) ? { value: d } : { value: null, error: m.domain };
      }
      if (field.mapTo === 'account.country') {
        const c = text.toUpperCase();
        return /^[A-Z]{2}$/.test(c) ? { value: c } : { value: null, error: m.country };
      }
      return { value: text };
  }
}

function assign(
  target: string | null,
  value: string | number | boolean,
  contact: CheckedSubmission['contact'],
  account: NonNullable<CheckedSubmission['account']>,
): void {
  if (!target) return;
  if (target.startsWith('custom:')) {
    contact.customFields[target.slice('custom:'.length)] = value;
    return;
  }
  if (target.startsWith('account.')) {
    const key = target.slice('account.'.length) as keyof typeof account;
    (account as Record<string, unknown>)[key] = key === 'employeeCount' ? Number(value) : String(value);
    return;
  }
  (contact as Record<string, unknown>)[target] = String(value);
}

/** A safe place to send the browser after a submission: only what the form's owner configured, http(s). */
export function thankYouAnswer(d: FormDefinition): { ok: true; message: string } | { ok: true; redirect: string } {
  return d.thankYou.kind === 'redirect'
    ? { ok: true, redirect: d.thankYou.url }
    : { ok: true, message: d.thankYou.message };
}
