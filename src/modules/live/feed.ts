import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { DB } from '../../db/schema.js';

/**
 * Which contacts just changed (scores, temperature, a new event on the timeline), for pages that show them
 * live. Writers call `changed` inside the transaction that changes the contacts; subscribers in any server
 * process hear of them once it has committed. It carries contact ids only: a page that hears of a change
 * asks the API again, with its own permissions.
 */
export interface ContactFeed {
  changed(trx: Kysely<DB>, contactIds: readonly string[]): Promise<void>;
  /**
   * Calls `listener` after each committed change of the contact; returns the unsubscribe function. After
   * the feed lost and regained its source (PostgreSQL's listening connection), every listener is called once,
   * since changes in between were not heard.
   */
  subscribe(contactId: string, listener: () => void): () => void;
  /** Resolves true once changes are heard (at once on SQLite), false if they cannot be now. */
  listening(): Promise<boolean>;
  close(): Promise<void>;
}

export interface FeedLogger {
  warn(obj: object, msg?: string): void;
}

/** In-process subscribers, by contact id. */
function createRegistry() {
  const listeners = new Map<string, Set<() => void>>();
  return {
    subscribe(contactId: string, listener: () => void): () => void {
      let set = listeners.get(contactId);
      if (!set) listeners.set(contactId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(contactId) === set) listeners.delete(contactId);
      };
    },
    dispatch(contactIds: Iterable<string>): void {
      if (listeners.size === 0) return;
      for (const id of contactIds) {
        const set = listeners.get(id);
        if (set) for (const listener of [...set]) listener();
      }
    },
    dispatchAll(): void {
      for (const set of [...listeners.values()]) for (const listener of [...set]) listener();
    },
    get size() {
      return listeners.size;
    },
  };
}

/**
 * SQLite: one server process, one connection. Subscribers hear right after the writer's statement; a page
 * that asks again at once waits for the connection, which the writer's transaction holds until it commits,
 * so it reads the committed state. (A rolled-back change costs a page one needless refresh.)
 */
export function createLocalFeed(): ContactFeed {
  const registry = createRegistry();
  return {
    changed(_trx, contactIds) {
      if (registry.size > 0 && contactIds.length > 0) {
        const ids = [...contactIds];
        setImmediate(() => registry.dispatch(ids));
      }
      return Promise.resolve();
    },
    subscribe: (contactId, listener) => registry.subscribe(contactId, listener),
    listening: () => Promise.resolve(true),
    close: () => Promise.resolve(),
  };
}

/** NOTIFY payloads stay under PostgreSQL's 8,000 bytes: ids are at most 64 characters. */
const IDS_PER_NOTIFY = 100;

/** The channel of one installation (a schema): a short identifier, whatever the schema's name. */
export function feedChannel(schema: string | undefined): string {
  return `tandem_contacts_${createHash('sha256')
    .update(schema ?? '')
    .digest('hex')
    .slice(0, 16)}`;
}

/** Reconnection delays of the listening connection: doubling from one second to half a minute. */
const RECONNECT_MS = { first: 1000, max: 30_000 } as const;

/**
 * PostgreSQL: NOTIFY in the writer's transaction (PostgreSQL delivers it at commit, and never for a rollback)
 * and one LISTEN connection per process, opened with the first subscriber and reopened after a failure
 * (with TCP keep-alive, so a connection dropped silently on the way is noticed). Every transaction that
 * notifies takes PostgreSQL's notification lock at its commit, so such commits queue one behind another;
 * only rescoring transactions notify, a few per second per worker.
 */
export function createPostgresFeed(options: { url: string; schema: string | undefined; log: FeedLogger }): ContactFeed {
  const registry = createRegistry();
  const channel = feedChannel(options.schema);
  let client: pg.Client | null = null;
  let pending: { client: pg.Client; done: Promise<boolean> } | null = null;
  let retry: NodeJS.Timeout | null = null;
  let delay: number = RECONNECT_MS.first;
  let lost = false;
  let closed = false;

  function onNotification(msg: pg.Notification): void {
    if (msg.channel !== channel || !msg.payload) return;
    registry.dispatch(msg.payload.split(','));
  }

  function scheduleReconnect(): void {
    if (closed || retry || registry.size === 0) return;
    retry = setTimeout(() => {
      retry = null;
      void listen();
    }, delay);
    retry.unref();
    delay = Math.min(delay * 2, RECONNECT_MS.max);
  }

  function listen(): Promise<boolean> {
    if (closed) return Promise.resolve(false);
    if (client) return Promise.resolve(true);
    if (pending) return pending.done;
    const c = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 5000, keepAlive: true });
    const done = (async () => {
      try {
        c.on('notification', onNotification);
        c.on('error', (err) => {
          if (client === c) {
            client = null;
            lost = true;
            options.log.warn({ err: err.message }, 'live contact feed: listening connection lost; reconnecting');
          }
          void c.end().catch(() => undefined);
          scheduleReconnect();
        });
        await c.connect();
        await c.query(`listen "${channel}"`);
        if (closed) {
          await c.end();
          return false;
        }
        client = c;
        delay = RECONNECT_MS.first;
        // What changed while nobody listened was not heard: every page reads its contact again.
        if (lost) {
          lost = false;
          registry.dispatchAll();
        }
        return true;
      } catch (err) {
        if (!closed && delay === RECONNECT_MS.first) {
          options.log.warn({ err: (err as Error).message }, 'live contact feed: cannot listen; retrying');
        }
        lost = true;
        void c.end().catch(() => undefined);
        scheduleReconnect();
        return false;
      } finally {
        // (Read through a cast: TypeScript keeps the `null` it narrowed to above the closure.)
        if ((pending as { client: pg.Client } | null)?.client === c) pending = null;
      }
    })();
    pending = { client: c, done };
    return done;
  }

  return {
    async changed(trx, contactIds) {
      for (let i = 0; i < contactIds.length; i += IDS_PER_NOTIFY) {
        const payload = contactIds.slice(i, i + IDS_PER_NOTIFY).join(',');
        await sql`select pg_notify(${channel}, ${payload})`.execute(trx);
      }
    },
    subscribe(contactId, listener) {
      const unsubscribe = registry.subscribe(contactId, listener);
      void listen();
      return unsubscribe;
    },
    listening: () => listen(),
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      // A connection still being made is not waited for: it ends itself once made (see listen), or fails
      // within its connection timeout.
      void pending?.client.end().catch(() => undefined);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
