import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { criterionMatches, fitScore, gradeAtLeast, gradeFor, type FitCriterion } from './fit.js';

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
