// Starts the real app in-process on port 0: the real corpus loader, the real engine (embedded by
// default, without an on-disk cache), silent logs. Used by the API, page and browser tests.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppDeps } from '../../server/app-deps.ts';
import { assembleApp, listen } from '../../server/assemble.ts';
import { loadConfig } from '../../server/config.ts';
import { silentLogger } from '../../server/logger.ts';
import { createSearchEngine } from '../../server/search/create-engine.ts';
import type { SearchEngine } from '../../server/search/engine.ts';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The corpus shipped in data/. */
export const BUNDLED_DATA_DIR = path.join(ROOT_DIR, 'data');
/** The small valid fixture. */
export const FIXTURE_DATA_DIR = path.join(ROOT_DIR, 'tests/fixtures/corpus-valid');

export interface StartedApp {
  baseUrl: string;
  close(): Promise<void>;
  deps: AppDeps;
}

export interface StartAppOptions {
  /** Corpus folder; the bundled data/ by default. */
  dataDir?: string;
  /**
   * Engine to serve with, already built; the corpus is indexed into it unless it is told not to
   * (`reindex: false`, for an engine that is down on purpose). Default: a fresh embedded engine.
   */
  engine?: SearchEngine;
  reindex?: boolean;
  /** PUBLIC_BASE_URL; by default none (permalinks use the listening address). */
  publicBaseUrl?: string;
}

export async function startApp(options: StartAppOptions = {}): Promise<StartedApp> {
  const dataDir = path.resolve(options.dataDir ?? BUNDLED_DATA_DIR);
  // Built from a fixed environment, not process.env: a MEILI_URL set in the shell must not
  // change what the tests run against. No INDEX_CACHE_DIR: every test parses its corpus (the
  // corpus cache has its own tests, tests/integration/restart-cache.test.ts).
  const environment = { NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, INDEX_CACHE_DIR: '', PUBLIC_BASE_URL: options.publicBaseUrl };
  const config = loadConfig(environment, { dataDir });
  const engine = options.engine ?? createSearchEngine({ kind: 'embedded', cacheDir: null });
  const { app, deps } = await assembleApp(config, { engine, reindex: options.reindex ?? true, logger: silentLogger });
  // Templates compiled once, as in production: NODE_ENV=test would recompile every template for
  // every page (an eighth of the fuzz test's CPU). The pages are the same either way.
  app.set('view cache', true);
  const { server, port } = await listen(app, 0, '127.0.0.1', config.http);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    deps,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      if (!options.engine) await engine.close();
    },
  };
}
