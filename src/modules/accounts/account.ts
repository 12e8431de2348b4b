import { z } from 'zod';
import type { AccountRow } from '../../db/schema.js';
import { customFieldsSchema, optionalText, refSchema, type CustomFields } from '../../shared/fields.js';
import {
  compactArabicScript,
  foldedSearchTerms,
  normalizeText,
  searchText,
  toAsciiDigits,
  withCompactVariants,
} from '../../shared/text.js';

export const ACCOUNT_SORTS = ['name', 'createdAt', 'updatedAt'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

/** "https://www.Example.com/about" -> "example.com". Returns null when no hostname is left. */
export function normalizeDomain(input: string): string | null {
  const host = toAsciiDigits(input)
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  return host === '' ? null : host;
}

const DOMAIN_RE = /^(?=.{1,253}$)([\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,63}$/u;

const name = z.string().trim().min(1, 'Required.').max(200, 'At most 200 characters.');
const domain = z
  .string()
  .max(300)
  .transform((s, ctx) => {
    if (s.trim() === '') return null;
    const d = normalizeDomain(s);
    if (!d || !DOMAIN_RE.test(d)) {
      ctx.addIssue({ code: 'custom', message: 'Not a domain such as example.com.' });
      return z.NEVER;
    }
    return d;
  })
  .nullable()
  .optional();
const country = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}$/, 'Use a two-letter ISO country code such as IR or DE.'))
  .nullable()
  .optional();

const accountFields = {
  domain,
  industry: optionalText(100),
  employeeCount: z.number().int('Whole number.').min(0).max(10_000_000).nullable().optional(),
  country,
  city: optionalText(100),
  annualRevenue: z.number().min(0).max(1e15).nullable().optional(),
  ownerId: z.string().min(1).max(64).nullable().optional(),
  customFields: customFieldsSchema.optional(),
};

export const createAccountInput = z.strictObject({ name, ...accountFields });
export const updateAccountInput = z.strictObject({ name: name.optional(), ...accountFields });
export type CreateAccountInput = z.infer<typeof createAccountInput>;
export type UpdateAccountInput = z.infer<typeof updateAccountInput>;

export const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  employeeCount: z.number().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  annualRevenue: z.number().nullable(),
  ownerId: z.string().nullable(),
  owner: refSchema,
  customFields: z.record(z.string(), z.unknown()),
  contactCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

export interface AccountFields {
  name: string;
  domain: string | null;
  industry: string | null;
  employeeCount: number | null;
  country: string | null;
  city: string | null;
  annualRevenue: number | null;
  ownerId: string | null;
  customFields: CustomFields;
}

export function mergeAccount(current: AccountFields, patch: UpdateAccountInput): AccountFields {
  const next = { ...current };
  for (const key of Object.keys(patch) as (keyof UpdateAccountInput)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    if (key === 'customFields') next.customFields = (value as CustomFields | null) ?? {};
    else (next as Record<string, unknown>)[key] = value;
  }
  return next;
}

export function emptyAccount(name: string, ownerId: string | null): AccountFields {
  return {
    name,
    domain: null,
    industry: null,
    employeeCount: null,
    country: null,
    city: null,
    annualRevenue: null,
    ownerId,
    customFields: {},
  };
}

export function rowToAccountFields(row: AccountRow, customFields: CustomFields): AccountFields {
  return {
    name: row.name,
    domain: row.domain,
    industry: row.industry,
    employeeCount: row.employee_count,
    country: row.country,
    city: row.city,
    annualRevenue: row.annual_revenue,
    ownerId: row.owner_id,
    customFields,
  };
}

export function accountDbFields(f: AccountFields) {
  return {
    name: f.name,
    domain: f.domain,
    industry: f.industry,
    employee_count: f.employeeCount,
    country: f.country,
    city: f.city,
    annual_revenue: f.annualRevenue,
    owner_id: f.ownerId,
    custom_fields: JSON.stringify(f.customFields),
    name_norm: normalizeText(f.name),
    match_key: accountMatchKey(f.name),
    search_text: accountSearchText(f),
  };
}

/**
 * The folded name, domain and city, then the compact spellings (compactArabicScript) of the name and city
 * when they have one, so "فن آوران", "فن‌آوران" and "فنآوران" find each other.
 */
export function accountSearchText(f: Pick<AccountFields, 'name' | 'domain' | 'city'>): string {
  return withCompactVariants(searchText([f.name, f.domain, f.city]), [
    normalizeText(f.name),
    f.city ? normalizeText(f.city) : null,
  ]);
}

/**
 * What tells companies apart when a lead or an import names one: the folded name with the spaces between
 * Arabic-script letters removed, so "فن آوران", "فن‌آوران" and "فنآوران" are one company (name_norm keeps its
 * spaces: it is the list's sort key).
 */
export function accountMatchKey(name: string): string {
  return compactArabicScript(normalizeText(name));
}

/** Search terms for a typed query (none for a blank one): the folded text and its compact spelling. */
export function accountSearchTerms(q: string): string[] {
  return foldedSearchTerms(q).filter((t) => t.length > 0);
}
