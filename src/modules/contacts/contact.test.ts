import { describe, expect, it } from 'vitest';
import { type AppError } from '../../shared/errors.js';
import {
  canonicalizeContact,
  contactNameNorm,
  phoneMatchIsSamePerson,
  contactSearchText,
  fieldsFromInput,
  mergeContact,
  searchTerms,
} from './contact.js';

describe('contact rules', () => {
  const base = fieldsFromInput(
    { firstName: ' Ali ', lastName: 'Karimi', email: 'ALI@X.IR', phone: '۰۹۱۲۱۲۳۴۵۶۷' },
    'u1',
  );

  it('canonicalises email and phone', () => {
    expect(canonicalizeContact(base, 'IR')).toMatchObject({
      firstName: 'Ali',
      email: 'ali@x.ir',
      phone: '+989121234567',
      ownerId: 'u1',
    });
  });

  it('rejects a phone that is not a number, naming the field', () => {
    try {
      canonicalizeContact({ ...base, phone: '123' }, 'IR');
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).details.errors?.[0]?.field).toBe('phone');
    }
  });

  it('treats an empty phone as no phone', () => {
    expect(canonicalizeContact({ ...base, phone: '  ' }, 'IR').phone).toBeNull();
  });

  it('merges a patch: undefined keeps, null clears, lastName clears to empty', () => {
    const merged = mergeContact(base, { jobTitle: 'CEO', email: null, lastName: null as unknown as undefined });
    expect(merged).toMatchObject({ jobTitle: 'CEO', email: null, lastName: '', firstName: ' Ali ' });
  });

  it('indexes names, email and phone digits for search', () => {
    const text = contactSearchText(canonicalizeContact(base, 'IR'));
    expect(text).toContain('ali karimi');
    expect(text).toContain('ali@x.ir');
    expect(text).toContain('989121234567');
  });

  it('adds the compact spelling of each Persian name part and job title, and nothing for Latin text', () => {
    expect(contactSearchText(canonicalizeContact(base, 'IR'))).toBe('ali karimi | ali@x.ir | 989121234567');
    const persian = fieldsFromInput({ firstName: 'محمد علی', lastName: 'حسین زاده', jobTitle: 'مدیر فروش' }, null);
    // Each part on its own: no "علیحسین" across the first and last name.
    expect(contactSearchText(persian)).toBe('محمد علی حسین زاده | مدیر فروش | محمدعلی | حسینزاده | مدیرفروش');
    expect(contactSearchText(fieldsFromInput({ firstName: 'علی', lastName: 'حسین\u200Cزاده' }, null))).toBe(
      'علی حسینزاده',
    );
  });

  it('adds phone digits to the search terms when the query looks like a phone', () => {
    expect(searchTerms('0912 123 4567', 'IR')).toEqual(['0912 123 4567', '989121234567']);
    expect(searchTerms('كريمي', 'IR')).toEqual(['کریمی']);
    expect(searchTerms('Ali 2', 'IR')).toEqual(['ali 2']);
    // A Persian compound typed with a space is also looked up joined (the stored text carries both).
    expect(searchTerms('حسين زاده', 'IR')).toEqual(['حسین زاده', 'حسینزاده']);
    expect(searchTerms('حسین\u200Cزاده', 'IR')).toEqual(['حسینزاده', 'حسین زاده']);
  });

  it('gives every spacing of a Persian name one duplicate key, and Latin names their spaces', () => {
    const key = (firstName: string, lastName: string) => contactNameNorm({ firstName, lastName });
    const hoseinzadeh = key('علی', 'حسین زاده');
    expect(hoseinzadeh).toBe('علیحسینزاده');
    for (const [first, last] of [
      ['علي', 'حسین\u200Cزاده'],
      ['علی', 'حسینزاده'],
      [' علی  حسین ', 'زاده'],
      ['علی\u200Cحسین', 'زاده'],
    ] as const) {
      expect(key(first, last), `${first}|${last}`).toBe(hoseinzadeh);
    }
    expect(key('محمد رضا', 'کریمی')).toBe(key('محمدرضا', 'کریمی'));
    expect(key('علی', 'حسینی')).not.toBe(hoseinzadeh);
    expect(key('Ali', 'Hosein Zadeh')).toBe('ali hosein zadeh');
    expect(key('Ali', 'Hoseinzadeh')).not.toBe(key('Ali', 'Hosein Zadeh'));
    // A space next to a Latin letter or a digit stays.
    expect(key('Ali', 'رضایی 2')).toBe('ali رضایی 2');
  });
});

describe('phoneMatchIsSamePerson', () => {
  it('takes a phone for the person only when one side has no email, or both have the same', () => {
    expect(phoneMatchIsSamePerson(null, { email: 'a@x.example' })).toBe(true);
    expect(phoneMatchIsSamePerson('a@x.example', { email: null })).toBe(true);
    expect(phoneMatchIsSamePerson(null, { email: null })).toBe(true);
    expect(phoneMatchIsSamePerson('a@x.example', { email: 'a@x.example' })).toBe(true);
    expect(phoneMatchIsSamePerson('b@x.example', { email: 'a@x.example' })).toBe(false);
  });
});
