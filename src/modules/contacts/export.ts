import type { CustomFields } from '../../shared/fields.js';

/** Contacts read per query while an export streams: a page in memory at a time, however many match. */
export const EXPORT_PAGE_SIZE = 1000;

/**
 * At most this many custom fields get a column of their own. The keys come from the first page (no scan of
 * every contact before the first byte goes out); the values of other keys go to one JSON column at the end.
 */
export const MAX_CUSTOM_COLUMNS = 50;

export const EXPORT_COLUMNS = [
  'id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'job_title',
  'seniority',
  'company',
  'owner_name',
  'owner_email',
  'source',
  'campaign',
  'temperature',
  'fit_score',
  'fit_grade',
  'engagement_score',
  'predictive_score',
  'created_at',
  'updated_at',
] as const;

/** The column holding custom fields that have no column of their own, as JSON. */
export const OTHER_CUSTOM_COLUMN = 'other_custom_fields';

export type ExportCell = string | number | null;

/** The custom-field keys that get columns: those of the first page, alphabetically, at most `max`. */
export function customColumnKeys(firstPage: readonly CustomFields[], max = MAX_CUSTOM_COLUMNS): string[] {
  const keys = new Set<string>();
  for (const fields of firstPage) for (const key of Object.keys(fields)) keys.add(key);
  return [...keys].sort().slice(0, max);
}

export function exportHeader(customKeys: readonly string[]): string[] {
  return [...EXPORT_COLUMNS, ...customKeys.map((k) => `custom.${k}`), OTHER_CUSTOM_COLUMN];
}

/** A custom field's cell: text as is, other values (numbers, booleans, lists) as JSON. */
function customCell(value: unknown): ExportCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  return JSON.stringify(value);
}

/** The cells after the fixed columns: one per custom key, then the rest of the custom fields as JSON. */
export function customCells(fields: CustomFields, customKeys: readonly string[]): ExportCell[] {
  const cells = customKeys.map((k) => customCell(Object.hasOwn(fields, k) ? fields[k] : undefined));
  const shown = new Set(customKeys);
  const rest = Object.fromEntries(Object.entries(fields).filter(([k]) => !shown.has(k)));
  cells.push(Object.keys(rest).length > 0 ? JSON.stringify(rest) : null);
  return cells;
}

/** `contacts-2026-11-29.csv` for the day (UTC) of `now`. */
export function exportFileName(prefix: string, now: Date): string {
  return `${prefix}-${now.toISOString().slice(0, 10)}.csv`;
}
