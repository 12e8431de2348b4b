import type { CalendarSystem, ComplianceReport, CompliancePeriod } from '../../api/compliance.js';
import { formatNumber, type Locale } from '../../i18n/format.js';

/**
 * Pure helpers of the SLA dashboard: localized period labels (Jalali month names in either language), business
 * minutes and shares for people, pacing, and the rows the trend charts draw.
 */

export const JALALI_MONTHS: Record<Locale, readonly string[]> = {
  en: [
    'Farvardin',
    'Ordibehesht',
    'Khordad',
    'Tir',
    'Mordad',
    'Shahrivar',
    'Mehr',
    'Aban',
    'Azar',
    'Dey',
    'Bahman',
    'Esfand',
  ],
  fa: ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'],
};

/** The four Jalali quarters are the seasons. */
const JALALI_SEASONS_FA = ['بهار', 'تابستان', 'پاییز', 'زمستان'] as const;
const ORDINALS_FA = ['اول', 'دوم', 'سوم', 'چهارم'] as const;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const civilFormats = new Map<string, Intl.DateTimeFormat>();

/** The date of an instant in a time zone, in the Gregorian or the Jalali calendar. */
export function civilDate(instant: string | Date, timeZone: string, system: CalendarSystem): CivilDate {
  const key = `${system}|${timeZone}`;
  let format = civilFormats.get(key);
  if (!format) {
    const tag = system === 'jalali' ? 'en-US-u-ca-persian-nu-latn' : 'en-US-u-ca-gregory-nu-latn';
    const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'numeric', day: 'numeric' };
    try {
      format = new Intl.DateTimeFormat(tag, { ...options, timeZone });
    } catch {
      format = new Intl.DateTimeFormat(tag, { ...options, timeZone: 'UTC' });
    }
    civilFormats.set(key, format);
  }
  const parts = format.formatToParts(instant instanceof Date ? instant : new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** A month's name: Jalali from our table, Gregorian from Intl ("November", "نوامبر"). */
export function monthName(system: CalendarSystem, month: number, locale: Locale): string {
  if (system === 'jalali') return JALALI_MONTHS[locale][month - 1] ?? String(month);
  const tag = locale === 'fa' ? 'fa-IR-u-ca-gregory' : 'en-US';
  return new Intl.DateTimeFormat(tag, { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2001, month - 1, 15)),
  );
}

/** A whole number in the locale's digits, without group separators (a year: 1406, ۱۴۰۶). */
export function plainNumber(value: number, locale: Locale): string {
  return formatNumber(value, locale, { useGrouping: false });
}

/**
 * A period's label in the UI language: "Farvardin 1406" / "فروردین ۱۴۰۶", "November 2026" / "نوامبر ۲۰۲۶",
 * "Q1 1406" / "بهار ۱۴۰۶", "Week of Azar 1, 1405" / "هفتهٔ ۱ آذر ۱۴۰۵". Dates are read in the SLA's time zone,
 * where the period starts at local midnight.
 */
export function periodLabel(
  period: Pick<CompliancePeriod, 'start' | 'kind' | 'calendarSystem'>,
  timeZone: string,
  locale: Locale,
): string {
  const system = period.calendarSystem;
  const c = civilDate(period.start, timeZone, system);
  const year = plainNumber(c.year, locale);
  const month = monthName(system, c.month, locale);
  if (period.kind === 'month') return `${month} ${year}`;
  if (period.kind === 'quarter') {
    const q = Math.floor((c.month - 1) / 3);
    if (locale === 'en') return `Q${q + 1} ${year}`;
    return system === 'jalali' ? `${JALALI_SEASONS_FA[q]} ${year}` : `سه‌ماههٔ ${ORDINALS_FA[q]} ${year}`;
  }
  const day = plainNumber(c.day, locale);
  return locale === 'fa' ? `هفتهٔ ${day} ${month} ${year}` : `Week of ${month} ${day}, ${year}`;
}

/** The calendar the dashboard opens with: Jalali in Persian, else the SLA's own. */
export function defaultCalendarSystem(locale: Locale, slaSystem: CalendarSystem | undefined): CalendarSystem {
  if (locale === 'fa') return 'jalali';
  return slaSystem ?? 'gregorian';
}

/**
 * Business minutes for people: "45m", "5h 30m", "2h" ("۵ ساعت و ۳۰ دقیقه"). Business time has no days (a
 * business day is as long as the calendar says), so hours are not rolled up. null: "—".
 */
export function formatBusinessMinutes(minutes: number | null, locale: Locale): string {
  if (minutes === null || !Number.isFinite(minutes)) return '—';
  const total = Math.max(0, Math.round(minutes));
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  const parts: [number, 'h' | 'm'][] = [];
  if (hours > 0) parts.push([hours, 'h']);
  if (rest > 0 || hours === 0) parts.push([rest, 'm']);
  if (locale === 'fa') {
    const unit = { h: 'ساعت', m: 'دقیقه' };
    return parts.map(([n, u]) => `${formatNumber(n, 'fa')} ${unit[u]}`).join(' و ');
  }
  return parts.map(([n, u]) => `${formatNumber(n, 'en')}${u}`).join(' ');
}

/** A share (0..1) as a percentage with at most one decimal: "33.3%", "۵۰٪"; null: "—". */
export function formatShare(share: number | null, locale: Locale): string {
  if (share === null || !Number.isFinite(share)) return '—';
  return formatNumber(share, locale, { style: 'percent', maximumFractionDigits: 1 });
}

export type PacingTone = 'onTrack' | 'behind' | 'noTarget';

export interface PacingStatus {
  tone: PacingTone;
  /** Leads that should have been delivered by now, rounded up to a whole lead. */
  expectedByNow: number;
  /** Leads still to deliver to meet the whole period's commitment (0 once met). */
  remaining: number;
}

/** Pacing for a badge: on track when delivered >= committed x elapsed share (the server's rule). */
export function pacingStatus(figures: {
  delivered: number;
  committed: number;
  onTrack: boolean;
  expected?: number;
  elapsedShare?: number;
}): PacingStatus {
  const expected = figures.expected ?? figures.committed * (figures.elapsedShare ?? 1);
  const expectedByNow = Math.ceil(Number(expected.toFixed(9)));
  const remaining = Math.max(0, figures.committed - figures.delivered);
  if (figures.committed <= 0) return { tone: 'noTarget', expectedByNow: 0, remaining: 0 };
  return { tone: figures.onTrack ? 'onTrack' : 'behind', expectedByNow, remaining };
}

export interface TrendPoint {
  /** The localized period label (the x axis). */
  period: string;
  delivered: number;
  committed: number;
  /** Percentages 0..100, or null (no point drawn) when nothing was counted. */
  acceptance: number | null;
  firstTouch: number | null;
  medianMinutes: number | null;
  breaches: number;
  onTrack: boolean;
}

const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

/** The trend chart's rows: the earlier periods oldest first, then the period shown. */
export function trendPoints(report: ComplianceReport, locale: Locale): TrendPoint[] {
  const earlier = [...report.trends].reverse().map((p) => ({
    period: periodLabel(p.period, report.timeZone, locale),
    delivered: p.delivered,
    committed: p.committed,
    acceptance: percent(p.acceptanceRate),
    firstTouch: percent(p.firstTouchShare),
    medianMinutes: p.medianFirstTouchMinutes,
    breaches: p.breaches,
    onTrack: p.onTrack,
  }));
  const m = report.marketing;
  const s = report.sales;
  return [
    ...earlier,
    {
      period: periodLabel(report.period, report.timeZone, locale),
      delivered: m.delivered,
      committed: m.committed,
      acceptance: percent(m.acceptanceRate),
      firstTouch: percent(s.firstTouch.share),
      medianMinutes: s.firstTouch.medianBusinessMinutes,
      breaches: s.breaches,
      onTrack: m.pacing.onTrack,
    },
  ];
}

/** Nothing happened in the period: no handoff, no duty counted, no breach, nothing overdue. */
export function isEmptyReport(report: ComplianceReport): boolean {
  const s = report.sales;
  return (
    report.marketing.delivered === 0 &&
    s.firstTouch.counted === 0 &&
    s.attempts.counted === 0 &&
    s.decisions.counted === 0 &&
    s.breaches === 0 &&
    s.escalations === 0 &&
    s.openOverdueNow === 0
  );
}
