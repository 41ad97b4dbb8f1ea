// Tabs kept open and navigated from test to test instead of a new tab for each. Chromium spends
// about 0.2 CPU seconds more on a new tab (a new renderer process) than on navigating one that is
// open: 20 new tabs on a search page took 5.8 CPU s, 20 navigations 1.7 CPU s. A navigation still
// gives the test a fresh document (a new window, its scripts run again); what a kept tab could
// carry over is reset here: emulated media, and the same-document case (a URL that differs from
// the tab's only by its #fragment would not reload, so the tab goes through about:blank first).
// Context-wide state (permissions, storage, cookies) is shared exactly as it was between tabs.

import type { BrowserContext, Page } from 'playwright-core';

export interface KeptTabsOptions {
  /** Where the tabs' script errors go, as `URL: message`, URL being what `open` was given. */
  errors?: string[];
  /** Also record console errors (`console.error`, failed loads). */
  consoleErrors?: boolean;
  /** A script file every document of these tabs runs before its own (axe-core for audits). */
  initScript?: string;
}

export class KeptTabs {
  private readonly idle: Page[] = [];
  /** What each tab was last opened on, to label its errors. */
  private readonly labels = new WeakMap<Page, string>();

  constructor(
    private readonly context: BrowserContext,
    private readonly options: KeptTabsOptions = {},
  ) {}

  /** A tab showing `url` (absolute): a released tab navigated there, or a new one. */
  async open(url: string): Promise<Page> {
    const kept = this.idle.pop();
    const page = kept ?? (await this.newTab());
    this.labels.set(page, url);
    if (kept) {
      await page.emulateMedia({ media: null });
      if (sameDocument(page.url(), url)) await page.goto('about:blank');
    }
    const response = await page.goto(url);
    if (!response) throw new Error(`${url}: no response`);
    return page;
  }

  /** The test is done with the tab: the next `open` navigates it. A closed tab is dropped. */
  release(page: Page): void {
    if (!page.isClosed() && !this.idle.includes(page)) this.idle.push(page);
  }

  private async newTab(): Promise<Page> {
    const page = await this.context.newPage();
    const { errors, consoleErrors, initScript } = this.options;
    if (initScript) await page.addInitScript({ path: initScript });
    if (errors) {
      page.on('pageerror', (error) => errors.push(`${this.labels.get(page)}: ${error.message}`));
      if (consoleErrors) {
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(`${this.labels.get(page)}: ${message.text()}`);
        });
      }
    }
    return page;
  }
}

/** Whether going from `current` to `next` would stay in the same document (only the fragment differs). */
function sameDocument(current: string, next: string): boolean {
  const withoutFragment = (url: string) => url.replace(/#.*$/, '');
  return current !== 'about:blank' && withoutFragment(current) === withoutFragment(next);
}
