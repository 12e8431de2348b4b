import { phoneDigits } from '../../shared/phone.js';
import { normalizeText } from '../../shared/text.js';

/** Distinct texts remembered at a time; past it the memory starts over (names repeat, emails do not). */
const MEMO_ENTRIES = 20_000;

/** Printable ASCII: normalizeText folds it to lower case with single spaces, nothing else. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * normalizeText for a file's worth of cells: the same results, faster. A million rows repeat a few thousand
 * first names, last names, companies and job titles, so folded texts are remembered (boundedly); plain
 * ASCII text (emails, most English names) takes a shortcut that skips the Unicode normalisations, which
 * cannot change it.
 */
export function createFolder(): (text: string) => string {
  let memo = new Map<string, string>();
  return (text: string) => {
    if (PRINTABLE_ASCII.test(text)) return text.toLowerCase().replace(/\s+/g, ' ').trim();
    let folded = memo.get(text);
    if (folded === undefined) {
      folded = normalizeText(text);
      if (memo.size >= MEMO_ENTRIES) memo = new Map();
      memo.set(text, folded);
    }
    return folded;
  };
}

/**
 * contactNameNorm with a folder: the name folded part by part. Equal to folding the joined name, since the
 * folding never joins characters across the space between the parts (which it collapses and trims).
 */
export function foldedNameNorm(fold: (text: string) => string, firstName: string, lastName: string): string {
  const first = fold(firstName);
  const last = fold(lastName);
  return first === '' ? last : last === '' ? first : `${first} ${last}`;
}

/** contactSearchText with a folder and the name already folded (foldedNameNorm). */
export function foldedSearchText(
  fold: (text: string) => string,
  nameNorm: string,
  f: { email: string | null; phone: string | null; jobTitle: string | null },
): string {
  let text = nameNorm;
  if (f.email) text += ` | ${fold(f.email)}`;
  if (f.phone) {
    const digits = phoneDigits(f.phone);
    if (digits) text += ` | ${fold(digits)}`;
  }
  if (f.jobTitle) text += ` | ${fold(f.jobTitle)}`;
  return text;
}
