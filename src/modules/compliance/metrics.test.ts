import { describe, expect, it } from 'vitest';
import { derivedTarget, median, nearestRank, p90, safeDivide, share } from './metrics.js';

describe('metrics', () => {
  it('safe division gives null for a zero denominator', () => {
    expect(safeDivide(1, 0)).toBeNull();
    expect(safeDivide(3, 4)).toBe(0.75);
    expect(share(0, 0)).toBeNull();
  });

  it('median of odd and even counts, and of nothing', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('p90 is the nearest rank', () => {
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9);
    expect(p90([10, 20, 30])).toBe(30);
    expect(p90([7])).toBe(7);
    expect(p90([])).toBeNull();
    expect(nearestRank([1, 2, 3, 4], 50)).toBe(2);
    expect(() => nearestRank([1], 0)).toThrow(RangeError);
  });
});

describe('derived target', () => {
  it('quota / deal size / (accept × win), rounded up', () => {
    // 100 000 / 5 000 = 20 deals; accept 0.5, win 0.25 → 160 leads
    const t = derivedTarget({
      quota: 100_000,
      averageDealSize: 5_000,
      qualified: 40,
      accepted: 20,
      decided: 30,
      won: 5,
    });
    expect(t).toEqual({
      qualifiedLeads: 160,
      acceptRate: 0.5,
      winRate: 0.25,
      dealsNeeded: 20,
      insufficientHistory: false,
    });
  });

  it('rounds up a fraction and flags thin history', () => {
    const t = derivedTarget({ quota: 10_000, averageDealSize: 3_000, qualified: 3, accepted: 2, decided: 3, won: 1 });
    // 3.33 deals / (2/3 × 1/2) = 10
    expect(t.qualifiedLeads).toBe(10);
    expect(t.insufficientHistory).toBe(true);
  });

  it('no figure when nothing was won', () => {
    const t = derivedTarget({ quota: 1, averageDealSize: 1, qualified: 10, accepted: 5, decided: 10, won: 0 });
    expect(t.qualifiedLeads).toBeNull();
    expect(t.winRate).toBe(0);
  });
});
