// Debian's Chromium for the browser tests, launched the one way they all need (never a downloaded
// browser: `npx playwright install` cannot work here). Without it the browser tests skip with the
// reason, except under CI, where a missing browser must fail.

import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** The skip reason of a browser test file, or false when Chromium is there (or under CI). */
export const CHROMIUM_SKIP: string | false = !existsSync(CHROMIUM) && !process.env.CI ? `chromium is not installed at ${CHROMIUM} (apt-get install chromium)` : false;

/** Headless Chromium with the flags a sandboxed machine needs; `extraArgs` for a test's own (autoplay). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

/** Records the page's script errors (and, with `consoleErrors`, its console errors) under `url`. */
export function recordPageErrors(page: Page, url: string, errors: string[], options: { consoleErrors?: boolean } = {}): void {
  page.on('pageerror', (error) => errors.push(`${url}: ${error.message}`));
  if (options.consoleErrors) {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${url}: ${message.text()}`);
    });
  }
}
