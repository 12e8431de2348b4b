import { describe, expect, it } from 'vitest';
import { stratifiedFolds, stratifiedHoldout } from './folds.js';
import { createRandom } from './random.js';

const labels = Uint8Array.from({ length: 1003 }, (_, i) => (i % 9 === 0 ? 1 : 0)); // 112 positives

describe('stratifiedFolds', () => {
  it('gives every fold the same share of positives and nearly the same size', () => {
    const foldOf = stratifiedFolds(labels, 5, 42);
    const sizes = [0, 0, 0, 0, 0];
    const positives = [0, 0, 0, 0, 0];
    foldOf.forEach((fold, row) => {
      sizes[fold]!++;
      positives[fold]! += labels[row]!;
    });
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(Math.max(...positives) - Math.min(...positives)).toBeLessThanOrEqual(1);
    expect(positives.reduce((a, b) => a + b)).toBe(112);
  });

  it('is fixed by the seed and changes with it', () => {
    expect(stratifiedFolds(labels, 5, 7)).toEqual(stratifiedFolds(labels, 5, 7));
    expect(stratifiedFolds(labels, 5, 7)).not.toEqual(stratifiedFolds(labels, 5, 8));
  });

  it('refuses more folds than rows of the smaller class', () => {
    expect(() => stratifiedFolds(Uint8Array.from([1, 1, 0, 0, 0, 0]), 3, 1)).toThrow(/at least 3 rows of each class/);
    expect(() => stratifiedFolds(labels, 1, 1)).toThrow(/from 2 to 255/);
  });
});

describe('stratifiedHoldout', () => {
  it('holds out about the share asked of each class', () => {
    const held = stratifiedHoldout(labels, 0.2, createRandom(3));
    let rows = 0;
    let positives = 0;
    held.forEach((h, row) => {
      rows += h;
      positives += h * labels[row]!;
    });
    expect(positives).toBe(Math.round(112 * 0.2));
    expect(rows - positives).toBe(Math.round(891 * 0.2));
  });
});
