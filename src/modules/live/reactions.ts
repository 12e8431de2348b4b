import type { Reaction } from '../../jobs/worker.js';
import type { ContactFeed } from './feed.js';

const idsOf = (values: readonly unknown[]) => values.filter((v): v is string => typeof v === 'string' && v !== '');

/**
 * A contact that is deleted, or merged into another, tells the pages open on it (and, for a merge, on the
 * contact that took its history): they ask the API again and show that it is gone, instead of finding out at
 * their next poll.
 */
export function liveReactions(feed: ContactFeed): Reaction[] {
  return [
    {
      name: 'live.contact_deleted',
      eventType: 'contact.deleted',
      handle: (event, trx) => feed.changed(trx, idsOf([event.payload.id])),
    },
    {
      name: 'live.contact_merged',
      eventType: 'contact.merged',
      handle: (event, trx) => feed.changed(trx, idsOf([event.payload.loserId, event.payload.id])),
    },
  ];
}
