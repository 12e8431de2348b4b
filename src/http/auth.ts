import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, AuthService } from '../modules/auth/index.js';
import type { User } from '../modules/users/index.js';
import { AppError } from '../shared/errors.js';

export const SESSION_COOKIE = 'tandem_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    user: User | null;
    csrfToken: string | null;
    /** The stored id of the browser session behind this request, if any. */
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without signing in (health, setup, sign-in, public capture endpoints). */
    public?: boolean;
    /**
     * Sign-in and setup run before the client has a CSRF token. They are safe without one: they accept
     * only JSON bodies (a cross-site form cannot send those without a CORS preflight we never grant).
     */
    csrfExempt?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Authentication runs on every request before the body is read, so an anonymous caller cannot make the
 * server parse a large body on a private route. Routes are private unless their config says `public`.
 */
export function registerAuthentication(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionId', null);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    // Only the Bearer scheme is ours; other schemes (Basic from a reverse proxy) are not our business.
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (bearer) {
      const found = await auth.authenticateToken(bearer[1]!);
      if (!found) throw new AppError('unauthenticated', 'auth.invalid_token', 'The API token is invalid or revoked.');
      request.actor = found.actor;
      request.user = found.user;
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      const found = cookie ? await auth.authenticateSession(cookie) : null;
      if (found) {
        request.actor = found.actor;
        request.user = found.user;
        request.csrfToken = found.csrfToken;
        request.sessionId = found.sessionId;
        // Cookies ride along on cross-site requests; a write must also prove it read our page.
        if (!SAFE_METHODS.has(request.method) && !request.routeOptions.config.csrfExempt) {
          const sent = request.headers[CSRF_HEADER];
          if (typeof sent !== 'string' || !sameSecret(sent, found.csrfToken)) {
            throw new AppError('forbidden', 'auth.csrf', `Missing or wrong ${CSRF_HEADER} header.`);
          }
        }
      }
    }
    // Decided on the matched route's pattern, never on the raw URL (which may be percent-encoded).
    const route = request.routeOptions.url;
    const isPrivate = route !== undefined && route.startsWith('/api/v1/') && !request.routeOptions.config.public;
    if (isPrivate && !request.actor) {
      throw new AppError('unauthenticated', 'auth.unauthenticated', 'Sign in or send an API token.');
    }
  });
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'auth.unauthenticated', 'Sign in or send an API token.');
  return request.actor;
}

export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  options: { secure: boolean; maxAgeSeconds: number },
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    maxAge: options.maxAgeSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
