import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { errorResponses, idParams } from '../../http/schemas.js';
import { CONDITION_OPS, LIMITS, memberInputSchema, ROUTING_METHODS, ruleInputSchema } from './routing.js';
import type { RoutingService } from './routing.service.js';

const tags = ['routing'];

const id = z.string().min(1).max(64);
const eligibilitySchema = z.enum(['eligible', 'inactive', 'excluded', 'out_of_office', 'at_capacity']);
const reasonSchema = z.enum(['rule', 'no_rule_matched', 'no_eligible_rep']);

// Answers are described without the input checks (what was stored already passed them).
const conditionOut = z.object({
  field: z.string(),
  op: z.enum(CONDITION_OPS),
  values: z.array(z.string()).readonly().optional(),
  value: z.union([z.string(), z.number()]).optional(),
});

const ruleSchema = z.object({
  id: z.string(),
  position: z.number().int(),
  name: z.string(),
  conditions: z.array(conditionOut),
  teamId: z.string(),
  teamName: z.string().nullable().describe('Null when the team was deleted: the rule then matches no lead'),
  method: z.enum(ROUTING_METHODS),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const rulesPage = z.object({ items: z.array(ruleSchema), nextCursor: z.null() });

const memberSchema = z.object({
  teamId: z.string(),
  userId: z.string(),
  name: z.string(),
  role: z.string(),
  userStatus: z.string(),
  inTeam: z.boolean(),
  weight: z.number().int(),
  capacity: z.number().int().nullable(),
  outOfOfficeFrom: z.string().nullable(),
  outOfOfficeUntil: z.string().nullable(),
  updatedAt: z.string(),
  eligibility: eligibilitySchema,
  openHandoffs: z.number().int(),
  lastAssignedAt: z.string().nullable(),
});

const previewSchema = z.object({
  ruleId: z.string().nullable(),
  ruleName: z.string().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  reason: reasonSchema,
  members: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      eligibility: eligibilitySchema,
      openHandoffs: z.number().int(),
      capacity: z.number().int().nullable(),
    }),
  ),
});

const fairnessSchema = z.object({
  from: z.string(),
  to: z.string(),
  teams: z.array(
    z.object({
      teamId: z.string(),
      teamName: z.string().nullable(),
      assigned: z.number().int(),
      queued: z.number().int(),
      reps: z.array(
        z.object({
          userId: z.string(),
          name: z.string(),
          received: z.number().int(),
          share: z.number(),
          member: z.boolean(),
          weight: z.number().int().nullable(),
        }),
      ),
    }),
  ),
  noRuleMatched: z.number().int().nullable(),
});

const instant = (what: string) =>
  z.iso.datetime({ offset: true, error: `Required: ${what}, an ISO 8601 date-time, e.g. "2027-03-01T00:00:00Z".` });

const fairnessQuery = z.strictObject({
  from: instant('the start of the period (inclusive)'),
  to: instant('the end of the period (exclusive)'),
  teamId: id.optional(),
});

const memberParams = z.strictObject({ teamId: id, userId: id });

/**
 * Routing of handed-off leads: rules, team members and the fairness report. `contactVisible` is the
 * contacts module's check (a 404 for a contact out of the reader's scope), used by the preview.
 */
export function routingRoutes(deps: {
  routing: RoutingService;
  contactVisible: (actor: ReturnType<typeof requireActor>, id: string) => Promise<unknown>;
}): FastifyPluginAsyncZod {
  const { routing, contactVisible } = deps;
  return async (app) => {
    const audit = (req: { actor: ReturnType<typeof requireActor> | null; id: string }) => ({
      actor: req.actor,
      requestId: req.id,
    });

    app.get(
      '/routing/rules',
      {
        schema: {
          tags,
          summary: 'Routing rules in order (the first active rule whose conditions all hold wins)',
          response: { 200: rulesPage, ...errorResponses },
        },
      },
      (req) => routing.listRules(requireActor(req)),
    );

    app.post(
      '/routing/rules',
      {
        schema: {
          tags,
          summary: `Add a routing rule, last in the order (admins, sales managers; at most ${LIMITS.rules} rules)`,
          body: ruleInputSchema,
          response: { 201: ruleSchema, ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await routing.createRule(requireActor(req), req.body, audit(req))),
    );

    // Declared before /routing/rules/:id; the router prefers the static path either way.
    app.put(
      '/routing/rules/order',
      {
        schema: {
          tags,
          summary: 'Reorder the routing rules: `ids` lists every rule once, first to last (admins, sales managers)',
          body: z.strictObject({
            ids: z.array(id, { error: 'Required: every rule id, in the new order.' }).max(LIMITS.rules),
          }),
          response: { 200: rulesPage, ...errorResponses },
        },
      },
      (req) => routing.reorderRules(requireActor(req), req.body.ids, audit(req)),
    );

    app.get(
      '/routing/rules/:id',
      {
        schema: { tags, summary: 'A routing rule', params: idParams, response: { 200: ruleSchema, ...errorResponses } },
      },
      (req) => routing.getRule(requireActor(req), req.params.id),
    );

    app.put(
      '/routing/rules/:id',
      {
        schema: {
          tags,
          summary: 'Replace a routing rule (its position stays; admins, sales managers)',
          params: idParams,
          body: ruleInputSchema,
          response: { 200: ruleSchema, ...errorResponses },
        },
      },
      (req) => routing.updateRule(requireActor(req), req.params.id, req.body, audit(req)),
    );

    app.delete(
      '/routing/rules/:id',
      {
        schema: {
          tags,
          summary: 'Delete a routing rule; the rules after it move up (admins, sales managers)',
          params: idParams,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        await routing.deleteRule(requireActor(req), req.params.id, audit(req));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/routing/teams/:teamId/members',
      {
        schema: {
          tags,
          summary: "A team's routing members, with whether each can take a lead now",
          params: z.strictObject({ teamId: id }),
          response: { 200: z.object({ items: z.array(memberSchema), nextCursor: z.null() }), ...errorResponses },
        },
      },
      (req) => routing.listMembers(requireActor(req), req.params.teamId),
    );

    app.put(
      '/routing/teams/:teamId/members/:userId',
      {
        schema: {
          tags,
          summary:
            'Make an active user of the team a routing member, or replace their settings (admins, sales managers)',
          params: memberParams,
          body: memberInputSchema,
          response: { 200: memberSchema, ...errorResponses },
        },
      },
      (req) => routing.putMember(requireActor(req), req.params.teamId, req.params.userId, req.body, audit(req)),
    );

    app.delete(
      '/routing/teams/:teamId/members/:userId',
      {
        schema: {
          tags,
          summary: "Take a user out of the team's routing (admins, sales managers)",
          params: memberParams,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        await routing.removeMember(requireActor(req), req.params.teamId, req.params.userId, audit(req));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/routing/fairness',
      {
        schema: {
          tags,
          summary: 'Leads each rep received and each queue got in [from, to), per team',
          querystring: fairnessQuery,
          response: { 200: fairnessSchema, ...errorResponses },
        },
      },
      (req) => routing.fairness(requireActor(req), { from: req.query.from, to: req.query.to }, req.query.teamId),
    );

    app.post(
      '/routing/preview',
      {
        schema: {
          tags,
          summary: 'Which rule, team and rep a contact would be routed to now (nothing is recorded)',
          body: z.strictObject({ contactId: id }),
          response: { 200: previewSchema, ...errorResponses },
        },
      },
      async (req) => {
        const actor = requireActor(req);
        await contactVisible(actor, req.body.contactId);
        return routing.preview(actor, req.body.contactId);
      },
    );
  };
}
