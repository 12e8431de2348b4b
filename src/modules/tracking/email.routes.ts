import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { acceptTextJson } from '../../http/text-json.js';
import type { Actor } from '../auth/index.js';
import { isWebUrl, MAX_LINK_TOKEN } from './email-links.js';
import type { EmailTrackingService } from './email.service.js';
import { visitorIdSchema } from './tracking.js';

/** A transparent 1x1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const tokenParams = z.strictObject({ token: z.string().min(1).max(MAX_LINK_TOKEN) });

/** The page a broken or tampered link shows: no redirect anywhere, and nothing about anyone. */
const INVALID_LINK_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Link not valid</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:480px;margin:64px auto;padding:0 16px">
<h1 style="font-size:1.3rem">This link is not valid</h1>
<p>It may have been changed or cut short when it was copied. Please use the link in the original email.</p>
<p lang="fa" dir="rtl">این پیوند معتبر نیست. ممکن است هنگام کپی تغییر کرده یا ناقص شده باشد. لطفاً از پیوند موجود در ایمیل اصلی استفاده کنید.</p>
</body></html>
`;

/** Public email tracking under /t: click links, open pixels and the identity hand-over. */
export function emailTrackingRoutes(
  email: EmailTrackingService,
  options: { perMinute: number; origin: (req: { protocol: string; host: string }) => string },
): FastifyPluginAsyncZod {
  return async (app) => {
    acceptTextJson(app, 16 * 1024);
    const config = { public: true, csrfExempt: true, rateLimit: { max: options.perMinute, timeWindow: 60_000 } };

    app.get('/c/:token', { config, schema: { hide: true, params: tokenParams } }, async (req, reply) => {
      const destination = await email.click(req.params.token, req.headers['user-agent'], options.origin(req));
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      if (!destination) return reply.status(404).type('text/html; charset=utf-8').send(INVALID_LINK_PAGE);
      return reply.redirect(destination, 302);
    });

    app.get(
      '/o/:token',
      { config: { ...config, securityHeaders: false }, schema: { hide: true, params: tokenParams } },
      async (req, reply) => {
        await email.open(req.params.token.replace(/\.gif$/, ''), req.headers['user-agent']);
        return reply.header('cache-control', 'no-store, max-age=0').type('image/gif').send(PIXEL);
      },
    );

    app.post(
      '/identify',
      {
        config: { ...config, securityHeaders: false },
        bodyLimit: 16 * 1024,
        onSend: async (_req, reply) => {
          reply.header('access-control-allow-origin', '*');
        },
        schema: {
          hide: true,
          body: z.strictObject({ visitorId: visitorIdSchema, token: z.string().min(1).max(MAX_LINK_TOKEN) }),
          response: { 202: z.object({ ok: z.literal(true) }) },
        },
      },
      async (req, reply) => {
        // The same answer whatever the token says: the endpoint tells a caller nothing.
        await email.identify(req.body.visitorId, req.body.token);
        return reply.status(202).send({ ok: true as const });
      },
    );
  };
}

/** Minting links for a message (the email module and integrations call this). */
export function emailLinkRoutes(deps: {
  email: EmailTrackingService;
  contactVisible: (actor: Actor, id: string) => Promise<unknown>;
  origin: (req: { protocol: string; host: string }) => string;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/email/links',
      {
        schema: {
          tags: ['email'],
          summary: 'Signed click link and open pixel for one message to one contact',
          body: z.strictObject({
            contactId: z.string().min(1).max(64),
            messageId: z.string().min(1).max(200),
            url: z.string().max(2048).refine(isWebUrl, 'An http(s) address.'),
            campaign: z.string().min(1).max(200).optional(),
          }),
          response: { 200: z.object({ clickUrl: z.string(), openPixelUrl: z.string() }) },
        },
      },
      async (req) => {
        await deps.contactVisible(requireActor(req), req.body.contactId);
        return deps.email.links(deps.origin(req), req.body);
      },
    );
  };
}
