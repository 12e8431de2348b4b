import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.js';
import { decodeCursor, encodeCursor } from './pagination.js';

describe('cursors', () => {
  it('round-trip the sort value and id', () => {
    expect(decodeCursor(encodeCursor('2027-01-01T00:00:00.000Z', 'abc'))).toEqual({
      sortValue: '2027-01-01T00:00:00.000Z',
      id: 'abc',
    });
    expect(decodeCursor(encodeCursor(42, 'x'))).toEqual({ sortValue: 42, id: 'x' });
  });
  it.each([
    'garbage',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('[1,2]').toString('base64url'),
    // NUL in text: PostgreSQL would fail on it rather than find no rows.
    encodeCursor(5, 'a\u0000'),
    encodeCursor('Rahimi\u0000', 'b'),
  ])('reject %s as a validation error on the cursor field', (bad) => {
    try {
      decodeCursor(bad);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).details.errors?.[0]?.field).toBe('cursor');
    }
  });
});
