import { describe, expect, it } from 'vitest';
import type { AppError } from '../../shared/errors.js';
import type { ContactFields } from './contact.js';
import { laterDecision, mergeFields, mergeInput } from './merge.js';

const winner: ContactFields = {
  firstName: 'Ali',
  lastName: '',
  email: 'ali@x.ir',
  phone: null,
  jobTitle: 'CTO',
  seniority: 'c_level',
  accountId: 'acc1',
  ownerId: 'u1',
  source: 'website',
  campaign: null,
  customFields: { plan: 'pro', size: null },
};

const loser: ContactFields = {
  firstName: 'Ali R.',
  lastName: 'Rezaei',
  email: 'ali.rezaei@y.ir',
  phone: '+989121234567',
  jobTitle: null,
  seniority: 'senior',
  accountId: 'acc2',
  ownerId: 'u2',
  source: 'event',
  campaign: 'spring-fair',
  customFields: { plan: 'free', size: 50, region: 'Tehran' },
};

describe('merging duplicate contacts', () => {
  it("keeps the winner's values and fills its blanks from the duplicate by default", () => {
    expect(mergeFields(winner, loser)).toEqual({
      ...winner,
      lastName: 'Rezaei',
      phone: '+989121234567',
      campaign: 'spring-fair',
      customFields: { plan: 'pro', size: 50, region: 'Tehran' },
    });
  });

  it('takes the chosen side per field, including a blank one', () => {
    const merged = mergeFields(winner, loser, {
      email: 'loser',
      ownerId: 'loser',
      phone: 'winner',
      customFields: { plan: 'loser' },
    });
    expect(merged).toMatchObject({
      email: 'ali.rezaei@y.ir',
      ownerId: 'u2',
      phone: null,
      firstName: 'Ali',
      customFields: { plan: 'free', size: 50, region: 'Tehran' },
    });
  });

  it('names a custom-field choice that neither contact has', () => {
    try {
      mergeFields(winner, loser, { customFields: { nope: 'loser' } });
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).details.errors?.[0]?.field).toBe('fields.customFields.nope');
    }
  });

  it('accepts only known fields and sides', () => {
    expect(mergeInput.safeParse({ duplicateId: 'x', fields: { email: 'loser' } }).success).toBe(true);
    expect(mergeInput.safeParse({ duplicateId: 'x', fields: { email: 'both' } }).success).toBe(false);
    expect(mergeInput.safeParse({ duplicateId: 'x', fields: { createdAt: 'loser' } }).success).toBe(false);
    expect(mergeInput.safeParse({ duplicateId: '' }).success).toBe(false);
  });
});

describe('the decision by hand a merge keeps', () => {
  const qualified = { kind: 'qualified', by: 'u1', reason: null, at: '2026-03-01T09:00:00.000Z' };
  const rejected = { kind: 'not_qualified', by: 'u2', reason: 'No budget', at: '2026-03-02T09:00:00.000Z' };

  it("keeps either side's decision when the other has none", () => {
    expect(laterDecision(null, qualified)).toBe(qualified);
    expect(laterDecision(qualified, null)).toBe(qualified);
    expect(laterDecision(null, null)).toBeNull();
  });

  it('keeps the later of two decisions, the winner’s on a tie', () => {
    expect(laterDecision(qualified, rejected)).toBe(rejected);
    expect(laterDecision(rejected, qualified)).toBe(rejected);
    const sameTime = { ...rejected, at: qualified.at };
    expect(laterDecision(qualified, sameTime)).toBe(qualified);
  });
});
