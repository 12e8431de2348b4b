import { describe, expect, it } from 'vitest';
import { elapsedShare, jalaliDate, pacing, periodContaining, previousPeriods, scaleCommitment } from './periods.js';

const TEHRAN = 'Asia/Tehran';
const iso = (d: Date) => d.toISOString();

describe('Jalali periods in Tehran', () => {
  it('Farvardin 1406 starts on 2027-03-21 (local midnight, UTC+03:30)', () => {
    const p = periodContaining(new Date('2027-04-01T12:00:00Z'), 'month', 'jalali', TEHRAN);
    expect(iso(p.start)).toBe('2027-03-20T20:30:00.000Z');
    expect(iso(p.end)).toBe('2027-04-20T20:30:00.000Z'); // 31 days
    expect(p.label).toBe('1406-01 Farvardin');
  });

  it('Esfand 1405 has 29 days; Esfand 1403 (a leap year) has 30', () => {
    const esfand1405 = periodContaining(new Date('2027-03-10T12:00:00Z'), 'month', 'jalali', TEHRAN);
    expect(esfand1405.label).toBe('1405-12 Esfand');
    expect((esfand1405.end.getTime() - esfand1405.start.getTime()) / 86_400_000).toBe(29);
    const esfand1403 = periodContaining(new Date('2025-03-10T12:00:00Z'), 'month', 'jalali', TEHRAN);
    expect(esfand1403.label).toBe('1403-12 Esfand');
    expect((esfand1403.end.getTime() - esfand1403.start.getTime()) / 86_400_000).toBe(30);
  });

  it('months 7 to 11 have 30 days', () => {
    const mehr = periodContaining(new Date('2026-10-01T12:00:00Z'), 'month', 'jalali', TEHRAN);
    expect(mehr.label).toBe('1405-07 Mehr');
    expect((mehr.end.getTime() - mehr.start.getTime()) / 86_400_000).toBe(30);
  });

  it('a Jalali quarter is three months; Q1 1406 runs Farvardin to Khordad (93 days)', () => {
    const q = periodContaining(new Date('2027-05-15T12:00:00Z'), 'quarter', 'jalali', TEHRAN);
    expect(q.label).toBe('1406-Q1');
    expect(iso(q.start)).toBe('2027-03-20T20:30:00.000Z');
    expect((q.end.getTime() - q.start.getTime()) / 86_400_000).toBe(93);
    const q4 = periodContaining(new Date('2027-03-01T12:00:00Z'), 'quarter', 'jalali', TEHRAN);
    expect(q4.label).toBe('1405-Q4');
    expect((q4.end.getTime() - q4.start.getTime()) / 86_400_000).toBe(89);
    expect(q4.end.getTime()).toBe(q.start.getTime());
  });

  it('a Jalali week starts on Saturday', () => {
    // Wednesday 2027-03-24 local
    const w = periodContaining(new Date('2027-03-24T10:00:00Z'), 'week', 'jalali', TEHRAN);
    expect(iso(w.start)).toBe('2027-03-19T20:30:00.000Z'); // Saturday 2027-03-20 00:00 Tehran
    expect(w.label).toBe('1405-12-29');
  });

  it('uses the local date: 2027-03-20T21:00Z is already Farvardin 1 in Tehran', () => {
    expect(periodContaining(new Date('2027-03-20T21:00:00Z'), 'month', 'jalali', TEHRAN).label).toBe(
      '1406-01 Farvardin',
    );
    expect(jalaliDate(Date.UTC(2027, 2, 21) / 86_400_000)).toEqual({ year: 1406, month: 1, day: 1 });
  });

  it('lists previous periods, most recent first, back to back', () => {
    const list = previousPeriods(new Date('2027-04-10T12:00:00Z'), 'month', 'jalali', TEHRAN, 3);
    expect(list.map((p) => p.label)).toEqual(['1405-12 Esfand', '1405-11 Bahman', '1405-10 Dey']);
    expect(list[0]!.end.getTime()).toBe(Date.parse('2027-03-20T20:30:00Z'));
    expect(list[1]!.end.getTime()).toBe(list[0]!.start.getTime());
  });
});

describe('Gregorian periods', () => {
  it('a week starts on Monday', () => {
    const w = periodContaining(new Date('2026-11-27T12:00:00Z'), 'week', 'gregorian', 'UTC');
    expect(iso(w.start)).toBe('2026-11-23T00:00:00.000Z');
    expect(iso(w.end)).toBe('2026-11-30T00:00:00.000Z');
    expect(w.label).toBe('2026-11-23');
  });

  it('months and quarters, with DST in New York', () => {
    const m = periodContaining(new Date('2027-03-15T12:00:00Z'), 'month', 'gregorian', 'America/New_York');
    expect(iso(m.start)).toBe('2027-03-01T05:00:00.000Z');
    expect(iso(m.end)).toBe('2027-04-01T04:00:00.000Z');
    expect(m.label).toBe('2027-03');
    const q = periodContaining(new Date('2027-02-28T12:00:00Z'), 'quarter', 'gregorian', 'UTC');
    expect([iso(q.start), iso(q.end), q.label]).toEqual([
      '2027-01-01T00:00:00.000Z',
      '2027-04-01T00:00:00.000Z',
      '2027-Q1',
    ]);
  });

  it('previous quarters cross the year', () => {
    const list = previousPeriods(new Date('2027-02-01T00:00:00Z'), 'quarter', 'gregorian', 'UTC', 2);
    expect(list.map((p) => p.label)).toEqual(['2026-Q4', '2026-Q3']);
  });
});

describe('pacing', () => {
  it('is on track when delivered >= target × elapsed share', () => {
    expect(pacing(5, 10, 0.5)).toEqual({ expected: 5, onTrack: true });
    expect(pacing(4, 10, 0.5).onTrack).toBe(false);
    expect(pacing(0, 10, 0).onTrack).toBe(true);
  });

  it('elapsed share is clamped to 0..1', () => {
    const p = { start: new Date('2027-01-01T00:00:00Z'), end: new Date('2027-01-11T00:00:00Z') };
    expect(elapsedShare(p, new Date('2027-01-03T12:00:00Z'))).toBe(0.25);
    expect(elapsedShare(p, new Date('2026-01-01T00:00:00Z'))).toBe(0);
    expect(elapsedShare(p, new Date('2028-01-01T00:00:00Z'))).toBe(1);
  });
});

describe('scaleCommitment', () => {
  it('pro-rates a commitment to another period kind by periods per year, to whole leads', () => {
    expect(scaleCommitment(40, 'month', 'month')).toBe(40);
    expect(scaleCommitment(40, 'month', 'week')).toBe(9);
    expect(scaleCommitment(40, 'month', 'quarter')).toBe(120);
    expect(scaleCommitment(10, 'week', 'month')).toBe(43);
    expect(scaleCommitment(100, 'quarter', 'week')).toBe(8);
    expect(scaleCommitment(0, 'quarter', 'week')).toBe(0);
  });
});
