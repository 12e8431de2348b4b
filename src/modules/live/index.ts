export { createLocalFeed, createPostgresFeed, feedChannel, type ContactFeed, type FeedLogger } from './feed.js';
export { liveRoutes, MAX_STREAMS_PER_USER } from './live.routes.js';
export { liveReactions } from './reactions.js';
