import { describe, expect, it } from 'vitest';
import type { Mapping } from './mapping.js';
import {
  parseSeniority,
  parseWholeNumber,
  updatedFields,
  validateRow,
  type RowCandidate,
  type RowContext,
  type RowRejection,
} from './rows.js';

const mapping: Mapping = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'seniority',
  'ownerEmail',
  'account.name',
  'account.domain',
  'account.employeeCount',
  'custom:notes',
];

const context: RowContext = {
  mapping,
  defaults: { source: 'fair-2026', campaign: null, ownerId: null },
  phoneRegion: 'IR',
  ownerByEmail: (email) => (email === 'rep@example.com' ? 'user-rep' : null),
};

function row(cells: Partial<Record<number, string>>): string[] {
  return Array.from({ length: mapping.length }, (_, i) => cells[i] ?? '');
}

function candidate(cells: string[]): RowCandidate {
  const result = validateRow(cells, 2, context);
  if (result.kind !== 'candidate') throw new Error(`rejected: ${result.field}: ${result.reason}`);
  return result;
}

function rejection(cells: string[]): RowRejection {
  const result = validateRow(cells, 7, context);
  if (result.kind !== 'rejection') throw new Error('expected a rejection');
  return result;
}

describe('row validation', () => {
  it('canonicalises Persian names, Persian and Arabic-Indic digit phones and emails', () => {
    const persian = candidate(row({ 0: ' علی ', 1: 'رضایی', 2: 'Ali.Rezaei@Example.COM ', 3: '۰۹۱۲ ۱۲۳ ۴۵۶۷' }));
    expect(persian.fields).toMatchObject({
      firstName: 'علی',
      lastName: 'رضایی',
      email: 'ali.rezaei@example.com',
      phone: '+989121234567',
      source: 'fair-2026',
    });
    expect(candidate(row({ 0: 'سارا', 3: '٠٩١٢٧٦٥٤٣٢١' })).fields.phone).toBe('+989127654321');
    // Persian digits inside an email address are the digits they mean.
    expect(candidate(row({ 0: 'Ali', 2: 'ali۱۲@example.com' })).fields.email).toBe('ali12@example.com');
  });

  it('records which fields the row itself gave (an update overwrites only those)', () => {
    const c = candidate(row({ 0: 'Ali', 2: 'a@example.com', 9: 'met at the fair' }));
    expect([...c.provided].sort()).toEqual(['customFields', 'email', 'firstName']);
    expect(c.fields.customFields).toEqual({ notes: 'met at the fair' });
  });

  it('finds the account by its match key (folded, Persian compact) and checks its fields', () => {
    const c = candidate(row({ 0: 'Ali', 6: ' شركت نمونه ', 7: 'https://www.Example.com/about', 8: '۱٬۲۰۰' }));
    expect(c.account).toEqual({
      name: 'شركت نمونه',
      matchKey: 'شرکتنمونه',
      domain: 'example.com',
      industry: null,
      employeeCount: 1200,
      country: null,
    });
    expect(rejection(row({ 0: 'Ali', 6: 'Acme', 7: 'not a domain' }))).toMatchObject({ field: 'account.domain' });
    expect(rejection(row({ 0: 'Ali', 6: 'Acme', 8: 'many' }))).toMatchObject({ field: 'account.employeeCount' });
  });

  it('rejects bad rows with a reason naming the field', () => {
    expect(rejection(row({ 1: 'NoFirstName' }))).toEqual({
      kind: 'rejection',
      row: 7,
      field: 'firstName',
      reason: 'Required.',
    });
    expect(rejection(row({ 0: 'Ali', 2: 'not-an-email' }))).toMatchObject({
      field: 'email',
      reason: 'Not a valid email address.',
    });
    expect(rejection(row({ 0: 'Ali', 3: '123' }))).toMatchObject({ field: 'phone' });
    expect(rejection(row({ 0: 'Ali', 4: 'Galactic overlord' }))).toMatchObject({ field: 'seniority' });
    expect(rejection(row({ 0: 'x'.repeat(101) }))).toMatchObject({ field: 'firstName' });
    expect(rejection(row({ 0: 'Ali', 9: 'y'.repeat(2001) }))).toMatchObject({ field: 'custom:notes' });
  });

  it('resolves owners by email among the users the importer may assign', () => {
    expect(candidate(row({ 0: 'Ali', 5: 'REP@example.com' })).fields.ownerId).toBe('user-rep');
    expect(rejection(row({ 0: 'Ali', 5: 'stranger@example.com' }))).toMatchObject({ field: 'ownerEmail' });
  });

  it('refuses a cell that was not UTF-8 (a file saved as Windows-1256 or Latin-1) instead of storing U+FFFD', () => {
    // "علی" in Windows-1256, read as UTF-8: three replacement characters.
    expect(rejection(row({ 0: '\uFFFD\uFFFD\uFFFD', 1: 'x' }))).toMatchObject({
      field: 'firstName',
      reason: expect.stringContaining('UTF-8'),
    });
    expect(rejection(row({ 0: 'Ali', 9: 'caf\uFFFD' }))).toMatchObject({ field: 'custom:notes' });
  });

  it('treats missing trailing cells as empty but refuses extra non-empty ones', () => {
    expect(validateRow(['Ali'], 2, context).kind).toBe('candidate');
    expect(validateRow([...row({ 0: 'Ali' }), ''], 2, context).kind).toBe('candidate');
    expect(validateRow([...row({ 0: 'Ali' }), 'surprise'], 2, context)).toMatchObject({ field: 'row' });
  });
});

describe('seniority and numbers as people write them', () => {
  it('accepts our values, common synonyms and Persian titles', () => {
    expect(parseSeniority('C-Level')).toBe('c_level');
    expect(parseSeniority('Vice President')).toBe('vp');
    expect(parseSeniority('مدیر')).toBe('manager');
    expect(parseSeniority('مديرعامل')).toBe('c_level');
    expect(parseSeniority('wizard')).toBeNull();
  });

  it('reads whole numbers with separators and Persian digits', () => {
    expect(parseWholeNumber('1,200')).toBe(1200);
    expect(parseWholeNumber('۱۲۰۰')).toBe(1200);
    expect(parseWholeNumber('12 000')).toBe(12000);
    expect(parseWholeNumber('1.5')).toBeNull();
    expect(parseWholeNumber('-3')).toBeNull();
  });
});

describe('update merge', () => {
  const existing = {
    firstName: 'Ali',
    lastName: 'Rezaei',
    email: 'ali@example.com',
    phone: null,
    jobTitle: 'Engineer',
    seniority: null,
    accountId: 'acc-old',
    ownerId: null,
    source: null,
    campaign: 'spring',
    customFields: { tier: 'gold' },
  };

  it('overwrites the fields the row gave, fills blanks with defaults, merges custom fields', () => {
    const c = candidate(row({ 0: 'Ali', 2: 'ali@example.com', 3: '09121234567', 9: 'vip' }));
    const next = updatedFields(existing, c, 'acc-new', { source: 'fair', campaign: 'autumn', ownerId: 'user-rep' });
    expect(next).toEqual({
      ...existing,
      phone: '+989121234567',
      accountId: 'acc-new',
      ownerId: 'user-rep',
      source: 'fair',
      // A default never overwrites a value the contact already has.
      campaign: 'spring',
      customFields: { tier: 'gold', notes: 'vip' },
    });
  });

  it('keeps the account when the row names none', () => {
    const c = candidate(row({ 0: 'Ali', 2: 'ali@example.com' }));
    expect(updatedFields(existing, c, null, { source: null, campaign: null, ownerId: null }).accountId).toBe('acc-old');
  });
});

describe('a full-name column', () => {
  const full: RowContext = { ...context, mapping: ['fullName', 'email'] };
  const validate = (name: string) => validateRow([name, 'ali@example.com'], 3, full);

  it('splits into the first word and the rest, Persian or Latin, as the contacts store them', () => {
    expect(validate('  علی   حسین\u200Cزاده ')).toMatchObject({
      kind: 'candidate',
      fields: { firstName: 'علی', lastName: 'حسین\u200Cزاده' },
    });
    const latin = validate('Mary Ann Smith') as RowCandidate;
    expect(latin.fields).toMatchObject({ firstName: 'Mary', lastName: 'Ann Smith' });
    expect([...latin.provided].sort()).toEqual(['email', 'firstName', 'lastName']);
  });

  it('takes one word as the first name only: an update keeps the last name the contact has', () => {
    const one = validate('Cher') as RowCandidate;
    expect(one.fields).toMatchObject({ firstName: 'Cher', lastName: '' });
    expect(one.provided.has('lastName')).toBe(false);
    const existing = { ...one.fields, firstName: 'Old', lastName: 'Kept' };
    expect(updatedFields(existing, one, null, context.defaults)).toMatchObject({ firstName: 'Cher', lastName: 'Kept' });
  });

  it('rejects an empty or too long name naming the full-name column', () => {
    expect(validate(' \u200C ')).toMatchObject({ kind: 'rejection', field: 'fullName', reason: 'Required.' });
    expect(validate(`Ali ${'x'.repeat(101)}`)).toMatchObject({
      kind: 'rejection',
      field: 'fullName',
      reason: 'Last name (read from the full name): At most 100 characters.',
    });
  });
});
