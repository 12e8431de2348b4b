import type SQLite from 'better-sqlite3';
import type { Insertable, Kysely } from 'kysely';
import { dialectOf } from '../../db/database.js';
import type { DB, EventsTable } from '../../db/schema.js';
import { prepareSqliteEnqueue, type DomainEvent } from '../../jobs/outbox.js';
import type { Utm } from './tracking.js';

/** SQLite allows 32,766 bound values per statement; 14 columns x 500 rows stays well inside. */
const ROWS_PER_INSERT = 500;

/**
 * A visitor's last-seen time is kept to the minute: rewriting it on every event would rewrite a visitor row
 * (a random page of the table, a dead tuple on PostgreSQL) per page view, for a time nobody needs finer.
 */
export const VISITOR_TOUCH_MS = 60_000;

/** How long the SQLite appender's BEGIN waits for another connection's write lock before giving the turn back. */
export const SQLITE_BEGIN_WAIT_MS = 10;

export type NewEvent = Insertable<EventsTable>;

/** True when a visitor last seen at `lastSeen` should be stamped `now`. */
export function visitorNeedsTouch(lastSeen: string, now: string): boolean {
  return Date.parse(now) - Date.parse(lastSeen) >= VISITOR_TOUCH_MS;
}

/** The distinct visitors of a batch, sorted (a stable lock order on PostgreSQL). */
function visitorsOf(events: readonly NewEvent[]): string[] {
  return [...new Set(events.map((e) => e.visitor_id).filter((v): v is string => !!v))].sort();
}

/** Events of a visitor already merged into a contact go to that contact. */
function attribute(events: readonly NewEvent[], known: ReadonlyMap<string, string>): readonly NewEvent[] {
  if (known.size === 0) return events;
  return events.map((e) => {
    const contactId = !e.contact_id && e.visitor_id ? known.get(e.visitor_id) : undefined;
    return contactId ? { ...e, contact_id: contactId } : e;
  });
}

/** Pieces of at most ROWS_PER_INSERT, for statements with one bound value (or row) per item. */
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_INSERT) out.push(items.slice(i, i + ROWS_PER_INSERT));
  return out;
}

function contactsOf(events: readonly NewEvent[]): string[] {
  return [...new Set(events.map((r) => r.contact_id).filter((c): c is string => !!c))];
}

/**
 * Events recorded for a contact by name (the API, forms, email links) rather than through a visitor: the
 * only ones whose contact the append itself checks. Whoever sends one for a contact that does not exist
 * (deleted, merged away, never was) hears so; the batch it shares a commit with is stored without it.
 */
function namesContact(e: NewEvent): e is NewEvent & { contact_id: string } {
  return !e.visitor_id && !!e.contact_id;
}

/** What an append did: the contacts whose events were stored, and the named contacts that do not exist. */
export interface Appended {
  contactIds: string[];
  missing: ReadonlySet<string>;
}

const NONE_MISSING: ReadonlySet<string> = new Set();

export function createTrackingRepository() {
  return {
    /**
     * Appends events in the caller's transaction and keeps their visitors' first/last seen times. Events of
     * a visitor already merged into a contact are attributed to that contact. Events naming a contact that
     * does not exist are left out and reported (`namesContact`).
     */
    async append(trx: Kysely<DB>, events: NewEvent[], now: string): Promise<Appended> {
      const postgres = dialectOf(trx) === 'postgres';
      const visitorIds = visitorsOf(events);
      const known = new Map<string, string>();
      const stale: string[] = [];
      const seen = new Set<string>();
      const anonymous: string[] = [];
      for (const chunk of chunks(visitorIds)) {
        const found = await trx
          .selectFrom('visitors')
          .select(['id', 'contact_id', 'last_seen_at'])
          .where('id', 'in', chunk)
          .execute();
        for (const v of found) {
          seen.add(v.id);
          if (v.contact_id) known.set(v.id, v.contact_id);
          else anonymous.push(v.id);
          if (visitorNeedsTouch(v.last_seen_at, now)) stale.push(v.id);
        }
      }
      // PostgreSQL: anonymous visitors stay locked until commit, so a merge of one of them (identify updates
      // the row) waits for these events and then moves them, or goes first: the locked read then skips the
      // visitor (no longer anonymous) and it is read again with its contact. Only anonymous ones: merging or
      // deleting a contact updates its visitors after locking the contact, while these events' foreign key
      // waits on the contact; locking its visitors here would close that circle. NO KEY UPDATE rather than
      // SHARE: two appends of one visitor queue instead of both holding a share lock and both updating; in
      // id order, so two appends of overlapping batches take them in the same order. SQLite serialises
      // writers anyway.
      if (postgres && anonymous.length > 0) {
        const still = new Set<string>();
        for (const chunk of chunks(anonymous)) {
          const locked = await trx
            .selectFrom('visitors')
            .select('id')
            .where('id', 'in', chunk)
            .where('contact_id', 'is', null)
            .orderBy('id')
            .forNoKeyUpdate()
            .execute();
          for (const v of locked) still.add(v.id);
        }
        const merged = anonymous.filter((id) => !still.has(id));
        for (const chunk of chunks(merged)) {
          const rows = await trx.selectFrom('visitors').select(['id', 'contact_id']).where('id', 'in', chunk).execute();
          for (const r of rows) if (r.contact_id) known.set(r.id, r.contact_id);
        }
      }
      // New visitors: an upsert, so one that another process inserted (or merged) meanwhile still answers
      // with its contact.
      const fresh = visitorIds.filter((id) => !seen.has(id));
      for (const chunk of chunks(fresh)) {
        const rows = await trx
          .insertInto('visitors')
          .values(chunk.map((id) => ({ id, first_seen_at: now, last_seen_at: now })))
          .onConflict((oc) => oc.column('id').doUpdateSet({ last_seen_at: now }))
          .returning(['id', 'contact_id'])
          .execute();
        for (const r of rows) if (r.contact_id) known.set(r.id, r.contact_id);
      }
      let rows = attribute(events, known);
      // PostgreSQL: the events' foreign keys lock their contacts (KEY SHARE) in the order of the rows. A merge
      // or a bulk rescore locks contacts in id order: take them in that order first, so this transaction
      // never holds a later contact while waiting for an earlier one. The same read tells which named
      // contacts exist; SQLite asks only about those.
      const named = new Set(rows.filter(namesContact).map((e) => e.contact_id));
      const toCheck = postgres ? contactsOf(rows) : [...named];
      const found = new Set<string>();
      for (const chunk of chunks(toCheck.sort())) {
        const q = trx.selectFrom('contacts').select('id').where('id', 'in', chunk);
        for (const r of await (postgres ? q.orderBy('id').forKeyShare() : q).execute()) found.add(r.id);
      }
      const missing = new Set([...named].filter((id) => !found.has(id)));
      if (missing.size > 0) rows = rows.filter((e) => !(namesContact(e) && missing.has(e.contact_id)));
      const contactIds = contactsOf(rows);
      for (const chunk of chunks(rows)) await trx.insertInto('events').values(chunk).execute();
      // Last: a merged visitor's row is locked only after the events' foreign keys have their contacts, the
      // order a contact merge or delete takes them in (contact, then its visitors); in id order on PostgreSQL.
      for (const chunk of chunks(stale)) {
        await trx
          .updateTable('visitors')
          .set({ last_seen_at: now })
          .where('id', 'in', (eb) => {
            const ids = eb.selectFrom('visitors').select('id').where('id', 'in', chunk);
            return postgres ? ids.orderBy('id').forNoKeyUpdate() : ids;
          })
          .execute();
      }
      return { contactIds, missing: missing.size > 0 ? missing : NONE_MISSING };
    },

    /**
     * Merges an anonymous visitor into a contact: the visitor's later events go to the contact, and its
     * anonymous history moves over. Events already attributed (to this or another contact, when a browser
     * is shared) keep their contact. Returns how many events moved.
     */
    async identify(trx: Kysely<DB>, visitorId: string, contactId: string, now: string): Promise<number> {
      await trx
        .insertInto('visitors')
        .values({ id: visitorId, contact_id: contactId, first_seen_at: now, last_seen_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ contact_id: contactId, last_seen_at: now }))
        .execute();
      const moved = await trx
        .updateTable('events')
        .set({ contact_id: contactId })
        .where('visitor_id', '=', visitorId)
        .where('contact_id', 'is', null)
        .executeTakeFirst();
      return Number(moved.numUpdatedRows);
    },

    /** The UTM parameters of the visitor's latest event that carried a source, or null. */
    async latestUtm(trx: Kysely<DB>, visitorId: string): Promise<Utm | null> {
      const row = await trx
        .selectFrom('events')
        .select(['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'])
        .where('visitor_id', '=', visitorId)
        .where('utm_source', 'is not', null)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row
        ? {
            source: row.utm_source,
            medium: row.utm_medium,
            campaign: row.utm_campaign,
            term: row.utm_term,
            content: row.utm_content,
          }
        : null;
    },
  };
}

type EventValues = [
  string | null,
  string | null,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
];

/**
 * `append` for SQLite's group commit, on a raw connection through prepared statements: a batch of beacons
 * then costs the inserts themselves rather than building each statement anew (see docs/benchmarks.md). Same
 * rules as `append`: visitors' times kept to the minute, events of merged visitors attributed, and the
 * reactions (`reactions(contactIds)`) enqueued in the same transaction. Call it only while holding the
 * connection (`Database.exclusive`), which runs on the request thread.
 */
export function createSqliteEventAppender(
  sqlite: SQLite.Database,
  reactions: (contactIds: readonly string[]) => readonly DomainEvent[],
) {
  const findVisitor = sqlite.prepare<[string], { contact_id: string | null; last_seen_at: string }>(
    'select contact_id, last_seen_at from visitors where id = ?',
  );
  const insertVisitor = sqlite.prepare<[string, string, string]>(
    'insert into visitors (id, first_seen_at, last_seen_at) values (?, ?, ?)',
  );
  const touchVisitor = sqlite.prepare<[string, string]>('update visitors set last_seen_at = ? where id = ?');
  const contactExists = sqlite.prepare<[string], { id: string }>('select id from contacts where id = ?');
  const insertEvent = sqlite.prepare<EventValues>(
    'insert into events (visitor_id, contact_id, type, occurred_at, received_at, url, referrer, utm_source, ' +
      'utm_medium, utm_campaign, utm_term, utm_content, properties) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const enqueue = prepareSqliteEnqueue(sqlite);
  const begin = sqlite.prepare('begin immediate');
  const commit = sqlite.prepare('commit');
  const rollback = sqlite.prepare('rollback');
  // The connection's own wait for a lock (busy_timeout) would park the request thread for seconds while
  // another process (a CLI import) writes; BEGIN waits briefly instead and the caller retries later.
  // (A PRAGMA takes effect when prepared, not when run: it cannot be kept as a prepared statement.)
  const connectionWait = () => Number(sqlite.pragma('busy_timeout', { simple: true }));

  function appendInTransaction(events: readonly NewEvent[], now: string): ReadonlySet<string> {
    const known = new Map<string, string>();
    for (const id of visitorsOf(events)) {
      const visitor = findVisitor.get(id);
      if (!visitor) insertVisitor.run(id, now, now);
      else {
        if (visitor.contact_id) known.set(id, visitor.contact_id);
        if (visitorNeedsTouch(visitor.last_seen_at, now)) touchVisitor.run(now, id);
      }
    }
    let rows = attribute(events, known);
    const missing = new Set<string>();
    for (const e of rows) if (namesContact(e) && !contactExists.get(e.contact_id)) missing.add(e.contact_id);
    if (missing.size > 0) rows = rows.filter((e) => !(namesContact(e) && missing.has(e.contact_id)));
    for (const e of rows) {
      insertEvent.run(
        e.visitor_id ?? null,
        e.contact_id ?? null,
        e.type,
        e.occurred_at,
        e.received_at,
        e.url ?? null,
        e.referrer ?? null,
        e.utm_source ?? null,
        e.utm_medium ?? null,
        e.utm_campaign ?? null,
        e.utm_term ?? null,
        e.utm_content ?? null,
        e.properties,
      );
    }
    enqueue(reactions(contactsOf(rows)), now);
    return missing.size > 0 ? missing : NONE_MISSING;
  }

  /** BEGIN IMMEDIATE, waiting at most SQLITE_BEGIN_WAIT_MS for another connection's write lock. */
  function tryBegin(): boolean {
    const wait = connectionWait();
    sqlite.pragma(`busy_timeout = ${SQLITE_BEGIN_WAIT_MS}`);
    try {
      begin.run();
      return true;
    } catch (err) {
      if (String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY')) return false;
      throw err;
    } finally {
      sqlite.pragma(`busy_timeout = ${wait}`);
    }
  }

  return {
    /** The connection's own lock wait, which callers retrying `append` should not exceed in all. */
    lockWaitMs: (): number => connectionWait(),

    /**
     * Appends in a transaction of its own, committed before it returns; rolled back on any error. Returns
     * the named contacts that do not exist (their events left out), or null, with nothing done, when another
     * connection held the write lock.
     */
    append(events: readonly NewEvent[], now: string): ReadonlySet<string> | null {
      if (sqlite.inTransaction) throw new Error('The event appender needs the connection outside any transaction.');
      if (!tryBegin()) return null;
      try {
        const missing = appendInTransaction(events, now);
        commit.run();
        return missing;
      } catch (err) {
        try {
          if (sqlite.inTransaction) rollback.run();
        } catch {
          // The statement's own error is the one to report; SQLite ends a transaction it cannot roll back.
        }
        throw err;
      }
    },
  };
}
