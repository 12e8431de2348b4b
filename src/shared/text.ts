/**
 * Text normalisation for search and duplicate detection. Persian is first class: Arabic and Persian
 * spellings of the same letters, zero-width non-joiners, Persian/Arabic digits and diacritics must not
 * stop a user from finding a record, whichever keyboard typed it.
 */

const LETTER_MAP: Record<string, string> = {
  '\u064A': '\u06CC', // Arabic yeh -> Persian yeh
  '\u0649': '\u06CC', // Arabic alef maksura -> Persian yeh
  '\u0643': '\u06A9', // Arabic kaf -> Persian keheh
  '\u0629': '\u0647', // teh marbuta -> heh
  '\u06C0': '\u0647', // heh with yeh above -> heh
  '\u0623': '\u0627', // alef with hamza above -> alef
  '\u0625': '\u0627', // alef with hamza below -> alef
  '\u0622': '\u0627', // alef with madda -> alef
  '\u0671': '\u0627', // alef wasla -> alef
  '\u0624': '\u0648', // waw with hamza -> waw
};

const LETTER_RE = new RegExp(`[${Object.keys(LETTER_MAP).join('')}]`, 'g');
// ZWNJ, ZWJ, zero-width space, word joiner, BOM, tatweel, soft hyphen, bidi marks.
const INVISIBLE_RE = /[\u200B-\u200F\u2060\uFEFF\u0640\u00AD\u202A-\u202E]/g;
const PERSIAN_DIGIT_ZERO = 0x06f0;
const ARABIC_DIGIT_ZERO = 0x0660;
const DIGIT_RE = /[\u06F0-\u06F9\u0660-\u0669]/g;

/** Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII. */
export function toAsciiDigits(input: string): string {
  return input.replace(DIGIT_RE, (d) => {
    const code = d.charCodeAt(0);
    const zero = code >= PERSIAN_DIGIT_ZERO ? PERSIAN_DIGIT_ZERO : ARABIC_DIGIT_ZERO;
    return String(code - zero);
  });
}

/**
 * Folds text for comparison: lower case, no accents or Arabic diacritics, one spelling per Persian letter,
 * no invisible joiners, ASCII digits, single spaces. Idempotent.
 */
export function normalizeText(input: string): string {
  // Decompose first (compatibility forms such as Arabic presentation forms become plain letters), fold
  // case, decompose again (case folding can produce new composed forms), then drop the marks.
  const decomposed = input.normalize('NFKD').toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  return toAsciiDigits(decomposed)
    .replace(INVISIBLE_RE, '')
    .replace(LETTER_RE, (c) => LETTER_MAP[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');
}

// A space between two Arabic-script letters (lookbehind and lookahead, so "a b c" loses both spaces).
const ARABIC_GAP_RE = /(?<=\p{sc=Arabic})(?<=\p{L})\s+(?=\p{sc=Arabic})(?=\p{L})/gu;

/**
 * Persian writers spell one compound word three ways: with a zero-width non-joiner (حسین‌زاده), with a space
 * (حسین زاده) or joined (حسینزاده). normalizeText already drops the non-joiner; this also drops the spaces
 * between Arabic-script letters of folded text, so all three spellings become one. Spaces next to Latin
 * letters, digits or punctuation stay ("ali رضایی", "فن 2"). For folded text (normalizeText's result);
 * returns the same string when there is nothing to join.
 */
export function compactArabicScript(folded: string): string {
  return /\s/.test(folded) ? folded.replace(ARABIC_GAP_RE, '') : folded;
}

/**
 * The compact spellings (compactArabicScript) of the folded parts that have one, for search text: appended
 * to a record's search text so a search in any of the three spellings finds it. Empty for Latin text.
 */
export function compactVariants(foldedParts: readonly (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const part of foldedParts) {
    if (!part) continue;
    const compact = compactArabicScript(part);
    if (compact !== part) out.push(compact);
  }
  return out;
}

export function normalizeEmail(input: string): string {
  return toAsciiDigits(input).replace(INVISIBLE_RE, '').trim().toLowerCase();
}

/** Builds the single folded column that list search matches against. */
export function searchText(parts: readonly (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => typeof p === 'string' && p.length > 0)
    .map(normalizeText)
    .join(' | ');
}

/** A search text with the compact spellings of its folded parts appended (compactVariants), if any. */
export function withCompactVariants(text: string, foldedParts: readonly (string | null | undefined)[]): string {
  const variants = compactVariants(foldedParts);
  return variants.length === 0 ? text : `${text} | ${variants.join(' | ')}`;
}

/** Queries with more gaps between Arabic-script words than this are looked up spaced and fully compact only. */
const MAX_VARIANT_GAPS = 3;
/** A variant shorter than a trigram would make the whole search scan instead of using its index. */
const MIN_VARIANT_LENGTH = 3;

/**
 * Search terms for a typed query: the folded text, then its spellings with each gap between Arabic-script
 * words kept or closed (with a non-joiner typed in the query read as a space). A record's search text holds
 * its fields as written plus each field compacted on its own, so a query spanning fields (a full name) needs
 * the spelling that closes only some gaps: "علی حسین‌زاده" must find a stored "علی حسین زاده", and "علی حسین
 * زاده" a stored "علی حسین‌زاده" ("علی حسینزاده" once folded). Up to 2^3 spellings; past three gaps, only the
 * spaced and the fully compact one. Variants shorter than a trigram are left out.
 */
export function foldedSearchTerms(q: string): string[] {
  const folded = normalizeText(q);
  const terms = new Set([folded]);
  const spaced = normalizeText(q.replace(/\u200C/g, ' '));
  const gaps = [...spaced.matchAll(ARABIC_GAP_RE)].map((m) => [m.index, m.index + m[0].length] as const);
  const variants: string[] = [];
  if (gaps.length <= MAX_VARIANT_GAPS) {
    for (let closed = 0; closed < 1 << gaps.length; closed++) {
      let text = '';
      let from = 0;
      gaps.forEach(([start, end], i) => {
        text += spaced.slice(from, start) + (closed & (1 << i) ? '' : spaced.slice(start, end));
        from = end;
      });
      variants.push(text + spaced.slice(from));
    }
  } else {
    variants.push(spaced, compactArabicScript(spaced));
  }
  for (const v of variants) if (v.length >= MIN_VARIANT_LENGTH) terms.add(v);
  return [...terms];
}

/** Escapes LIKE wildcards so user input is matched literally (used with `escape '\'`). */
export function escapeLike(input: string): string {
  return input.replace(/[\\%_]/g, (c) => `\\${c}`);
}
