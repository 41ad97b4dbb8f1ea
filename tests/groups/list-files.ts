// Prints the test files `npm run test:only` hands to `node --test`: the group files of
// tests/groups/ and every other test file of tests/integration and tests/browser, one per line.
// A new test file is picked up by itself; it shares a process only once named in a group.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { groupedFiles, TESTS_DIR } from './import-test-files.ts';

const grouped = groupedFiles();
const files = ['groups', 'integration', 'browser'].flatMap((folder) =>
  readdirSync(path.join(TESTS_DIR, folder))
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.join(TESTS_DIR, folder, name))
    .filter((file) => !grouped.has(file)),
);
for (const file of files.sort()) process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
