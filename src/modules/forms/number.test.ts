import { describe, expect, it } from 'vitest';
import { parseFormNumber } from './number.js';

describe('parseFormNumber', () => {
  it('reads ASCII, Persian and Arabic-Indic digits with a sign', () => {
    expect(parseFormNumber('120')).toBe(120);
    expect(parseFormNumber(' ۲۵۰ ')).toBe(250);
    expect(parseFormNumber('٣٤')).toBe(34);
    expect(parseFormNumber('-7')).toBe(-7);
    expect(parseFormNumber('+7')).toBe(7);
    expect(parseFormNumber('−7')).toBe(-7);
    expect(parseFormNumber('-0')).toBe(0);
    expect(Object.is(parseFormNumber('-0'), 0)).toBe(true);
  });

  it('reads "." and the Persian decimal separator "٫" before decimals', () => {
    expect(parseFormNumber('1.5')).toBe(1.5);
    expect(parseFormNumber('۱٫۵')).toBe(1.5);
    expect(parseFormNumber('١٫٢٥')).toBe(1.25);
    expect(parseFormNumber('0.75')).toBe(0.75);
    expect(parseFormNumber('.5')).toBe(0.5);
    expect(parseFormNumber('٫۵')).toBe(0.5);
    expect(parseFormNumber('-۲٫۵')).toBe(-2.5);
  });

  it('reads thousands separators only in groups of three', () => {
    expect(parseFormNumber('1,500')).toBe(1500);
    expect(parseFormNumber('12,345,678')).toBe(12_345_678);
    expect(parseFormNumber('۱٬۲۰۰')).toBe(1200);
    expect(parseFormNumber('۱۲٬۳۴۵٫۶۷')).toBe(12345.67);
    expect(parseFormNumber('1,234.5')).toBe(1234.5);
    expect(parseFormNumber('۱,۰۰۰')).toBe(1000);
  });

  it('refuses what is not plainly a number', () => {
    for (const text of [
      '',
      ' ',
      '1,5',
      '1,50',
      '12,34',
      '1,2345',
      ',123',
      '123,',
      '1,000,00',
      '1.234,5',
      '1,000٬000',
      '1.5.2',
      '1٫5٫2',
      '1.',
      '.',
      '٫',
      '-',
      '+-1',
      '0x1A',
      '0b101',
      '0o17',
      '1e3',
      '1E-2',
      'Infinity',
      '-Infinity',
      'NaN',
      '1 000',
      '1_000',
      '12abc',
      'twelve',
      '۱/۵',
    ]) {
      expect(parseFormNumber(text), text).toBeNull();
    }
  });

  it('agrees with Number() on plain decimals', () => {
    for (const text of ['0', '7', '42', '3.14159', '-273.15', '1000000', '007', '0.000001']) {
      expect(parseFormNumber(text), text).toBe(Number(text));
    }
  });
});
