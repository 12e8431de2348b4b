/**
 * The tabular input of the predictive model: named columns of raw values, as read from a CSV file or from
 * contact records, and the rules that decide how each column is used (numeric, categorical or dropped).
 */
import { toAsciiDigits } from '../../../shared/text.js';

export type RawValue = string | number | boolean | null | undefined;

/** Column-major table; every column has `rowCount` values. */
export interface Table {
  readonly rowCount: number;
  readonly columns: ReadonlyMap<string, readonly RawValue[]>;
}

/** One row keyed by column name, e.g. a contact to score; an absent key is a missing value. */
export type FeatureRow = Readonly<Record<string, RawValue>>;

export type FeatureType = 'numeric' | 'categorical';

/** The order of a date column's parts when its year comes first or last (2024-03-05, 05/03/2024, 3/5/24). */
export const DATE_ORDERS = ['ymd', 'dmy', 'mdy'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

export interface FeatureColumn {
  name: string;
  type: FeatureType;
  /** Set on a numeric column of dates: its values are read as dates in this order (see dateOrdinal). */
  dates?: DateOrder;
  /** Set on a numeric column written with decimal commas (3,75; 1.234,5): see parseNumber. */
  decimalComma?: true;
  /** Distinct non-missing values seen when typing the column. */
  distinct: number;
  /** Share of rows with a missing value (on a numeric column, readAsMissing's included). */
  missingShare: number;
  /** A numeric column's few other spellings ("unknown", "-", "#DIV/0!"), read as missing values. */
  readAsMissing?: string[];
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
/** No number or date is written in more characters than this (and longer text is not worth matching). */
const MAX_VALUE_LENGTH = 64;
const CURRENCY = String.raw`[$€£¥₹﷼]|USD|EUR|GBP|IRR|IRT|AED|CAD|AUD|JPY|CNY|INR|TRY`;
/**
 * A number as spreadsheets and exports write it: a sign, a currency before or after it (or a percent sign,
 * ریال or تومان after it), and thousands grouped by commas (only in groups of three after a first group
 * that is not 0, so "1,5" is not 15 and "0,125" is not 125).
 */
const FORMATTED_NUMBER = new RegExp(
  String.raw`^([+-]?)\s{0,3}(?:${CURRENCY})?\s{0,3}([+-]?)([1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+)\s{0,3}(?:${CURRENCY}|%|ریال|تومان)?$`,
  'u',
);

export function isMissing(value: RawValue): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return Number.isNaN(value);
  if (typeof value === 'boolean') return false;
  return MISSING_TOKENS.has(value.trim().toLowerCase());
}

/**
 * The number a value spells, or NaN (missing, text, or infinite). Besides plain numbers it reads what
 * exports and people write: "$84,835.00", "12%", "(1,200)" (a negative), "EUR 90", Persian and Arabic
 * digits with their separators ("۱۲٬۵۰۰ تومان", "٣٫٥"). With `decimalComma` (a column written the European
 * way) the comma is the decimal point and the dot groups thousands: "1.234,5", "3,75".
 */
export function parseNumber(value: RawValue, decimalComma = false): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  const text = value.trim();
  if (text.length > MAX_VALUE_LENGTH) return Number.NaN;
  if (!decimalComma && NUMBER_PATTERN.test(text)) return Number(text);
  return parseFormattedNumber(text, decimalComma);
}

function parseFormattedNumber(text: string, decimalComma: boolean): number {
  let t = toAsciiDigits(text);
  if (decimalComma) t = t.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.'));
  t = t.replace(/\u066B/g, '.').replace(/\u066C/g, ',');
  let sign = 1;
  if (t.startsWith('(') && t.endsWith(')')) {
    sign = -1;
    t = t.slice(1, -1).trim();
  }
  const m = FORMATTED_NUMBER.exec(t);
  if (!m) return Number.NaN;
  const signs = m[1]! + m[2]!;
  if (signs.length > 1 || (sign === -1 && signs !== '')) return Number.NaN;
  const number = Number(m[3]!.replace(/,/g, ''));
  return Number.isFinite(number) ? (signs === '-' ? -number : sign * number) : Number.NaN;
}

/** A time of day after a date: " 14:05", " 2:05:09 PM", "T14:05:09.123Z", " 14:05+03:30". */
const TIME_SUFFIX =
  /[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s{0,3}(?:([AaPp])\.?[Mm]\.?)?\s{0,3}(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;
/**
 * Year, month and day in numbers: the year first (2024-03-05, 2024/3/5, 2024.03.05), or last in four digits
 * (05/03/2024, 5-3-2024, 05.03.2024) or two after slashes (3/5/24) or in 05.03.24. Version numbers (1.5.10) and ranges
 * (10-20-30) are not dates.
 */
const NUMERIC_DATE =
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$|^(\d{1,2})([-/.])(\d{1,2})\6(\d{4})$|^(\d{1,2})\/(\d{1,2})\/(\d{2})$|^(\d{2})\.(\d{2})\.(\d{2})$/;
/** With the month's English name: 5-Mar-2024, 5 March 24, Mar 5, 2024, March 5th 2024, 2024-Mar-05. */
const NAMED_DATES = [
  { pattern: /^(\d{1,2})[-\s/.]([a-z]{3,9})\.?[-\s/.,]{1,2}(\d{4}|\d{2})$/i, day: 1, month: 2, year: 3 },
  { pattern: /^([a-z]{3,9})\.?[-\s/]{1,2}(\d{1,2})(?:st|nd|rd|th)?,?[-\s/]{1,2}(\d{4})$/i, day: 2, month: 1, year: 3 },
  { pattern: /^(\d{4})[-\s/.]([a-z]{3,9})\.?[-\s/.](\d{1,2})$/i, day: 3, month: 2, year: 1 },
] as const;
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** 1-12 for a month's English name or its three-letter abbreviation (or "Sept"), else 0. */
function monthOfName(name: string): number {
  const lower = name.toLowerCase();
  const index = MONTH_NAMES.findIndex((m) => lower === m || lower === m.slice(0, 3));
  return index >= 0 ? index + 1 : lower === 'sept' ? 9 : 0;
}

interface DateParts {
  /** Year last: the two numbers before it, in the order written. Year first, or a named month: month, day. */
  first: number;
  second: number;
  year: number;
  yearFirst: boolean;
  /** The month was written as a name, so the order of day and month is known. */
  named: boolean;
  /** Seconds into the day. */
  seconds: number;
  /** The time's offset from UTC in seconds, when it states one. */
  offset: number | null;
}

/**
 * Two-digit years as strptime reads them: 69 and below are this century (so a birth date written 1/1/65
 * reads as 2065; four-digit years avoid that).
 */
function fullYear(digits: string): number {
  const year = Number(digits);
  return digits.length === 2 ? year + (year < 70 ? 2000 : 1900) : year;
}

function utcOffset(zone: string | undefined): number | null {
  if (zone === undefined) return null;
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return 0;
  const digits = zone.replace(':', '');
  const seconds = Number(digits.slice(1, 3)) * 3600 + Number(digits.slice(3, 5)) * 60;
  return digits.startsWith('-') ? -seconds : seconds;
}

function dateParts(value: RawValue): DateParts | null {
  if (typeof value !== 'string') return null;
  let text = toAsciiDigits(value.trim());
  if (text.length > MAX_VALUE_LENGTH) return null;
  let seconds = 0;
  let offset: number | null = null;
  const time = TIME_SUFFIX.exec(text);
  if (time) {
    let hours = Number(time[1]);
    if (time[4] !== undefined) {
      if (hours < 1 || hours > 12) return null;
      hours = (hours % 12) + (time[4].toLowerCase() === 'p' ? 12 : 0);
    }
    const minutes = Number(time[2]);
    const secs = time[3] === undefined ? 0 : Number(time[3]);
    if (hours > 23 || minutes > 59 || secs > 59) return null;
    seconds = hours * 3600 + minutes * 60 + secs;
    offset = utcOffset(time[5]);
    text = text.slice(0, time.index).trim();
  }
  const m = NUMERIC_DATE.exec(text);
  if (m) {
    if (m[1] !== undefined) {
      return {
        first: Number(m[3]),
        second: Number(m[4]),
        year: Number(m[1]),
        yearFirst: true,
        named: false,
        seconds,
        offset,
      };
    }
    const [a, b, y] =
      m[5] !== undefined
        ? [m[5], m[7]!, m[8]!]
        : m[9] !== undefined
          ? [m[9], m[10]!, m[11]!]
          : [m[12]!, m[13]!, m[14]!];
    return { first: Number(a), second: Number(b), year: fullYear(y), yearFirst: false, named: false, seconds, offset };
  }
  for (const form of NAMED_DATES) {
    const named = form.pattern.exec(text);
    if (!named) continue;
    const month = monthOfName(named[form.month]!);
    if (month === 0) return null;
    return {
      first: month,
      second: Number(named[form.day]),
      year: fullYear(named[form.year]!),
      yearFirst: form.year === 1,
      named: true,
      seconds,
      offset,
    };
  }
  return null;
}

/** The ordinal of date parts read in `order` (see dateOrdinal), or NaN when they are not a date in it. */
function ordinalOf(parts: DateParts | null, order: DateOrder): number {
  if (!parts || (!parts.named && parts.yearFirst !== (order === 'ymd'))) return Number.NaN;
  let [month, day] = order === 'dmy' && !parts.named ? [parts.second, parts.first] : [parts.first, parts.second];
  let { year, seconds } = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31) return Number.NaN;
  if (parts.offset !== null && year < 1700) {
    // The same moment in UTC, in this scheme's days (years this low are another calendar, e.g. Jalali).
    seconds -= parts.offset;
  } else if (parts.offset !== null) {
    // The same moment in UTC, by the Gregorian calendar's month lengths.
    const utc = new Date(Date.UTC(year, month - 1, day) + (seconds - parts.offset) * 1000);
    [year, month, day] = [utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate()];
    seconds = utc.getUTCHours() * 3600 + utc.getUTCMinutes() * 60 + utc.getUTCSeconds();
  }
  return (year * 12 + month - 1) * 31 + day - 1 + seconds / 86_400;
}

/**
 * A date as a number that sorts as the dates do (trees only compare values): about the days since year 0,
 * counting every month as 31 days, plus the time of day. Any calendar whose dates are written year, month,
 * day works, so Jalali dates (1403/01/15) sort too. NaN when the value is not a date in this order (a month
 * written as a name fits any order).
 */
export function dateOrdinal(value: RawValue, order: DateOrder): number {
  return ordinalOf(dateParts(value), order);
}

/** How a numeric feature's values are read: as dates in an order, or as numbers with a decimal comma. */
export interface NumberReading {
  dates?: DateOrder;
  decimalComma?: boolean;
}

/** The number a numeric feature's value stands for: a date's ordinal on a date column, else parseNumber. */
export function featureNumber(value: RawValue, reading: NumberReading): number {
  return reading.dates === undefined
    ? parseNumber(value, reading.decimalComma === true)
    : dateOrdinal(value, reading.dates);
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
  /**
   * A column of numbers with at most this many other spellings ("unknown", "-", "#DIV/0!") is numeric as
   * long as `specialNumericShare` of its values are numbers; those spellings are read as missing.
   */
  specialValues: number;
  specialNumericShare: number;
}

export const DEFAULT_TYPING_RULES: TypingRules = {
  numericShare: 0.95,
  identifierUniqueShare: 0.5,
  identifierMinDistinct: 50,
  specialValues: 3,
  specialNumericShare: 0.5,
};

/** Names such as `id`, `contact_id`, `customerId`, `uuid`: with unique integers they are row keys. */
const IDENTIFIER_NAME = /(^|[^a-z])(id|uuid|guid|key)$|[a-z]Id$|^(id|uuid|guid)[^a-z]/i;

/** Date orders by preference when values fit several equally well (no day above 12: month first). */
const DATE_ORDER_PREFERENCE: readonly DateOrder[] = ['ymd', 'mdy', 'dmy'];

function typeColumn(name: string, values: readonly RawValue[], rules: TypingRules): FeatureColumn | DroppedColumn {
  let present = 0;
  let integers = 0;
  let increasing = true;
  let previous = Number.NEGATIVE_INFINITY;
  const distinct = new Set<string>();
  /** Values read as numbers the usual way and with a decimal comma, and the other spellings while few. */
  const dot = { numbers: 0, only: 0, others: new Set<string>() };
  const comma = { numbers: 0, only: 0, others: new Set<string>() };
  /** Values read as dates in each order (of those that are not numbers). */
  const dates: Record<DateOrder, number> = { ymd: 0, dmy: 0, mdy: 0 };
  for (const value of values) {
    const category = categoryOf(value);
    if (category === null) continue;
    present++;
    distinct.add(category);
    const number = parseNumber(value);
    const commaNumber = parseNumber(value, true);
    if (Number.isNaN(commaNumber)) {
      if (comma.others.size <= rules.specialValues) comma.others.add(category);
    } else {
      comma.numbers++;
      if (Number.isNaN(number)) comma.only++;
    }
    if (!Number.isNaN(number)) {
      dot.numbers++;
      if (Number.isNaN(commaNumber)) dot.only++;
      if (Number.isInteger(number)) integers++;
      if (number <= previous) increasing = false;
      previous = number;
      continue;
    }
    if (dot.others.size <= rules.specialValues) dot.others.add(category);
    const parts = dateParts(value);
    if (parts) for (const order of DATE_ORDERS) if (!Number.isNaN(ordinalOf(parts, order))) dates[order]++;
  }
  if (present === 0) return { name, reason: 'empty: no values' };
  if (distinct.size === 1) return { name, reason: `constant: every value is "${[...distinct][0]}"` };
  const missingShare = (values.length - present) / values.length;
  // Decimal commas when more values read only so ("3,75") than only the usual way ("3.75"), and not just a
  // stray few ("1,250" reads either way, so a column of thousands stays as it is).
  const decimalComma = comma.only > dot.only && comma.only >= (1 - rules.numericShare) * present;
  const reading = decimalComma ? comma : dot;
  const fewOthers =
    reading.others.size <= rules.specialValues && reading.numbers >= rules.specialNumericShare * present;
  if (reading.numbers >= rules.numericShare * present || fewOthers) {
    // Unique integers are measurements too (e.g. revenue), so only call them a key when the name says so or
    // they simply count the rows up.
    const uniqueIntegers = integers === dot.numbers && distinct.size >= 0.99 * present && present >= 50;
    if (!decimalComma && uniqueIntegers && (IDENTIFIER_NAME.test(name) || (increasing && dot.numbers === present))) {
      return { name, reason: `identifier-like: ${distinct.size} distinct integers in ${present} values` };
    }
    // Named only when they are all known (past specialValues, the set stopped growing).
    const others = reading.others.size <= rules.specialValues ? [...reading.others].sort() : [];
    return {
      name,
      type: 'numeric',
      distinct: distinct.size - others.length,
      missingShare: (values.length - reading.numbers) / values.length,
      ...(others.length > 0 ? { readAsMissing: others } : {}),
      ...(decimalComma ? { decimalComma: true as const } : {}),
    };
  }
  // Dates in the order most values fit; a few that do not (a typo, another order) read as missing.
  const order = DATE_ORDER_PREFERENCE.reduce((best, o) => (dates[o] > dates[best] ? o : best));
  if (dates[order] >= rules.numericShare * present) {
    return {
      name,
      type: 'numeric',
      dates: order,
      distinct: distinct.size,
      missingShare: (values.length - dates[order]) / values.length,
    };
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
