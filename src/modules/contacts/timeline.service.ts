import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../auth/index.js';
import { decodeTimelineCursor, mergeTimeline, type TimelineItem } from './timeline.js';
import { createTimelineRepository } from './timeline.repository.js';

/** A contact's timeline for someone who may see the contact (404 otherwise, like the contact itself). */
export function createTimelineService(deps: {
  db: Kysely<DB>;
  loadVisible: (actor: Actor, id: string) => Promise<unknown>;
}) {
  const repo = createTimelineRepository(deps.db);
  return {
    async timeline(
      actor: Actor,
      contactId: string,
      page: { cursor?: string | undefined; limit: number },
    ): Promise<{ items: TimelineItem[]; nextCursor: string | null }> {
      await deps.loadVisible(actor, contactId);
      const cursor = page.cursor ? decodeTimelineCursor(page.cursor) : null;
      // One more than a page from each source tells whether anything follows the merged page.
      const events = await repo.events(contactId, cursor, page.limit + 1);
      const changes = await repo.temperatureChanges(contactId, cursor, page.limit + 1);
      return mergeTimeline([events, changes], page.limit);
    },
  };
}
