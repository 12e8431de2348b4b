import { webcrypto } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { TRACKING_SCRIPT } from './script.js';

/** Runs the tracking script on a page at `href` with the calls the page queued before it loaded. */
function loadOn(href: string, queued: unknown[][]) {
  const requests: { url: string; body: string }[] = [];
  const timers: (() => void)[] = [];
  const location = { href, origin: new URL(href).origin };
  const window: Record<string, unknown> = { tandem: { q: queued } };
  const context = {
    window,
    location,
    document: { currentScript: null, cookie: '', referrer: '', title: 'Pricing', addEventListener: () => undefined },
    history: {
      state: null,
      replaceState: (_state: unknown, _title: string, url: string) => {
        location.href = new URL(url, location.href).href;
      },
    },
    localStorage: { getItem: () => null, setItem: () => undefined },
    navigator: {},
    crypto: webcrypto,
    btoa,
    URL,
    Blob,
    JSON,
    console,
    setTimeout: (fn: () => void) => timers.push(fn),
    clearTimeout: () => undefined,
    addEventListener: () => undefined,
    fetch: (url: string, init: { body: string }) => {
      requests.push({ url, body: init.body });
      return Promise.resolve();
    },
  };
  window.addEventListener = context.addEventListener;
  runInNewContext(TRACKING_SCRIPT, context);
  while (timers.length > 0) timers.shift()!();
  return { requests, location };
}

describe('the tracking script', () => {
  it('keeps the identity token from an email link out of every event, queued ones included', () => {
    const { requests, location } = loadOn('https://acme.example/pricing?utm_source=mail&_tdm=payload.signature', [
      ['track', 'pricing_viewed'],
    ]);
    expect(location.href).toBe('https://acme.example/pricing?utm_source=mail');
    const identify = requests.find((r) => r.url.endsWith('/t/identify'));
    expect(JSON.parse(identify!.body)).toMatchObject({ token: 'payload.signature' });
    const events = requests
      .filter((r) => r.url.endsWith('/t/events'))
      .flatMap((r) => (JSON.parse(r.body) as { events: { type: string; url: string }[] }).events);
    expect(events.map((e) => e.type)).toEqual(['pricing_viewed', 'page_view']);
    for (const event of events) expect(event.url).toBe('https://acme.example/pricing?utm_source=mail');
  });
});
