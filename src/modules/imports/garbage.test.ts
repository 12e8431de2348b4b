import { describe, expect, it } from 'vitest';
import { collectGarbage } from './garbage.js';

describe('collecting garbage between transactions', () => {
  it('frees dead objects at once', () => {
    let junk: { row: number; text: string }[] | null = Array.from({ length: 300_000 }, (_, row) => ({
      row,
      text: `row ${row}`,
    }));
    const withJunk = process.memoryUsage().heapUsed;
    expect(junk.length).toBe(300_000);
    junk = null;
    expect(collectGarbage()).toBe(true);
    // 300,000 small objects and strings are well over 10 MB.
    expect(process.memoryUsage().heapUsed).toBeLessThan(withJunk - 10 * 1024 * 1024);
  });
});
