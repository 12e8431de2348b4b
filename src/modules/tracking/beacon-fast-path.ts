import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import secureJson from 'secure-json-parse';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { errorCodes } from 'fastify';
import type { AddressLimiter } from '../../http/address-limiter.js';
import { notJsonError } from '../../http/text-json.js';
import { problemFor } from '../../http/problem.js';
import { invalid } from '../../shared/errors.js';
import { findNulCharacter } from '../../http/input.js';
import { eventBatchSchema, plainBatch, type EventBatch } from './tracking.js';
import type { TrackingService } from './tracking.service.js';

/** The largest event batch body, on this path and on the Fastify route alike. */
export const EVENTS_BODY_LIMIT = 64 * 1024;

/** Headers every capture answer carries: any site may post beacons and read the answer (no credentials). */
export const CAPTURE_HEADERS = {
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
} as const;

const validateBatch = validatorCompiler({
  schema: eventBatchSchema,
  method: 'POST',
  url: '/t/events',
  httpPart: 'body',
});

/**
 * The capture routes run outside the API's hooks (see app.ts), so they apply its NUL rule themselves:
 * PostgreSQL cannot store NUL in text, and both databases must answer the same way.
 */
export function refuseNul(input: unknown): void {
  const field = findNulCharacter(input);
  if (field !== null) throw invalid(field, 'Contains a NUL character.');
}

/** The batch, checked as the Fastify route checks it: the same schema errors, the same NUL rule. */
export function checkBatch(body: unknown): EventBatch {
  const plain = plainBatch(body);
  if (plain) return plain;
  const result = validateBatch(body) as { value?: EventBatch; error?: unknown[] };
  if (result.error) {
    throw Object.assign(new Error('body validation failed'), {
      statusCode: 400,
      validation: result.error,
      validationContext: 'body',
    });
  }
  refuseNul(result.value);
  return result.value!;
}

/** The media types a beacon may be sent as: JSON, or JSON as text/plain (sendBeacon, simple CORS). */
function beaconMediaType(contentType: string | undefined): 'json' | 'text' | null {
  if (!contentType) return null;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' ? 'json' : type === 'text/plain' ? 'text' : null;
}

export interface BeaconFastPathDeps {
  tracking: TrackingService;
  limiter: AddressLimiter;
  clientAddress: (req: IncomingMessage) => string;
  logError: (details: object, message: string) => void;
}

/**
 * `POST /t/events`, answered straight on Node's HTTP server, in front of Fastify: beacons are the busiest
 * requests by far and carry no session, so routing, hooks, the reply object and the per-request logger are
 * cost without use. Only the common case is taken here (a declared length within the limit, a JSON or
 * text/plain body); anything else (other methods and paths, chunked or oversized bodies, other media types)
 * returns false and goes to Fastify's route, which answers exactly as before. What this path does answer is
 * answered as that route would: the same schema and NUL checks, the same rate-limit budget, the same
 * problem+json errors from the one error mapping, and a 202 only once the events are committed.
 */
export function createBeaconFastPath(deps: BeaconFastPathDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { tracking, limiter, clientAddress, logError } = deps;

  function send(res: ServerResponse, status: number, contentType: string, body: string, extra?: object): void {
    res.writeHead(status, {
      ...CAPTURE_HEADERS,
      'content-type': contentType,
      'content-length': Buffer.byteLength(body),
      ...extra,
    });
    res.end(body);
  }

  function fail(res: ServerResponse, error: Error, extra?: object): void {
    const requestId = randomUUID();
    const { internal, ...problem } = problemFor(error, requestId);
    if (internal) logError({ err: error, reqId: requestId, url: '/t/events' }, 'request failed');
    send(res, problem.status, 'application/problem+json; charset=utf-8', JSON.stringify(problem), extra);
  }

  async function answer(req: IncomingMessage, res: ServerResponse, text: string, media: 'json' | 'text') {
    // Parsed as Fastify parses them: JSON bodies refusing prototype keys, text/plain as acceptTextJson does.
    let body: unknown;
    if (media === 'json' && text.length === 0) return fail(res, new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY());
    try {
      body =
        media === 'json'
          ? secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' })
          : JSON.parse(text);
    } catch {
      return fail(res, media === 'json' ? new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY() : notJsonError());
    }
    try {
      const result = await tracking.record(checkBatch(body), req.headers['user-agent']);
      send(res, 202, 'application/json; charset=utf-8', JSON.stringify(result));
    } catch (err) {
      fail(res, err as Error);
    }
  }

  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/t/events') return false;
    const media = beaconMediaType(req.headers['content-type']);
    const declared = req.headers['content-length'];
    const length = declared === undefined ? NaN : Number(declared);
    if (media === null || !Number.isInteger(length) || length > EVENTS_BODY_LIMIT || req.headers['transfer-encoding']) {
      return false;
    }

    const retryAfter = limiter.hit(clientAddress(req));
    if (retryAfter !== null) {
      // The body is not read: the connection is closed after this answer rather than kept in an unknown state.
      fail(res, Object.assign(new Error(`Rate limit exceeded, retry in ${retryAfter} seconds`), { statusCode: 429 }), {
        'retry-after': String(retryAfter),
        connection: 'close',
      });
      req.resume();
      return true;
    }

    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= length) chunks.push(chunk);
    });
    req.on('end', () => {
      if (received !== length) {
        fail(res, Object.assign(new Error('The body does not match its Content-Length.'), { statusCode: 400 }));
        return;
      }
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      void answer(req, res, text, media);
    });
    req.on('error', () => res.destroy());
    return true;
  };
}
