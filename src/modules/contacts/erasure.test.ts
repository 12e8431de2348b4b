import { describe, expect, it } from 'vitest';
import { answersHoldEmail, confirmationOf, confirms, eraseInput } from './erasure.js';

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
