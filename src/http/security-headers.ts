import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: no page security headers (beacons, pixels, scripts served to other sites, CORS JSON). */
    securityHeaders?: boolean;
  }
}

/**
 * The headers helmet would set for these options. Helmet's headers depend on its options only, never on
 * the request, so they are worked out once here instead of running helmet's middleware (which re-parses
 * the CSP directives) on every request.
 */
export function securityHeadersFor(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const collect = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, collect as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/**
 * The pages' and API's headers: only this origin's scripts, styles, images and connections, never framed.
 * `upgrade-insecure-requests` only when `PUBLIC_URL` is https: over plain HTTP (a trial on a LAN address or
 * a VM) a browser would otherwise fetch every script and stylesheet over https from a server that does not
 * speak it, and show a blank page. HSTS is always sent (browsers ignore it over plain HTTP).
 */
export function pageSecurityOptions(publicUrl: string): HelmetOptions {
  const https = new URL(publicUrl).protocol === 'https:';
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
  };
}

/** Adds the security headers to every response of this context, except routes that opt out. */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const headers = securityHeadersFor(options);
  app.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.config.securityHeaders !== false) reply.headers(headers);
    done();
  });
}
