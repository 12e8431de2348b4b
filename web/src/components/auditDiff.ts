import type { AuditEntry } from '../api/types.js';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Bookkeeping columns that change on every write and mean nothing to a reader. */
const HIDDEN = new Set(['id', 'createdAt', 'updatedAt', 'createdBy', 'nameNorm', 'searchText', 'contactCount']);

/** A reference with a name is shown instead of its bare id when both are recorded. */
const REFERENCES: Record<string, string> = { ownerId: 'owner', accountId: 'account', teamId: 'team' };

function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function normalize(record: Record<string, unknown> | null): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (!record || typeof record !== 'object') return result;
  for (const [key, value] of Object.entries(record)) result[camel(key)] = value;
  return result;
}

export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  // An empty custom-fields object is "nothing", as is an empty list.
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function same(a: unknown, b: unknown): boolean {
  if (isBlank(a) && isBlank(b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b);
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields an audit entry changed, in the order the record lists them. */
export function auditChanges(entry: AuditEntry): FieldChange[] {
  const before = normalize(entry.before);
  const after = normalize(entry.after);
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])].filter((k) => !HIDDEN.has(k));
  const changes = keys
    .filter((key) => !same(before[key], after[key]))
    .map((field) => ({ field, before: before[field], after: after[field] }));
  const changed = new Set(changes.map((c) => c.field));
  return changes.filter((c) => {
    const ref = REFERENCES[c.field];
    return !(ref && changed.has(ref));
  });
}

export type AuditActionKind = 'create' | 'update' | 'delete' | 'restore' | 'merge' | 'import' | 'other';

const ACTIONS: Record<string, AuditActionKind> = {
  create: 'create',
  created: 'create',
  insert: 'create',
  update: 'update',
  updated: 'update',
  patch: 'update',
  delete: 'delete',
  deleted: 'delete',
  remove: 'delete',
  restore: 'restore',
  restored: 'restore',
  merge: 'merge',
  merged: 'merge',
  // A contact an import created: the import's file and row (the server's importCreationEntries).
  import: 'import',
};

/** `contact.updated`, `update` and `UPDATE` are all an update. */
export function auditActionKind(action: string): AuditActionKind {
  const last = action.split(/[.:/]/).pop()?.toLowerCase() ?? '';
  return ACTIONS[last] ?? 'other';
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function looksLikeTimestamp(value: unknown): value is string {
  return typeof value === 'string' && ISO_TIMESTAMP.test(value);
}
