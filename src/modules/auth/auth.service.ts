import type { Database } from '../../db/database.js';
import type { Role, UserRow } from '../../db/schema.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { normalizeEmail } from '../../shared/text.js';
import type { UserService } from '../users/users.service.js';
import { toUser, type User } from '../users/user.js';
import { verifyPassword } from './password.js';
import { can, type Actor } from './policy.js';
import type { Throttle } from './throttle.js';
import { newApiToken, newSecret, sha256 } from './tokens.js';

/** Writes to last_seen / last_used at most this often, so reads do not turn into writes. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  tokenPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const invalidCredentials = () =>
  new AppError('unauthenticated', 'auth.invalid_credentials', 'Email or password is wrong.');

export function createAuthService(deps: {
  database: Database;
  clock: Clock;
  users: UserService;
  sessionTtlHours: number;
  /** Failed sign-ins per email; per client address a larger budget (one office, many people). */
  throttle: { email: Throttle; ip: Throttle };
}) {
  const { clock, users, throttle } = deps;
  const db = deps.database.db;

  function actorOf(user: Pick<UserRow, 'id' | 'role' | 'team_id'>, via: Actor['via']): Actor {
    return { id: user.id, role: user.role as Role, teamId: user.team_id, via };
  }

  return {
    actorOf,

    /**
     * Verifies the password and opens a new session (a fresh id every sign-in; the old one, if any, ends).
     * Throttled per email and per client address; failures look identical whether or not the email exists.
     */
    async login(input: {
      email: string;
      password: string;
      ip: string;
      previousSessionToken?: string | undefined;
    }): Promise<{ user: User; sessionToken: string; csrfToken: string; expiresAt: string }> {
      const now = clock.now().getTime();
      const emailKey = `email:${normalizeEmail(input.email)}`;
      const ipKey = `ip:${input.ip}`;
      const wait = Math.max(throttle.email.retryAfterMs(emailKey, now), throttle.ip.retryAfterMs(ipKey, now));
      if (wait > 0) {
        throw new AppError('rate_limited', 'auth.throttled', 'Too many failed sign-ins. Try again later.', {
          extra: { retryAfterSeconds: Math.ceil(wait / 1000) },
        });
      }
      const row = await users.findActiveByEmail(input.email);
      const ok = await verifyPassword(row?.password_hash ?? null, input.password);
      if (!row || !ok) {
        throttle.email.fail(emailKey, now);
        throttle.ip.fail(ipKey, now);
        throw invalidCredentials();
      }
      throttle.email.reset(emailKey);
      const sessionToken = newSecret();
      const csrfToken = newSecret();
      const nowIso = new Date(now).toISOString();
      const expiresAt = new Date(now + deps.sessionTtlHours * 3_600_000).toISOString();
      await db.transaction().execute(async (trx) => {
        if (input.previousSessionToken) {
          await trx.deleteFrom('sessions').where('id', '=', sha256(input.previousSessionToken)).execute();
        }
        await trx
          .insertInto('sessions')
          .values({
            id: sha256(sessionToken),
            user_id: row.id,
            csrf_token: csrfToken,
            created_at: nowIso,
            expires_at: expiresAt,
            last_seen_at: nowIso,
          })
          .execute();
      });
      return { user: toUser(row), sessionToken, csrfToken, expiresAt };
    },

    /** Opens a session for a user just created by first-run setup. */
    async openSession(userId: string): Promise<{ sessionToken: string; csrfToken: string }> {
      const sessionToken = newSecret();
      const csrfToken = newSecret();
      const now = clock.now();
      await db
        .insertInto('sessions')
        .values({
          id: sha256(sessionToken),
          user_id: userId,
          csrf_token: csrfToken,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + deps.sessionTtlHours * 3_600_000).toISOString(),
          last_seen_at: now.toISOString(),
        })
        .execute();
      return { sessionToken, csrfToken };
    },

    async logout(sessionToken: string): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', sha256(sessionToken)).execute();
    },

    async authenticateSession(sessionToken: string): Promise<{ actor: Actor; user: User; csrfToken: string } | null> {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select(['sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at', 'sessions.id as session_id'])
        .where('sessions.id', '=', sha256(sessionToken))
        .executeTakeFirst();
      const now = clock.now();
      if (!row || row.status !== 'active' || row.expires_at <= now.toISOString()) return null;
      if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_INTERVAL_MS) {
        await db
          .updateTable('sessions')
          .set({ last_seen_at: now.toISOString() })
          .where('id', '=', row.session_id)
          .execute();
      }
      return { actor: actorOf(row, 'session'), user: toUser(row), csrfToken: row.csrf_token };
    },

    async authenticateToken(token: string): Promise<{ actor: Actor; user: User } | null> {
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .select(['api_tokens.id as token_id', 'api_tokens.revoked_at', 'api_tokens.last_used_at'])
        .where('api_tokens.token_hash', '=', sha256(token))
        .executeTakeFirst();
      if (!row || row.revoked_at !== null || row.status !== 'active') return null;
      const now = clock.now();
      if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_INTERVAL_MS) {
        await db
          .updateTable('api_tokens')
          .set({ last_used_at: now.toISOString() })
          .where('id', '=', row.token_id)
          .execute();
      }
      return { actor: actorOf(row, 'token'), user: toUser(row) };
    },

    async createToken(userId: string, name: string): Promise<ApiToken & { token: string }> {
      const { token, prefix, hash } = newApiToken();
      const row = {
        id: newId(),
        user_id: userId,
        name,
        token_hash: hash,
        token_prefix: prefix,
        created_at: clock.now().toISOString(),
        last_used_at: null,
        revoked_at: null,
      };
      await db.insertInto('api_tokens').values(row).execute();
      return { ...toToken(row), token };
    },

    async listTokens(actor: Actor): Promise<ApiToken[]> {
      let q = db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc');
      if (!can(actor, 'tokens.manage_all')) q = q.where('user_id', '=', actor.id);
      return (await q.execute()).map(toToken);
    },

    async revokeToken(actor: Actor, id: string): Promise<void> {
      const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row || (row.user_id !== actor.id && !can(actor, 'tokens.manage_all'))) throw notFound('token');
      if (row.revoked_at) return;
      await db.updateTable('api_tokens').set({ revoked_at: clock.now().toISOString() }).where('id', '=', id).execute();
    },

    /** For the CLI: revoke by id without an actor (the operator owns the server). */
    async revokeTokenAsOperator(id: string): Promise<boolean> {
      const res = await db
        .updateTable('api_tokens')
        .set({ revoked_at: clock.now().toISOString() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
  };
}

function toToken(row: {
  id: string;
  user_id: string;
  name: string;
  token_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    tokenPrefix: row.token_prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
