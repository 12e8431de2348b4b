import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalFeed, createPostgresFeed, feedChannel } from './feed.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('local contact feed', () => {
  it("tells the contact's subscribers, once each, and no one after they leave", async () => {
    const feed = createLocalFeed();
    const heard: string[] = [];
    const offA = feed.subscribe('a', () => heard.push('a1'));
    feed.subscribe('a', () => heard.push('a2'));
    feed.subscribe('b', () => heard.push('b'));
    expect(await feed.listening()).toBe(true);
    await feed.changed(null as never, ['a', 'c']);
    await sleep(5);
    expect(heard.sort()).toEqual(['a1', 'a2']);
    offA();
    await feed.changed(null as never, ['a']);
    await sleep(5);
    expect(heard.sort()).toEqual(['a1', 'a2', 'a2']);
  });
});

describe('PostgreSQL contact feed', () => {
  let server: Server | null = null;
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const s of sockets) s.destroy();
    server?.close();
    server = null;
  });

  it('names one short channel per installation', () => {
    expect(feedChannel('public')).toMatch(/^tandem_contacts_[0-9a-f]{16}$/);
    expect(feedChannel('public')).toBe(feedChannel('public'));
    expect(feedChannel('public')).not.toBe(feedChannel('t_other'));
  });

  it('closes without waiting for a database that does not answer', async () => {
    // Accepts connections and never says a word, like an address whose packets are dropped.
    server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const warnings: string[] = [];
    const feed = createPostgresFeed({
      url: `postgres://nobody@127.0.0.1:${port}/none`,
      schema: 'public',
      log: { warn: (_obj, msg) => warnings.push(msg ?? '') },
    });
    feed.subscribe('a', () => undefined);
    await expect.poll(() => sockets.length).toBe(1);
    const outcome = await Promise.race([feed.close().then(() => 'closed'), sleep(2000).then(() => 'still waiting')]);
    expect(outcome).toBe('closed');
  });
});
