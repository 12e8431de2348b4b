import { describe, expect, it } from 'vitest';
import { BULK_MAX_IDS, bulkUpdateInput, listIds } from './bulk.js';

describe('bulkUpdateInput', () => {
  const issues = (value: unknown) =>
    bulkUpdateInput.safeParse(value).error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];

  it('takes 1 to 500 distinct ids and an owner or none', () => {
    expect(issues({ ids: ['a'], set: { ownerId: 'u' } })).toEqual([]);
    expect(issues({ ids: ['a', 'b'], set: { ownerId: null } })).toEqual([]);
    const most = Array.from({ length: BULK_MAX_IDS }, (_, i) => `c${i}`);
    expect(issues({ ids: most, set: { ownerId: 'u' } })).toEqual([]);
    expect(issues({ ids: [...most, 'one more'], set: { ownerId: 'u' } })).toEqual([
      ['ids', 'At most 500 contacts at once.'],
    ]);
    expect(issues({ ids: [], set: { ownerId: 'u' } })).toEqual([['ids', 'Name at least one contact.']]);
  });

  it('names each repeated id where it repeats', () => {
    expect(issues({ ids: ['a', 'b', 'a', 'b', 'a'], set: { ownerId: 'u' } })).toEqual([
      ['ids.2', 'This contact is named twice.'],
      ['ids.3', 'This contact is named twice.'],
      ['ids.4', 'This contact is named twice.'],
    ]);
  });

  it('refuses fields it does not change', () => {
    expect(issues({ ids: ['a'], set: { ownerId: 'u', email: 'x@y.z' } }).map(([path]) => path)).toEqual(['set']);
    expect(issues({ ids: ['a'], set: {} }).map(([path]) => path)).toEqual(['set.ownerId']);
  });
});

describe('listIds', () => {
  it('names a few ids and counts the rest', () => {
    expect(listIds(['a', 'b'])).toBe('a, b');
    expect(listIds(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('a, b, c, d, e and 2 more');
  });
});
