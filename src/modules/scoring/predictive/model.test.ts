import { describe, expect, it } from 'vitest';
import { REFIT_MAX_ROWS } from './gbm.js';
import { rocAuc } from './metrics.js';
import { PredictiveModel } from './model.js';
import { syntheticLeads } from './synthetic.js';
import { tableFromRows } from './table.js';

const train = syntheticLeads(2000, 1);
// A higher learning rate than the default keeps the test quick.
const options = { seed: 5, learningRate: 0.1 };
const test = syntheticLeads(1000, 2, 0);
const model = PredictiveModel.train({ table: train.table, labels: train.labels, options });

describe('gradient-boosted predictive model', () => {
  it('learns an xor of a threshold and a category', () => {
    expect(rocAuc(test.labels, model.logOddsOfTable(test.table))).toBeGreaterThan(0.95);
    expect(model.probability({ engagement: 0.9, segment: 'b' })).toBeGreaterThan(0.8);
    expect(model.probability({ engagement: 0.9, segment: 'a' })).toBeLessThan(0.2);
    expect(model.state.trees.length).toBeLessThan(model.state.training.options.maxTrees);
  });

  it('ranks the informative features above the noise', () => {
    const ranked = model.featureImportance().map((f) => f.feature);
    expect(ranked.slice(0, 2).sort()).toEqual(['engagement', 'segment']);
  });

  it('learns where missing values go, and scores absent fields and unseen categories', () => {
    const rows = Array.from({ length: 1200 }, (_, i) => ({ score: i % 4 === 0 ? null : ((i * 7) % 100) / 100 }));
    const labels = Uint8Array.from(rows, (r, i) => (r.score === null ? (i % 40 === 0 ? 0 : 1) : r.score > 0.7 ? 1 : 0));
    const missingModel = PredictiveModel.train({ table: tableFromRows(rows), labels, options });
    expect(missingModel.probability({ score: null })).toBeGreaterThan(0.7);
    expect(missingModel.probability({})).toBe(missingModel.probability({ score: 'n/a' }));
    expect(missingModel.probability({ score: 0.9 })).toBeGreaterThan(0.7);
    expect(missingModel.probability({ score: 0.1 })).toBeLessThan(0.3);

    const unseen = model.probability({ engagement: 0.2, segment: 'never seen', visits: 'lots', plan: 42 });
    expect(unseen).toBeGreaterThan(0);
    expect(unseen).toBeLessThan(1);
  });

  it('is deterministic for a seed', () => {
    const again = PredictiveModel.train({ table: train.table, labels: train.labels, options });
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
  });

  it('round-trips through JSON with identical predictions', () => {
    const text = JSON.stringify(model);
    const restored = PredictiveModel.fromJSON(JSON.parse(text));
    expect(restored.toJSON().format).toBe('tandem.predictive-score.gbm');
    expect(restored.logOddsOfTable(test.table)).toEqual(model.logOddsOfTable(test.table));
    expect(PredictiveModel.fromJSON(text).logOdds(test.records[0]!)).toBe(model.logOdds(test.records[0]!));
  });

  it('rejects JSON that is not a model it can run', () => {
    expect(() => PredictiveModel.fromJSON({ format: 'something else' })).toThrow(/Invalid predictive model: format/);
    const broken = JSON.parse(JSON.stringify(model)) as { trees: { split: { left: number } | null }[][] };
    broken.trees[0]![0]!.split!.left = 0;
    expect(() => PredictiveModel.fromJSON(broken)).toThrow(/tree 0 node 0 points outside/);
  });

  it('explains a score: the contributions and the bias add up to the log-odds', () => {
    for (const row of test.records.slice(0, 20)) {
      const explanation = model.explain(row, 2);
      const parts = explanation.factors.reduce((sum, f) => sum + f.contribution, 0);
      expect(explanation.bias + parts + explanation.otherContribution).toBeCloseTo(model.logOdds(row), 9);
      expect(explanation.logOdds).toBeCloseTo(model.logOdds(row), 9);
      expect(explanation.factors.length).toBeLessThanOrEqual(2);
    }
    const why = model.explain({ engagement: '0.9', segment: 'a', visits: '', plan: 'pro' });
    expect(why.factors[0]?.feature).toMatch(/engagement|segment/);
    expect(why.factors).toContainEqual(expect.objectContaining({ feature: 'segment', value: 'a' }));
    expect(why.factors.find((f) => f.feature === 'engagement')?.value).toBe(0.9);
    const magnitudes = why.factors.map((f) => Math.abs(f.contribution));
    expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
  });

  it('learns from formatted amounts and dates, keeps the date order in its JSON and shows values as written', () => {
    const rows = Array.from({ length: 1500 }, (_, i) => {
      const day = 1 + ((i * 7) % 28);
      const month = 1 + ((i * 5) % 12);
      return { spend: `$${((i * 7919) % 5000).toLocaleString('en-US')}.50`, signup: `${day}/${month}/2024` };
    });
    // Converts when the spend is high or the signup late in the year: both only readable once parsed.
    const labels = Uint8Array.from(rows, (_, i) => ((i * 7919) % 5000 > 3500 || 1 + ((i * 5) % 12) > 9 ? 1 : 0));
    const parsed = PredictiveModel.train({ table: tableFromRows(rows), labels, options });
    expect(parsed.state.features).toEqual([
      expect.objectContaining({ name: 'spend', type: 'numeric' }),
      expect.objectContaining({ name: 'signup', type: 'numeric', dates: 'dmy' }),
    ]);
    expect(rocAuc(labels, parsed.logOddsOfTable(tableFromRows(rows)))).toBeGreaterThan(0.95);
    expect(parsed.probability({ spend: '$4,900.00', signup: '1/1/2024' })).toBeGreaterThan(0.8);
    expect(parsed.probability({ spend: '$100.00', signup: '5/11/2024' })).toBeGreaterThan(0.8);
    expect(parsed.probability({ spend: '$100.00', signup: '5/3/2024' })).toBeLessThan(0.2);
    const restored = PredictiveModel.fromJSON(JSON.stringify(parsed));
    expect(restored.state.features[1]).toMatchObject({ dates: 'dmy' });
    expect(restored.logOdds({ spend: '$100.00', signup: '5/11/2024' })).toBe(
      parsed.logOdds({ spend: '$100.00', signup: '5/11/2024' }),
    );
    const why = parsed.explain({ spend: '$4,900.00', signup: '5/11/2024' });
    expect(why.factors).toContainEqual(expect.objectContaining({ feature: 'spend', value: 4900 }));
    expect(why.factors).toContainEqual(expect.objectContaining({ feature: 'signup', value: '5/11/2024' }));
    expect(() =>
      PredictiveModel.fromJSON({
        ...parsed.toJSON(),
        features: [parsed.state.features[0], { ...parsed.state.features[1], dates: 'yyyy' }],
      }),
    ).toThrow(/Invalid predictive model: features\.1/);
  });

  it('refits on all rows after early stopping on small tables, and keeps the early-stopped model on large ones', () => {
    const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ x: (i * 7919) % 1000 }));
    const labelsOf = (n: number) => Uint8Array.from({ length: n }, (_, i) => ((i * 7919) % 1000 > 600 ? 1 : 0));
    const fit = (n: number) =>
      PredictiveModel.train({
        table: tableFromRows(rowsOf(n)),
        labels: labelsOf(n),
        options: { maxTrees: 3, rowSubsample: 1, featureSubsample: 1, seed: 1 },
      });
    // Every tree's root holds the rows it was grown on: all of them after a refit, else those not held out.
    expect(fit(10_000).state.trees[0]![0]!.count).toBe(10_000);
    const large = fit(REFIT_MAX_ROWS + 10_000).state.trees[0]![0]!.count;
    expect(large).toBeGreaterThanOrEqual(REFIT_MAX_ROWS);
    expect(large).toBeLessThan(REFIT_MAX_ROWS + 10_000);
  });

  it('averages bags into one ensemble that still explains and restores exactly', () => {
    const small = syntheticLeads(800, 6);
    const bagged = PredictiveModel.train({
      table: small.table,
      labels: small.labels,
      options: { ...options, bags: 2 },
    });
    expect(bagged.state.training.bags).toHaveLength(2);
    const row = test.records[3]!;
    const explanation = bagged.explain(row, 10);
    const parts = explanation.factors.reduce((sum, f) => sum + f.contribution, 0);
    expect(explanation.bias + parts + explanation.otherContribution).toBeCloseTo(bagged.logOdds(row), 9);
    expect(PredictiveModel.fromJSON(JSON.stringify(bagged)).logOdds(row)).toBe(bagged.logOdds(row));
  });
});
