import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { escapeHtml } from '../../shared/html.js';
import type { EmailTrackingService } from './email.service.js';
import { siteDomainsSchema } from './sites.js';

const trackedSitesSchema = z.object({
  domains: z.array(z.string()),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  snippet: z.string().describe('The tracking script tag to put on every page of these sites'),
});

type Origin = (req: { protocol: string; host: string }) => string;

/** The script tag a site's pages carry, served by this Tandem. */
export function trackingSnippet(origin: string): string {
  return `<script async src="${escapeHtml(`${origin}/t/tandem.js`)}"></script>`;
}

/** The websites marketing tracks: read by anyone signed in, replaced by marketing and admins. */
export function trackedSitesRoutes(email: EmailTrackingService, origin: Origin): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tracking/sites',
      {
        schema: {
          tags: ['tracking'],
          summary: "The websites whose pages may receive a clicked email link's identity token",
          response: { 200: trackedSitesSchema },
        },
      },
      async (req) => {
        requireActor(req);
        return { ...(await email.trackedSites()), snippet: trackingSnippet(origin(req)) };
      },
    );

    app.put(
      '/tracking/sites',
      {
        schema: {
          tags: ['tracking'],
          summary: 'Replace the tracked websites (marketing, admin)',
          description:
            'Domains such as `example.com` (each covers its subdomains); a pasted address is reduced to its ' +
            'host name. A clicked tracked link adds the identity token (`_tdm`) only for pages on these sites ' +
            "or on Tandem's own host.",
          body: z.strictObject({ domains: siteDomainsSchema }),
          response: { 200: trackedSitesSchema },
        },
      },
      async (req) => ({
        ...(await email.saveTrackedSites(requireActor(req), req.body.domains)),
        snippet: trackingSnippet(origin(req)),
      }),
    );
  };
}
