import { sql, type Expression, type SqlBool } from 'kysely';
import type { RecordScope } from '../modules/auth/policy.js';
import { decodeCursor, encodeCursor, type CursorValue } from '../http/pagination.js';
import { escapeLike } from '../shared/text.js';

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

/** Keyset condition for "rows after the cursor" in the given direction. */
export function afterCursor(
  cursor: string,
  sortColumn: string,
  idColumn: string,
  order: 'asc' | 'desc',
): Expression<SqlBool> {
  const c = decodeCursor(cursor);
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
