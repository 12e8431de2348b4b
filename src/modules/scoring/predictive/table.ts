/**
 * The tabular input of the predictive model: named columns of raw values, as read from a CSV file or from
 * contact records, and the rules that decide how each column is used (numeric, categorical or dropped).
 */

export type RawValue = string | number | boolean | null | undefined;

/** Column-major table; every column has `rowCount` values. */
export interface Table {
  readonly rowCount: number;
  readonly columns: ReadonlyMap<string, readonly RawValue[]>;
}

/** One row keyed by column name, e.g. a contact to score; an absent key is a missing value. */
export type FeatureRow = Readonly<Record<string, RawValue>>;

export type FeatureType = 'numeric' | 'categorical';

export interface FeatureColumn {
  name: string;
  type: FeatureType;
  /** Distinct non-missing values seen when typing the column. */
  distinct: number;
  /** Share of rows with a missing value. */
  missingShare: number;
}

export interface DroppedColumn {
  name: string;
  reason: string;
}

export interface ColumnTyping {
  features: FeatureColumn[];
  dropped: DroppedColumn[];
}

/** Spellings of "no value" found in exported spreadsheets; compared trimmed and lower-cased. */
const MISSING_TOKENS = new Set(['', 'na', 'n/a', '#n/a', 'nan', 'null', '?']);
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function isMissing(value: RawValue): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return Number.isNaN(value);
  if (typeof value === 'boolean') return false;
  return MISSING_TOKENS.has(value.trim().toLowerCase());
}

/** The number a value spells, or NaN (missing, text, or infinite). */
export function parseNumber(value: RawValue): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  const text = value.trim();
  return NUMBER_PATTERN.test(text) ? Number(text) : Number.NaN;
}

/** The category a value stands for (trimmed text), or null when missing. */
export function categoryOf(value: RawValue): string | null {
  return isMissing(value) ? null : String(value).trim();
}

export interface TypingRules {
  /** A column is numeric when at least this share of its non-missing values parse as numbers. */
  numericShare: number;
  /** A text column whose distinct values exceed this share of its non-missing values is identifier-like. */
  identifierUniqueShare: number;
  /** ...and has at least this many distinct values (small tables keep their columns). */
  identifierMinDistinct: number;
}

export const DEFAULT_TYPING_RULES: TypingRules = {
  numericShare: 0.95,
  identifierUniqueShare: 0.5,
  identifierMinDistinct: 50,
};

/** Names such as `id`, `contact_id`, `customerId`, `uuid`: with unique integers they are row keys. */
const IDENTIFIER_NAME = /(^|[^a-z])(id|uuid|guid|key)$|[a-z]Id$|^(id|uuid|guid)[^a-z]/i;

function typeColumn(name: string, values: readonly RawValue[], rules: TypingRules): FeatureColumn | DroppedColumn {
  let present = 0;
  let numeric = 0;
  let integers = 0;
  let increasing = true;
  let previous = Number.NEGATIVE_INFINITY;
  const distinct = new Set<string>();
  for (const value of values) {
    const category = categoryOf(value);
    if (category === null) continue;
    present++;
    distinct.add(category);
    const number = parseNumber(value);
    if (!Number.isNaN(number)) {
      numeric++;
      if (Number.isInteger(number)) integers++;
      if (number <= previous) increasing = false;
      previous = number;
    }
  }
  if (present === 0) return { name, reason: 'empty: no values' };
  if (distinct.size === 1) return { name, reason: `constant: every value is "${[...distinct][0]}"` };
  const missingShare = (values.length - present) / values.length;
  if (numeric >= rules.numericShare * present) {
    // Unique integers are measurements too (e.g. revenue), so only call them a key when the name says so or
    // they simply count the rows up.
    const uniqueIntegers = integers === numeric && distinct.size >= 0.99 * present && present >= 50;
    if (uniqueIntegers && (IDENTIFIER_NAME.test(name) || (increasing && numeric === present))) {
      return { name, reason: `identifier-like: ${distinct.size} distinct integers in ${present} values` };
    }
    return { name, type: 'numeric', distinct: distinct.size, missingShare };
  }
  if (distinct.size > rules.identifierUniqueShare * present && distinct.size >= rules.identifierMinDistinct) {
    return { name, reason: `identifier-like: ${distinct.size} distinct values in ${present} rows` };
  }
  return { name, type: 'categorical', distinct: distinct.size, missingShare };
}

/**
 * Decides how each column is used. It looks at values only, never at the outcome, so typing the whole table
 * before cross-validation leaks nothing.
 */
export function inferColumnTypes(
  table: Table,
  names: readonly string[] = [...table.columns.keys()],
  rules: TypingRules = DEFAULT_TYPING_RULES,
): ColumnTyping {
  const typing: ColumnTyping = { features: [], dropped: [] };
  for (const name of names) {
    const values = table.columns.get(name);
    if (!values) throw new Error(`No column "${name}" in the table.`);
    const typed = typeColumn(name, values, rules);
    if ('reason' in typed) typing.dropped.push(typed);
    else typing.features.push(typed);
  }
  return typing;
}

/** The rows at `indices`, as a new table. */
export function selectRows(table: Table, indices: ArrayLike<number>): Table {
  const columns = new Map<string, RawValue[]>();
  for (const [name, values] of table.columns) {
    const picked = new Array<RawValue>(indices.length);
    for (let i = 0; i < indices.length; i++) picked[i] = values[indices[i]!];
    columns.set(name, picked);
  }
  return { rowCount: indices.length, columns };
}

/** Builds a table from row objects (e.g. contacts); columns are the union of the keys. */
export function tableFromRows(rows: readonly FeatureRow[]): Table {
  const names = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) names.add(key);
  const columns = new Map<string, RawValue[]>();
  for (const name of names)
    columns.set(
      name,
      rows.map((row) => (Object.hasOwn(row, name) ? row[name] : null)),
    );
  return { rowCount: rows.length, columns };
}
