import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crossValidate, loadCsvTable, prepareDataset } from '../../src/modules/scoring/predictive/index.js';

/**
 * The acceptance figure of the predictive score: 5-fold ROC AUC on UCI Bank Marketing without `duration`
 * (known only after the call, so it leaks the outcome). Published best is about 0.80. The file is looked
 * for beside the repository (../shared/datasets) unless TANDEM_BANK_CSV names it.
 */
const BANK =
  process.env.TANDEM_BANK_CSV ??
  fileURLToPath(new URL('../../../shared/datasets/bank-additional-full.csv.gz', import.meta.url));
const present = existsSync(BANK);
if (!present) console.warn(`Skipping the bank data set check: ${BANK} is absent.`);

describe.skipIf(!present)('predictive score on UCI Bank Marketing', () => {
  it('reaches a mean 5-fold ROC AUC of at least 0.80', { timeout: 180_000 }, async () => {
    const dataset = prepareDataset(await loadCsvTable(BANK), { target: 'y', drop: ['duration'] });
    expect(dataset.labels.length).toBe(41_188);
    expect(dataset.positives).toBe(4_640);
    const result = crossValidate({ table: dataset.features, labels: dataset.labels, folds: 5, seed: 1 });
    console.log(
      `bank: AUC per fold ${result.folds.map((f) => f.auc.toFixed(4)).join(' ')}; mean ${result.meanAuc.toFixed(4)} ± ${result.stdAuc.toFixed(4)}; lift@10% ${result.meanLiftTopDecile.toFixed(2)}; ${result.seconds.toFixed(1)} s`,
    );
    expect(result.meanAuc).toBeGreaterThanOrEqual(0.8);
    expect(result.meanLiftTopDecile).toBeGreaterThan(3);
  });
});
