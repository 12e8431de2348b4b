import { describe, expect, it } from 'vitest';
import {
  categoryOf,
  dateOrdinal,
  featureNumber,
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

  it('types formatted numbers as numeric and dates as numeric dates in the order their values show', () => {
    const typed = inferColumnTypes(
      tableFromRows(
        Array.from({ length: n }, (_, i) => ({
          income: i === 3 ? '' : `$${(20_000 + ((i * 7919) % 90_000)).toLocaleString('en-US')}.00 `,
          joined: `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
          european: `${1 + (i % 28)}/${1 + (i % 12)}/2023`,
          american: `${1 + (i % 12)}/${1 + (i % 28)}/23 ${1 + (i % 12)}:15 PM`,
          ambiguous: `0${1 + (i % 9)}/0${1 + (i % 3)}/2022`,
          mixed: i % 2 ? `${1 + (i % 12)}/${13 + (i % 15)}/2023` : `${13 + (i % 15)}/${1 + (i % 12)}/2023`,
          halves: i % 2 ? '2024-01-05' : '05/01/2024',
          typo: i === 7 ? '13/1/2024' : `${1 + (i % 12)}/${1 + (i % 28)}/2024`,
          few: i % 50 === 0 ? '05/03/2024' : `2024-${1 + (i % 12)}-${1 + (i % 28)}`,
          versions: `${1 + (i % 3)}.${1 + (i % 5)}.${10 + (i % 4)}`,
          amounts: i % 4 ? `${i},${i % 100}` : `1.${100 + i},5`,
          thousands: `${1 + (i % 9)},${100 + i}`,
          strayComma: i === 9 ? '2,5' : `${10 + (i % 80)},${100 + i}`,
          commaGaps: i % 16 === 0 ? '-' : `${i % 30},${i % 100}`,
          spelled:
            i % 3 ? `${1 + (i % 28)}-${['Jan', 'Feb', 'Mar'][i % 3]}-19` : `${1 + (i % 12)}/${1 + (i % 28)}/2019`,
        })),
      ),
    );
    const feature = (name: string) => typed.features.find((f) => f.name === name);
    expect(feature('income')).toMatchObject({ type: 'numeric', missingShare: 1 / n });
    expect(feature('income')?.dates).toBeUndefined();
    expect(feature('joined')).toMatchObject({ type: 'numeric', dates: 'ymd' });
    expect(feature('european')).toMatchObject({ type: 'numeric', dates: 'dmy' });
    expect(feature('american')).toMatchObject({ type: 'numeric', dates: 'mdy' });
    expect(feature('ambiguous')).toMatchObject({ type: 'numeric', dates: 'mdy' });
    // Days first in some rows and months first in others, or years first and last: not one date order.
    expect(feature('mixed')?.dates).toBeUndefined();
    expect(feature('halves')).toMatchObject({ type: 'categorical' });
    // A typo or a few rows written another way read as missing; most rows decide the order.
    expect(feature('typo')).toMatchObject({ type: 'numeric', dates: 'mdy' });
    expect(feature('few')).toMatchObject({ type: 'numeric', dates: 'ymd' });
    expect(feature('versions')?.type).toBe('categorical');
    expect(feature('amounts')).toMatchObject({ type: 'numeric', decimalComma: true });
    expect(feature('thousands')).toMatchObject({ type: 'numeric' });
    expect(feature('thousands')?.decimalComma).toBeUndefined();
    // One value that reads only with a decimal comma is a stray value, not the column's way of writing.
    expect(feature('strayComma')).toMatchObject({ type: 'numeric', readAsMissing: ['2,5'] });
    expect(feature('strayComma')?.decimalComma).toBeUndefined();
    expect(feature('commaGaps')).toMatchObject({ type: 'numeric', decimalComma: true, readAsMissing: ['-'] });
    // Months written as names fit any order: the numeric dates decide it.
    expect(feature('spelled')).toMatchObject({ type: 'numeric', dates: 'mdy' });
  });

  it('reads a few other spellings in a column of numbers as missing, and names them', () => {
    const typed = inferColumnTypes(
      tableFromRows(
        Array.from({ length: n }, (_, i) => ({
          employees: i % 5 < 3 ? String(10 + (i % 40)) : ['-', 'n.a.', 'Unknown'][i % 3],
          visits: i % 5 < 3 ? String(i % 40) : ['-', 'n.a.', 'Unknown', 'lots'][i % 4],
          codes: i % 5 < 2 ? String(i % 40) : 'none',
        })),
      ),
    );
    expect(typed.features.find((f) => f.name === 'employees')).toEqual({
      name: 'employees',
      type: 'numeric',
      distinct: 24,
      missingShare: 0.4,
      readAsMissing: ['-', 'Unknown', 'n.a.'],
    });
    // Many other spellings in a column that is nearly all numbers: numeric, the spellings not listed.
    const noisy = inferColumnTypes(
      tableFromRows(Array.from({ length: n }, (_, i) => ({ score: i % 25 === 0 ? `note ${i}` : String(i % 50) }))),
    );
    expect(noisy.features[0]).toMatchObject({ type: 'numeric', missingShare: 8 / n });
    expect(noisy.features[0]?.readAsMissing).toBeUndefined();
    // Four other spellings, or numbers in fewer than half the rows: not a column of numbers.
    expect(typed.features.find((f) => f.name === 'visits')?.type).toBe('categorical');
    expect(typed.features.find((f) => f.name === 'codes')?.type).toBe('categorical');
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

  it('reads numbers as exports and people format them', () => {
    expect(parseNumber('$84,835.00 ')).toBe(84835);
    expect(parseNumber('1,234,567')).toBe(1234567);
    expect(parseNumber('12.5 %')).toBe(12.5);
    expect(parseNumber('(1,200)')).toBe(-1200);
    expect(parseNumber('-$5')).toBe(-5);
    expect(parseNumber('$-5.5')).toBe(-5.5);
    expect(parseNumber('EUR 90')).toBe(90);
    expect(parseNumber('90 USD')).toBe(90);
    expect(parseNumber('€1.5')).toBe(1.5);
    expect(parseNumber('۱۲٬۵۰۰ تومان')).toBe(12500);
    expect(parseNumber('٣٫٥')).toBe(3.5);
    expect(parseNumber('۴۲')).toBe(42);
    expect(parseNumber('1.234,5', true)).toBe(1234.5);
    expect(parseNumber('3,75 €', true)).toBe(3.75);
    expect(parseNumber('1,250', true)).toBe(1.25);
    expect(parseNumber('1.5', true)).toBeNaN();
    expect(parseNumber('USD  90')).toBe(90);
    expect(parseNumber('$  84,835.00')).toBe(84835);
    // Not numbers: commas that do not group thousands, two signs, a sign inside brackets, a bare symbol,
    // a code that is not a currency, dates and phone numbers.
    for (const text of [
      '1,5',
      '12,34,567',
      '0,125',
      '000,001',
      '1,234.5.6',
      '--5',
      '+-3',
      '(-5)',
      '$',
      '%',
      'ABC 12',
      '2024-03-05',
      '+1 (555) 123-4567',
      // Long text is not read (nor matched: spaces between the parts once took seconds to reject).
      '+' + ' '.repeat(40_000) + 'x',
      '1' + '0'.repeat(70),
    ])
      expect(parseNumber(text), text).toBeNaN();
  });

  it('turns dates into numbers that sort as the dates do', () => {
    const days = ['2023-12-31', '2024-01-01', '2024-01-31', '2024-02-01 08:00', '2024-02-01T17:30:00Z', '2024-02-02'];
    const ordinals = days.map((d) => dateOrdinal(d, 'ymd'));
    expect(ordinals.every((o) => !Number.isNaN(o))).toBe(true);
    expect([...ordinals].sort((a, b) => a - b)).toEqual(ordinals);
    expect(dateOrdinal('2024-01-02', 'ymd') - dateOrdinal('2024-01-01', 'ymd')).toBe(1);
    expect(dateOrdinal('13/01/2024', 'dmy')).toBe(dateOrdinal('2024-01-13', 'ymd'));
    expect(dateOrdinal('1/13/24', 'mdy')).toBe(dateOrdinal('2024-01-13', 'ymd'));
    expect(dateOrdinal('1/13/70', 'mdy')).toBe(dateOrdinal('1970-01-13', 'ymd'));
    expect(dateOrdinal('۱۴۰۳/۰۱/۱۵', 'ymd')).toBe(dateOrdinal('1403-01-15', 'ymd'));
    expect(dateOrdinal('2024-01-01 12:00 AM', 'ymd')).toBe(dateOrdinal('2024-01-01', 'ymd'));
    expect(dateOrdinal('2024-01-01 12:00 PM', 'ymd')).toBe(dateOrdinal('2024-01-01', 'ymd') + 0.5);
    for (const [text, order] of [
      ['2024-13-01', 'ymd'],
      ['2024-01-32', 'ymd'],
      ['13/01/2024', 'mdy'],
      ['2024-01-01', 'dmy'],
      ['01/02/2024', 'ymd'],
      ['2024-01-01 25:00', 'ymd'],
      ['2024-01-01 13:00 PM', 'ymd'],
      ['1/2/3', 'mdy'],
      ['', 'ymd'],
    ] as const)
      expect(dateOrdinal(text, order), text).toBeNaN();
    const march5 = dateOrdinal('2024-03-05', 'ymd');
    for (const text of ['5-Mar-2024', '5 March 24', 'Mar 5, 2024', 'march 5th 2024', '2024-Mar-05', '05.MAR.2024'])
      for (const order of ['ymd', 'dmy', 'mdy'] as const)
        expect(dateOrdinal(text, order), `${text} ${order}`).toBe(march5);
    expect(dateOrdinal('Sept 9 2024 3:15 PM', 'mdy')).toBe(dateOrdinal('2024-09-09 15:15', 'ymd'));
    // A stated offset is the same moment in UTC.
    expect(dateOrdinal('2024-01-31T23:00:00-05:00', 'ymd')).toBe(dateOrdinal('2024-02-01T04:00:00Z', 'ymd'));
    expect(dateOrdinal('2024-01-01 00:30+03:30', 'ymd')).toBe(dateOrdinal('2023-12-31 21:00', 'ymd'));
    expect(dateOrdinal('2024-03-05 14:05:09.123456+00', 'ymd')).toBe(dateOrdinal('2024-03-05 14:05:09', 'ymd'));
    expect(dateOrdinal('2024-03-05 14:05 UTC', 'ymd')).toBe(dateOrdinal('2024-03-05 14:05', 'ymd'));
    // Jalali timestamps keep their order by their own months, whatever the offset.
    expect(dateOrdinal('1402-02-31T10:00+03:30', 'ymd')).toBeLessThan(dateOrdinal('1402-03-01T10:00+03:30', 'ymd'));
    expect(dateOrdinal('05.03.24', 'dmy')).toBe(dateOrdinal('2024-03-05', 'ymd'));
    for (const text of [
      '5-Mars-2024',
      'Foo 5, 2024',
      '32-Mar-2024',
      'Mar 2024',
      // Versions and ranges are not dates; two-digit years only after slashes.
      '1.5.10',
      '10-20-30',
      '05-03-24',
      '2024-01-01 1:11' + ' '.repeat(40_000) + 'x',
    ])
      expect(dateOrdinal(text, 'dmy'), text).toBeNaN();
    expect(featureNumber('$1,000', {})).toBe(1000);
    expect(featureNumber('2024-01-01', {})).toBeNaN();
    expect(featureNumber('1.000,5', { decimalComma: true })).toBe(1000.5);
    expect(featureNumber('1/2/2024', { dates: 'dmy' })).toBe(dateOrdinal('2024-02-01', 'ymd'));
  });

  it('selects rows', () => {
    const table = tableFromRows([{ a: 1 }, { a: 2, b: 'x' }, { a: 3 }]);
    expect(selectRows(table, [2, 1]).columns.get('b')).toEqual([null, 'x']);
  });
});
