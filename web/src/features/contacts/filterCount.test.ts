import { describe, expect, it } from 'vitest';
import { activeFilterCount } from './filterCount.js';

describe('activeFilterCount', () => {
  it('counts the filters set, not the search or the sort', () => {
    expect(activeFilterCount({})).toBe(0);
    expect(activeFilterCount({ q: 'sara', sort: 'fitScore', order: 'asc' })).toBe(0);
    expect(activeFilterCount({ temperature: 'warm', source: 'LinkedIn Ads', minFitScore: 0 })).toBe(3);
  });

  it('counts a reason and an event type among the reasons as one choice', () => {
    expect(activeFilterCount({ reason: 'engagement' })).toBe(1);
    expect(activeFilterCount({ reasonEvent: 'page_view' })).toBe(1);
    expect(activeFilterCount({ reason: 'event', reasonEvent: 'page_view', campaign: 'spring' })).toBe(2);
  });
});
