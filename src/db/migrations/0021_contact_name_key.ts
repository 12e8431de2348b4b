import { sql } from 'kysely';
import { dialectOf, type AnyDb } from './helpers.js';
import { normalizeText } from './0019_persian_compact_search.js';

/**
 * Possible duplicates are matched by name (with the company) through `contacts.name_norm`, which now closes
 * the spaces between Arabic-script letters (contactNameNorm in src/modules/contacts/contact.ts): "علی حسین
 * زاده", "علی حسین‌زاده" and "علی حسینزاده" are one name, as companies' match keys already were (0020). Only
 * the key changes; nothing sorts or displays by it. No schema change.
 *
 * The new key is the old one (the folded full name) with those spaces closed, so only rows whose name_norm has
 * a space and a non-ASCII character can change: picked in SQL by that, a page of PAGE rows at a time in id
 * order, compacted here (a frozen copy of compactArabicScript as of this migration), written only if changed.
 * Down folds the names again as the previous version did (0019's frozen normalizeText).
 */
const PAGE = 1000;
const ARABIC_GAP_RE = /(?<=\p{sc=Arabic})(?<=\p{L})\s+(?=\p{sc=Arabic})(?=\p{L})/gu;

type Row = { id: string; name_norm: string; first_name: string; last_name: string };

export async function up(db: AnyDb): Promise<void> {
  await rewrite(db, sql`name_norm like '% %'`, (r) => r.name_norm.replace(ARABIC_GAP_RE, ''));
}

export async function down(db: AnyDb): Promise<void> {
  await rewrite(db, sql`1 = 1`, (r) => normalizeText(`${r.first_name} ${r.last_name}`));
}

async function rewrite(db: AnyDb, candidate: ReturnType<typeof sql>, key: (row: Row) => string): Promise<void> {
  const nonAscii = dialectOf(db) === 'postgres' ? sql`name_norm ~ '[^ -~]'` : sql`name_norm glob '*[^ -~]*'`;
  let after = '';
  for (;;) {
    const { rows } = await sql<Row>`
      select id, name_norm, first_name, last_name from contacts
      where id > ${after} and ${candidate} and ${nonAscii}
      order by id limit ${PAGE}`.execute(db);
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    const changed = rows.flatMap((r) => {
      const next = key(r);
      return next === r.name_norm ? [] : [[r.id, next] as const];
    });
    if (changed.length > 0) {
      // One statement per page; UPDATE ... FROM works on both (SQLite 3.33+).
      const values = sql.join(changed.map(([id, next]) => sql`(${id}, ${next})`));
      await sql`
        with v(id, name_norm) as (values ${values})
        update contacts set name_norm = v.name_norm
        from v where contacts.id = v.id`.execute(db);
    }
    if (rows.length < PAGE) return;
  }
}
