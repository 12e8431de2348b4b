import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { errorResponses, idParams } from '../../http/schemas.js';
import { forbidden } from '../../shared/errors.js';
import type { Actor } from '../auth/index.js';
import type { PredictiveService } from './predictive.service.js';
import { predictiveSettingsSchema } from './settings.js';

const settingsResponse = z.object({ version: z.number(), settings: predictiveSettingsSchema });

const modelSummarySchema = z.object({
  version: z.number(),
  trainedAt: z.string(),
  trainedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  settingsVersion: z.number(),
  outcome: z.object({
    field: z.string(),
    positiveValues: z.array(z.string()),
    negativeValues: z.array(z.string()),
  }),
  samples: z.object({ positive: z.number(), negative: z.number(), unknown: z.number(), training: z.number() }),
  crossValidation: z.object({ folds: z.number(), auc: z.number(), aucStd: z.number() }),
  topFeatures: z.array(z.object({ feature: z.string(), type: z.string(), share: z.number() })),
  droppedFeatures: z.array(z.object({ feature: z.string(), reason: z.string() })),
  trainingSeconds: z.number(),
  scoring: z.object({ scoredContacts: z.number(), finishedAt: z.string().nullable() }),
});

const predictionSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ready'),
    method: z.literal('tree_shap'),
    score: z.number(),
    modelVersion: z.number(),
    trainedAt: z.string(),
    bias: z.number(),
    logOdds: z.number(),
    otherContribution: z.number(),
    factors: z.array(
      z.object({
        feature: z.string(),
        value: z.union([z.string(), z.number()]).nullable(),
        /** The value is the contact's company's, which the reader may not see: left out (null). */
        hidden: z.literal(true).optional(),
        contribution: z.number(),
        label: z.string(),
      }),
    ),
  }),
  z.object({ status: z.literal('no_model'), message: z.string() }),
]);

const trainBody = z
  .strictObject({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
  })
  .optional();

function requireMarketing(actor: Actor): Actor {
  if (actor.role !== 'admin' && actor.role !== 'marketing')
    throw forbidden('Only marketing and admins manage the predictive score.');
  return actor;
}

/**
 * The predictive score: its settings, training, the newest model's figures, and a contact's prediction with
 * its factors. `contactVisible` is the contacts module's check (404 for a contact out of the reader's scope).
 */
export function predictiveRoutes(deps: {
  predictive: PredictiveService;
  /** Also says whether the reader may see the contact's company (ContactService.assertVisible). */
  contactVisible: (actor: Actor, id: string) => Promise<{ accountVisible: boolean }>;
}): FastifyPluginAsyncZod {
  const { predictive, contactVisible } = deps;
  return async (app) => {
    app.get(
      '/predictive/settings',
      {
        schema: {
          tags: ['predictive'],
          summary: 'The outcome the predictive score learns, its values, and the features it uses',
          response: { 200: settingsResponse },
        },
      },
      async (req) => {
        requireActor(req);
        return predictive.settings();
      },
    );

    app.put(
      '/predictive/settings',
      {
        schema: {
          tags: ['predictive'],
          summary: 'Replace the predictive settings (marketing, admin); makes a new version',
          body: predictiveSettingsSchema,
          response: { 200: settingsResponse, ...errorResponses },
        },
      },
      async (req) => {
        const actor = requireMarketing(requireActor(req));
        return predictive.updateSettings(actor, req.body, { actor, requestId: req.id });
      },
    );

    app.post(
      '/predictive/train',
      {
        schema: {
          tags: ['predictive'],
          summary:
            'Train a new model version on the contacts with a known outcome (marketing, admin); contacts are scored in the background',
          body: trainBody,
          response: { 201: modelSummarySchema, ...errorResponses },
        },
      },
      async (req, reply) => {
        const actor = requireMarketing(requireActor(req));
        const summary = await predictive.train(actor, {
          ...(req.body?.seed !== undefined ? { seed: req.body.seed } : {}),
          audit: { actor, requestId: req.id },
        });
        return reply.status(201).send(summary);
      },
    );

    app.get(
      '/predictive/model',
      {
        schema: {
          tags: ['predictive'],
          summary: 'The newest model: cross-validated AUC, samples, top features, when it was trained',
          response: { 200: z.object({ model: modelSummarySchema.nullable() }) },
        },
      },
      async (req) => {
        requireActor(req);
        return { model: await predictive.model() };
      },
    );

    app.get(
      '/contacts/:id/prediction',
      {
        schema: {
          tags: ['predictive'],
          summary: "A contact's probability to convert and the factors behind it",
          params: idParams,
          querystring: z.strictObject({ top: z.coerce.number().int().min(1).max(20).optional() }),
          response: { 200: predictionSchema, ...errorResponses },
        },
      },
      async (req) => {
        const view = await contactVisible(requireActor(req), req.params.id);
        return predictive.prediction(req.params.id, view, req.query.top ?? 5);
      },
    );
  };
}
