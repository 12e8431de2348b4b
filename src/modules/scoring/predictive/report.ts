import type { Dataset } from './dataset.js';
import type { CrossValidation, FoldResult } from './evaluate.js';
import type { FeatureColumn } from './table.js';

/** The result of `tandem scoring evaluate`, as printed with --json. */
export interface EvaluationReport {
  file: string;
  target: string;
  positiveValue: string;
  rows: number;
  positives: number;
  positiveRate: number;
  rowsWithoutOutcome: number;
  features: FeatureColumn[];
  dropped: { name: string; reason: string }[];
  model: 'gradient-boosted trees';
  folds: FoldResult[];
  seed: number;
  meanAuc: number;
  stdAuc: number;
  meanLiftTopDecile: number;
  loadSeconds: number;
  trainingSeconds: number;
  topFeatures: CrossValidation['topFeatures'];
}

export function buildEvaluationReport(input: {
  file: string;
  dataset: Dataset;
  validation: CrossValidation;
  seed: number;
  loadSeconds: number;
}): EvaluationReport {
  const { dataset, validation } = input;
  return {
    file: input.file,
    target: dataset.target,
    positiveValue: dataset.positiveValue,
    rows: dataset.labels.length,
    positives: dataset.positives,
    positiveRate: dataset.positives / dataset.labels.length,
    rowsWithoutOutcome: dataset.rowsWithoutOutcome,
    features: validation.typing.features,
    dropped: [
      ...dataset.droppedByRequest.map((name) => ({ name, reason: 'dropped by --drop' })),
      ...validation.typing.dropped,
    ],
    model: 'gradient-boosted trees',
    folds: validation.folds,
    seed: input.seed,
    meanAuc: validation.meanAuc,
    stdAuc: validation.stdAuc,
    meanLiftTopDecile: validation.meanLiftTopDecile,
    loadSeconds: input.loadSeconds,
    trainingSeconds: validation.seconds,
    topFeatures: validation.topFeatures.slice(0, 10),
  };
}

const percent = (share: number) => `${(share * 100).toFixed(share < 0.001 && share > 0 ? 2 : 1)}%`;

const DATE_ORDER_NAMES = { ymd: 'year/month/day', dmy: 'day/month/year', mdy: 'month/day/year' } as const;

function describeFeature(feature: FeatureColumn): string {
  const details = [
    feature.type === 'categorical'
      ? `categorical, ${feature.distinct} values`
      : feature.dates
        ? `dates, ${DATE_ORDER_NAMES[feature.dates]}`
        : feature.decimalComma
          ? 'numeric, decimal commas'
          : 'numeric',
  ];
  if (feature.missingShare > 0) details.push(`${percent(feature.missingShare)} missing`);
  if (feature.readAsMissing?.length)
    details.push(`read as missing: ${feature.readAsMissing.map((v) => `"${v}"`).join(', ')}`);
  return `${feature.name} (${details.join(', ')})`;
}

/** The human-readable summary the CLI prints. */
export function formatEvaluationReport(report: EvaluationReport): string {
  const lines = [
    `${report.file}: ${report.rows} rows, ${report.positives} positive (${report.target} = "${report.positiveValue}", ${percent(report.positiveRate)})` +
      (report.rowsWithoutOutcome > 0 ? `; ${report.rowsWithoutOutcome} rows without an outcome left out` : ''),
    `Features used (${report.features.length}): ${report.features.map(describeFeature).join(', ')}`,
    `Columns dropped (${report.dropped.length}): ${report.dropped.length ? report.dropped.map((d) => `${d.name} (${d.reason})`).join(', ') : 'none'}`,
    '',
    `${report.folds.length}-fold stratified cross-validation of ${report.model} (seed ${report.seed}):`,
    ...report.folds.map(
      (f) =>
        `  fold ${f.fold}  AUC ${f.auc.toFixed(4)}  lift@10% ${f.liftTopDecile.toFixed(2)}  ${f.trees} trees  ${f.seconds.toFixed(1)} s`,
    ),
    `ROC AUC ${report.meanAuc.toFixed(4)} ± ${report.stdAuc.toFixed(4)}   lift in the top decile ${report.meanLiftTopDecile.toFixed(2)}`,
    `Training time ${report.trainingSeconds.toFixed(1)} s (CSV read in ${report.loadSeconds.toFixed(1)} s)`,
    '',
    'Top features by total gain:',
    ...report.topFeatures.map(
      (f, i) =>
        `  ${String(i + 1).padStart(2)}. ${f.feature.padEnd(24)} ${f.type.padEnd(12)} ${percent(f.share).padStart(6)}`,
    ),
  ];
  return lines.join('\n');
}
