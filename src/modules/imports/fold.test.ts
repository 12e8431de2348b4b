import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../shared/text.js';
import { contactNameNorm, contactSearchText, type ContactFields } from '../contacts/contact.js';
import { createFolder, foldedName, foldedNameNorm, foldedSearchText } from './fold.js';

/** Characters the folding treats specially: Persian and Arabic letters, digits, marks, joiners, spaces. */
const TRICKY = [
  ...'aZ09 .@+-_',
  ...'علیرضایی',
  ...'يىكةۀأإآٱؤ',
  ...'۰۹٠٩',
  '\u064E',
  '\u0301',
  '\u200C',
  '\u200B',
  '\u200F',
  '\u0640',
  '\u00AD',
  '\u00A0',
  '\t',
  '\n',
  '\uFEFF',
  ...'ΣσςΑ',
  'ﻻ',
  'ﬁ',
  'Å',
  'ß',
  'İ',
  '\u1100',
  '\u1161',
];
const text = fc.oneof(
  fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ maxLength: 12 }),
);

const fields = (firstName: string, lastName: string, more: Partial<ContactFields> = {}): ContactFields => ({
  firstName,
  lastName,
  email: null,
  phone: null,
  jobTitle: null,
  seniority: null,
  accountId: null,
  ownerId: null,
  source: null,
  campaign: null,
  customFields: {},
  ...more,
});

describe('folding a file of cells', () => {
  it('folds exactly as normalizeText, remembered or not', () => {
    const fold = createFolder();
    fc.assert(
      fc.property(text, (s) => {
        expect(fold(s)).toBe(normalizeText(s));
        expect(fold(s)).toBe(normalizeText(s));
      }),
      { numRuns: 2000 },
    );
    expect(fold('  Ali  REZAEI ')).toBe('ali rezaei');
    expect(fold('علي ۱۲')).toBe('علی 12');
  });

  it('names and search text are the contacts module own', () => {
    const fold = createFolder();
    fc.assert(
      fc.property(text, text, fc.option(text), fc.option(text), fc.option(text), (first, last, email, phone, job) => {
        const f = fields(first, last, { email, phone, jobTitle: job });
        const name = foldedName(fold, first, last);
        expect(name).toBe(normalizeText(`${first} ${last}`));
        expect(foldedNameNorm(name)).toBe(contactNameNorm(f));
        expect(foldedSearchText(fold, name, f)).toBe(contactSearchText(f));
      }),
      { numRuns: 2000 },
    );
    const persian = fields('علي', 'رضائي', { email: 'ali@example.com', phone: '+989121234567', jobTitle: 'مدير' });
    const name = foldedName(fold, persian.firstName, persian.lastName);
    expect(name).toBe('علی رضایی');
    expect(foldedNameNorm(name)).toBe('علیرضایی');
    expect(foldedSearchText(fold, name, persian)).toBe(contactSearchText(persian));
  });

  it('carries the compact spellings of Persian compound names as the contacts module does', () => {
    const fold = createFolder();
    const cases: [ContactFields, string][] = [
      [fields('علی', 'حسین زاده', { jobTitle: 'مدیر فروش' }), 'علی حسین زاده | مدیر فروش | حسینزاده | مدیرفروش'],
      [fields('علی', 'حسین\u200Cزاده'), 'علی حسینزاده'],
      [fields('علی', 'حسینزاده'), 'علی حسینزاده'],
      [fields('محمد علی', 'Rezaei Far', { email: 'a@b.ir' }), 'محمد علی rezaei far | a@b.ir | محمدعلی'],
      [fields('Ali', 'Hosein Zadeh', { jobTitle: 'Sales Lead' }), 'ali hosein zadeh | sales lead'],
      [fields('Ali', 'رضایی', { jobTitle: 'CTO فن آوران' }), 'ali رضایی | cto فن اوران | cto فناوران'],
    ];
    for (const [f, expected] of cases) {
      const name = foldedName(fold, f.firstName, f.lastName);
      expect(contactSearchText(f)).toBe(expected);
      // Twice: the second time the folder remembers the parts.
      expect(foldedSearchText(fold, name, f)).toBe(expected);
      expect(foldedSearchText(fold, name, f)).toBe(expected);
    }
  });
});
