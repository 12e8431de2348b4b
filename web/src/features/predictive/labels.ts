import type { ParseKeys, TFunction } from 'i18next';
import type { Formatters } from '../../i18n/useFormat.js';

const FEATURE_KEYS: Record<string, ParseKeys> = {
  seniority: 'predictive.featureNames.seniority',
  jobTitle: 'predictive.featureNames.jobTitle',
  source: 'predictive.featureNames.source',
  campaign: 'predictive.featureNames.campaign',
  'account.industry': 'predictive.featureNames.accountIndustry',
  'account.employeeCount': 'predictive.featureNames.accountEmployeeCount',
  'account.country': 'predictive.featureNames.accountCountry',
  'account.city': 'predictive.featureNames.accountCity',
  'account.annualRevenue': 'predictive.featureNames.accountAnnualRevenue',
  fitScore: 'predictive.featureNames.fitScore',
  engagementScore: 'predictive.featureNames.engagementScore',
  events: 'predictive.featureNames.events',
};

const SENIORITY_KEYS: Record<string, ParseKeys> = {
  entry: 'seniority.entry',
  senior: 'seniority.senior',
  manager: 'seniority.manager',
  director: 'seniority.director',
  vp: 'seniority.vp',
  c_level: 'seniority.c_level',
  owner: 'seniority.owner',
  other: 'seniority.other',
};

/** A feature key (`seniority`, `account.industry`, `events.page_view`, `custom.region`) in the UI language. */
export function featureLabel(feature: string, t: TFunction): string {
  if (feature.startsWith('events.')) return t('predictive.featureNames.eventsOf', { type: feature.slice(7) });
  if (feature.startsWith('custom.')) return t('predictive.featureNames.custom', { name: feature.slice(7) });
  const key = FEATURE_KEYS[feature];
  return key ? (t(key) as string) : feature;
}

/** A contact's value of a feature: seniorities translated, numbers in the reader's digits. */
export function featureValueLabel(feature: string, value: string | number | null, t: TFunction, format: Formatters) {
  if (value === null) return t('predictive.noValue');
  if (typeof value === 'number') return format.number(value, { maximumFractionDigits: 2 });
  if (feature === 'seniority' && SENIORITY_KEYS[value]) return t(SENIORITY_KEYS[value]) as string;
  return value;
}

/** A contribution in log-odds, always signed: "+0.80", "−0.31" (Persian digits in Persian). */
export function signedContribution(value: number, format: Formatters): string {
  return format.number(value, { signDisplay: 'always', minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
