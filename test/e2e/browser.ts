import { expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Dialect } from '../../src/db/database.js';
import type { Clock } from '../../src/shared/clock.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';

/** The built web UI the browser tests serve (E2E_WEB_DIR points elsewhere, e.g. a private build). */
export const WEB_DIR = resolve(process.env.E2E_WEB_DIR ?? 'web/dist');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing reaching out to the network on its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface BrowserApp {
  /** The app under test, listening on a free port of 127.0.0.1. */
  t: TestApp;
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  base: string;
  browser: Browser;
  /** Closes the browser, then the app (and its database). */
  close(): Promise<void>;
}

export interface BrowserAppOptions {
  /** Run the background worker (rescoring, imports). Default: off. */
  worker?: boolean;
  /** Serve the built web UI from WEB_DIR (and fail early when it is not built). Default: on. */
  webUi?: boolean;
  /** The server's clock (e.g. fixedClock, to move SLA timers on at will). Default: the system clock. */
  clock?: Clock;
}

/** Starts the app on a free local port, serving the built web UI, and launches Chromium to drive it. */
export async function startBrowserApp(dialect: Dialect, options: BrowserAppOptions = {}): Promise<BrowserApp> {
  const webUi = options.webUi ?? true;
  if (webUi && !existsSync(resolve(WEB_DIR, 'index.html')))
    throw new Error(`${WEB_DIR} is missing: run npm run build:web`);
  const t = await createTestApp(dialect, {
    ...(webUi ? { config: { webDir: WEB_DIR } } : {}),
    worker: options.worker ?? false,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  try {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const browser = await launchBrowser();
    return {
      t,
      base: `http://127.0.0.1:${address.port}`,
      browser,
      async close() {
        try {
          await browser.close();
        } finally {
          await t.close();
        }
      },
    };
  } catch (error) {
    await t.close();
    throw error;
  }
}

/**
 * Signs in through the login page: opens `path`, which sends a visitor to /login, signs in as `user`, and waits
 * until the app has brought them back to `path`.
 */
export async function signIn(page: Page, base: string, user: TestUser, path = '/contacts'): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.waitForURL(/\/login/);
  await page.getByTestId('login-email').fill(user.user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => url.pathname === path);
}

/** Page loads on a busy machine take seconds: wait for the UI instead of failing after the default second. */
export const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

/**
 * The boxes around the leads table that scroll sideways (`tag.class scrollWidth>clientWidth`): empty when the
 * table and everything around it show their content in the window's width.
 */
export const leadsTableOverflow = (page: Page) =>
  page.getByTestId('contacts-table').evaluate((table) => {
    const overflowing: string[] = [];
    for (let el: Element | null = table.parentElement; el; el = el.parentElement) {
      if (el.scrollWidth > el.clientWidth)
        overflowing.push(`${el.tagName}.${el.className} ${el.scrollWidth}>${el.clientWidth}`);
    }
    return overflowing;
  });
