import { useMemo } from 'react';
import { CONTACT_SORTS, type ContactListParams, type ContactSort } from '../../api/contacts.js';
import {
  REASON_FILTERS,
  SENIORITIES,
  type FitGrade,
  type ReasonFilter,
  type Seniority,
  type SortOrder,
  type Temperature,
} from '../../api/types.js';
import { useUrlParams } from '../../components/urlState.js';

/** What a saved view holds: the list's filters, its sort and the sort's direction. */
export const VIEW_FILTER_KEYS = [
  'q',
  'ownerId',
  'seniority',
  'temperature',
  'fitGrade',
  'minFitScore',
  'maxFitScore',
  'minEngagement',
  'source',
  'campaign',
  'reason',
  'reasonEvent',
  'sort',
  'order',
] as const satisfies readonly (keyof ContactListParams)[];

const KEYS = [
  ...VIEW_FILTER_KEYS,
  // The saved view picked (ContactViews): its filters are the ones above; clearing the filters leaves it.
  'view',
] as const;
export type ContactFilterKey = (typeof KEYS)[number];

/** Filters a "Clear filters" resets (everything but the sort). */
export const FILTER_KEYS = KEYS.filter((k) => k !== 'sort' && k !== 'order');

const TEMPERATURES: readonly Temperature[] = ['cold', 'warm', 'qualified'];
const GRADES: readonly FitGrade[] = ['A', 'B', 'C', 'D'];
const EVENT_TYPE = /^[a-z][a-z0-9_.:-]{0,63}$/;

function isSort(value: string | undefined): value is ContactSort {
  return (CONTACT_SORTS as readonly string[]).includes(value ?? '');
}

function isSeniority(value: string | undefined): value is Seniority {
  return (SENIORITIES as readonly string[]).includes(value ?? '');
}

function oneOf<T extends string>(list: readonly T[], value: string | undefined): T | undefined {
  return (list as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
}

/** A number from the URL within bounds, or nothing (a hand-edited URL must not break the list). */
export function boundedNumber(value: string | undefined, min: number, max: number, integer: boolean) {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) return undefined;
  return n;
}

/** The direction a sort shows in unless one is asked for: newest first for dates, A to Z (low to high) else. */
export function defaultOrder(sort: ContactSort): SortOrder {
  return sort === 'createdAt' || sort === 'updatedAt' ? 'desc' : 'asc';
}

/** The contact list's search, filters and sort, kept in the URL. */
export function useContactFilters() {
  const [raw, update] = useUrlParams(KEYS);
  const params = useMemo(() => {
    const sort: ContactSort = isSort(raw.sort) ? raw.sort : 'createdAt';
    const order: SortOrder = raw.order === 'asc' || raw.order === 'desc' ? raw.order : defaultOrder(sort);
    const result: ContactListParams = { sort, order };
    if (raw.q) result.q = raw.q;
    if (raw.ownerId) result.ownerId = raw.ownerId;
    if (isSeniority(raw.seniority)) result.seniority = raw.seniority;
    const temperature = oneOf(TEMPERATURES, raw.temperature);
    if (temperature) result.temperature = temperature;
    const grade = oneOf(GRADES, raw.fitGrade);
    if (grade) result.fitGrade = grade;
    const minFit = boundedNumber(raw.minFitScore, 0, 100, true);
    if (minFit !== undefined) result.minFitScore = minFit;
    const maxFit = boundedNumber(raw.maxFitScore, 0, 100, true);
    // An inverted range would only earn an error from the server: the upper bound gives way.
    if (maxFit !== undefined && (minFit === undefined || maxFit >= minFit)) result.maxFitScore = maxFit;
    const minEngagement = boundedNumber(raw.minEngagement, 0, 1_000_000, false);
    if (minEngagement !== undefined) result.minEngagement = minEngagement;
    if (raw.source) result.source = raw.source.slice(0, 100);
    if (raw.campaign) result.campaign = raw.campaign.slice(0, 200);
    const reason = oneOf<ReasonFilter>(REASON_FILTERS, raw.reason);
    if (reason) result.reason = reason;
    if (raw.reasonEvent && EVENT_TYPE.test(raw.reasonEvent)) result.reasonEvent = raw.reasonEvent;
    return result;
  }, [raw]);
  const filtered = Object.keys(params).some((k) => k !== 'sort' && k !== 'order');
  return { params, update, filtered, viewId: raw.view };
}
