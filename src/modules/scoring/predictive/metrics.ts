/**
 * Ranking metrics for a binary outcome. Labels are 1 (converted) or 0; scores are any monotone measure of
 * how likely a row is to convert (probability or log-odds give the same results).
 */

/** Indices sorted by score, ascending. */
function orderByScore(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[a]! - scores[b]!);
}

function countPositives(labels: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  return positives;
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative, ties
 * counting one half. Computed from the rank sum of the positives (Mann-Whitney U), with tied scores given
 * their average rank, in O(n log n).
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  if (labels.length !== scores.length) throw new Error('rocAuc: labels and scores differ in length.');
  const positives = countPositives(labels);
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new Error('ROC AUC needs at least one positive and one negative row.');
  }
  const order = orderByScore(scores);
  let positiveRankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) end++;
    // Ranks start..end-1 (0-based) share one score: each gets the average 1-based rank.
    const averageRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) if (labels[order[i]!] === 1) positiveRankSum += averageRank;
    start = end;
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Lift in the top fraction (0.1 = top decile): the positive rate among the highest-scored rows divided by
 * the overall positive rate. Rows tied with the cut-off score count in proportion to how many of the tied
 * rows fit, which is the expected value under random tie-breaking, so the result does not depend on the
 * input order.
 */
export function liftAtTop(labels: ArrayLike<number>, scores: ArrayLike<number>, fraction = 0.1): number {
  if (labels.length !== scores.length) throw new Error('liftAtTop: labels and scores differ in length.');
  if (!(fraction > 0 && fraction <= 1)) throw new Error('liftAtTop: fraction must be in (0, 1].');
  const positives = countPositives(labels);
  if (positives === 0) throw new Error('Lift needs at least one positive row.');
  const take = Math.max(1, Math.round(labels.length * fraction));
  const order = orderByScore(scores).reverse();
  let taken = 0;
  let positivesTaken = 0;
  for (let start = 0; start < order.length && taken < take;) {
    let end = start + 1;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) end++;
    let groupPositives = 0;
    for (let i = start; i < end; i++) if (labels[order[i]!] === 1) groupPositives++;
    const groupTaken = Math.min(end - start, take - taken);
    positivesTaken += (groupPositives * groupTaken) / (end - start);
    taken += groupTaken;
    start = end;
  }
  return positivesTaken / take / (positives / labels.length);
}

/** Mean and (sample) standard deviation. */
export function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) return { mean: Number.NaN, std: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length === 1) return { mean, std: 0 };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, std: Math.sqrt(variance) };
}

/** Mean log-loss of probabilities, clipped away from 0 and 1 so one confident mistake stays finite. */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probabilities[i]!));
    total -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return total / labels.length;
}
