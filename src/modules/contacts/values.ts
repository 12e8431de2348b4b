import { compactArabicScript, normalizeText } from '../../shared/text.js';

/** Fields whose stored values the leads list suggests as filter values. */
export const VALUE_FIELDS = ['source', 'campaign'] as const;
export type ValueField = (typeof VALUE_FIELDS)[number];

/** Distinct values read per request at most (sources and campaigns are a short list in practice). */
export const MAX_DISTINCT_VALUES = 1000;
/** Suggestions returned at most. */
export const MAX_SUGGESTIONS = 20;

const key = (text: string) => compactArabicScript(normalizeText(text));

/**
 * The stored values that match what the user typed, folded (case, accents, Persian letters and digits,
 * compound-word spacing): those starting with it first, then those containing it, each alphabetically by
 * their folded form. Without a query, the first values alphabetically.
 */
export function suggestValues(values: readonly string[], query: string, limit = MAX_SUGGESTIONS): string[] {
  const q = key(query);
  const scored: { value: string; folded: string; rank: number }[] = [];
  for (const value of values) {
    const folded = key(value);
    if (folded === '') continue;
    const at = q === '' ? 0 : folded.indexOf(q);
    if (at < 0) continue;
    scored.push({ value, folded, rank: at === 0 ? 0 : 1 });
  }
  scored.sort((a, b) => a.rank - b.rank || (a.folded < b.folded ? -1 : a.folded > b.folded ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.value);
}
