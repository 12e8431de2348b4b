import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { idParams } from '../../http/schemas.js';
import { recordScope, type Actor } from '../auth/index.js';
import { integrationEventSchema } from './tracking.js';
import type { TrackingService } from './tracking.service.js';

/** Events recorded for a known contact by integrations and other tools (authenticated API). */
export function contactEventRoutes(deps: {
  tracking: TrackingService;
  contactVisible: (actor: Actor, id: string) => Promise<unknown>;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/contacts/:id/events',
      {
        schema: {
          tags: ['contacts'],
          summary: 'Record something a contact did (a webinar attended, a trial started); rescoring follows',
          params: idParams,
          body: integrationEventSchema,
          response: { 202: z.object({ recorded: z.literal(true) }) },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        // Who sees every contact sees this one if it exists, which the append checks in its own commit (404
        // otherwise): an integration's token then costs no lookup per event. Anyone else is checked first.
        if (recordScope(actor).kind !== 'all') await deps.contactVisible(actor, req.params.id);
        await deps.tracking.recordForContact(req.params.id, req.body);
        return reply.status(202).send({ recorded: true as const });
      },
    );
  };
}
