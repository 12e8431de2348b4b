import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findNulCharacter } from '../../http/input.js';
import { acceptTextJson } from '../../http/text-json.js';
import { invalid } from '../../shared/errors.js';
import { TRACKING_SCRIPT } from './script.js';
import { eventBatchSchema } from './tracking.js';
import type { TrackingService } from './tracking.service.js';

/** A transparent 1x1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const EVENTS_BODY_LIMIT = 64 * 1024;

/**
 * These routes run outside the API's hooks (see app.ts), so they apply its NUL rule themselves: PostgreSQL
 * cannot store NUL in text, and both databases must answer the same way.
 */
function refuseNul(input: unknown): void {
  const field = findNulCharacter(input);
  if (field !== null) throw invalid(field, 'Contains a NUL character.');
}

/**
 * Public capture endpoints. They answer any origin (no credentials), are rate-limited per client address,
 * accept small bodies only, and say nothing about contacts.
 */
export function trackingRoutes(tracking: TrackingService, options: { perMinute: number }): FastifyPluginAsyncZod {
  return async (app) => {
    // sendBeacon and simple CORS requests send JSON as text/plain, which skips the preflight.
    acceptTextJson(app, EVENTS_BODY_LIMIT);
    // Set before the handler runs, so error answers carry them too. An onRequest hook, not onSend: these
    // routes then have no onSend stage at all, which Fastify skips (measurably cheaper per beacon).
    app.addHook('onRequest', (_request, reply, done) => {
      reply.header('access-control-allow-origin', '*');
      reply.header('cross-origin-resource-policy', 'cross-origin');
      done();
    });

    const publicConfig = { public: true, csrfExempt: true };
    // Capture traffic is high-volume and anonymous: no access-log lines per request (warnings and errors are
    // still logged), and the rate limit answers 429 with Retry-After without spending three headers on every
    // accepted beacon.
    const capture = { logLevel: 'warn' } as const;
    const limit = {
      max: options.perMinute,
      timeWindow: 60_000,
      addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    };

    app.options('/events', { config: publicConfig, schema: { hide: true } }, async (_req, reply) =>
      reply
        .header('access-control-allow-methods', 'POST')
        .header('access-control-allow-headers', 'content-type')
        .header('access-control-max-age', '86400')
        .status(204)
        .send(),
    );

    app.post(
      '/events',
      {
        ...capture,
        config: { ...publicConfig, rateLimit: limit },
        bodyLimit: EVENTS_BODY_LIMIT,
        schema: {
          tags: ['tracking'],
          summary: 'Record a batch of website events for an anonymous visitor (public; used by /t/tandem.js)',
          body: eventBatchSchema,
          response: { 202: z.object({ accepted: z.number() }) },
        },
      },
      async (req, reply) => {
        refuseNul(req.body);
        return reply.status(202).send(await tracking.record(req.body, req.headers['user-agent']));
      },
    );

    app.get(
      '/p.gif',
      {
        ...capture,
        config: { ...publicConfig, rateLimit: limit },
        schema: { hide: true },
      },
      async (req, reply) => {
        refuseNul(req.query);
        await tracking.pixel(req.query as Record<string, unknown>, req.headers['user-agent']);
        return reply.header('cache-control', 'no-store, max-age=0').type('image/gif').send(PIXEL);
      },
    );

    app.get('/tandem.js', { config: publicConfig, schema: { hide: true } }, async (_req, reply) =>
      reply
        .header('cache-control', 'public, max-age=3600')
        .type('application/javascript; charset=utf-8')
        .send(TRACKING_SCRIPT),
    );
  };
}
