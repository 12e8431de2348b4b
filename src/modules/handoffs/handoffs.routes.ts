import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { pageSchema, paginationQuery } from '../../http/pagination.js';
import { booleanQuery, errorResponses, idParams } from '../../http/schemas.js';
import { ACTIVITY_TYPES, DUTIES } from './clocks.js';
import { HANDOFF_STATUSES, OUTCOMES, REJECT_REASONS } from './handoff.js';
import type { HandoffService } from './handoffs.service.js';

const tags = ['handoffs'];

const instant = z.string();
const person = z.object({ id: z.string(), name: z.string() });

const handoffSchema = z.object({
  id: z.string(),
  contactId: z.string(),
  contact: z.object({ id: z.string(), name: z.string(), email: z.string().nullable() }).nullable(),
  status: z.enum(HANDOFF_STATUSES),
  grade: z.string().describe('The fit grade at handoff'),
  priority: z.enum(['high', 'normal', 'low']),
  sla: z
    .object({ id: z.string(), version: z.number().int() })
    .nullable()
    .describe('The SLA version its clocks follow; null: no SLA existed at handoff (no clocks)'),
  teamId: z.string().nullable(),
  assignee: person.nullable().describe("null: the team's queue (the general queue when teamId is null too)"),
  routing: z.object({ reason: z.enum(['rule', 'no_rule_matched', 'no_eligible_rep']), ruleId: z.string().nullable() }),
  qualifiedAt: instant,
  assignedAt: instant,
  firstTouchDueAt: instant.nullable(),
  firstTouchedAt: instant.nullable(),
  attempts: z.number().int(),
  attemptsRequired: z.number().int().nullable(),
  attemptsDueAt: instant.nullable(),
  attemptsMetAt: instant.nullable(),
  decisionDueAt: instant.nullable(),
  decidedAt: instant.nullable(),
  decidedBy: z.string().nullable(),
  rejectReason: z.string().nullable(),
  rejectNote: z.string().nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  outcomeDueAt: instant.nullable(),
  outcomeAt: instant.nullable(),
  closedReason: z.string().nullable(),
  nextDueAt: instant.nullable().describe('The earliest due time of a duty not yet met'),
  overdue: z.array(z.enum(DUTIES)).describe('Duties past their due time now'),
  assignmentNo: z.number().int(),
  createdAt: instant,
  updatedAt: instant,
});

const timerSchema = z.object({
  id: z.number(),
  kind: z.string(),
  assignmentNo: z.number().int(),
  dueAt: instant,
  firedAt: instant.nullable(),
  outcome: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

const activitySchema = z.object({
  id: z.string(),
  contactId: z.string(),
  handoffId: z.string().nullable(),
  type: z.enum(ACTIVITY_TYPES),
  occurredAt: instant,
  userId: z.string().nullable(),
  notes: z.string().nullable(),
  countedForSla: z.boolean(),
  createdAt: instant,
});

const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  handoffId: z.string().nullable(),
  contactId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: instant,
  readAt: instant.nullable(),
});

const note = z.string().trim().min(1, 'Not empty.').max(2000, 'At most 2000 characters.');

const rejectBody = z
  .strictObject({
    reason: z.enum(REJECT_REASONS, { error: `One of ${REJECT_REASONS.join(', ')}.` }),
    note: note.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.reason === 'other' && !body.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'Required when the reason is other.' });
  });

/**
 * Handoffs, activities and notifications. Authorization is the service's (each record checked: a handoff
 * the caller may not see is a 404, as one that does not exist).
 */
export function handoffRoutes(handoffs: HandoffService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/contacts/:id/handoff',
      {
        schema: {
          tags,
          summary: 'Hand a lead to sales by hand (admin, sales_manager, marketing): routed, clocks started',
          params: idParams,
          body: z.strictObject({ priority: z.enum(['high', 'normal', 'low']).optional() }).optional(),
          response: { 201: handoffSchema, ...errorResponses },
        },
      },
      async (req, reply) => {
        const handoff = await handoffs.handOffByHand(requireActor(req), req.params.id, req.body ?? {}, {
          actor: req.actor,
          requestId: req.id,
        });
        return reply.status(201).send(handoff);
      },
    );

    app.post(
      '/contacts/:id/activities',
      {
        schema: {
          tags,
          summary: 'Log a call, email, meeting, demo or note; a touch counts for the open handoff’s SLA',
          params: idParams,
          body: z.strictObject({
            type: z.enum(ACTIVITY_TYPES, { error: `One of ${ACTIVITY_TYPES.join(', ')}.` }),
            occurredAt: z.iso
              .datetime({
                offset: true,
                error: 'An ISO 8601 date-time with an offset, e.g. "2027-03-18T15:00:00+03:30".',
              })
              .optional(),
            notes: z.string().trim().max(10_000, 'At most 10000 characters.').optional(),
          }),
          response: {
            201: activitySchema.extend({
              reason: z
                .enum(['not_a_touch', 'no_active_handoff', 'before_assignment'])
                .nullable()
                .describe('Why it did not count for the SLA (null when it did)'),
            }),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const activity = await handoffs.logActivity(requireActor(req), req.params.id, req.body, {
          actor: req.actor,
          requestId: req.id,
        });
        return reply.status(201).send(activity);
      },
    );

    app.get(
      '/handoffs',
      {
        schema: {
          tags,
          summary: 'Handoffs you may see, newest first (a rep: their own; a manager: their team’s; admin: all)',
          querystring: z.strictObject({
            assignee: z.string().min(1).max(64).optional().describe('"me", "queue" (no assignee) or a user id'),
            status: z.enum(HANDOFF_STATUSES).optional(),
            contactId: z.string().min(1).max(64).optional(),
            overdue: booleanQuery.describe('Only active handoffs with a duty past its due time'),
            cursor: paginationQuery.cursor,
            limit: paginationQuery.limit,
          }),
          response: { 200: pageSchema(handoffSchema) },
        },
      },
      (req) => handoffs.list(requireActor(req), req.query),
    );

    app.get(
      '/handoffs/:id',
      {
        schema: {
          tags,
          summary: 'A handoff with its timers, escalations and touches',
          params: idParams,
          response: {
            200: handoffSchema.extend({
              timers: z.array(timerSchema),
              escalations: z.array(timerSchema).describe('Fired timers that reminded, notified or reassigned'),
              activities: z.array(activitySchema),
            }),
            ...errorResponses,
          },
        },
      },
      (req) => handoffs.get(requireActor(req), req.params.id),
    );

    app.post(
      '/handoffs/:id/accept',
      {
        schema: {
          tags,
          summary: 'Accept the lead (the assignee, their manager, admin): a sales-accepted lead',
          params: idParams,
          response: { 200: handoffSchema, ...errorResponses },
        },
      },
      (req) => handoffs.accept(requireActor(req), req.params.id, { actor: req.actor, requestId: req.id }),
    );

    app.post(
      '/handoffs/:id/reject',
      {
        schema: {
          tags,
          summary: 'Reject the lead with a reason: it goes back to marketing for nurture',
          params: idParams,
          body: rejectBody,
          response: { 200: handoffSchema, ...errorResponses },
        },
      },
      (req) => handoffs.reject(requireActor(req), req.params.id, req.body, { actor: req.actor, requestId: req.id }),
    );

    app.post(
      '/handoffs/:id/outcome',
      {
        schema: {
          tags,
          summary: 'Report the outcome of an accepted lead: won, lost or nurture (back to marketing)',
          params: idParams,
          body: z.strictObject({ outcome: z.enum(OUTCOMES), note: note.optional() }),
          response: { 200: handoffSchema, ...errorResponses },
        },
      },
      (req) =>
        handoffs.reportOutcome(requireActor(req), req.params.id, req.body, { actor: req.actor, requestId: req.id }),
    );

    app.post(
      '/handoffs/:id/assign',
      {
        schema: {
          tags,
          summary:
            'Give an active handoff to a rep, or to the queue with null (sales_manager within their team, admin)',
          params: idParams,
          body: z.strictObject({ assigneeId: z.string().min(1).max(64).nullable() }),
          response: { 200: handoffSchema, ...errorResponses },
        },
      },
      (req) =>
        handoffs.assign(requireActor(req), req.params.id, req.body.assigneeId, { actor: req.actor, requestId: req.id }),
    );

    app.get(
      '/notifications',
      {
        schema: {
          tags,
          summary: 'Your notifications, newest first',
          querystring: z.strictObject({
            unread: booleanQuery,
            cursor: paginationQuery.cursor,
            limit: paginationQuery.limit,
          }),
          response: { 200: pageSchema(notificationSchema) },
        },
      },
      (req) => handoffs.notifications(requireActor(req), req.query),
    );

    app.post(
      '/notifications/:id/read',
      {
        schema: {
          tags,
          summary: 'Mark one of your notifications read',
          params: idParams,
          response: { 200: notificationSchema, ...errorResponses },
        },
      },
      (req) => handoffs.markRead(requireActor(req), req.params.id),
    );
  };
}
