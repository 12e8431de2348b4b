import {
  crossValidate,
  PredictiveModel,
  type ColumnTyping,
  type PredictiveModelJson,
  type RawValue,
} from '../scoring/predictive/index.js';
import { gbmOptionsFor } from './features.js';

/** What a training run needs, in plain data (it crosses into a worker thread by structured clone). */
export interface TrainingInput {
  rowCount: number;
  columns: [string, readonly RawValue[]][];
  labels: Uint8Array;
  typing: ColumnTyping;
  folds: number;
  seed: number;
}

export interface TrainingOutput {
  auc: number;
  aucStd: number;
  model: PredictiveModelJson;
  importance: { feature: string; type: string; share: number }[];
}

/** Cross-validates (the AUC to report), then trains the final model on every row. CPU-bound and pure. */
export function runTraining(input: TrainingInput): TrainingOutput {
  const table = { rowCount: input.rowCount, columns: new Map(input.columns) };
  const options = gbmOptionsFor(input.rowCount);
  const validation = crossValidate({
    table,
    labels: input.labels,
    folds: input.folds,
    seed: input.seed,
    options,
  });
  const model = PredictiveModel.train({
    table,
    labels: input.labels,
    typing: input.typing,
    options: { ...options, seed: input.seed },
  });
  return {
    auc: validation.meanAuc,
    aucStd: validation.stdAuc,
    model: model.toJSON(),
    importance: model
      .featureImportance()
      .filter((f) => f.share > 0)
      .map((f) => ({ feature: f.feature, type: f.type, share: f.share })),
  };
}
