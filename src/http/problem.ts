import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorKind, type FieldError } from '../shared/errors.js';

/** RFC 9457 problem details, with a stable machine-readable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  requestId: string;
  [extra: string]: unknown;
}

const STATUS: Record<ErrorKind, number> = {
  validation: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function problem(requestId: string, status: number, code: string, detail: string, more: object = {}): Problem {
  return {
    type: `about:blank`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    requestId,
    ...more,
  };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.status(body.status).type('application/problem+json').send(body);
}

interface ValidationIssue {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Turns schema validation issues into field errors, naming unknown fields one by one. */
function fieldErrors(context: string | undefined, issues: readonly ValidationIssue[]): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const base = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const unknownKeys = issue.params?.keys;
    if (Array.isArray(unknownKeys) && unknownKeys.length > 0) {
      for (const key of unknownKeys) {
        out.push({ field: [base, String(key)].filter(Boolean).join('.'), message: 'Unknown field.' });
      }
      continue;
    }
    out.push({ field: base || context || 'body', message: issue.message ?? 'Invalid value.' });
  }
  return out;
}

/**
 * The one place where errors become HTTP answers: domain errors by kind, schema failures as field errors,
 * other client errors by status. 5xx answers hide details (`internal` tells the caller to log the error).
 * Used by Fastify's error handler and by the capture fast path, which answers outside Fastify.
 */
export function problemFor(error: FastifyError | AppError | Error, requestId: string): Problem & { internal: boolean } {
  if (error instanceof AppError) {
    const status = STATUS[error.kind];
    return {
      ...problem(requestId, status, error.code, error.message, {
        ...(error.details.errors ? { errors: error.details.errors } : {}),
        ...(error.details.extra ?? {}),
      }),
      internal: false,
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = fieldErrors(error.validationContext, error.validation);
    const names = errors.map((e) => e.field).join(', ');
    const detail = `Invalid request ${error.validationContext ?? ''}: ${names}`.replace(/\s+/g, ' ');
    return { ...problem(requestId, 422, 'validation.failed', detail, { errors }), internal: false };
  }
  const status = (error as FastifyError).statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code =
      status === 413
        ? 'request.too_large'
        : status === 415
          ? 'request.unsupported_media_type'
          : status === 429
            ? 'rate_limited'
            : 'request.invalid';
    return { ...problem(requestId, status, code, error.message), internal: false };
  }
  return {
    ...problem(requestId, 500, 'internal', 'Something went wrong on our side. Quote the request id when reporting it.'),
    internal: true,
  };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    const { internal, ...body } = problemFor(error, request.id);
    if (internal) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, body);
  });
}

export function routeNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(
    reply,
    problem(request.id, 404, 'route.not_found', `No route for ${request.method} ${request.url.split('?')[0]}.`),
  );
}

export function unavailable(request: FastifyRequest, reply: FastifyReply, detail: string): FastifyReply {
  return sendProblem(reply, problem(request.id, 503, 'unavailable', detail));
}
