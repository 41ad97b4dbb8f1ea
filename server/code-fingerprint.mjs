// @ts-check
// The fingerprint of the code that turns data files into a corpus and documents: a SHA-256 of every
// source file under server/ (names and bytes, in name order), package-lock.json (the parsers'
// versions) and the Node version. The corpus cache is keyed by it (server/corpus-cache.ts), and
// `npm start` rebuilds its bundle when it changes (scripts/start.mjs), so both see one definition.
// Plain JavaScript because the launcher runs it before anything can compile TypeScript.

import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

const SOURCE_FILE = /\.(ts|js|mjs|cjs|json)$/;

/**
 * @param {string} rootDir the project's root (server/ and package-lock.json inside)
 * @returns {Promise<string>} 64 hex characters
 */
export async function computeCodeFingerprint(rootDir) {
  const serverDir = path.join(rootDir, 'server');
  const files = [...(await sourceFiles(serverDir)), path.join(rootDir, 'package-lock.json')];
  // Read together (about a hundred small files), hashed in order.
  const contents = await Promise.all(files.map((file) => readFile(file).catch(() => Buffer.from('(absent)'))));
  const hash = createHash('sha256').update(`${process.version}\n`);
  files.forEach((file, i) => {
    hash.update(`${path.relative(serverDir, file)}\n`);
    hash.update(/** @type {Buffer} */ (contents[i]));
  });
  return hash.digest('hex');
}

/** @param {string} dir @returns {Promise<string[]>} */
async function sourceFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  /** @type {string[]} */
  const files = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(full)));
    else if (SOURCE_FILE.test(entry.name)) files.push(full);
  }
  return files;
}
