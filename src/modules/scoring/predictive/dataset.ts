import { categoryOf, parseNumber, selectRows, type RawValue, type Table } from './table.js';

/** Outcome values that mean "converted" when --positive is not given; compared lower-cased. */
export const POSITIVE_OUTCOMES = ['yes', 'y', 'true', 't', '1', 'won', 'win', 'converted', 'success', 'positive'];

/** A column's name as the table has it: exactly, else the one column whose name differs only in case. */
function columnNamed(known: readonly string[], name: string): string {
  if (known.includes(name)) return name;
  const folded = known.filter((k) => k.toLowerCase() === name.trim().toLowerCase());
  return folded.length === 1 ? folded[0]! : name;
}

/** Whether every value spells 0 or 1, and both occur. */
function isZeroOne(values: Iterable<string>): boolean {
  const numbers = new Set<number>();
  for (const value of values) {
    const number = parseNumber(value);
    if (number !== 0 && number !== 1) return false;
    numbers.add(number);
  }
  return numbers.size === 2;
}

/**
 * Which target value counts as converted: the one asked for, else the single conventional "yes"-like value
 * present. Throws naming the column and its values when it cannot tell.
 */
export function resolvePositiveValue(target: string, values: readonly RawValue[], explicit?: string): string {
  const distinct = new Map<string, string>();
  for (const value of values) {
    const category = categoryOf(value);
    if (category !== null && !distinct.has(category.toLowerCase())) distinct.set(category.toLowerCase(), category);
  }
  const listed = [...distinct.values()].slice(0, 10).join(', ') + (distinct.size > 10 ? ', ...' : '');
  if (distinct.size < 2) {
    throw new Error(`Target column "${target}" has one class only (${listed || 'no values'}); nothing to learn.`);
  }
  if (explicit !== undefined) {
    // As typed, else as a number (1.0 or ۱ for a column of 0 and 1, which is compared as numbers below).
    const asNumber = parseNumber(explicit);
    const found =
      distinct.get(explicit.trim().toLowerCase()) ??
      (Number.isNaN(asNumber) ? undefined : [...distinct.values()].find((v) => parseNumber(v) === asNumber));
    if (found === undefined)
      throw new Error(`--positive "${explicit}" does not occur in column "${target}" (values: ${listed}).`);
    return found;
  }
  const conventional = POSITIVE_OUTCOMES.filter((v) => distinct.has(v));
  if (conventional.length === 1) return distinct.get(conventional[0]!)!;
  // 0 and 1 however they are spelled (1.0 from a floating-point export, ۱ in Persian): 1 is converted.
  if (isZeroOne(distinct.values())) return [...distinct.values()].find((v) => parseNumber(v) === 1)!;
  throw new Error(`Cannot tell which value of "${target}" means converted (values: ${listed}); pass --positive VALUE.`);
}

export interface DatasetRequest {
  target: string;
  positive?: string;
  drop?: readonly string[];
}

export interface Dataset {
  /** Feature columns only (target and dropped columns removed), rows with a known outcome only. */
  features: Table;
  labels: Uint8Array;
  target: string;
  positiveValue: string;
  positives: number;
  /** Rows left out because their target value was missing. */
  rowsWithoutOutcome: number;
  droppedByRequest: string[];
}

/**
 * Splits a loaded table into features and 0/1 labels. Errors name the problem: an unknown target or
 * dropped column, a target with one class only.
 */
export function prepareDataset(table: Table, given: DatasetRequest): Dataset {
  const known = [...table.columns.keys()];
  const request = {
    ...given,
    target: columnNamed(known, given.target),
    drop: (given.drop ?? []).map((name) => columnNamed(known, name)),
  };
  const targetValues = table.columns.get(request.target);
  if (!targetValues) {
    throw new Error(`No target column "${request.target}". Columns: ${known.join(', ')}.`);
  }
  const drop = [...new Set(request.drop)];
  const unknown = drop.filter((name) => !table.columns.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `Cannot drop unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}. Columns: ${known.join(', ')}.`,
    );
  }
  if (drop.includes(request.target)) throw new Error(`Cannot drop the target column "${request.target}".`);
  const featureNames = known.filter((name) => name !== request.target && !drop.includes(name));
  if (featureNames.length === 0) {
    throw new Error(
      drop.length > 0
        ? `No feature columns left: --drop removes ${drop.join(', ')} and "${request.target}" is the target.`
        : `No feature columns: the file has only the target column "${request.target}".`,
    );
  }
  const positiveValue = resolvePositiveValue(request.target, targetValues, request.positive);
  const positiveKey = positiveValue.toLowerCase();
  // A target of numbers compares as numbers: 1, 1.0 and ۱ are the same outcome.
  const positiveNumber = parseNumber(positiveValue);
  const byNumber =
    !Number.isNaN(positiveNumber) &&
    targetValues.every((value) => categoryOf(value) === null || !Number.isNaN(parseNumber(value)));

  const kept: number[] = [];
  const labelList: number[] = [];
  for (let row = 0; row < table.rowCount; row++) {
    const category = categoryOf(targetValues[row]);
    if (category === null) continue;
    kept.push(row);
    labelList.push(
      (byNumber ? parseNumber(category) === positiveNumber : category.toLowerCase() === positiveKey) ? 1 : 0,
    );
  }
  const labels = Uint8Array.from(labelList);
  const positives = labelList.reduce((a, b) => a + b, 0);
  if (positives === 0 || positives === labels.length) {
    throw new Error(
      `Target column "${request.target}" has one class only: ${positives === 0 ? `no row is "${positiveValue}"` : `every row is "${positiveValue}"`}; nothing to learn.`,
    );
  }
  const featureTable: Table = {
    rowCount: table.rowCount,
    columns: new Map(featureNames.map((name) => [name, table.columns.get(name)!])),
  };
  return {
    features: kept.length === table.rowCount ? featureTable : selectRows(featureTable, kept),
    labels,
    target: request.target,
    positiveValue,
    positives,
    rowsWithoutOutcome: table.rowCount - kept.length,
    droppedByRequest: drop,
  };
}
