import { z } from 'zod';
import { invalid } from '../shared/errors.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export const paginationQuery = {
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  order: z.enum(['asc', 'desc']).default('desc'),
};

export type CursorValue = string | number;

/** An opaque keyset cursor: the sort key and id of the last row returned. */
export function encodeCursor(sortValue: CursorValue, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { sortValue: CursorValue; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'number' || (typeof parsed[0] === 'string' && !parsed[0].includes('\u0000'))) &&
      typeof parsed[1] === 'string' &&
      // PostgreSQL refuses NUL in text with an error: a forged cursor must be bad input, not a failure.
      !parsed[1].includes('\u0000')
    ) {
      return { sortValue: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw invalid('cursor', 'Not a cursor returned by this list.');
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
