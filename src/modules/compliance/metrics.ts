/** Compliance figures, pure: medians, nearest-rank percentiles, shares and safe division. */

/** a / b, or null when b is 0 (no figure rather than NaN or Infinity). */
export function safeDivide(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** part / whole as a share (0..1), null when there is nothing to share. */
export function share(part: number, whole: number): number | null {
  return safeDivide(part, whole);
}

/** The nearest-rank percentile (0 < p <= 100): the value at rank ceil(p/100 × n) of the sorted values. */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (!(p > 0 && p <= 100)) throw new RangeError('A percentile is above 0 and at most 100.');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(1, rank) - 1] ?? null;
}

/** The median: the middle value, or the mean of the two middle values of an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function p90(values: readonly number[]): number | null {
  return nearestRank(values, 90);
}

export interface DerivedTargetInput {
  /** Revenue to win in the period. */
  quota: number;
  averageDealSize: number;
  /** Handoffs created in the history window. */
  qualified: number;
  accepted: number;
  /** Decided handoffs (accepted + rejected). */
  decided: number;
  won: number;
  /** Below this many decided handoffs the rates are flagged as too little history. */
  minDecided?: number;
}

export interface DerivedTarget {
  /** Qualified leads marketing must deliver; null when a rate is zero or unknown. */
  qualifiedLeads: number | null;
  acceptRate: number | null;
  winRate: number | null;
  dealsNeeded: number;
  insufficientHistory: boolean;
}

/** quota / averageDealSize / (acceptRate × winRate), rounded up. */
export function derivedTarget(input: DerivedTargetInput): DerivedTarget {
  const acceptRate = safeDivide(input.accepted, input.qualified);
  const winRate = safeDivide(input.won, input.accepted);
  const dealsNeeded = input.averageDealSize > 0 ? input.quota / input.averageDealSize : 0;
  const conversion = acceptRate !== null && winRate !== null ? acceptRate * winRate : 0;
  // Rounding guards against 29.000000000000004 becoming 30.
  const qualifiedLeads = conversion > 0 ? Math.ceil(Number((dealsNeeded / conversion).toFixed(9))) : null;
  return {
    qualifiedLeads,
    acceptRate,
    winRate,
    dealsNeeded: Math.ceil(Number(dealsNeeded.toFixed(9))),
    insufficientHistory: input.decided < (input.minDecided ?? 10),
  };
}
