import { describe, expect, it } from 'vitest';
import { binner, binTable, fitBinnings, MISSING_BIN, numericUpperBounds, OTHER_CATEGORY_BIN } from './binning.js';
import { tableFromRows } from './table.js';

describe('numeric bins', () => {
  it('gives each distinct value a bin when they fit, cutting half-way', () => {
    expect(numericUpperBounds(Float64Array.from([3, 1, 2, 2, 1]), 10)).toEqual([1.5, 2.5]);
  });

  it('cuts many values into bins of similar size, with a dominant value alone', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i < 900 ? 999 : i));
    const bounds = numericUpperBounds(values, 10);
    expect(bounds.length).toBeLessThanOrEqual(9);
    const toBin = binner({ name: 'pdays', type: 'numeric', upperBounds: bounds });
    const bin999 = toBin(999);
    expect(toBin(998)).not.toBe(bin999);
    expect(toBin('nope')).toBe(MISSING_BIN);
  });
});

describe('categorical bins', () => {
  it('pools rare and unseen categories and keeps missing apart', () => {
    const rows = [...Array<string>(20).fill('a'), ...Array<string>(12).fill('b'), 'rare', ''].map((v) => ({ c: v }));
    const [binning] = fitBinnings(
      tableFromRows(rows),
      [{ name: 'c', type: 'categorical', distinct: 3, missingShare: 0 }],
      {
        maxBins: 255,
        minCategoryCount: 10,
      },
    );
    expect(binning).toEqual({ name: 'c', type: 'categorical', categories: ['a', 'b'] });
    const toBin = binner(binning!);
    expect([toBin('a'), toBin('b'), toBin('rare'), toBin('never seen'), toBin(null)]).toEqual([
      2,
      3,
      OTHER_CATEGORY_BIN,
      OTHER_CATEGORY_BIN,
      MISSING_BIN,
    ]);
    expect(Array.from(binTable(tableFromRows([{ c: 'b' }, { x: 1 }]), [binning!])[0]!)).toEqual([3, MISSING_BIN]);
  });
});
