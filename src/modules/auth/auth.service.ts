import type { Database } from '../../db/database.js';
import type { Role, UserRow } from '../../db/schema.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, forbidden, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { normalizeEmail } from '../../shared/text.js';
import { appendAudit } from '../audit/index.js';
import { toUser, type User, type UserService } from '../users/index.js';
import { createAuthRepository } from './auth.repository.js';
import { verifyPassword } from './password.js';
import { can, type Actor } from './policy.js';
import type { Throttle } from './throttle.js';
import { createTokenCache, type TokenCache } from './token-cache.js';
import { newApiToken, newSecret, sha256 } from './tokens.js';

/** Writes to last_seen / last_used at most this often, so reads do not turn into writes. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

/** Tokens remembered at most (token-cache.ts); an entry is a user and a few strings. */
const TOKEN_CACHE_ENTRIES = 10_000;

/** What an API token authenticated as, as remembered between requests. */
interface TokenIdentity {
  actor: Actor;
  user: User;
  tokenId: string;
  lastUsedAt: string | null;
}

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
  /**
   * How long a token's user, role and team are remembered (token-cache.ts); 0 looks them up on every
   * request. Changes made through this process apply at once; others' within this time.
   */
  tokenCacheMs: number;
  /** Failed sign-ins per email; per client address a larger budget (one office, many people). */
  throttle: { email: Throttle; ip: Throttle };
}) {
  const { clock, users, throttle } = deps;
  const db = deps.database.db;
  const repo = createAuthRepository(db);
  const tokens: TokenCache<TokenIdentity> = createTokenCache({
    ttlMs: deps.tokenCacheMs,
    maxEntries: TOKEN_CACHE_ENTRIES,
    now: () => clock.now().getTime(),
  });

  async function lookUpToken(hash: string): Promise<TokenIdentity | null> {
    const generation = tokens.generation();
    const row = await repo.findTokenWithUser(hash);
    if (!row || row.revoked_at !== null || row.status !== 'active') return null;
    // Frozen: the same objects serve every request until the entry expires.
    const identity = {
      actor: Object.freeze(actorOf(row, 'token')),
      user: Object.freeze(toUser(row)),
      tokenId: row.token_id,
      lastUsedAt: row.last_used_at,
    };
    tokens.set(hash, identity, generation);
    return identity;
  }

  function actorOf(user: Pick<UserRow, 'id' | 'role' | 'team_id'>, via: Actor['via']): Actor {
    return { id: user.id, role: user.role as Role, teamId: user.team_id, via };
  }

  async function openSession(
    userId: string,
    previousSessionToken?: string,
  ): Promise<{ sessionToken: string; csrfToken: string; expiresAt: string }> {
    const sessionToken = newSecret();
    const csrfToken = newSecret();
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + deps.sessionTtlHours * 3_600_000).toISOString();
    await db.transaction().execute(async (trx) => {
      // A fresh id at every sign-in: a session id planted before sign-in is worth nothing after it.
      if (previousSessionToken) await repo.deleteSession(sha256(previousSessionToken), trx);
      await repo.insertSession(
        {
          id: sha256(sessionToken),
          user_id: userId,
          csrf_token: csrfToken,
          created_at: now.toISOString(),
          expires_at: expiresAt,
          last_seen_at: now.toISOString(),
        },
        trx,
      );
    });
    return { sessionToken, csrfToken, expiresAt };
  }

  return {
    actorOf,
    openSession,

    /**
     * Verifies the password and opens a new session. Throttled per email and per client address; every
     * attempt counts before the (slow) password check, so parallel guesses cannot slip past the limit.
     * Failures look identical whether or not the email exists.
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
      throttle.email.fail(emailKey, now);
      throttle.ip.fail(ipKey, now);
      const row = await users.findActiveByEmail(input.email);
      const ok = await verifyPassword(row?.password_hash ?? null, input.password);
      if (!row || !ok) throw invalidCredentials();
      throttle.email.reset(emailKey);
      throttle.ip.forgive(ipKey);
      const session = await openSession(row.id, input.previousSessionToken);
      return { user: toUser(row), ...session };
    },

    async logout(sessionToken: string): Promise<void> {
      await repo.deleteSession(sha256(sessionToken));
    },

    async authenticateSession(
      sessionToken: string,
    ): Promise<{ actor: Actor; user: User; csrfToken: string; sessionId: string } | null> {
      const row = await repo.findSessionWithUser(sha256(sessionToken));
      const now = clock.now();
      if (!row || row.status !== 'active' || row.expires_at <= now.toISOString()) return null;
      if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_INTERVAL_MS) {
        await repo.touchSession(row.session_id, now.toISOString());
      }
      return {
        actor: actorOf(row, 'session'),
        user: toUser(row),
        csrfToken: row.csrf_token,
        sessionId: row.session_id,
      };
    },

    async authenticateToken(token: string): Promise<{ actor: Actor; user: User } | null> {
      const hash = sha256(token);
      const identity = tokens.get(hash) ?? (await lookUpToken(hash));
      if (!identity) return null;
      const now = clock.now();
      if (!identity.lastUsedAt || now.getTime() - Date.parse(identity.lastUsedAt) > TOUCH_INTERVAL_MS) {
        identity.lastUsedAt = now.toISOString();
        await repo.touchToken(identity.tokenId, identity.lastUsedAt);
      }
      return { actor: identity.actor, user: identity.user };
    },

    /** Users, teams or tokens changed in this process: tokens are looked up again (token-cache.ts). */
    credentialsChanged(): void {
      tokens.invalidate();
    },

    /**
     * Creates a token acting as `userId`. From the API only a signed-in person may do this: a token
     * minting tokens would let a leaked one outlive its own revocation.
     */
    async createToken(actor: Actor | null, userId: string, name: string): Promise<ApiToken & { token: string }> {
      if (actor && actor.via === 'token') throw forbidden('API tokens cannot create tokens; sign in to create one.');
      const { token, prefix, hash } = newApiToken();
      const now = clock.now().toISOString();
      const row = {
        id: newId(),
        user_id: userId,
        name,
        token_hash: hash,
        token_prefix: prefix,
        created_at: now,
        last_used_at: null,
        revoked_at: null,
      };
      await db.transaction().execute(async (trx) => {
        await repo.insertToken(row, trx);
        await appendAudit(
          trx,
          { actor },
          {
            at: now,
            entityType: 'api_token',
            entityId: row.id,
            action: 'create',
            before: null,
            after: { userId, name, tokenPrefix: prefix },
          },
        );
      });
      return { ...toToken(row), token };
    },

    async listTokens(actor: Actor): Promise<ApiToken[]> {
      return (await repo.listTokens(can(actor, 'tokens.manage_all') ? null : actor.id)).map(toToken);
    },

    /** actor null: the operator on the server's CLI. */
    async revokeToken(actor: Actor | null, id: string): Promise<boolean> {
      const row = await repo.findToken(id);
      if (!row || (actor && row.user_id !== actor.id && !can(actor, 'tokens.manage_all'))) throw notFound('token');
      const now = clock.now().toISOString();
      const revoked = await db.transaction().execute(async (trx) => {
        const revoked = await repo.revokeToken(id, now, trx);
        if (revoked) {
          await appendAudit(
            trx,
            { actor },
            {
              at: now,
              entityType: 'api_token',
              entityId: id,
              action: 'revoke',
              before: { revokedAt: null },
              after: { revokedAt: now },
            },
          );
        }
        return revoked;
      });
      // After the commit: a lookup that read the token before it is not stored either (token-cache.ts).
      // Also when it was revoked already (by another process): this one may still remember it.
      tokens.invalidate();
      return revoked;
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
