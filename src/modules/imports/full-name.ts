/**
 * Splitting a full name ("Ali Rezaei", "سارا کریمی") into the first and last name a contact stores: the
 * first word is the first name, the rest the last name, a single word a first name only. Words are
 * separated by whitespace only: a zero-width non-joiner joins the parts of one Persian word (حسین‌زاده,
 * محمد‌رضا) as normalizeText reads it, so it never splits a name. Invisible marks left at the edges of a word
 * (a non-joiner or a direction mark typed before a space or at the end of the cell) are dropped.
 *
 * Address books and CRMs export names as "Last, First" (Outlook's "File As", many CSV exports): a name with
 * one comma (Latin or Arabic-script ،) is read that way, the given names after the comma, unless what
 * follows the comma is a suffix ("John Smith, Jr.", "Sara Karimi, PhD"), which stays with the last name.
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

/** Name suffixes that may follow a comma without making the name "Last, First". */
const SUFFIX_RE = /^(?:jr|sr|i{1,3}|iv|v|phd|md|dds|esq|mba|cpa)\.?$/i;
const COMMA_RE = /[,\u060C]/;

const tidy = (text: string) => text.replace(EDGES_RE, '').replace(GAP_RE, ' ');

export function splitFullName(fullName: string): SplitName {
  const parts = fullName.split(COMMA_RE).map(tidy);
  // A suffix after the last comma stays with the last name, whatever the name before it looks like.
  const suffix = parts.length > 1 && SUFFIX_RE.test(parts[parts.length - 1]!) ? parts.pop()! : '';
  const named = parts.filter((part) => part !== '');
  const name: SplitName =
    named.length === 2 ? { firstName: named[1]!, lastName: named[0]! } : splitWords(named.join(', '));
  if (suffix === '') return name;
  return name.firstName === ''
    ? { firstName: suffix, lastName: '' }
    : { ...name, lastName: name.lastName === '' ? suffix : `${name.lastName}, ${suffix}` };
}

function splitWords(fullName: string): SplitName {
  const words = tidy(fullName);
  if (words === '') return { firstName: '', lastName: '' };
  const gap = words.indexOf(' ');
  return gap < 0
    ? { firstName: words, lastName: '' }
    : { firstName: words.slice(0, gap), lastName: words.slice(gap + 1) };
}
