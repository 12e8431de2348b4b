import { describe, expect, it } from 'vitest';
import { findNulCharacter } from './input.js';

describe('findNulCharacter', () => {
  it('finds NUL in nested strings and keys and names the path', () => {
    expect(findNulCharacter({ a: 'ok', b: { c: ['x', 'y\u0000'] } })).toBe('b.c.1');
    expect(findNulCharacter({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(findNulCharacter('\u0000')).toBe('body');
  });
  it('accepts everything else', () => {
    expect(findNulCharacter({ a: 'سلام', b: [1, null, true], c: { d: '' } })).toBeNull();
    expect(findNulCharacter(undefined)).toBeNull();
  });
});
