/** Public API of the predictive lead score. */
export { binner, type FeatureBinning } from './binning.js';
export { loadCsvTable, detectDelimiter } from './csv.js';
export { prepareDataset, resolvePositiveValue, type Dataset, type DatasetRequest } from './dataset.js';
export { crossValidate, type CrossValidation, type FoldResult } from './evaluate.js';
export { stratifiedFolds } from './folds.js';
export { DEFAULT_GBM_OPTIONS, type GbmOptions } from './gbm.js';
export { liftAtTop, rocAuc } from './metrics.js';
export {
  displayValue,
  PredictiveModel,
  type Explanation,
  type Factor,
  type FeatureImportance,
  type PredictiveModelJson,
} from './model.js';
export { buildEvaluationReport, formatEvaluationReport, type EvaluationReport } from './report.js';
export {
  inferColumnTypes,
  tableFromRows,
  type ColumnTyping,
  type FeatureRow,
  type RawValue,
  type Table,
} from './table.js';
