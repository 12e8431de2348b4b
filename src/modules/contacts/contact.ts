import { z } from 'zod';
import type { ContactRow } from '../../db/schema.js';
import { invalid } from '../../shared/errors.js';
import { customFieldsSchema, optionalText, refSchema, type CustomFields } from '../../shared/fields.js';
import { phoneDigits, toE164 } from '../../shared/phone.js';
import {
  compactArabicScript,
  foldedSearchTerms,
  normalizeEmail,
  normalizeText,
  searchText,
  withCompactVariants,
} from '../../shared/text.js';

export const SENIORITIES = ['entry', 'senior', 'manager', 'director', 'vp', 'c_level', 'owner', 'other'] as const;
/** What the contacts list sorts by; the scores sort the hottest or best-fitting leads first (descending). */
export const CONTACT_SORTS = [
  'createdAt',
  'updatedAt',
  'lastName',
  'firstName',
  'fitScore',
  'engagementScore',
] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

const firstName = z.string().trim().min(1, 'Required.').max(100, 'At most 100 characters.');
/**
 * What Tandem accepts as a contact's email address, wherever it comes from (the API, public forms): a plain
 * address with nothing a `mailto:` link would read as more (no `?`, `&`, `%`, spaces or quotes).
 */
export const contactEmail = z.email({ message: 'Not a valid email address.' }).max(254);
const email = contactEmail.nullable().optional();
const id = z.string().min(1).max(64);

const contactFields = {
  lastName: z.string().trim().max(100, 'At most 100 characters.').optional(),
  email,
  phone: z.string().max(40, 'At most 40 characters.').nullable().optional(),
  jobTitle: optionalText(200),
  seniority: z.enum(SENIORITIES).nullable().optional(),
  accountId: id.nullable().optional(),
  ownerId: id.nullable().optional(),
  source: optionalText(100),
  campaign: optionalText(200),
  customFields: customFieldsSchema.optional(),
};

export const createContactInput = z.strictObject({ firstName, ...contactFields });
export const updateContactInput = z.strictObject({ firstName: firstName.optional(), ...contactFields });
export type CreateContactInput = z.infer<typeof createContactInput>;
export type UpdateContactInput = z.infer<typeof updateContactInput>;

export const contactSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  jobTitle: z.string().nullable(),
  seniority: z.string().nullable(),
  accountId: z.string().nullable(),
  account: refSchema,
  ownerId: z.string().nullable(),
  owner: refSchema,
  source: z.string().nullable(),
  campaign: z.string().nullable(),
  customFields: z.record(z.string(), z.unknown()),
  temperature: z.enum(['cold', 'warm', 'qualified']),
  fitScore: z.number(),
  fitGrade: z.enum(['A', 'B', 'C', 'D']),
  engagementScore: z.number(),
  /** Probability to convert (0-1) from the trained model; null until a model has been trained. */
  predictiveScore: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof contactSchema>;

/** The editable state of a contact, as audited and as rules see it. */
export interface ContactFields {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  jobTitle: string | null;
  seniority: string | null;
  accountId: string | null;
  ownerId: string | null;
  source: string | null;
  campaign: string | null;
  customFields: CustomFields;
}

/** Applies a patch (undefined = keep, null = clear) to the current fields. */
export function mergeContact(current: ContactFields, patch: UpdateContactInput): ContactFields {
  const next = { ...current };
  for (const key of Object.keys(patch) as (keyof UpdateContactInput)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    if (key === 'lastName') next.lastName = value === null ? '' : (value as string);
    else if (key === 'customFields') next.customFields = (value as CustomFields | null) ?? {};
    else (next as Record<string, unknown>)[key] = value;
  }
  return next;
}

export function fieldsFromInput(input: CreateContactInput, ownerId: string | null): ContactFields {
  return mergeContact(
    {
      firstName: input.firstName,
      lastName: '',
      email: null,
      phone: null,
      jobTitle: null,
      seniority: null,
      accountId: null,
      ownerId,
      source: null,
      campaign: null,
      customFields: {},
    },
    input,
  );
}

/**
 * Canonical forms: email lower-cased, phone in E.164 (Persian/Arabic digits and local formats accepted).
 * Throws a validation error naming `phone` when it is not a number.
 */
export function canonicalizeContact(fields: ContactFields, phoneRegion: string): ContactFields {
  let phone: string | null = null;
  if (fields.phone !== null && fields.phone.trim() !== '') {
    phone = toE164(fields.phone, phoneRegion);
    if (!phone)
      throw invalid('phone', `Not a valid phone number (region ${phoneRegion} assumed when no +country code).`);
  }
  return {
    ...fields,
    firstName: fields.firstName.trim(),
    lastName: fields.lastName.trim(),
    email: fields.email ? normalizeEmail(fields.email) : null,
    phone,
  };
}

/**
 * The name possible duplicates are matched by (with the company; stored as `name_norm`): the full name folded,
 * with the spaces between Arabic-script letters closed (compactArabicScript). Persian writers put a space, a
 * zero-width non-joiner or nothing inside compound names (حسین زاده, حسین‌زاده, حسینزاده; محمد رضا, محمدرضا),
 * and where one part ends and the next begins varies too, so every such spelling of a name is one key. Latin
 * names keep their spaces ("ali rezaei"). Nothing sorts or displays by it.
 */
/**
 * Whether a contact found by phone is the person whose email (or none) is `email`: a phone names one person
 * only when one of the two has no email. Colleagues share an office's number, a family a home's: two
 * different addresses on the same number are two people, and capture must not fill one's record (or hand
 * over one's browsing history) with the other's.
 */
export function phoneMatchIsSamePerson(email: string | null, found: { email: string | null }): boolean {
  return !email || !found.email || found.email === email;
}

export function contactNameNorm(f: Pick<ContactFields, 'firstName' | 'lastName'>): string {
  return compactArabicScript(normalizeText(`${f.firstName} ${f.lastName}`));
}

/**
 * The folded name, email, phone digits and job title, then the compact spellings (compactArabicScript) of
 * the first name, last name and job title that have one, each on its own (not across the name's parts).
 * The CSV import computes the same on its fast path (imports/fold.ts foldedSearchText).
 */
export function contactSearchText(f: ContactFields): string {
  const text = searchText([`${f.firstName} ${f.lastName}`, f.email, f.phone ? phoneDigits(f.phone) : null, f.jobTitle]);
  return withCompactVariants(text, [
    normalizeText(f.firstName),
    normalizeText(f.lastName),
    f.jobTitle ? normalizeText(f.jobTitle) : null,
  ]);
}

export function rowToFields(row: ContactRow, customFields: CustomFields): ContactFields {
  return {
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    phone: row.phone,
    jobTitle: row.job_title,
    seniority: row.seniority,
    accountId: row.account_id,
    ownerId: row.owner_id,
    source: row.source,
    campaign: row.campaign,
    customFields,
  };
}

/**
 * Search terms for a query: the folded text (and its compact spelling when that differs), plus the digits of
 * a phone typed in any local form.
 */
export function searchTerms(q: string, phoneRegion: string): string[] {
  const terms = foldedSearchTerms(q);
  const digits = phoneDigits(q);
  if (digits.length >= 4 && digits.length >= q.replace(/\s/g, '').length - 3) {
    const e164 = toE164(q, phoneRegion);
    terms.push(e164 ? phoneDigits(e164) : digits.replace(/^0+/, ''));
  }
  return [...new Set(terms.filter((t) => t.length > 0))];
}
