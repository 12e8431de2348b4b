import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GBM_OPTIONS,
  displayValue,
  PredictiveModel,
  tableFromRows,
  type FeatureRow,
} from '../scoring/predictive/index.js';
import { expectedValue, explainWithShap, goesLeft, rowBins, shapValues } from './treeshap.js';

/** One tree by hand: seniority (director left, 30 rows) / else fit score (<= 50 left, 40 rows; above 30). */
const handModel = PredictiveModel.fromJSON({
  format: 'tandem.predictive-score.gbm',
  version: 1,
  features: [
    { name: 'seniority', type: 'categorical', categories: ['director', 'entry'] },
    { name: 'fitScore', type: 'numeric', upperBounds: [50] },
  ],
  baseScore: -1,
  trees: [
    [
      { value: 0, count: 100, split: { kind: 'categorical', feature: 0, gain: 1, left: 1, right: 2, leftBins: [2] } },
      { value: 0.8, count: 30, split: null },
      {
        value: -0.2,
        count: 70,
        split: { kind: 'numeric', feature: 1, gain: 0.5, left: 3, right: 4, threshold: 1, missingLeft: true },
      },
      { value: -0.5, count: 40, split: null },
      { value: 0.3, count: 30, split: null },
    ],
  ],
  training: {
    rows: 100,
    positives: 30,
    bags: [{ trees: 1, treesGrown: 1, validationLogLoss: null }],
    options: DEFAULT_GBM_OPTIONS,
  },
});

type Tree = PredictiveModel['state']['trees'][number];

/** E[tree(x) | the features in `known` take the row's values], the expectation TreeSHAP uses. */
function conditional(tree: Tree, bins: Uint8Array, known: Set<number>, node = 0): number {
  const n = tree[node]!;
  if (!n.split) return n.value;
  const { left, right, feature } = n.split;
  if (known.has(feature)) return conditional(tree, bins, known, goesLeft(n.split, bins[feature]!) ? left : right);
  const l = tree[left]!.count;
  const r = tree[right]!.count;
  return (l * conditional(tree, bins, known, left) + r * conditional(tree, bins, known, right)) / (l + r);
}

/** Shapley values by definition: every subset of the other features, weighted |S|!(M-|S|-1)!/M!. */
function bruteForceShapley(model: PredictiveModel, row: FeatureRow): number[] {
  const bins = rowBins(model, row);
  const m = model.state.features.length;
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const value = (known: Set<number>) => model.state.trees.reduce((s, tree) => s + conditional(tree, bins, known), 0);
  const phi = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) {
    const others = [...Array(m).keys()].filter((f) => f !== i);
    for (let mask = 0; mask < 1 << others.length; mask++) {
      const subset = new Set(others.filter((_, k) => mask & (1 << k)));
      const weight = (factorial(subset.size) * factorial(m - subset.size - 1)) / factorial(m);
      phi[i]! += weight * (value(new Set([...subset, i])) - value(subset));
    }
  }
  return phi;
}

describe('TreeSHAP explanations', () => {
  it('gives the Shapley values of a tree worked out by hand', () => {
    // v({}) = 0.13, v({seniority}) = 0.8, v({fit}) = 0.3 * 0.8 + 0.7 * 0.3 = 0.45, v(both) = 0.8.
    expect(expectedValue(handModel.state.trees[0]!)).toBeCloseTo(0.13, 12);
    const { bias, phi } = shapValues(handModel, { seniority: 'director', fitScore: 80 });
    expect(bias).toBeCloseTo(-0.87, 12);
    expect(phi[0]).toBeCloseTo(0.51, 12); // ((0.8 - 0.13) + (0.8 - 0.45)) / 2
    expect(phi[1]).toBeCloseTo(0.16, 12); // ((0.45 - 0.13) + (0.8 - 0.8)) / 2
    const why = explainWithShap(handModel, { seniority: 'director', fitScore: 80 });
    expect(why.logOdds).toBeCloseTo(handModel.logOdds({ seniority: 'director', fitScore: 80 }), 12);
    expect(why.factors.map((f) => [f.feature, f.value])).toEqual([
      ['seniority', 'director'],
      ['fitScore', 80],
    ]);
  });

  it('matches Shapley values computed by brute force on a trained ensemble, and adds up to the score', () => {
    let state = 11;
    const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const rows: FeatureRow[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 600; i++) {
      const row = {
        seniority: ['entry', 'manager', 'director', 'vp'][Math.floor(random() * 4)]!,
        industry: random() < 0.15 ? null : ['Software', 'Retail', 'Banking'][Math.floor(random() * 3)]!,
        fitScore: Math.round(random() * 100),
        visits: Math.floor(random() * 10),
        noise: random(),
      };
      rows.push(row);
      const odds =
        (row.seniority === 'director' || row.seniority === 'vp' ? 1.2 : -0.8) +
        (row.industry === 'Software' ? 0.8 : 0) +
        (row.fitScore - 50) / 40 +
        (row.seniority === 'vp' && row.visits > 5 ? 1 : 0);
      labels.push(random() < 1 / (1 + Math.exp(-odds)) ? 1 : 0);
    }
    const model = PredictiveModel.train({
      table: tableFromRows(rows),
      labels: Uint8Array.from(labels),
      options: { learningRate: 0.2, minSamplesLeaf: 10, maxTrees: 60, seed: 2 },
    });
    expect(model.state.trees.length).toBeGreaterThan(5);
    for (const row of rows.slice(0, 25)) {
      const { bias, phi } = shapValues(model, row);
      const exact = bruteForceShapley(model, row);
      exact.forEach((value, i) => expect(phi[i]).toBeCloseTo(value, 9));
      expect(bias + phi.reduce((s, v) => s + v, 0)).toBeCloseTo(model.logOdds(row), 9);
      const top = explainWithShap(model, row, 2);
      const parts = top.factors.reduce((s, f) => s + f.contribution, 0);
      expect(top.bias + parts + top.otherContribution).toBeCloseTo(model.logOdds(row), 9);
    }
  });

  it('reads dates and formatted amounts as the model was trained to, and shows them as written', () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({
      signedUp: `${1 + (i % 28)}/${1 + ((i * 7) % 12)}/2024`,
      budget: `$${(1000 + ((i * 37) % 90) * 100).toLocaleString('en-US')}`,
    }));
    const labels = Uint8Array.from(rows, (_, i) => (1 + ((i * 7) % 12) > 6 ? 1 : 0));
    const model = PredictiveModel.train({
      table: tableFromRows(rows),
      labels,
      options: { learningRate: 0.3, minSamplesLeaf: 10, maxTrees: 30, seed: 3 },
    });
    expect(model.state.features[0]).toMatchObject({ name: 'signedUp', dates: 'dmy' });
    const late = { signedUp: '15/11/2024', budget: '$5,000' };
    const early = { signedUp: '15/02/2024', budget: '$5,000' };
    expect(shapValues(model, late).phi[0]).toBeGreaterThan(0);
    expect(shapValues(model, early).phi[0]).toBeLessThan(0);
    const why = explainWithShap(model, late, 2);
    expect(why.factors).toContainEqual(expect.objectContaining({ feature: 'signedUp', value: '15/11/2024' }));
    expect(displayValue(model.state.features[1]!, ' $5,000 ')).toBe(5000);
    expect(displayValue(model.state.features[0]!, '15/13/2024')).toBeNull();
  });
});
