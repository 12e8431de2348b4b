import { describe, expect, it } from 'vitest';
import { parseTypedNumber } from './number.js';

describe('parseTypedNumber', () => {
  it('reads ASCII, Persian and Arabic-Indic digits with a sign', () => {
    expect(parseTypedNumber('120')).toBe(120);
    expect(parseTypedNumber(' ۲۵۰ ')).toBe(250);
    expect(parseTypedNumber('٣٤')).toBe(34);
    expect(parseTypedNumber('-7')).toBe(-7);
    expect(parseTypedNumber('+7')).toBe(7);
    expect(parseTypedNumber('−7')).toBe(-7);
    expect(parseTypedNumber('-0')).toBe(0);
    expect(Object.is(parseTypedNumber('-0'), 0)).toBe(true);
  });

  it('reads "." and the Persian decimal separator "٫" before decimals', () => {
    expect(parseTypedNumber('1.5')).toBe(1.5);
    expect(parseTypedNumber('۱٫۵')).toBe(1.5);
    expect(parseTypedNumber('١٫٢٥')).toBe(1.25);
    expect(parseTypedNumber('0.75')).toBe(0.75);
    expect(parseTypedNumber('.5')).toBe(0.5);
    expect(parseTypedNumber('٫۵')).toBe(0.5);
    expect(parseTypedNumber('-۲٫۵')).toBe(-2.5);
  });

  it('reads thousands separators only in groups of three', () => {
    expect(parseTypedNumber('1,500')).toBe(1500);
    expect(parseTypedNumber('12,345,678')).toBe(12_345_678);
    expect(parseTypedNumber('۱٬۲۰۰')).toBe(1200);
    expect(parseTypedNumber('۱۲٬۳۴۵٫۶۷')).toBe(12345.67);
    expect(parseTypedNumber('1,234.5')).toBe(1234.5);
    expect(parseTypedNumber('۱,۰۰۰')).toBe(1000);
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
      expect(parseTypedNumber(text), text).toBeNull();
    }
  });

  it('agrees with Number() on plain decimals', () => {
    for (const text of ['0', '7', '42', '3.14159', '-273.15', '1000000', '007', '0.000001']) {
      expect(parseTypedNumber(text), text).toBe(Number(text));
    }
  });
});
