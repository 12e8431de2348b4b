import { MISSING_BIN } from './binning.js';

/**
 * One regression tree of the boosted ensemble, grown on gradient histograms over binned features
 * (second-order boosting as in XGBoost and LightGBM, leaf-wise growth as in LightGBM).
 */

/** Binned training data: `bins[f][row]` is the bin of feature f in that row. */
export interface BinnedData {
  bins: readonly Uint8Array[];
  binCounts: readonly number[];
  categorical: readonly boolean[];
}

/** Numeric: value bins 1..threshold go left, missing rows as learnt. Categorical: the listed bins go left. */
export type SplitRule =
  { kind: 'numeric'; threshold: number; missingLeft: boolean } | { kind: 'categorical'; leftBins: number[] };

/** A split node: the rule, the loss reduction it bought (for feature importance) and its children. */
export type Split = { feature: number; gain: number; left: number; right: number } & SplitRule;

export interface TreeNode {
  /** What the tree outputs for a row that stops here: the leaf value, or for a split node the value it had
   * as a leaf before splitting (the path differences explain a prediction). Log-odds units. */
  value: number;
  /** Training rows that reached the node. */
  count: number;
  split: Split | null;
}

/** Nodes in creation order; node 0 is the root. */
export type Tree = TreeNode[];

export interface TreeRules {
  maxLeaves: number;
  maxDepth: number;
  minSamplesLeaf: number;
  minHessianLeaf: number;
  /** L2 penalty on leaf values (lambda). */
  l2: number;
  /** A split must reduce the loss by more than this. */
  minGain: number;
  /** Added to the hessian when ordering categories, so a rare category does not sort to an extreme. */
  categoricalSmoothing: number;
  /** Extra L2 penalty when scoring categorical splits, which can fit noise more easily than thresholds. */
  categoricalL2: number;
  /** A category takes part in a node's split only with at least this many rows there. */
  categoryMinRows: number;
  /** At most this many categories go to the left of one split. */
  maxCategoriesPerSplit: number;
}

interface SplitCandidate {
  gain: number;
  feature: number;
  /** goLeft[bin] = 1 when rows in that bin go to the left child. */
  goLeft: Uint8Array;
  split: { feature: number; gain: number } & SplitRule;
}

interface OpenLeaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  histogram: Float64Array;
  gradient: number;
  hessian: number;
  best: SplitCandidate | null;
}

/** Precomputed layout of the per-node histogram: (gradient, hessian, count) per bin of every feature. */
interface HistogramLayout {
  offsets: Int32Array;
  size: number;
}

function histogramLayout(data: BinnedData): HistogramLayout {
  const offsets = new Int32Array(data.binCounts.length);
  let size = 0;
  data.binCounts.forEach((count, f) => {
    offsets[f] = size * 3;
    size += count;
  });
  return { offsets, size: size * 3 };
}

const leafScore = (g: number, h: number, l2: number) => (g * g) / (h + l2);

/** Sparsity-aware threshold search: tries missing rows on either side, keeps the better one. */
function bestNumericSplit(
  histogram: Float64Array,
  offset: number,
  bins: number,
  feature: number,
  total: { g: number; h: number; n: number },
  rules: TreeRules,
): SplitCandidate | null {
  const gMissing = histogram[offset]!;
  const hMissing = histogram[offset + 1]!;
  const nMissing = histogram[offset + 2]!;
  const parent = leafScore(total.g, total.h, rules.l2);
  const best = { gain: Number.NEGATIVE_INFINITY, threshold: -1, missingLeft: false };
  const consider = (g: number, h: number, n: number, threshold: number, missingLeft: boolean): void => {
    const gr = total.g - g;
    const hr = total.h - h;
    const nr = total.n - n;
    if (n < rules.minSamplesLeaf || nr < rules.minSamplesLeaf) return;
    if (h < rules.minHessianLeaf || hr < rules.minHessianLeaf) return;
    const gain = 0.5 * (leafScore(g, h, rules.l2) + leafScore(gr, hr, rules.l2) - parent);
    if (gain > best.gain) {
      best.gain = gain;
      best.threshold = threshold;
      best.missingLeft = missingLeft;
    }
  };
  let gl = 0;
  let hl = 0;
  let nl = 0;
  for (let t = 1; t < bins - 1; t++) {
    const at = offset + t * 3;
    if (histogram[at + 2] === 0) continue; // same partition as the previous threshold
    gl += histogram[at]!;
    hl += histogram[at + 1]!;
    nl += histogram[at + 2]!;
    consider(gl, hl, nl, t, false);
    if (nMissing > 0) consider(gl + gMissing, hl + hMissing, nl + nMissing, t, true);
  }
  if (best.threshold < 0 || !(best.gain > rules.minGain)) return null;
  let missingLeft = best.missingLeft;
  if (nMissing === 0) {
    // No missing rows here to learn from: send future ones where most of the weight went.
    let hLeft = 0;
    for (let t = 1; t <= best.threshold; t++) hLeft += histogram[offset + t * 3 + 1]!;
    missingLeft = hLeft >= total.h - hLeft;
  }
  const goLeft = new Uint8Array(256);
  goLeft[MISSING_BIN] = missingLeft ? 1 : 0;
  for (let t = 1; t <= best.threshold; t++) goLeft[t] = 1;
  return {
    gain: best.gain,
    feature,
    goLeft,
    split: { feature, gain: best.gain, kind: 'numeric', threshold: best.threshold, missingLeft },
  };
}

/**
 * Categorical split, as LightGBM does it: order the categories that have enough rows in the node by their
 * smoothed mean gradient, then send a run of up to `maxCategoriesPerSplit` categories from either end of that
 * order to the left (sorting makes this near-optimal for the loss, as in Fisher's grouping) and everything
 * else, rare and absent categories included, to the right. The missing bin takes part like any category, so
 * where missing rows go is learnt. The limits keep a many-valued column (a country, a city) from picking up
 * noise: with hundreds of categories, some ordering always looks good on the training rows.
 */
function bestCategoricalSplit(
  histogram: Float64Array,
  offset: number,
  bins: number,
  feature: number,
  total: { g: number; h: number; n: number },
  rules: TreeRules,
): SplitCandidate | null {
  const ordered: number[] = [];
  for (let b = 0; b < bins; b++) if (histogram[offset + b * 3 + 2]! >= rules.categoryMinRows) ordered.push(b);
  if (ordered.length === 0) return null;
  const ratio = (b: number) =>
    histogram[offset + b * 3]! / (histogram[offset + b * 3 + 1]! + rules.categoricalSmoothing);
  ordered.sort((a, b) => ratio(a) - ratio(b) || a - b);
  const l2 = rules.l2 + rules.categoricalL2;
  const parent = leafScore(total.g, total.h, l2);
  let bestGain = Number.NEGATIVE_INFINITY;
  let bestLeft: number[] = [];
  for (const fromTop of [false, true]) {
    let gl = 0;
    let hl = 0;
    let nl = 0;
    const steps = Math.min(rules.maxCategoriesPerSplit, ordered.length);
    for (let k = 0; k < steps; k++) {
      const at = offset + ordered[fromTop ? ordered.length - 1 - k : k]! * 3;
      gl += histogram[at]!;
      hl += histogram[at + 1]!;
      nl += histogram[at + 2]!;
      const nr = total.n - nl;
      const hr = total.h - hl;
      if (nl < rules.minSamplesLeaf || nr < rules.minSamplesLeaf) continue;
      if (hl < rules.minHessianLeaf || hr < rules.minHessianLeaf) continue;
      const gain = 0.5 * (leafScore(gl, hl, l2) + leafScore(total.g - gl, hr, l2) - parent);
      if (gain > bestGain) {
        bestGain = gain;
        bestLeft = fromTop ? ordered.slice(ordered.length - 1 - k) : ordered.slice(0, k + 1);
      }
    }
  }
  if (bestLeft.length === 0 || !(bestGain > rules.minGain)) return null;
  const goLeft = new Uint8Array(256);
  for (const b of bestLeft) goLeft[b] = 1;
  const leftBins = bestLeft.sort((a, b) => a - b);
  return { gain: bestGain, feature, goLeft, split: { feature, gain: bestGain, kind: 'categorical', leftBins } };
}

/** A reusable pool of histogram buffers (a tree needs a few dozen; allocating them per tree churns memory). */
export class HistogramPool {
  private readonly free: Float64Array[] = [];
  constructor(private readonly size: number) {}
  take(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.size);
  }
  give(buffer: Float64Array): void {
    this.free.push(buffer);
  }
}

export interface GrowInput {
  data: BinnedData;
  gradients: Float64Array;
  hessians: Float64Array;
  /** The rows to grow on (reordered in place as nodes split). */
  rows: Uint32Array;
  /** The features this tree may split on. */
  features: readonly number[];
  rules: TreeRules;
  pool?: HistogramPool;
}

/** Grows one tree best-leaf-first; leaf values are the Newton step -G / (H + l2), not yet shrunk. */
export function growTree(input: GrowInput): Tree {
  const { data, gradients, hessians, rows, features, rules } = input;
  const layout = histogramLayout(data);
  const pool = input.pool ?? new HistogramPool(layout.size);
  const scratch = new Uint32Array(rows.length);
  const rowGradients = new Float64Array(rows.length);
  const rowHessians = new Float64Array(rows.length);

  const buildHistogram = (start: number, end: number): Float64Array => {
    const histogram = pool.take();
    histogram.fill(0);
    for (let i = start; i < end; i++) {
      rowGradients[i] = gradients[rows[i]!]!;
      rowHessians[i] = hessians[rows[i]!]!;
    }
    for (const f of features) {
      const column = data.bins[f]!;
      const offset = layout.offsets[f]!;
      for (let i = start; i < end; i++) {
        const at = offset + column[rows[i]!]! * 3;
        histogram[at]! += rowGradients[i]!;
        histogram[at + 1]! += rowHessians[i]!;
        histogram[at + 2]! += 1;
      }
    }
    return histogram;
  };

  const findBest = (leaf: OpenLeaf): SplitCandidate | null => {
    const n = leaf.end - leaf.start;
    if (leaf.depth >= rules.maxDepth || n < 2 * rules.minSamplesLeaf) return null;
    const total = { g: leaf.gradient, h: leaf.hessian, n };
    let best: SplitCandidate | null = null;
    for (const f of features) {
      const find = data.categorical[f] ? bestCategoricalSplit : bestNumericSplit;
      const candidate = find(leaf.histogram, layout.offsets[f]!, data.binCounts[f]!, f, total, rules);
      if (candidate && (best === null || candidate.gain > best.gain)) best = candidate;
    }
    return best;
  };

  const sums = (histogram: Float64Array): { g: number; h: number } => {
    // Any one feature's bins add up to the node totals.
    const f = features[0]!;
    const offset = layout.offsets[f]!;
    let g = 0;
    let h = 0;
    for (let b = 0; b < data.binCounts[f]!; b++) {
      g += histogram[offset + b * 3]!;
      h += histogram[offset + b * 3 + 1]!;
    }
    return { g, h };
  };

  const tree: Tree = [];
  const open: OpenLeaf[] = [];
  const addLeaf = (start: number, end: number, depth: number, histogram: Float64Array): void => {
    const { g, h } = sums(histogram);
    tree.push({ value: -g / (h + rules.l2), count: end - start, split: null });
    const leaf: OpenLeaf = { node: tree.length - 1, start, end, depth, histogram, gradient: g, hessian: h, best: null };
    leaf.best = findBest(leaf);
    if (leaf.best) open.push(leaf);
    else pool.give(histogram);
  };

  addLeaf(0, rows.length, 0, buildHistogram(0, rows.length));
  let leaves = 1;
  while (leaves < rules.maxLeaves && open.length > 0) {
    let pick = 0;
    for (let i = 1; i < open.length; i++) if (open[i]!.best!.gain > open[pick]!.best!.gain) pick = i;
    const leaf = open.splice(pick, 1)[0]!;
    const best = leaf.best!;
    // Partition the leaf's rows: left ones first, in their original order.
    const column = data.bins[best.feature]!;
    let mid = leaf.start;
    let spilled = 0;
    for (let i = leaf.start; i < leaf.end; i++) {
      const row = rows[i]!;
      if (best.goLeft[column[row]!]) rows[mid++] = row;
      else scratch[spilled++] = row;
    }
    rows.set(scratch.subarray(0, spilled), mid);
    // Histogram of the smaller child by counting, of the larger by subtraction from the parent.
    const leftIsSmaller = mid - leaf.start <= leaf.end - mid;
    const small = leftIsSmaller ? buildHistogram(leaf.start, mid) : buildHistogram(mid, leaf.end);
    const large = leaf.histogram;
    for (const f of features) {
      const from = layout.offsets[f]!;
      const to = from + data.binCounts[f]! * 3;
      for (let i = from; i < to; i++) large[i]! -= small[i]!;
    }
    const left = tree.length;
    tree[leaf.node]!.split = { ...best.split, left, right: left + 1 };
    addLeaf(leaf.start, mid, leaf.depth + 1, leftIsSmaller ? small : large);
    addLeaf(mid, leaf.end, leaf.depth + 1, leftIsSmaller ? large : small);
    leaves++;
  }
  for (const leaf of open) pool.give(leaf.histogram);
  return tree;
}

/** A tree in flat typed arrays for fast prediction: goLeft[node * 256 + bin] says where a row goes. */
export interface CompiledTree {
  feature: Int32Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  goLeft: Uint8Array;
}

export function compileTree(tree: Tree): CompiledTree {
  const compiled: CompiledTree = {
    feature: new Int32Array(tree.length).fill(-1),
    left: new Int32Array(tree.length),
    right: new Int32Array(tree.length),
    value: new Float64Array(tree.length),
    goLeft: new Uint8Array(tree.length * 256),
  };
  tree.forEach((node, i) => {
    compiled.value[i] = node.value;
    const split = node.split;
    if (!split) return;
    compiled.feature[i] = split.feature;
    compiled.left[i] = split.left;
    compiled.right[i] = split.right;
    const base = i * 256;
    if (split.kind === 'numeric') {
      compiled.goLeft[base + MISSING_BIN] = split.missingLeft ? 1 : 0;
      for (let b = 1; b <= split.threshold; b++) compiled.goLeft[base + b] = 1;
    } else {
      for (const b of split.leftBins) compiled.goLeft[base + b] = 1;
    }
  });
  return compiled;
}

/** The leaf a row reaches; `binOf(f)` gives the row's bin for feature f. */
export function leafOf(tree: CompiledTree, binOf: (feature: number) => number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    node = tree.goLeft[node * 256 + binOf(tree.feature[node]!)] ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}

/** Adds `tree(row)` to `scores[row]` for every row of column-major bins. */
export function addTreeOutputs(tree: CompiledTree, bins: readonly Uint8Array[], scores: Float64Array): void {
  const { feature, goLeft, left, right, value } = tree;
  for (let row = 0; row < scores.length; row++) {
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      node = goLeft[node * 256 + bins[f]![row]!] ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    scores[row]! += value[node]!;
  }
}
