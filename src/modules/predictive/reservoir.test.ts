import { describe, expect, it } from 'vitest';
import { createReservoir } from './reservoir.js';

describe('reservoir sample', () => {
  it('keeps everything below capacity, in order', () => {
    const r = createReservoir<number>(10, 1);
    for (let i = 0; i < 7; i++) r.add(i);
    expect(r.items).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(r.seen).toBe(7);
  });

  it('keeps at most `capacity` items, each item about equally likely', () => {
    const hits = new Array<number>(100).fill(0);
    for (let seed = 1; seed <= 2000; seed++) {
      const r = createReservoir<number>(10, seed);
      for (let i = 0; i < 100; i++) r.add(i);
      expect(r.items).toHaveLength(10);
      expect(new Set(r.items).size).toBe(10);
      for (const item of r.items) hits[item]!++;
    }
    // Expected 200 hits each (2000 samples x 10 / 100); first and last items alike.
    for (const n of hits) expect(n).toBeGreaterThan(130);
    for (const n of hits) expect(n).toBeLessThan(270);
  });
});
