import { sql } from 'kysely';
import { dialectOf, type AnyDb } from './helpers.js';

/**
 * Search finds a Persian compound word in any of its three spellings (حسین زاده, حسین‌زاده, حسینزاده): a
 * record's search text now also carries the compact spelling (no space between Arabic-script letters) of its
 * name parts, job title and city, and a query is also looked up compact. This recomputes the search text of
 * the contacts and accounts written before, whose texts lack that part. No schema change.
 *
 * Only rows with a non-ASCII character in a compacted field can change (compaction joins Arabic-script
 * letters; the folding also turns a few compatibility characters, not only whitespace, into spaces), so
 * candidates are picked in SQL by that, a page of PAGE rows at a time in id order (never a whole table in
 * memory); the text is recomputed here and a row written only if it changes. On SQLite the FTS5 index of
 * contacts_search and accounts_search follows through its update trigger (migration 0002).
 *
 * Migrations do not import application code: the folding below is a frozen copy of the rules as of this
 * migration (src/shared/text.ts normalizeText and compactArabicScript, src/shared/phone.ts phoneDigits,
 * contactSearchText in src/modules/contacts/contact.ts and accountSearchText in src/modules/accounts/account.ts),
 * so that this migration keeps meaning what it meant when it was written.
 */
const PAGE = 1000;

export async function up(db: AnyDb): Promise<void> {
  await recompute(db, 'contacts', ['first_name', 'last_name', 'job_title'], ['email', 'phone'], (r) =>
    contactSearchText(r.first_name ?? '', r.last_name ?? '', r.email ?? null, r.phone ?? null, r.job_title ?? null),
  );
  await recompute(db, 'accounts', ['name', 'city'], ['domain'], (r) =>
    accountSearchText(r.name ?? '', r.domain ?? null, r.city ?? null),
  );
}

export async function down(): Promise<void> {
  // Nothing to undo: the previous version matches its own terms against the texts as before (the compact
  // parts are appended after them) and rewrites a record's text when it next saves it.
}

type Row = Record<string, string | null> & { id: string; search_text: string };

async function recompute(
  db: AnyDb,
  table: 'contacts' | 'accounts',
  compacted: readonly string[],
  others: readonly string[],
  text: (row: Row) => string,
): Promise<void> {
  // All compacted fields in one string; Arabic script is outside printable ASCII, so Latin-only rows (most
  // "Sales Manager"s) are not read at all.
  const joined = sql.join(
    compacted.map((c) => sql`coalesce(${sql.ref(c)}, '')`),
    sql` || '|' || `,
  );
  const hasNonAscii = dialectOf(db) === 'postgres' ? sql`${joined} ~ '[^ -~]'` : sql`${joined} glob '*[^ -~]*'`;
  const columns = sql.join(['id', 'search_text', ...compacted, ...others].map((c) => sql.ref(c)));
  let after = '';
  for (;;) {
    const page = await sql<Row>`
      select ${columns} from ${sql.table(table)}
      where ${sql.ref('id')} > ${after} and ${hasNonAscii}
      order by ${sql.ref('id')} limit ${PAGE}`.execute(db);
    const rows = page.rows;
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    const changed: [string, string][] = [];
    for (const row of rows) {
      const next = text(row);
      if (next !== row.search_text) changed.push([row.id, next]);
    }
    if (changed.length > 0) {
      // One statement per page; UPDATE ... FROM works on both (SQLite 3.33+).
      const values = sql.join(changed.map(([id, t]) => sql`(${id}, ${t})`));
      await sql`
        with v(id, search_text) as (values ${values})
        update ${sql.table(table)} set search_text = v.search_text
        from v where ${sql.ref(`${table}.id`)} = v.id`.execute(db);
    }
    if (rows.length < PAGE) return;
  }
}

// ---- Frozen copy of the folding rules as of this migration (normalizeText is also 0021's down). ----

const LETTER_MAP: Record<string, string> = {
  '\u064A': '\u06CC',
  '\u0649': '\u06CC',
  '\u0643': '\u06A9',
  '\u0629': '\u0647',
  '\u06C0': '\u0647',
  '\u0623': '\u0627',
  '\u0625': '\u0627',
  '\u0622': '\u0627',
  '\u0671': '\u0627',
  '\u0624': '\u0648',
};
const LETTER_RE = new RegExp(`[${Object.keys(LETTER_MAP).join('')}]`, 'g');
const INVISIBLE_RE = /[\u200B-\u200F\u2060\uFEFF\u0640\u00AD\u202A-\u202E]/g;
const DIGIT_RE = /[\u06F0-\u06F9\u0660-\u0669]/g;
const ARABIC_GAP_RE = /(?<=\p{sc=Arabic})(?<=\p{L})\s+(?=\p{sc=Arabic})(?=\p{L})/gu;

function toAsciiDigits(input: string): string {
  return input.replace(DIGIT_RE, (d) => {
    const code = d.charCodeAt(0);
    const zero = code >= 0x06f0 ? 0x06f0 : 0x0660;
    return String(code - zero);
  });
}

export function normalizeText(input: string): string {
  const decomposed = input.normalize('NFKD').toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  return toAsciiDigits(decomposed)
    .replace(INVISIBLE_RE, '')
    .replace(LETTER_RE, (c) => LETTER_MAP[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');
}

function searchText(parts: readonly (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => typeof p === 'string' && p.length > 0)
    .map(normalizeText)
    .join(' | ');
}

function withCompactVariants(text: string, foldedParts: readonly (string | null)[]): string {
  const variants: string[] = [];
  for (const part of foldedParts) {
    if (!part) continue;
    const compact = part.includes(' ') ? part.replace(ARABIC_GAP_RE, '') : part;
    if (compact !== part) variants.push(compact);
  }
  return variants.length === 0 ? text : `${text} | ${variants.join(' | ')}`;
}

/** contactSearchText as of this migration. */
export function contactSearchText(
  firstName: string,
  lastName: string,
  email: string | null,
  phone: string | null,
  jobTitle: string | null,
): string {
  const digits = phone ? toAsciiDigits(phone).replace(/\D/g, '') : null;
  return withCompactVariants(searchText([`${firstName} ${lastName}`, email, digits, jobTitle]), [
    normalizeText(firstName),
    normalizeText(lastName),
    jobTitle ? normalizeText(jobTitle) : null,
  ]);
}

/** accountSearchText as of this migration. */
export function accountSearchText(name: string, domain: string | null, city: string | null): string {
  return withCompactVariants(searchText([name, domain, city]), [
    normalizeText(name),
    city ? normalizeText(city) : null,
  ]);
}
