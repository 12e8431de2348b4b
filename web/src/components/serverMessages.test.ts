import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/testing.js';
import { translateServerMessage } from './serverMessages.js';

describe('server validation messages', () => {
  const english = translator('en');
  const persian = translator('fa');

  it("words zod's default messages as the app does, with the bounds in the UI language's digits", () => {
    expect(translateServerMessage('Too small: expected string to have >=1 characters', english)).toBe(
      'This field is required.',
    );
    expect(translateServerMessage('Too big: expected number to be <=100', english)).toBe(
      'Enter a number of at most 100.',
    );
    expect(translateServerMessage('Too small: expected number to be >=1', english)).toBe(
      'Enter a number of at least 1.',
    );
    expect(translateServerMessage('Too small: expected number to be >0', english)).toBe(
      'Enter a number greater than 0.',
    );
    expect(translateServerMessage('Too big: expected string to have <=64 characters', english)).toBe(
      'Use at most 64 characters.',
    );
    expect(translateServerMessage('Too big: expected number to be <=100', persian)).toBe(
      'عددی برابر یا کمتر از ۱۰۰ وارد کنید.',
    );
    expect(translateServerMessage('Too small: expected string to have >=1 characters', persian)).toBe(
      'پر کردن این فیلد الزامی است.',
    );
    expect(translateServerMessage('Invalid input: expected number, received string', persian)).toBe(
      'یک عدد وارد کنید.',
    );
  });

  it('shows other messages as written, after a generic sentence in Persian', () => {
    const unknown = 'Keys must be unique.';
    expect(translateServerMessage(unknown, english)).toBe(unknown);
    expect(translateServerMessage(unknown, persian)).toBe('این مقدار معتبر نیست. Keys must be unique.');
    // Messages the app already knows keep their own translation.
    expect(translateServerMessage('Not a valid email address.', persian)).toBe('نشانی ایمیل معتبر نیست.');
  });
});
