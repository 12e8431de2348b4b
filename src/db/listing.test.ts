import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../http/pagination.js';
import { afterCursor, cursorValueFits } from './listing.js';

describe('cursorValueFits', () => {
  it('takes safe integers only for an integer column', () => {
    expect(cursorValueFits(42, 'integer')).toBe(true);
    expect(cursorValueFits(0, 'integer')).toBe(true);
    expect(cursorValueFits(4.5, 'integer')).toBe(false);
    expect(cursorValueFits(2 ** 60, 'integer')).toBe(false);
    // PostgreSQL's integer is 4 bytes: past it the database would answer an error instead of a page.
    expect(cursorValueFits(2 ** 31 - 1, 'integer')).toBe(true);
    expect(cursorValueFits(2 ** 31, 'integer')).toBe(false);
    expect(cursorValueFits(-(2 ** 31), 'integer')).toBe(false);
    expect(cursorValueFits('42', 'integer')).toBe(false);
  });

  it('takes finite numbers for a number column', () => {
    expect(cursorValueFits(12.75, 'number')).toBe(true);
    expect(cursorValueFits(-3, 'number')).toBe(true);
    expect(cursorValueFits('12.75', 'number')).toBe(false);
  });

  it('takes strings for text and timestamps in the stored form for timestamp columns', () => {
    expect(cursorValueFits('Rahimi', 'text')).toBe(true);
    expect(cursorValueFits(5, 'text')).toBe(false);
    expect(cursorValueFits('2026-11-28T10:00:00.000Z', 'timestamp')).toBe(true);
    expect(cursorValueFits('yesterday', 'timestamp')).toBe(false);
    expect(cursorValueFits(1_700_000_000_000, 'timestamp')).toBe(false);
  });
});

describe('afterCursor', () => {
  it('refuses a cursor whose value does not fit the sort column as bad input', () => {
    expect(() => afterCursor(encodeCursor(4.5, 'a'), 'c.fit_score', 'c.id', 'desc', 'integer')).toThrow(
      'Not a cursor returned by this list.',
    );
    expect(() => afterCursor(encodeCursor('x', 'a'), 'c.engagement_score', 'c.id', 'desc', 'number')).toThrow(
      'Not a cursor returned by this list.',
    );
    expect(() => afterCursor(encodeCursor(7, 'a'), 'c.fit_score', 'c.id', 'desc', 'integer')).not.toThrow();
  });
});
