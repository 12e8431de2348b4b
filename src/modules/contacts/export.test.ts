import { describe, expect, it } from 'vitest';
import { customCells, customColumnKeys, exportFileName, exportHeader } from './export.js';

describe('contacts export', () => {
  it("gives the first page's custom keys columns, at most the cap, alphabetically", () => {
    expect(customColumnKeys([{ b: '1' }, { a: 'x', b: '2' }])).toEqual(['a', 'b']);
    expect(customColumnKeys([{ c: 1, a: 2, b: 3 }], 2)).toEqual(['a', 'b']);
    expect(exportHeader(['a']).slice(-2)).toEqual(['custom.a', 'other_custom_fields']);
  });

  it('puts custom fields without a column in one JSON cell', () => {
    expect(customCells({ a: 'x', z: 3, flag: true }, ['a', 'b'])).toEqual(['x', null, '{"z":3,"flag":true}']);
    expect(customCells({ a: 'x' }, ['a'])).toEqual(['x', null]);
  });

  it('names the file after the UTC day', () => {
    expect(exportFileName('contacts', new Date('2026-03-20T23:30:00Z'))).toBe('contacts-2026-03-20.csv');
  });
});
