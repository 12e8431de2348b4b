import { describe, expect, it } from 'vitest';
import { crossValidate } from './evaluate.js';
import { buildEvaluationReport, formatEvaluationReport } from './report.js';
import { syntheticLeads } from './synthetic.js';
import { tableFromRows } from './table.js';

describe('crossValidate', () => {
  const { records, labels } = syntheticLeads(900, 3);
  // An id column, which typing must drop rather than learn from.
  const table = tableFromRows(records.map((r, i) => ({ ...r, lead_id: String(i + 1) })));
  let tick = 0;
  const now = () => (tick += 250);
  const run = () => crossValidate({ table, labels, folds: 3, seed: 9, options: { learningRate: 0.1 }, now });

  const result = run();

  it('trains on the other folds and scores each held-out fold', () => {
    expect(result.folds.map((f) => f.fold)).toEqual([1, 2, 3]);
    expect(result.folds.reduce((a, f) => a + f.testRows, 0)).toBe(900);
    for (const fold of result.folds) {
      expect(fold.auc).toBeGreaterThan(0.9);
      expect(fold.liftTopDecile).toBeGreaterThan(1.5);
      expect(fold.trainRows + fold.testRows).toBe(900);
    }
    expect(result.typing.dropped).toEqual([expect.objectContaining({ name: 'lead_id' })]);
    expect(
      result.topFeatures
        .slice(0, 2)
        .map((f) => f.feature)
        .sort(),
    ).toEqual(['engagement', 'segment']);
    expect(result.seconds).toBeGreaterThan(0);

    const report = buildEvaluationReport({
      file: 'leads.csv',
      dataset: {
        features: table,
        labels,
        target: 'converted',
        positiveValue: 'yes',
        positives: labels.reduce((a, b) => a + b, 0),
        rowsWithoutOutcome: 0,
        droppedByRequest: ['notes'],
      },
      validation: result,
      seed: 9,
      loadSeconds: 0.5,
    });
    expect(report.dropped.map((d) => d.name)).toEqual(['notes', 'lead_id']);
    const text = formatEvaluationReport(report);
    expect(text).toContain('leads.csv: 900 rows');
    expect(text).toMatch(/fold 3 {2}AUC 0\.9\d{3}/);
    expect(text).toContain('notes (dropped by --drop), lead_id (identifier-like');
    expect(text).toMatch(/ROC AUC 0\.9\d{3} ± 0\.\d{4}/);
    expect(text).toContain('Top features by total gain:');
  });

  it('gives the same figures for the same seed', () => {
    expect(run().folds.map((f) => f.auc)).toEqual(result.folds.map((f) => f.auc));
  });
});
