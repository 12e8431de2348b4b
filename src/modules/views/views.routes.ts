import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { pageSchema, paginationQuery } from '../../http/pagination.js';
import { errorResponses, idParams } from '../../http/schemas.js';
import { createViewInput, MAX_VIEWS_PER_USER, updateViewInput } from './view.js';
import type { ViewsService } from './views.service.js';

const tags = ['contact views'];

const viewSchema = z.object({
  id: z.string(),
  name: z.string(),
  shared: z.boolean().describe('Everyone signed in sees it; only its owner or an admin changes it'),
  filters: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .describe('The leads list filters (GET /api/v1/contacts query parameters)'),
  owner: z.object({ id: z.string(), name: z.string() }),
  editable: z.boolean().describe('Whether you may rename, share or delete it'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const listQuery = z.strictObject({ cursor: paginationQuery.cursor, limit: paginationQuery.limit });

/** Saved views of the leads list (named filter sets). */
export function viewRoutes(views: ViewsService): FastifyPluginAsyncZod {
  return async (app) => {
    const audit = (req: { actor: ReturnType<typeof requireActor> | null; id: string }) => ({
      actor: req.actor,
      requestId: req.id,
    });

    app.get(
      '/contact-views',
      {
        schema: {
          tags,
          summary: 'Your saved views of the leads list and everyone’s shared ones, by name',
          querystring: listQuery,
          response: { 200: pageSchema(viewSchema), ...errorResponses },
        },
      },
      (req) => views.list(requireActor(req), req.query),
    );

    app.post(
      '/contact-views',
      {
        schema: {
          tags,
          summary: `Save a set of leads list filters under a name (at most ${MAX_VIEWS_PER_USER} views each)`,
          body: createViewInput,
          response: { 201: viewSchema, ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await views.create(requireActor(req), req.body, audit(req))),
    );

    app.get(
      '/contact-views/:id',
      {
        schema: {
          tags,
          summary: 'A saved view: yours or a shared one',
          params: idParams,
          response: { 200: viewSchema, ...errorResponses },
        },
      },
      (req) => views.get(requireActor(req), req.params.id),
    );

    app.patch(
      '/contact-views/:id',
      {
        schema: {
          tags,
          summary: 'Rename, share or unshare a view, or replace its filters (its owner; an admin for a shared one)',
          params: idParams,
          body: updateViewInput,
          response: { 200: viewSchema, ...errorResponses },
        },
      },
      (req) => views.update(requireActor(req), req.params.id, req.body, audit(req)),
    );

    app.delete(
      '/contact-views/:id',
      {
        schema: {
          tags,
          summary: 'Delete a view (its owner; an admin for a shared one)',
          params: idParams,
        },
      },
      async (req, reply) => {
        await views.delete(requireActor(req), req.params.id, audit(req));
        return reply.status(204).send();
      },
    );
  };
}
