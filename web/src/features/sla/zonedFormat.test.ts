import { describe, expect, it } from 'vitest';
import { formatLocalDate, formatZoned } from './zonedFormat.js';

describe('SLA editor dates', () => {
  it('shows an instant in the calendar time zone, with the weekday', () => {
    expect(formatZoned('2027-01-16T05:30:00.000Z', 'en', 'Asia/Tehran')).toBe('Saturday, January 16, 2027 at 09:00');
    expect(formatZoned('2027-01-16T05:30:00.000Z', 'en', 'UTC')).toBe('Saturday, January 16, 2027 at 05:30');
  });

  it('uses the Jalali calendar and Persian digits in Persian', () => {
    expect(formatZoned('2027-01-16T05:30:00.000Z', 'fa', 'Asia/Tehran')).toBe('شنبه ۲۶ دی ۱۴۰۵، ساعت ۰۹:۰۰');
    expect(formatLocalDate('2027-03-21', 'fa')).toBe('یکشنبه ۱ فروردین ۱۴۰۶');
    expect(formatLocalDate('2027-03-21', 'en')).toBe('Sun, March 21, 2027');
  });

  it('survives a time zone being typed', () => {
    expect(formatZoned('2027-01-16T05:30:00.000Z', 'en', 'Asia/Teh')).toMatch(/January 16, 2027/);
  });
});
