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
    /** The answer stored for the key, unless it was stored before `notBefore` (expired). */
    async find(trx: Kysely<DB>, principal: string, key: string, notBefore: string): Promise<StoredResponse | null> {
      const row = await trx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status_code', 'response'])
        .where('principal', '=', principal)
        .where('key', '=', key)
        .where('created_at', '>=', notBefore)
        .executeTakeFirst();
      return row
        ? { requestHash: row.request_hash, statusCode: row.status_code, body: parseJson(row.response, null) }
        : null;
    },

    /** Forgets the caller's key if it expired, so it can be used again. */
    async forgetExpired(trx: Kysely<DB>, principal: string, key: string, before: string): Promise<void> {
      await trx
        .deleteFrom('idempotency_keys')
        .where('principal', '=', principal)
        .where('key', '=', key)
        .where('created_at', '<', before)
        .execute();
    },

    /** Forgets every expired key (read by age through its index); returns how many. */
    async pruneExpired(trx: Kysely<DB>, before: string): Promise<number> {
      const result = await trx.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
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
