import { binCount, binTable, fitBinnings, type FeatureBinning } from './binning.js';
import { stratifiedHoldout } from './folds.js';
import { createRandom, shuffleInPlace, type Random } from './random.js';
import { inferColumnTypes, type ColumnTyping, type Table } from './table.js';
import {
  addTreeOutputs,
  compileTree,
  growTree,
  HistogramPool,
  type BinnedData,
  type Tree,
  type TreeRules,
} from './tree.js';

/**
 * Gradient-boosted decision trees for a binary outcome (logistic loss).
 *
 * The defaults are LightGBM's, leaning further to regularisation (L2 10, at least 50 rows per leaf):
 * CRM outcome tables are often a few thousand rows, where those settings gained 1-2 AUC points on
 * synthetic lead data, while on large tables the penalty fades against the leaves' hessian sums. The number
 * of trees is not a default: early stopping on a validation split carved from the training rows picks it
 * for each data set, and the model is then refit on all rows with that count scaled to the larger set
 * (below REFIT_MAX_ROWS training rows: past it the held-out rows add little and the refit doubles the time).
 */
export interface GbmOptions extends TreeRules {
  /** Shrinkage applied to every tree's output. */
  learningRate: number;
  /** Upper bound on trees; early stopping usually ends sooner. */
  maxTrees: number;
  /** Stop after this many trees without a better validation loss; keep the best count. */
  earlyStoppingRounds: number;
  /** Share of the training rows (per class) held out for early stopping. */
  validationFraction: number;
  /** Share of rows each tree sees. */
  rowSubsample: number;
  /** Share of features each tree may split on. */
  featureSubsample: number;
  maxBins: number;
  minCategoryCount: number;
  /**
   * After early stopping, retrain on all rows (validation ones too) with the tree count scaled up, when
   * fewer than REFIT_MAX_ROWS rows trained.
   */
  refit: boolean;
  /** Models averaged, each with its own validation split (and row and feature samples). */
  bags: number;
  seed: number;
}

export const DEFAULT_GBM_OPTIONS: GbmOptions = {
  learningRate: 0.05,
  maxTrees: 1000,
  earlyStoppingRounds: 50,
  validationFraction: 0.15,
  rowSubsample: 0.8,
  featureSubsample: 0.8,
  maxLeaves: 31,
  maxDepth: 8,
  minSamplesLeaf: 50,
  minHessianLeaf: 1e-3,
  l2: 10,
  minGain: 0,
  categoricalSmoothing: 10,
  categoricalL2: 10,
  categoryMinRows: 10,
  maxCategoriesPerSplit: 32,
  maxBins: 255,
  minCategoryCount: 10,
  refit: true,
  bags: 1,
  seed: 1,
};

/**
 * From this many training rows on, the early-stopped model is kept as it is: the refit would add the
 * held-out 15% and take as long again. (400,000 rows of 20 features: 743 s for a 5-fold evaluation with
 * refits; see docs/benchmarks.md.)
 */
export const REFIT_MAX_ROWS = 50_000;

/** Below this many rows of either class in the validation split, early stopping would chase noise. */
const MIN_VALIDATION_ROWS_PER_CLASS = 5;

/** What training learnt, in plain data; the model class adds prediction on top. */
export interface GbmState {
  features: FeatureBinning[];
  /** Log-odds of the training positive rate: the prediction before any tree. */
  baseScore: number;
  /** Node values already include the learning rate. */
  trees: Tree[];
  training: {
    rows: number;
    positives: number;
    /** Per bag: trees kept, trees grown before early stopping ended, and the validation log-loss at the
     * kept count (null when the data were too small to hold rows out). */
    bags: { trees: number; treesGrown: number; validationLogLoss: number | null }[];
    options: GbmOptions;
  };
}

export interface TrainInput {
  table: Table;
  /** 1 = converted, 0 = not, one per table row. */
  labels: Uint8Array;
  /** How to use each column; inferred from the table when left out. */
  typing?: ColumnTyping;
  options?: Partial<GbmOptions>;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function sampleFeatures(count: number, share: number, random: Random): number[] {
  const all = Array.from({ length: count }, (_, f) => f);
  const keep = Math.max(1, Math.round(count * share));
  if (keep >= count) return all;
  shuffleInPlace(all, random);
  return all.slice(0, keep).sort((a, b) => a - b);
}

/** Trains the ensemble; deterministic for a given seed. */
export function trainGbm(input: TrainInput): GbmState {
  const options: GbmOptions = { ...DEFAULT_GBM_OPTIONS, ...input.options };
  const { table, labels } = input;
  if (labels.length !== table.rowCount) throw new Error('One label per table row is needed.');
  if (labels.some((label) => label !== 0 && label !== 1)) throw new Error('Labels must be 0 or 1.');
  const typing = input.typing ?? inferColumnTypes(table);
  if (typing.features.length === 0) throw new Error('No usable feature columns to learn from.');
  const random = createRandom(options.seed);

  const binnings = fitBinnings(table, typing.features, options);
  const data: BinnedData = {
    bins: binTable(table, binnings),
    binCounts: binnings.map(binCount),
    categorical: binnings.map((b) => b.type === 'categorical'),
  };

  const runs = Array.from({ length: Math.max(1, options.bags) }, () => trainBag(data, labels, options, random));
  // The average of the bags' predictions is itself a sum of trees: shrink each bag's trees by 1 / bags.
  const share = 1 / runs.length;
  return {
    features: binnings,
    baseScore: runs.reduce((sum, run) => sum + run.baseScore * share, 0),
    trees: runs.flatMap((run) =>
      run.trees.map((tree) =>
        tree.map((node) => ({
          value: node.value * share,
          count: node.count,
          split: node.split && { ...node.split, gain: node.split.gain * share },
        })),
      ),
    ),
    training: {
      rows: labels.length,
      positives: labels.reduce((sum, label) => sum + label, 0),
      bags: runs.map((run) => ({
        trees: run.trees.length,
        treesGrown: run.treesGrown,
        validationLogLoss: run.validationLogLoss,
      })),
      options,
    },
  };
}

/**
 * One bag: carve a stratified validation split, boost with early stopping on it, then (with `refit`) boost
 * again on all rows with the tree count found, scaled to the larger training set.
 */
function trainBag(data: BinnedData, labels: Uint8Array, options: GbmOptions, random: Random): BoostRun {
  const heldOut = stratifiedHoldout(labels, options.validationFraction, random);
  let validationPositives = 0;
  let validationRows = 0;
  for (let i = 0; i < labels.length; i++) {
    if (heldOut[i]) {
      validationRows++;
      validationPositives += labels[i]!;
    }
  }
  const allRows = Array.from({ length: labels.length }, (_, i) => i);
  const earlyStopping =
    validationPositives >= MIN_VALIDATION_ROWS_PER_CLASS &&
    validationRows - validationPositives >= MIN_VALIDATION_ROWS_PER_CLASS;
  if (!earlyStopping) {
    // Nothing to stop on: a modest fixed ensemble on all rows.
    const fixed = { ...options, maxTrees: Math.min(options.maxTrees, 100) };
    return boost({ data, labels, trainRows: allRows, validationRows: null, options: fixed, random });
  }
  const trainRows = allRows.filter((i) => !heldOut[i]);
  const validation = allRows.filter((i) => heldOut[i]);
  const stopped = boost({ data, labels, trainRows, validationRows: validation, options, random });
  if (!options.refit || trainRows.length >= REFIT_MAX_ROWS) return stopped;
  const trees = Math.max(1, Math.round(stopped.trees.length * (allRows.length / trainRows.length)));
  const refit = boost({
    data,
    labels,
    trainRows: allRows,
    validationRows: null,
    options: { ...options, maxTrees: trees },
    random,
  });
  return { ...refit, treesGrown: stopped.treesGrown, validationLogLoss: stopped.validationLogLoss };
}

interface BoostInput {
  data: BinnedData;
  labels: Uint8Array;
  trainRows: readonly number[];
  /** Rows for early stopping, or null to grow `options.maxTrees` trees. */
  validationRows: readonly number[] | null;
  options: GbmOptions;
  random: Random;
}

interface BoostRun {
  baseScore: number;
  /** The trees up to the best validation loss (all of them without validation). */
  trees: Tree[];
  treesGrown: number;
  validationLogLoss: number | null;
  rows: number;
  positives: number;
}

/** The boosting loop: each tree is a Newton step on the logistic loss, shrunk by the learning rate. */
function boost(input: BoostInput): BoostRun {
  const { data, labels, trainRows, validationRows, options, random } = input;
  let positives = 0;
  for (const row of trainRows) positives += labels[row]!;
  if (positives === 0 || positives === trainRows.length) throw new Error('Training needs both outcomes.');
  const baseScore = Math.log(positives / (trainRows.length - positives));

  const scores = new Float64Array(labels.length).fill(baseScore);
  const gradients = new Float64Array(labels.length);
  const hessians = new Float64Array(labels.length);
  const pool = new HistogramPool(data.binCounts.reduce((a, b) => a + b, 0) * 3);
  const sampled = new Uint32Array(trainRows.length);
  const trees: Tree[] = [];
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestTrees = 0;

  for (let round = 0; round < options.maxTrees; round++) {
    let count = 0;
    for (const row of trainRows) {
      const p = sigmoid(scores[row]!);
      gradients[row] = p - labels[row]!;
      hessians[row] = Math.max(p * (1 - p), 1e-16);
      if (options.rowSubsample >= 1 || random.next() < options.rowSubsample) sampled[count++] = row;
    }
    const tree = growTree({
      data,
      gradients,
      hessians,
      rows: sampled.subarray(0, count),
      features: sampleFeatures(data.bins.length, options.featureSubsample, random),
      rules: options,
      pool,
    });
    for (const node of tree) node.value *= options.learningRate;
    trees.push(tree);
    addTreeOutputs(compileTree(tree), data.bins, scores);

    if (validationRows === null) {
      bestTrees = trees.length;
      continue;
    }
    let loss = 0;
    for (const row of validationRows) {
      const p = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(scores[row]!)));
      loss -= labels[row] === 1 ? Math.log(p) : Math.log(1 - p);
    }
    loss /= validationRows.length;
    if (loss < bestLoss - 1e-12) {
      bestLoss = loss;
      bestTrees = trees.length;
    } else if (trees.length - bestTrees >= options.earlyStoppingRounds) break;
  }
  return {
    baseScore,
    trees: trees.slice(0, bestTrees),
    treesGrown: trees.length,
    validationLogLoss: validationRows === null ? null : bestLoss,
    rows: trainRows.length,
    positives,
  };
}
