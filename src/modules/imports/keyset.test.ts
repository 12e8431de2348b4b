import { describe, expect, it } from 'vitest';
import { hash64, KeySet } from './keyset.js';

describe('KeySet', () => {
  it('remembers the first row of each key', () => {
    const keys = new KeySet();
    expect(keys.firstRow('ali@example.com', 2)).toBeNull();
    expect(keys.firstRow('+989121234567', 3)).toBeNull();
    expect(keys.firstRow('ali@example.com', 9)).toBe(2);
    expect(keys.rowOf('+989121234567')).toBe(3);
    expect(keys.rowOf('nobody@example.com')).toBeNull();
    expect(keys.size).toBe(2);
  });

  it('keeps every key while it grows', () => {
    const keys = new KeySet(16);
    for (let i = 1; i <= 50_000; i++) expect(keys.firstRow(`user${i}@example.com`, i)).toBeNull();
    for (let i = 1; i <= 50_000; i += 997) expect(keys.rowOf(`user${i}@example.com`)).toBe(i);
    expect(keys.size).toBe(50_000);
    expect(keys.firstRow('user77@example.com', 60_000)).toBe(77);
  });

  it('tells apart keys that differ in one character, Persian included', () => {
    expect(hash64('علی@example.com')).not.toEqual(hash64('علي@example.com'));
    expect(hash64('a')).not.toEqual(hash64('b'));
    expect(hash64('same')).toEqual(hash64('same'));
  });

  it('refuses row numbers it cannot store', () => {
    expect(() => new KeySet().firstRow('x', 0)).toThrow(RangeError);
  });
});
