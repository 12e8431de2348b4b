import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/en.json' with { type: 'json' };
import fa from '../../i18n/fa.json' with { type: 'json' };
import { formatNumber } from '../../i18n/format.js';
import { numberFilterError } from './numberFilter.js';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({
    resources: { en: { translation: en }, fa: { translation: fa } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
});

describe('a number filter’s message', () => {
  const fit = { min: 0, max: 100, integer: true };

  it('accepts an empty box and numbers within the bounds, in any digits', () => {
    const t = i18n.getFixedT('en');
    const number = (n: number) => formatNumber(n, 'en');
    for (const text of ['', '  ', '0', '100', '۶۰', '٤٥']) expect(numberFilterError(text, fit, t, number)).toBeNull();
  });

  it('names the bounds of a number outside them, rather than saying it is not a number', () => {
    const t = i18n.getFixedT('en');
    const number = (n: number) => formatNumber(n, 'en');
    expect(numberFilterError('150', fit, t, number)).toBe('Enter a number from 0 to 100.');
    expect(numberFilterError('-5', fit, t, number)).toBe('Enter a number from 0 to 100.');
    expect(numberFilterError('abc', fit, t, number)).toBe('Enter a number.');
    expect(numberFilterError('50.5', fit, t, number)).toBe('Enter a whole number.');
    expect(numberFilterError('50.5', { min: 0, max: 1000 }, t, number)).toBeNull();
  });

  it('speaks Persian with Persian digits', () => {
    const t = i18n.getFixedT('fa');
    const number = (n: number) => formatNumber(n, 'fa');
    expect(numberFilterError('۱۵۰', fit, t, number)).toBe('عددی از ۰ تا ۱۰۰ وارد کنید.');
  });
});
