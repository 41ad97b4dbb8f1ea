// Runs several test files in one process: each file's tests register with this process's test
// runner as if the file had been run alone. A test file run by `node --test` costs a new Node, tsx
// and the app's modules (0.4-0.6 s of CPU before its first test); the unit and contract files
// are small, pure and share no state, so they run here in two processes instead of 43 (`npm test`
// and `npm run test:fast`). Their root `before` hooks all run before the first test and their
// root `after` hooks after the last. A file can still be run alone:
// `node --import tsx --test tests/unit/FILE.test.ts`.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TESTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The `*.test.ts` files of these folders (under tests/), in name order. */
export function testFiles(folders: readonly string[]): string[] {
  return folders.flatMap((folder) =>
    readdirSync(path.join(TESTS_DIR, folder))
      .filter((name) => name.endsWith('.test.ts'))
      .sort()
      .map((name) => path.join(TESTS_DIR, folder, name)),
  );
}

/** Imports share `part` (1-based) of `parts` of the files, taken in turn so the shares are even. */
export async function importTestFiles(files: readonly string[], part: number, parts: number): Promise<void> {
  for (const [i, file] of files.entries()) {
    if (i % parts === part - 1) await import(pathToFileURL(file).href);
  }
}
