import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/testing.js';
import { formatNumber } from '../../i18n/format.js';
import { numberFilterError } from './numberFilter.js';

describe('a number filter’s message', () => {
  const fit = { min: 0, max: 100, integer: true };

  it('accepts an empty box and numbers within the bounds, in any digits', () => {
    const t = translator('en');
    const number = (n: number) => formatNumber(n, 'en');
    for (const text of ['', '  ', '0', '100', '۶۰', '٤٥']) expect(numberFilterError(text, fit, t, number)).toBeNull();
  });

  it('names the bounds of a number outside them, rather than saying it is not a number', () => {
    const t = translator('en');
    const number = (n: number) => formatNumber(n, 'en');
    expect(numberFilterError('150', fit, t, number)).toBe('Enter a number from 0 to 100.');
    expect(numberFilterError('-5', fit, t, number)).toBe('Enter a number from 0 to 100.');
    expect(numberFilterError('abc', fit, t, number)).toBe('Enter a number.');
    expect(numberFilterError('50.5', fit, t, number)).toBe('Enter a whole number.');
    expect(numberFilterError('50.5', { min: 0, max: 1000 }, t, number)).toBeNull();
  });

  it('speaks Persian with Persian digits', () => {
    const t = translator('fa');
    const number = (n: number) => formatNumber(n, 'fa');
    expect(numberFilterError('۱۵۰', fit, t, number)).toBe('عددی از ۰ تا ۱۰۰ وارد کنید.');
  });
});
