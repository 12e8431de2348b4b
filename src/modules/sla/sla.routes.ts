import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { pageSchema, paginationQuery } from '../../http/pagination.js';
import { errorResponses, idParams } from '../../http/schemas.js';
import { businessCalendarSchema, MAX_HOLIDAYS } from './calendar.js';
import { slaDocumentSchema } from './sla.js';
import type { SlaService } from './sla.service.js';

const tags = ['sla'];
/** A calendar may list up to MAX_HOLIDAYS holidays of about 13 bytes each. */
const CALENDAR_BODY_LIMIT = 2 * 1024 * 1024;

const name = z
  .string({ error: 'Required: a name.' })
  .trim()
  .min(1, 'Required: a name.')
  .max(200, 'At most 200 characters.');

const listQuery = z.strictObject({ cursor: paginationQuery.cursor, limit: paginationQuery.limit });

// Answers are described without the input checks: the calendar schema normalises its holidays (a transform
// an answer cannot be encoded through), and what was stored already passed them.
const interval = z.tuple([z.string(), z.string()]);
const day = z.array(interval);
const calendarDefinitionOut = z.object({
  timeZone: z.string(),
  week: z.object({ sat: day, sun: day, mon: day, tue: day, wed: day, thu: day, fri: day }),
  holidays: z.array(z.string()).describe(`Local dates, sorted (at most ${MAX_HOLIDAYS})`),
});

const calendarSchema = z.object({
  id: z.string(),
  name: z.string(),
  definition: calendarDefinitionOut,
  createdAt: z.string(),
  updatedAt: z.string(),
});

const calendarBody = z.strictObject({ name, definition: businessCalendarSchema });

const personRef = z.object({ id: z.string(), name: z.string() }).nullable();

const slaSchema = z.object({
  id: z.string(),
  name: z.string().describe('The name at this version'),
  version: z.number().int(),
  currentVersion: z.number().int(),
  document: slaDocumentSchema,
  calendarSnapshot: calendarDefinitionOut.describe(
    "The calendar's definition when this version was made: the clock rules its handoffs keep",
  ),
  versionCreatedAt: z.string(),
  versionCreatedBy: personRef,
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
});

const versionSummarySchema = z.object({
  version: z.number().int(),
  name: z.string(),
  calendarId: z.string(),
  createdAt: z.string(),
  createdBy: personRef,
});

const versionNumber = z.coerce
  .number({ error: 'A version number: 1, 2, ...' })
  .int('A version number: 1, 2, ...')
  .min(1, 'Versions start at 1.')
  .max(1_000_000_000, 'No such version.');

const versionParams = z.strictObject({ id: idParams.shape.id, version: versionNumber });

const createSlaBody = z.strictObject({ name, document: slaDocumentSchema });

const updateSlaBody = z.strictObject({
  expectedVersion: z
    .number({ error: 'Required: the version you edited (currentVersion when you loaded the SLA).' })
    .int('A version number: 1, 2, ...')
    .min(1, 'Versions start at 1.'),
  name: name.optional(),
  document: slaDocumentSchema,
  calendar: z
    .strictObject({
      name,
      definition: businessCalendarSchema,
      expectedUpdatedAt: z.string().max(64).optional().describe("The calendar's updatedAt when you loaded it"),
    })
    .optional()
    .describe(
      "The SLA's calendar (document.calendarId) changed in the same save: one new version of this SLA; " +
        'other SLAs using the calendar get theirs; 409 when the calendar changed since expectedUpdatedAt',
    ),
});

/** SLA agreements (versioned) and the business calendars they count time with. */
export function slaRoutes(sla: SlaService): FastifyPluginAsyncZod {
  return async (app) => {
    const audit = (req: { actor: ReturnType<typeof requireActor> | null; id: string }) => ({
      actor: req.actor,
      requestId: req.id,
    });

    app.get(
      '/calendars',
      {
        schema: {
          tags,
          summary: 'Business calendars, by name',
          querystring: listQuery,
          response: { 200: pageSchema(calendarSchema), ...errorResponses },
        },
      },
      (req) => sla.listCalendars(requireActor(req), req.query),
    );

    app.post(
      '/calendars',
      {
        bodyLimit: CALENDAR_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Store a business calendar (admins, sales managers)',
          body: calendarBody,
          response: { 201: calendarSchema, ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await sla.createCalendar(requireActor(req), req.body, audit(req))),
    );

    app.get(
      '/calendars/:id',
      {
        schema: {
          tags,
          summary: 'A business calendar',
          params: idParams,
          response: { 200: calendarSchema, ...errorResponses },
        },
      },
      (req) => sla.getCalendar(requireActor(req), req.params.id),
    );

    app.put(
      '/calendars/:id',
      {
        bodyLimit: CALENDAR_BODY_LIMIT,
        schema: {
          tags,
          summary:
            'Replace a calendar (admins, sales managers). A changed definition gives each SLA using it a new version with the new copy; running handoffs keep theirs.',
          params: idParams,
          body: calendarBody,
          response: {
            200: calendarSchema.extend({
              slaVersionsCreated: z
                .array(z.object({ slaId: z.string(), version: z.number().int() }))
                .describe('The SLA versions this edit made'),
            }),
            ...errorResponses,
          },
        },
      },
      (req) => sla.updateCalendar(requireActor(req), req.params.id, req.body, audit(req)),
    );

    app.get(
      '/slas',
      {
        schema: {
          tags,
          summary: 'SLAs at their current versions, by name',
          querystring: listQuery,
          response: { 200: pageSchema(slaSchema), ...errorResponses },
        },
      },
      (req) => sla.listSlas(requireActor(req), req.query),
    );

    app.post(
      '/slas',
      {
        schema: {
          tags,
          summary: 'Create an SLA at version 1 (admins, sales managers)',
          body: createSlaBody,
          response: { 201: slaSchema, ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await sla.createSla(requireActor(req), req.body, audit(req))),
    );

    app.get(
      '/slas/:id',
      {
        schema: {
          tags,
          summary: 'An SLA at its current version, with the calendar copy its clocks use',
          params: idParams,
          response: { 200: slaSchema, ...errorResponses },
        },
      },
      (req) => sla.getSla(requireActor(req), req.params.id),
    );

    app.put(
      '/slas/:id',
      {
        bodyLimit: CALENDAR_BODY_LIMIT,
        schema: {
          tags,
          summary:
            'Save a new version of an SLA (admins, sales managers); 409 sla.version_conflict when expectedVersion is not the current version',
          params: idParams,
          body: updateSlaBody,
          response: { 200: slaSchema, ...errorResponses },
        },
      },
      (req) => sla.updateSla(requireActor(req), req.params.id, req.body, audit(req)),
    );

    app.get(
      '/slas/:id/versions',
      {
        schema: {
          tags,
          summary: "An SLA's versions, newest first",
          params: idParams,
          querystring: listQuery,
          response: { 200: pageSchema(versionSummarySchema), ...errorResponses },
        },
      },
      (req) => sla.listVersions(requireActor(req), req.params.id, req.query),
    );

    app.get(
      '/slas/:id/versions/:version',
      {
        schema: {
          tags,
          summary: 'An SLA at one version, as it was saved',
          params: versionParams,
          response: { 200: slaSchema, ...errorResponses },
        },
      },
      (req) => sla.getVersion(requireActor(req), req.params.id, req.params.version),
    );
  };
}
