import { sql, type Expression, type SqlBool } from 'kysely';
import type { RecordScope } from '../modules/auth/policy.js';
import { decodeCursor, encodeCursor, type CursorValue } from '../http/pagination.js';
import { invalid } from '../shared/errors.js';

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
import { escapeLike } from '../shared/text.js';
import { dialectOf, type AnyKysely } from './database.js';

/**
 * SQL form of the record policy's scope (policy.ts `inScope`). `owner` is the record's owner column and
 * `ownerTeam` the owner's team column from a join on users.
 */
export function scopeCondition(scope: RecordScope, owner: string, ownerTeam: string): Expression<SqlBool> {
  const ref = (c: string) => sql.ref(c);
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`1 = 1`;
    case 'own':
      return sql<SqlBool>`${ref(owner)} = ${scope.userId}`;
    case 'team': {
      const parts = [sql`${ref(owner)} is null`, sql`${ref(owner)} = ${scope.userId}`];
      if (scope.teamId !== null) parts.push(sql`${ref(ownerTeam)} = ${scope.teamId}`);
      return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
    }
  }
}

/** `column like %term%` with the term matched literally. */
export function containsCondition(column: string, term: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${`%${escapeLike(term)}%`} escape '\\'`;
}

/** Above this many trigram matches a term counts as common (see searchCondition). */
export const DENSE_MATCHES = 2000;

/** An FTS5 phrase: with the trigram tokenizer, a quoted phrase matches exactly the rows containing it. */
function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/**
 * Substring search over a table's `search_text` (any term matches), through its trigram index
 * (migration 0002).
 *
 * PostgreSQL: pg_trgm's GIN index; the planner picks between it and the sort-order index from statistics.
 * SQLite: the planner has no such statistics for the FTS5 table, so we ask the index how many rows match
 * (bounded by DENSE_MATCHES). A rare term (a surname, an email, a phone) is looked up through the index;
 * a common one is matched by scanning in sort order, which fills a page after a few rows. Terms shorter
 * than a trigram cannot use the index and are scanned.
 */
export async function searchCondition(
  db: AnyKysely,
  table: 'contacts' | 'accounts',
  alias: string,
  terms: readonly string[],
): Promise<Expression<SqlBool>> {
  const column = `${alias}.search_text`;
  const scan = () =>
    sql<SqlBool>`(${sql.join(
      terms.map((t) => containsCondition(column, t)),
      sql` or `,
    )})`;
  if (dialectOf(db) === 'postgres') {
    // PostgreSQL's default LIKE escape is the backslash, so no ESCAPE clause: the index stays usable.
    return sql<SqlBool>`(${sql.join(
      terms.map((t) => sql`${sql.ref(column)} like ${`%${escapeLike(t)}%`}`),
      sql` or `,
    )})`;
  }
  if (terms.some((t) => t.length < 3)) return scan();
  const fts = sql.table(`${table}_search`);
  const match = terms.map(ftsPhrase).join(' OR ');
  const probe = await sql<{ n: number }>`
    select count(*) as n from (select rowid from ${fts} where ${fts} match ${match} limit ${DENSE_MATCHES})`.execute(
    db,
  );
  if (Number(probe.rows[0]?.n ?? 0) >= DENSE_MATCHES) return scan();
  return sql<SqlBool>`${sql.ref(`${alias}.rowid`)} in (select rowid from ${fts} where ${fts} match ${match})`;
}

const INT32_MAX = 2 ** 31 - 1;

/** What a list's sort column holds, which decides what a cursor for it may carry. */
export type SortKind = 'timestamp' | 'text' | 'integer' | 'number';

/**
 * Whether a decoded cursor's sort value fits the sort column: an integer column (4 bytes on PostgreSQL) takes
 * integers in its range only (PostgreSQL would refuse 4.5 or 2^31 with an error, not an empty page), a number
 * column finite numbers, text and timestamp columns strings (a timestamp in the form the database returns).
 */
export function cursorValueFits(value: CursorValue, sortKind: SortKind): boolean {
  if (sortKind === 'integer') return Number.isInteger(value) && Math.abs(value as number) <= INT32_MAX;
  if (sortKind === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (typeof value !== 'string') return false;
  return sortKind === 'text' || (ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)));
}

/** Keyset condition for "rows after the cursor" in the given direction. */
export function afterCursor(
  cursor: string,
  sortColumn: string,
  idColumn: string,
  order: 'asc' | 'desc',
  sortKind: SortKind,
): Expression<SqlBool> {
  const c = decodeCursor(cursor);
  // A cursor is opaque, but a forged one must fail as bad input on both databases, not as a type error
  // inside PostgreSQL (a text compared with a number column, a number with a timestamp).
  if (!cursorValueFits(c.sortValue, sortKind)) throw invalid('cursor', 'Not a cursor returned by this list.');
  const op = order === 'asc' ? sql`>` : sql`<`;
  return sql<SqlBool>`(${sql.ref(sortColumn)}, ${sql.ref(idColumn)}) ${op} (${c.sortValue}, ${c.id})`;
}

/** Cuts the extra row fetched to detect a next page and builds its cursor. */
export function page<R>(
  rows: R[],
  limit: number,
  key: (row: R) => [CursorValue, string],
): { rows: R[]; nextCursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  if (rows.length <= limit || !last) return { rows: pageRows, nextCursor: null };
  const [value, id] = key(last);
  return { rows: pageRows, nextCursor: encodeCursor(value, id) };
}
