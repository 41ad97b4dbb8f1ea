// npm run bench -- [--units N] [--json FILE] [--engines a,b] [--no-http] [--rounds R] [--per-kind K]
//                  [--duration S] [--connections C] [--seed N] [--health-only] [--http-only] [--starts-only]
//                  [--workers W]
// Measures our embedded engine beside raw libraries on one generated corpus and one query mix
// (each engine in its own child process, so memory peaks do not mix), then the real app over HTTP
// with autocannon, then the site's cold start. Progress goes to stderr, the table to stdout.
// See docs/benchmark.md for what is measured and the figures on the reference machine.

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startAppProcess } from './bench/app-process.ts';
import { DEFAULT_SEED, generateCorpus, writeCorpusFolder } from './bench/generate-corpus.ts';
import { distinctQueries, distinctSearchPaths, heaviestPages, PAGE_WEIGHT_LIMIT, weighPages, type PageWeight } from './bench/http-pages.ts';
import { renderKeyPoints, type KeyPointBench } from './bench/key-points.ts';
import { QUERY_KINDS } from './bench/queries.ts';
import type { Corpus } from '../server/corpus/model.ts';
import { ENGINE_NAMES, type BenchEngineName, type EngineResult } from './bench/run-engine.ts';
import { MeilisearchEngine } from '../server/search/meilisearch/meilisearch-engine.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_ENGINES: readonly BenchEngineName[] = ['contrepoint-embedded', 'minisearch', 'flexsearch', 'meilisearch'];

export interface BenchOptions {
  units: number;
  json: string | undefined;
  engines: BenchEngineName[];
  http: boolean;
  rounds: number;
  perKind: number;
  durationS: number;
  connections: number;
  seed: number;
  /** Only the /healthz-under-load measurement on the generated corpus (issue 11). */
  healthOnly: boolean;
  /** Processes serving the site in the distinct-query runs beside the single-process run (WEB_CONCURRENCY). */
  workers: number;
  /** Only the HTTP runs (no engine comparison, no cold starts). */
  httpOnly: boolean;
  /** Only the key points of the busiest question (scripts/bench/key-points.ts). */
  keyPointsOnly: boolean;
  /** Only the cold starts: bundled and generated corpus, first start and restart (issue 24). */
  startsOnly: boolean;
}

export interface HttpResult {
  name: string;
  path: string;
  units: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  requests: number;
  /** Mean size of an answer under load. */
  bytes_per_response: number;
  /** Median time of one request when nothing else runs (20 in sequence over the rotation). */
  single_ms: number;
}

export interface ColdStart {
  name: string;
  units: number;
  ready_ms: number | null;
  error?: string;
  /** For a restart: whether INDEX_CACHE_DIR held files after the first start. */
  snapshot?: boolean;
  /** For a restart: what INDEX_CACHE_DIR held (corpus cache entry, index snapshot). */
  cache_files?: string[];
  /** Every spawn; `ready_ms` is the best. */
  runs_ms?: (number | null)[];
  /**
   * SHA-256 (16 hex) of the answers to the same API requests once ready (tookMs left out), so a
   * restart is checked to serve exactly what the first start served; null when one failed.
   */
  answers?: string | null;
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    if (at >= 0) return argv[at + 1];
    return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const number = (name: string, fallback: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} needs a positive number, got "${raw}"`);
    return n;
  };
  const engines = (value('--engines')?.split(',').map((e) => e.trim()).filter(Boolean) ?? [...DEFAULT_ENGINES]) as BenchEngineName[];
  for (const engine of engines) {
    if (!ENGINE_NAMES.includes(engine)) throw new Error(`unknown engine "${engine}"; known: ${ENGINE_NAMES.join(', ')}`);
  }
  // Ours first: the comparison reads against it.
  engines.sort((a, b) => Number(b === 'contrepoint-embedded') - Number(a === 'contrepoint-embedded'));
  return {
    units: Math.floor(number('--units', 100_000)),
    json: value('--json'),
    engines,
    http: !argv.includes('--no-http'),
    rounds: Math.max(1, Math.floor(number('--rounds', 3))),
    perKind: Math.max(1, Math.floor(number('--per-kind', 40))),
    durationS: number('--duration', 5),
    connections: Math.max(1, Math.floor(number('--connections', 50))),
    seed: Math.floor(number('--seed', DEFAULT_SEED)),
    healthOnly: argv.includes('--health-only'),
    workers: Math.max(1, Math.floor(number('--workers', os.availableParallelism()))),
    httpOnly: argv.includes('--http-only'),
    keyPointsOnly: argv.includes('--key-points-only'),
    startsOnly: argv.includes('--starts-only'),
  };
}

/** Runs a node script with tsx in a child; stderr is passed through as progress, stdout collected. */
function runNode(script: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; gc?: boolean } = {}): ChildProcess {
  const flags = [...(options.gc ? ['--expose-gc'] : []), '--import', 'tsx', path.join(ROOT, script), ...args];
  return spawn(process.execPath, flags, { cwd: ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function measureEngine(engine: BenchEngineName, options: BenchOptions): Promise<EngineResult> {
  const child = runNode(
    'scripts/bench/run-engine.ts',
    ['--engine', engine, '--units', String(options.units), '--seed', String(options.seed), '--rounds', String(options.rounds), '--per-kind', String(options.perKind)],
    { gc: true },
  );
  let stdout = '';
  let stderrTail = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = stdout.trim().split('\n').pop();
  if (code !== 0 || !line) throw new Error(`exit code ${code}: ${stderrTail.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(line) as EngineResult;
}

/** Starts scripts/bench/serve-app.ts and waits for the port it prints. */
async function startServer(args: readonly string[]): Promise<{ child: ChildProcess; port: number; units: number }> {
  const { child, ready } = startAppProcess(args, { stderr: 'pipe' });
  // Under load a failing route logs once per request: show the first lines, count the rest.
  let shown = 0;
  let hidden = 0;
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      if (shown < 12) {
        shown++;
        process.stderr.write(`  app: ${line}\n`);
      } else hidden++;
    }
  });
  child.on('close', () => {
    if (hidden > 0) process.stderr.write(`  app: … and ${hidden} more lines of server log\n`);
  });
  return { child, ...(await ready) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await closed;
  clearTimeout(timer);
}

async function load(name: string, port: number, units: number, paths: readonly string[], options: BenchOptions, durationS = options.durationS, amount?: number): Promise<HttpResult> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: options.connections,
    // `amount` (a warm-up pass over every path) replaces the duration.
    ...(amount === undefined ? { duration: durationS } : { amount }),
    // One counter shared by every connection: request n asks for path n (mod the list), so that
    // 2,000 distinct queries are 2,000 different requests and not each connection's first few.
    requests: [{ method: 'GET' as const, setupRequest: (request: autocannon.Request) => ({ ...request, path: paths[next++ % paths.length] ?? '/' }) }],
  });
  const single: number[] = [];
  for (let i = 0; name !== 'warm-up' && i < 20; i++) {
    const started = performance.now();
    await (await fetch(`http://127.0.0.1:${port}${paths[i % paths.length] ?? '/'}`)).arrayBuffer();
    single.push(performance.now() - started);
  }
  single.sort((a, b) => a - b);
  return {
    name,
    path: paths[0] ?? '',
    bytes_per_response: result.requests.total > 0 ? Math.round(result.throughput.total / result.requests.total) : 0,
    single_ms: Math.round((single[10] ?? 0) * 10) / 10,
    units,
    rps: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    requests: result.requests.total,
  };
}

export interface HealthUnderLoad {
  units: number;
  /** Distinct search queries in the load, besides the heavy pages. */
  distinct_queries: number;
  connections: number;
  /** The heaviest pages in the load, each requested in turn with the queries. */
  heavy_paths: string[];
  load_requests: number;
  load_non2xx: number;
  /** /healthz probed one at a time from another process while the load runs. */
  probes: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round((sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0) * 10) / 10;
}

/**
 * Issue 11's measure of a blocked event loop: while autocannon sends `connections` clients through
 * distinct searches and the heaviest pages (the largest debate, speaker and question pages, a CSV
 * download), /healthz is asked one request at a time; its p99 is how long any request may wait
 * behind the heaviest work.
 */
async function measureHealthUnderLoad(port: number, units: number, queries: readonly string[], heavy: readonly string[], options: BenchOptions): Promise<HealthUnderLoad> {
  const paths: string[] = [];
  // The heavy pages come back every 25 requests, the rest are distinct queries (pages and API).
  queries.forEach((q, i) => {
    paths.push(i % 2 === 0 ? `/search?q=${encodeURIComponent(q)}` : `/api/search?q=${encodeURIComponent(q)}`);
    if (i % 25 === 0) paths.push(heavy[(i / 25) % heavy.length] ?? '/');
  });
  const latencies: number[] = [];
  let loading = true;
  const probeHealth = async (): Promise<void> => {
    while (loading) {
      const started = performance.now();
      await (await fetch(`http://127.0.0.1:${port}/healthz`)).arrayBuffer();
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  // Probing starts once autocannon has had its first answer: setting up its 50 connections (each
  // with every request built) holds this process's event loop about a second and a half, and a
  // probe started before it measured that wait, not the server's.
  let probe: Promise<void> = Promise.resolve();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: options.connections,
        duration: Math.max(options.durationS, 5),
        requests: paths.map((p) => ({ method: 'GET' as const, path: p })),
      },
      (error, done) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done)),
    );
    instance.once('response', () => {
      probe = probeHealth();
    });
  });
  loading = false;
  await probe;
  latencies.sort((a, b) => a - b);
  return {
    units,
    distinct_queries: queries.length,
    connections: options.connections,
    heavy_paths: [...heavy],
    load_requests: result.requests.total,
    load_non2xx: result.non2xx,
    probes: latencies.length,
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
    max_ms: percentile(latencies, 100),
  };
}

/** The heaviest pages of a corpus: its largest debate, speaker and question, and a CSV download of a common word. */
export function heaviestPaths(corpus: Corpus, commonWord: string): string[] {
  const largest = (key: (u: Corpus['units'][number]) => string | undefined): string => {
    const counts = new Map<string, number>();
    for (const unit of corpus.units) {
      const k = key(unit);
      if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  };
  return [
    `/debates/${encodeURIComponent(largest((u) => u.debate))}`,
    `/speakers/${encodeURIComponent(largest((u) => u.speaker))}`,
    `/questions/${encodeURIComponent(largest((u) => u.question))}`,
    `/api/search?format=csv&q=${encodeURIComponent(commonWord)}`,
  ];
}

/** Paths that rotate common, rare, prefix, filtered and accentless searches. */
function rotation(route: string, words: readonly string[], filter: string): string[] {
  const paths = words.map((w) => `${route}?q=${encodeURIComponent(w)}`);
  paths.push(`${route}?q=${encodeURIComponent(words[0] ?? '')}&${filter}`);
  return paths;
}

/** The bundled corpus's rotation: words of the seed debate, a prefix, a phrase. */
const BUNDLED_WORDS: readonly string[] = ['community management', 'stagiaire', 'communaute', 'agence', 'relations publiques', 'strat', 'marque', 'experience'];

/** What the generated corpus gives the HTTP runs: distinct queries, speakers to filter by, the pages to weigh. */
export interface GeneratedHttpInput {
  queries: readonly string[];
  speakers: readonly string[];
  pages: readonly { kind: string; path: string }[];
}

async function measureHttp(
  options: BenchOptions,
  generatedWords: readonly string[],
  speaker: string,
  generated: GeneratedHttpInput | null,
  heavyLoad?: { queries: readonly string[]; heavy: readonly string[]; onResult: (result: HealthUnderLoad) => void },
): Promise<{ http: HttpResult[]; weights: PageWeight[] }> {
  const results: HttpResult[] = [];
  let weights: PageWeight[] = [];
  const scenarios: { label: string; args: string[]; words: readonly string[]; filter: string }[] = [
    { label: 'bundled', args: ['--data', path.join(ROOT, 'data')], words: BUNDLED_WORDS, filter: 'kind=comment' },
  ];
  if (options.units > 0) {
    scenarios.push({ label: `generated ${options.units}`, args: ['--units', String(options.units), '--seed', String(options.seed)], words: generatedWords, filter: `speaker=${encodeURIComponent(speaker)}` });
  }
  for (const scenario of scenarios) {
    log(`http: starting the app (${scenario.label} corpus)`);
    const { child, port, units } = await startServer(scenario.args);
    try {
      for (const route of ['/api/search', '/search']) {
        const paths = rotation(route, scenario.words, scenario.filter);
        log(`http: ${scenario.label} ${route}: warm-up, then ${options.durationS} s at ${options.connections} connections`);
        await load('warm-up', port, units, paths, options, 1);
        const result = await load(`${scenario.label} ${route} (rotation of ${paths.length}, cached)`, port, units, paths, options);
        results.push(result);
      }
      if (heavyLoad && scenario.label !== 'bundled') {
        log(`http: ${scenario.label}: /healthz probed while ${options.connections} connections request ${heavyLoad.queries.length} distinct queries and the heaviest pages`);
        heavyLoad.onResult(await measureHealthUnderLoad(port, units, heavyLoad.queries, heavyLoad.heavy, options));
      }
    } finally {
      await stopChild(child);
    }
  }
  if (options.units > 0 && generated) {
    // The headline figures: distinct queries, with the answer cache off (every request searched),
    // then on (after one pass over the same queries, so that the cache holds what it can keep).
    // Each with one process, then with `workers` processes on the port (server/cluster.ts).
    const runs = [...new Set([1, options.workers])].flatMap((workers) => (['off', 'on'] as const).map((cache) => ({ workers, cache })));
    for (const { workers, cache } of runs) {
      const served = workers === 1 ? '' : `, ${workers} workers`;
      log(`http: starting the app (generated ${options.units}, answer cache ${cache}${served})`);
      const { child, port, units } = await startServer(['--units', String(options.units), '--seed', String(options.seed), '--workers', String(workers), ...(cache === 'off' ? ['--no-answer-cache'] : [])]);
      try {
        if (cache === 'off' && workers === 1) {
          log(`http: weighing ${generated.pages.length} HTML pages`);
          weights = await weighPages(port, generated.pages);
        }
        for (const route of ['/api/search', '/search']) {
          const paths = distinctSearchPaths(route, generated.queries, generated.speakers);
          log(`http: ${route}: ${paths.length} distinct queries, answer cache ${cache}: ${cache === 'on' ? 'one pass to fill the cache' : 'warm-up'}, then ${options.durationS} s at ${options.connections} connections`);
          if (cache === 'on') await load('warm-up', port, units, paths, options, options.durationS, paths.length);
          else await load('warm-up', port, units, paths.slice(-100), options, 1);
          results.push(await load(`generated ${options.units} ${route} (${paths.length} distinct, cache ${cache}${served})`, port, units, paths, options));
        }
      } finally {
        await stopChild(child);
      }
    }
  }
  if (options.engines.includes('meilisearch')) {
    if (process.env.MEILI_URL) results.push(...(await measureMeilisearchHttp(options, generated)));
    else log('http: meilisearch: skipped: MEILI_URL is not set');
  }
  return { http: results, weights };
}

/**
 * The same HTTP runs with the site on Meilisearch (MEILI_URL): the bundled corpus's rotation (no
 * answer cache on this engine: every request searches), then the generated corpus's distinct
 * queries with one process and with `workers`. The indexes are built at the first start of each
 * corpus, reused by the next, and deleted at the end.
 */
async function measureMeilisearchHttp(options: BenchOptions, generated: GeneratedHttpInput | null): Promise<HttpResult[]> {
  const results: HttpResult[] = [];
  const indexName = `contrepoint_bench_${Date.now()}`;
  const engine = ['--engine', 'meilisearch', '--index-name'];
  try {
    log('http: starting the app on Meilisearch (bundled corpus; the first start indexes it)');
    const bundled = await startServer(['--data', path.join(ROOT, 'data'), ...engine, `${indexName}_bundled`]);
    try {
      for (const route of ['/api/search', '/search']) {
        const paths = rotation(route, BUNDLED_WORDS, 'kind=comment');
        log(`http: meilisearch bundled ${route}: warm-up, then ${options.durationS} s at ${options.connections} connections`);
        await load('warm-up', bundled.port, bundled.units, paths, options, 1);
        results.push(await load(`bundled ${route} (rotation of ${paths.length}, meilisearch)`, bundled.port, bundled.units, paths, options));
      }
    } finally {
      await stopChild(bundled.child);
    }
    if (options.units > 0 && generated) {
      for (const workers of [...new Set([1, options.workers])]) {
        const served = workers === 1 ? '' : `, ${workers} workers`;
        log(`http: starting the app on Meilisearch (generated ${options.units}${served}${workers === 1 ? '; the first start indexes it, which takes a while' : ''})`);
        const started = performance.now();
        const app = await startServer(['--units', String(options.units), '--seed', String(options.seed), '--workers', String(workers), ...engine, `${indexName}_generated`]);
        log(`http: listening after ${Math.round((performance.now() - started) / 1000)} s`);
        try {
          for (const route of ['/api/search', '/search']) {
            const paths = distinctSearchPaths(route, generated.queries, generated.speakers);
            log(`http: meilisearch ${route}: ${paths.length} distinct queries: warm-up, then ${options.durationS} s at ${options.connections} connections`);
            await load('warm-up', app.port, app.units, paths.slice(-100), options, 1);
            results.push(await load(`generated ${options.units} ${route} (${paths.length} distinct, meilisearch${served})`, app.port, app.units, paths, options));
          }
        } finally {
          await stopChild(app.child);
        }
      }
    }
  } finally {
    for (const name of [`${indexName}_bundled`, `${indexName}_generated`]) {
      const cleaner = new MeilisearchEngine({ url: process.env.MEILI_URL ?? '', apiKey: process.env.MEILI_API_KEY?.trim() || undefined, indexName: name, timeoutMs: 120_000 });
      await cleaner.deleteAllIndexes().catch((error: unknown) => log(`http: meilisearch: could not delete the index ${name}: ${error instanceof Error ? error.message : String(error)}`));
      await cleaner.close();
    }
  }
  return results;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * How a start is spawned: 'bundle' as `npm start` runs the site (scripts/start.mjs, the bundle of
 * server/ built beforehand by `ensureBundle`), 'sources' from the TypeScript through tsx, as
 * `npm start` did before issue 24 and as `npm run dev` and the tests still run it.
 */
type Launcher = 'bundle' | 'sources';

const LAUNCH_ARGS: Record<Launcher, string[]> = {
  bundle: [path.join(ROOT, 'scripts/start.mjs')],
  sources: ['--import', 'tsx', path.join(ROOT, 'server/main.ts')],
};

/** Builds the bundle `npm start` serves when the sources changed (`npm run build`), so that no timed start pays for it. */
async function ensureBundle(): Promise<void> {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs'), '--build-only'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let said = '';
  child.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`npm run build failed (${code}): ${said}`);
  log(said.trim() || 'cold start: the bundle of server/ is up to date');
}

/** Spawns the real entry point, times it until /healthz answers 200, asks `answerPaths`, then stops it. */
async function coldStart(name: string, units: number, env: Record<string, string>, answerPaths: readonly string[], launcher: Launcher, timeoutMs = 120_000): Promise<ColdStart> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, LAUNCH_ARGS[launcher], {
    cwd: ROOT,
    // A fixed public address: the answers' permalinks must not depend on the port.
    env: { ...process.env, MEILI_URL: '', NODE_ENV: 'production', LOG_LEVEL: 'error', HOST: '127.0.0.1', PORT: String(port), PUBLIC_BASE_URL: 'https://bench.invalid', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  try {
    while (performance.now() - started < timeoutMs) {
      if (child.exitCode !== null) return { name, units, ready_ms: null, error: `exited with ${child.exitCode}: ${stderr.trim().split('\n').slice(-2).join(' | ')}` };
      try {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (response.status === 200) {
          const ready_ms = Math.round(performance.now() - started);
          return { name, units, ready_ms, answers: await answersDigest(port, answerPaths) };
        }
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return { name, units, ready_ms: null, error: `no 200 from /healthz within ${timeoutMs} ms` };
  } finally {
    await stopChild(child);
  }
}

/** Hash of the status and JSON body (tookMs left out) of each path, in order; null when one fails. */
async function answersDigest(port: number, paths: readonly string[]): Promise<string | null> {
  const hash = createHash('sha256');
  const withoutTimes = (key: string, value: unknown): unknown => (key === 'tookMs' ? undefined : value);
  try {
    for (const p of paths) {
      const response = await fetch(`http://127.0.0.1:${port}${p}`);
      hash.update(`${p} ${response.status}\n${JSON.stringify(JSON.parse(await response.text()), withoutTimes)}\n`);
    }
  } catch {
    return null;
  }
  return hash.digest('hex').slice(0, 16);
}

/** The API requests whose answers a restart must repeat: searches of every frequency band, filtered ones, the catalog lists. */
function startAnswerPaths(vocabulary: readonly string[], speakers: readonly string[]): string[] {
  return [...distinctSearchPaths('/api/search', distinctQueries(vocabulary, 40), speakers), '/api/speakers', '/api/questions', '/api/debates'];
}

/**
 * Best of two spawns (each a fresh process; `fresh` empties the cache before each): one start is at
 * the mercy of whatever else the machine runs, and the best is the closest to the site's own cost.
 */
async function bestColdStart(name: string, units: number, env: Record<string, string>, fresh: boolean, answerPaths: readonly string[], launcher: Launcher = 'bundle'): Promise<ColdStart> {
  const runs: ColdStart[] = [];
  for (let i = 0; i < 2; i++) {
    if (fresh && env.INDEX_CACHE_DIR) await rm(env.INDEX_CACHE_DIR, { recursive: true, force: true });
    runs.push(await coldStart(name, units, env, answerPaths, launcher));
  }
  const ok = runs.filter((r) => r.ready_ms !== null).sort((a, b) => (a.ready_ms ?? 0) - (b.ready_ms ?? 0));
  const best = ok[0] ?? runs[0] ?? { name, units, ready_ms: null, error: 'not run' };
  // The two runs must have answered alike too.
  const answers = runs.every((r) => r.answers && r.answers === runs[0]?.answers) ? (runs[0]?.answers ?? null) : null;
  return { ...best, runs_ms: runs.map((r) => r.ready_ms), answers };
}

async function cacheFiles(dir: string): Promise<string[]> {
  return existsSync(dir) ? (await readdir(dir)).filter((n) => !n.endsWith('.tmp')).map((n) => n.replace(/-[0-9a-f]{32}\./, '-….')) : [];
}

async function measureColdStarts(options: BenchOptions, corpus: Corpus, vocabulary: readonly string[]): Promise<ColdStart[]> {
  const results: ColdStart[] = [];
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-bench-'));
  try {
    await ensureBundle();
    log('cold start: bundled corpus, first start then restart with the index snapshot (npm start), then a restart from the TypeScript sources');
    const bundledEnv = { DATA_DIR: path.join(ROOT, 'data'), INDEX_CACHE_DIR: path.join(scratch, 'cache-bundled') };
    const bundledPaths = ['/api/search?q=stagiaire', '/api/search?q=community%20management', '/api/speakers', '/api/questions', '/api/debates'];
    results.push(await bestColdStart('bundled, first start', 0, bundledEnv, true, bundledPaths));
    results.push(await bestColdStart('bundled, restart', 0, bundledEnv, false, bundledPaths));
    results.push(await bestColdStart('bundled, restart from sources (tsx)', 0, bundledEnv, false, bundledPaths, 'sources'));
    if (options.units > 0) {
      const folder = path.join(scratch, `corpus-${options.units}`);
      log(`cold start: writing the ${options.units}-unit corpus as files`);
      await writeCorpusFolder(corpus, folder);
      const cache = path.join(scratch, 'cache-generated');
      const env = { DATA_DIR: folder, INDEX_CACHE_DIR: cache };
      const paths = startAnswerPaths(vocabulary, corpus.speakers.slice(0, 20).map((s) => s.id));
      log('cold start: generated corpus, first start (corpus parsed, index built, both cached)');
      results.push(await bestColdStart(`${options.units} units, first start`, options.units, env, true, paths));
      log('cold start: generated corpus, restart (corpus cache and index snapshot)');
      const held = await cacheFiles(cache);
      const snapshot = held.length > 0;
      results.push({ ...(await bestColdStart(`${options.units} units, restart${snapshot ? ` (${held.join(', ')})` : ' (no cache was written)'}`, options.units, env, false, paths)), snapshot, cache_files: held });
      log('cold start: generated corpus, restart from the TypeScript sources (tsx), as npm start did before');
      results.push({ ...(await bestColdStart(`${options.units} units, restart from sources (tsx)`, options.units, env, false, paths, 'sources')), snapshot, cache_files: held });
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return results;
}

/** Whether each restart answered as the first start of the same corpus did. */
function restartVerdict(cold: readonly ColdStart[], start: ColdStart): string {
  if (!start.name.includes('restart')) return start.answers ? 'reference' : 'not compared';
  const first = cold.find((c) => c.units === start.units && c.name.includes('first start'));
  if (!first?.answers || !start.answers) return 'not compared';
  return first.answers === start.answers ? 'same as first start' : 'DIFFERENT';
}

const fmt = (n: number | null | undefined, digits = 1): string => (n === null || n === undefined ? '–' : n.toFixed(digits));

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => pad(r, widths)).join('\n');
}

export function renderHealth(h: HealthUnderLoad): string {
  return [
    `/healthz while the heaviest pages load (${h.units} units, ${h.connections} connections, ${h.distinct_queries} distinct queries, ${h.load_requests} requests, ${h.load_non2xx} non-2xx):`,
    `  heavy pages: ${h.heavy_paths.join(' ')}`,
    `  ${h.probes} probes: p50 ${h.p50_ms} ms, p99 ${h.p99_ms} ms, max ${h.max_ms} ms (goal: p99 <= 50 ms)`,
  ].join('\n');
}

function loadLine(units: number): string {
  return `Contrepoint bench: ${units} units, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`;
}

/** The cold starts' table; "answers" compares each restart with the first start of its corpus. */
export function renderColdStarts(cold: readonly ColdStart[]): string {
  return table([
    ['cold start (spawn to /healthz 200)', 'best ms', 'runs', 'answers'],
    ...cold.map((c) => [c.name, c.ready_ms === null ? `failed: ${c.error ?? ''}` : String(c.ready_ms), (c.runs_ms ?? []).map((r) => (r === null ? 'failed' : String(r))).join(', '), restartVerdict(cold, c)]),
  ]);
}

export function renderReport(units: number, engines: readonly EngineResult[], failed: readonly { name: string; reason: string }[], http: readonly HttpResult[], cold: readonly ColdStart[], weights: readonly PageWeight[] = []): string {
  const out: string[] = [];
  out.push(loadLine(units));
  out.push('');
  out.push(
    table([
      ['engine', 'build ms', 'peak MB', 'maxrss MB', 'kept MB', 'p50 ms', 'p95 ms', 'p99 ms'],
      ...engines.map((e) => [e.name, String(e.build_ms), String(e.peak_rss_mb), String(e.max_rss_mb), String(e.after_build_rss_mb - e.baseline_rss_mb), fmt(e.query.p50_ms, 2), fmt(e.query.p95_ms, 2), fmt(e.query.p99_ms, 2)]),
    ]),
  );
  out.push('');
  out.push('p95 ms by kind (zero-hit queries of 40 in brackets: a recall signal)');
  out.push(
    table([
      ['kind', ...engines.map((e) => e.name)],
      ...QUERY_KINDS.map((kind) => [kind, ...engines.map((e) => `${fmt(e.kinds[kind]?.p95_ms, 2)} [${e.kinds[kind]?.zero_hits ?? '–'}]`)]),
    ]),
  );
  out.push('');
  out.push('CPU ms per query, p50 / p95 (the process\'s own CPU time: it leaves out waiting for a core, so it reads about the same on a loaded machine; Meilisearch: the client only)');
  out.push(
    table([
      ['kind', ...engines.map((e) => e.name)],
      ...QUERY_KINDS.map((kind) => [kind, ...engines.map((e) => `${fmt(e.kinds[kind]?.cpu_p50_ms, 2)} / ${fmt(e.kinds[kind]?.cpu_p95_ms, 2)}`)]),
      ['all', ...engines.map((e) => `${fmt(e.query.cpu_p50_ms, 2)} / ${fmt(e.query.cpu_p95_ms, 2)}`)],
    ]),
  );
  out.push('');
  out.push('"peak" is sampled every 20 ms and at each progress step; "maxrss" is the kernel\'s peak for the process (includes generating the corpus);');
  out.push('"kept" is what the index holds after the build and a GC. Our engine is our own inverted index, not a library: there is no raw library underneath to compare it with, so it is compared with the libraries.');
  for (const e of engines) out.push(`  ${e.name}: ${e.notes.join('; ')}`);
  for (const f of failed) out.push(`  ${f.name}: not measured: ${f.reason}`);
  if (http.length > 0) {
    out.push('');
    out.push(
      table([
        ['http (autocannon)', 'units', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'timeouts', 'kB/answer', 'alone ms'],
        ...http.map((h) => [h.name, String(h.units), String(h.rps), fmt(h.p50_ms, 0), fmt(h.p99_ms, 0), String(h.errors), String(h.non2xx), String(h.timeouts), h.requests > 0 ? fmt(h.bytes_per_response / 1024, 1) : '–', fmt(h.single_ms, 1)]),
      ]),
    );
  }
  if (http.length > 0) {
    out.push('"alone": median of 20 requests one after the other, after the load; a run with 0 req/s completed no answer within the duration.');
    out.push('"rotation … cached": the same few queries again and again, answered from the cache; "distinct, cache off": every request searched (the headline figures); "distinct, cache on": the same 2,000 queries after one pass.');
  }
  if (weights.length > 0) {
    out.push('');
    out.push(
      table([
        [`heaviest HTML page (limit ${PAGE_WEIGHT_LIMIT / 1024} KB)`, 'pages', 'max KB', 'status', 'path'],
        ...weights.map((w) => [`${w.kind}${w.over_limit ? ' OVER' : ''}`, String(w.pages), fmt(w.max_kb, 1), String(w.status), w.max_path.length > 70 ? `${w.max_path.slice(0, 70)}…` : w.max_path]),
      ]),
    );
  }
  if (cold.length > 0) {
    out.push('');
    out.push(renderColdStarts(cold));
  }
  return out.join('\n');
}

/** `--health-only`: the generated corpus served, /healthz probed under the heavy load, nothing else. */
async function runHealthOnly(options: BenchOptions): Promise<HealthUnderLoad> {
  const generated = generateCorpus({ units: options.units, seed: options.seed });
  log(`http: starting the app (generated ${options.units} corpus)`);
  const { child, port, units } = await startServer(['--units', String(options.units), '--seed', String(options.seed)]);
  try {
    const vocabulary = generated.vocabulary;
    log(`http: /healthz probed while ${options.connections} connections request 2000 distinct queries and the heaviest pages`);
    const result = await measureHealthUnderLoad(port, units, distinctQueries(vocabulary), heaviestPaths(generated.corpus, vocabulary[0] ?? ''), options);
    process.stdout.write(`${renderHealth(result)}\n`);
    return result;
  } finally {
    await stopChild(child);
  }
}

/** The key points of the busiest question (issue 23), in a child of its own: its memory and its event loop are its own. */
async function measureKeyPointsInChild(options: BenchOptions): Promise<KeyPointBench> {
  const child = runNode('scripts/bench/key-points.ts', ['--units', String(options.units), '--seed', String(options.seed), ...(options.http ? [] : ['--no-http'])]);
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = stdout.trim().split('\n').pop();
  if (code !== 0 || !line) throw new Error(`key points: exit code ${code}`);
  return JSON.parse(line) as KeyPointBench;
}

export async function runBench(options: BenchOptions): Promise<Record<string, unknown>> {
  if (options.keyPointsOnly) {
    const keyPoints = await measureKeyPointsInChild(options);
    process.stdout.write(`${renderKeyPoints(keyPoints)}\n`);
    if (options.json) await writeFile(options.json, `${JSON.stringify({ units: options.units, key_points: keyPoints, machine: { cores: os.cpus().length, loadavg: os.loadavg(), node: process.version, date: new Date().toISOString() } }, null, 2)}\n`);
    return { key_points: keyPoints };
  }
  if (options.healthOnly) {
    const health = await runHealthOnly(options);
    if (options.json) await writeFile(options.json, `${JSON.stringify({ units: options.units, healthz_under_load: health }, null, 2)}\n`);
    return { healthz_under_load: health };
  }
  if (options.startsOnly) {
    const generated = generateCorpus({ units: options.units, seed: options.seed });
    const cold = await measureColdStarts(options, generated.corpus, generated.vocabulary);
    process.stdout.write(`${loadLine(options.units)}\n\n${renderColdStarts(cold)}\n`);
    const report = { units: options.units, cold_start: cold, machine: { cores: os.cpus().length, loadavg: os.loadavg(), node: process.version, date: new Date().toISOString() } };
    if (options.json) await writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`);
    return report;
  }
  const engines: EngineResult[] = [];
  const failed: { name: string; reason: string }[] = [];
  for (const engine of options.httpOnly ? [] : options.engines) {
    if (engine === 'meilisearch' && !process.env.MEILI_URL) {
      log('meilisearch: skipped: MEILI_URL is not set (set it to a running Meilisearch to include it)');
      failed.push({ name: engine, reason: 'skipped: MEILI_URL is not set' });
      continue;
    }
    log(`engine ${engine}: ${options.units} units`);
    try {
      engines.push(await measureEngine(engine, options));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`engine ${engine}: failed: ${reason}`);
      failed.push({ name: engine, reason });
    }
  }

  let http: HttpResult[] = [];
  let weights: PageWeight[] = [];
  let cold: ColdStart[] = [];
  let health: HealthUnderLoad | null = null;
  if (options.http) {
    // The generated corpus's query rotation: the same frequency bands as the engine query mix.
    const generated = generateCorpus({ units: options.units, seed: options.seed });
    const { vocabulary, documents } = generated;
    const words = [vocabulary[0], vocabulary[5], vocabulary[40], vocabulary[200], `${vocabulary[3] ?? ''} ${vocabulary[30] ?? ''}`, (vocabulary[12] ?? '').slice(0, 3), vocabulary[800]].filter((w): w is string => !!w);
    const speaker = documents[0]?.speaker ?? '';
    try {
      const speakers = [...new Set(documents.slice(0, 2000).map((d) => d.speaker))];
      const queries = distinctQueries(vocabulary);
      const input: GeneratedHttpInput = { queries, speakers, pages: heaviestPages(generated.corpus, vocabulary) };
      ({ http, weights } = await measureHttp(options, words, speaker, input, {
        queries,
        heavy: heaviestPaths(generated.corpus, vocabulary[0] ?? ''),
        onResult: (result) => {
          health = result;
        },
      }));
    } catch (error) {
      log(`http: failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      if (!options.httpOnly) cold = await measureColdStarts(options, generated.corpus, vocabulary);
    } catch (error) {
      log(`cold start: failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  let keyPoints: KeyPointBench | null = null;
  if (!options.httpOnly) {
    try {
      keyPoints = await measureKeyPointsInChild(options);
    } catch (error) {
      log(`key points: failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  process.stdout.write(`${renderReport(options.units, engines, failed, http, cold, weights)}\n`);
  if (keyPoints) process.stdout.write(`\n${renderKeyPoints(keyPoints)}\n`);
  const healthResult = health as HealthUnderLoad | null;
  if (healthResult) process.stdout.write(`${renderHealth(healthResult)}\n`);
  const headline = http.find((h) => h.name.startsWith('bundled /api/search'));
  const report = {
    units: options.units,
    engines,
    http: {
      // Always the same keys; null when the HTTP part did not run (--no-http) or failed.
      rps: headline?.rps ?? null,
      p50_ms: headline?.p50_ms ?? null,
      p99_ms: headline?.p99_ms ?? null,
      errors: headline?.errors ?? null,
      non2xx: headline?.non2xx ?? null,
      scenarios: http,
      page_weights: weights,
      cold_start: cold,
      healthz_under_load: healthResult,
    },
    key_points: keyPoints,
    not_measured: failed,
    machine: { cores: os.cpus().length, loadavg: os.loadavg(), node: process.version, date: new Date().toISOString() },
  };
  if (options.json) {
    await mkdir(path.dirname(path.resolve(options.json)), { recursive: true });
    await writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`written ${options.json}`);
  }
  return report;
}

export const BENCH_USAGE = `Usage: npm run bench -- [options]
  --units N          units in the generated corpus (default 100000)
  --engines a,b      engines to measure (default ${DEFAULT_ENGINES.join(',')}; known: ${ENGINE_NAMES.join(', ')})
  --rounds R         rounds over the query mix (default 3)
  --per-kind K       distinct queries of each kind (default 40; kinds: ${QUERY_KINDS.join(', ')})
  --no-http          skip the HTTP load test and the cold start
  --duration S       seconds of each HTTP load test (default 5)
  --connections C    concurrent HTTP connections (default 50)
  --workers W        also serve the distinct-query runs with W processes, as WEB_CONCURRENCY=W
                     does (default: the machine's cores, here ${os.availableParallelism()}; 1: single process only)
  --health-only      only /healthz while the heaviest pages are requested (generated corpus)
  --http-only        only the HTTP runs: no engine comparison, no cold starts, no key points
  --key-points-only  only the key points of the busiest question: computed, event loop held, the
                     question page over HTTP (--no-http: without the HTTP part)
  --starts-only      only the cold starts (bundled and generated corpus, first start and restart through npm start's bundle, a restart from the sources)
  --seed N           seed of the generated corpus and queries
  --json FILE        also write the report as JSON
  --help             print this and exit
Meilisearch is measured when MEILI_URL is set. Figures: docs/benchmark.md.`;

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    process.exit(0);
  }
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  await runBench(options);
  process.exit(0);
}
