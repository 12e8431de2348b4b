import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AddressLimiter } from '../../http/address-limiter.js';
import { findNulCharacter } from '../../http/input.js';
import { acceptTextJson } from '../../http/text-json.js';
import { CAPTURE_HEADERS, EVENTS_BODY_LIMIT, refuseNul } from './beacon-fast-path.js';
import { TRACKING_SCRIPT } from './script.js';
import { eventBatchSchema } from './tracking.js';
import type { TrackingService } from './tracking.service.js';

/** A transparent 1x1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * Public capture endpoints. They answer any origin (no credentials), are rate-limited per client address,
 * accept small bodies only, and say nothing about contacts. Most `POST /events` requests are answered by
 * the fast path in front of Fastify (beacon-fast-path.ts); this route answers the rest (and injected
 * requests) the same way, with the same per-address budget (`eventsLimiter`).
 */
export function trackingRoutes(
  tracking: TrackingService,
  options: { perMinute: number; eventsLimiter: AddressLimiter },
): FastifyPluginAsyncZod {
  return async (app) => {
    // sendBeacon and simple CORS requests send JSON as text/plain, which skips the preflight.
    acceptTextJson(app, EVENTS_BODY_LIMIT);
    // Set before the handler runs, so error answers carry them too. An onRequest hook, not onSend: these
    // routes then have no onSend stage at all, which Fastify skips (measurably cheaper per beacon).
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(CAPTURE_HEADERS);
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
        config: publicConfig,
        bodyLimit: EVENTS_BODY_LIMIT,
        onRequest: (req, reply, done) => {
          const retryAfter = options.eventsLimiter.hit(req.ip);
          if (retryAfter === null) return done();
          reply.header('retry-after', String(retryAfter));
          done(Object.assign(new Error(`Rate limit exceeded, retry in ${retryAfter} seconds`), { statusCode: 429 }));
        },
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
        // Like every other bad parameter, a NUL character records nothing and the page still gets its image.
        if (findNulCharacter(req.query) === null) {
          await tracking.pixel(req.query as Record<string, unknown>, req.headers['user-agent']);
        }
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
