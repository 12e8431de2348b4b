import { sql } from 'kysely';
import { dialectOf, type AnyDb } from './helpers.js';

/**
 * Companies are told apart by `match_key`: the folded name (name_norm) with the spaces between Arabic-script
 * letters removed, so "فن آوران", "فن‌آوران" and "فنآوران" are one company to imports and captured leads
 * (they used to become two). name_norm stays as it was: it is also the accounts list's sort key, and the
 * compact form would sort "علی رضا" after "علیا".
 *
 * Backfill: match_key = name_norm for every row in one statement, then the rows whose name_norm has a space
 * and a non-ASCII character (the only ones compaction can change) in pages of PAGE, in id order, with the
 * compaction below (a frozen copy of compactArabicScript in src/shared/text.ts as of this migration;
 * migrations do not import application code).
 */
const PAGE = 1000;
const ARABIC_GAP_RE = /(?<=\p{sc=Arabic})(?<=\p{L})\s+(?=\p{sc=Arabic})(?=\p{L})/gu;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('match_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`update accounts set match_key = name_norm`.execute(db);
  const nonAscii = dialectOf(db) === 'postgres' ? sql`name_norm ~ '[^ -~]'` : sql`name_norm glob '*[^ -~]*'`;
  let after = '';
  for (;;) {
    const page = await sql<{ id: string; name_norm: string }>`
      select id, name_norm from accounts
      where id > ${after} and name_norm like '% %' and ${nonAscii}
      order by id limit ${PAGE}`.execute(db);
    const rows = page.rows;
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const changed = rows.flatMap((r) => {
      const key = r.name_norm.replace(ARABIC_GAP_RE, '');
      return key === r.name_norm ? [] : [[r.id, key] as const];
    });
    if (changed.length > 0) {
      const values = sql.join(changed.map(([id, key]) => sql`(${id}, ${key})`));
      await sql`
        with v(id, match_key) as (values ${values})
        update accounts set match_key = v.match_key
        from v where accounts.id = v.id`.execute(db);
    }
    if (rows.length < PAGE) break;
  }
  await db.schema.createIndex('accounts_match_key_idx').on('accounts').columns(['match_key', 'created_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('accounts_match_key_idx').execute();
  await db.schema.alterTable('accounts').dropColumn('match_key').execute();
}
