// The real app, built with createApp over the embedded engine, listening on 127.0.0.1:0, for the
// HTTP load measurements. It runs in a process of its own so that autocannon (in the parent) does
// not share the server's event loop: on loopback both would otherwise compete for one thread.
//   node --import tsx scripts/bench/serve-app.ts --data data
//   node --import tsx scripts/bench/serve-app.ts --units 100000 [--seed N] [--no-answer-cache] [--workers N]
// --no-answer-cache turns the embedded engine's cache of repeated answers off, so that every request
// is searched (the headline figures); without it, repeated queries are served from the cache.
// --workers N serves with N processes on one port, as main.ts does with WEB_CONCURRENCY=N
// (server/cluster.ts); each worker generates the same corpus from the seed and builds its own index.
// --engine meilisearch --index-name NAME serves from the Meilisearch server MEILI_URL names (with
// MEILI_API_KEY), in the index NAME: built at the first start, reused by the next ones while the
// corpus is the same (the bench deletes it afterwards).
// Prints one JSON line {"port": N, "units": N} on stdout once it listens; stops on SIGTERM.

import cluster from 'node:cluster';
import path from 'node:path';
import { assembleApp, listen } from '../../server/assemble.ts';
import { superviseWorkers } from '../../server/cluster.ts';
import { createLogger } from '../../server/logger.ts';
import { loadConfig } from '../../server/config.ts';
import { indexCorpus, type CorpusIndex } from '../../server/corpus/model.ts';
import { EmbeddedEngine } from '../../server/search/embedded/embedded-engine.ts';
import { MeilisearchEngine } from '../../server/search/meilisearch/meilisearch-engine.ts';
import type { SearchEngine } from '../../server/search/engine.ts';
import { DEFAULT_SEED, generateCorpus } from './generate-corpus.ts';

function argument(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

// Measured as deployed: Express turns its view cache on from NODE_ENV when the app is created
// (setting the app's 'env' afterwards does not), and without it every page recompiles its templates.
process.env.NODE_ENV = 'production';

const args = process.argv.slice(2);
const dataArg = argument(args, '--data');
const unitsArg = argument(args, '--units');
const workers = Number(argument(args, '--workers') ?? '1');
if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers needs a whole number from 1');
if (workers > 1 && cluster.isPrimary) {
  if (unitsArg === undefined) throw new Error('--workers needs --units (the generated corpus)');
  superviseWorkers({ count: workers, logger: createLogger('error'), graceMs: 2000, onAllListening: (port) => process.stdout.write(`${JSON.stringify({ port, units: Number(unitsArg), workers })}\n`) });
} else {
  await serve();
}

async function serve(): Promise<void> {
  // A generated corpus is built in memory; otherwise the folder is loaded and validated as main.ts does.
  let corpus: CorpusIndex | undefined;
  let dataDir = path.resolve(dataArg ?? 'data');
  if (unitsArg !== undefined) {
    corpus = indexCorpus(generateCorpus({ units: Number(unitsArg), seed: Number(argument(args, '--seed') ?? DEFAULT_SEED) }).corpus);
    dataDir = path.resolve('tmp/generated');
  }
  // No INDEX_CACHE_DIR: this measures serving, not starting (the cold starts are timed on main.ts).
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'error', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, INDEX_CACHE_DIR: '' }, { dataDir });
  const engine = benchEngine();
  const { app, deps } = await assembleApp(config, { engine, ...(corpus ? { corpus } : {}) });
  // The server main.ts starts, with the configured limits.
  const { server, port } = await listen(app, 0, '127.0.0.1', config.http);
  if (cluster.isPrimary) process.stdout.write(`${JSON.stringify({ port, units: deps.corpus.corpus.units.length, workers: 1 })}\n`);
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => {
      void engine.close().finally(() => process.exit(0));
    });
  });
}

/** The engine the bench asked for: the embedded one by default, or Meilisearch at MEILI_URL. */
function benchEngine(): SearchEngine {
  const name = argument(args, '--engine') ?? 'embedded';
  if (name === 'embedded') return new EmbeddedEngine({ cacheDir: null, ...(args.includes('--no-answer-cache') ? { resultCacheSize: 0 } : {}) });
  if (name !== 'meilisearch') throw new Error(`--engine: "${name}" is not one of embedded, meilisearch`);
  const url = process.env.MEILI_URL?.trim();
  const indexName = argument(args, '--index-name');
  if (!url) throw new Error('--engine meilisearch needs MEILI_URL');
  if (!indexName) throw new Error('--engine meilisearch needs --index-name');
  return new MeilisearchEngine({ url, apiKey: process.env.MEILI_API_KEY?.trim() || undefined, indexName, timeoutMs: 120_000 });
}
