import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { collectGarbage } from './garbage.js';
import { IdentityIndex } from './identity-index.js';
import type { ContactIdentity, ImportsRepository, MatchedContact } from './imports.repository.js';
import { STALE_AFTER_MS } from './import.js';

/**
 * Bulk loads (SQLite, `tandem import contacts` of a large file into a table it at least doubles).
 *
 * At a million rows most of an import's time went to six contact indexes whose keys land on random pages
 * (email, phone, the three name indexes, account): each row rewrote a page of each, and each commit wrote
 * thousands of them again (docs/benchmarks.md). A bulk load drops them for the run and creates them again
 * at its end, which sorts each key once; companies' contact counts are recounted then too, instead of
 * updated per transaction (they lag while the load runs). That work is written down in bulk_load_work, so
 * it is done whatever happens: at the end of the run, failed or not; otherwise when a process opens the
 * database or a server's hourly sweep finds the load no longer running (restoreAbandonedBulkLoads, which
 * then recounts every company).
 *
 * Without the email and phone indexes the duplicate check keeps its keys in memory (IdentityIndex): the
 * contacts there at the start, the ones each chunk inserts, contacts others insert between the load's
 * transactions (rowids past the last one seen) and those whose email or phone others change (a trigger
 * that exists only during the load records them). Candidates from memory are read back and compared by
 * value, so matching stays exact. While a load runs, other lookups of contacts by email, phone or name
 * read the table instead of an index: slower, never wrong.
 */

/** A file smaller than this is imported with every index in place. */
export const BULK_LOAD_MIN_BYTES = 16 * 1024 * 1024;
/** A contacts CSV row rarely takes fewer bytes than this: how many rows a file adds, at most about. */
const BYTES_PER_ROW_GUESS = 100;

/**
 * Whether an import of `fileBytes` into a table whose largest rowid is `lastRowid` is worth a bulk load:
 * the file is large and probably adds at least as many contacts as the table holds (creating the indexes
 * again costs a sort of the whole table; keeping them costs random page writes for every new row).
 */
export function shouldBulkLoad(fileBytes: number, lastRowid: number, minBytes = BULK_LOAD_MIN_BYTES): boolean {
  return (
    fileBytes >= minBytes &&
    lastRowid <= fileBytes / BYTES_PER_ROW_GUESS &&
    // The in-memory keys hold rowids in 32 bits, and a row takes at least two bytes (a cell, a line break).
    lastRowid + fileBytes / 2 < IdentityIndex.MAX_ROWID
  );
}

export interface BulkLoad {
  /**
   * Catches the keys up with contacts inserted or re-keyed since the last call (the load's own included).
   * False when the load lost its work to another process (which took it for abandoned and created the
   * indexes again): the run then goes on as an ordinary import, through the indexes.
   */
  sync(trx: Kysely<DB>): Promise<boolean>;
  /** The contacts that may have one of these emails or phones: every one that has, maybe a few others. */
  match(trx: Kysely<DB>, emails: readonly string[], phones: readonly string[]): Promise<MatchedContact[]>;
  /**
   * Companies whose contact count the load changed: recounted once at its end instead of per transaction
   * (updating thousands of companies' rows per transaction cost about a tenth of the load's time).
   */
  countLater(accountIds: Iterable<string>): void;
  /** The companies given to countLater, or `all` past MAX_TOUCHED_ACCOUNTS. */
  countsOwed(): ReadonlySet<string> | 'all';
  /** Creates the indexes again and recounts the companies (the run's end, whatever its outcome). */
  finish(): Promise<void>;
}

const PAGE_ROWS = 20_000;
/** The bulk loads this process runs: work held under this process's own pid by any other is abandoned. */
const loadsHere = new Set<string>();
/** The largest table of keys allocated before it is needed (4M slots, 32 MB); past it the table grows. */
const PRESIZE_MAX_SLOTS = 1 << 22;
/** Past this many companies touched, the end recounts all of them instead of keeping their ids. */
const MAX_TOUCHED_ACCOUNTS = 100_000;

/**
 * Sets the indexes aside and loads the existing contacts' keys. Work an abandoned load left is done first;
 * null when a load that still runs holds the indexes.
 */
export async function startBulkLoad(
  repo: ImportsRepository,
  importId: string,
  now: Date,
  fileBytes: number,
): Promise<BulkLoad | null> {
  await restoreAbandonedBulkLoads(repo, now);
  await repo.importSession('bulk');
  const deferred = await repo.deferIndexes(importId, process.pid, now.toISOString());
  if (!deferred) return null;
  loadsHere.add(importId);
  // Sized for an email and a phone per contact, up to a million and a half contacts (32 MB), so the table is
  // not doubled near the end of such a file (for a moment the old and the new arrays would both be alive).
  const expected = deferred.lastRowid + fileBytes / BYTES_PER_ROW_GUESS;
  let keys = new IdentityIndex(Math.min(PRESIZE_MAX_SLOTS, Math.ceil((2 * expected) / IdentityIndex.MAX_LOAD)));
  /** Every contact up to this rowid is in `keys` (as it was when read, or since re-keyed). */
  let lastRowid = 0;
  const remember = (rows: readonly ContactIdentity[]) => {
    for (const r of rows) {
      const rowid = Number(r.rowid);
      if (r.email) keys.add(`e:${r.email}`, rowid);
      if (r.phone) keys.add(`p:${r.phone}`, rowid);
    }
  };
  const readAfter = async (trx?: Kysely<DB>, limit?: number) => {
    const rows = await repo.identitiesAfter(lastRowid, limit, trx);
    remember(rows);
    if (rows.length > 0) lastRowid = Number(rows[rows.length - 1]!.rowid);
    return rows.length;
  };
  try {
    while ((await readAfter(undefined, PAGE_ROWS)) === PAGE_ROWS);
  } catch (err) {
    loadsHere.delete(importId);
    await repo.completeBulkLoadWork(importId, { accounts: [] });
    throw err;
  }
  let touched: Set<string> | 'all' = new Set();
  return {
    async sync(trx) {
      if (!(await repo.holdsBulkLoadWork(trx, importId))) return false;
      const { changed, reusable } = await repo.takeIdentityChanges(trx);
      remember(changed);
      // A rowid at or below what was read may be given again: read from there on.
      if (reusable !== null) lastRowid = Math.min(lastRowid, reusable - 1);
      await readAfter(trx);
      return true;
    },
    async match(trx, emails, phones) {
      const rowids = new Set<number>();
      for (const email of emails) keys.candidates(`e:${email}`, rowids);
      for (const phone of phones) keys.candidates(`p:${phone}`, rowids);
      return repo.contactsByRowid(trx, [...rowids]);
    },
    countLater(accountIds) {
      if (touched === 'all') return;
      for (const id of accountIds) touched.add(id);
      // A file of a company per row would make this set large: then every company is recounted.
      if (touched.size > MAX_TOUCHED_ACCOUNTS) touched = 'all';
    },
    countsOwed: () => touched,
    async finish() {
      // The keys' memory is given back before the indexes are sorted.
      keys = new IdentityIndex();
      collectGarbage();
      const accounts = touched === 'all' ? undefined : [...touched];
      touched = new Set();
      loadsHere.delete(importId);
      await repo.completeBulkLoadWork(importId, { accounts: accounts ?? null });
    },
  };
}

/** Whether a process with this id runs on this machine. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as { code?: string }).code === 'EPERM';
  }
}

/**
 * Does the work of bulk loads that stopped without doing it: loads whose import no longer runs, whose
 * process is gone (killed mid-run), or that have not committed for STALE_AFTER_MS (a process stopped or
 * on another machine's process table). A load wrongly taken for abandoned notices at its next transaction
 * and goes on through the indexes (BulkLoad.sync), so this never makes an import wrong, only slower. The
 * names of the indexes created.
 */
export async function restoreAbandonedBulkLoads(
  repo: ImportsRepository,
  now: Date,
  alive: (pid: number) => boolean = processAlive,
): Promise<string[]> {
  const before = new Date(now.getTime() - STALE_AFTER_MS).toISOString();
  const created: string[] = [];
  const holders = await repo.bulkLoadHolders();
  for (const h of holders) {
    const abandoned =
      h.status !== 'running' ||
      h.updated_at === null ||
      String(h.updated_at) < before ||
      (h.pid !== null && (Number(h.pid) === process.pid ? !loadsHere.has(h.import_id) : !alive(Number(h.pid))));
    if (abandoned) created.push(...(await repo.completeBulkLoadWork(h.import_id, 'as-written')));
  }
  // (completeBulkLoadWork drops them after the last load; this is for triggers a crash left without work.)
  if (holders.length === 0) await repo.dropIdentityTriggersIfIdle();
  return created;
}
