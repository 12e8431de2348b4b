import { createRandom, shuffleInPlace, type Random } from './random.js';

function indicesByClass(labels: ArrayLike<number>): { positives: number[]; negatives: number[] } {
  const positives: number[] = [];
  const negatives: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? positives : negatives).push(i);
  return { positives, negatives };
}

/**
 * Stratified k-fold assignment: the fold (0..k-1) of each row. Each class is shuffled and dealt round-robin,
 * continuing the deal from one class to the next, so every fold gets the same share of positives (within
 * one row) and fold sizes differ by at most one.
 */
export function stratifiedFolds(labels: ArrayLike<number>, folds: number, seed: number): Uint8Array {
  if (!Number.isInteger(folds) || folds < 2 || folds > 255) throw new Error('Folds must be an integer from 2 to 255.');
  const { positives, negatives } = indicesByClass(labels);
  const minority = Math.min(positives.length, negatives.length);
  if (minority < folds) {
    throw new Error(
      `${folds} folds need at least ${folds} rows of each class; the target has ${positives.length} positive and ${negatives.length} negative rows.`,
    );
  }
  const random = createRandom(seed);
  shuffleInPlace(positives, random);
  shuffleInPlace(negatives, random);
  const foldOf = new Uint8Array(labels.length);
  let dealt = 0;
  for (const row of [...positives, ...negatives]) foldOf[row] = dealt++ % folds;
  return foldOf;
}

/**
 * A stratified hold-out: about `fraction` of each class (at least one row of each when the class has two or
 * more) is marked for validation. Used to carve the early-stopping set out of a training fold.
 */
export function stratifiedHoldout(labels: ArrayLike<number>, fraction: number, random: Random): Uint8Array {
  const { positives, negatives } = indicesByClass(labels);
  const heldOut = new Uint8Array(labels.length);
  for (const group of [positives, negatives]) {
    shuffleInPlace(group, random);
    const take = group.length < 2 ? 0 : Math.min(group.length - 1, Math.max(1, Math.round(group.length * fraction)));
    for (let i = 0; i < take; i++) heldOut[group[i]!] = 1;
  }
  return heldOut;
}
