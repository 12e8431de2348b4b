import { describe, expect, it } from 'vitest';
import { statementRows } from './imports.repository.js';

describe('multi-row insert statements', () => {
  it('split any row count into powers of two, so a table has at most ten statement shapes', () => {
    const shapes = new Set<number>();
    for (let rows = 1; rows <= 3000; rows++) {
      let left = rows;
      let statements = 0;
      while (left > 0) {
        const n = statementRows(left, 512);
        expect(n).toBeLessThanOrEqual(left);
        shapes.add(n);
        left -= n;
        statements++;
      }
      // A chunk's remainder takes at most one statement per bit.
      expect(statements).toBeLessThanOrEqual(Math.floor(rows / 512) + 9);
    }
    expect([...shapes].sort((a, b) => a - b)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
    // A smaller limit (wide tables: the bound-parameter limit) is kept too.
    expect(statementRows(1000, 300)).toBe(256);
  });
});
