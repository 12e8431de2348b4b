import type { Kysely } from 'kysely';
import { parseJson } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../auth/policy.js';

export interface AuditEntry {
  id: number;
  at: string;
  actor: { id: string; name: string } | null;
  actorKind: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditContext {
  actor: Actor | null;
  requestId?: string | undefined;
}

/** JSON with object keys sorted: PostgreSQL's jsonb reorders keys, which is not a change. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** Only the fields that changed, so the history reads as a diff. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (stableJson(before[key]) !== stableJson(after[key])) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return { before: b, after: a };
}

/**
 * Appends one audit entry in the caller's transaction. The table rejects updates and deletes, except the
 * redaction of an entry's values (redactAudit).
 */
export async function appendAudit(
  trx: Kysely<DB>,
  ctx: AuditContext,
  entry: {
    at: string;
    entityType: string;
    entityId: string;
    action: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  },
): Promise<void> {
  const actorKind = !ctx.actor
    ? 'system'
    : ctx.actor.via === 'token'
      ? 'token'
      : ctx.actor.via === 'cli'
        ? 'cli'
        : ctx.actor.via === 'system'
          ? 'system'
          : 'user';
  await trx
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor_id: ctx.actor && ctx.actor.via !== 'system' ? ctx.actor.id : null,
      actor_kind: actorKind,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      action: entry.action,
      before: entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === null ? null : JSON.stringify(entry.after),
      request_id: ctx.requestId ?? null,
    })
    .execute();
}

export async function listAudit(
  db: Kysely<DB>,
  entityType: string,
  entityId: string,
  limit = 200,
): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor_id',
      'audit_log.actor_kind',
      'audit_log.action',
      'audit_log.before',
      'audit_log.after',
      'users.name as actor_name',
    ])
    .where('audit_log.entity_type', '=', entityType)
    .where('audit_log.entity_id', '=', entityId)
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
    actorKind: r.actor_kind,
    action: r.action,
    before: parseJson<Record<string, unknown> | null>(r.before, null),
    after: parseJson<Record<string, unknown> | null>(r.after, null),
  }));
}

/** What replaces a value in an audit entry whose person was erased. */
export const REDACTED = '[redacted]';

/**
 * An audit entry's `before` or `after` with every value replaced by the redaction marker: the keys (which
 * fields changed) stay, what they held goes. Null stays null (an empty value held nothing).
 */
export function redactValues(values: Record<string, unknown> | null): Record<string, unknown> | null {
  if (values === null) return null;
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value === null ? null : REDACTED]));
}

/** Rows per statement when ids go into an `in (...)` list. */
const REDACT_CHUNK = 500;

/**
 * Redacts the values of every entry about these records (an erased person), in the caller's transaction: who,
 * what and when stay. Each entry is first recorded in audit_redactions, the only way the log accepts the
 * update, and then only of `before` and `after` (migration 0024). Returns how many entries were redacted.
 */
export async function redactAudit(
  trx: Kysely<DB>,
  entityType: string,
  entityIds: readonly string[],
  at: string,
): Promise<number> {
  let count = 0;
  for (let i = 0; i < entityIds.length; i += REDACT_CHUNK) {
    const rows = await trx
      .selectFrom('audit_log')
      .select(['id', 'before', 'after'])
      .where('entity_type', '=', entityType)
      .where('entity_id', 'in', entityIds.slice(i, i + REDACT_CHUNK))
      .where((eb) => eb.or([eb('before', 'is not', null), eb('after', 'is not', null)]))
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const id = Number(row.id);
      const before = redactValues(parseJson<Record<string, unknown> | null>(row.before, null));
      const after = redactValues(parseJson<Record<string, unknown> | null>(row.after, null));
      await trx
        .insertInto('audit_redactions')
        .values({ audit_id: id, redacted_at: at })
        .onConflict((oc) => oc.column('audit_id').doNothing())
        .execute();
      await trx
        .updateTable('audit_log')
        .set({
          before: before === null ? null : JSON.stringify(before),
          after: after === null ? null : JSON.stringify(after),
        })
        .where('id', '=', id)
        .execute();
    }
    count += rows.length;
  }
  return count;
}
