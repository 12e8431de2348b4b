import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { errorResponses } from '../../http/schemas.js';
import type { ComplianceService } from './compliance.service.js';

const tags = ['sla'];
const id = z.string().min(1).max(64);
const periodsParam = z.coerce.number().int().min(1).max(24);
const share = z.number().nullable();

const periodSchema = z.object({
  start: z.string(),
  end: z.string(),
  label: z.string().describe('Jalali label (e.g. 1406-01 Farvardin) when the SLA uses the Jalali calendar'),
  calendarSystem: z.enum(['gregorian', 'jalali']),
  kind: z.enum(['week', 'month', 'quarter']),
  elapsedShare: z.number(),
});

const duty = z.object({ counted: z.number().int(), withinTime: z.number().int(), share });

const reportSchema = z.object({
  slaId: z.string(),
  version: z.number().int(),
  timeZone: z.string(),
  scope: z.object({ teamId: z.string().nullable(), repId: z.string().nullable() }),
  slaPeriod: z
    .object({
      kind: z.enum(['week', 'month', 'quarter']),
      calendarSystem: z.enum(['gregorian', 'jalali']),
      qualifiedLeads: z.number().int(),
    })
    .describe("The SLA's own terms: the period its commitment is made for, and the commitment"),
  period: periodSchema,
  marketing: z.object({
    delivered: z.number().int(),
    committed: z.number().int(),
    pacing: z.object({ expected: z.number(), onTrack: z.boolean() }),
    perTeam: z.array(
      z.object({ teamId: z.string(), delivered: z.number().int(), committed: z.number().int(), onTrack: z.boolean() }),
    ),
    accepted: z.number().int(),
    rejected: z.number().int(),
    decided: z.number().int(),
    acceptanceRate: share,
    acceptanceRateFloor: z.number(),
    floorMet: z.boolean().nullable(),
    rejectionReasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
    minFitGrade: z.string(),
    atOrAboveMinFitGrade: z.number().int(),
    fitShare: share,
  }),
  sales: z.object({
    firstTouch: duty.extend({
      medianBusinessMinutes: z.number().nullable(),
      p90BusinessMinutes: z.number().nullable(),
    }),
    attempts: duty,
    decisions: duty,
    breaches: z.number().int(),
    escalations: z.number().int(),
    openOverdueNow: z.number().int(),
    byRep: z.array(
      z.object({
        repId: z.string().nullable().describe('null: a queue'),
        repName: z.string().nullable(),
        breaches: z.number().int(),
        escalations: z.number().int(),
        overdueNow: z.number().int(),
      }),
    ),
  }),
  trends: z.array(
    z.object({
      period: periodSchema,
      delivered: z.number().int(),
      committed: z.number().int(),
      onTrack: z.boolean(),
      acceptanceRate: share,
      firstTouchShare: share,
      medianFirstTouchMinutes: z.number().nullable(),
      breaches: z.number().int(),
    }),
  ),
});

const derivedSchema = z.object({
  qualifiedLeads: z.number().int().nullable().describe('null: a rate is zero or unknown'),
  committed: z.number().int(),
  acceptRate: share,
  winRate: share,
  dealsNeeded: z.number().int(),
  insufficientHistory: z.boolean(),
  minDecided: z.number().int(),
  qualified: z.number().int(),
  accepted: z.number().int(),
  decided: z.number().int(),
  won: z.number().int(),
  quota: z.number(),
  averageDealSize: z.number(),
  history: z.object({ from: z.string(), to: z.string(), periods: z.number().int() }),
});

export function complianceRoutes(compliance: ComplianceService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/sla/compliance',
      {
        schema: {
          tags,
          summary: 'Compliance of both sides of an SLA for a period, with trends',
          querystring: z.strictObject({
            slaId: id,
            period: z.enum(['current', 'previous']).default('current'),
            periods: periodsParam.default(6),
            teamId: id.optional(),
            repId: id.optional(),
            kind: z
              .enum(['week', 'month', 'quarter'])
              .optional()
              .describe("Another period than the SLA's: its commitments are pro-rated (40 a month is 9 a week)"),
            calendarSystem: z.enum(['gregorian', 'jalali']).optional().describe("Default: the SLA's"),
          }),
          response: { 200: reportSchema, ...errorResponses },
        },
      },
      async (request) => compliance.report(requireActor(request), request.query),
    );

    app.get(
      '/sla/derived-target',
      {
        schema: {
          tags,
          summary: 'Qualified leads marketing must deliver for a revenue quota, from the measured funnel',
          querystring: z.strictObject({
            slaId: id,
            quota: z.coerce.number().positive(),
            averageDealSize: z.coerce.number().positive(),
            period: z.enum(['current']).default('current'),
            periods: periodsParam.default(6),
          }),
          response: { 200: derivedSchema, ...errorResponses },
        },
      },
      async (request) => compliance.derivedTarget(requireActor(request), request.query),
    );
  };
}
