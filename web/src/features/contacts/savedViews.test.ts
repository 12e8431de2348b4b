import { describe, expect, it } from 'vitest';
import type { ContactView } from '../../api/contactViews.js';
import { activeView, sameFilters, urlPatchForView, viewFiltersOf } from './savedViews.js';

const view = (id: string, filters: ContactView['filters']): ContactView => ({
  id,
  name: `View ${id}`,
  shared: false,
  filters,
  owner: { id: 'u1', name: 'Mina' },
  editable: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('saved views', () => {
  it('save the filters, the sort and its direction, not the page size', () => {
    expect(
      viewFiltersOf({ q: 'ali', temperature: 'warm', minFitScore: 70, sort: 'lastName', order: 'desc', limit: 50 }),
    ).toEqual({ q: 'ali', temperature: 'warm', minFitScore: 70, sort: 'lastName', order: 'desc' });
  });

  it("replace every filter of the list with the view's, and remember which view", () => {
    const patch = urlPatchForView(view('v1', { campaign: 'spring', minFitScore: 60, sort: 'createdAt' }));
    expect(patch).toMatchObject({
      view: 'v1',
      campaign: 'spring',
      minFitScore: '60',
      sort: 'createdAt',
      order: null,
      q: null,
      temperature: null,
      reasonEvent: null,
    });
  });

  it('compare filters as the URL holds them', () => {
    expect(sameFilters({ minFitScore: 60, sort: 'createdAt' }, { minFitScore: '60' })).toBe(true);
    expect(sameFilters({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true);
    expect(sameFilters({ minFitScore: 60 }, { minFitScore: 61 })).toBe(false);
    expect(sameFilters({ sort: 'lastName' }, {})).toBe(false);
    expect(sameFilters({ q: 'x' }, {})).toBe(false);
    // A view without a direction shows in its sort's default one: newest first for dates, A to Z else.
    expect(sameFilters({ sort: 'createdAt' }, { sort: 'createdAt', order: 'desc' })).toBe(true);
    expect(sameFilters({ sort: 'lastName' }, { sort: 'lastName', order: 'asc' })).toBe(true);
    expect(sameFilters({ sort: 'lastName' }, { sort: 'lastName', order: 'desc' })).toBe(false);
    expect(sameFilters({ sort: 'lastName', order: 'desc' }, { sort: 'lastName', order: 'desc' })).toBe(true);
  });

  it("put the view's direction in the URL, or leave the sort's default one", () => {
    expect(urlPatchForView(view('v2', { sort: 'lastName', order: 'desc' }))).toMatchObject({ order: 'desc' });
    expect(urlPatchForView(view('v3', { sort: 'lastName' }))).toMatchObject({ order: null });
  });

  it('show the picked view, and whether its filters were changed since', () => {
    const views = [view('v1', { temperature: 'warm', sort: 'createdAt' })];
    expect(activeView(views, 'v1', { temperature: 'warm', sort: 'createdAt', order: 'desc' })).toEqual({
      view: views[0],
      modified: false,
    });
    expect(activeView(views, 'v1', { temperature: 'cold', sort: 'createdAt' })?.modified).toBe(true);
    expect(activeView(views, 'v1', { temperature: 'warm', sort: 'fitScore' })?.modified).toBe(true);
    expect(activeView(views, 'v1', { temperature: 'warm', sort: 'createdAt', order: 'asc' })?.modified).toBe(true);
    expect(activeView(views, 'gone', { sort: 'createdAt' })).toBeNull();
    expect(activeView(views, undefined, { temperature: 'warm' })).toBeNull();
  });
});
