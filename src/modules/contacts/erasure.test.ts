import { describe, expect, it } from 'vitest';
import { answersHoldEmail, confirmationOf, confirms, eraseInput, searchNamesPerson } from './erasure.js';

const withEmail = { id: 'c1', email: 'sara.ahmadi@example.com', phone: '+989121234567' };
const phoneOnly = { id: 'c2', email: null, phone: '+989121234567' };
const nameOnly = { id: 'c3', email: null, phone: null };

describe('the confirmation of an erasure', () => {
  it('asks for the email, else the phone, else the id', () => {
    expect(confirmationOf(withEmail)).toEqual({ field: 'email', value: 'sara.ahmadi@example.com' });
    expect(confirmationOf(phoneOnly)).toEqual({ field: 'phone', value: '+989121234567' });
    expect(confirmationOf(nameOnly)).toEqual({ field: 'id', value: 'c3' });
  });

  it('accepts the email as typed in any case, with spaces around', () => {
    expect(confirms(withEmail, '  Sara.Ahmadi@Example.com ', 'IR')).toBe(true);
    expect(confirms(withEmail, 'sara@example.com', 'IR')).toBe(false);
    // The phone does not stand in for an email the contact has.
    expect(confirms(withEmail, '+989121234567', 'IR')).toBe(false);
  });

  it('accepts the phone in any format that names the same number', () => {
    expect(confirms(phoneOnly, '0912 123 4567', 'IR')).toBe(true);
    expect(confirms(phoneOnly, '+989121234567', 'IR')).toBe(true);
    expect(confirms(phoneOnly, '0912 123 4568', 'IR')).toBe(false);
  });

  it('accepts the exact id when there is nothing else', () => {
    expect(confirms(nameOnly, 'c3', 'IR')).toBe(true);
    expect(confirms(nameOnly, 'c4', 'IR')).toBe(false);
  });

  it('is a required field, and nothing else is accepted', () => {
    expect(eraseInput.safeParse({}).success).toBe(false);
    expect(eraseInput.safeParse({ confirm: '' }).success).toBe(false);
    expect(eraseInput.safeParse({ confirm: 'x', force: true }).success).toBe(false);
    expect(eraseInput.safeParse({ confirm: 'x' }).success).toBe(true);
  });
});

describe('finding a submission by its email', () => {
  it('compares every answer normalised', () => {
    expect(answersHoldEmail({ work_email: ' Sara@Example.com', consent: true }, 'sara@example.com')).toBe(true);
    expect(answersHoldEmail({ note: 'write to sara@example.com' }, 'sara@example.com')).toBe(false);
    expect(answersHoldEmail({ size: 12 }, 'sara@example.com')).toBe(false);
  });
});

describe('searchNamesPerson', () => {
  const person = {
    emails: ['sara.karimi@example.com', 'old.sara@example.com'],
    phone: '+989121234567',
    firstName: 'Sara',
    lastName: 'Karimi',
  };

  it('finds an email address of the person, in any case, inside a longer search', () => {
    expect(searchNamesPerson('Sara.Karimi@Example.com', person)).toBe(true);
    expect(searchNamesPerson('from old.sara@example.com', person)).toBe(true);
    expect(searchNamesPerson('sara.karimi@example.org', person)).toBe(false);
  });

  it('finds seven or more digits of their phone, typed in any format or script', () => {
    expect(searchNamesPerson('0912 123 4567', person)).toBe(true);
    expect(searchNamesPerson('۰۹۱۲۱۲۳۴۵۶۷', person)).toBe(true);
    expect(searchNamesPerson('+98 912 123', person)).toBe(true);
    expect(searchNamesPerson('4567', person)).toBe(false);
    expect(searchNamesPerson('2026 acme', person)).toBe(false);
  });

  it('finds the full name in either order, but not a first or last name alone', () => {
    expect(searchNamesPerson('sara karimi', person)).toBe(true);
    expect(searchNamesPerson('Karimi  Sara', person)).toBe(true);
    expect(searchNamesPerson('Sara', person)).toBe(false);
    expect(searchNamesPerson('Karimi', person)).toBe(false);
    expect(searchNamesPerson('سارا کریمی', { ...person, firstName: 'سارا', lastName: 'كريمي' })).toBe(true);
    expect(searchNamesPerson('sara', { ...person, lastName: null })).toBe(false);
    expect(searchNamesPerson('   ', person)).toBe(false);
  });

  it('finds a Persian compound name in any of its spellings, as the list search does', () => {
    const ali = { ...person, firstName: 'علی', lastName: 'حسین\u200Cزاده' };
    expect(searchNamesPerson('علی حسین زاده', ali)).toBe(true);
    expect(searchNamesPerson('علی حسینزاده', ali)).toBe(true);
    expect(searchNamesPerson('حسین زاده علی', ali)).toBe(true);
    expect(searchNamesPerson('علی حسین\u200Cزاده', { ...ali, lastName: 'حسین زاده' })).toBe(true);
    expect(searchNamesPerson('حسین زاده', ali)).toBe(false);
    expect(searchNamesPerson('علی', ali)).toBe(false);
  });
});
