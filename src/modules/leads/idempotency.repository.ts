import type { Kysely } from 'kysely';
import { parseJson } from '../../db/database.js';
import type { DB } from '../../db/schema.js';

export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  body: unknown;
}

/** Responses kept per (principal, Idempotency-Key), so a retried request gets the first answer again. */
export function createIdempotencyRepository() {
  return {
    async find(trx: Kysely<DB>, principal: string, key: string): Promise<StoredResponse | null> {
      const row = await trx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status_code', 'response'])
        .where('principal', '=', principal)
        .where('key', '=', key)
        .executeTakeFirst();
      return row
        ? { requestHash: row.request_hash, statusCode: row.status_code, body: parseJson(row.response, null) }
        : null;
    },

    /** Fails with a unique violation when a concurrent request with the same key committed first. */
    async save(trx: Kysely<DB>, principal: string, key: string, stored: StoredResponse, now: string): Promise<void> {
      await trx
        .insertInto('idempotency_keys')
        .values({
          principal,
          key,
          request_hash: stored.requestHash,
          status_code: stored.statusCode,
          response: JSON.stringify(stored.body),
          created_at: now,
        })
        .execute();
    },
  };
}
