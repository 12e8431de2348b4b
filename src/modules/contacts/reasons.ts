/**
 * "Why is this lead warm?" as a list filter. Every temperature change stores its reasons (scoring's
 * TemperatureReason: a code, and for events the event type). The reasons of a contact's latest change are
 * kept as a few short keys in `contact_temperature_reasons` (indexed by key), so the contacts list can
 * filter on them without reading JSON row by row.
 *
 * Keys: the reason's code (`engagement_at_least`, `fit_grade_below`, `marked_qualified`, `event`, ...), its
 * group (`engagement`, `fit`, `manual`, `event`) and, for events, `event:<type>` (`event:form_submitted`).
 */

/** Values of the list's `reason` filter: a group of reasons or one reason code. */
export const REASON_FILTERS = [
  'engagement',
  'fit',
  'manual',
  'event',
  'engagement_at_least',
  'engagement_below',
  'fit_grade_at_least',
  'fit_grade_below',
  'marked_qualified',
  'marked_not_qualified',
] as const;
export type ReasonFilter = (typeof REASON_FILTERS)[number];

/** Event types as tracking accepts them (lower-case letters, digits and _ . : -). */
export const REASON_EVENT_RE = /^[a-z][a-z0-9_.:-]{0,63}$/;

const GROUPS: Record<string, string> = {
  engagement_at_least: 'engagement',
  engagement_below: 'engagement',
  fit_grade_at_least: 'fit',
  fit_grade_below: 'fit',
  marked_qualified: 'manual',
  marked_not_qualified: 'manual',
  event: 'event',
};

/** The part of a stored reason these keys look at; anything else in it is ignored. */
export interface StoredReason {
  readonly code?: unknown;
  readonly eventType?: unknown;
}

/** The filter keys of one change's reasons, sorted and without repeats. Unknown codes are skipped. */
export function reasonKeys(reasons: readonly StoredReason[] | unknown): string[] {
  if (!Array.isArray(reasons)) return [];
  const keys = new Set<string>();
  for (const reason of reasons as StoredReason[]) {
    if (typeof reason !== 'object' || reason === null) continue;
    const code = typeof reason.code === 'string' ? reason.code : '';
    const group = GROUPS[code];
    if (!group) continue;
    keys.add(code);
    keys.add(group);
    if (code === 'event' && typeof reason.eventType === 'string' && REASON_EVENT_RE.test(reason.eventType)) {
      keys.add(`event:${reason.eventType}`);
    }
  }
  return [...keys].sort();
}

/** The key a `reasonEvent` filter looks for. */
export function eventReasonKey(eventType: string): string {
  return `event:${eventType}`;
}

/** The keys a list request asks for: its `reason` and `reasonEvent` filters, both required when both given. */
export function filterKeys(reason?: ReasonFilter, reasonEvent?: string): string[] {
  return [...(reason ? [reason] : []), ...(reasonEvent ? [eventReasonKey(reasonEvent)] : [])];
}
