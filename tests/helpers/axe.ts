// Accessibility audit of a page open in Chromium with axe-core: the serious and critical
// violations, one line each, naming the page, the rule and where it failed. `auditPages` audits a
// list of URLs in an audit tab kept for its browser context, navigating from one to the next: a
// fresh document each time. The tab runs axe-core as an init script, which Chromium compiles once
// and then takes from its code cache: 10 navigations cost 0.2-0.5 CPU s more with axe than
// without, against 2-3.5 CPU s more when the script was added to each page after it loaded.
//
// axe runs its default rule set minus the rules whose findings can only be minor or moderate:
// every axe rule declares its impact, and a finding reports its rule's, so those rules can never
// produce what the tests assert on. Left out, they were about a quarter of an audit's time.

import { createRequire } from 'node:module';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { KeptTabs, type KeptTabsOptions } from './kept-tabs.ts';
import { ROOT_DIR } from './start-app.ts';

const AXE = path.join(ROOT_DIR, 'node_modules/axe-core/axe.min.js');

interface AxeRuleSpec {
  id: string;
  impact?: string;
}

/**
 * `{ rule: { enabled: false } }` for every rule whose findings are minor or moderate, read from
 * axe-core's own rule metadata. Should a future axe not expose it, nothing is left out.
 */
function minorRulesOff(): Record<string, { enabled: false }> {
  const axe = createRequire(import.meta.url)('axe-core') as { _audit?: { rules?: AxeRuleSpec[] } };
  const rules = axe._audit?.rules ?? [];
  return Object.fromEntries(rules.filter((rule) => rule.impact === 'minor' || rule.impact === 'moderate').map((rule) => [rule.id, { enabled: false as const }]));
}

const RULES_OFF = minorRulesOff();

/** The serious and critical violations on a page of an audit tab (axe-core already runs there). */
async function seriousAxeViolations(page: Page, label: string): Promise<string[]> {
  const violations = await page.evaluate(async (rules) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: { resultTypes: string[]; rules: typeof rules }) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'], rules });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  }, RULES_OFF);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
}

/** The audit tabs of each browser context, with axe-core as their init script. */
const auditTabs = new WeakMap<BrowserContext, KeptTabs>();

/**
 * Opens each URL (relative to `baseUrl`) in turn in an audit tab of `context` and returns the
 * serious and critical axe violations of all of them. The context must bypass the site's CSP
 * (axe runs as an inline script). `options` say where the tab's script errors go; a context's
 * audit tabs keep the options of its first audit.
 */
export async function auditPages(context: BrowserContext, baseUrl: string, urls: readonly string[], options: Omit<KeptTabsOptions, 'initScript'> = {}): Promise<string[]> {
  let tabs = auditTabs.get(context);
  if (!tabs) auditTabs.set(context, (tabs = new KeptTabs(context, { ...options, initScript: AXE })));
  const problems: string[] = [];
  for (const url of urls) {
    const page = await tabs.open(`${baseUrl}${url}`);
    problems.push(...(await seriousAxeViolations(page, url)));
    tabs.release(page);
  }
  return problems;
}
