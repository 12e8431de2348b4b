import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { dialectOf, parseJson } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { reasonKeys, type StoredReason } from './reasons.js';

/** The latest temperature change of a contact, as the list's "why" column shows it. */
export interface LatestChange {
  at: string;
  from: string;
  to: string;
  cause: string;
  reasons: Record<string, unknown>[];
}

/**
 * From this many contacts with a key on, the key counts as common (see reasonKeyCondition). Measured on
 * 100,000 contacts (SQLite): a lookup costs about 10 µs per matching contact (then a sort), a probe about
 * 0.6 µs per contact walked, and a page of 50 walks 50 x contacts / matches of them; they cross near 500.
 */
export const COMMON_REASON = 500;

/** The reasons of one contact's latest temperature change, as scoring stored them. */
export interface ContactReasons {
  readonly contactId: string;
  readonly reasons: readonly StoredReason[] | unknown;
}

/** Contacts (or key rows, two columns each) per statement: well inside SQLite's bound-parameter limit. */
const IDS_PER_STATEMENT = 500;

/**
 * "The contact's latest change has this key", as a condition of the contacts list (`idColumn` is the list's
 * contact id column).
 *
 * PostgreSQL: a semi-join on `contact_temperature_reasons_key_idx`; the planner picks the plan from statistics.
 * SQLite has no such statistics, so we ask the index how many contacts have the key (bounded by
 * COMMON_REASON): a rare key is looked up through the index and the few matches sorted; a common one is
 * checked row by row (primary key probe) while the list walks its sort index, which fills a page quickly.
 */
export async function reasonKeyCondition(db: Kysely<DB>, idColumn: string, key: string): Promise<Expression<SqlBool>> {
  const id = sql.ref(idColumn);
  const lookup = sql<SqlBool>`${id} in (select contact_id from contact_temperature_reasons where reason_key = ${key})`;
  if (dialectOf(db) === 'postgres') return lookup;
  const probe = await sql<{ n: number }>`
    select count(*) as n from (
      select 1 from contact_temperature_reasons where reason_key = ${key} limit ${COMMON_REASON}
    )`.execute(db);
  if (Number(probe.rows[0]?.n ?? 0) < COMMON_REASON) return lookup;
  return sql<SqlBool>`exists (
    select 1 from contact_temperature_reasons r where r.contact_id = ${id} and r.reason_key = ${key}
  )`;
}

/**
 * Deletes the keys of these contacts. PostgreSQL: through the primary key one contact at a time, then by
 * row address, whatever the planner knows. A plain `contact_id in (...)` is planned from statistics, and
 * until autovacuum has analysed this young, fast-growing table (a new install, a burst of changes) the
 * planner guesses a third of the table matches and reads all of it for every batch: 10 ms at 120,000 keys
 * against 0.6 ms this way (docs/benchmarks.md). `offset 0` keeps the per-contact lookup a lookup.
 */
async function deleteKeysOf(trx: Kysely<DB>, contactIds: readonly string[]): Promise<void> {
  if (contactIds.length === 0) return;
  if (dialectOf(trx) === 'postgres') {
    await sql`
      delete from contact_temperature_reasons where ctid = any(array(
        select k.ctid from unnest(cast(${[...contactIds]} as text[])) as u(id)
        cross join lateral (
          select ctid from contact_temperature_reasons r where r.contact_id = u.id offset 0
        ) as k
      ))`.execute(trx);
    return;
  }
  await trx
    .deleteFrom('contact_temperature_reasons')
    .where('contact_id', 'in', [...contactIds])
    .execute();
}

/**
 * The temperature reasons of contacts, kept as filter keys in `contact_temperature_reasons` (ours): scoring
 * hands each change's reasons over in the transaction that records it (replaceKeys), and a merge recomputes
 * the survivor's from scoring's `temperature_changes` (read only). "Latest" is the newest by (at, id), so
 * after a merge the newest change of either history counts until rescoring records a new one.
 */
export function createReasonsRepository(db: Kysely<DB>) {
  /** Replaces the keys of the given contacts with these reasons' keys, in the caller's transaction. */
  async function writeKeys(trx: Kysely<DB>, latest: readonly ContactReasons[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    for (let i = 0; i < latest.length; i += IDS_PER_STATEMENT) {
      const chunk = latest.slice(i, i + IDS_PER_STATEMENT);
      await deleteKeysOf(
        trx,
        chunk.map((c) => c.contactId),
      );
      const rows: { contact_id: string; reason_key: string }[] = [];
      for (const { contactId, reasons } of chunk) {
        const keys = reasonKeys(reasons);
        result.set(contactId, keys);
        for (const reason_key of keys) rows.push({ contact_id: contactId, reason_key });
      }
      for (let j = 0; j < rows.length; j += IDS_PER_STATEMENT) {
        await trx
          .insertInto('contact_temperature_reasons')
          .values(rows.slice(j, j + IDS_PER_STATEMENT))
          .execute();
      }
    }
    return result;
  }

  return {
    /**
     * A contact's temperature just changed, in the caller's transaction, for these reasons: its keys become
     * theirs (the change recorded now is the contact's latest). One entry per contact; the contacts exist.
     */
    async replaceKeys(trx: Kysely<DB>, changes: readonly ContactReasons[]): Promise<void> {
      const last = new Map<string, ContactReasons>();
      for (const change of changes) last.set(change.contactId, change);
      await writeKeys(trx, [...last.values()]);
    },

    /**
     * Recomputes contacts' filter keys from their latest recorded changes, in the caller's transaction (after
     * a merge moved one contact's changes to another). Idempotent. Returns the keys per contact that exists.
     */
    async refreshKeys(trx: Kysely<DB>, contactIds: readonly string[]): Promise<Map<string, string[]>> {
      const unique = [...new Set(contactIds)];
      const latest: ContactReasons[] = [];
      for (let i = 0; i < unique.length; i += IDS_PER_STATEMENT) {
        const ids = unique.slice(i, i + IDS_PER_STATEMENT);
        const rows = await trx
          .selectFrom('temperature_changes as tc')
          .innerJoin('contacts as c', 'c.id', 'tc.contact_id')
          .select(['tc.contact_id', 'tc.reasons'])
          .where('tc.contact_id', 'in', ids)
          .where(
            'tc.id',
            '=',
            sql<number>`(select t2.id from temperature_changes t2 where t2.contact_id = tc.contact_id order by t2.at desc, t2.id desc limit 1)`,
          )
          .execute();
        for (const r of rows) latest.push({ contactId: r.contact_id, reasons: parseJson<unknown>(r.reasons, []) });
        // A contact without changes, or no longer there, keeps no keys; the others' are replaced below.
        const keyed = new Set(rows.map((r) => r.contact_id));
        await deleteKeysOf(
          trx,
          ids.filter((id) => !keyed.has(id)),
        );
      }
      return writeKeys(trx, latest);
    },

    /** The latest change of each of the given contacts (one page of the list). */
    async latestChanges(contactIds: readonly string[]): Promise<Map<string, LatestChange>> {
      const result = new Map<string, LatestChange>();
      if (contactIds.length === 0) return result;
      const rows = await db
        .selectFrom('temperature_changes as tc')
        .select(['tc.contact_id', 'tc.at', 'tc.from_temperature', 'tc.to_temperature', 'tc.cause', 'tc.reasons'])
        .where('tc.contact_id', 'in', [...contactIds])
        .where(
          'tc.id',
          '=',
          sql<number>`(select t2.id from temperature_changes t2 where t2.contact_id = tc.contact_id order by t2.at desc, t2.id desc limit 1)`,
        )
        .execute();
      for (const r of rows) {
        result.set(r.contact_id, {
          at: r.at,
          from: r.from_temperature,
          to: r.to_temperature,
          cause: r.cause,
          reasons: parseJson<Record<string, unknown>[]>(r.reasons, []).filter(
            (x) => typeof x === 'object' && x !== null,
          ),
        });
      }
      return result;
    },
  };
}

export type ReasonsRepository = ReturnType<typeof createReasonsRepository>;
