import { describe, expect, it } from 'vitest';
import {
  accountDbFields,
  accountMatchKey,
  accountSearchTerms,
  createAccountInput,
  emptyAccount,
  mergeAccount,
  normalizeDomain,
} from './account.js';

describe('accounts', () => {
  it.each([
    ['https://www.Example.com/about?x=1', 'example.com'],
    ['example.co.uk.', 'example.co.uk'],
    ['HTTP://shop.example.ir:8080', 'shop.example.ir'],
    ['  ', null],
  ])('normalises the domain %s', (input, expected) => expect(normalizeDomain(input)).toBe(expected));

  it('validates domains and country codes at the edge', () => {
    expect(createAccountInput.safeParse({ name: 'X', domain: 'not a domain' }).success).toBe(false);
    expect(createAccountInput.parse({ name: 'X', domain: 'https://www.pars.ir', country: 'ir' })).toMatchObject({
      domain: 'pars.ir',
      country: 'IR',
    });
    expect(createAccountInput.safeParse({ name: 'X', country: 'Iran' }).success).toBe(false);
    expect(createAccountInput.safeParse({ name: 'X', employees: 3 }).success).toBe(false);
  });

  it('matches a company in its spaced, non-joined and joined spellings, keeping the sort key spaced', () => {
    const keys = ['فن آوران پارس', 'فن\u200Cآوران پارس', 'فنآوران  پارس', 'فن آوران\tپارس'].map(accountMatchKey);
    expect(new Set(keys)).toEqual(new Set(['فناورانپارس']));
    expect(accountMatchKey('Pars  Tech Co')).toBe('pars tech co');
    expect(accountMatchKey('Pars فن آوران 2')).toBe('pars فناوران 2');
    const d = accountDbFields(emptyAccount('فن آوران پارس', null));
    expect(d).toMatchObject({ name_norm: 'فن اوران پارس', match_key: 'فناورانپارس' });
  });

  it('searches Persian company names in their spaced, non-joined and joined spellings', () => {
    const spaced = { ...emptyAccount('فن آوران پارس', null), domain: 'fanavaran.ir', city: 'بندر عباس' };
    expect(accountDbFields(spaced).search_text).toBe(
      'فن اوران پارس | fanavaran.ir | بندر عباس | فناورانپارس | بندرعباس',
    );
    const latin = { ...emptyAccount('Pars Tech Co', null), city: 'Tehran' };
    expect(accountDbFields(latin).search_text).toBe('pars tech co | tehran');
    expect(accountSearchTerms('فن‌آوران')).toEqual(['فناوران', 'فن اوران']);
    expect(accountSearchTerms('فن آوران')).toEqual(['فن اوران', 'فناوران']);
    expect(accountSearchTerms('  ')).toEqual([]);
  });

  it('merges a patch: undefined keeps, null clears', () => {
    const base = { ...emptyAccount('A', 'u1'), industry: 'Software', city: 'Tehran' };
    expect(mergeAccount(base, { industry: null, name: 'B' })).toMatchObject({
      name: 'B',
      industry: null,
      city: 'Tehran',
      ownerId: 'u1',
    });
  });
});
