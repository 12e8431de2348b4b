import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../http/problem.js';
import type { Actor } from '../auth/index.js';
import { createLocalFeed, type ContactFeed } from './feed.js';
import { liveRoutes } from './live.routes.js';

const ID = '01900000-0000-7000-8000-000000000001';
const actor = { id: 'u1', role: 'marketing', teamId: null, via: 'session' } as unknown as Actor;

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function start(options: {
  feed?: ContactFeed;
  visible?: () => Promise<unknown>;
  timings?: { pingMs?: number; maxStreamMs?: number };
}): Promise<{ base: string; feed: ContactFeed }> {
  const feed = options.feed ?? createLocalFeed();
  app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    req.actor = actor;
  });
  await app.register(
    liveRoutes({
      feed,
      contactVisible: options.visible ?? (() => Promise.resolve()),
      ...(options.timings ? { timings: options.timings } : {}),
    }),
  );
  return { base: await app.listen({ host: '127.0.0.1', port: 0 }), feed };
}

/** Opens the stream; resolves with its status and a live view of the text received. */
function open(base: string) {
  const received = { status: 0, body: '', ended: false };
  const req = request(`${base}/contacts/${ID}/live`);
  req.on('response', (res) => {
    received.status = res.statusCode ?? 0;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (received.body += chunk));
    res.on('end', () => (received.ended = true));
    res.on('error', () => undefined);
  });
  req.on('error', () => undefined);
  req.end();
  return { received, abort: () => req.destroy() };
}

const counting = (feed: ContactFeed) => {
  let subscribed = 0;
  const wrapped: ContactFeed = {
    ...feed,
    subscribe(id, listener) {
      subscribed++;
      const off = feed.subscribe(id, listener);
      return () => {
        subscribed--;
        off();
      };
    },
  };
  return { feed: wrapped, subscribed: () => subscribed };
};

describe('live contact stream', () => {
  it('opens nothing for a browser that left while visibility was checked', async () => {
    const { feed, subscribed } = counting(createLocalFeed());
    const { base } = await start({ feed, visible: () => new Promise((resolve) => setTimeout(resolve, 150)) });
    // More than the per-user limit of streams, each abandoned during the check.
    for (let i = 0; i < 25; i++) {
      const s = open(base);
      setTimeout(s.abort, 20);
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(subscribed()).toBe(0);
    // The user's places were never taken.
    const s = open(base);
    await expect.poll(() => s.received.body).toContain('event: ready');
    expect(s.received.status).toBe(200);
    expect(subscribed()).toBe(1);
    s.abort();
    await expect.poll(() => subscribed()).toBe(0);
  });

  it('pings while idle, and ends after its lifetime so that the browser checks again', async () => {
    const { base } = await start({ timings: { pingMs: 50, maxStreamMs: 400 } });
    const s = open(base);
    await expect.poll(() => s.received.body.match(/event: ping/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    await expect.poll(() => s.received.ended, { timeout: 2000 }).toBe(true);
    expect(s.received.body).toMatch(/^retry: 3000\nevent: ready\n/);
  });

  it('says "changed" for its contact, one message for changes close together', async () => {
    const { base, feed } = await start({});
    const s = open(base);
    await expect.poll(() => s.received.body).toContain('event: ready');
    await feed.changed(null as never, ['someone-else']);
    await feed.changed(null as never, [ID]);
    await feed.changed(null as never, [ID, 'x']);
    await expect.poll(() => s.received.body).toContain('event: changed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(s.received.body.match(/event: changed/g)).toHaveLength(1);
    s.abort();
  });

  it('says ready only once the feed listens, so that no change after it goes unheard', async () => {
    let listening = false;
    const feed: ContactFeed = {
      ...createLocalFeed(),
      listening: () => new Promise((resolve) => setTimeout(() => resolve((listening = true)), 200)),
    };
    const { base } = await start({ feed });
    const s = open(base);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(s.received.body).toBe('');
    await expect.poll(() => s.received.body).toContain('event: ready');
    expect(listening).toBe(true);
    s.abort();
  });

  it('answers 503 while changes cannot be heard, so the page polls', async () => {
    const feed: ContactFeed = { ...createLocalFeed(), listening: () => Promise.resolve(false) };
    const { base } = await start({ feed });
    const s = open(base);
    await expect.poll(() => s.received.status).toBe(503);
    expect(JSON.parse(s.received.body)).toMatchObject({ code: 'live.unavailable' });
  });
});
