// Accessibility audit of a page open in Chromium with axe-core: the serious and critical
// violations, one line each, naming the page, the rule and where it failed.

import path from 'node:path';
import type { Page } from 'playwright-core';
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
