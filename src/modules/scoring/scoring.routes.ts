import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { idParams } from '../../http/schemas.js';
import { forbidden } from '../../shared/errors.js';
import type { ScoringService } from './scoring.service.js';
import { scoringSettingsInputSchema, scoringSettingsSchema } from './settings.js';

const settingsResponse = z.object({ version: z.number(), settings: scoringSettingsSchema });

const rescoreSchema = z.object({
  id: z.number(),
  cause: z.string(),
  settingsVersion: z.number(),
  importId: z.string().nullable(),
  status: z.enum(['running', 'done', 'superseded']),
  processed: z.number(),
  changed: z.number().describe('Contacts whose temperature changed'),
  total: z.number().describe('Contacts to rescore when the pass started'),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});

/**
 * Scoring settings and a contact's temperature with its reasons. `contactVisible` is the contacts module's
 * check (a 404 for a contact out of the reader's scope).
 */
export function scoringRoutes(deps: {
  scoring: ScoringService;
  /** Also says whether the reader may see the contact's company (ContactService.assertVisible). */
  contactVisible: (actor: ReturnType<typeof requireActor>, id: string) => Promise<{ accountVisible: boolean }>;
}): FastifyPluginAsyncZod {
  const { scoring, contactVisible } = deps;
  return async (app) => {
    app.get(
      '/scoring/settings',
      {
        schema: {
          tags: ['scoring'],
          summary: 'ICP, engagement rules and temperature thresholds',
          response: { 200: settingsResponse },
        },
      },
      async (req, reply) => {
        requireActor(req);
        const current = await scoring.settings();
        // The version as an entity tag: a save may send it back in If-Match so it never overwrites a newer one.
        void reply.header('etag', `"${current.version}"`);
        return current;
      },
    );

    app.put(
      '/scoring/settings',
      {
        schema: {
          tags: ['scoring'],
          summary: 'Replace the scoring settings (marketing, admin); makes a new version',
          description:
            'Send the version you edited as `If-Match: "<version>"` (the ETag of GET): if someone saved a newer ' +
            'version meanwhile, the save is refused with 409 `scoring.version_conflict` and nothing changes.',
          headers: z.looseObject({
            'if-match': z
              .string()
              .regex(/^(W\/)?"?\d{1,9}"?$/, 'The version you edited, as returned in ETag (e.g. "3").')
              .optional(),
          }),
          body: scoringSettingsInputSchema,
          response: { 200: settingsResponse },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        if (actor.role !== 'admin' && actor.role !== 'marketing')
          throw forbidden('Only marketing and admins change scoring.');
        const ifMatch = req.headers['if-match'];
        const expected = ifMatch === undefined ? undefined : Number(ifMatch.replace(/\D/g, ''));
        const saved = await scoring.updateSettings(actor, req.body, expected);
        void reply.header('etag', `"${saved.version}"`);
        return saved;
      },
    );

    app.get(
      '/scoring/rescores',
      {
        schema: {
          tags: ['scoring'],
          summary: 'Progress of the latest bulk rescores (after settings changes and imports), newest first',
          response: { 200: z.object({ items: z.array(rescoreSchema) }) },
        },
      },
      async (req) => {
        requireActor(req);
        return { items: await scoring.rescores() };
      },
    );

    app.put(
      '/contacts/:id/qualification',
      {
        schema: {
          tags: ['scoring'],
          summary:
            'Decide a lead by hand (marketing, admin): qualified, not qualified (back to nurture, with a reason), or null to let the scores decide',
          params: idParams,
          body: z.strictObject({
            decision: z.enum(['qualified', 'not_qualified']).nullable(),
            reason: z.string().trim().min(1).max(500).optional(),
          }),
          response: {
            200: z.object({
              temperature: z.enum(['cold', 'warm', 'qualified']),
              reasons: z.array(z.record(z.string(), z.unknown())),
            }),
          },
        },
      },
      async (req) => {
        const actor = requireActor(req);
        await contactVisible(actor, req.params.id);
        const result = await scoring.setQualification(actor, req.params.id, req.body);
        return { temperature: result.temperature, reasons: result.reasons.map((r) => ({ ...r })) };
      },
    );

    app.get(
      '/contacts/:id/temperature',
      {
        schema: {
          tags: ['scoring'],
          summary: 'Why is this lead cold, warm or qualified: scores, reasons, history',
          params: idParams,
        },
      },
      async (req) => {
        const view = await contactVisible(requireActor(req), req.params.id);
        return scoring.details(req.params.id, view);
      },
    );
  };
}
