import { CompiledQuery, sql, type Insertable, type Kysely, type SqlBool, type Updateable } from 'kysely';
import { dialectOf, type Dialect } from '../../db/database.js';
import type { ContactRow, DB, ImportRow, ImportsTable } from '../../db/schema.js';

/** An existing contact that shares an email or phone with a row, with its owner's team for the scope check. */
export type MatchedContact = ContactRow & { owner_team_id: string | null };

/** The SQLite trigger that adds an inserted contact to the FTS5 search index (migration 0002). */
const CONTACT_SEARCH_TRIGGER = 'contacts_search_insert';

/** What `deferContactSearchIndex` set aside in a transaction, for `indexNewContacts` to finish. */
export interface DeferredSearchIndex {
  triggerSql: string;
  afterRowid: number;
}

/**
 * The contact indexes a bulk load sets aside and creates again at its end (bulk-load.ts): each row's keys
 * land on random pages of these, which made them most of an import's cost per row at a million rows.
 */
export const BULK_DEFERRED_INDEXES = [
  'contacts_email_idx',
  'contacts_phone_idx',
  'contacts_name_idx',
  'contacts_first_name_idx',
  'contacts_last_name_idx',
  'contacts_account_idx',
] as const;

/**
 * The triggers that exist while a bulk load runs (migration 0017): contacts whose email or phone changes,
 * and the deletion of the contact with the largest rowid (SQLite gives the next insert max(rowid) + 1, so
 * that rowid can come back, below what the load has read).
 */
const IDENTITY_TRIGGERS = {
  contacts_identity_changed: `after update of email, phone on contacts begin
    insert into contact_identity_changes (contact_rowid, removed) values (new.rowid, 0);
  end`,
  // The rowid the next insert gets: with several of the newest deleted in one statement, only the last
  // deletion finds none above it, and the next insert takes the lowest of them, not that one.
  contacts_identity_removed: `after delete on contacts
    when old.rowid > (select ifnull(max(rowid), 0) from contacts) begin
    insert into contact_identity_changes (contact_rowid, removed)
      values ((select ifnull(max(rowid), 0) from contacts) + 1, 1);
  end`,
} as const;

/** bulk_load_work's entry for the companies' contact counts a bulk load recounts at its end. */
const CONTACT_COUNTS = 'accounts.contact_count';

/**
 * bulk_load_work's entry for the contacts' search index (FTS5): its merge settings, given back at the end.
 * A transaction's new entries become segments (about three per 10,000 contacts), which FTS5 merges as they
 * pile up, four at a time by default (automerge 4): over a million-row load each entry is rewritten three or
 * four times, a large share of the load's writing. A bulk load merges sixteen at a time instead, so each is
 * rewritten about twice, and searches still read few segments. Measured on 900,000 search texts in
 * 10,000-row transactions: 13.9 s by default, 9.8 s with 16. (Not merging at all during the load and merging
 * everything at its end was cheaper still, but a merge in steps never finishes while other processes write,
 * segments are capped at 2,000, and giving the defaults back made the next write do the whole merge.)
 */
const SEARCH_MERGE = 'contacts_search.merge';
/** FTS5's own defaults, for a table whose settings were never changed. */
const SEARCH_MERGE_DEFAULTS = { automerge: 4, crisismerge: 16 };
/** During a load (16 is the largest automerge FTS5 takes). */
const SEARCH_MERGE_BULK = { automerge: 16, crisismerge: 16 };

type SearchMergeSettings = typeof SEARCH_MERGE_DEFAULTS;
/** Companies recounted per statement. */
const RECOUNT_PAGE = 500;

/** A contact's identity keys with its SQLite rowid. */
export interface ContactIdentity {
  rowid: number;
  email: string | null;
  phone: string | null;
}

/** Insert statements carry at most this many bound values (SQLite's limit is 32,766; PostgreSQL's 65,535). */
const MAX_PARAMS = 30_000;
/**
 * And at most this many rows, on SQLite in a power of two: the SQLite connection keeps prepared statements
 * by SQL text, and a prepared multi-row insert into contacts takes about 1.6 KB of memory per row (0.8 MB
 * for 500 rows). Rows go in statements of 512, 256, ... 1 rows, so each table has at most ten shapes
 * (about 1.6 MB for contacts) instead of one per remainder that chunks happen to leave (tens of MB).
 */
const MAX_ROWS_PER_STATEMENT = 512;

/** The rows of the next statement for `remaining` rows: the largest power of two up to `max`. */
export function statementRows(remaining: number, max: number): number {
  let rows = 1;
  while (rows * 2 <= Math.min(remaining, max)) rows *= 2;
  return rows;
}

/**
 * The import's SQL. The batch path writes with prepared multi-row statements and looks rows up with one
 * bound list (SQLite json_each, PostgreSQL arrays) instead of building a query tree per row: at a million
 * rows the query builder's cost per value would show in the throughput.
 */
export function createImportsRepository(db: Kysely<DB>) {
  const statements = new Map<string, string>();

  /** `insert into table (cols) values (...), (...)` for `rows` rows, with the dialect's placeholders. */
  function insertSql(dialect: Dialect, table: string, columns: readonly string[], rows: number): string {
    const key = `${dialect}:${table}:${columns.length}:${rows}`;
    let text = statements.get(key);
    if (!text) {
      const tuples: string[] = [];
      let n = 0;
      for (let r = 0; r < rows; r++) {
        const marks = columns.map(() => (dialect === 'postgres' ? `$${++n}` : '?'));
        tuples.push(`(${marks.join(',')})`);
      }
      text = `insert into ${table} (${columns.join(',')}) values ${tuples.join(',')}`;
      if (statements.size > 128) statements.clear();
      statements.set(key, text);
    }
    return text;
  }

  async function insertMany(
    trx: Kysely<DB>,
    table: string,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
  ): Promise<void> {
    if (rows.length === 0) return;
    const dialect = dialectOf(trx);
    const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMS / columns.length)));
    for (let start = 0; start < rows.length;) {
      // PostgreSQL's driver prepares nothing per connection: one statement for the lot, fewer round trips.
      const count =
        dialect === 'postgres'
          ? Math.min(rows.length - start, perStatement)
          : statementRows(rows.length - start, perStatement);
      const params: unknown[] = [];
      for (let r = start; r < start + count; r++) for (const v of rows[r]!) params.push(v);
      await trx.executeQuery(CompiledQuery.raw(insertSql(dialect, table, columns, count), params));
      start += count;
    }
  }

  /** `column in <list>` with the list bound as one value. */
  const inList = (trx: Kysely<DB>, column: string, values: readonly string[]) =>
    dialectOf(trx) === 'postgres'
      ? sql<SqlBool>`${sql.ref(column)} = any(${values}::text[])`
      : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;

  /**
   * Drops the identity triggers (and their log) when no load holds work; reads first, so a process that
   * finds nothing to do takes no write lock.
   */
  async function dropIdentityTriggersIfIdle(): Promise<void> {
    if (dialectOf(db) !== 'sqlite') return;
    const names = Object.keys(IDENTITY_TRIGGERS);
    const present = await sql<{ name: string }>`select name from sqlite_master where type = 'trigger'
      and name in (select value from json_each(${JSON.stringify(names)}))`.execute(db);
    if (present.rows.length === 0) return;
    // A load still holding work keeps them: no write lock for finding that out.
    if ((await db.selectFrom('bulk_load_work').select('name').limit(1).execute()).length > 0) return;
    await db.transaction().execute(async (trx) => {
      const left = await trx.selectFrom('bulk_load_work').select('name').limit(1).execute();
      if (left.length > 0) return;
      for (const name of names) await sql.raw(`drop trigger if exists ${name}`).execute(trx);
      await trx.deleteFrom('contact_identity_changes').execute();
    });
  }

  /** The contacts search index's merge settings now (null without the FTS5 table). */
  async function searchMergeSettings(trx: Kysely<DB>): Promise<SearchMergeSettings | null> {
    const table = await sql<{ name: string }>`select name from sqlite_master
      where type = 'table' and name = 'contacts_search_config'`.execute(trx);
    if (table.rows.length === 0) return null;
    const rows = await sql<{ k: string; v: unknown }>`select k, v from contacts_search_config
      where k in ('automerge', 'crisismerge')`.execute(trx);
    const settings = { ...SEARCH_MERGE_DEFAULTS };
    for (const { k, v } of rows.rows) if (k === 'automerge' || k === 'crisismerge') settings[k] = Number(v);
    return settings;
  }

  /**
   * FTS5 takes a setting only as an integer value, and better-sqlite3 binds a JS number as a real: the
   * values are written into the statement, checked to be integers first.
   */
  async function setSearchMerge(trx: Kysely<DB>, settings: SearchMergeSettings): Promise<void> {
    for (const key of ['automerge', 'crisismerge'] as const) {
      const value = settings[key];
      if (!Number.isSafeInteger(value)) throw new Error(`search index ${key} must be an integer, not ${value}`);
      await sql`insert into contacts_search (contacts_search, rank) values (${key}, ${sql.lit(value)})`.execute(trx);
    }
  }

  /** Sets these companies' contact counts from the contacts (SQLite: json_each list). */
  async function recountAccounts(ids: readonly string[], trx: Kysely<DB> = db): Promise<void> {
    if (ids.length === 0) return;
    await sql`update accounts set contact_count = (select count(*) from contacts c where c.account_id = accounts.id)
      where id in (select value from json_each(${JSON.stringify(ids)}))`.execute(trx);
  }

  /** Recounts `accounts` (all companies when null), a page per statement. */
  async function recountPaged(accounts: readonly string[] | null, trx: Kysely<DB> = db): Promise<void> {
    if (accounts) {
      for (let i = 0; i < accounts.length; i += RECOUNT_PAGE) {
        await recountAccounts(accounts.slice(i, i + RECOUNT_PAGE), trx);
      }
      return;
    }
    let after = '';
    for (;;) {
      const page = await trx
        .selectFrom('accounts')
        .select('id')
        .where('id', '>', after)
        .orderBy('id')
        .limit(RECOUNT_PAGE)
        .execute();
      if (page.length === 0) break;
      await recountAccounts(
        page.map((a) => a.id),
        trx,
      );
      after = page[page.length - 1]!.id;
    }
  }

  return {
    /**
     * SQLite: the page cache of this connection for a process that only imports (the CLI). With every
     * index in place most of an import's database time goes to the email, phone, name and account indexes,
     * whose inserts land on random pages: a 40 MiB cache cost about a fifth less CPU per row than 16 MiB
     * (300,000 rows, 48 MiB: 75 µs against 95). A bulk load, which sets those indexes aside, appends
     * instead and keeps its duplicate keys in memory: 16 MiB (docs/benchmarks.md).
     */
    async importSession(kind: 'indexed' | 'bulk'): Promise<void> {
      if (dialectOf(db) !== 'sqlite') return;
      await sql.raw(`pragma cache_size = ${kind === 'bulk' ? -16384 : -40960}`).execute(db);
      // A bulk load waits longer for the write lock: while it runs, other processes' lookups by email or
      // phone read the whole table, and their transactions can outlast the usual five seconds.
      if (kind === 'bulk') await sql`pragma busy_timeout = 60000`.execute(db);
      // Creating the indexes again at the end sorts on a second thread too: 5.3 s -> 4.2 s for the six at a
      // million contacts.
      if (kind === 'bulk') await sql`pragma threads = 2`.execute(db);
    },

    /**
     * SQLite: stops indexing new contacts for search row by row for the rest of this transaction (the
     * FTS5 trigger is dropped inside it, so no other connection ever sees it missing); `indexNewContacts`
     * indexes them in one statement and restores the trigger before the commit. The trigger's own SQL is
     * read back from the schema, so it is restored exactly as the migrations made it. Null when there is
     * nothing to defer (PostgreSQL's GIN index batches its own work; a schema without the trigger).
     */
    async deferContactSearchIndex(trx: Kysely<DB>): Promise<DeferredSearchIndex | null> {
      if (dialectOf(trx) !== 'sqlite') return null;
      const trigger = await sql<{ sql: string }>`select sql from sqlite_master
        where type = 'trigger' and name = ${CONTACT_SEARCH_TRIGGER} and tbl_name = 'contacts'`.execute(trx);
      const triggerSql = trigger.rows[0]?.sql;
      if (!triggerSql) return null;
      const last = await sql<{ last: number | null }>`select max(rowid) as last from contacts`.execute(trx);
      await sql.raw(`drop trigger ${CONTACT_SEARCH_TRIGGER}`).execute(trx);
      return { triggerSql, afterRowid: Number(last.rows[0]?.last ?? 0) };
    },

    /**
     * The search index entries of the contacts inserted since `deferContactSearchIndex` (rowids past the
     * largest one then: only this transaction inserts), then the trigger back. FTS5 writes them as one
     * segment instead of one per insert statement.
     */
    async indexNewContacts(trx: Kysely<DB>, deferred: DeferredSearchIndex): Promise<void> {
      await sql`insert into contacts_search (rowid, search_text)
        select rowid, search_text from contacts where rowid > ${deferred.afterRowid}`.execute(trx);
      await sql.raw(deferred.triggerSql).execute(trx);
    },

    /**
     * SQLite: drops the bulk load's indexes, writing down their definitions and the recount of companies'
     * contact counts in bulk_load_work, and starts recording identity changes, all in one transaction. Null
     * (and nothing changed) when another load holds them, or one of them is missing.
     */
    async deferIndexes(importId: string, pid: number, at: string): Promise<{ lastRowid: number } | null> {
      return db.transaction().execute(async (trx) => {
        const held = await trx.selectFrom('bulk_load_work').select('name').limit(1).execute();
        if (held.length > 0) return null;
        const found = await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master
          where type = 'index' and tbl_name = 'contacts'
            and name in (select value from json_each(${JSON.stringify(BULK_DEFERRED_INDEXES)}))`.execute(trx);
        const definitions = new Map(found.rows.map((r) => [r.name, r.sql]));
        if (BULK_DEFERRED_INDEXES.some((name) => !definitions.get(name))) return null;
        const searchMerge = await searchMergeSettings(trx);
        await trx
          .insertInto('bulk_load_work')
          .values([
            ...BULK_DEFERRED_INDEXES.map((name) => ({
              name,
              kind: 'index' as const,
              definition: definitions.get(name)!,
              import_id: importId,
              pid,
              deferred_at: at,
            })),
            {
              name: CONTACT_COUNTS,
              kind: 'recount' as const,
              definition: null,
              import_id: importId,
              pid,
              deferred_at: at,
            },
            ...(searchMerge
              ? [
                  {
                    name: SEARCH_MERGE,
                    kind: 'search-merge' as const,
                    definition: JSON.stringify(searchMerge),
                    import_id: importId,
                    pid,
                    deferred_at: at,
                  },
                ]
              : []),
          ])
          .execute();
        for (const name of BULK_DEFERRED_INDEXES) await sql.raw(`drop index ${name}`).execute(trx);
        if (searchMerge) await setSearchMerge(trx, SEARCH_MERGE_BULK);
        // A load that just finished may not have dropped its triggers yet (a separate step): start afresh.
        await trx.deleteFrom('contact_identity_changes').execute();
        for (const [name, body] of Object.entries(IDENTITY_TRIGGERS)) {
          await sql.raw(`drop trigger if exists ${name}`).execute(trx);
          await sql.raw(`create trigger ${name} ${body}`).execute(trx);
        }
        const last = await sql<{ last: number | null }>`select max(rowid) as last from contacts`.execute(trx);
        return { lastRowid: Number(last.rows[0]?.last ?? 0) };
      });
    },

    /** The imports holding bulk-load work, with what says whether they still run. */
    bulkLoadHolders: () =>
      db
        .selectFrom('bulk_load_work as w')
        .leftJoin('imports as i', 'i.id', 'w.import_id')
        .select(['w.import_id', 'w.pid', 'i.status', 'i.updated_at'])
        .distinct()
        .execute(),

    /** Sets companies' contact counts from the contacts (all of them when `accounts` is null). */
    recountAccounts: (accounts: readonly string[] | null, trx: Kysely<DB> = db) => recountPaged(accounts, trx),

    /** Whether this import still holds bulk-load work (false once another process did it). */
    async holdsBulkLoadWork(trx: Kysely<DB>, importId: string): Promise<boolean> {
      const row = await trx
        .selectFrom('bulk_load_work')
        .select('name')
        .where('import_id', '=', importId)
        .limit(1)
        .execute();
      return row.length > 0;
    },

    /**
     * Does the work a bulk load left for its end (SQLite): its indexes first, one per transaction (at a
     * million contacts each takes a second or two, which other writers wait for; all six at once would
     * outlast busy_timeout), then the search index's merge settings (SEARCH_MERGE), then the companies'
     * counts (`accounts`, or all of them) a page at a time; when no load is left, the identity triggers go. The
     * names of the indexes created.
     */
    async completeBulkLoadWork(
      importId: string,
      recount: { accounts: readonly string[] | null } | 'as-written',
    ): Promise<string[]> {
      if (dialectOf(db) !== 'sqlite') return [];
      const rows = await db
        .selectFrom('bulk_load_work')
        .select(['name', 'kind', 'definition'])
        .where('import_id', '=', importId)
        .orderBy('kind')
        .orderBy('name')
        .execute();
      const created: string[] = [];
      const stillThere = (trx: Kysely<DB>, name: string) =>
        trx
          .selectFrom('bulk_load_work')
          .select('name')
          .where('name', '=', name)
          .where('import_id', '=', importId)
          .executeTakeFirst();
      for (const row of rows.filter((r) => r.kind === 'index')) {
        await db.transaction().execute(async (trx) => {
          // Another process did it meanwhile.
          if (!(await stillThere(trx, row.name))) return;
          const exists = await sql<{ name: string }>`select name from sqlite_master
            where type = 'index' and name = ${row.name}`.execute(trx);
          if (exists.rows.length === 0 && row.definition) {
            await sql.raw(row.definition).execute(trx);
            created.push(row.name);
          }
          await trx.deleteFrom('bulk_load_work').where('name', '=', row.name).execute();
        });
      }
      // The search index's merge settings back, and the entry gone, together.
      const merge = rows.find((r) => r.kind === 'search-merge');
      if (merge) {
        await db.transaction().execute(async (trx) => {
          if (!(await stillThere(trx, merge.name))) return;
          const saved = { ...SEARCH_MERGE_DEFAULTS, ...(JSON.parse(merge.definition ?? '{}') as object) };
          await setSearchMerge(trx, saved);
          await trx.deleteFrom('bulk_load_work').where('name', '=', merge.name).execute();
        });
      }
      // The load's own end recounts what it touched even when another process took its work meanwhile
      // (that process's recount may have run before the load's last transaction).
      if (recount !== 'as-written') await recountPaged(recount.accounts);
      if (rows.some((r) => r.kind === 'recount')) {
        if (recount === 'as-written') await recountPaged(null);
        await db
          .deleteFrom('bulk_load_work')
          .where('name', '=', CONTACT_COUNTS)
          .where('import_id', '=', importId)
          .execute();
      }
      await dropIdentityTriggersIfIdle();
      return created;
    },

    dropIdentityTriggersIfIdle,

    /** Contacts' identity keys after `afterRowid`, in rowid order (all of them without `limit`). */
    async identitiesAfter(afterRowid: number, limit?: number, trx: Kysely<DB> = db): Promise<ContactIdentity[]> {
      const rows = await sql<ContactIdentity>`select rowid, email, phone from contacts where rowid > ${afterRowid}
        order by rowid ${limit === undefined ? sql`` : sql`limit ${limit}`}`.execute(trx);
      return rows.rows;
    },

    /**
     * What the identity triggers recorded since the last call (and forgets it): the current keys of the
     * contacts whose email or phone changed, and the lowest rowid that may come back (null if none).
     */
    async takeIdentityChanges(trx: Kysely<DB>): Promise<{ changed: ContactIdentity[]; reusable: number | null }> {
      const taken = await sql<{ contact_rowid: number; removed: number }>`delete from contact_identity_changes
        returning contact_rowid, removed`.execute(trx);
      if (taken.rows.length === 0) return { changed: [], reusable: null };
      let reusable: number | null = null;
      const rowids = new Set<number>();
      for (const r of taken.rows) {
        const rowid = Number(r.contact_rowid);
        if (Number(r.removed) === 1) reusable = reusable === null ? rowid : Math.min(reusable, rowid);
        else rowids.add(rowid);
      }
      const changed =
        rowids.size === 0
          ? []
          : (
              await sql<ContactIdentity>`select rowid, email, phone from contacts
                where rowid in (select value from json_each(${JSON.stringify([...rowids])}))`.execute(trx)
            ).rows;
      return { changed, reusable };
    },

    /** matchContacts' rows for contacts given by SQLite rowid. */
    contactsByRowid: (trx: Kysely<DB>, rowids: readonly number[]): Promise<MatchedContact[]> =>
      rowids.length === 0
        ? Promise.resolve([])
        : trx
            .selectFrom('contacts as c')
            .leftJoin('users as o', 'o.id', 'c.owner_id')
            .selectAll('c')
            .select('o.team_id as owner_team_id')
            .where(sql<SqlBool>`c.rowid in (select value from json_each(${JSON.stringify(rowids)}))`)
            .execute(),

    /** SQLite: the largest contact rowid (an upper bound of the number of contacts). */
    async lastContactRowid(): Promise<number> {
      const last = await sql<{ last: number | null }>`select max(rowid) as last from contacts`.execute(db);
      return Number(last.rows[0]?.last ?? 0);
    },

    /** PostgreSQL: fresh planner statistics for the tables an import grows (SQLite keeps none). */
    async refreshStatistics(): Promise<void> {
      if (dialectOf(db) === 'postgres') await sql`analyze contacts, accounts, import_contacts`.execute(db);
    },

    async insertImport(row: Insertable<ImportsTable>, trx: Kysely<DB> = db): Promise<void> {
      await trx.insertInto('imports').values(row).execute();
    },

    findById: (
      id: string,
      trx: Kysely<DB> = db,
    ): Promise<(ImportRow & { created_by_name: string | null }) | undefined> =>
      trx
        .selectFrom('imports as i')
        .leftJoin('users as u', 'u.id', 'i.created_by')
        .selectAll('i')
        .select('u.name as created_by_name')
        .where('i.id', '=', id)
        .executeTakeFirst(),

    /** Newest first; `before` is the (created_at, id) of the last row of the previous page. */
    list: (limit: number, before: { createdAt: string; id: string } | null) => {
      let q = db
        .selectFrom('imports as i')
        .leftJoin('users as u', 'u.id', 'i.created_by')
        .selectAll('i')
        .select('u.name as created_by_name');
      if (before) {
        q = q.where((eb) =>
          eb.or([
            eb('i.created_at', '<', before.createdAt),
            eb.and([eb('i.created_at', '=', before.createdAt), eb('i.id', '<', before.id)]),
          ]),
        );
      }
      return q.orderBy('i.created_at', 'desc').orderBy('i.id', 'desc').limit(limit).execute();
    },

    /** Writes down a cancel for a run in another process; false when the import is not running. */
    async requestCancel(id: string, at: string, trx: Kysely<DB> = db): Promise<boolean> {
      const result = await trx
        .updateTable('imports')
        .set({ cancel_requested_at: at })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Whether someone asked this import's run to stop (read by the run after each batch). */
    async cancelRequested(id: string): Promise<boolean> {
      const row = await db.selectFrom('imports').select('cancel_requested_at').where('id', '=', id).executeTakeFirst();
      return row?.cancel_requested_at != null;
    },

    async update(id: string, patch: Updateable<ImportsTable>, trx: Kysely<DB> = db): Promise<void> {
      await trx.updateTable('imports').set(patch).where('id', '=', id).execute();
    },

    /**
     * Imports still holding an uploaded file that have not changed since `before`, oldest first, a page at a
     * time (`after`: the last row of the previous page).
     */
    filesUnusedSince(before: string, limit: number, after?: { updated_at: string; id: string }) {
      let q = db
        .selectFrom('imports')
        .select(['id', 'file_path', 'updated_at'])
        .where('file_path', 'is not', null)
        .where('updated_at', '<', before);
      if (after) {
        q = q.where((eb) =>
          eb.or([
            eb('updated_at', '>', after.updated_at),
            eb.and([eb('updated_at', '=', after.updated_at), eb('id', '>', after.id)]),
          ]),
        );
      }
      return q.orderBy('updated_at').orderBy('id').limit(limit).execute();
    },

    /** The files imports still keep (the upload directory's files that are not orphans). */
    async keptFilePaths(): Promise<string[]> {
      const rows = await db.selectFrom('imports').select('file_path').where('file_path', 'is not', null).execute();
      return rows.map((r) => r.file_path!);
    },

    /**
     * Forgets an import's file if the import still has not changed since `before`; false when it did (a run
     * started meanwhile) or the file was already forgotten.
     */
    async releaseFile(id: string, before: string): Promise<boolean> {
      const result = await db
        .updateTable('imports')
        .set({ file_path: null })
        .where('id', '=', id)
        .where('file_path', 'is not', null)
        .where('updated_at', '<', before)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /**
     * Moves an import into `running` if it is in one of `from` and still has its file; false when another
     * request got there first or the file was removed meanwhile.
     */
    async claim(
      id: string,
      from: { status: ImportsTable['status']; dryRun?: number }[],
      patch: Updateable<ImportsTable>,
      trx: Kysely<DB> = db,
    ): Promise<boolean> {
      const result = await trx
        .updateTable('imports')
        .set(patch)
        .where('id', '=', id)
        .where('file_path', 'is not', null)
        .where((eb) =>
          eb.or(
            from.map((f) =>
              f.dryRun === undefined
                ? eb('status', '=', f.status)
                : eb.and([eb('status', '=', f.status), eb('dry_run', '=', f.dryRun)]),
            ),
          ),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /**
     * Deletes an import that never ran for real (uploaded, or only dry-run and not running) with its dry
     * run's results, in the caller's transaction. Returns what it deleted (its file for the caller to remove
     * from disk), or the import as it stands when it may not be deleted, or null when there is no such import.
     */
    async deleteUnrun(
      id: string,
      trx: Kysely<DB>,
    ): Promise<{ deleted: boolean; row: Pick<ImportRow, 'status' | 'dry_run' | 'file_name' | 'file_path'> } | null> {
      let q = trx.selectFrom('imports').select(['status', 'dry_run', 'file_name', 'file_path']).where('id', '=', id);
      // A start claiming the import at the same moment waits for this delete, then finds nothing to claim.
      if (dialectOf(trx) === 'postgres') q = q.forUpdate();
      const row = await q.executeTakeFirst();
      if (!row) return null;
      const unrun = row.status === 'uploaded' || (row.dry_run === 1 && row.status !== 'running');
      if (!unrun) return { deleted: false, row };
      await trx.deleteFrom('import_rejections').where('import_id', '=', id).execute();
      await trx.deleteFrom('import_contacts').where('import_id', '=', id).execute();
      await trx.deleteFrom('imports').where('id', '=', id).execute();
      return { deleted: true, row };
    },

    async deleteResults(id: string, trx: Kysely<DB>): Promise<void> {
      await trx.deleteFrom('import_rejections').where('import_id', '=', id).execute();
      await trx.deleteFrom('import_contacts').where('import_id', '=', id).execute();
    },

    /** Active users by email, for owner columns and defaults (a small table, read once per run). */
    activeUsers: () =>
      db.selectFrom('users').select(['id', 'email', 'role', 'team_id']).where('status', '=', 'active').execute(),

    /**
     * PostgreSQL: the identity locks the contacts service takes (`contact:<email or phone>`), in the same
     * sorted order, so a contact created through the API at the same moment is either seen by this batch's
     * duplicate check or sees this batch's contact. Account names are locked too, so two imports do not
     * both create one company. SQLite transactions are already serial (BEGIN IMMEDIATE).
     */
    async lockKeys(trx: Kysely<DB>, identities: readonly string[], accountNames: readonly string[]): Promise<void> {
      if (dialectOf(trx) !== 'postgres') return;
      const keys = [...new Set(identities)].sort().map((k) => `contact:${k}`);
      keys.push(...[...new Set(accountNames)].sort().map((n) => `import-account:${n}`));
      if (keys.length === 0) return;
      await sql`select count(pg_advisory_xact_lock(hashtext(k))) from unnest(${keys}::text[]) with ordinality as t(k, n)`.execute(
        trx,
      );
    },

    async matchContacts(
      trx: Kysely<DB>,
      emails: readonly string[],
      phones: readonly string[],
    ): Promise<MatchedContact[]> {
      const base = () =>
        trx
          .selectFrom('contacts as c')
          .leftJoin('users as o', 'o.id', 'c.owner_id')
          .selectAll('c')
          .select('o.team_id as owner_team_id');
      const out: MatchedContact[] = [];
      if (emails.length > 0)
        out.push(
          ...(await base()
            .where(inList(trx, 'c.email', emails))
            .execute()),
        );
      if (phones.length > 0)
        out.push(
          ...(await base()
            .where(inList(trx, 'c.phone', phones))
            .execute()),
        );
      return out;
    },

    /** Which of these contacts this import already created or updated, and at which row. */
    async linkedRows(
      trx: Kysely<DB>,
      importId: string,
      contactIds: readonly string[],
    ): Promise<Map<string, { row: number; action: 'created' | 'updated' }>> {
      if (contactIds.length === 0) return new Map();
      // By contact, then the import in JavaScript: with `import_id = ?` in SQL, SQLite walks this import's
      // links through the primary key, all of them, for every batch (quadratic in the file's size).
      const rows = await trx
        .selectFrom('import_contacts')
        .select(['import_id', 'contact_id', 'row_number', 'action'])
        .where(inList(trx, 'contact_id', contactIds))
        .execute();
      return new Map(
        rows
          .filter((r) => r.import_id === importId)
          .map((r) => [r.contact_id, { row: Number(r.row_number), action: r.action }]),
      );
    },

    /**
     * The finished imports that created these contacts, with the row and the import's own audit entry (who
     * ran it, when it ended): a created contact's history starts there, without an audit row per contact.
     */
    creations: (contactIds: readonly string[]) =>
      contactIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('import_contacts')
            .innerJoin('imports', 'imports.id', 'import_contacts.import_id')
            .innerJoin('audit_log', (join) =>
              join
                .onRef('audit_log.entity_id', '=', 'import_contacts.import_id')
                .on('audit_log.entity_type', '=', 'import')
                .on('audit_log.action', '=', 'import'),
            )
            .leftJoin('users', 'users.id', 'audit_log.actor_id')
            .select([
              'audit_log.id as audit_id',
              'audit_log.at',
              'audit_log.actor_id',
              'audit_log.actor_kind',
              'users.name as actor_name',
              'import_contacts.import_id',
              'import_contacts.row_number',
              'import_contacts.contact_id',
              'imports.file_name',
            ])
            .where(inList(db, 'import_contacts.contact_id', contactIds))
            .where('import_contacts.action', '=', 'created')
            .execute(),

    /** Accounts by folded name; the oldest first, so a name shared by several accounts picks the first made. */
    /** Companies by match key (accountMatchKey), oldest first. */
    accountsByName: (trx: Kysely<DB>, keys: readonly string[]) =>
      keys.length === 0
        ? Promise.resolve([])
        : trx
            .selectFrom('accounts')
            .select(['id', 'match_key'])
            .where(inList(trx, 'match_key', keys))
            .orderBy('created_at')
            .orderBy('id')
            .execute(),

    insertAccounts: (trx: Kysely<DB>, columns: readonly string[], rows: readonly (readonly unknown[])[]) =>
      insertMany(trx, 'accounts', columns, rows),

    insertContacts: (trx: Kysely<DB>, columns: readonly string[], rows: readonly (readonly unknown[])[]) =>
      insertMany(trx, 'contacts', columns, rows),

    async updateContact(trx: Kysely<DB>, id: string, row: Updateable<DB['contacts']>): Promise<void> {
      await trx.updateTable('contacts').set(row).where('id', '=', id).execute();
    },

    insertRejections: (trx: Kysely<DB>, rows: readonly (readonly unknown[])[]) =>
      insertMany(trx, 'import_rejections', ['import_id', 'row_number', 'field', 'reason', 'raw'], rows),

    insertLinks: (trx: Kysely<DB>, rows: readonly (readonly unknown[])[]) =>
      insertMany(trx, 'import_contacts', ['import_id', 'row_number', 'contact_id', 'action'], rows),

    /**
     * accounts.contact_count moves by the batch's links and unlinks in one statement (the per-contact
     * events that recount an account are not sent for imported contacts).
     */
    async addContactCounts(trx: Kysely<DB>, deltas: ReadonlyMap<string, number>): Promise<void> {
      const entries = [...deltas].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (entries.length === 0) return;
      if (dialectOf(trx) === 'postgres') {
        await sql`update accounts set contact_count = accounts.contact_count + d.n
          from unnest(${entries.map(([id]) => id)}::text[], ${entries.map(([, n]) => n)}::int[]) as d(id, n)
          where accounts.id = d.id`.execute(trx);
      } else {
        await sql`update accounts set contact_count = contact_count + d.value
          from json_each(${JSON.stringify(Object.fromEntries(entries))}) as d
          where accounts.id = d.key`.execute(trx);
      }
    },

    /** One page of an import's rejected rows, in row order, after `afterRow`. */
    rejections: (importId: string, afterRow: number, limit: number) =>
      db
        .selectFrom('import_rejections')
        .select(['row_number', 'field', 'reason', 'raw'])
        .where('import_id', '=', importId)
        .where('row_number', '>', afterRow)
        .orderBy('row_number')
        .limit(limit)
        .execute(),
  };
}

export type ImportsRepository = ReturnType<typeof createImportsRepository>;
