import { describe, expect, it } from 'vitest';
import { suggestValues } from './values.js';

describe('suggestValues', () => {
  const values = ['Newsletter', 'linkedin', 'LinkedIn Ads', 'webinar-news', 'Référence', 'خبرنامه', 'نمایشگاه تهران'];

  it('matches folded text, prefixes first, then alphabetically', () => {
    expect(suggestValues(values, 'news')).toEqual(['Newsletter', 'webinar-news']);
    expect(suggestValues(values, 'LINKED')).toEqual(['linkedin', 'LinkedIn Ads']);
    expect(suggestValues(values, 'reference')).toEqual(['Référence']);
  });

  it('folds Persian letters and compound-word spacing', () => {
    expect(suggestValues(values, 'خبرنامه')).toEqual(['خبرنامه']);
    expect(suggestValues(values, 'نمايشگاه')).toEqual(['نمایشگاه تهران']);
    expect(suggestValues(values, 'نمایشگاهتهران')).toEqual(['نمایشگاه تهران']);
  });

  it('lists the first values without a query, and at most the limit', () => {
    expect(suggestValues(values, '  ', 3)).toEqual(['linkedin', 'LinkedIn Ads', 'Newsletter']);
    expect(suggestValues(['', '  '], '')).toEqual([]);
  });
});
