import { describe, expect, it } from 'vitest';
import { BULK_LOAD_MIN_BYTES, shouldBulkLoad } from './bulk-load.js';
import { IdentityIndex } from './identity-index.js';

const candidatesOf = (index: IdentityIndex, key: string) => {
  const out = new Set<number>();
  index.candidates(key, out);
  return [...out].sort((a, b) => a - b);
};

describe('IdentityIndex', () => {
  it('gives every contact that had a key, once each', () => {
    const index = new IdentityIndex(16);
    index.add('e:a@example.com', 7);
    index.add('e:a@example.com', 3);
    index.add('e:a@example.com', 7);
    index.add('p:+989121234567', 7);
    expect(candidatesOf(index, 'e:a@example.com')).toEqual([3, 7]);
    expect(candidatesOf(index, 'p:+989121234567')).toEqual([7]);
    expect(candidatesOf(index, 'e:b@example.com')).toEqual([]);
    expect(index.size).toBe(3);
  });

  it('keeps every entry findable while it grows', () => {
    const index = new IdentityIndex(16);
    for (let i = 1; i <= 50_000; i++) index.add(`e:user${i}@example.com`, i);
    expect(index.size).toBe(50_000);
    for (let i = 1; i <= 50_000; i += 997) expect(candidatesOf(index, `e:user${i}@example.com`)).toContain(i);
    // A key never added finds nothing, or (about once in four billion) a stranger the caller then rules out.
    let strangers = 0;
    for (let i = 0; i < 10_000; i++) strangers += candidatesOf(index, `e:other${i}@example.com`).length;
    expect(strangers).toBe(0);
  });

  it('refuses rowids that do not fit a slot', () => {
    const index = new IdentityIndex();
    expect(() => index.add('e:x', 0)).toThrow(RangeError);
    expect(() => index.add('e:x', IdentityIndex.MAX_ROWID + 1)).toThrow(RangeError);
    expect(() => index.add('e:x', 1.5)).toThrow(RangeError);
  });
});

describe('shouldBulkLoad', () => {
  const MiB = 1024 * 1024;
  it('loads in bulk a large file into a table it probably at least doubles', () => {
    expect(shouldBulkLoad(134 * MiB, 0)).toBe(true);
    expect(shouldBulkLoad(134 * MiB, 1_000_000)).toBe(true);
    expect(shouldBulkLoad(134 * MiB, 2_000_000)).toBe(false);
  });
  it('keeps the indexes for a small file, whatever the table', () => {
    expect(shouldBulkLoad(BULK_LOAD_MIN_BYTES - 1, 0)).toBe(false);
    expect(shouldBulkLoad(BULK_LOAD_MIN_BYTES, 0)).toBe(true);
  });
  it('keeps them when rowids would outgrow the in-memory keys', () => {
    expect(shouldBulkLoad(8_000 * MiB, 0)).toBe(true);
    expect(shouldBulkLoad(9_000 * MiB, 0)).toBe(false);
    expect(shouldBulkLoad(BULK_LOAD_MIN_BYTES, IdentityIndex.MAX_ROWID - 1000)).toBe(false);
  });
});
