import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookie, requireActor, SESSION_COOKIE, setSessionCookie } from '../../http/auth.js';
import { rateLimitKey } from '../../http/client-address.js';
import { idParams } from '../../http/schemas.js';
import { AppError } from '../../shared/errors.js';
import { emailSchema, passwordSchema, userSchema, type UserService } from '../users/index.js';
import type { AuthService } from './auth.service.js';
import { sameSecretText } from './tokens.js';

const sessionResponse = z.object({ user: userSchema, csrfToken: z.string() });
const tokenSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  tokenPrefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** Public routes are small-bodied and rate-limited per client address. */
const PUBLIC_BODY_LIMIT = 16 * 1024;

export function authRoutes(deps: {
  auth: AuthService;
  users: UserService;
  cookie: { secure: boolean; maxAgeSeconds: number };
  /** The first-run code printed on the server console (see tokens.ts setupCode). */
  setupCode: string;
}): FastifyPluginAsyncZod {
  const { auth, users, cookie } = deps;
  return async (app) => {
    const publicConfig = { public: true, csrfExempt: true, rateLimit: { max: 30, timeWindow: 60_000 } };

    app.get(
      '/setup',
      {
        config: publicConfig,
        schema: {
          tags: ['auth'],
          summary: 'Whether the first admin still has to be created',
          response: { 200: z.object({ needsSetup: z.boolean() }) },
        },
      },
      async () => ({ needsSetup: await users.needsSetup() }),
    );

    app.post(
      '/setup',
      {
        config: publicConfig,
        bodyLimit: PUBLIC_BODY_LIMIT,
        schema: {
          tags: ['auth'],
          summary: 'Create the first admin (only while there are no users) and sign in',
          body: z.strictObject({
            setupCode: z.string().max(100),
            email: emailSchema,
            name: z.string().trim().min(1).max(200),
            password: passwordSchema,
          }),
          response: { 201: sessionResponse },
        },
      },
      async (req, reply) => {
        const { setupCode, ...input } = req.body;
        if (!sameSecretText(setupCode.trim(), deps.setupCode)) {
          throw new AppError(
            'forbidden',
            'setup.wrong_code',
            'Wrong setup code: use the one the server printed at start.',
            {
              errors: [{ field: 'setupCode', message: 'Does not match the code the server printed.' }],
            },
          );
        }
        const user = await users.setupFirstAdmin(input);
        const session = await auth.openSession(user.id);
        setSessionCookie(reply, session.sessionToken, cookie);
        return reply.status(201).send({ user, csrfToken: session.csrfToken });
      },
    );

    app.post(
      '/auth/login',
      {
        config: publicConfig,
        bodyLimit: PUBLIC_BODY_LIMIT,
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password; sets the session cookie',
          body: z.strictObject({ email: z.string().max(254), password: z.string().max(256) }),
          response: { 200: sessionResponse },
        },
      },
      async (req, reply) => {
        const result = await auth.login({
          email: req.body.email,
          password: req.body.password,
          ip: rateLimitKey(req.ip),
          previousSessionToken: req.cookies[SESSION_COOKIE],
        });
        setSessionCookie(reply, result.sessionToken, cookie);
        return { user: result.user, csrfToken: result.csrfToken };
      },
    );

    app.post(
      '/auth/logout',
      { config: { public: true }, schema: { tags: ['auth'], summary: 'Sign out' } },
      async (req, reply) => {
        const token = req.cookies[SESSION_COOKIE];
        if (token) await auth.logout(token);
        clearSessionCookie(reply, cookie.secure);
        return reply.status(204).send();
      },
    );

    app.get(
      '/auth/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user and the CSRF token for writes',
          response: { 200: sessionResponse },
        },
      },
      async (req) => {
        requireActor(req);
        if (!req.user || !req.csrfToken) {
          throw new AppError(
            'unauthenticated',
            'auth.unauthenticated',
            'No browser session (API tokens need no CSRF token).',
          );
        }
        return { user: req.user, csrfToken: req.csrfToken };
      },
    );

    app.get(
      '/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Your API tokens (admins: all)',
          response: { 200: z.object({ items: z.array(tokenSchema) }) },
        },
      },
      async (req) => ({ items: await auth.listTokens(requireActor(req)) }),
    );

    app.post(
      '/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Create an API token for yourself; the secret is shown once',
          body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
          response: { 201: tokenSchema.extend({ token: z.string() }) },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        return reply.status(201).send(await auth.createToken(actor, actor.id, req.body.name));
      },
    );

    app.delete(
      '/tokens/:id',
      { schema: { tags: ['tokens'], summary: 'Revoke an API token', params: idParams } },
      async (req, reply) => {
        await auth.revokeToken(requireActor(req), req.params.id);
        return reply.status(204).send();
      },
    );
  };
}
