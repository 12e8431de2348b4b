import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bestPersona,
  criterionMatches,
  CUSTOM_FIELD_PREFIX,
  FIT_FIELDS,
  fitScore,
  gradeAtLeast,
  gradeFor,
  isFitField,
  type FitCriterion,
  type FitPersona,
} from './fit.js';
import { fitRecordOf } from './scoring.service.js';

const icp: FitCriterion[] = [
  { field: 'account.industry', kind: 'in', values: ['Software', 'Insurance'], weight: 30 },
  { field: 'account.employeeCount', kind: 'range', min: 50, max: 1000, weight: 25 },
  { field: 'account.country', kind: 'in', values: ['IR', 'DE'], weight: 15 },
  { field: 'jobTitle', kind: 'contains', values: ['مدیر', 'head', 'director'], weight: 20 },
  { field: 'email', kind: 'present', weight: 10 },
];

describe('ICP fit', () => {
  it('scores a perfect match 100, grade A, and names every criterion that held', () => {
    const r = fitScore(icp, {
      'account.industry': 'software',
      'account.employeeCount': 120,
      'account.country': 'IR',
      jobTitle: 'مدير فروش',
      email: 'a@b.ir',
    });
    expect(r.score).toBe(100);
    expect(r.grade).toBe('A');
    expect(r.checks.every((c) => c.matched)).toBe(true);
  });

  it('gives the weight share of the criteria that hold', () => {
    const r = fitScore(icp, { 'account.industry': 'Retail', 'account.employeeCount': 20, jobTitle: 'Head of Sales' });
    expect(r.score).toBe(20);
    expect(r.grade).toBe('D');
    expect(r.checks.filter((c) => c.matched).map((c) => c.criterion.field)).toEqual(['jobTitle']);
  });

  it('lets an anti-ICP trait pull the score down, never below 0', () => {
    const withStudent: FitCriterion[] = [
      ...icp,
      { field: 'jobTitle', kind: 'contains', values: ['student'], weight: -50 },
    ];
    expect(fitScore(withStudent, { jobTitle: 'Student' }).score).toBe(0);
    expect(fitScore(withStudent, { email: 'x@y.z', jobTitle: 'student' }).score).toBe(0);
  });

  it('matches numbers given as text and rejects what is not a number', () => {
    const range: FitCriterion = { field: 'n', kind: 'range', min: 10, weight: 1 };
    expect(criterionMatches(range, '12')).toBe(true);
    expect(criterionMatches(range, 'twelve')).toBe(false);
    // As people type numbers into a file or a form: Persian digits, thousands separators, the Persian decimal.
    const budget: FitCriterion = { field: 'custom.budget', kind: 'range', min: 1000, max: 100_000, weight: 1 };
    for (const typed of ['5000', '۵۰۰۰', '5,000', '۵٬۰۰۰', ' ۱۲۰۰٫۵ ', 5000]) {
      expect(criterionMatches(budget, typed), String(typed)).toBe(true);
    }
    for (const typed of ['0x2000', '1e4', '5000 تومان', '']) expect(criterionMatches(budget, typed), typed).toBe(false);
    expect(criterionMatches(range, null)).toBe(false);
  });

  it('grades by thresholds and compares grades', () => {
    expect([95, 80, 79, 60, 40, 39].map((s) => gradeFor(s))).toEqual(['A', 'A', 'B', 'B', 'C', 'D']);
    expect(gradeAtLeast('A', 'B')).toBe(true);
    expect(gradeAtLeast('C', 'B')).toBe(false);
  });

  it('always scores within 0-100, and meeting one more criterion never lowers the score', () => {
    const criterion = fc.record({
      field: fc.constantFrom('a', 'b', 'c'),
      kind: fc.constant('present' as const),
      weight: fc.integer({ min: -50, max: 50 }),
    });
    fc.assert(
      fc.property(
        fc.array(criterion, { maxLength: 6 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.string()),
        (cs, record) => {
          const r = fitScore(cs, record);
          if (r.score < 0 || r.score > 100) return false;
          const positive = cs.filter((c) => c.weight > 0);
          const more = fitScore(positive, { a: 'x', b: 'x', c: 'x' }).score;
          return more >= fitScore(positive, record).score;
        },
      ),
    );
  });
});

describe('fields a criterion may name', () => {
  it('are the fields the scoring service puts in the record, and custom fields', () => {
    const record = fitRecordOf({
      id: 'c1',
      first_name: 'A',
      last_name: 'B',
      email: null,
      phone: null,
      job_title: null,
      seniority: null,
      source: null,
      custom_fields: JSON.stringify({ budget: 10 }),
      temperature: 'cold',
      owner_id: null,
      account_name: null,
      account_domain: null,
      account_industry: null,
      account_employee_count: null,
      account_country: null,
      account_city: null,
      account_annual_revenue: null,
    } as Parameters<typeof fitRecordOf>[0]);
    const keys = Object.keys(record);
    expect(keys.filter((k) => !k.startsWith(CUSTOM_FIELD_PREFIX)).sort()).toEqual([...FIT_FIELDS].sort());
    expect(keys.every(isFitField)).toBe(true);
  });

  it('accept custom.<name> with the record rule for names, and nothing else', () => {
    expect(isFitField('account.industry')).toBe(true);
    expect(isFitField('custom.بودجه_سالانه')).toBe(true);
    expect(isFitField('custom.')).toBe(false);
    expect(isFitField('custom.has space')).toBe(false);
    expect(isFitField('industry')).toBe(false);
    expect(isFitField('account.secret')).toBe(false);
  });
});

describe('best-matching persona', () => {
  const personas: FitPersona[] = [
    {
      id: 'economic-buyer',
      name: 'Economic buyer',
      criteria: [
        { field: 'seniority', kind: 'in', values: ['c_level', 'vp'], weight: 60 },
        { field: 'jobTitle', kind: 'contains', values: ['finance', 'مالی'], weight: 40 },
      ],
    },
    {
      id: 'evaluator',
      name: 'Technical evaluator',
      criteria: [
        { field: 'jobTitle', kind: 'contains', values: ['engineer', 'analyst'], weight: 70 },
        { field: 'seniority', kind: 'in', values: ['senior', 'manager'], weight: 30 },
      ],
    },
  ];

  it('picks the persona with the highest score and explains it with its criteria', () => {
    const match = bestPersona(personas, { seniority: 'c_level', jobTitle: 'مدیر مالی' });
    expect(match).toMatchObject({ id: 'economic-buyer', name: 'Economic buyer', score: 100, grade: 'A' });
    expect(match?.checks.map((c) => c.matched)).toEqual([true, true]);
    expect(bestPersona(personas, { seniority: 'senior', jobTitle: 'Data Analyst' })?.id).toBe('evaluator');
  });

  it('prefers the persona listed first on a tie', () => {
    const twins: FitPersona[] = [
      { id: 'first', name: 'First', criteria: [{ field: 'email', kind: 'present', weight: 1 }] },
      { id: 'second', name: 'Second', criteria: [{ field: 'email', kind: 'present', weight: 5 }] },
    ];
    expect(bestPersona(twins, { email: 'a@b.c' })?.id).toBe('first');
  });

  it('gives no persona when none reaches grade C, or when there are none', () => {
    // 60 of 100 for the economic buyer with the default C threshold of 40 is a match; 30 of 100 is not.
    expect(bestPersona(personas, { seniority: 'manager' })).toBeNull();
    expect(bestPersona(personas, { seniority: 'manager' }, { A: 80, B: 60, C: 30 })?.id).toBe('evaluator');
    expect(bestPersona([], { seniority: 'vp' })).toBeNull();
    expect(bestPersona([{ id: 'empty', name: 'Empty', criteria: [] }], { seniority: 'vp' })).toBeNull();
    // A threshold of 0 does not make a persona with nothing in common a match.
    expect(bestPersona(personas, { jobTitle: 'student' }, { A: 0, B: 0, C: 0 })).toBeNull();
  });
});
