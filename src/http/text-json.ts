import type { FastifyInstance } from 'fastify';

/**
 * Browsers post to public endpoints with `text/plain` JSON (sendBeacon and simple CORS requests), which
 * skips the CORS preflight round trip. This parses such bodies as JSON, within the route's size limit.
 */
/** The error for a text/plain body that is not JSON (400). */
export function notJsonError(): Error {
  return Object.assign(new Error('The body is not JSON.'), { statusCode: 400 });
}

export function acceptTextJson(app: FastifyInstance, bodyLimit: number): void {
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(notJsonError(), undefined);
    }
  });
}
