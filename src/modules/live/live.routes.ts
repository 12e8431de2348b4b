import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../http/auth.js';
import { idParams } from '../../http/schemas.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../auth/index.js';
import type { ContactFeed } from './feed.js';

/** Streams one person may keep open at once in one server process (one per visible contact page). */
export const MAX_STREAMS_PER_USER = 20;
/** A `ping` this often keeps proxies from closing an idle stream and lets the page notice a dead one. */
export const PING_MS = 25_000;
/**
 * A stream ends after this long; the browser opens it again by itself, which checks the session and the
 * contact's visibility again (a contact handed to someone else stops being followed).
 */
export const MAX_STREAM_MS = 5 * 60_000;
/** Changes this close together reach the page as one message (a batch of events rescored one by one). */
const COALESCE_MS = 30;

const message = (event: string) => `event: ${event}\ndata: {}\n\n`;

/**
 * `GET /contacts/:id/live`: a Server-Sent Events stream that says `changed` whenever the contact's scores,
 * temperature or timeline change, so its page asks again at once instead of polling. It carries no data
 * about the contact: the page reads it through the API, with its own permissions. Visibility is checked when
 * the stream opens (404 otherwise, like the contact itself) and again at each reconnection.
 */
export function liveRoutes(deps: {
  feed: ContactFeed;
  contactVisible: (actor: Actor, id: string) => Promise<unknown>;
  /** Tests shorten the timings. */
  timings?: { pingMs?: number; maxStreamMs?: number };
}): FastifyPluginAsyncZod {
  const pingMs = deps.timings?.pingMs ?? PING_MS;
  const maxStreamMs = deps.timings?.maxStreamMs ?? MAX_STREAM_MS;
  const open = new Map<string, number>();
  const closers = new Set<() => void>();
  return async (app) => {
    // Open streams would keep the server from closing: end them first.
    app.addHook('preClose', async () => {
      for (const close of [...closers]) close();
    });

    app.get(
      '/contacts/:id/live',
      {
        schema: {
          tags: ['contacts'],
          summary: 'A text/event-stream that says "changed" when the contact\'s scores, temperature or timeline change',
          params: idParams,
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        await deps.contactVisible(actor, req.params.id);
        if (!(await deps.feed.listening())) {
          throw new AppError('unavailable', 'live.unavailable', 'Live updates are not available now; poll instead.');
        }
        // The browser may have gone while we checked: then nothing is opened (its close event has passed).
        if (req.raw.destroyed || reply.raw.destroyed) return reply;
        const count = open.get(actor.id) ?? 0;
        if (count >= MAX_STREAMS_PER_USER) {
          throw new AppError(
            'rate_limited',
            'live.too_many_streams',
            `At most ${MAX_STREAMS_PER_USER} live pages at once; close some.`,
          );
        }
        open.set(actor.id, count + 1);

        const stream = new PassThrough();
        let coalesce: NodeJS.Timeout | null = null;
        const unsubscribe = deps.feed.subscribe(req.params.id, () => {
          coalesce ??= setTimeout(() => {
            coalesce = null;
            stream.write(message('changed'));
          }, COALESCE_MS);
        });
        const ping = setInterval(() => stream.write(message('ping')), pingMs);
        const expiry = setTimeout(() => close(), maxStreamMs);
        let closed = false;
        function close(): void {
          if (closed) return;
          closed = true;
          closers.delete(close);
          unsubscribe();
          clearInterval(ping);
          clearTimeout(expiry);
          if (coalesce) clearTimeout(coalesce);
          const left = (open.get(actor.id) ?? 1) - 1;
          if (left > 0) open.set(actor.id, left);
          else open.delete(actor.id);
          stream.end();
        }
        closers.add(close);
        req.raw.once('close', close);
        // Fastify destroys the stream when the response fails or the connection goes.
        stream.once('close', close);
        // `ready` tells the page it is live (it then polls less); `retry` paces the browser's reconnections.
        stream.write(`retry: 3000\n${message('ready')}`);
        return reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('x-accel-buffering', 'no')
          .send(stream);
      },
    );
  };
}
