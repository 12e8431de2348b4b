import type { TFunction } from 'i18next';
import type { TemperatureReason } from '../../api/types.js';
import type { Formatters } from '../../i18n/useFormat.js';
import { parseRejectReason } from '../inbox/rejectReason.js';
import { eventLabel, pagePath, reasonEventId } from './eventReasons.js';

/** First-strong isolate: text typed in another script keeps its own order inside the sentence. */
const isolate = (text: string) => `\u2068${text}\u2069`;

/**
 * One reason in words: the rule that held, with its numbers in the reader's digits. An event reason names the
 * event as the timeline does and, when `urlOf` knows the event's URL, the page (path) that earned the points.
 */
export function describe(
  reason: TemperatureReason,
  t: TFunction,
  format: Formatters,
  urlOf?: (eventId: string) => string | undefined,
): string {
  const n = (v: number | undefined) => format.number(v ?? 0);
  switch (reason.code) {
    case 'engagement_at_least':
      return t('temperature.reasons.engagementAtLeast', { score: n(reason.score), threshold: n(reason.threshold) });
    case 'engagement_below':
      return t('temperature.reasons.engagementBelow', { score: n(reason.score), threshold: n(reason.threshold) });
    case 'fit_grade_at_least':
      return t('temperature.reasons.fitAtLeast', { grade: reason.grade, min: reason.min });
    case 'fit_grade_below':
      return t('temperature.reasons.fitBelow', { grade: reason.grade, min: reason.min });
    case 'marked_qualified':
      return t('temperature.reasons.markedQualified');
    case 'marked_not_qualified': {
      const rejected = reason.reason ? parseRejectReason(reason.reason) : null;
      if (rejected) {
        const label = t(`inbox.reasons.${rejected.code}`);
        return t('temperature.reasons.rejectedBySales', {
          reason: rejected.note ? `${label}: ${isolate(rejected.note)}` : label,
        });
      }
      return reason.reason
        ? t('temperature.reasons.markedNotQualified', { reason: isolate(reason.reason) })
        : t('temperature.reasons.markedNotQualifiedNoReason');
    }
    case 'event':
      return describeEvent({ ...reason, eventId: reasonEventId(reason) }, t, format, urlOf);
    default:
      return reason.code;
  }
}

/** An event that earned points: "Visited a page (/pricing) on 7 Mar 2026: 10 points", in the reader's words. */
export function describeEvent(
  event: {
    eventType?: string | undefined;
    occurredAt?: string | undefined;
    points?: number | undefined;
    eventId: string | null;
  },
  t: TFunction,
  format: Formatters,
  urlOf?: (eventId: string) => string | undefined,
): string {
  const page = event.eventId === null ? null : pagePath(urlOf?.(event.eventId));
  const values = {
    event: eventLabel(event.eventType ?? '', t),
    // Plural forms follow the number of points (1 point, 2 points; 0.5 points).
    count: event.points ?? 0,
    points: format.number(event.points ?? 0),
    date: event.occurredAt ? format.date(event.occurredAt) : '',
  };
  return page
    ? t('temperature.reasons.eventOnPage', { ...values, page: isolate(page) })
    : t('temperature.reasons.event', values);
}

/** The decision by hand the reasons show, if any (the server lists it first when there is one). */
export function manualDecision(reasons: readonly TemperatureReason[]): 'qualified' | 'not_qualified' | null {
  if (reasons.some((r) => r.code === 'marked_qualified')) return 'qualified';
  if (reasons.some((r) => r.code === 'marked_not_qualified')) return 'not_qualified';
  return null;
}
