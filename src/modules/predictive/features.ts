import type { FeatureRow, GbmOptions, RawValue } from '../scoring/predictive/index.js';
import { foldValue, type OutcomeSettings } from './settings.js';

/** What the predictive score reads of one contact: its fields, its account's, its scores. */
export interface ContactRecord {
  id: string;
  jobTitle: string | null;
  seniority: string | null;
  source: string | null;
  campaign: string | null;
  customFields: Readonly<Record<string, unknown>>;
  fitScore: number;
  engagementScore: number;
  account: {
    industry: string | null;
    employeeCount: number | null;
    country: string | null;
    city: string | null;
    annualRevenue: number | null;
  };
}

/** The features a model was trained with: the chosen keys, and the event types `events` expanded to. */
export interface FeatureSpec {
  keys: string[];
  eventTypes: string[];
}

/** At most this many event types become features (the most frequent ones among the training contacts). */
export const MAX_EVENT_TYPES = 20;

const EVENT_PREFIX = 'events.';
const CUSTOM_PREFIX = 'custom.';

function customValue(value: unknown): RawValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

/** The value of an outcome field (a contact field or `custom.<name>`), as text; null when absent. */
export function outcomeValueOf(record: ContactRecord, field: string): string | null {
  let value: unknown;
  if (field.startsWith(CUSTOM_PREFIX)) value = record.customFields[field.slice(CUSTOM_PREFIX.length)];
  else if (field === 'source') value = record.source;
  else if (field === 'campaign') value = record.campaign;
  else if (field === 'seniority') value = record.seniority;
  else if (field === 'jobTitle') value = record.jobTitle;
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** 1 = converted, 0 = not, null = unknown (no value, or a value named neither positive nor negative). */
export function labelOf(record: ContactRecord, outcome: OutcomeSettings): 0 | 1 | null {
  const value = outcomeValueOf(record, outcome.field);
  if (value === null) return null;
  const folded = foldValue(value);
  if (outcome.positiveValues.some((v) => foldValue(v) === folded)) return 1;
  if (outcome.negativeValues.some((v) => foldValue(v) === folded)) return 0;
  return null;
}

function builtinValue(record: ContactRecord, key: string): RawValue {
  switch (key) {
    case 'seniority':
      return record.seniority;
    case 'jobTitle':
      // Titles are typed freely: one spelling per title, whatever the case or keyboard.
      return record.jobTitle === null ? null : foldValue(record.jobTitle) || null;
    case 'source':
      return record.source;
    case 'campaign':
      return record.campaign;
    case 'account.industry':
      return record.account.industry;
    case 'account.employeeCount':
      return record.account.employeeCount;
    case 'account.country':
      return record.account.country;
    case 'account.city':
      return record.account.city;
    case 'account.annualRevenue':
      return record.account.annualRevenue;
    case 'fitScore':
      return record.fitScore;
    case 'engagementScore':
      return record.engagementScore;
    default:
      return null;
  }
}

/**
 * One contact as the model sees it. Columns are named after the feature keys; `events` becomes one count
 * per event type of the spec (0 when the contact has none of that type: a count is never missing).
 */
export function featureRowOf(
  record: ContactRecord,
  eventCounts: ReadonlyMap<string, number> | undefined,
  spec: FeatureSpec,
): FeatureRow {
  const row: Record<string, RawValue> = {};
  for (const key of spec.keys) {
    if (key === 'events') {
      for (const type of spec.eventTypes) row[EVENT_PREFIX + type] = eventCounts?.get(type) ?? 0;
    } else if (key.startsWith(CUSTOM_PREFIX)) {
      row[key] = customValue(record.customFields[key.slice(CUSTOM_PREFIX.length)]);
    } else {
      row[key] = builtinValue(record, key);
    }
  }
  return row;
}

/** The event types worth a feature each: the most frequent across the given counts, at most `limit`. */
export function topEventTypes(counts: Iterable<ReadonlyMap<string, number>>, limit = MAX_EVENT_TYPES): string[] {
  const totals = new Map<string, number>();
  for (const perType of counts) {
    for (const [type, n] of perType) totals.set(type, (totals.get(type) ?? 0) + n);
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([type]) => type);
}

const FEATURE_NAMES: Record<string, string> = {
  seniority: 'Seniority',
  jobTitle: 'Job title',
  source: 'Source',
  campaign: 'Campaign',
  'account.industry': 'Industry',
  'account.employeeCount': 'Employees',
  'account.country': 'Country',
  'account.city': 'City',
  'account.annualRevenue': 'Annual revenue',
  fitScore: 'Fit score',
  engagementScore: 'Engagement score',
};

/** A feature's name for people (English; the web UI translates the same keys). */
export function featureName(feature: string): string {
  if (feature.startsWith(EVENT_PREFIX)) return `${feature.slice(EVENT_PREFIX.length)} events`;
  if (feature.startsWith(CUSTOM_PREFIX)) return feature.slice(CUSTOM_PREFIX.length);
  return FEATURE_NAMES[feature] ?? feature;
}

/** "Seniority = director +0.80": the feature, the contact's value and how far it moved the log-odds. */
/** A factor as a reader who may not see the contact's company gets it: no value, marked hidden. */
export function hideValue<T extends { value: string | number | null }>(factor: T): T & { hidden: true } {
  return { ...factor, value: null, hidden: true };
}

export function factorLabel(factor: {
  feature: string;
  value: string | number | null;
  hidden?: true;
  contribution: number;
}): string {
  const value = factor.hidden ? '(hidden)' : factor.value === null ? '(none)' : String(factor.value);
  const sign = factor.contribution >= 0 ? '+' : '−';
  return `${featureName(factor.feature)} = ${value} ${sign}${Math.abs(factor.contribution).toFixed(2)}`;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * The library defaults (at least 50 rows per leaf, categories seen 10 times) suit tables of thousands of
 * rows; a CRM's first labelled contacts are often a few hundred, where those limits would stop every split.
 * They shrink with the training set and reach the defaults at about 2,000 rows.
 */
export function gbmOptionsFor(rows: number): Partial<GbmOptions> {
  const perCategory = clamp(Math.round(rows / 200), 3, 10);
  return {
    minSamplesLeaf: clamp(Math.round(rows / 40), 5, 50),
    minCategoryCount: perCategory,
    categoryMinRows: perCategory,
  };
}
