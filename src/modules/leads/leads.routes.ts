import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../http/auth.js';
import { invalid } from '../../shared/errors.js';
import { idempotencyKeySchema, leadInput, leadResult } from './lead.js';
import type { LeadsService } from './leads.service.js';

export function leadRoutes(leads: LeadsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/leads',
      {
        bodyLimit: 64 * 1024,
        schema: {
          tags: ['leads'],
          summary:
            'Create or update a lead from another system. Send an Idempotency-Key header: a retry with the same key and body answers the first result and changes nothing.',
          body: leadInput,
          response: { 200: leadResult, 201: leadResult },
        },
      },
      async (req, reply) => {
        const raw = req.headers['idempotency-key'];
        let key: string | null = null;
        if (raw !== undefined) {
          const parsed = idempotencyKeySchema.safeParse(Array.isArray(raw) ? raw.join(',') : raw);
          if (!parsed.success) throw invalid('Idempotency-Key', parsed.error.issues[0]?.message ?? 'Invalid.');
          key = parsed.data;
        }
        const answer = await leads.create(requireActor(req), req.body, {
          key,
          audit: { actor: req.actor, requestId: req.id },
        });
        if (answer.replayed) reply.header('idempotent-replayed', 'true');
        return reply.status(answer.statusCode).send(answer.body);
      },
    );
  };
}
