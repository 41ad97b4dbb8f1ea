// Debian's Chromium for the browser tests, launched the one way they all need (never a downloaded
// browser: `npx playwright install` cannot work here). Without it the browser tests skip with the
// reason, except under CI, where a missing browser must fail.
//
// Test files that run in one process (tests/groups/) share one Chromium: `acquireChromium` in a
// root `before`, `releaseChromium` in the matching `after`; the last release closes it. A launch
// costs Chromium about a CPU second before the first page.

import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** The skip reason of a browser test file, or false when Chromium is there (or under CI). */
export const CHROMIUM_SKIP: string | false = !existsSync(CHROMIUM) && !process.env.CI ? `chromium is not installed at ${CHROMIUM} (apt-get install chromium)` : false;

/** Headless Chromium with the flags a sandboxed machine needs. */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

let shared: { browser: Promise<Browser>; users: number } | undefined;

/** The process's shared Chromium (launched by the first call), for a test file's `before`. */
export function acquireChromium(): Promise<Browser> {
  shared ??= { browser: launchChromium(), users: 0 };
  shared.users += 1;
  return shared.browser;
}

/** A test file's `after`: done with the shared Chromium; the last user's release closes it. */
export async function releaseChromium(): Promise<void> {
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  const { browser } = shared;
  shared = undefined;
  await (await browser.catch(() => undefined))?.close();
}
