import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountChangeMayMoveFit,
  createFitMemo,
  fieldsOf,
  nextIds,
  sortedIdList,
  temperatureChangeEvents,
} from './bulk.js';
import { DEFAULT_GRADE_THRESHOLDS, FIT_FIELDS, fitScore, type FitCriterion, type FitRecord } from './fit.js';

const FIELDS = ['account.industry', 'account.employeeCount', 'seniority', 'jobTitle', 'email', 'custom.budget'];
const TEXTS = [
  'Software',
  'software',
  'SOFTWARE ',
  'Retail',
  'مدیر فروش',
  'مدير فروش',
  'head of sales',
  '',
  '5',
  '120',
];

const valueArb = fc.oneof(
  fc.constantFrom(...TEXTS),
  fc.integer({ min: -10, max: 3000 }),
  fc.constantFrom(null, undefined, true, false, 0, 5, 120),
);
const criterionArb: fc.Arbitrary<FitCriterion> = fc.oneof(
  fc.record({
    field: fc.constantFrom(...FIELDS),
    kind: fc.constant('in' as const),
    values: fc.array(fc.constantFrom(...TEXTS.filter(Boolean)), { minLength: 1, maxLength: 3 }),
    weight: fc.integer({ min: -50, max: 100 }),
  }),
  fc.record({
    field: fc.constantFrom(...FIELDS),
    kind: fc.constant('contains' as const),
    values: fc.array(fc.constantFrom('soft', 'مدیر', 'head'), { minLength: 1, maxLength: 2 }),
    weight: fc.integer({ min: -50, max: 100 }),
  }),
  fc.record({
    field: fc.constantFrom(...FIELDS),
    kind: fc.constant('range' as const),
    min: fc.integer({ min: 0, max: 100 }),
    max: fc.integer({ min: 100, max: 2000 }),
    weight: fc.integer({ min: -50, max: 100 }),
  }),
  fc.record({ field: fc.constantFrom(...FIELDS), kind: fc.constant('present' as const), weight: fc.integer() }),
);
const recordArb: fc.Arbitrary<FitRecord> = fc.dictionary(fc.constantFrom(...FIELDS, 'firstName', 'phone'), valueArb);

describe('bulk rescore helpers', () => {
  it('the fit memo answers what fitScore answers, whatever was asked before', () => {
    fc.assert(
      fc.property(
        fc.array(criterionArb, { maxLength: 6 }),
        fc.array(recordArb, { minLength: 1, maxLength: 40 }),
        (criteria, records) => {
          const memo = createFitMemo(criteria, DEFAULT_GRADE_THRESHOLDS, 8);
          // Twice over, so the second round is answered from memory.
          for (const record of [...records, ...records]) {
            const { score, grade } = fitScore(criteria, record, DEFAULT_GRADE_THRESHOLDS);
            expect(memo(record)).toEqual({ score, grade });
          }
        },
      ),
    );
  });

  it('remembers by which criteria hold', () => {
    const criteria: FitCriterion[] = [
      { field: 'account.industry', kind: 'in', values: ['Software'], weight: 50 },
      { field: 'custom.size', kind: 'in', values: ['5'], weight: 25 },
      { field: 'custom.size', kind: 'range', min: 5, max: 5, weight: 25 },
    ];
    expect(fieldsOf(criteria)).toEqual(['account.industry', 'custom.size']);
    const memo = createFitMemo(criteria, DEFAULT_GRADE_THRESHOLDS);
    const a = memo({ 'account.industry': 'Software', 'custom.size': 5, email: 'a@x.io', firstName: 'A' });
    expect(a).toEqual({ score: 100, grade: 'A' });
    expect(memo({ 'account.industry': 'software ', 'custom.size': 5, email: 'b@x.io' })).toBe(a);
    expect(memo.stats).toEqual({ hits: 1, misses: 1 });
    // The text "5" is remembered apart from the number 5 (here both hold).
    expect(memo({ 'account.industry': 'Software', 'custom.size': '5' })).toEqual({ score: 100, grade: 'A' });
    expect(memo({ 'account.industry': 'Software', 'custom.size': '6' })).toEqual({ score: 50, grade: 'C' });
    expect(memo({ 'account.industry': 'Retail', 'custom.size': 5 })).toEqual({ score: 50, grade: 'C' });
    expect(memo({ 'account.industry': 'Software', 'custom.size': null })).toEqual({ score: 50, grade: 'C' });
    expect(memo({ 'account.industry': 'Software', 'custom.size': Number.NaN })).toEqual({ score: 50, grade: 'C' });
  });

  it('stays bounded: a criterion that has seen too many values starts over', () => {
    const criteria: FitCriterion[] = [{ field: 'email', kind: 'present', weight: 10 }];
    const memo = createFitMemo(criteria, DEFAULT_GRADE_THRESHOLDS, 3);
    for (let i = 0; i < 10; i++) expect(memo({ email: `p${i}@x.io` })).toEqual({ score: 100, grade: 'A' });
    expect(memo({ email: null })).toEqual({ score: 0, grade: 'D' });
    expect(memo.stats).toEqual({ hits: 9, misses: 2 });
  });

  it('walks an import list chunk by chunk from a cursor', () => {
    const ids = ['a', 'c', 'e', 'g', 'i'];
    expect(nextIds(ids, null, 2)).toEqual(['a', 'c']);
    expect(nextIds(ids, 'c', 2)).toEqual(['e', 'g']);
    expect(nextIds(ids, 'd', 2)).toEqual(['e', 'g']);
    expect(nextIds(ids, 'g', 2)).toEqual(['i']);
    expect(nextIds(ids, 'i', 2)).toEqual([]);
    expect(nextIds([], null, 2)).toEqual([]);
  });

  it('keeps distinct string ids of a payload, sorted', () => {
    expect(sortedIdList(['b', 'a', 'b', '', 42, null, 'c'])).toEqual(['a', 'b', 'c']);
    expect(sortedIdList('a,b')).toEqual([]);
    expect(sortedIdList(undefined)).toEqual([]);
  });

  it('emits contact.temperature_changed, and contact.qualified when a lead qualifies', () => {
    expect(temperatureChangeEvents('c1', 'cold', 'warm').map((e) => e.type)).toEqual(['contact.temperature_changed']);
    const qualified = temperatureChangeEvents('c1', 'warm', 'qualified');
    expect(qualified.map((e) => [e.type, e.aggregateId, e.payload])).toEqual([
      ['contact.temperature_changed', 'c1', { id: 'c1', from: 'warm', to: 'qualified' }],
      ['contact.qualified', 'c1', { id: 'c1', from: 'warm', to: 'qualified' }],
    ]);
  });
});

describe('accountChangeMayMoveFit', () => {
  it('rescores for a change to any company field an ICP criterion can name, and not for the others', () => {
    const companyFields = FIT_FIELDS.filter((f) => f.startsWith('account.')).map((f) => f.slice('account.'.length));
    expect(companyFields).toContain('annualRevenue');
    for (const field of companyFields) expect(accountChangeMayMoveFit([field]), field).toBe(true);
    expect(accountChangeMayMoveFit(['ownerId'])).toBe(false);
    expect(accountChangeMayMoveFit(['ownerId', 'industry'])).toBe(true);
    // A capture that filled blanks does not say what changed.
    expect(accountChangeMayMoveFit(undefined)).toBe(true);
  });
});
