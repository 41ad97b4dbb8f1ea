// Test files that share a process. A test file run by `node --test` costs a new Node, tsx and the
// app's modules: 0.5-1 s of CPU before its first test, more than many files spend on their tests.
// The files named here are independent (temp folders, servers on port 0, no global state) and
// run in a few shared processes instead: each `tests/groups/*.test.ts` imports its share, and
// their tests register with that process's runner as if each file had been run alone. Root
// `before` hooks all run before the first test, root `after` hooks after the last.
// Measured on the two-core machine: the 43 unit and contract files took 33.6 s of CPU one process
// each and 14.7 s in two; 24 HTTP and CLI integration files 41.4 s and 18.3 s.
// Every file can still be run alone (`node --import tsx --test tests/unit/FILE.test.ts`), and
// `npm run test:serial` runs each in its own process.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const TESTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The `*.test.ts` files of a folder under tests/, in name order. */
function testFilesOf(folder: string): string[] {
  return readdirSync(path.join(TESTS_DIR, folder))
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => path.join(TESTS_DIR, folder, name));
}

/**
 * HTTP and CLI integration files that share a process. Left out: the files that mostly wait on
 * child processes (PROCESS_FILES, their own group), the long fuzz run (in parallel with the
 * rest), the soak test (it reads its own process's heap, alone in its process) and the browser
 * tests (their own group).
 */
const SHARED_INTEGRATION = [
  'agreement-cli',
  'aif-real-maps',
  'api',
  'api-bundled',
  'api-csv',
  'api-export',
  'api-failures',
  'api-key-points',
  'api-paging',
  'api-similar',
  'bounded-responses',
  'coding-sheet',
  'corpus-hardening',
  'hostile-pages',
  'import-export-cli',
  'import-hardening',
  'key-point-pages',
  'meilisearch-live',
  'meilisearch-outage',
  'openapi',
  'pages',
  'reading-pages',
  'restart-cache',
  'security',
  'seed-codes',
  'transcript-import-cli',
  'transcript-pages',
  'web-hardening',
].map((name) => path.join(TESTS_DIR, 'integration', `${name}.test.ts`));

/**
 * Files that start the server, the cluster, the index or eval script as child processes, or signal
 * them: one process for all of them, whose time is mostly spent waiting on its children.
 */
const PROCESS_FILES = ['cluster', 'eval-cli', 'failure-paths', 'index-script', 'main', 'server-limits', 'site-reload', 'start-bundle'].map((name) =>
  path.join(TESTS_DIR, 'integration', `${name}.test.ts`),
);

/** The groups, each run as `tests/groups/<name>-<part>.test.ts`. */
export const GROUPS: Record<string, string[]> = {
  'unit-and-contract': [...testFilesOf('unit'), ...testFilesOf('contract')],
  integration: SHARED_INTEGRATION,
  processes: PROCESS_FILES,
  // The browser files share one process and so one Chromium (tests/helpers/chromium.ts).
  browser: testFilesOf('browser'),
};

/** Every file in a group. */
export function groupedFiles(): Set<string> {
  return new Set(Object.values(GROUPS).flat());
}

/** Imports share `part` (1-based) of `parts` of a group's files, taken in turn so shares are even. */
export async function importGroup(name: string, part: number, parts: number): Promise<void> {
  const files = GROUPS[name];
  if (!files) throw new Error(`no test group named ${name}`);
  for (const [i, file] of files.entries()) {
    if (i % parts === part - 1) await import(pathToFileURL(file).href);
  }
}
