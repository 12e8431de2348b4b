import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { pageSchema, paginationQuery } from '../../http/pagination.js';
import { idParams } from '../../http/schemas.js';
import { ROLES } from '../auth/policy.js';
import { createUserInput, teamInput, teamSchema, updateUserInput, userSchema } from './user.js';
import type { UserService } from './users.service.js';

export function userRoutes(users: UserService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary: 'List users (for owner pickers and admin)',
          querystring: z.strictObject({
            q: z.string().max(200).optional(),
            role: z.enum(ROLES).optional(),
            teamId: z.string().max(64).optional(),
            status: z.enum(['active', 'deactivated']).optional(),
            cursor: paginationQuery.cursor,
            limit: paginationQuery.limit,
          }),
          response: { 200: pageSchema(userSchema) },
        },
      },
      (req) => {
        requireActor(req);
        return users.list(req.query);
      },
    );

    app.post(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Create a user (admin)',
          body: createUserInput,
          response: { 201: userSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await users.create(requireActor(req), req.body)),
    );

    app.get(
      '/users/:id',
      { schema: { tags: ['users'], summary: 'Get a user', params: idParams, response: { 200: userSchema } } },
      (req) => {
        requireActor(req);
        return users.get(req.params.id);
      },
    );

    app.patch(
      '/users/:id',
      {
        schema: {
          tags: ['users'],
          summary: 'Change a user (admin; anyone for their own name, locale, time zone, password)',
          params: idParams,
          body: updateUserInput,
          response: { 200: userSchema },
        },
      },
      (req) =>
        users.update(requireActor(req), req.params.id, req.body, {
          currentSessionId: req.sessionId,
        }),
    );

    app.get(
      '/teams',
      { schema: { tags: ['teams'], summary: 'List teams', response: { 200: pageSchema(teamSchema) } } },
      async (req) => {
        requireActor(req);
        return { items: await users.listTeams(), nextCursor: null };
      },
    );

    app.post(
      '/teams',
      { schema: { tags: ['teams'], summary: 'Create a team (admin)', body: teamInput, response: { 201: teamSchema } } },
      async (req, reply) => reply.status(201).send(await users.createTeam(requireActor(req), req.body.name)),
    );

    app.patch(
      '/teams/:id',
      {
        schema: {
          tags: ['teams'],
          summary: 'Rename a team (admin)',
          params: idParams,
          body: teamInput,
          response: { 200: teamSchema },
        },
      },
      (req) => users.renameTeam(requireActor(req), req.params.id, req.body.name),
    );

    app.delete(
      '/teams/:id',
      { schema: { tags: ['teams'], summary: 'Delete a team (admin)', params: idParams } },
      async (req, reply) => {
        await users.deleteTeam(requireActor(req), req.params.id);
        return reply.status(204).send();
      },
    );
  };
}
