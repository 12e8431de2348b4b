/**
 * Splitting a full name ("Ali Rezaei", "سارا کریمی") into the first and last name a contact stores: the
 * first word is the first name, the rest the last name, a single word a first name only. Words are
 * separated by whitespace only: a zero-width non-joiner joins the parts of one Persian word (حسین‌زاده,
 * محمد‌رضا) as normalizeText reads it, so it never splits a name. Invisible marks left at the edges of a word
 * (a non-joiner or a direction mark typed before a space or at the end of the cell) are dropped.
 */

/** Zero-width and direction marks, as normalizeText (shared/text.ts) treats them: invisible, never a space. */
const INVISIBLE = '\\u200B-\\u200F\\u2060\\uFEFF\\u00AD\\u202A-\\u202E';
/** A gap between words: whitespace with any invisible marks around it. */
const GAP_RE = new RegExp(`[${INVISIBLE}]*\\s[\\s${INVISIBLE}]*`, 'gu');
const EDGES_RE = new RegExp(`^[\\s${INVISIBLE}]+|[\\s${INVISIBLE}]+$`, 'gu');

export interface SplitName {
  firstName: string;
  /** Empty when the name is one word. */
  lastName: string;
}

export function splitFullName(fullName: string): SplitName {
  const words = fullName.replace(EDGES_RE, '').replace(GAP_RE, ' ');
  if (words === '') return { firstName: '', lastName: '' };
  const gap = words.indexOf(' ');
  return gap < 0
    ? { firstName: words, lastName: '' }
    : { firstName: words.slice(0, gap), lastName: words.slice(gap + 1) };
}
