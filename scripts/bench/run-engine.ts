// Measures one engine in a process of its own, so that its memory peak is its own: spawned by
// scripts/bench.ts as `node --expose-gc --import tsx scripts/bench/run-engine.ts --engine NAME ...`.
// Prints progress on stderr and one JSON line (an EngineResult) on stdout.

import { performance } from 'node:perf_hooks';
import type { SearchDocument, SearchEngine, SearchQuery, SearchResult } from '../../server/search/engine.ts';
import { EmbeddedEngine } from '../../server/search/embedded/embedded-engine.ts';
import { MeilisearchEngine } from '../../server/search/meilisearch/meilisearch-engine.ts';
import { DEFAULT_SEED, generateCorpus } from './generate-corpus.ts';
import { FlexSearchBench, MiniSearchBench, type BenchAnswer, type BenchEngine } from './library-engines.ts';
import { buildQueryMix, QUERY_KINDS, type BenchQuery, type QueryKind } from './queries.ts';

export const ENGINE_NAMES = ['contrepoint-embedded', 'minisearch', 'flexsearch', 'meilisearch'] as const;
export type BenchEngineName = (typeof ENGINE_NAMES)[number];

export interface Percentiles {
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
}

export interface KindResult extends Percentiles {
  /** Queries of this kind that found nothing: a recall signal (a library that cannot do typos finds nothing). */
  zero_hits: number;
  queries: number;
  mean_total: number;
  /**
   * CPU time of this process per query (process.cpuUsage): it leaves out the time spent waiting
   * for a core, so on a loaded machine it shows what the engine itself costs.
   */
  cpu_p50_ms: number;
  cpu_p95_ms: number;
}

export interface EngineResult {
  name: string;
  build_ms: number;
  peak_rss_mb: number;
  /** The kernel's own peak (getrusage), which also sees peaks between two samples. */
  max_rss_mb: number;
  /** Resident memory after the corpus is generated, before the build: the documents themselves. */
  baseline_rss_mb: number;
  /** Resident memory after the build and a GC: what the index keeps. */
  after_build_rss_mb: number;
  query: Percentiles & { count: number; cpu_p50_ms: number; cpu_p95_ms: number };
  kinds: Partial<Record<QueryKind, KindResult>>;
  notes: readonly string[];
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[at] ?? 0) * 1000) / 1000;
}

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50_ms: percentile(sorted, 50), p95_ms: percentile(sorted, 95), p99_ms: percentile(sorted, 99) };
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Our engine (or the Meilisearch adapter) seen through the SearchEngine interface. */
class SearchEngineBench implements BenchEngine {
  constructor(
    readonly name: string,
    private readonly engine: SearchEngine,
    readonly notes: readonly string[],
  ) {}
  build(documents: readonly SearchDocument[], onProgress: (done: number, total: number) => void): Promise<void> {
    return this.engine.reindex(documents, onProgress);
  }
  async search(query: SearchQuery): Promise<BenchAnswer> {
    return toAnswer(await this.engine.search(query));
  }
  async multiSearch(queries: readonly SearchQuery[]): Promise<BenchAnswer[]> {
    return (await this.engine.multiSearch(queries)).map(toAnswer);
  }
  close(): Promise<void> {
    return this.engine.close();
  }
}

function toAnswer(result: SearchResult): BenchAnswer {
  return { total: result.total, ids: result.hits.map((h) => h.document.id), facets: result.facets };
}

function createEngine(name: BenchEngineName): BenchEngine {
  switch (name) {
    case 'contrepoint-embedded':
      return new SearchEngineBench(name, new EmbeddedEngine({ cacheDir: null, resultCacheSize: 0 }), [
        'our own inverted index (no library underneath), through the SearchEngine interface',
        'figures include highlighting, synonyms, typo ranking and exact facets',
        'answer cache off: every query is computed (the site keeps answers to repeated queries)',
      ]);
    case 'meilisearch': {
      const url = process.env.MEILI_URL;
      if (!url) throw new Error('MEILI_URL is not set');
      const apiKey = process.env.MEILI_API_KEY;
      const indexName = `contrepoint_bench_${process.pid}`;
      const engine = new MeilisearchEngine({ url, apiKey, indexName, timeoutMs: 600_000 });
      // The bench's index is removed afterwards, so that the server is left as it was found.
      const close = engine.close.bind(engine);
      engine.close = async () => {
        await engine.deleteAllIndexes().catch(() => undefined);
        await close();
      };
      return new SearchEngineBench(name, engine, [
        'a separate server: peak RSS here is the Node client only, not Meilisearch',
        'latency includes the HTTP round trip to the server',
      ]);
    }
    case 'minisearch':
      return new MiniSearchBench();
    case 'flexsearch':
      return new FlexSearchBench();
  }
}

export interface RunOptions {
  engine: BenchEngineName;
  units: number;
  seed: number;
  perKind: number;
  rounds: number;
}

export async function runEngine(options: RunOptions, log: (line: string) => void): Promise<EngineResult> {
  const { documents, vocabulary } = generateCorpus({ units: options.units, seed: options.seed });
  const mix = buildQueryMix(documents, vocabulary, options.perKind);
  gc();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = (): void => {
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
  };
  // The interval misses peaks inside long synchronous work; the progress callback and the
  // kernel's max RSS (reported apart) cover those.
  const sampler = setInterval(sample, 20);
  try {
    const engine = createEngine(options.engine);
    log(`${engine.name}: building the index of ${documents.length} units`);
    const started = performance.now();
    let lastLog = 0;
    await engine.build(documents, (done, total) => {
      sample();
      const now = performance.now();
      if (now - lastLog > 1000) {
        lastLog = now;
        log(`${engine.name}: ${done}/${total}`);
      }
    });
    const buildMs = Math.round(performance.now() - started);
    sample();
    gc();
    const afterBuild = process.memoryUsage().rss;
    log(`${engine.name}: built in ${buildMs} ms; ${mix.length} queries x ${options.rounds} rounds`);

    const run = async (query: BenchQuery): Promise<BenchAnswer[]> => {
      if (query.kind === 'compare') return engine.multiSearch(query.queries);
      return [await engine.search(query.queries[0] as SearchQuery)];
    };
    // Warm-up: one pass, unmeasured, so the JIT and caches are in the same state for every engine.
    for (const query of mix) await run(query);
    const all: number[] = [];
    const allCpu: number[] = [];
    const byKind = new Map<QueryKind, number[]>();
    const cpuByKind = new Map<QueryKind, number[]>();
    const zero = new Map<QueryKind, number>();
    const totals = new Map<QueryKind, number>();
    for (let round = 0; round < options.rounds; round++) {
      for (const query of mix) {
        const t0 = performance.now();
        const cpu0 = process.cpuUsage();
        const answers = await run(query);
        const elapsed = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        const cpuMs = (cpu.user + cpu.system) / 1000;
        all.push(elapsed);
        allCpu.push(cpuMs);
        const cpuList = cpuByKind.get(query.kind) ?? [];
        cpuList.push(cpuMs);
        cpuByKind.set(query.kind, cpuList);
        const list = byKind.get(query.kind) ?? [];
        list.push(elapsed);
        byKind.set(query.kind, list);
        if (round === 0) {
          const total = answers.reduce((sum, a) => sum + a.total, 0);
          if (total === 0) zero.set(query.kind, (zero.get(query.kind) ?? 0) + 1);
          totals.set(query.kind, (totals.get(query.kind) ?? 0) + total);
        }
        sample();
      }
      log(`${engine.name}: round ${round + 1}/${options.rounds} done`);
    }
    await engine.close();
    const kinds: Partial<Record<QueryKind, KindResult>> = {};
    for (const kind of QUERY_KINDS) {
      const samples = byKind.get(kind) ?? [];
      const count = samples.length / options.rounds;
      const cpu = percentiles(cpuByKind.get(kind) ?? []);
      kinds[kind] = { ...percentiles(samples), zero_hits: zero.get(kind) ?? 0, queries: count, mean_total: Math.round((totals.get(kind) ?? 0) / Math.max(1, count)), cpu_p50_ms: cpu.p50_ms, cpu_p95_ms: cpu.p95_ms };
    }
    return {
      name: engine.name,
      build_ms: buildMs,
      peak_rss_mb: mb(peak),
      max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      baseline_rss_mb: mb(baseline),
      after_build_rss_mb: mb(afterBuild),
      query: { ...percentiles(all), count: all.length, cpu_p50_ms: percentiles(allCpu).p50_ms, cpu_p95_ms: percentiles(allCpu).p95_ms },
      kinds,
      notes: engine.notes,
    };
  } finally {
    clearInterval(sampler);
  }
}

function argument(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const engine = argument(args, '--engine') as BenchEngineName | undefined;
  if (!engine || !ENGINE_NAMES.includes(engine)) {
    process.stderr.write(`--engine must be one of ${ENGINE_NAMES.join(', ')}\n`);
    process.exit(2);
  }
  const result = await runEngine(
    {
      engine,
      units: Number(argument(args, '--units') ?? '100000'),
      seed: Number(argument(args, '--seed') ?? DEFAULT_SEED),
      perKind: Number(argument(args, '--per-kind') ?? '40'),
      rounds: Number(argument(args, '--rounds') ?? '3'),
    },
    (line) => process.stderr.write(`  ${line}\n`),
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Engines may keep timers or sockets; the measurement is done.
  process.exit(0);
}
