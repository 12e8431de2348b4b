import { describe, expect, it } from 'vitest';
import { fillBlanks } from './capture.js';

describe('fillBlanks', () => {
  it('fills null, missing and empty values and reports which', () => {
    const { next, filled } = fillBlanks(
      { firstName: 'Sara', lastName: '', phone: null as string | null, jobTitle: 'CTO' },
      { firstName: 'Mallory', lastName: 'Ahmadi', phone: '+989121234567', jobTitle: '' },
    );
    expect(next).toEqual({ firstName: 'Sara', lastName: 'Ahmadi', phone: '+989121234567', jobTitle: 'CTO' });
    expect(filled).toEqual(['lastName', 'phone']);
  });

  it('fills custom fields key by key without overwriting', () => {
    const { next, filled } = fillBlanks(
      { customFields: { budget: '10k' } as Record<string, unknown> },
      { customFields: { budget: '99k', team_size: 12 } },
    );
    expect(next.customFields).toEqual({ budget: '10k', team_size: 12 });
    expect(filled).toEqual(['customFields']);
  });

  it('changes nothing when everything is already set', () => {
    const current = { a: 'x', b: { c: 1 } as Record<string, unknown> };
    const { next, filled } = fillBlanks(current, { a: 'y', b: { c: 2 } });
    expect(next).toEqual(current);
    expect(filled).toEqual([]);
  });
});
