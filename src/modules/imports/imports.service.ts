import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { parseJson, type Database } from '../../db/database.js';
import type { DB, ImportRow } from '../../db/schema.js';
import type { Outbox } from '../../jobs/outbox.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, forbidden, invalid, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { normalizeEmail } from '../../shared/text.js';
import { accountDbFields, emptyAccount } from '../accounts/index.js';
import { appendAudit, changedFields, type AuditContext } from '../audit/index.js';
import { can, canAssignOwner, inScope, recordScope, type Actor } from '../auth/index.js';
import {
  contactNameNorm,
  contactSearchText,
  phoneMatchIsSamePerson,
  rowToFields,
  type ContactFields,
} from '../contacts/index.js';
import { csvLine, delimiterName, detectDelimiter, UTF8_BOM, type Delimiter } from '../../shared/csv.js';
import {
  ORPHAN_UPLOAD_AFTER_MS,
  toImportView,
  UPLOAD_KEPT_MS,
  type ImportOptions,
  type ImportPreview,
  type ImportView,
  type StartImportInput,
  type StoredOptions,
} from './import.js';
import { createImportsRepository, type MatchedContact } from './imports.repository.js';
import { restoreAbandonedBulkLoads, startBulkLoad, shouldBulkLoad, type BulkLoad } from './bulk-load.js';
import { collectGarbage } from './garbage.js';
import { KeySet } from './keyset.js';
import { suggestMapping, validateMapping, type Mapping } from './mapping.js';
import { readBatchesInWorker } from './reader-thread.js';
import {
  csvParser,
  isCsvError,
  readBatches,
  type PreparedCandidate,
  type ReadBatch,
  type ReaderConfig,
  type ReadRow,
} from './reader.js';
import { MAX_CUSTOM_FIELDS } from '../../shared/fields.js';
import { NOT_UTF8, updatedFields, type RowDefaults, type RowRejection } from './rows.js';

function reject(row: number, field: string, reason: string): RowRejection {
  return { kind: 'rejection', row, field, reason };
}

/** A request body the upload parser wrote to disk (so a route can tell it from any other body). */
export class ReceivedUpload {
  constructor(
    readonly path: string,
    readonly bytes: number,
  ) {}
}

/** The CLI without `--as` acts as the server's operator: audited as `cli`, no user recorded as creator. */
export const CLI_OPERATOR_ID = 'cli';

/** The reason a background run is aborted with when someone cancels it (not a shutdown). */
const CANCELLED = 'cancelled';
/** How long a cancel of a run in another server process waits for it to stop, and how often it looks. */
const CANCEL_WAIT_MS = 5_000;
const CANCEL_POLL_MS = 100;

/** After a run that wrote at least this many contacts, PostgreSQL's statistics are refreshed. */
const ANALYZE_AFTER_ROWS = 10_000;

/** The source of a created contact when neither its row nor the run's options name one. */
export const IMPORT_SOURCE = 'import';

/**
 * Rows per batch, one transaction each. In the server a batch holds SQLite's single writer (and this
 * process's connection) while it commits, so batches stay short there; the CLI has the process to itself
 * and takes bigger ones, which write each page of the random-order indexes (email, phone, names) once per
 * batch instead of about once per row. PostgreSQL holds an advisory lock per email and phone of a batch.
 */
const BATCH_ROWS = { sqlite: 2000, postgres: 500 } as const;
const CLI_BATCH_ROWS = { sqlite: 10_000, postgres: 500 } as const;
/** Rows the reader hands over at a time (a transaction writes one or more such chunks). */
const CHUNK_ROWS = { sqlite: 1000, postgres: 500 } as const;
const PREVIEW_ROWS = 5;
const HEAD_BYTES = 64 * 1024;

const CONTACT_COLUMNS = [
  'id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'job_title',
  'seniority',
  'account_id',
  'owner_id',
  'source',
  'campaign',
  'custom_fields',
  'name_norm',
  'search_text',
  'created_by',
  'created_at',
  'updated_at',
] as const;

const ACCOUNT_COLUMNS = [
  'id',
  'name',
  'domain',
  'industry',
  'employee_count',
  'country',
  'city',
  'annual_revenue',
  'owner_id',
  'custom_fields',
  'name_norm',
  'match_key',
  'search_text',
  'created_by',
  'created_at',
  'updated_at',
] as const;

export interface ImportCounts {
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  accountsCreated: number;
}

export interface ImportProgress extends ImportCounts {
  importId: string;
  lastRow: number;
  bytesRead: number;
  fileBytes: number;
}

export interface ImportLogger {
  error(obj: object, msg?: string): void;
}

export interface ImportServiceDeps {
  database: Database;
  clock: Clock;
  outbox: Outbox;
  phoneRegion: string;
  /** Where uploaded files wait for their run (under the data directory). */
  uploadDir: string;
  maxUploadBytes: number;
  /** Rows per transaction (a batch); default by dialect and caller (BATCH_ROWS, CLI_BATCH_ROWS). */
  batchRows?: number;
  /**
   * Server runs of files at least this large read and validate on a worker thread, so the parsing does not
   * hold up requests (default 2 MiB).
   */
  workerMinBytes?: number;
  /** Rows per chunk within a transaction (default CHUNK_ROWS). */
  chunkRows?: number;
  /** Whether a command-line run loads in bulk (bulk-load.ts; default shouldBulkLoad). */
  bulkLoadWhen?: (fileBytes: number, lastContactRowid: number) => boolean;
  log?: ImportLogger;
}

interface RunPlan {
  importId: string;
  actor: Actor;
  audit: AuditContext;
  file: string;
  fileName: string;
  fileBytes: number;
  options: ImportOptions;
  defaults: RowDefaults;
  owners: [string, string][];
  /** Rows per transaction. */
  txRows: number;
  /** Read and validate on a worker thread (server runs: keeps the event loop free for requests). */
  readerThread: boolean;
  /**
   * Index each transaction's new contacts for search in one statement at its end instead of per insert
   * (SQLite). The CLI's runs: it rewrites the search trigger inside each transaction, which makes the
   * connection's other prepared statements prepare again, so the server's shared connection does not.
   */
  bulkSearchIndex: boolean;
  /** Collect the heap's garbage after each transaction (the CLI: see garbage.ts). */
  collectGarbage: boolean;
  /** May set contact indexes aside for a large file (SQLite, the CLI: see bulk-load.ts). */
  bulkLoad: boolean;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: ImportProgress) => void) | undefined;
}

function tooLarge(limit: number): Error {
  const err = new Error(`The file is larger than ${Math.floor(limit / (1024 * 1024))} MiB.`) as Error & {
    statusCode: number;
  };
  err.statusCode = 413;
  return err;
}

function notRemovable(): AppError {
  return new AppError(
    'conflict',
    'import.not_removable',
    'This import is running or has run for real: it stays in the history as the record of where its contacts came from.',
  );
}

export function createImportService(deps: ImportServiceDeps) {
  const { clock, outbox, phoneRegion } = deps;
  const db = deps.database.db;
  const repo = createImportsRepository(db);
  const dialect = deps.database.dialect;
  const workerMinBytes = deps.workerMinBytes ?? 2 * 1024 * 1024;
  const log: ImportLogger = deps.log ?? { error: (obj, msg) => console.error(`tandem: ${msg ?? 'import error'}`, obj) };
  /** Imports running in this process, so they can be stopped on shutdown and shown as alive. */
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  const assertMayImport = (actor: Actor) => {
    if (!can(actor, 'marketing.manage')) throw forbidden('Only marketing and admins may import contacts.');
  };

  const creatorOf = (actor: Actor) => (actor.via === 'cli' && actor.id === CLI_OPERATOR_ID ? null : actor.id);
  const actorKind = (actor: Actor) => (actor.via === 'cli' ? 'cli' : actor.via === 'token' ? 'token' : 'user');

  async function view(id: string, trx: Kysely<DB> = db): Promise<ImportView> {
    const row = await repo.findById(id, trx);
    if (!row) throw notFound('import');
    return toImportView(row, { active: running.has(id), now: clock.now() });
  }

  async function load(actor: Actor, id: string): Promise<ImportRow> {
    assertMayImport(actor);
    const row = await repo.findById(id);
    if (!row) throw notFound('import');
    return row;
  }

  /**
   * Asks the server process running an import to stop it (it reads the request after each committed batch),
   * audited under the one asking; then waits up to CANCEL_WAIT_MS for that process to end the run. Answers
   * the import as it then is: failed once stopped, still running (with `cancelRequested`) if not yet; a
   * conflict when it completed first.
   */
  async function requestCancelElsewhere(id: string, audit: AuditContext): Promise<ImportView> {
    const at = clock.now().toISOString();
    // The request and its audit entry together, or neither.
    await db.transaction().execute(async (trx) => {
      if (!(await repo.requestCancel(id, at, trx))) {
        throw new AppError('conflict', 'import.not_running', 'This import finished before it could be cancelled.');
      }
      await appendAudit(trx, audit, {
        at,
        entityType: 'import',
        entityId: id,
        action: 'cancel',
        before: null,
        after: { status: 'running', requested: true },
      });
    });
    const until = Date.now() + CANCEL_WAIT_MS;
    let current = await view(id);
    while (current.status === 'running' && Date.now() < until) {
      await sleep(CANCEL_POLL_MS);
      current = await view(id);
    }
    // The run wrote its last batch before it read the request: nothing was cancelled, as for a run here.
    if (current.status === 'completed') {
      throw new AppError('conflict', 'import.not_running', 'This import finished before it could be cancelled.');
    }
    return current;
  }

  /** The first records of a file: the header and a few rows, with the delimiter given or detected. */
  async function readHead(
    file: string,
    delimiter: Delimiter | null,
    records: number,
  ): Promise<{ delimiter: Delimiter; headers: string[]; rows: string[][] }> {
    let chosen = delimiter;
    if (chosen === null) {
      const handle = await open(file, 'r');
      try {
        const buffer = Buffer.alloc(HEAD_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
        chosen = detectDelimiter(buffer.subarray(0, bytesRead).toString('utf8'));
      } finally {
        await handle.close();
      }
    }
    const out: string[][] = [];
    const stream = createReadStream(file);
    try {
      // Rows of empty cells are passed over in a run, but not here: a first line of separators only (";;;")
      // names no column, and the file is refused for it rather than taking its first person for the header.
      const parser = csvParser(chosen, { to: records, skip_records_with_empty_values: false });
      for await (const { record } of stream.pipe(parser) as AsyncIterable<{ record: string[] }>) {
        if (out.length === 0 || record.some((cell) => cell.trim() !== '')) out.push(record);
      }
    } catch (err) {
      if (isCsvError(err)) throw invalid('file', `Not a readable CSV file: ${err.message}`);
      throw err;
    } finally {
      stream.destroy();
    }
    const headers = out.shift();
    if (!headers || headers.every((h) => h.trim() === '')) {
      throw invalid('file', 'The file is empty: the first line must name the columns.');
    }
    // The rows too: a file with English headers may hold Persian names in Windows-1256.
    if ([headers, ...out].some((record) => record.some((cell) => cell.includes(NOT_UTF8)))) {
      throw invalid('file', 'The file is not UTF-8 text. Save it as "CSV UTF-8" and upload it again.');
    }
    return { delimiter: chosen, headers, rows: out };
  }

  /** Active users the actor may make owners (policy.canAssignOwner), by normalised email. */
  async function assignableOwners(actor: Actor): Promise<[string, string][]> {
    return (await repo.activeUsers())
      .filter((u) => canAssignOwner(actor, { id: u.id, teamId: u.team_id }))
      .map((u) => [normalizeEmail(u.email), u.id]);
  }

  async function prepare(
    actor: Actor,
    options: ImportOptions,
  ): Promise<{ defaults: RowDefaults; owners: [string, string][] }> {
    const owners = await assignableOwners(actor);
    // The default owner is checked before any row is read: a typo stops the run, not every row.
    let ownerId: string | null = null;
    if (options.defaults.ownerEmail) {
      const email = normalizeEmail(options.defaults.ownerEmail);
      ownerId = owners.find(([e]) => e === email)?.[1] ?? null;
      if (ownerId === null) {
        throw invalid('defaults.ownerEmail', `No active user ${options.defaults.ownerEmail} who may own contacts.`);
      }
    }
    return { defaults: { source: options.defaults.source, campaign: options.defaults.campaign, ownerId }, owners };
  }

  function storedOptions(options: ImportOptions): string {
    const stored: StoredOptions = {
      mapping: options.mapping,
      onDuplicate: options.onDuplicate,
      defaults: options.defaults,
    };
    return JSON.stringify(stored);
  }

  /**
   * Streams the file through the rules and writes it batch by batch. Each batch is one transaction with the
   * import's progress row, so the row always states exactly what was committed; on any error the batch in
   * progress rolls back and the import is marked failed with the committed counts.
   */
  async function execute(plan: RunPlan): Promise<ImportView> {
    const { importId, actor, options, defaults } = plan;
    const dryRun = options.dryRun;
    const counts: ImportCounts = { processed: 0, created: 0, updated: 0, skipped: 0, rejected: 0, accountsCreated: 0 };
    let lastRow = 1;
    let bytesRead = 0;
    // What earlier batches "did" is remembered in bounded memory: the rows' emails and phones, the existing
    // contacts they matched, the account names they would create. Dry runs write nothing, so they keep every
    // row's; real runs only those of rows that wrote nothing (skipped, unchanged, rejected), which leave no
    // link in import_contacts: a later row repeating one is a repeat whichever batch it falls in.
    const seenEmails = new KeySet();
    const seenPhones = new KeySet();
    /** Phones of rows without an email: a later row with an email and the same phone is the same person. */
    const seenBarePhones = new KeySet();
    const touchedContacts = new KeySet();
    const plannedAccounts = new KeySet();
    const scope = recordScope(actor);
    const createdBy = creatorOf(actor);
    /** Set when this run loads in bulk: its duplicate check then asks memory instead of the indexes. */
    let bulk: BulkLoad | null = null;
    /** Companies a bulk load that lost its work owes a recount, until the transaction that recounts commits. */
    let countsOwed: ReadonlySet<string> | 'all' | null = null;
    const reader: ReaderConfig = {
      file: plan.file,
      delimiter: options.delimiter,
      mapping: options.mapping,
      // A new contact with no source of its own or from the file is marked as imported; an update only
      // fills blanks with what the file states (an existing contact did not come from this import).
      defaults: { ...defaults, source: defaults.source ?? IMPORT_SOURCE },
      phoneRegion,
      owners: plan.owners,
      batchRows: Math.min(plan.txRows, deps.chunkRows ?? CHUNK_ROWS[dialect]),
    };

    /** What one transaction wrote so far: its counts, contacts and how far into the file it got. */
    interface Group {
      counts: ImportCounts;
      contactIds: string[];
      /** Companies' contact counts move once per transaction (a company recurs across chunks). */
      accountDeltas: Map<string, number>;
      lastRow: number;
      bytesRead: number;
    }

    /**
     * Writes one chunk of rows inside the group's transaction. Chunks are small so their objects die young
     * (memory stays flat); transactions span several chunks so commits, and the index pages they write, are
     * few.
     */
    async function writeChunk(trx: Kysely<DB>, batch: ReadRow[], group: Group): Promise<void> {
      const now = clock.now();
      const nowIso = now.toISOString();
      const rejections: RowRejection[] = [];
      const candidates: PreparedCandidate[] = [];
      for (const p of batch) {
        if (p.result.kind === 'rejection') rejections.push(p.result);
        else candidates.push(p.result);
      }
      const rawOf = new Map(batch.map((p) => [p.row, p.raw]));
      const contactIds = group.contactIds;
      const accountDeltas = group.accountDeltas;
      const delta = (id: string | null, n: number) => {
        if (id !== null) accountDeltas.set(id, (accountDeltas.get(id) ?? 0) + n);
      };
      const batchCounts = group.counts;
      // Rows repeating an email or phone of an earlier row of the file are rejected, naming that row: within
      // the batch by key, across batches by the contacts this import wrote (real runs: import_contacts) and by
      // the keys kept in bounded memory.
      const batchKeys = new Map<string, number>();
      const remember = (c: PreparedCandidate, contactId?: string) => {
        if (c.fields.email) seenEmails.firstRow(c.fields.email, c.row);
        if (c.fields.phone) seenPhones.firstRow(c.fields.phone, c.row);
        if (c.fields.phone && !c.fields.email) seenBarePhones.firstRow(c.fields.phone, c.row);
        if (contactId !== undefined) touchedContacts.firstRow(contactId, c.row);
      };
      /** A real run's row that writes nothing: its keys are kept, as no link will name it. */
      const unwritten = (c: PreparedCandidate, contactId?: string) => {
        if (!dryRun) remember(c, contactId);
      };
      const fresh: PreparedCandidate[] = [];
      for (const c of candidates) {
        const { email, phone } = c.fields;
        const sameEmail = email ? (batchKeys.get(`e:${email}`) ?? seenEmails.rowOf(email)) : null;
        // A phone repeats a person only when one of the two rows has no email (phoneMatchIsSamePerson).
        const samePhone = !phone
          ? null
          : email
            ? (batchKeys.get(`b:${phone}`) ?? seenBarePhones.rowOf(phone))
            : (batchKeys.get(`p:${phone}`) ?? seenPhones.rowOf(phone));
        if (sameEmail !== null) {
          rejections.push(reject(c.row, 'email', `Same email as row ${sameEmail} of this file.`));
          continue;
        }
        if (samePhone !== null) {
          rejections.push(reject(c.row, 'phone', `Same phone as row ${samePhone} of this file.`));
          continue;
        }
        if (email) batchKeys.set(`e:${email}`, c.row);
        if (phone && !batchKeys.has(`p:${phone}`)) batchKeys.set(`p:${phone}`, c.row);
        if (phone && !email) batchKeys.set(`b:${phone}`, c.row);
        if (dryRun) remember(c);
        fresh.push(c);
      }

      const emails = fresh.flatMap((c) => (c.fields.email ? [c.fields.email] : []));
      const phones = fresh.flatMap((c) => (c.fields.phone ? [c.fields.phone] : []));
      if (!dryRun) {
        const names = fresh.flatMap((c) => (c.account ? [c.account.matchKey] : []));
        await repo.lockKeys(trx, [...emails, ...phones], names);
      }
      if (bulk && !(await bulk.sync(trx))) {
        log.error({ importId }, 'another process restored the indexes this bulk load set aside; going on without');
        // That process recounted every company when it took the work; the companies this load touched are
        // counted again here, exactly (this transaction's rows so far included), and counted by transaction
        // from here on.
        const owed = bulk.countsOwed();
        bulk = null;
        // Kept until this transaction commits: if it rolls back, the recount does too (see the catch below).
        countsOwed = owed;
        await repo.recountAccounts(owed === 'all' ? null : [...owed, ...group.accountDeltas.keys()], trx);
        group.accountDeltas.clear();
      }
      const matched = bulk ? await bulk.match(trx, emails, phones) : await repo.matchContacts(trx, emails, phones);
      matched.sort((a, b) =>
        a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1,
      );
      const byEmail = new Map<string, MatchedContact>();
      /** Every contact with the phone, oldest first: a row's email decides which of them is its person. */
      const byPhone = new Map<string, MatchedContact[]>();
      for (const m of matched) {
        if (m.email && !byEmail.has(m.email)) byEmail.set(m.email, m);
        if (m.phone) {
          const same = byPhone.get(m.phone);
          if (same) same.push(m);
          else byPhone.set(m.phone, [m]);
        }
      }
      const linked = dryRun ? new Map() : await repo.linkedRows(trx, importId, [...new Set(matched.map((m) => m.id))]);
      const batchTouched = new Map<string, number>();

      const creates: PreparedCandidate[] = [];
      const updates: { candidate: PreparedCandidate; existing: MatchedContact }[] = [];
      for (const c of fresh) {
        const byMail = c.fields.email ? byEmail.get(c.fields.email) : undefined;
        const telMatches = c.fields.phone
          ? (byPhone.get(c.fields.phone) ?? []).filter((m) => phoneMatchIsSamePerson(c.fields.email, m))
          : [];
        const byTel = telMatches[0];
        const existing = byMail ?? byTel;
        if (!existing) {
          creates.push(c);
          continue;
        }
        // A contact an earlier row of this file created or updated (by phone: the first row that had it, as
        // the dry run, which keeps the keys of every row, sees it).
        const telLinks = telMatches.flatMap((m) => linked.get(m.id) ?? []);
        const firstTelLink = telLinks.reduce<(typeof telLinks)[number] | undefined>(
          (first, l) => (first === undefined || l.row < first.row ? l : first),
          undefined,
        );
        const earlierLink = (byMail && linked.get(byMail.id)) || firstTelLink;
        if (earlierLink) {
          const field = byMail && linked.has(byMail.id) ? 'email' : 'phone';
          rejections.push(
            reject(
              c.row,
              field,
              earlierLink.action === 'created'
                ? `Same ${field} as row ${earlierLink.row} of this file.`
                : `Row ${earlierLink.row} of this file already updated the same contact.`,
            ),
          );
          unwritten(c);
          continue;
        }
        const visible = inScope(scope, { ownerId: existing.owner_id, ownerTeamId: existing.owner_team_id });
        if (options.onDuplicate === 'skip' || !visible) {
          batchCounts.skipped++;
          unwritten(c);
          continue;
        }
        if (byMail && byTel && byMail.id !== byTel.id) {
          rejections.push(
            reject(c.row, 'phone', 'The email matches one existing contact and the phone another; merge them first.'),
          );
          unwritten(c);
          continue;
        }
        const earlier = batchTouched.get(existing.id) ?? touchedContacts.rowOf(existing.id);
        if (earlier !== null) {
          rejections.push(
            reject(c.row, byMail ? 'email' : 'phone', `Row ${earlier} of this file already matched the same contact.`),
          );
          unwritten(c);
          continue;
        }
        batchTouched.set(existing.id, c.row);
        if (dryRun) touchedContacts.firstRow(existing.id, c.row);
        updates.push({ candidate: c, existing });
      }

      // Accounts by name, for the rows that create or update: found, or created once per name.
      const accountIds = new Map<string, string>();
      const wanted = [...creates, ...updates.map((u) => u.candidate)].filter((c) => c.account !== null);
      const names = [...new Set(wanted.map((c) => c.account!.matchKey))];
      for (const a of await repo.accountsByName(trx, names)) {
        if (!accountIds.has(a.match_key)) accountIds.set(a.match_key, a.id);
      }
      const newAccounts: unknown[][] = [];
      for (const c of wanted) {
        const account = c.account!;
        if (accountIds.has(account.matchKey)) continue;
        if (dryRun) {
          // Nothing is written, so a name met again in a later batch is remembered here instead.
          if (plannedAccounts.firstRow(account.matchKey, c.row) === null) batchCounts.accountsCreated++;
          // A stand-in id, never written: an update that would link its contact to the company still counts
          // as an update, as it does in the real run.
          accountIds.set(account.matchKey, `planned:${account.matchKey}`);
          continue;
        }
        const id = newId(now.getTime());
        const fields = {
          ...emptyAccount(account.name, defaults.ownerId),
          domain: account.domain,
          industry: account.industry,
          employeeCount: account.employeeCount,
          country: account.country,
        };
        const d = accountDbFields(fields);
        newAccounts.push([
          id,
          d.name,
          d.domain,
          d.industry,
          d.employee_count,
          d.country,
          d.city,
          d.annual_revenue,
          d.owner_id,
          d.custom_fields,
          d.name_norm,
          d.match_key,
          d.search_text,
          createdBy,
          nowIso,
          nowIso,
        ]);
        accountIds.set(account.matchKey, id);
        batchCounts.accountsCreated++;
      }
      const accountOf = (c: PreparedCandidate) => (c.account ? accountIds.get(c.account.matchKey) || null : null);

      const contactRows: unknown[][] = [];
      const links: unknown[][] = [];
      for (const c of creates) {
        batchCounts.created++;
        if (dryRun) continue;
        const id = c.id;
        const f: ContactFields = { ...c.fields, accountId: accountOf(c) };
        contactRows.push([
          id,
          f.firstName,
          f.lastName,
          f.email,
          f.phone,
          f.jobTitle,
          f.seniority,
          f.accountId,
          f.ownerId,
          f.source,
          f.campaign,
          c.customJson,
          c.nameNorm,
          c.searchText,
          createdBy,
          nowIso,
          nowIso,
        ]);
        links.push([importId, c.row, id, 'created']);
        contactIds.push(id);
        delta(f.accountId, 1);
      }

      const updateWrites: { id: string; before: ContactFields; after: ContactFields; row: number }[] = [];
      for (const { candidate, existing } of updates) {
        const before = rowToFields(existing, parseJson(existing.custom_fields, {}));
        const after = updatedFields(before, candidate, accountOf(candidate), defaults);
        if (Object.keys(after.customFields).length > MAX_CUSTOM_FIELDS) {
          rejections.push(
            reject(
              candidate.row,
              'customFields',
              `The contact would have more than ${MAX_CUSTOM_FIELDS} custom fields; remove some of its fields first.`,
            ),
          );
          unwritten(candidate, existing.id);
          continue;
        }
        const diff = changedFields({ ...before }, { ...after });
        if (Object.keys(diff.after).length === 0) {
          batchCounts.skipped++;
          unwritten(candidate, existing.id);
          continue;
        }
        batchCounts.updated++;
        if (!dryRun) updateWrites.push({ id: existing.id, before, after, row: candidate.row });
      }

      if (!dryRun) {
        await repo.insertAccounts(trx, ACCOUNT_COLUMNS, newAccounts);
        await repo.insertContacts(trx, CONTACT_COLUMNS, contactRows);
        for (const u of updateWrites) {
          const a = u.after;
          await repo.updateContact(trx, u.id, {
            first_name: a.firstName,
            last_name: a.lastName,
            email: a.email,
            phone: a.phone,
            job_title: a.jobTitle,
            seniority: a.seniority,
            account_id: a.accountId,
            owner_id: a.ownerId,
            source: a.source,
            campaign: a.campaign,
            custom_fields: JSON.stringify(a.customFields),
            name_norm: contactNameNorm(a),
            search_text: contactSearchText(a),
            updated_at: nowIso,
          });
          // Updates change history someone may need back, so each keeps its own audit entry, marked with
          // the import (creates do not: the import's entry and import_contacts record them, far cheaper).
          const changed = changedFields({ ...u.before }, { ...u.after });
          await appendAudit(trx, plan.audit, {
            at: nowIso,
            entityType: 'contact',
            entityId: u.id,
            action: 'update',
            before: changed.before,
            after: { ...changed.after, importId },
          });
          links.push([importId, u.row, u.id, 'updated']);
          contactIds.push(u.id);
          if (u.before.accountId !== u.after.accountId) {
            delta(u.before.accountId, -1);
            delta(u.after.accountId, 1);
          }
        }
        await repo.insertLinks(trx, links);
      }
      rejections.sort((a, b) => a.row - b.row);
      await repo.insertRejections(
        trx,
        rejections.map((r) => [importId, r.row, r.field, r.reason, rawOf.get(r.row) ?? '[]']),
      );
      batchCounts.processed += batch.length;
      batchCounts.rejected += rejections.length;
      if (batch.length > 0) group.lastRow = batch[batch.length - 1]!.row;
    }

    /**
     * One transaction: chunks from the reader until `txRows` rows, one `contacts.imported` event for the
     * contacts it wrote, and the import's progress row, all committed together.
     */
    async function writeGroup(chunks: AsyncIterator<ReadBatch>, first: ReadBatch): Promise<void> {
      const group: Group = {
        counts: { processed: 0, created: 0, updated: 0, skipped: 0, rejected: 0, accountsCreated: 0 },
        contactIds: [],
        accountDeltas: new Map(),
        lastRow,
        bytesRead,
      };
      await db.transaction().execute(async (trx) => {
        // The contacts this transaction creates are never updated in it (a later row matching one is
        // rejected as a duplicate), so none of them is in the search index's way before it is written.
        const deferred = plan.bulkSearchIndex && !dryRun ? await repo.deferContactSearchIndex(trx) : null;
        let chunk: ReadBatch | null = first;
        while (chunk) {
          await writeChunk(trx, chunk.rows, group);
          group.bytesRead = chunk.bytesRead;
          if (group.counts.processed >= plan.txRows) break;
          const next = await chunks.next();
          chunk = next.done ? null : next.value;
          if (!chunk) ended = true;
        }
        if (deferred) await repo.indexNewContacts(trx, deferred);
        if (!dryRun) {
          if (bulk) bulk.countLater(group.accountDeltas.keys());
          else await repo.addContactCounts(trx, group.accountDeltas);
        }
        if (!dryRun && group.contactIds.length > 0) {
          await outbox.enqueue(trx, [
            {
              type: 'contacts.imported',
              aggregateType: 'import',
              aggregateId: importId,
              payload: { importId, contactIds: group.contactIds },
            },
          ]);
        }
        const c = group.counts;
        await repo.update(
          importId,
          {
            processed: counts.processed + c.processed,
            created: counts.created + c.created,
            updated: counts.updated + c.updated,
            skipped: counts.skipped + c.skipped,
            rejected: counts.rejected + c.rejected,
            accounts_created: counts.accountsCreated + c.accountsCreated,
            last_row: group.lastRow,
            bytes_read: group.bytesRead,
            updated_at: clock.now().toISOString(),
          },
          trx,
        );
      });
      countsOwed = null;
      for (const key of Object.keys(counts) as (keyof ImportCounts)[]) counts[key] += group.counts[key];
      lastRow = group.lastRow;
      bytesRead = group.bytesRead;
      if (group.contactIds.length > 0) outbox.notify();
      plan.onProgress?.({ importId, ...counts, lastRow, bytesRead, fileBytes: plan.fileBytes });
    }

    async function finish(status: 'completed' | 'failed', error: string | null): Promise<void> {
      const at = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        await repo.update(importId, { status, error, bytes_read: bytesRead, finished_at: at, updated_at: at }, trx);
        await appendAudit(trx, plan.audit, {
          at,
          entityType: 'import',
          entityId: importId,
          action: dryRun ? 'dry_run' : 'import',
          before: null,
          after: {
            status,
            fileName: plan.fileName,
            onDuplicate: options.onDuplicate,
            ...counts,
            lastRow,
            ...(error ? { error } : {}),
          },
        });
      });
    }

    const chunks: AsyncIterator<ReadBatch> = (plan.readerThread ? readBatchesInWorker(reader) : readBatches(reader))[
      Symbol.asyncIterator
    ]();
    let ended = false;
    try {
      if (
        plan.bulkLoad &&
        !dryRun &&
        dialect === 'sqlite' &&
        (deps.bulkLoadWhen ?? shouldBulkLoad)(plan.fileBytes, await repo.lastContactRowid())
      ) {
        // A load that cannot start (the database busy, another load finishing) leaves nothing aside: the
        // run goes on as an ordinary import.
        bulk = await startBulkLoad(repo, importId, clock.now(), plan.fileBytes).catch((err: unknown) => {
          log.error({ err, importId }, 'could not start a bulk load; importing with the indexes');
          return null;
        });
      }
      while (!ended) {
        const first = await chunks.next();
        if (first.done) break;
        await writeGroup(chunks, first.value);
        if (plan.collectGarbage) collectGarbage();
        // Let the server answer requests between transactions.
        await new Promise((resolve) => setImmediate(resolve));
        // A cancel of this process's own, or one asked through another server process (cancel()).
        if ((plan.signal?.aborted && plan.signal.reason === CANCELLED) || (await repo.cancelRequested(importId))) {
          throw new AppError('conflict', 'import.cancelled', 'The import was cancelled before the end of the file.');
        }
        if (plan.signal?.aborted) {
          throw new AppError('unavailable', 'import.stopped', 'The import was stopped before the end of the file.');
        }
      }
      bytesRead = plan.fileBytes;
      if (bulk) {
        const load = bulk;
        bulk = null;
        // Every row is committed: a failure here (another writer holding the database past busy_timeout)
        // leaves the work written down for the next process that opens the database or a server's sweep.
        await load
          .finish()
          .catch((err: unknown) => log.error({ err, importId }, 'could not restore the indexes a bulk load set aside'));
      }
      await finish('completed', null);
      // PostgreSQL plans from statistics that autovacuum refreshes only a while after a bulk load; until then
      // list and search queries over the grown tables can pick a sequential scan (see docs/benchmarks.md).
      if (!dryRun && counts.created + counts.updated >= ANALYZE_AFTER_ROWS) {
        await repo.refreshStatistics().catch((err: unknown) => log.error({ err, importId }, 'analyze after import'));
      }
    } catch (err) {
      // Stops the reader (and its thread) when the run ends early.
      await chunks.return?.();
      if (bulk) {
        await bulk
          .finish()
          .catch((restoreErr: unknown) => log.error({ err: restoreErr, importId }, 'could not restore indexes'));
      }
      if (countsOwed) {
        const owed = countsOwed;
        await repo
          .recountAccounts(owed === 'all' ? null : [...owed])
          .catch((recountErr: unknown) => log.error({ err: recountErr, importId }, 'could not recount companies'));
      }
      const where = `Rows up to ${lastRow} were ${dryRun ? 'checked' : 'committed'}; nothing after them was written.`;
      const message = isCsvError(err)
        ? `The file is not valid CSV: ${err.message}. ${where}`
        : err instanceof AppError
          ? `${err.message} ${where}`
          : `The import stopped on an internal error. ${where}`;
      if (!isCsvError(err) && !(err instanceof AppError)) log.error({ err, importId }, 'import failed');
      try {
        await finish('failed', message);
      } catch (finishErr) {
        log.error({ err: finishErr, importId }, 'could not record the failed import');
      }
      if (!isCsvError(err) && !(err instanceof AppError)) throw err;
    }
    return view(importId);
  }

  function checkOptions(headers: string[], input: Omit<ImportOptions, 'mapping'> & { mapping: (string | null)[] }) {
    return { ...input, mapping: validateMapping(input.mapping, headers) } satisfies ImportOptions;
  }

  const fileGone = () =>
    new AppError(
      'conflict',
      'import.finished',
      'This import no longer has its file (it has run, or waited more than 7 days); upload the file again.',
    );

  /**
   * Deletes the files in the upload directory that no import names and that nothing has written for
   * ORPHAN_UPLOAD_AFTER_MS: left by a process that stopped between receiving an upload and registering it
   * (an upload being received is written to all along). Imports are matched by file name, which is a new id
   * per upload, so a data directory reached by another path still matches.
   */
  async function removeOrphanUploads(): Promise<number> {
    const names = await readdir(deps.uploadDir).catch((err: unknown) => {
      if ((err as { code?: unknown }).code === 'ENOENT') return [];
      throw err;
    });
    const cutoff = clock.now().getTime() - ORPHAN_UPLOAD_AFTER_MS;
    const old: string[] = [];
    for (const name of names) {
      if (!name.endsWith('.csv')) continue;
      const info = await stat(join(deps.uploadDir, name)).catch(() => null);
      if (info?.isFile() && info.mtimeMs < cutoff) old.push(name);
    }
    if (old.length === 0) return 0;
    const named = new Set((await repo.keptFilePaths()).map((path) => basename(path)));
    let removed = 0;
    for (const name of old) {
      if (named.has(name)) continue;
      try {
        await rm(join(deps.uploadDir, name), { force: true });
        removed += 1;
      } catch (err) {
        log.error({ err, file: name }, 'could not delete an upload no import names');
      }
    }
    return removed;
  }

  async function deleteFile(importId: string, file: string): Promise<void> {
    await rm(file, { force: true });
    await repo.update(importId, { file_path: null });
  }

  return {
    mayImport: (actor: Actor) => can(actor, 'marketing.manage'),
    assertMayImport,

    /**
     * Writes an upload to a new file under the upload directory, refusing more than the size limit
     * (413) before or while reading. The caller turns it into an import with `createUpload`.
     */
    async receiveUpload(actor: Actor, body: Readable, declaredBytes: number | null): Promise<ReceivedUpload> {
      assertMayImport(actor);
      if (declaredBytes !== null && declaredBytes > deps.maxUploadBytes) throw tooLarge(deps.maxUploadBytes);
      await mkdir(deps.uploadDir, { recursive: true, mode: 0o700 });
      const path = join(deps.uploadDir, `${newId()}.csv`);
      let bytes = 0;
      const limit = deps.maxUploadBytes;
      try {
        await pipeline(
          body,
          async function* (source: AsyncIterable<Buffer>) {
            for await (const chunk of source) {
              bytes += chunk.length;
              if (bytes > limit) throw tooLarge(limit);
              yield chunk;
            }
          },
          createWriteStream(path, { mode: 0o600 }),
        );
      } catch (err) {
        await rm(path, { force: true });
        throw err;
      }
      return new ReceivedUpload(path, bytes);
    },

    /** Registers an uploaded file as an import (status `uploaded`) and previews it. */
    async createUpload(
      actor: Actor,
      upload: { fileName: string; path: string; bytes: number },
    ): Promise<{ import: ImportView; preview: ImportPreview }> {
      assertMayImport(actor);
      try {
        if (upload.bytes === 0) throw invalid('file', 'The file is empty.');
        const head = await readHead(upload.path, null, PREVIEW_ROWS + 1);
        const id = newId();
        const now = clock.now().toISOString();
        await repo.insertImport({
          id,
          status: 'uploaded',
          dry_run: 0,
          file_name: upload.fileName,
          file_path: upload.path,
          file_bytes: upload.bytes,
          delimiter: head.delimiter,
          headers: JSON.stringify(head.headers),
          options: null,
          created_by: creatorOf(actor),
          actor_kind: actorKind(actor),
          created_at: now,
          updated_at: now,
        });
        return {
          import: await view(id),
          preview: {
            delimiter: delimiterName(head.delimiter),
            headers: head.headers,
            rows: head.rows,
            suggestedMapping: suggestMapping(head.headers),
          },
        };
      } catch (err) {
        await rm(upload.path, { force: true });
        throw err;
      }
    },

    async preview(actor: Actor, id: string, delimiter: Delimiter | undefined): Promise<ImportPreview> {
      const row = await load(actor, id);
      if (!row.file_path)
        throw new AppError('conflict', 'import.file_gone', 'The file of this import is no longer kept.');
      const head = await readHead(row.file_path, delimiter ?? (row.delimiter as Delimiter | null), PREVIEW_ROWS + 1);
      return {
        delimiter: delimiterName(head.delimiter),
        headers: head.headers,
        rows: head.rows,
        suggestedMapping: suggestMapping(head.headers),
      };
    },

    /** Indexes a bulk load set aside and could not restore (its process died), created again. */
    restoreAbandonedIndexes: (): Promise<string[]> => restoreAbandonedBulkLoads(repo, clock.now()),

    /**
     * Deletes the files of imports unchanged for UPLOAD_KEPT_MS (uploads never started, dry runs never
     * followed by the real run, runs that stopped); the imports then ask for the file again. Only files in
     * this process's upload directory that exist here: with several servers, each keeps the uploads it
     * received (docs/api.md), and each sweeps its own. Then the files no import names (removeOrphanUploads).
     * Returns how many files it deleted.
     */
    async removeUnusedUploads(pageSize = 100): Promise<number> {
      const before = new Date(clock.now().getTime() - UPLOAD_KEPT_MS).toISOString();
      const dir = resolve(deps.uploadDir) + sep;
      let removed = 0;
      let after: { updated_at: string; id: string } | undefined;
      for (;;) {
        const rows = await repo.filesUnusedSince(before, pageSize, after);
        for (const row of rows) {
          const path = row.file_path;
          if (!path || running.has(row.id) || !resolve(path).startsWith(dir)) continue;
          if (
            !(await stat(path).then(
              (s) => s.isFile(),
              () => false,
            ))
          )
            continue;
          // The row first: a run claimed meanwhile keeps its file, and a forgotten file is never read again.
          if (await repo.releaseFile(row.id, before)) {
            await rm(path, { force: true });
            removed += 1;
          }
        }
        if (rows.length < pageSize) return removed + (await removeOrphanUploads());
        after = rows[rows.length - 1]!;
      }
    },

    /**
     * Starts an uploaded import (or a real run after a dry run) in the background in this process. Progress
     * is read with `get`. A second start of the same import while it runs is a conflict.
     */
    async start(actor: Actor, id: string, input: StartImportInput, audit: AuditContext): Promise<ImportView> {
      const row = await load(actor, id);
      if (!row.file_path) throw fileGone();
      const head = await readHead(row.file_path, input.delimiter ?? (row.delimiter as Delimiter | null), 1).catch(
        (err: unknown) => {
          // Removed as unused meanwhile (see removeUnusedUploads).
          if ((err as { code?: unknown }).code === 'ENOENT') throw fileGone();
          throw err;
        },
      );
      const options = checkOptions(head.headers, {
        mapping: input.mapping,
        dryRun: input.dryRun,
        onDuplicate: input.onDuplicate,
        defaults: {
          source: input.defaults.source ?? null,
          campaign: input.defaults.campaign ?? null,
          ownerEmail: input.defaults.ownerEmail ? input.defaults.ownerEmail : null,
        },
        delimiter: head.delimiter,
      });
      const prepared = await prepare(actor, options);
      const now = clock.now().toISOString();
      const claimed = await db.transaction().execute(async (trx) => {
        const ok = await repo.claim(
          id,
          [{ status: 'uploaded' }, { status: 'completed', dryRun: 1 }, { status: 'failed', dryRun: 1 }],
          {
            status: 'running',
            dry_run: options.dryRun ? 1 : 0,
            delimiter: options.delimiter,
            headers: JSON.stringify(head.headers),
            options: storedOptions(options),
            started_at: now,
            finished_at: null,
            updated_at: now,
            processed: 0,
            created: 0,
            updated: 0,
            skipped: 0,
            rejected: 0,
            accounts_created: 0,
            last_row: 0,
            bytes_read: 0,
            error: null,
            // A cancel asked of an earlier (dry) run is not one of this run.
            cancel_requested_at: null,
          },
          trx,
        );
        // A dry run's report gives way to the next run's.
        if (ok) await repo.deleteResults(id, trx);
        return ok;
      });
      if (!claimed) {
        if ((await load(actor, id)).file_path === null) throw fileGone();
        throw new AppError('conflict', 'import.not_startable', 'This import is running or has already run.');
      }
      const file = row.file_path;
      const controller = new AbortController();
      const done = execute({
        importId: id,
        actor,
        audit,
        file,
        fileName: row.file_name,
        fileBytes: Number(row.file_bytes),
        options,
        ...prepared,
        txRows: deps.batchRows ?? BATCH_ROWS[dialect],
        readerThread: Number(row.file_bytes) >= workerMinBytes,
        bulkSearchIndex: false,
        collectGarbage: false,
        bulkLoad: false,
        signal: controller.signal,
      })
        .then(async () => {
          if (!options.dryRun) await deleteFile(id, file);
        })
        .catch((err: unknown) => log.error({ err, importId: id }, 'import run failed'))
        .finally(() => running.delete(id));
      running.set(id, { controller, done });
      return view(id);
    },

    /**
     * Runs an import of a local file to the end in the foreground (the CLI): the import row is created
     * here, progress goes to `onProgress` after every committed batch.
     */
    async runFile(
      actor: Actor,
      file: string,
      input: {
        fileName: string;
        mapping: (headers: string[]) => (string | null)[];
        dryRun: boolean;
        onDuplicate: ImportOptions['onDuplicate'];
        defaults: ImportOptions['defaults'];
        delimiter: Delimiter | null;
      },
      hooks: { onProgress?: (p: ImportProgress) => void; signal?: AbortSignal } = {},
    ): Promise<ImportView> {
      assertMayImport(actor);
      const info = await stat(file);
      if (!info.isFile()) throw invalid('file', `${file} is not a file.`);
      if (info.size === 0) throw invalid('file', 'The file is empty.');
      const head = await readHead(file, input.delimiter, 1);
      const options = checkOptions(head.headers, {
        ...input,
        mapping: input.mapping(head.headers),
        delimiter: head.delimiter,
      });
      const prepared = await prepare(actor, options);
      // The process does nothing else: a smaller SQLite page cache keeps its memory low and, for the
      // append-heavy work of an import, costs no measurable speed.
      await repo.importSession('indexed');
      const id = newId();
      const now = clock.now().toISOString();
      await repo.insertImport({
        id,
        status: 'running',
        dry_run: options.dryRun ? 1 : 0,
        file_name: input.fileName,
        file_path: null,
        file_bytes: info.size,
        delimiter: options.delimiter,
        headers: JSON.stringify(head.headers),
        options: storedOptions(options),
        created_by: creatorOf(actor),
        actor_kind: actorKind(actor),
        created_at: now,
        updated_at: now,
        started_at: now,
      });
      return execute({
        importId: id,
        actor,
        audit: { actor },
        file,
        fileName: input.fileName,
        fileBytes: info.size,
        options,
        ...prepared,
        txRows: deps.batchRows ?? CLI_BATCH_ROWS[dialect],
        // Reading and validating (about 50 µs a row of CPU) run on a second thread beside the database
        // writes, whose thread is then mostly SQLite's. The reader's heap is capped (reader-thread.ts) and
        // the writer's is collected between transactions (garbage.ts): 1,000,000 rows peaked at about
        // 250 MB with the 40 MiB page cache, against 309 MB on one thread with 16 MiB before.
        readerThread: true,
        bulkSearchIndex: true,
        collectGarbage: true,
        bulkLoad: true,
        signal: hooks.signal,
        onProgress: hooks.onProgress,
      });
    },

    /** The headers of a local file (for the CLI's `--map`), with the delimiter given or detected. */
    headersOf: async (file: string, delimiter: Delimiter | null) => readHead(file, delimiter, 1),

    get: async (actor: Actor, id: string): Promise<ImportView> => {
      await load(actor, id);
      return view(id);
    },

    async list(
      actor: Actor,
      query: { cursor?: string | undefined; limit: number },
    ): Promise<{ items: ImportView[]; nextCursor: string | null }> {
      assertMayImport(actor);
      let before: { createdAt: string; id: string } | null = null;
      if (query.cursor) {
        try {
          const [createdAt, id] = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as unknown[];
          if (typeof createdAt !== 'string' || typeof id !== 'string') throw new Error('shape');
          before = { createdAt, id };
        } catch {
          throw invalid('cursor', 'Not a cursor returned by this list.');
        }
      }
      const rows = await repo.list(query.limit + 1, before);
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const now = clock.now();
      return {
        items: page.map((r) => toImportView(r, { active: running.has(r.id), now })),
        nextCursor:
          rows.length > query.limit && last
            ? Buffer.from(JSON.stringify([last.created_at, last.id])).toString('base64url')
            : null,
      };
    },

    /**
     * The rejected rows as CSV (UTF-8 with a byte order mark, so spreadsheets read Persian right): the row,
     * the field at fault with its column, the reason, then the row's own cells. Every cell a person typed is
     * neutralised against spreadsheet formulas.
     */
    async rejectionsCsv(actor: Actor, id: string): Promise<{ fileName: string; lines: AsyncIterable<string> }> {
      const row = await load(actor, id);
      const headers = parseJson<string[] | null>(row.headers, null) ?? [];
      const mapping = parseJson<StoredOptions | null>(row.options, null)?.mapping ?? [];
      const columnOf = (field: string) => {
        const index = mapping.indexOf(field as Mapping[number]);
        return index >= 0 ? (headers[index] ?? '') : '';
      };
      async function* lines(): AsyncIterable<string> {
        yield UTF8_BOM + csvLine(['row', 'field', 'column', 'reason', ...headers]);
        let after = 0;
        for (;;) {
          const page = await repo.rejections(id, after, 1000);
          for (const r of page) {
            const raw = parseJson<string[]>(r.raw, []);
            yield csvLine([r.row_number, r.field, columnOf(r.field), r.reason, ...raw]);
          }
          if (page.length < 1000) return;
          after = page[page.length - 1]!.row_number;
        }
      }
      const base = row.file_name.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}_.-]+/gu, '_') || 'import';
      return { fileName: `${base}-rejected-rows.csv`, lines: lines() };
    },

    /**
     * Cancels a background run of this process, as the command line's Ctrl-C does: the batch in progress
     * commits with its rejected rows, nothing after it is read, and the import is marked failed saying up to
     * which row it committed. Answers once the run has ended. A run that is not running here is a conflict:
     * finished (or finishing before the cancel took effect). A run in another server process is asked to stop
     * through the database (requestCancelElsewhere). Audited as `cancel` under the one who cancelled.
     */
    async cancel(actor: Actor, id: string, audit: AuditContext): Promise<ImportView> {
      const row = await load(actor, id);
      const run = running.get(id);
      if (!run) {
        const status = toImportView(row, { active: false, now: clock.now() }).status;
        if (status === 'running') return requestCancelElsewhere(id, audit);
        const why =
          status === 'uploaded'
            ? 'it has not started'
            : status === 'interrupted'
              ? 'its server stopped while it ran'
              : 'it has already finished';
        throw new AppError('conflict', 'import.not_running', `This import is not running: ${why}.`);
      }
      run.controller.abort(CANCELLED);
      await run.done;
      const ended = await view(id);
      if (ended.status === 'completed') {
        throw new AppError('conflict', 'import.not_running', 'This import finished before it could be cancelled.');
      }
      // The run's own entry names who started it; this one who stopped it, and where.
      await appendAudit(db, audit, {
        at: clock.now().toISOString(),
        entityType: 'import',
        entityId: id,
        action: 'cancel',
        before: null,
        after: { status: ended.status, lastRow: ended.progress.lastRow },
      });
      return ended;
    },

    /**
     * Deletes an import that never ran for real (an upload, or only dry runs) with its dry run's rejected
     * rows and its uploaded file, so abandoned uploads leave no trace in the history. An import that runs or
     * ran for real is a conflict and stays as it is: its record tells where contacts came from.
     */
    async remove(actor: Actor, id: string, audit: AuditContext): Promise<void> {
      await load(actor, id);
      if (running.has(id)) throw notRemovable();
      const at = clock.now().toISOString();
      const removed = await db.transaction().execute(async (trx) => {
        const result = await repo.deleteUnrun(id, trx);
        if (!result) throw notFound('import');
        if (!result.deleted) return null;
        await appendAudit(trx, audit, {
          at,
          entityType: 'import',
          entityId: id,
          action: 'delete',
          before: { status: result.row.status, dryRun: result.row.dry_run === 1, fileName: result.row.file_name },
          after: null,
        });
        return result.row;
      });
      if (!removed) throw notRemovable();
      // Only a file this server received: never a file a command-line run read in place.
      const path = removed.file_path;
      if (path && resolve(path).startsWith(resolve(deps.uploadDir) + sep)) {
        await rm(path, { force: true }).catch((err: unknown) =>
          // The import is gone either way; the file no import names is swept later (removeOrphanUploads).
          log.error({ err, importId: id, file: path }, 'could not delete the file of a removed import'),
        );
      }
    },

    /** Stops background runs between batches (shutdown); each is marked failed with what it committed. */
    async stop(): Promise<void> {
      for (const run of running.values()) run.controller.abort();
      await Promise.all([...running.values()].map((r) => r.done));
    },

    /** Resolves when the import's background run (if any) in this process ends. For tests. */
    async settled(id: string): Promise<void> {
      await running.get(id)?.done;
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
