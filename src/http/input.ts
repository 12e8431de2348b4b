import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { invalid } from '../shared/errors.js';

/**
 * The path of the first string holding a NUL character, or null. PostgreSQL cannot store NUL in text, and
 * no legitimate CRM field contains one, so every request is refused the same way on both databases.
 */
export function findNulCharacter(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || 'body' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNulCharacter(value[i], [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key].join('.');
      const found = findNulCharacter(v, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

const emptyQuery = z.strictObject({});

/**
 * Input rules every API route shares, registered before the routes: a route that declares no query
 * parameters rejects any (unknown fields are never silently ignored), and NUL characters are refused.
 */
export function registerInputRules(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    if (!route.schema?.querystring) route.schema = { ...route.schema, querystring: emptyQuery };
  });
  app.addHook('preValidation', async (request) => {
    const field = findNulCharacter(request.body) ?? findNulCharacter(request.query);
    if (field !== null) throw invalid(field, 'Contains a NUL character.');
  });
}
