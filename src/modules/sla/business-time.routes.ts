import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { AppError } from '../../shared/errors.js';
import {
  addBusinessMinutes,
  BusinessTimeHorizonError,
  businessMinutesBetween,
  EARLIEST_INSTANT_MS,
  LATEST_INSTANT_MS,
} from './business-time.js';
import { businessCalendarSchema } from './calendar.js';

const tags = ['business-time'];
const BODY_LIMIT = 1024 * 1024;
export const MAX_MINUTES = 1_000_000;

const instant = z.iso
  .datetime({
    offset: true,
    // A malformed value is not also reported as out of range.
    abort: true,
    error: (issue) =>
      issue.code === 'invalid_type'
        ? 'Required: an ISO 8601 date-time with an offset, e.g. "2027-03-18T15:00:00+03:30".'
        : 'An ISO 8601 date-time with seconds and an offset or Z, e.g. "2027-03-18T15:00:00+03:30".',
  })
  .refine((value) => {
    const ms = Date.parse(value);
    return ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
  }, 'A date-time in the years 1900 to 9999.');

const addBody = z.strictObject({
  calendar: businessCalendarSchema,
  start: instant,
  minutes: z
    .number({ error: `Required: a whole number of business minutes from 0 to ${MAX_MINUTES}.` })
    .int('A whole number of minutes.')
    .min(0, 'At least 0.')
    .max(MAX_MINUTES, `At most ${MAX_MINUTES}.`),
});

const betweenBody = z.strictObject({ calendar: businessCalendarSchema, start: instant, end: instant });

function beyondHorizon(error: unknown, field: string): unknown {
  if (!(error instanceof BusinessTimeHorizonError)) return error;
  return new AppError('validation', 'business_time.beyond_horizon', error.message, {
    errors: [{ field, message: error.message }],
  });
}

/**
 * Business-time arithmetic over a calendar sent with the request (stateless: nothing is read or stored).
 * Any signed-in user may call it; the UI and integrations use it to preview SLA due times.
 */
export function businessTimeRoutes(): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/business-time/add',
      {
        bodyLimit: BODY_LIMIT,
        schema: {
          tags,
          summary:
            'The instant when `minutes` business minutes have elapsed after `start` (counting from the next working moment; a due time may be an interval end). Returned in UTC.',
          body: addBody,
          response: { 200: z.object({ due: z.string() }) },
        },
      },
      async (req) => {
        requireActor(req);
        const { calendar, start, minutes } = req.body;
        try {
          return { due: addBusinessMinutes(calendar, new Date(start), minutes).toISOString() };
        } catch (error) {
          throw beyondHorizon(error, 'minutes');
        }
      },
    );

    app.post(
      '/business-time/between',
      {
        bodyLimit: BODY_LIMIT,
        schema: {
          tags,
          summary:
            'Whole business minutes between `start` and `end`: the exact business time rounded down, 0 when end <= start.',
          body: betweenBody,
          response: { 200: z.object({ minutes: z.number().int() }) },
        },
      },
      async (req) => {
        requireActor(req);
        const { calendar, start, end } = req.body;
        try {
          return { minutes: businessMinutesBetween(calendar, new Date(start), new Date(end)) };
        } catch (error) {
          throw beyondHorizon(error, 'end');
        }
      },
    );
  };
}
