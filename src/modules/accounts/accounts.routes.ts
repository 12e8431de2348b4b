import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { pageSchema, paginationQuery } from '../../http/pagination.js';
import { auditEntrySchema, idParams, RECORD_BODY_LIMIT } from '../../http/schemas.js';
import { ACCOUNT_SORTS, accountSchema, createAccountInput, updateAccountInput } from './account.js';
import type { AccountService } from './accounts.service.js';

const tags = ['accounts'];

export function accountRoutes(accounts: AccountService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/accounts',
      {
        schema: {
          tags,
          summary: 'List and search accounts you may see',
          querystring: z.strictObject({
            q: z.string().max(200).optional(),
            ownerId: z.string().max(64).optional(),
            industry: z.string().max(100).optional(),
            country: z.string().max(2).optional(),
            sort: z.enum(ACCOUNT_SORTS).default('name'),
            ...paginationQuery,
          }),
          response: { 200: pageSchema(accountSchema) },
        },
      },
      (req) => accounts.list(requireActor(req), req.query),
    );

    app.post(
      '/accounts',
      {
        bodyLimit: RECORD_BODY_LIMIT,
        schema: { tags, summary: 'Create an account', body: createAccountInput, response: { 201: accountSchema } },
      },
      async (req, reply) => {
        const account = await accounts.create(requireActor(req), req.body, {
          audit: { actor: req.actor, requestId: req.id },
        });
        return reply.status(201).send(account);
      },
    );

    app.get(
      '/accounts/:id',
      { schema: { tags, summary: 'Get an account', params: idParams, response: { 200: accountSchema } } },
      (req) => accounts.get(requireActor(req), req.params.id),
    );

    app.patch(
      '/accounts/:id',
      {
        bodyLimit: RECORD_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Change an account (null clears a field)',
          params: idParams,
          body: updateAccountInput,
          response: { 200: accountSchema },
        },
      },
      (req) =>
        accounts.update(requireActor(req), req.params.id, req.body, { audit: { actor: req.actor, requestId: req.id } }),
    );

    app.delete(
      '/accounts/:id',
      { schema: { tags, summary: 'Delete an account', params: idParams } },
      async (req, reply) => {
        await accounts.delete(requireActor(req), req.params.id, { audit: { actor: req.actor, requestId: req.id } });
        return reply.status(204).send();
      },
    );

    app.get(
      '/accounts/:id/audit',
      {
        schema: {
          tags,
          summary: 'Who changed what on an account',
          params: idParams,
          response: { 200: z.object({ items: z.array(auditEntrySchema) }) },
        },
      },
      async (req) => ({ items: await accounts.audit(requireActor(req), req.params.id) }),
    );
  };
}
