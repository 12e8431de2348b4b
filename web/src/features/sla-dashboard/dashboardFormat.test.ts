import { describe, expect, it } from 'vitest';
import type { ComplianceReport } from '../../api/compliance.js';
import {
  civilDate,
  defaultCalendarSystem,
  formatBusinessMinutes,
  formatShare,
  isEmptyReport,
  pacingStatus,
  periodLabel,
  trendPoints,
} from './dashboardFormat.js';

const TEHRAN = 'Asia/Tehran';
// Farvardin 1, 1406 at local midnight in Tehran (UTC+03:30).
const FARVARDIN = '2027-03-20T20:30:00.000Z';

describe('periodLabel', () => {
  it('names Jalali months in English and Persian', () => {
    const p = { start: FARVARDIN, kind: 'month', calendarSystem: 'jalali' } as const;
    expect(periodLabel(p, TEHRAN, 'en')).toBe('Farvardin 1406');
    expect(periodLabel(p, TEHRAN, 'fa')).toBe('فروردین ۱۴۰۶');
    expect(civilDate(FARVARDIN, TEHRAN, 'jalali')).toEqual({ year: 1406, month: 1, day: 1 });
  });

  it('reads the date in the SLA time zone, not in UTC', () => {
    // In UTC this instant is still Esfand 30, 1405.
    expect(civilDate(FARVARDIN, 'UTC', 'jalali')).toEqual({ year: 1405, month: 12, day: 29 });
    expect(
      periodLabel({ start: '2026-11-01T00:00:00.000Z', kind: 'month', calendarSystem: 'gregorian' }, 'UTC', 'en'),
    ).toBe('November 2026');
    expect(
      periodLabel({ start: '2026-11-01T00:00:00.000Z', kind: 'month', calendarSystem: 'gregorian' }, 'UTC', 'fa'),
    ).toBe('نوامبر ۲۰۲۶');
  });

  it('labels quarters (Jalali quarters are seasons in Persian) and weeks', () => {
    const q = { start: FARVARDIN, kind: 'quarter', calendarSystem: 'jalali' } as const;
    expect(periodLabel(q, TEHRAN, 'en')).toBe('Q1 1406');
    expect(periodLabel(q, TEHRAN, 'fa')).toBe('بهار ۱۴۰۶');
    const g = { start: '2026-10-01T00:00:00.000Z', kind: 'quarter', calendarSystem: 'gregorian' } as const;
    expect(periodLabel(g, 'UTC', 'en')).toBe('Q4 2026');
    expect(periodLabel(g, 'UTC', 'fa')).toBe('سه‌ماههٔ چهارم ۲۰۲۶');
    // Saturday 2026-11-21 (a Jalali week starts on Saturday) is Aban 30, 1405.
    const w = { start: '2026-11-21T00:00:00.000Z', kind: 'week', calendarSystem: 'jalali' } as const;
    expect(periodLabel(w, 'UTC', 'en')).toBe('Week of Aban 30, 1405');
    expect(periodLabel(w, 'UTC', 'fa')).toBe('هفتهٔ ۳۰ آبان ۱۴۰۵');
    const gw = { start: '2026-11-23T00:00:00.000Z', kind: 'week', calendarSystem: 'gregorian' } as const;
    expect(periodLabel(gw, 'UTC', 'en')).toBe('Week of November 23, 2026');
  });

  it('opens in Jalali for Persian, else in the SLA calendar', () => {
    expect(defaultCalendarSystem('fa', 'gregorian')).toBe('jalali');
    expect(defaultCalendarSystem('en', 'jalali')).toBe('jalali');
    expect(defaultCalendarSystem('en', undefined)).toBe('gregorian');
  });
});

describe('formatBusinessMinutes', () => {
  it('shows minutes, then hours and minutes, never days', () => {
    expect(formatBusinessMinutes(null, 'en')).toBe('—');
    expect(formatBusinessMinutes(0, 'en')).toBe('0m');
    expect(formatBusinessMinutes(45, 'en')).toBe('45m');
    expect(formatBusinessMinutes(60, 'en')).toBe('1h');
    expect(formatBusinessMinutes(90, 'en')).toBe('1h 30m');
    expect(formatBusinessMinutes(2000.4, 'en')).toBe('33h 20m');
    expect(formatBusinessMinutes(330, 'fa')).toBe('۵ ساعت و ۳۰ دقیقه');
    expect(formatBusinessMinutes(20, 'fa')).toBe('۲۰ دقیقه');
  });
});

describe('formatShare', () => {
  it('shows a percentage with at most one decimal in the locale digits', () => {
    expect(formatShare(null, 'en')).toBe('—');
    expect(formatShare(0.5, 'en')).toBe('50%');
    expect(formatShare(1 / 3, 'en')).toBe('33.3%');
    expect(formatShare(0.75, 'fa')).toBe('۷۵٪');
  });
});

describe('pacingStatus', () => {
  it('is on track or behind by the server flag, with the whole leads expected by now', () => {
    expect(pacingStatus({ delivered: 5, committed: 40, onTrack: false, expected: 21.29 })).toEqual({
      tone: 'behind',
      expectedByNow: 22,
      remaining: 35,
    });
    expect(pacingStatus({ delivered: 30, committed: 40, onTrack: true, elapsedShare: 0.5 })).toEqual({
      tone: 'onTrack',
      expectedByNow: 20,
      remaining: 10,
    });
    expect(pacingStatus({ delivered: 3, committed: 0, onTrack: true, expected: 0 }).tone).toBe('noTarget');
  });
});

function report(overrides: Partial<ComplianceReport> = {}): ComplianceReport {
  const period = (start: string) =>
    ({ start, end: start, label: '', calendarSystem: 'jalali', kind: 'month', elapsedShare: 1 }) as const;
  return {
    slaId: 's',
    version: 1,
    timeZone: TEHRAN,
    scope: { teamId: null, repId: null },
    slaPeriod: { kind: 'month', calendarSystem: 'jalali', qualifiedLeads: 40 },
    period: period('2027-04-20T20:30:00.000Z'),
    marketing: {
      delivered: 4,
      committed: 40,
      pacing: { expected: 10, onTrack: false },
      perTeam: [],
      accepted: 1,
      rejected: 1,
      decided: 2,
      acceptanceRate: 0.5,
      acceptanceRateFloor: 0.6,
      floorMet: false,
      rejectionReasons: [{ reason: 'not_a_fit', count: 1 }],
      minFitGrade: 'B',
      atOrAboveMinFitGrade: 3,
      fitShare: 0.75,
    },
    sales: {
      firstTouch: { counted: 3, withinTime: 2, share: 2 / 3, medianBusinessMinutes: 30, p90BusinessMinutes: 90 },
      attempts: { counted: 0, withinTime: 0, share: null },
      decisions: { counted: 2, withinTime: 2, share: 1 },
      breaches: 2,
      escalations: 1,
      openOverdueNow: 1,
      byRep: [],
    },
    trends: [
      {
        period: period(FARVARDIN),
        delivered: 7,
        committed: 40,
        onTrack: false,
        acceptanceRate: 1 / 3,
        firstTouchShare: null,
        medianFirstTouchMinutes: null,
        breaches: 0,
      },
      {
        period: period('2027-02-19T20:30:00.000Z'),
        delivered: 0,
        committed: 40,
        onTrack: false,
        acceptanceRate: null,
        firstTouchShare: null,
        medianFirstTouchMinutes: null,
        breaches: 0,
      },
    ],
    ...overrides,
  };
}

describe('trendPoints', () => {
  it('draws the earlier periods oldest first, then the period shown, with shares as percentages', () => {
    const points = trendPoints(report(), 'en');
    expect(points.map((p) => p.period)).toEqual(['Esfand 1405', 'Farvardin 1406', 'Ordibehesht 1406']);
    expect(points[0]).toMatchObject({ delivered: 0, acceptance: null, firstTouch: null });
    expect(points[1]).toMatchObject({ delivered: 7, committed: 40, acceptance: 33.3 });
    expect(points[2]).toEqual({
      period: 'Ordibehesht 1406',
      delivered: 4,
      committed: 40,
      acceptance: 50,
      firstTouch: 66.7,
      medianMinutes: 30,
      breaches: 2,
      onTrack: false,
    });
    expect(trendPoints(report(), 'fa')[2]?.period).toBe('اردیبهشت ۱۴۰۶');
  });
});

describe('isEmptyReport', () => {
  it('is empty only when nothing was delivered, counted, breached or overdue', () => {
    expect(isEmptyReport(report())).toBe(false);
    const r = report();
    const empty: ComplianceReport = {
      ...r,
      marketing: { ...r.marketing, delivered: 0 },
      sales: {
        ...r.sales,
        firstTouch: { ...r.sales.firstTouch, counted: 0 },
        decisions: { ...r.sales.decisions, counted: 0 },
        breaches: 0,
        escalations: 0,
        openOverdueNow: 0,
      },
    };
    expect(isEmptyReport(empty)).toBe(true);
  });
});
