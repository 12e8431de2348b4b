import { stratifiedFolds } from './folds.js';
import { type GbmOptions } from './gbm.js';
import { liftAtTop, meanAndStd, rocAuc } from './metrics.js';
import { PredictiveModel } from './model.js';
import { inferColumnTypes, selectRows, type ColumnTyping, type FeatureType, type Table } from './table.js';

export interface FoldResult {
  fold: number;
  trainRows: number;
  testRows: number;
  auc: number;
  liftTopDecile: number;
  trees: number;
  seconds: number;
}

export interface CrossValidation {
  typing: ColumnTyping;
  folds: FoldResult[];
  meanAuc: number;
  stdAuc: number;
  meanLiftTopDecile: number;
  seconds: number;
  /** Gain summed over the fold models, highest first. */
  topFeatures: { feature: string; type: FeatureType; gain: number; share: number }[];
}

export interface CrossValidationInput {
  table: Table;
  labels: Uint8Array;
  folds: number;
  seed: number;
  options?: Partial<GbmOptions>;
  /** Called after each fold (progress for the CLI). */
  onFold?: (result: FoldResult) => void;
  /** Clock for the timings; injected so tests need not depend on wall time. */
  now?: () => number;
}

/**
 * Stratified k-fold cross-validation: each fold's model is trained (typing aside, which ignores labels)
 * on the other folds only, including its early-stopping split, and scored on the held-out fold.
 */
export function crossValidate(input: CrossValidationInput): CrossValidation {
  const now = input.now ?? (() => performance.now());
  const started = now();
  const typing = inferColumnTypes(input.table);
  if (typing.features.length === 0) {
    throw new Error(`No usable feature columns: ${typing.dropped.map((d) => `${d.name} (${d.reason})`).join(', ')}.`);
  }
  const foldOf = stratifiedFolds(input.labels, input.folds, input.seed);
  const results: FoldResult[] = [];
  const gains = new Map<string, { type: FeatureType; gain: number }>();
  for (let fold = 0; fold < input.folds; fold++) {
    const foldStarted = now();
    const trainIds: number[] = [];
    const testIds: number[] = [];
    for (let row = 0; row < foldOf.length; row++) (foldOf[row] === fold ? testIds : trainIds).push(row);
    const model = PredictiveModel.train({
      table: selectRows(input.table, trainIds),
      labels: Uint8Array.from(trainIds, (row) => input.labels[row]!),
      typing,
      options: { ...input.options, seed: input.seed * 1000 + fold },
    });
    const scores = model.logOddsOfTable(selectRows(input.table, testIds));
    const testLabels = Uint8Array.from(testIds, (row) => input.labels[row]!);
    const result: FoldResult = {
      fold: fold + 1,
      trainRows: trainIds.length,
      testRows: testIds.length,
      auc: rocAuc(testLabels, scores),
      liftTopDecile: liftAtTop(testLabels, scores, 0.1),
      trees: model.state.trees.length,
      seconds: (now() - foldStarted) / 1000,
    };
    results.push(result);
    input.onFold?.(result);
    for (const importance of model.featureImportance()) {
      const entry = gains.get(importance.feature) ?? { type: importance.type, gain: 0 };
      entry.gain += importance.gain;
      gains.set(importance.feature, entry);
    }
  }
  const auc = meanAndStd(results.map((r) => r.auc));
  const totalGain = [...gains.values()].reduce((a, g) => a + g.gain, 0);
  return {
    typing,
    folds: results,
    meanAuc: auc.mean,
    stdAuc: auc.std,
    meanLiftTopDecile: meanAndStd(results.map((r) => r.liftTopDecile)).mean,
    seconds: (now() - started) / 1000,
    topFeatures: [...gains]
      .map(([feature, g]) => ({ feature, type: g.type, gain: g.gain, share: totalGain > 0 ? g.gain / totalGain : 0 }))
      .sort((a, b) => b.gain - a.gain || (a.feature < b.feature ? -1 : 1)),
  };
}
