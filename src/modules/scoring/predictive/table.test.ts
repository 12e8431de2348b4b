import { describe, expect, it } from 'vitest';
import {
  categoryOf,
  inferColumnTypes,
  isMissing,
  parseNumber,
  selectRows,
  tableFromRows,
  type RawValue,
} from './table.js';

const n = 200;
const column = (f: (i: number) => RawValue) => Array.from({ length: n }, (_, i) => f(i));

describe('column typing', () => {
  const table = tableFromRows(
    Array.from({ length: n }, (_, i) => ({
      id: String(i + 1),
      contact_id: String(1000 + ((i * 37) % n)),
      email: `person${i}@example.com`,
      age: i % 50 === 0 ? 'n/a' : String(20 + (i % 40)),
      pdays: i % 10 === 0 ? '3' : '999',
      income: i === 5 ? 'unknown' : (i * 1.5).toFixed(1),
      job: ['admin', 'technician', 'unknown'][i % 3],
      city: i % 4 === 0 ? '' : `city${i % 30}`,
      country: 'PT',
      notes: '',
    })),
  );
  const typing = inferColumnTypes(table);
  const typeOf = (name: string) => typing.features.find((f) => f.name === name)?.type;
  const reasonFor = (name: string) => typing.dropped.find((d) => d.name === name)?.reason;

  it('types columns as numeric when nearly all values are numbers, else categorical', () => {
    expect(typeOf('age')).toBe('numeric');
    expect(typeOf('pdays')).toBe('numeric');
    expect(typeOf('income')).toBe('numeric');
    expect(typeOf('job')).toBe('categorical');
    expect(typeOf('city')).toBe('categorical');
    expect(typing.features.find((f) => f.name === 'city')?.missingShare).toBeCloseTo(0.25);
  });

  it('drops identifier-like, constant and empty columns with the reason', () => {
    expect(reasonFor('id')).toMatch(/^identifier-like/);
    expect(reasonFor('contact_id')).toMatch(/^identifier-like/);
    expect(reasonFor('email')).toMatch(/^identifier-like/);
    expect(reasonFor('country')).toMatch(/^constant/);
    expect(reasonFor('notes')).toMatch(/^empty/);
  });

  it('keeps unique measurements that are not keys', () => {
    const revenue = inferColumnTypes({
      rowCount: n,
      columns: new Map([['revenue', column((i) => (i * 7919) % 100_003)]]),
    });
    expect(revenue.features.map((f) => f.name)).toEqual(['revenue']);
  });
});

describe('values', () => {
  it('recognises missing values and numbers', () => {
    expect([null, undefined, '', ' NA ', 'null', '?', Number.NaN].every(isMissing)).toBe(true);
    expect(['0', 'unknown', false, 0].some(isMissing)).toBe(false);
    expect(parseNumber(' -1.5e3 ')).toBe(-1500);
    expect(parseNumber('12abc')).toBeNaN();
    expect(parseNumber(Number.POSITIVE_INFINITY)).toBeNaN();
    expect(categoryOf(' yes ')).toBe('yes');
    expect(categoryOf(true)).toBe('true');
  });

  it('selects rows', () => {
    const table = tableFromRows([{ a: 1 }, { a: 2, b: 'x' }, { a: 3 }]);
    expect(selectRows(table, [2, 1]).columns.get('b')).toEqual([null, 'x']);
  });
});
