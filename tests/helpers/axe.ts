// Accessibility audit of a page open in Chromium with axe-core: the serious and critical
// violations, one line each, naming the page, the rule and where it failed. `auditPages` audits a
// list of URLs in one tab, navigating from one to the next: a fresh document each time, at about a
// third of the cost of opening a new tab and injecting axe into it (measured: 0.6-0.8 s a page
// against 1.4 s on the two-core test machine).

import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ROOT_DIR } from './start-app.ts';

const AXE = path.join(ROOT_DIR, 'node_modules/axe-core/axe.min.js');

export async function seriousAxeViolations(page: Page, label: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: { resultTypes: string[] }) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
}

export interface AuditOptions {
  /** Told of every script error on the audited pages, as `URL: message`. */
  onPageError?: (message: string) => void;
  /** Also told of console errors (`console.error`, failed loads). */
  consoleErrors?: boolean;
}

/**
 * Opens each URL (relative to `baseUrl`) in turn in one new tab of `context` and returns the
 * serious and critical axe violations of all of them. The context must bypass the site's CSP.
 */
export async function auditPages(context: BrowserContext, baseUrl: string, urls: readonly string[], options: AuditOptions = {}): Promise<string[]> {
  const page = await context.newPage();
  let current = '';
  page.on('pageerror', (error) => options.onPageError?.(`${current}: ${error.message}`));
  if (options.consoleErrors) {
    page.on('console', (message) => {
      if (message.type() === 'error') options.onPageError?.(`${current}: ${message.text()}`);
    });
  }
  const problems: string[] = [];
  try {
    for (const url of urls) {
      current = url;
      const response = await page.goto(`${baseUrl}${url}`);
      if (!response) throw new Error(`${url}: no response`);
      problems.push(...(await seriousAxeViolations(page, url)));
    }
  } finally {
    await page.close();
  }
  return problems;
}
