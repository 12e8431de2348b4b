import type { DomainEvent } from '../../jobs/outbox.js';
import {
  criterionMatches,
  FIT_FIELDS,
  fitScore,
  type FitCriterion,
  type FitGrade,
  type FitRecord,
  type GradeThresholds,
} from './fit.js';

/**
 * Pure helpers of the bulk rescore (every contact after a settings change, an import's contacts).
 *
 * Fit is the costly part of scoring a contact: each criterion folds the record's value and each of its own
 * values (normalizeText), some 40 µs for a six-criterion ICP. Across a million contacts the same few
 * industries, countries, seniorities and titles come back again and again, so within one pass each
 * criterion remembers whether it holds for a value, and the score and grade are remembered by which
 * criteria hold. That is all `fitScore` looks at: a criterion's points are its weight share when it holds
 * (`criterionMatches`), nothing otherwise (bulk.test.ts holds the memo to fitScore's answers).
 */

export interface FitSummary {
  readonly score: number;
  readonly grade: FitGrade;
}

export interface FitMemo {
  (record: FitRecord): FitSummary;
  readonly stats: { hits: number; misses: number };
}

/** The fields the criteria read, each once, in order. */
export function fieldsOf(criteria: readonly FitCriterion[]): string[] {
  return [...new Set(criteria.map((c) => c.field))];
}

/**
 * `fitScore(criteria, record, thresholds)`'s score and grade, remembered. Bounded: a criterion that has seen
 * `maxValues` distinct values (an email under a `present` criterion has one per contact) starts over.
 */
export function createFitMemo(
  criteria: readonly FitCriterion[],
  thresholds: GradeThresholds,
  maxValues = 20_000,
): FitMemo {
  // Map keys compare by SameValueZero: the number 5 and the text "5" are remembered apart, NaN is one key.
  const holds = criteria.map(() => new Map<unknown, boolean>());
  const byMatches = new Map<string, FitSummary>();
  const stats = { hits: 0, misses: 0 };
  const memo = (record: FitRecord): FitSummary => {
    let key = '';
    for (let i = 0; i < criteria.length; i++) {
      const criterion = criteria[i]!;
      const value = record[criterion.field];
      const known = holds[i]!;
      let matched = known.get(value);
      if (matched === undefined) {
        matched = criterionMatches(criterion, value);
        if (known.size >= maxValues) known.clear();
        known.set(value, matched);
      }
      key += matched ? '1' : '0';
    }
    const remembered = byMatches.get(key);
    if (remembered) {
      stats.hits += 1;
      return remembered;
    }
    stats.misses += 1;
    const { score, grade } = fitScore(criteria, record, thresholds);
    const summary = { score, grade };
    if (byMatches.size >= maxValues) byMatches.clear();
    byMatches.set(key, summary);
    return summary;
  };
  return Object.assign(memo, { stats });
}

/** What a temperature change tells the rest of the system: always `contact.temperature_changed`, and
 * `contact.qualified` when it reached qualified. The per-contact and bulk rescores emit the same. */
export function temperatureChangeEvents(contactId: string, from: string, to: string): DomainEvent[] {
  const events: DomainEvent[] = [
    {
      type: 'contact.temperature_changed',
      aggregateType: 'contact',
      aggregateId: contactId,
      payload: { id: contactId, from, to },
    },
  ];
  if (to === 'qualified') {
    events.push({
      type: 'contact.qualified',
      aggregateType: 'contact',
      aggregateId: contactId,
      payload: { id: contactId, from, to: 'qualified' },
    });
  }
  return events;
}

/**
 * The next chunk of an import's sorted contact ids: those after `cursor`, at most `limit`. Binary search,
 * so a chunk costs the same wherever it is in a long list.
 */
export function nextIds(sortedIds: readonly string[], cursor: string | null, limit: number): string[] {
  let lo = 0;
  if (cursor !== null) {
    let hi = sortedIds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedIds[mid]! <= cursor) lo = mid + 1;
      else hi = mid;
    }
  }
  return sortedIds.slice(lo, lo + limit);
}

/** Distinct non-empty string ids, sorted (the order chunks walk them in; a cursor compares the same way). */
export function sortedIdList(values: unknown): string[] {
  if (!Array.isArray(values)) return [];
  const ids = values.filter((v): v is string => typeof v === 'string' && v !== '');
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const ACCOUNT_PREFIX = 'account.';

/** A company's fields an ICP criterion can look at (the `account.*` fit fields), by the company's own names. */
const ACCOUNT_FIT_FIELDS: ReadonlySet<string> = new Set(
  FIT_FIELDS.filter((f) => f.startsWith(ACCOUNT_PREFIX)).map((f) => f.slice(ACCOUNT_PREFIX.length)),
);

/**
 * Whether a company's change may move its contacts' fit: yes unless the event names what changed and none of
 * it is a field the ICP can look at (a new owner, say). A capture that filled blanks names nothing.
 */
export function accountChangeMayMoveFit(changed: unknown): boolean {
  return !Array.isArray(changed) || changed.some((f) => typeof f === 'string' && ACCOUNT_FIT_FIELDS.has(f));
}
