import { z } from 'zod';
import { binner, type FeatureBinning } from './binning.js';
import { trainGbm, type GbmOptions, type GbmState, type TrainInput } from './gbm.js';
import { categoryOf, DATE_ORDERS, featureNumber, type FeatureRow, type RawValue, type Table } from './table.js';
import { addTreeOutputs, compileTree, leafOf, type CompiledTree, type Tree } from './tree.js';

export const MODEL_FORMAT = 'tandem.predictive-score.gbm';
/**
 * 2: numeric features may read values as dates or with a decimal comma (`dates`, `decimalComma`); a version 1
 * model has neither and reads as before. Code that knows only version 1 refuses a version 2 model instead of
 * dropping those fields and reading such features as missing.
 */
export const MODEL_VERSION = 2;

/** One reason behind a score: the feature, the row's value of it, and how far it moved the log-odds. */
export interface Factor {
  feature: string;
  value: string | number | null;
  contribution: number;
}

/**
 * bias + the sum of all contributions = logOdds. `factors` holds the strongest ones (by absolute
 * contribution); `otherContribution` sums the rest, so the parts always add up.
 */
export interface Explanation {
  bias: number;
  logOdds: number;
  probability: number;
  factors: Factor[];
  otherContribution: number;
}

export interface FeatureImportance {
  feature: string;
  type: FeatureBinning['type'];
  /** Total loss reduction from the feature's splits over all trees. */
  gain: number;
  /** gain as a share of all features' gain. */
  share: number;
}

const index = z.number().int().min(0);
const splitSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('numeric'),
    feature: index,
    gain: z.number(),
    left: index,
    right: index,
    threshold: index,
    missingLeft: z.boolean(),
  }),
  z.object({
    kind: z.literal('categorical'),
    feature: index,
    gain: z.number(),
    left: index,
    right: index,
    leftBins: z.array(index.max(255)),
  }),
]);
const nodeSchema = z.object({ value: z.number(), count: index, split: splitSchema.nullable() });
const featureSchema = z.discriminatedUnion('type', [
  z.object({
    name: z.string(),
    type: z.literal('numeric'),
    upperBounds: z.array(z.number()).max(254),
    dates: z.enum(DATE_ORDERS).optional(),
    decimalComma: z.literal(true).optional(),
  }),
  z.object({ name: z.string(), type: z.literal('categorical'), categories: z.array(z.string()).max(254) }),
]);
const optionsSchema = z.object({
  learningRate: z.number(),
  maxTrees: z.number(),
  earlyStoppingRounds: z.number(),
  validationFraction: z.number(),
  rowSubsample: z.number(),
  featureSubsample: z.number(),
  maxLeaves: z.number(),
  maxDepth: z.number(),
  minSamplesLeaf: z.number(),
  minHessianLeaf: z.number(),
  l2: z.number(),
  minGain: z.number(),
  categoricalSmoothing: z.number(),
  categoricalL2: z.number(),
  categoryMinRows: z.number(),
  maxCategoriesPerSplit: z.number(),
  maxBins: z.number(),
  minCategoryCount: z.number(),
  refit: z.boolean(),
  bags: z.number(),
  seed: z.number(),
}) satisfies z.ZodType<GbmOptions>;
const modelJsonSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.union([z.literal(1), z.literal(MODEL_VERSION)]),
  features: z.array(featureSchema).min(1),
  baseScore: z.number(),
  trees: z.array(z.array(nodeSchema).min(1)),
  training: z.object({
    rows: index,
    positives: index,
    bags: z.array(z.object({ trees: index, treesGrown: index, validationLogLoss: z.number().nullable() })),
    options: optionsSchema,
  }),
});

export type PredictiveModelJson = z.infer<typeof modelJsonSchema>;

/** Children must come after their parent and features must exist, or prediction could loop or crash. */
function checkTree(tree: Tree, featureCount: number, treeIndex: number): void {
  tree.forEach((node, i) => {
    const split = node.split;
    if (!split) return;
    const ok =
      split.feature < featureCount &&
      split.left > i &&
      split.right > i &&
      split.left < tree.length &&
      split.right < tree.length;
    if (!ok) throw new Error(`Invalid predictive model: tree ${treeIndex} node ${i} points outside the model.`);
  });
}

/**
 * A trained predictive score: the probability that a contact converts, with the reasons. Rows are keyed by
 * the feature names used in training; absent or unparseable values count as missing and categories never
 * seen in training as rare.
 */
export class PredictiveModel {
  private readonly compiled: CompiledTree[];
  private readonly binners: ((value: RawValue) => number)[];

  constructor(readonly state: GbmState) {
    this.compiled = state.trees.map(compileTree);
    this.binners = state.features.map(binner);
  }

  static train(input: TrainInput): PredictiveModel {
    return new PredictiveModel(trainGbm(input));
  }

  get featureNames(): string[] {
    return this.state.features.map((f) => f.name);
  }

  private rowBins(row: FeatureRow): Uint8Array {
    return Uint8Array.from(this.state.features, (f, i) =>
      this.binners[i]!(Object.hasOwn(row, f.name) ? row[f.name] : null),
    );
  }

  logOdds(row: FeatureRow): number {
    const bins = this.rowBins(row);
    let score = this.state.baseScore;
    for (const tree of this.compiled) score += tree.value[leafOf(tree, (f) => bins[f]!)]!;
    return score;
  }

  probability(row: FeatureRow): number {
    return 1 / (1 + Math.exp(-this.logOdds(row)));
  }

  /** Log-odds for every row of a table (columns by feature name; absent columns are missing). */
  logOddsOfTable(table: Table): Float64Array {
    const bins = this.state.features.map((feature, i) => {
      const values = table.columns.get(feature.name);
      const column = new Uint8Array(table.rowCount);
      if (values) for (let r = 0; r < table.rowCount; r++) column[r] = this.binners[i]!(values[r]);
      return column;
    });
    const scores = new Float64Array(table.rowCount).fill(this.state.baseScore);
    for (const tree of this.compiled) addTreeOutputs(tree, bins, scores);
    return scores;
  }

  /**
   * Why this row scores as it does, by path attribution (Saabas): walking each tree from the root to the
   * row's leaf, every step changes the node value, and the change is credited to the feature split on.
   */
  explain(row: FeatureRow, top = 5): Explanation {
    const bins = this.rowBins(row);
    const contributions = new Float64Array(this.state.features.length);
    let bias = this.state.baseScore;
    for (const tree of this.compiled) {
      let node = 0;
      bias += tree.value[0]!;
      while (tree.feature[node]! >= 0) {
        const feature = tree.feature[node]!;
        const next = tree.goLeft[node * 256 + bins[feature]!] ? tree.left[node]! : tree.right[node]!;
        contributions[feature]! += tree.value[next]! - tree.value[node]!;
        node = next;
      }
    }
    const all: Factor[] = this.state.features.map((feature, i) => {
      const raw = Object.hasOwn(row, feature.name) ? row[feature.name] : null;
      return { feature: feature.name, value: displayValue(feature, raw), contribution: contributions[i]! };
    });
    const ranked = all
      .filter((f) => f.contribution !== 0)
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.feature < b.feature ? -1 : 1));
    const factors = ranked.slice(0, Math.max(0, top));
    const otherContribution = ranked.slice(factors.length).reduce((sum, f) => sum + f.contribution, 0);
    const logOdds = bias + contributions.reduce((sum, c) => sum + c, 0);
    return { bias, logOdds, probability: 1 / (1 + Math.exp(-logOdds)), factors, otherContribution };
  }

  /** Features by total split gain, highest first. */
  featureImportance(): FeatureImportance[] {
    const gains = new Float64Array(this.state.features.length);
    for (const tree of this.state.trees)
      for (const node of tree) if (node.split) gains[node.split.feature]! += node.split.gain;
    const total = gains.reduce((a, b) => a + b, 0);
    return this.state.features
      .map((f, i) => ({ feature: f.name, type: f.type, gain: gains[i]!, share: total > 0 ? gains[i]! / total : 0 }))
      .sort((a, b) => b.gain - a.gain || (a.feature < b.feature ? -1 : 1));
  }

  /** Plain, versioned JSON, to store the model in the database. */
  toJSON(): PredictiveModelJson {
    return { format: MODEL_FORMAT, version: MODEL_VERSION, ...this.state };
  }

  /** Rebuilds a model from toJSON() output (an object or its JSON text); throws naming what is wrong. */
  static fromJSON(json: unknown): PredictiveModel {
    const parsed = modelJsonSchema.safeParse(typeof json === 'string' ? JSON.parse(json) : json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `Invalid predictive model: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unreadable'}.`,
      );
    }
    const { format: _format, version: _version, ...state } = parsed.data;
    state.trees.forEach((tree, i) => checkTree(tree, state.features.length, i));
    return new PredictiveModel(state);
  }
}

/**
 * A row's value of a feature as a reason shows it: the number read from it (a formatted "$1,200" shows as
 * 1200), a date or a category as written, null when the model reads it as missing.
 */
export function displayValue(feature: FeatureBinning, raw: RawValue): string | number | null {
  if (feature.type === 'categorical') return categoryOf(raw);
  const number = featureNumber(raw, feature);
  if (Number.isNaN(number)) return null;
  return feature.dates ? categoryOf(raw) : number;
}
