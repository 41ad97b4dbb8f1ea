// @ts-check
// `npm start`: the site served from one JavaScript bundle of server/ (dist/main.js), built with
// esbuild when the sources changed since the last build. Running the TypeScript through tsx costs
// about a second at every start on a small machine (a loader thread, one transform and one module
// record per file: docs/benchmark.md, issue 24); the bundle loads in a fifth of that. The code is
// the same: `npm run dev`, the scripts and the tests run server/ as TypeScript.
//
// Plain JavaScript on purpose: it runs before anything can compile TypeScript. When the bundle
// cannot be written (a read-only folder), the site starts through tsx as before, and says so.

import cluster from 'node:cluster';
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { computeCodeFingerprint } from '../server/code-fingerprint.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// CONTREPOINT_BUILD_DIR: another folder for the bundle (the tests build into a temporary one).
const OUT_DIR = path.resolve(ROOT, process.env.CONTREPOINT_BUILD_DIR || 'dist');
const KEY_FILE = path.join(OUT_DIR, 'build-key.txt');
const ENTRY_POINTS = {
  main: path.join(ROOT, 'server/main.ts'),
  // The key points thread (server/services/key-point-worker.ts starts ./key-point-thread.js beside it).
  'key-point-thread': path.join(ROOT, 'server/services/key-point-thread.ts'),
};

/**
 * What a bundle is made of: the code fingerprint (server/code-fingerprint.mjs, which the corpus
 * cache is keyed by too; it is written into the bundle so that the site does not read its sources
 * again) and this script, which holds the build's options.
 */
async function bundleKey() {
  const fingerprint = await computeCodeFingerprint(ROOT);
  const key = createHash('sha256').update(`${fingerprint}\n`).update(await readFile(fileURLToPath(import.meta.url))).digest('hex');
  return { fingerprint, key };
}

/**
 * Builds into a fresh folder beside OUT_DIR, then swaps it in, so that a start never reads half a bundle.
 * @param {{ fingerprint: string, key: string }} made
 */
async function build({ fingerprint, key }) {
  const started = performance.now();
  const { build: esbuild } = await import('esbuild');
  const temp = `${OUT_DIR}.${process.pid}.tmp`;
  await rm(temp, { recursive: true, force: true });
  await esbuild({
    entryPoints: ENTRY_POINTS,
    outdir: temp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Class and function names as written: logs and errors keep saying what failed. Whitespace and
    // syntax minified (a quarter less for V8 to parse at every start), names kept as they are.
    keepNames: true,
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: {
      CONTREPOINT_CODE_FINGERPRINT: JSON.stringify(fingerprint),
      // server/paths.ts: the root, from the bundle's folder.
      CONTREPOINT_BUNDLE_ROOT: JSON.stringify(path.relative(OUT_DIR, ROOT) || '.'),
    },
    // The CommonJS packages inside an ES module bundle still call require() for Node's own modules.
    banner: { js: "import { createRequire as __contrepointRequire } from 'node:module'; const require = __contrepointRequire(import.meta.url);" },
  });
  await writeFile(path.join(temp, 'build-key.txt'), `${key}\n`);
  await rm(OUT_DIR, { recursive: true, force: true });
  try {
    await rename(temp, OUT_DIR);
  } catch (error) {
    // Another start built the same sources at the same moment: its bundle is as good as this one.
    await rm(temp, { recursive: true, force: true });
    if ((await builtKey()) !== key) throw error;
  }
  console.log(`Contrepoint: server/ bundled into ${path.relative(ROOT, OUT_DIR)}/ in ${Math.round(performance.now() - started)} ms (the sources changed since the last build)`);
}

async function builtKey() {
  return (await readFile(KEY_FILE, 'utf8').catch(() => '')).trim();
}

async function ensureBundle() {
  const made = await bundleKey();
  if ((await builtKey()) !== made.key) await build(made);
}

/** Set for the workers of WEB_CONCURRENCY (they inherit the environment) when the primary could not bundle. */
const FROM_SOURCES = 'CONTREPOINT_FROM_SOURCES';

async function start() {
  if (process.argv.includes('--build-only')) {
    // `npm run build`: the bundle alone (an image built ahead, the benchmark before it times starts).
    await ensureBundle();
    return;
  }
  // Workers run this script again: the primary has already built the bundle, or fallen back.
  if (cluster.isPrimary) {
    try {
      await ensureBundle();
    } catch (error) {
      console.error(`Contrepoint: could not bundle server/ into ${OUT_DIR} (${error instanceof Error ? error.message : String(error)}); starting from the TypeScript sources through tsx`);
      process.env[FROM_SOURCES] = '1';
    }
  }
  if (process.env[FROM_SOURCES] === '1') {
    const tsx = await import('tsx/esm/api');
    tsx.register();
    await import(pathToFileURL(ENTRY_POINTS.main).href);
  } else {
    await import(pathToFileURL(path.join(OUT_DIR, 'main.js')).href);
  }
}

await start();
