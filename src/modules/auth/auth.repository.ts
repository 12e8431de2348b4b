import type { Insertable, Kysely } from 'kysely';
import type { ApiTokensTable, DB, SessionsTable } from '../../db/schema.js';

/** Sessions and API tokens: the only SQL of the auth module. */
export function createAuthRepository(db: Kysely<DB>) {
  const withUser = (trx: Kysely<DB>) => trx.selectFrom('users');
  return {
    async insertSession(row: Insertable<SessionsTable>, trx: Kysely<DB> = db): Promise<void> {
      await trx.insertInto('sessions').values(row).execute();
    },

    async deleteSession(id: string, trx: Kysely<DB> = db): Promise<void> {
      await trx.deleteFrom('sessions').where('id', '=', id).execute();
    },

    findSessionWithUser: (id: string) =>
      withUser(db)
        .innerJoin('sessions', 'sessions.user_id', 'users.id')
        .selectAll('users')
        .select(['sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at', 'sessions.id as session_id'])
        .where('sessions.id', '=', id)
        .executeTakeFirst(),

    async touchSession(id: string, at: string): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
    },

    /** Ends every session of a user but the one given (the request that changed the password). */
    async deleteSessionsOf(userId: string, exceptId: string | null, trx: Kysely<DB> = db): Promise<void> {
      let q = trx.deleteFrom('sessions').where('user_id', '=', userId);
      if (exceptId) q = q.where('id', '!=', exceptId);
      await q.execute();
    },

    findTokenWithUser: (hash: string) =>
      withUser(db)
        .innerJoin('api_tokens', 'api_tokens.user_id', 'users.id')
        .selectAll('users')
        .select(['api_tokens.id as token_id', 'api_tokens.revoked_at', 'api_tokens.last_used_at'])
        .where('api_tokens.token_hash', '=', hash)
        .executeTakeFirst(),

    async touchToken(id: string, at: string): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
    },

    async insertToken(row: Insertable<ApiTokensTable>, trx: Kysely<DB> = db): Promise<void> {
      await trx.insertInto('api_tokens').values(row).execute();
    },

    findToken: (id: string, trx: Kysely<DB> = db) =>
      trx.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst(),

    listTokens(userId: string | null) {
      let q = db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc');
      if (userId) q = q.where('user_id', '=', userId);
      return q.execute();
    },

    async revokeToken(id: string, at: string, trx: Kysely<DB> = db): Promise<boolean> {
      const res = await trx
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async revokeTokensOf(userId: string, at: string, trx: Kysely<DB> = db): Promise<void> {
      await trx
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute();
    },
  };
}

export type AuthRepository = ReturnType<typeof createAuthRepository>;
