import { type Command, InvalidArgumentError } from 'commander';
import { gbmOptionsFor } from '../predictive/features.js';
import {
  buildEvaluationReport,
  crossValidate,
  formatEvaluationReport,
  loadCsvTable,
  prepareDataset,
} from './predictive/index.js';

function integerOption(min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    }
    return parsed;
  };
}

const columnList = (value: string): string[] =>
  value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');

interface EvaluateOptions {
  csv: string;
  target: string;
  positive?: string;
  drop: string[];
  folds: number;
  seed: number;
  json?: boolean;
}

/** Adds `scoring evaluate` (offline training and cross-validation of the predictive score on a CSV file). */
export function registerScoringCommands(program: Command): void {
  // Other scoring commands may already have created the group.
  const scoring =
    program.commands.find((command) => command.name() === 'scoring') ??
    program.command('scoring').description('Lead scoring');
  scoring
    .command('evaluate')
    .description(
      'Train the predictive score on a CSV file (optionally gzipped) and cross-validate it: ROC AUC and lift in the top decile',
    )
    .requiredOption('--csv <file>', 'CSV file; the delimiter (, ; or tab) is detected from the header')
    .requiredOption('--target <column>', 'the column holding the outcome')
    .option('--positive <value>', 'the target value that means converted (default: yes, true, 1, won, converted, ...)')
    .option('--drop <columns>', 'comma-separated columns to leave out, e.g. ones that leak the outcome', columnList, [])
    .option('--folds <n>', 'cross-validation folds', integerOption(2, 50), 5)
    .option('--seed <n>', 'random seed; the same seed gives the same result', integerOption(0, 2 ** 31 - 1), 1)
    .option('--json', 'print one JSON object instead of the summary')
    .action(async (opts: EvaluateOptions) => {
      const loadStarted = performance.now();
      const table = await loadCsvTable(opts.csv);
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      const dataset = prepareDataset(table, { target: opts.target, positive: opts.positive, drop: opts.drop });
      const validation = crossValidate({
        table: dataset.features,
        labels: dataset.labels,
        folds: opts.folds,
        seed: opts.seed,
        // The limits the in-app model trains with for this many rows: the library's defaults suit thousands
        // of rows and allow no split at all in a small file's folds (every fold would report AUC 0.5).
        options: gbmOptionsFor(dataset.labels.length),
      });
      const report = buildEvaluationReport({ file: opts.csv, dataset, validation, seed: opts.seed, loadSeconds });
      console.log(opts.json ? JSON.stringify(report, null, 2) : formatEvaluationReport(report));
    });
}
