// `npm start` serves the site from a bundle of server/ (scripts/start.mjs, issue 24): built with
// esbuild when the sources changed, reused otherwise. The bundle must serve what the TypeScript
// serves: the same answers for the same requests, its pages (templates found from dist/), and the
// key points, whose worker thread is a second file of the bundle. Real parts: the launcher as a
// process on port 0, building into a temporary folder, on a generated corpus of 2,000 units written
// as files (the bundled corpus has too few units on a question to make key points), compared with
// the app assembled from the sources in this process.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateCorpus, writeCorpusFolder } from '../../scripts/bench/generate-corpus.ts';
import { unitCodes } from '../../server/corpus/model.ts';
import { mainEnvironment } from '../helpers/run-main.ts';
import { withoutTimes } from '../helpers/answers.ts';
import { ROOT_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';

const PUBLIC_BASE_URL = 'https://contrepoint.test';

interface Launched {
  baseUrl: string;
  stdout: string;
  stop: () => Promise<void>;
}

/** Runs `node scripts/start.mjs` as `npm start` does and resolves once it listens. */
function launch(dataDir: string, buildDir: string, cacheDir: string): Promise<Launched & { stderr: () => string }> {
  const env = mainEnvironment({ NODE_ENV: 'production', DATA_DIR: dataDir, INDEX_CACHE_DIR: cacheDir, PUBLIC_BASE_URL, CONTREPOINT_BUILD_DIR: buildDir });
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: ROOT_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`scripts/start.mjs did not listen within 60 s: ${stdout}${stderr}`));
    }, 60_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const port = /Contrepoint on http:\/\/localhost:(\d+)/.exec(stdout)?.[1];
      if (!port) return;
      clearTimeout(timer);
      resolve({
        baseUrl: `http://127.0.0.1:${port}`,
        stdout,
        stderr: () => stderr,
        stop: async () => {
          child.kill('SIGTERM');
          await closed;
        },
      });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`scripts/start.mjs ended (${code}) before listening: ${stdout}${stderr}`));
    });
  });
}

async function json(baseUrl: string, pathname: string): Promise<unknown> {
  const response = await fetch(`${baseUrl}${pathname}`);
  assert.equal(response.status, 200, `${pathname} answered ${response.status}`);
  return withoutTimes(await response.json());
}

/** Searches, a unit's similar arguments, lists, and the key points of the busiest question. */
function apiPaths(corpus: ReturnType<typeof generateCorpus>): string[] {
  const [first, second, third] = corpus.vocabulary;
  const unitsOn = new Map<string, number>();
  for (const unit of corpus.corpus.units) for (const code of unitCodes(unit)) unitsOn.set(code.question, (unitsOn.get(code.question) ?? 0) + 1);
  const busiest = [...unitsOn].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const speaker = corpus.corpus.speakers[0]?.id ?? '';
  return [
    `/api/search?q=${encodeURIComponent(`${first} ${second}`)}`,
    `/api/search?q=${encodeURIComponent(third ?? '')}&speaker=${speaker}&page=1`,
    `/api/search?q=${encodeURIComponent(`${first} ${third}`)}&sort=date-desc`,
    `/api/units/${corpus.corpus.units[0]?.id ?? ''}/similar?limit=5`,
    '/api/speakers',
    `/api/questions/${busiest}`,
    `/api/questions/${busiest}/key-points`,
    '/api/debates',
  ];
}

describe('npm start serves a bundle of server/ (scripts/start.mjs)', () => {
  let scratch: string;
  let buildDir: string;
  let sources: StartedApp;
  let first: Launched;
  let dataDir: string;
  let paths: string[];

  before(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-bundle-'));
    buildDir = path.join(scratch, 'dist');
    dataDir = path.join(scratch, 'data');
    const corpus = generateCorpus({ units: 2000 });
    await writeCorpusFolder(corpus.corpus, dataDir);
    paths = apiPaths(corpus);
    sources = await startApp({ dataDir, publicBaseUrl: PUBLIC_BASE_URL });
    first = await launch(dataDir, buildDir, path.join(scratch, 'cache'));
  });

  after(async () => {
    await first?.stop();
    await sources?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  test('when no bundle exists, then the launcher builds one (main and the key points thread) and says so', async () => {
    assert.match(first.stdout, /server\/ bundled into .* in \d+ ms/);
    assert.deepEqual((await readdir(buildDir)).sort(), ['build-key.txt', 'key-point-thread.js', 'main.js']);
    assert.match(await readFile(path.join(buildDir, 'build-key.txt'), 'utf8'), /^[0-9a-f]{64}\n$/);
  });

  test('when the bundle answers the API, then every answer is the one the TypeScript sources give', async () => {
    for (const pathname of paths) {
      assert.deepEqual(await json(first.baseUrl, pathname), await json(sources.baseUrl, pathname), pathname);
    }
    const keyPoints = (await json(first.baseUrl, paths[6] ?? '')) as { keyPoints?: unknown[] };
    assert.ok(Array.isArray(keyPoints.keyPoints) && keyPoints.keyPoints.length > 0, 'the key points thread answered from the bundle');
  });

  test('when a page is asked of the bundle, then it renders from views/ with its escaped query', async () => {
    const response = await fetch(`${first.baseUrl}/search?q=${encodeURIComponent('<stagiaire>')}`);
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /&lt;stagiaire&gt;/);
    assert.doesNotMatch(html, /<stagiaire>/);
  });

  test('when the sources are unchanged, then a second start reuses the bundle without building', async () => {
    const second = await launch(dataDir, buildDir, path.join(scratch, 'cache'));
    try {
      assert.doesNotMatch(second.stdout, /bundled into/);
      for (const pathname of paths.slice(0, 2)) assert.deepEqual(await json(second.baseUrl, pathname), await json(sources.baseUrl, pathname), pathname);
    } finally {
      await second.stop();
    }
  });

  test('when the bundle cannot be written, then the site still starts from the TypeScript sources and says why', async () => {
    // /proc takes no new folder: esbuild's write fails as on a read-only checkout.
    const fallback = await launch(dataDir, '/proc/contrepoint-no-bundle', path.join(scratch, 'cache'));
    try {
      assert.match(fallback.stderr(), /could not bundle server\/ into \/proc\/contrepoint-no-bundle .*starting from the TypeScript sources through tsx/s);
      assert.deepEqual(await json(fallback.baseUrl, paths[0] ?? ''), await json(sources.baseUrl, paths[0] ?? ''));
    } finally {
      await fallback.stop();
    }
  });
});
