import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../http/auth.js';
import { idParams } from '../../http/schemas.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../auth/index.js';
import type { ContactFeed } from './feed.js';

/** Streams one person may keep open at once (a tab per contact page; EventSource reconnects by itself). */
export const MAX_STREAMS_PER_USER = 20;
/** A comment line this often keeps proxies and the browser from closing an idle stream. */
const HEARTBEAT_MS = 25_000;
/** Changes this close together reach the page as one message (a batch of events rescored one by one). */
const COALESCE_MS = 30;

/**
 * `GET /contacts/:id/live`: a Server-Sent Events stream that says `changed` whenever the contact's scores,
 * temperature or timeline change, so its page asks again at once instead of polling. It carries no data
 * about the contact: the page reads it through the API, with its own permissions. Visibility is checked when
 * the stream opens (404 otherwise, like the contact itself).
 */
export function liveRoutes(deps: {
  feed: ContactFeed;
  contactVisible: (actor: Actor, id: string) => Promise<unknown>;
}): FastifyPluginAsyncZod {
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
        let timer: NodeJS.Timeout | null = null;
        const unsubscribe = deps.feed.subscribe(req.params.id, () => {
          timer ??= setTimeout(() => {
            timer = null;
            stream.write('event: changed\ndata: {}\n\n');
          }, COALESCE_MS);
        });
        const heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
        let closed = false;
        const close = () => {
          if (closed) return;
          closed = true;
          closers.delete(close);
          unsubscribe();
          clearInterval(heartbeat);
          if (timer) clearTimeout(timer);
          const left = (open.get(actor.id) ?? 1) - 1;
          if (left > 0) open.set(actor.id, left);
          else open.delete(actor.id);
          stream.end();
        };
        closers.add(close);
        req.raw.once('close', close);
        // The first message tells the page the stream is live (it then polls less); `retry` paces reconnects.
        stream.write('retry: 3000\nevent: ready\ndata: {}\n\n');
        return reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('x-accel-buffering', 'no')
          .send(stream);
      },
    );
  };
}
