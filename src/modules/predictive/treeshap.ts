import { binner, displayValue, type FeatureRow, type PredictiveModel } from '../scoring/predictive/index.js';

/**
 * SHAP values of a tree ensemble (path-dependent TreeSHAP, Lundberg, Erion and Lee 2018, algorithm 2, as in
 * the `shap` library's tree_shap.h). Like path attribution (Saabas) the parts add up exactly: the expected
 * score + the contributions = the contact's log-odds. Unlike it, each contribution is the feature's Shapley
 * value, so credit does not depend on where in a tree the feature happens to be split (Saabas over-credits
 * splits near the leaves and lets a feature get credit for what another one decided).
 *
 * "Missing" a feature means: average over both branches of its splits, weighted by the training rows that
 * went each way (node counts).
 */

type Node = PredictiveModel['state']['trees'][number][number];
type Split = NonNullable<Node['split']>;

/**
 * The unique path of the recursion, as in tree_shap.h: one flat buffer, each level's path stored right after
 * its parent's (the parent's elements copied, then extended), so walking a tree allocates nothing.
 * Element k of a path at `base` is at index base + k.
 */
class PathBuffer {
  readonly feature: Int32Array;
  /** Share of the training rows that follow the path when the feature is unknown. */
  readonly zero: Float64Array;
  /** 1 when the row's own value follows the path, else 0. */
  readonly one: Float64Array;
  readonly weight: Float64Array;
  constructor(size: number) {
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
  }
}

function extendPath(p: PathBuffer, base: number, depth: number, zero: number, one: number, feature: number): void {
  const w = p.weight;
  p.feature[base + depth] = feature;
  p.zero[base + depth] = zero;
  p.one[base + depth] = one;
  w[base + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    w[base + i + 1]! += (one * w[base + i]! * (i + 1)) / (depth + 1);
    w[base + i] = (zero * w[base + i]! * (depth - i)) / (depth + 1);
  }
}

function unwindPath(p: PathBuffer, base: number, depth: number, index: number): void {
  const one = p.one[base + index]!;
  const zero = p.zero[base + index]!;
  const w = p.weight;
  let next = w[base + depth]!;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const previous = w[base + i]!;
      w[base + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = previous - (w[base + i]! * zero * (depth - i)) / (depth + 1);
    } else {
      w[base + i] = (w[base + i]! * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    p.feature[base + i] = p.feature[base + i + 1]!;
    p.zero[base + i] = p.zero[base + i + 1]!;
    p.one[base + i] = p.one[base + i + 1]!;
  }
}

/** The total weight the path would have with element `index` taken out (without changing the path). */
function unwoundPathSum(p: PathBuffer, base: number, depth: number, index: number): number {
  const one = p.one[base + index]!;
  const zero = p.zero[base + index]!;
  const w = p.weight;
  let next = w[base + depth]!;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const part = (next * (depth + 1)) / ((i + 1) * one);
      total += part;
      next = w[base + i]! - part * zero * ((depth - i) / (depth + 1));
    } else if (zero !== 0) {
      total += w[base + i]! / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

/** Whether a row in `bin` of the split's feature goes to the left child (bins as the model's binning). */
export function goesLeft(split: Split, bin: number): boolean {
  if (split.kind === 'numeric') return bin === 0 ? split.missingLeft : bin <= split.threshold;
  return split.leftBins.includes(bin);
}

function treeDepth(tree: readonly Node[], node = 0): number {
  const split = tree[node]!.split;
  return split ? 1 + Math.max(treeDepth(tree, split.left), treeDepth(tree, split.right)) : 0;
}

function treeShap(tree: readonly Node[], bins: Uint8Array, phi: Float64Array, p: PathBuffer): void {
  const recurse = (
    nodeIndex: number,
    parentBase: number,
    depth: number,
    zero: number,
    one: number,
    feature: number,
  ): void => {
    // This level's path: the parent's `depth` elements, copied just after it, then extended.
    const base = parentBase + depth;
    if (depth > 0) {
      p.feature.copyWithin(base, parentBase, parentBase + depth);
      p.zero.copyWithin(base, parentBase, parentBase + depth);
      p.one.copyWithin(base, parentBase, parentBase + depth);
      p.weight.copyWithin(base, parentBase, parentBase + depth);
    }
    extendPath(p, base, depth, zero, one, feature);
    const node = tree[nodeIndex]!;
    const split = node.split;
    if (!split) {
      for (let i = 1; i <= depth; i++) {
        phi[p.feature[base + i]!]! +=
          unwoundPathSum(p, base, depth, i) * (p.one[base + i]! - p.zero[base + i]!) * node.value;
      }
      return;
    }
    const left = goesLeft(split, bins[split.feature]!);
    const hot = left ? split.left : split.right;
    const cold = left ? split.right : split.left;
    let incomingZero = 1;
    let incomingOne = 1;
    let pathDepth = depth;
    let seen = -1;
    for (let i = 0; i <= depth; i++) {
      if (p.feature[base + i] === split.feature) {
        seen = i;
        break;
      }
    }
    if (seen >= 0) {
      // The feature was split on above: undo that step, then redo it with both splits' fractions combined.
      incomingZero = p.zero[base + seen]!;
      incomingOne = p.one[base + seen]!;
      unwindPath(p, base, pathDepth, seen);
      pathDepth -= 1;
    }
    const count = node.count;
    recurse(hot, base, pathDepth + 1, (tree[hot]!.count / count) * incomingZero, incomingOne, split.feature);
    recurse(cold, base, pathDepth + 1, (tree[cold]!.count / count) * incomingZero, 0, split.feature);
  };
  recurse(0, 0, 0, 1, 1, -1);
}

/** The tree's average output over the training rows (leaf values weighted by how many rows reached them). */
export function expectedValue(tree: readonly Node[], nodeIndex = 0): number {
  const node = tree[nodeIndex]!;
  if (!node.split) return node.value;
  const left = tree[node.split.left]!;
  const right = tree[node.split.right]!;
  return (
    (left.count * expectedValue(tree, node.split.left) + right.count * expectedValue(tree, node.split.right)) /
    (left.count + right.count)
  );
}

/** The model's bins for a row, one per feature (absent keys are missing). */
export function rowBins(model: PredictiveModel, row: FeatureRow): Uint8Array {
  return Uint8Array.from(model.state.features, (feature) =>
    binner(feature)(Object.hasOwn(row, feature.name) ? row[feature.name] : null),
  );
}

export interface ShapExplanation {
  /** The expected log-odds over the training rows: where every contact starts. */
  bias: number;
  logOdds: number;
  probability: number;
  /** The strongest contributions (by absolute value), in log-odds. */
  factors: { feature: string; value: string | number | null; contribution: number }[];
  /** The sum of the remaining features' contributions, so that the parts always add up. */
  otherContribution: number;
}

const preparedModels = new WeakMap<PredictiveModel, { expected: number; buffer: PathBuffer }>();

/** Per model, once: the expected log-odds, and a path buffer deep enough for its deepest tree. */
function prepared(model: PredictiveModel): { expected: number; buffer: PathBuffer } {
  let found = preparedModels.get(model);
  if (!found) {
    let expected = model.state.baseScore;
    let depth = 0;
    for (const tree of model.state.trees) {
      expected += expectedValue(tree);
      depth = Math.max(depth, treeDepth(tree));
    }
    // Levels 0..depth+1 each hold at most (level + 1) elements.
    const levels = depth + 2;
    found = { expected, buffer: new PathBuffer((levels * (levels + 1)) / 2 + levels) };
    preparedModels.set(model, found);
  }
  return found;
}

/** SHAP values of every feature for one row, in the model's feature order, and the expected value. */
export function shapValues(model: PredictiveModel, row: FeatureRow): { bias: number; phi: Float64Array } {
  const bins = rowBins(model, row);
  const phi = new Float64Array(model.state.features.length);
  const { expected, buffer } = prepared(model);
  for (const tree of model.state.trees) treeShap(tree, bins, phi, buffer);
  return { bias: expected, phi };
}

/** Why this row scores as it does: the `top` features by absolute SHAP value. */
export function explainWithShap(model: PredictiveModel, row: FeatureRow, top = 5): ShapExplanation {
  const { bias, phi } = shapValues(model, row);
  const all = model.state.features.map((feature, i) => ({
    feature: feature.name,
    value: displayValue(feature, Object.hasOwn(row, feature.name) ? row[feature.name] : null),
    contribution: phi[i]!,
  }));
  const ranked = all
    .filter((f) => f.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.feature < b.feature ? -1 : 1));
  const factors = ranked.slice(0, Math.max(0, top));
  const otherContribution = ranked.slice(factors.length).reduce((sum, f) => sum + f.contribution, 0);
  const logOdds = bias + phi.reduce((sum, c) => sum + c, 0);
  return { bias, logOdds, probability: 1 / (1 + Math.exp(-logOdds)), factors, otherContribution };
}
