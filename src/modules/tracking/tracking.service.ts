import type { Kysely } from 'kysely';
import { isDataError, isTransientError, type Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Outbox } from '../../jobs/outbox.js';
import type { Clock } from '../../shared/clock.js';
import { notFound } from '../../shared/errors.js';
import { createGroupCommitWriter } from './event-writer.js';
import { appendWithReactions, eventRecorded } from './append.js';
import { createSqliteEventAppender, createTrackingRepository, type NewEvent } from './tracking.repository.js';
import {
  isBot,
  occurredAt,
  pageOf,
  safeUrl,
  visitorIdSchema,
  isBrowserEventType,
  type EventBatch,
  type TrackedEvent,
  type Utm,
} from './tracking.js';

/** An event about a known contact, as other modules and integrations describe it. */
export interface ContactEvent {
  type: string;
  occurredAt?: string | undefined;
  url?: string | undefined;
  properties?: Record<string, string | number | boolean | null> | undefined;
}

/**
 * PostgreSQL: a commit waits up to 2 ms for more beacons (or until 256 rows are queued), so under load each
 * round trip carries dozens of requests instead of one or two, for an answer 2 ms later at most. SQLite
 * commits synchronously on this thread: the beacons that arrive while one commit runs make up the next.
 */
const GATHER = { rows: 256, ms: 2 };

const retryPerRequest = (err: unknown) => isDataError(err) || isTransientError(err);

export function createTrackingService(deps: { database: Database; clock: Clock; outbox: Outbox }) {
  const { clock, outbox } = deps;
  const { db, exclusive } = deps.database;
  const repo = createTrackingRepository();

  /** Appends in the caller's transaction; returns the named contacts that do not exist (events left out). */
  async function appendNow(trx: Kysely<DB>, rows: NewEvent[]): Promise<ReadonlySet<string>> {
    return appendWithReactions(trx, outbox, rows, clock.now().toISOString());
  }

  // Prepared on the first commit: statements cannot be prepared before the migrations have run.
  let appender: ReturnType<typeof createSqliteEventAppender> | undefined;

  /**
   * SQLite: commits on this thread while holding the connection. When another process holds the write lock
   * (a CLI import), gives the connection and the thread back and tries again shortly, for as long as the
   * connection would have waited by itself; then fails with SQLITE_BUSY like any other statement would.
   */
  async function commitOnConnection(
    run: NonNullable<Database['exclusive']>,
    rows: readonly NewEvent[],
  ): Promise<ReadonlySet<string>> {
    const started = performance.now();
    for (let attempt = 0; ; attempt += 1) {
      const missing = await run((sqlite) => {
        appender ??= createSqliteEventAppender(sqlite, eventRecorded);
        return appender.append(rows, clock.now().toISOString());
      });
      if (missing) return missing;
      if (performance.now() - started >= appender!.lockWaitMs()) {
        throw Object.assign(new Error('The database stayed locked by another connection.'), { code: 'SQLITE_BUSY' });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, 5 * 2 ** attempt)));
    }
  }

  // Each commit answers with the named contacts that do not exist (see recordForContact).
  const writer = createGroupCommitWriter<NewEvent, ReadonlySet<string>>(
    async (rows) => {
      const missing = exclusive
        ? await commitOnConnection(exclusive, rows)
        : await db.transaction().execute((trx) => appendNow(trx, rows));
      outbox.notify();
      return missing;
    },
    // A locked or failing database fails the batch at once. A data error is tried request by request, and so
    // is a transient one (a deadlock victim, a serialization failure), each in a fresh transaction.
    exclusive ? { mayBeOneRequest: retryPerRequest } : { gather: GATHER, mayBeOneRequest: retryPerRequest },
  );

  function toRow(visitorId: string, e: TrackedEvent, receivedAt: Date): NewEvent {
    const { url, utm } = pageOf(e.url);
    const properties = { ...(e.properties ?? {}), ...(e.title ? { title: e.title } : {}) };
    return {
      visitor_id: visitorId,
      contact_id: null,
      type: e.type,
      occurred_at: occurredAt(e.occurredAt, receivedAt),
      received_at: receivedAt.toISOString(),
      url,
      referrer: safeUrl(e.referrer),
      utm_source: utm.source,
      utm_medium: utm.medium,
      utm_campaign: utm.campaign,
      utm_term: utm.term,
      utm_content: utm.content,
      properties: JSON.stringify(properties),
    };
  }

  return {
    writer,

    /** Waits for queued events to be committed (shutdown). */
    async close(): Promise<void> {
      await writer.drain();
    },

    /**
     * Appends a browser's batch durably (group commit) and answers how many events were kept. Bots get the
     * same answer shape with nothing kept, so the endpoint tells a scraper nothing.
     */
    async record(batch: EventBatch, userAgent: string | undefined): Promise<{ accepted: number }> {
      if (isBot(userAgent)) return { accepted: 0 };
      const now = clock.now();
      const rows = batch.events.map((e) => toRow(batch.visitorId, e, now));
      await writer.write(rows);
      return { accepted: rows.length };
    },

    /**
     * Records one event for a known contact (integrations, sales tools, later forms and email clicks), and
     * the rescoring it triggers, right away.
     */
    /**
     * Records an event for a contact through the group commit, like website events: one transaction serves
     * many callers. Checks in that transaction that the contact exists (404 otherwise, nothing stored);
     * whether the caller may see it is the caller's to check.
     */
    async recordForContact(contactId: string, event: ContactEvent): Promise<void> {
      const row = { ...toRow('', event, clock.now()), visitor_id: null, contact_id: contactId };
      const missing = await writer.write([row]);
      if (missing?.has(contactId)) throw notFound('contact');
    },

    /**
     * Records one event for a contact inside the caller's transaction (form submissions, email clicks, the
     * lead API), so the event commits or rolls back with the change that caused it.
     */
    async recordInTransaction(
      trx: Kysely<DB>,
      contactId: string,
      event: ContactEvent & { referrer?: string | undefined; campaign?: string | null | undefined },
      visitorId: string | null = null,
    ): Promise<void> {
      const row = { ...toRow(visitorId ?? '', event, clock.now()), visitor_id: visitorId, contact_id: contactId };
      // A form's or email's own campaign is the event's campaign (engagement rules match on it); the page's
      // UTM campaign stays on the submission.
      if (event.campaign) row.utm_campaign = event.campaign;
      if ((await appendNow(trx, [row])).size > 0) throw notFound('contact');
    },

    /**
     * Merges a visitor's anonymous history into a contact (a form submitted, a tracked email link clicked),
     * in the caller's transaction; the contact is rescored when events moved.
     */
    async identify(trx: Kysely<DB>, visitorId: string, contactId: string): Promise<number> {
      const moved = await repo.identify(trx, visitorId, contactId, clock.now().toISOString());
      if (moved > 0) {
        await outbox.enqueue(trx, [
          { type: 'event.recorded', aggregateType: 'contact', aggregateId: contactId, payload: { contactId } },
        ]);
      }
      return moved;
    },

    /**
     * Where a visitor came from, for a conversion on a page without UTM parameters of its own: the UTM
     * parameters of the visitor's latest visit that had them (last-touch attribution), or null.
     */
    lastTouch(trx: Kysely<DB>, visitorId: string): Promise<Utm | null> {
      return repo.latestUtm(trx, visitorId);
    },

    /** The image pixel: records one event when its parameters are valid; the caller always answers a GIF. */
    async pixel(query: Record<string, unknown>, userAgent: string | undefined): Promise<boolean> {
      const visitor = visitorIdSchema.safeParse(query.v);
      const type = typeof query.e === 'string' ? query.e : 'page_view';
      if (!visitor.success || !isBrowserEventType(type) || isBot(userAgent)) return false;
      const url = typeof query.u === 'string' ? query.u : undefined;
      await writer.write([toRow(visitor.data, { type, url }, clock.now())]);
      return true;
    },
  };
}

export type TrackingService = ReturnType<typeof createTrackingService>;
