import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { liftAtTop, logLoss, meanAndStd, rocAuc } from './metrics.js';

/** The definition: share of (positive, negative) pairs ranked correctly, ties counting one half. */
function pairwiseAuc(labels: number[], scores: number[]): number {
  let wins = 0;
  let pairs = 0;
  labels.forEach((li, i) => {
    if (li !== 1) return;
    labels.forEach((lj, j) => {
      if (lj !== 0) return;
      pairs++;
      wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

const labelledScores = fc
  .array(fc.record({ label: fc.constantFrom(0, 1), score: fc.integer({ min: 0, max: 6 }) }), {
    minLength: 2,
    maxLength: 40,
  })
  .filter((rows) => rows.some((r) => r.label === 1) && rows.some((r) => r.label === 0));

describe('rocAuc', () => {
  it('matches hand-computed values', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
    // Pairs: 0.5>0.1, 0.5=0.5 (half), 0.9>0.1, 0.9>0.5 -> 3.5 / 4.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.5, 0.5, 0.9])).toBeCloseTo(0.875, 12);
    expect(rocAuc([1, 0], [0.5, 0.5])).toBe(0.5);
    expect(rocAuc([1, 1, 0, 0], [3, 3, 3, 3])).toBe(0.5);
  });

  it('is 1 for a perfect ranking and 0 for the reversed one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (pos, neg, shift) => {
          const labels = [...Array<number>(neg).fill(0), ...Array<number>(pos).fill(1)];
          const scores = labels.map((_, i) => i + shift);
          fc.pre(new Set(scores).size === scores.length); // huge shifts collapse the scores into ties
          expect(rocAuc(labels, scores)).toBe(1);
          expect(
            rocAuc(
              labels,
              scores.map((s) => -s),
            ),
          ).toBe(0);
        },
      ),
    );
  });

  it('agrees with the pairwise definition, ties included, and complements under negation', () => {
    fc.assert(
      fc.property(labelledScores, (rows) => {
        const labels = rows.map((r) => r.label);
        const scores = rows.map((r) => r.score);
        const auc = rocAuc(labels, scores);
        expect(auc).toBeCloseTo(pairwiseAuc(labels, scores), 12);
        expect(
          auc +
            rocAuc(
              labels,
              scores.map((s) => -s),
            ),
        ).toBeCloseTo(1, 12);
      }),
    );
  });

  it('needs both classes', () => {
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(/one positive and one negative/);
  });
});

describe('liftAtTop', () => {
  it('divides the positive rate of the top decile by the overall rate', () => {
    const labels = [1, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05];
    // Top 10% = 1 row, a positive: rate 1 against 2/10 overall.
    expect(liftAtTop(labels, scores, 0.1)).toBeCloseTo(5, 12);
    expect(liftAtTop(labels, scores, 1)).toBeCloseTo(1, 12);
  });

  it('shares the cut-off among tied rows, whatever their order', () => {
    // Top 2 of 4 rows: one clear winner (negative) and one slot shared by three ties, one of them positive.
    expect(liftAtTop([0, 1, 0, 0], [9, 1, 1, 1], 0.5)).toBeCloseTo(1 / 3 / 2 / (1 / 4), 12);
    expect(liftAtTop([0, 0, 0, 1], [9, 1, 1, 1], 0.5)).toBeCloseTo(1 / 3 / 2 / (1 / 4), 12);
  });
});

describe('summaries', () => {
  it('computes mean, sample standard deviation and log-loss', () => {
    expect(meanAndStd([1, 2, 3])).toEqual({ mean: 2, std: 1 });
    expect(meanAndStd([4])).toEqual({ mean: 4, std: 0 });
    expect(logLoss([1, 0], [0.5, 0.5])).toBeCloseTo(Math.log(2), 12);
  });
});
