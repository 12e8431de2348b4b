import { compactArabicScript, normalizeText } from '../../shared/text.js';

/** Fields whose stored values the leads list suggests as filter values. */
export const VALUE_FIELDS = ['source', 'campaign'] as const;
export type ValueField = (typeof VALUE_FIELDS)[number];

/** Distinct values read per batch; a query reads batches until it has enough matches. */
export const VALUES_PER_BATCH = 1000;
/**
 * Batches read at most for one query: campaigns come from visitors' URLs too (UTM), so there may be many.
 * Past this many values a query's later matches are not suggested.
 */
export const MAX_VALUE_BATCHES = 20;
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
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  // Spellings that fold alike (Apple, apple) in the same order on both databases, whatever their collation.
  scored.sort((a, b) => a.rank - b.rank || order(a.folded, b.folded) || order(a.value, b.value));
  return scored.slice(0, limit).map((s) => s.value);
}
