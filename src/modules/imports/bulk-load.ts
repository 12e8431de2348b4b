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
 * at its end, which sorts each key once. Their definitions wait in deferred_indexes meanwhile, so they come
 * back whatever happens: at the end of the run, failed or not; otherwise when a process opens the database
 * or a server's hourly sweep finds the load no longer running (restoreAbandonedBulkLoads).
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
  /** Catches the keys up with contacts inserted or re-keyed since the last call (the load's own included). */
  sync(trx: Kysely<DB>): Promise<void>;
  /** The contacts that may have one of these emails or phones: every one that has, maybe a few others. */
  match(trx: Kysely<DB>, emails: readonly string[], phones: readonly string[]): Promise<MatchedContact[]>;
  /** Creates the indexes again (the run's end, whatever its outcome). */
  finish(): Promise<void>;
}

const PAGE_ROWS = 20_000;

/** Sets the indexes aside and loads the existing contacts' keys; null when another load holds them. */
export async function startBulkLoad(repo: ImportsRepository, importId: string, at: string): Promise<BulkLoad | null> {
  const deferred = await repo.deferIndexes(importId, at);
  if (!deferred) return null;
  await repo.importSession('bulk');
  let keys = new IdentityIndex();
  let lastRowid = 0;
  const remember = (rows: readonly ContactIdentity[]) => {
    for (const r of rows) {
      const rowid = Number(r.rowid);
      if (r.email) keys.add(`e:${r.email}`, rowid);
      if (r.phone) keys.add(`p:${r.phone}`, rowid);
      if (rowid > lastRowid) lastRowid = rowid;
    }
  };
  try {
    for (;;) {
      const page = await repo.identitiesAfter(lastRowid, PAGE_ROWS);
      remember(page);
      if (page.length < PAGE_ROWS) break;
    }
  } catch (err) {
    await repo.restoreIndexes({ importId });
    throw err;
  }
  return {
    async sync(trx) {
      remember(await repo.identitiesAfter(lastRowid, undefined, trx));
      remember(await repo.takeIdentityChanges(trx));
    },
    async match(trx, emails, phones) {
      const rowids = new Set<number>();
      for (const email of emails) keys.candidates(`e:${email}`, rowids);
      for (const phone of phones) keys.candidates(`p:${phone}`, rowids);
      return repo.contactsByRowid(trx, [...rowids]);
    },
    async finish() {
      // The keys' memory is given back before the indexes are sorted.
      keys = new IdentityIndex();
      collectGarbage();
      await repo.restoreIndexes({ importId });
    },
  };
}

/**
 * Creates again the indexes of bulk loads that stopped without doing it (a process killed mid-run): loads
 * no longer running, or that have not committed for STALE_AFTER_MS. The names of the indexes created.
 */
export function restoreAbandonedBulkLoads(repo: ImportsRepository, now: Date): Promise<string[]> {
  return repo.restoreIndexes({ abandonedBefore: new Date(now.getTime() - STALE_AFTER_MS).toISOString() });
}
