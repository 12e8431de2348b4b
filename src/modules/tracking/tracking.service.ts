import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { createGroupCommitWriter } from './event-writer.js';
import { createTrackingRepository, type NewEvent } from './tracking.repository.js';
import {
  isBot,
  occurredAt,
  safeUrl,
  utmOf,
  visitorIdSchema,
  EVENT_TYPE_RE,
  type EventBatch,
  type TrackedEvent,
} from './tracking.js';

export function createTrackingService(deps: { database: Database; clock: Clock }) {
  const { clock } = deps;
  const repo = createTrackingRepository(deps.database.db);
  const writer = createGroupCommitWriter<NewEvent>((rows) => repo.append(rows, clock.now().toISOString()));

  function toRow(visitorId: string, e: TrackedEvent, receivedAt: Date): NewEvent {
    const url = safeUrl(e.url);
    const utm = utmOf(url ?? undefined);
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

    /** The image pixel: records one event when its parameters are valid; the caller always answers a GIF. */
    async pixel(query: Record<string, unknown>, userAgent: string | undefined): Promise<boolean> {
      const visitor = visitorIdSchema.safeParse(query.v);
      const type = typeof query.e === 'string' ? query.e : 'page_view';
      if (!visitor.success || !EVENT_TYPE_RE.test(type) || isBot(userAgent)) return false;
      const url = typeof query.u === 'string' ? query.u : undefined;
      await writer.write([toRow(visitor.data, { type, url }, clock.now())]);
      return true;
    },
  };
}

export type TrackingService = ReturnType<typeof createTrackingService>;
