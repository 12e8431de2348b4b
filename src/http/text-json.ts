import type { FastifyInstance } from 'fastify';

/**
 * Browsers post to public endpoints with `text/plain` JSON (sendBeacon and simple CORS requests), which
 * skips the CORS preflight round trip. This parses such bodies as JSON, within the route's size limit.
 */
export function acceptTextJson(app: FastifyInstance, bodyLimit: number): void {
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      const err = new Error('The body is not JSON.') as Error & { statusCode: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });
}
