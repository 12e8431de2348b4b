import { categoryOf, featureNumber, type DateOrder, type FeatureColumn, type RawValue, type Table } from './table.js';

/**
 * Trees split on small integer bins instead of raw values: fast histograms, and missing values and rare or
 * unseen categories get bins of their own. Bin 0 always means "missing".
 *
 * Numeric: value bin i (1..upperBounds.length + 1) holds values above upperBounds[i - 2] and up to
 * upperBounds[i - 1]; the last bin is open-ended.
 * Categorical: bin 1 pools rare categories and categories never seen in training; bin 2 + i is categories[i].
 */
export type FeatureBinning =
  | {
      name: string;
      type: 'numeric';
      upperBounds: number[];
      /** How values are read (table.ts featureNumber): dates in this order, or with a decimal comma. */
      dates?: DateOrder;
      decimalComma?: true;
    }
  | { name: string; type: 'categorical'; categories: string[] };

export const MISSING_BIN = 0;
export const OTHER_CATEGORY_BIN = 1;

export interface BinningRules {
  /** Bins per feature, the missing bin included; at most 256 so a bin fits in a byte. */
  maxBins: number;
  /** Categories seen fewer times than this are pooled into the "other" bin. */
  minCategoryCount: number;
}

export function binCount(binning: FeatureBinning): number {
  return binning.type === 'numeric' ? binning.upperBounds.length + 2 : binning.categories.length + 2;
}

/**
 * Cut points for a numeric column: every distinct value gets its own bin when they fit; otherwise bins of
 * about equal row counts, where a value that alone fills more than a bin (e.g. 999 = "never contacted")
 * takes a bin of its own and the remaining rows are shared out again.
 */
export function numericUpperBounds(values: Float64Array, maxValueBins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (const value of sorted) {
    if (distinct.length > 0 && distinct[distinct.length - 1] === value) counts[counts.length - 1]!++;
    else {
      distinct.push(value);
      counts.push(1);
    }
  }
  const bounds: number[] = [];
  const midpoint = (i: number) => (distinct[i]! + distinct[i + 1]!) / 2;
  if (distinct.length <= maxValueBins) {
    for (let i = 0; i + 1 < distinct.length; i++) bounds.push(midpoint(i));
    return bounds;
  }
  let remainingRows = sorted.length;
  let remainingBins = maxValueBins;
  let filled = 0;
  for (let i = 0; i + 1 < distinct.length && remainingBins > 1; i++) {
    filled += counts[i]!;
    const target = remainingRows / remainingBins;
    // Close the bin when it is full, or when the next value alone would overfill it.
    if (filled >= target || filled + counts[i + 1]! > 2 * target) {
      bounds.push(midpoint(i));
      remainingRows -= filled;
      remainingBins--;
      filled = 0;
    }
  }
  return bounds;
}

/** Learns the bins of each feature from the (training) table. */
export function fitBinnings(table: Table, features: readonly FeatureColumn[], rules: BinningRules): FeatureBinning[] {
  const maxBins = Math.min(256, Math.max(3, rules.maxBins));
  return features.map((feature): FeatureBinning => {
    const values = table.columns.get(feature.name);
    if (!values) throw new Error(`No column "${feature.name}" in the table.`);
    if (feature.type === 'numeric') {
      const numbers: number[] = [];
      for (const value of values) {
        const number = featureNumber(value, feature);
        if (!Number.isNaN(number)) numbers.push(number);
      }
      return {
        name: feature.name,
        type: 'numeric',
        upperBounds: numericUpperBounds(Float64Array.from(numbers), maxBins - 1),
        ...(feature.dates ? { dates: feature.dates } : {}),
        ...(feature.decimalComma ? { decimalComma: true as const } : {}),
      };
    }
    const counts = new Map<string, number>();
    for (const value of values) {
      const category = categoryOf(value);
      if (category !== null) counts.set(category, (counts.get(category) ?? 0) + 1);
    }
    const categories = [...counts]
      .filter(([, count]) => count >= rules.minCategoryCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxBins - 2)
      .map(([category]) => category);
    return { name: feature.name, type: 'categorical', categories };
  });
}

/** A function from a raw value to its bin, built once per feature. */
export function binner(binning: FeatureBinning): (value: RawValue) => number {
  if (binning.type === 'numeric') {
    const bounds = binning.upperBounds;
    return (value) => {
      const number = featureNumber(value, binning);
      if (Number.isNaN(number)) return MISSING_BIN;
      let low = 0;
      let high = bounds.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (number <= bounds[mid]!) high = mid;
        else low = mid + 1;
      }
      return low + 1;
    };
  }
  const index = new Map(binning.categories.map((category, i) => [category, i + 2]));
  return (value) => {
    const category = categoryOf(value);
    return category === null ? MISSING_BIN : (index.get(category) ?? OTHER_CATEGORY_BIN);
  };
}

/** Bins every feature of a table: one byte per row per feature, column-major. */
export function binTable(table: Table, binnings: readonly FeatureBinning[]): Uint8Array[] {
  return binnings.map((binning) => {
    const values = table.columns.get(binning.name);
    const bins = new Uint8Array(table.rowCount);
    if (!values) return bins; // an absent column is missing everywhere
    const toBin = binner(binning);
    for (let i = 0; i < table.rowCount; i++) bins[i] = toBin(values[i]);
    return bins;
  });
}
