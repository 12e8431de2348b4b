import { phoneDigits } from '../../shared/phone.js';
import { compactArabicScript, normalizeText } from '../../shared/text.js';

/** Distinct texts remembered at a time; past it the memory starts over (names repeat, emails do not). */
const MEMO_ENTRIES = 20_000;

/** Printable ASCII: normalizeText folds it to lower case with single spaces, nothing else. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** normalizeText for a file's cells (createFolder), with the compact spellings of the cells it folds. */
export interface Folder {
  (text: string): string;
  /**
   * The compact spelling (compactArabicScript) of a cell's folded text as a search text part (" | ..."),
   * or "" when it has none (always for printable ASCII).
   */
  compactPart(text: string): string;
}

/**
 * normalizeText for a file's worth of cells: the same results, faster. A million rows repeat a few thousand
 * first names, last names, companies and job titles, so folded texts (and their compact spellings) are
 * remembered (boundedly); plain ASCII text (emails, most English names) takes a shortcut that skips the
 * Unicode normalisations, which cannot change it.
 */
export function createFolder(): Folder {
  let memo = new Map<string, string>();
  let compactMemo = new Map<string, string>();
  const fold = ((text: string) => {
    if (PRINTABLE_ASCII.test(text)) return text.toLowerCase().replace(/\s+/g, ' ').trim();
    let folded = memo.get(text);
    if (folded === undefined) {
      folded = normalizeText(text);
      if (memo.size >= MEMO_ENTRIES) memo = new Map();
      memo.set(text, folded);
    }
    return folded;
  }) as Folder;
  fold.compactPart = (text: string) => {
    if (PRINTABLE_ASCII.test(text)) return '';
    let part = compactMemo.get(text);
    if (part === undefined) {
      const folded = fold(text);
      const compact = compactArabicScript(folded);
      part = compact === folded ? '' : ` | ${compact}`;
      if (compactMemo.size >= MEMO_ENTRIES) compactMemo = new Map();
      compactMemo.set(text, part);
    }
    return part;
  };
  return fold;
}

/**
 * The full name folded with a folder, part by part: equal to folding the joined name, since the folding never
 * joins characters across the space between the parts (which it collapses and trims). The start of the search
 * text (foldedSearchText); foldedNameNorm turns it into the duplicate key.
 */
export function foldedName(fold: (text: string) => string, firstName: string, lastName: string): string {
  const first = fold(firstName);
  const last = fold(lastName);
  return first === '' ? last : last === '' ? first : `${first} ${last}`;
}

/** contactNameNorm of a name folded by foldedName: printable ASCII, which has no Arabic-script gap, as it is. */
export function foldedNameNorm(folded: string): string {
  return PRINTABLE_ASCII.test(folded) ? folded : compactArabicScript(folded);
}

/** contactSearchText with a folder and the name already folded (foldedName). */
export function foldedSearchText(
  fold: Folder,
  name: string,
  f: { firstName: string; lastName: string; email: string | null; phone: string | null; jobTitle: string | null },
): string {
  let text = name;
  if (f.email) text += ` | ${fold(f.email)}`;
  if (f.phone) {
    const digits = phoneDigits(f.phone);
    if (digits) text += ` | ${fold(digits)}`;
  }
  if (f.jobTitle) text += ` | ${fold(f.jobTitle)}`;
  // The compact spellings of the name's parts and the job title (contactSearchText), remembered by the
  // folder; a name that folds to printable ASCII has none.
  if (!PRINTABLE_ASCII.test(name)) text += fold.compactPart(f.firstName) + fold.compactPart(f.lastName);
  if (f.jobTitle) text += fold.compactPart(f.jobTitle);
  return text;
}
