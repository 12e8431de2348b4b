import type { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import type { CustomFields } from '../../shared/fields.js';
import { compactArabicScript, normalizeEmail, normalizeText, toAsciiDigits } from '../../shared/text.js';
// Pure leaf modules of accounts and contacts, imported directly (not through their index.ts): rows are
// validated on the CSV reader's worker thread, which should load the rules, not the services and routes.
import { createAccountInput } from '../accounts/account.js';
import { canonicalizeContact, createContactInput, SENIORITIES, type ContactFields } from '../contacts/contact.js';
import { splitFullName } from './full-name.js';
import { CUSTOM_PREFIX, type Mapping, type Target } from './mapping.js';

/** The contact fields a row can set (account and owner are resolved by name and email). */
export type RowField =
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'phone'
  | 'jobTitle'
  | 'seniority'
  | 'source'
  | 'campaign'
  | 'ownerId'
  | 'customFields';

/** The account a row names: found by its match key (accountMatchKey), created with these fields when missing. */
export interface RowAccount {
  name: string;
  matchKey: string;
  domain: string | null;
  industry: string | null;
  employeeCount: number | null;
  country: string | null;
}

/** A row that passed validation, in canonical form (email lower-cased, phone E.164). */
export interface RowCandidate {
  kind: 'candidate';
  row: number;
  /** The contact this row would create: the row's values, the file's defaults where the row has none. */
  fields: ContactFields;
  /** Fields the row itself gave a value for: what an update overwrites. */
  provided: ReadonlySet<RowField>;
  account: RowAccount | null;
}

export interface RowRejection {
  kind: 'rejection';
  row: number;
  /** The mapping target (or `row`) at fault, as the report and the API name it. */
  field: string;
  reason: string;
}

/** Defaults for the whole file: used when a row has no value of its own. */
export interface RowDefaults {
  source: string | null;
  campaign: string | null;
  ownerId: string | null;
}

export interface RowContext {
  mapping: Mapping;
  defaults: RowDefaults;
  phoneRegion: string;
  /** The active user with this (normalised) email whom the actor may make an owner, or null. */
  ownerByEmail: (email: string) => string | null;
  /** normalizeText, or a remembering equivalent for a whole file (fold.ts). */
  fold?: (text: string) => string;
}

/** Seniority as people write it (any case, spaces or hyphens, a few synonyms, Persian) -> our values. */
const SENIORITY_SYNONYMS: Record<string, (typeof SENIORITIES)[number]> = {
  junior: 'entry',
  entry_level: 'entry',
  intern: 'entry',
  staff: 'entry',
  mid: 'senior',
  mid_level: 'senior',
  lead: 'senior',
  head: 'director',
  vice_president: 'vp',
  svp: 'vp',
  evp: 'vp',
  c_suite: 'c_level',
  clevel: 'c_level',
  cxo: 'c_level',
  executive: 'c_level',
  founder: 'owner',
  partner: 'owner',
  کارشناس: 'entry',
  کارشناس_ارشد: 'senior',
  سرپرست: 'manager',
  مدیر: 'manager',
  مدیر_ارشد: 'director',
  معاون: 'vp',
  مدیرعامل: 'c_level',
  مالک: 'owner',
  بنیانگذار: 'owner',
  سایر: 'other',
};

export function parseSeniority(value: string, fold: (text: string) => string = normalizeText): string | null {
  const key = fold(value).replace(/[\s-]+/g, '_');
  if ((SENIORITIES as readonly string[]).includes(key)) return key;
  return SENIORITY_SYNONYMS[key] ?? null;
}

/** "1,200", "۱۲۰۰" and "1 200" -> 1200; anything else that is not a whole number -> null. */
export function parseWholeNumber(value: string): number | null {
  const digits = toAsciiDigits(value).replace(/[\s,_'\u066C\u066B.](?=\d{3}(\D|$))/g, '');
  if (!/^\d{1,12}$/.test(digits)) return null;
  return Number(digits);
}

/**
 * What a cell holds where the file's bytes were not UTF-8 (a spreadsheet saved as Windows-1256 or Latin-1):
 * stored, it would be a name nobody can read again.
 */
export const NOT_UTF8 = '\uFFFD';

function reject(row: number, field: string, reason: string): RowRejection {
  return { kind: 'rejection', row, field, reason };
}

/** The target a zod issue path names: customFields.x -> custom:x, account fields keep their prefix. */
function issueField(path: readonly PropertyKey[], prefix = ''): string {
  if (path[0] === 'customFields' && path.length > 1) return `${CUSTOM_PREFIX}${String(path[1])}`;
  return `${prefix}${path.length > 0 ? String(path[0]) : 'row'}`;
}

function firstIssue(
  error: z.ZodError,
  input: Record<string, unknown>,
  prefix = '',
): { field: string; message: string } {
  const issue = error.issues[0]!;
  // A required field with an empty cell: say so, rather than zod's "expected string, received undefined".
  const missing = issue.path.length === 1 && input[String(issue.path[0])] === undefined;
  return { field: issueField(issue.path, prefix), message: missing ? 'Required.' : issue.message };
}

/**
 * One CSV record -> a canonical contact candidate, or a rejection naming the field. The same rules as the
 * contacts API (createContactInput, canonicalizeContact) decide what is valid; empty cells are "no value".
 */
export function validateRow(cells: readonly string[], row: number, ctx: RowContext): RowCandidate | RowRejection {
  const { mapping } = ctx;
  for (let i = mapping.length; i < cells.length; i++) {
    if (cells[i]!.trim() !== '') {
      return reject(row, 'row', `Has ${cells.length} cells but the header has ${mapping.length} columns.`);
    }
  }
  const input: Record<string, unknown> = {};
  const custom: CustomFields = {};
  const accountInput: Record<string, unknown> = {};
  const provided = new Set<RowField>();
  let ownerEmail: string | null = null;
  let hasCustom = false;
  // The name comes from a full-name column (never beside first- and last-name ones: validateMapping).
  const fullName = mapping.includes('fullName');

  for (let column = 0; column < mapping.length; column++) {
    const target: Target | null = mapping[column]!;
    if (target === null) continue;
    const raw = cells[column];
    if (raw === undefined) continue;
    const value = raw.trim();
    if (value === '') continue;
    if (value.includes(NOT_UTF8)) {
      return reject(row, target, 'Not UTF-8 text. Save the file as "CSV UTF-8" and import it again.');
    }
    switch (target) {
      case 'firstName':
      case 'lastName':
      case 'jobTitle':
      case 'source':
      case 'campaign':
        input[target] = value;
        provided.add(target);
        break;
      case 'fullName': {
        const name = splitFullName(value);
        if (name.firstName === '') break;
        input.firstName = name.firstName;
        provided.add('firstName');
        // One word names no last name: an update keeps the contact's, as it does for an empty cell.
        if (name.lastName !== '') {
          input.lastName = name.lastName;
          provided.add('lastName');
        }
        break;
      }
      case 'email':
        // Folded before validation, so "ALI۱@Example.com" is the valid address it means.
        input.email = normalizeEmail(value);
        provided.add('email');
        break;
      case 'phone':
        input.phone = value;
        provided.add('phone');
        break;
      case 'seniority': {
        const seniority = parseSeniority(value, ctx.fold);
        if (seniority === null) {
          return reject(row, 'seniority', `"${value}" is not a seniority; use one of ${SENIORITIES.join(', ')}.`);
        }
        input.seniority = seniority;
        provided.add('seniority');
        break;
      }
      case 'ownerEmail':
        ownerEmail = normalizeEmail(value);
        break;
      case 'account.name':
        accountInput.name = value;
        break;
      case 'account.domain':
        accountInput.domain = value;
        break;
      case 'account.industry':
        accountInput.industry = value;
        break;
      case 'account.country':
        accountInput.country = value;
        break;
      case 'account.employeeCount': {
        const n = parseWholeNumber(value);
        if (n === null) return reject(row, 'account.employeeCount', `"${value}" is not a whole number.`);
        accountInput.employeeCount = n;
        break;
      }
      default:
        custom[target.slice(CUSTOM_PREFIX.length)] = value;
        hasCustom = true;
    }
  }
  if (hasCustom) {
    input.customFields = custom;
    provided.add('customFields');
  }

  const parsed = createContactInput.safeParse(input);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error, input);
    // The report names the column the row has: the full name, with the part at fault.
    if (fullName && (field === 'firstName' || field === 'lastName')) {
      const part =
        field === 'firstName' ? 'First name (read from the full name)' : 'Last name (read from the full name)';
      return reject(row, 'fullName', message === 'Required.' ? 'Required.' : `${part}: ${message}`);
    }
    return reject(row, field, message);
  }

  let ownerId = ctx.defaults.ownerId;
  if (ownerEmail !== null) {
    const found = ctx.ownerByEmail(ownerEmail);
    if (found === null) return reject(row, 'ownerEmail', `No active user ${ownerEmail} who may own contacts.`);
    ownerId = found;
    provided.add('ownerId');
  }

  let account: RowAccount | null = null;
  if (accountInput.name !== undefined) {
    const parsedAccount = createAccountInput.safeParse(accountInput);
    if (!parsedAccount.success) {
      const { field, message } = firstIssue(parsedAccount.error, accountInput, 'account.');
      return reject(row, field, message);
    }
    const a = parsedAccount.data;
    account = {
      name: a.name,
      matchKey: compactArabicScript((ctx.fold ?? normalizeText)(a.name)),
      domain: a.domain ?? null,
      industry: a.industry ?? null,
      employeeCount: a.employeeCount ?? null,
      country: a.country ?? null,
    };
  }

  const c = parsed.data;
  let fields: ContactFields;
  try {
    fields = canonicalizeContact(
      {
        firstName: c.firstName,
        lastName: c.lastName ?? '',
        email: c.email ?? null,
        phone: c.phone ?? null,
        jobTitle: c.jobTitle ?? null,
        seniority: c.seniority ?? null,
        accountId: null,
        ownerId,
        source: c.source ?? ctx.defaults.source,
        campaign: c.campaign ?? ctx.defaults.campaign,
        customFields: c.customFields ?? {},
      },
      ctx.phoneRegion,
    );
  } catch (err) {
    if (err instanceof AppError && err.details.errors?.[0]) {
      const e = err.details.errors[0];
      return reject(row, e.field, e.message);
    }
    throw err;
  }
  return { kind: 'candidate', row, fields, provided, account };
}

/**
 * What an update makes of an existing contact: the fields the row gave overwrite, the file's defaults
 * (source, campaign, owner) only fill blanks, custom fields merge key by key, and a named account relinks.
 */
export function updatedFields(
  existing: ContactFields,
  candidate: RowCandidate,
  accountId: string | null,
  defaults: RowDefaults,
): ContactFields {
  const next: ContactFields = { ...existing, customFields: { ...existing.customFields } };
  const f = candidate.fields;
  for (const key of candidate.provided) {
    if (key === 'customFields') Object.assign(next.customFields, f.customFields);
    else (next as unknown as Record<string, unknown>)[key] = f[key];
  }
  if (next.source === null && defaults.source !== null) next.source = defaults.source;
  if (next.campaign === null && defaults.campaign !== null) next.campaign = defaults.campaign;
  if (next.ownerId === null && defaults.ownerId !== null) next.ownerId = defaults.ownerId;
  if (accountId !== null) next.accountId = accountId;
  return next;
}
