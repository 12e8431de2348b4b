import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { parseJson } from '../../src/db/database.js';
import type { DB } from '../../src/db/schema.js';

/** An application/problem+json answer (src/http/problem.ts), as tests read it. */
export interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
  currentVersion?: number;
}

/** The answer's problem, after checking its status and media type. */
export function problemOf(res: LightMyRequestResponse, status: number): Problem {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const problem = res.json<Problem>();
  expect(problem.status).toBe(status);
  return problem;
}

/** A 422's field errors as {field: message}. */
export function fieldErrors(res: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries((problemOf(res, 422).errors ?? []).map((e) => [e.field, e.message]));
}

/** One record's audit entries, oldest first, with their JSON read back. */
export async function auditOf(db: Kysely<DB>, entityType: string, entityId: string) {
  const rows = await db
    .selectFrom('audit_log')
    .select(['action', 'actor_id', 'before', 'after', 'request_id'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    actorId: r.actor_id,
    requestId: r.request_id,
    before: parseJson<Record<string, unknown> | null>(r.before, null),
    after: parseJson<Record<string, unknown> | null>(r.after, null),
  }));
}
