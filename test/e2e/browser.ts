import { chromium, type Browser } from 'playwright-core';

import { resolve } from 'node:path';

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
