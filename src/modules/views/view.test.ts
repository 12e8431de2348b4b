import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/index.js';
import { auditedView, createViewInput, updateViewInput, viewAccess, viewFilters, viewNameKey } from './view.js';

const actor = (id: string, role: Actor['role']): Actor => ({ id, role, teamId: null, via: 'session' });
const admin = actor('u-admin', 'admin');
const rep = actor('u-rep', 'sales_rep');
const marketing = actor('u-mkt', 'marketing');

describe('viewAccess', () => {
  it.each([
    ['the owner, private', rep, { ownerId: 'u-rep', shared: false }, 'change'],
    ['the owner, shared', rep, { ownerId: 'u-rep', shared: true }, 'change'],
    ["someone else's private view", marketing, { ownerId: 'u-rep', shared: false }, 'none'],
    ["an admin, someone else's private view", admin, { ownerId: 'u-rep', shared: false }, 'none'],
    ["someone else's shared view", marketing, { ownerId: 'u-rep', shared: true }, 'read'],
    ["an admin, someone else's shared view", admin, { ownerId: 'u-rep', shared: true }, 'change'],
  ] as const)('%s: %s', (_label, who, view, expected) => {
    expect(viewAccess(who, view)).toBe(expected);
  });
});

describe('view names', () => {
  it('fold case, spacing and Persian letter forms into one key', () => {
    expect(viewNameKey('  Hot   Leads ')).toBe(viewNameKey('hot leads'));
    expect(viewNameKey('سرنخ‌های داغ كي')).toBe(viewNameKey('سرنخهای داغ کی'));
  });

  it('are trimmed and 1 to 80 characters', () => {
    expect(createViewInput.parse({ name: '  Mine  ', filters: {} }).name).toBe('Mine');
    expect(createViewInput.safeParse({ name: '   ', filters: {} }).success).toBe(false);
    expect(createViewInput.safeParse({ name: 'x'.repeat(80), filters: {} }).success).toBe(true);
    expect(createViewInput.safeParse({ name: 'x'.repeat(81), filters: {} }).success).toBe(false);
  });
});

describe('view filters', () => {
  it("are read as the list reads its query string: numbers from text, the list's default sort", () => {
    expect(viewFilters.parse({ temperature: 'warm', minFitScore: '70' })).toEqual({
      temperature: 'warm',
      minFitScore: 70,
      sort: 'createdAt',
    });
  });

  it.each([
    ['an unknown key', { colour: 'red' }, ''],
    ['a value the list refuses', { temperature: 'hot' }, 'temperature'],
    ['a score out of range', { minFitScore: 101 }, 'minFitScore'],
    ['null, which would be coerced to 0', { minFitScore: null }, 'minFitScore'],
    ['a boolean', { maxFitScore: true }, 'maxFitScore'],
    ['a list', { q: ['a'] }, 'q'],
  ])('refuse %s', (_label, filters, path) => {
    const result = viewFilters.safeParse(filters);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('refuse unknown fields of the view itself', () => {
    expect(createViewInput.safeParse({ name: 'a', filters: {}, owner: 'x' }).success).toBe(false);
    expect(updateViewInput.safeParse({ colour: 'red' }).success).toBe(false);
  });
});

describe('the audit of a view', () => {
  it('keeps whether there is a search, not its text (it may name a person)', () => {
    expect(auditedView({ name: 'Ali', shared: true, filters: { q: 'Ali Rezaei', temperature: 'warm' } })).toEqual({
      name: 'Ali',
      shared: true,
      filters: { temperature: 'warm', search: true },
    });
    expect(auditedView({ name: 'All', shared: false, filters: { sort: 'createdAt' } }).filters).toEqual({
      sort: 'createdAt',
      search: false,
    });
  });
});
