import { z } from 'zod';

/** Shared route pieces so every module describes ids, errors and audit entries the same way. */
export const idParams = z.strictObject({ id: z.string().min(1).max(64) });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    code: z.string(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    requestId: z.string(),
  })
  .loose();

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  actorKind: z.string(),
  action: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});

export const booleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

/** Authenticated writes of records accept large bodies so an oversized field is named, not just refused. */
export const RECORD_BODY_LIMIT = 16 * 1024 * 1024;

export const errorResponses = {
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};
