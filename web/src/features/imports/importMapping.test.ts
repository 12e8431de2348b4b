import { describe, expect, it } from 'vitest';
import { customKeyFor, mappingProblems } from './importMapping.js';

describe('import mapping in the wizard', () => {
  it('makes custom field keys the server accepts', () => {
    expect(customKeyFor('Lead Score (2024)')).toBe('Lead_Score_2024');
    expect(customKeyFor('یادداشت')).toBe('یادداشت');
    expect(customKeyFor('***')).toBeNull();
  });

  it('finds what the server would refuse: no first name, a field twice, company fields without a name', () => {
    expect(mappingProblems(['firstName', 'email', null])).toEqual([]);
    expect(mappingProblems(['lastName', null])).toEqual([{ kind: 'noFirstName' }]);
    expect(mappingProblems(['firstName', 'email', 'email'])).toEqual([
      { kind: 'twice', target: 'email', columns: [1, 2] },
    ]);
    expect(mappingProblems(['firstName', 'account.domain'])).toEqual([{ kind: 'accountWithoutName' }]);
    expect(mappingProblems(['firstName', 'account.name', 'account.domain'])).toEqual([]);
  });

  it('takes a full name for the first name, but not beside a first or last name', () => {
    expect(mappingProblems(['fullName', 'email'])).toEqual([]);
    expect(mappingProblems(['fullName', 'firstName'])).toEqual([{ kind: 'fullNameWithParts' }]);
    expect(mappingProblems(['lastName', 'fullName'])).toEqual([{ kind: 'fullNameWithParts' }]);
  });

  it('refuses more custom fields than a contact holds', () => {
    const custom = (n: number) => Array.from({ length: n }, (_, i) => `custom:f${i}`);
    expect(mappingProblems(['firstName', ...custom(100)])).toEqual([]);
    expect(mappingProblems(['firstName', ...custom(101), null])).toEqual([
      { kind: 'tooManyCustom', count: 101, max: 100 },
    ]);
  });
});
