import { describe, expect, it } from 'vitest';
import {
  factorLabel,
  featureName,
  featureRowOf,
  gbmOptionsFor,
  labelOf,
  topEventTypes,
  type ContactRecord,
} from './features.js';
import { DEFAULT_PREDICTIVE_SETTINGS, predictiveSettingsSchema } from './settings.js';

const record = (over: Partial<ContactRecord> = {}): ContactRecord => ({
  id: 'c1',
  jobTitle: 'Head of  Marketing',
  seniority: 'director',
  source: 'webinar',
  campaign: null,
  customFields: { outcome: 'Won', stage: 3, vip: true },
  fitScore: 80,
  engagementScore: 12.5,
  account: { industry: 'Software', employeeCount: 120, country: 'IR', city: null, annualRevenue: null },
  ...over,
});

describe('outcome labels', () => {
  const outcome = { field: 'custom.outcome', positiveValues: ['won'], negativeValues: ['lost', 'churned'] };

  it('reads positive and negative values folded, and everything else as unknown', () => {
    expect(labelOf(record(), outcome)).toBe(1);
    expect(labelOf(record({ customFields: { outcome: ' LOST ' } }), outcome)).toBe(0);
    expect(labelOf(record({ customFields: { outcome: 'churned' } }), outcome)).toBe(0);
    expect(labelOf(record({ customFields: { outcome: 'open' } }), outcome)).toBeNull();
    expect(labelOf(record({ customFields: { outcome: '' } }), outcome)).toBeNull();
    expect(labelOf(record({ customFields: {} }), outcome)).toBeNull();
  });

  it('folds Persian and Arabic spellings of one value together', () => {
    const persian = { field: 'custom.outcome', positiveValues: ['موفق'], negativeValues: ['ناموفق'] };
    // Arabic kaf/yeh would not occur here; the Arabic-Indic digits and ZWNJ variants must still match.
    expect(labelOf(record({ customFields: { outcome: 'نا\u200cموفق' } }), persian)).toBe(0);
    expect(labelOf(record({ customFields: { outcome: 'موفق' } }), persian)).toBe(1);
  });

  it('learns from a contact field too, and from numbers and booleans in custom fields', () => {
    expect(labelOf(record(), { field: 'source', positiveValues: ['Webinar'], negativeValues: ['ad'] })).toBe(1);
    expect(labelOf(record(), { field: 'custom.stage', positiveValues: ['3'], negativeValues: ['1'] })).toBe(1);
    expect(labelOf(record(), { field: 'custom.vip', positiveValues: ['true'], negativeValues: ['false'] })).toBe(1);
  });
});

describe('feature rows', () => {
  it('names columns after the feature keys and expands events into one count per type', () => {
    const spec = {
      keys: ['seniority', 'jobTitle', 'account.employeeCount', 'fitScore', 'custom.stage', 'events'],
      eventTypes: ['page_view', 'form_submitted'],
    };
    const row = featureRowOf(record(), new Map([['page_view', 4]]), spec);
    expect(row).toEqual({
      seniority: 'director',
      jobTitle: 'head of marketing',
      'account.employeeCount': 120,
      fitScore: 80,
      'custom.stage': 3,
      'events.page_view': 4,
      'events.form_submitted': 0,
    });
    expect(featureRowOf(record(), undefined, spec)['events.page_view']).toBe(0);
    expect(
      featureRowOf(record({ customFields: { stage: { nested: 1 } } }), undefined, spec)['custom.stage'],
    ).toBeNull();
  });

  it('picks the most frequent event types, ties by name', () => {
    const counts = [
      new Map([
        ['page_view', 5],
        ['email_opened', 1],
      ]),
      new Map([
        ['form_submitted', 2],
        ['email_clicked', 1],
      ]),
    ];
    expect(topEventTypes(counts, 3)).toEqual(['page_view', 'form_submitted', 'email_clicked']);
  });

  it('labels a factor for people: feature, value, signed contribution', () => {
    expect(factorLabel({ feature: 'seniority', value: 'director', contribution: 0.8 })).toBe(
      'Seniority = director +0.80',
    );
    expect(factorLabel({ feature: 'events.page_view', value: 0, contribution: -0.314 })).toBe(
      'page_view events = 0 −0.31',
    );
    expect(factorLabel({ feature: 'account.industry', value: null, contribution: 0 })).toBe('Industry = (none) +0.00');
    expect(featureName('custom.region')).toBe('region');
  });

  it('relaxes the leaf and category minimums for small training sets only', () => {
    expect(gbmOptionsFor(200)).toEqual({ minSamplesLeaf: 5, minCategoryCount: 3, categoryMinRows: 3 });
    expect(gbmOptionsFor(1000).minSamplesLeaf).toBe(25);
    expect(gbmOptionsFor(50_000)).toEqual({ minSamplesLeaf: 50, minCategoryCount: 10, categoryMinRows: 10 });
  });
});

describe('predictive settings', () => {
  const valid = DEFAULT_PREDICTIVE_SETTINGS;
  const issues = (doc: unknown) =>
    (predictiveSettingsSchema.safeParse(doc).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

  it('accepts the defaults and custom fields as outcome and features', () => {
    expect(issues(valid)).toEqual([]);
    expect(issues({ ...valid, features: ['custom.region', 'seniority'] })).toEqual([]);
  });

  it('names what is wrong', () => {
    expect(issues({ ...valid, outcome: { ...valid.outcome, negativeValues: ['WON'] } })).toEqual([
      'outcome.negativeValues: A value cannot be both positive and negative: WON.',
    ]);
    expect(issues({ ...valid, outcome: { ...valid.outcome, field: 'source' }, features: ['source'] })[0]).toMatch(
      /^features: The outcome field source cannot also be a feature/,
    );
    expect(issues({ ...valid, features: ['seniority', 'seniority'] })).toEqual([
      'features: A feature is listed twice.',
    ]);
    expect(issues({ ...valid, features: ['password'] })[0]).toMatch(/^features\.0:/);
    expect(issues({ ...valid, outcome: { ...valid.outcome, field: 'email' } })[0]).toMatch(/^outcome\.field:/);
    expect(issues({ ...valid, minimumPerClass: 2 })[0]).toMatch(/^minimumPerClass:/);
    expect(issues({ ...valid, extra: 1 })[0]).toMatch(/extra/);
  });
});
