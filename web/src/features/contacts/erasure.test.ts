import { describe, expect, it } from 'vitest';
import { erasureConfirmation } from './erasure.js';

describe('erasureConfirmation', () => {
  it('asks for the email, in any case, with spaces around', () => {
    const c = erasureConfirmation({ id: 'c1', email: 'sara@example.com', phone: '+989121234567' });
    expect(c).toMatchObject({ field: 'email', value: 'sara@example.com' });
    expect(c.matches(' Sara@Example.com ')).toBe(true);
    expect(c.matches('sara@example.co')).toBe(false);
    expect(c.matches('+989121234567')).toBe(false);
  });

  it('asks for the phone when there is no email, as stored or in the local format, in Persian digits too', () => {
    const c = erasureConfirmation({ id: 'c1', email: null, phone: '+989121234567' });
    expect(c).toMatchObject({ field: 'phone', value: '+989121234567' });
    expect(c.matches('+989121234567')).toBe(true);
    expect(c.matches('0912 123 4567')).toBe(true);
    expect(c.matches('۰۹۱۲۱۲۳۴۵۶۷')).toBe(true);
    expect(c.matches('00989121234567')).toBe(true);
    expect(c.matches('4567')).toBe(false);
    // Only the last digits: the API would refuse it, so the button stays off.
    expect(c.matches('1234567')).toBe(false);
    expect(c.matches('21234567')).toBe(false);
    expect(c.matches('0912 123 4568')).toBe(false);
  });

  it('asks for the id when there is neither', () => {
    const c = erasureConfirmation({ id: 'c1', email: null, phone: null });
    expect(c).toMatchObject({ field: 'id', value: 'c1' });
    expect(c.matches('c1')).toBe(true);
    expect(c.matches('c2')).toBe(false);
  });
});
