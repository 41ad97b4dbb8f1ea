// The one function that puts the app's parts together: configuration, corpus, engine (indexed),
// logger, then the Express app. server/main.ts, the tests (tests/helpers/start-app.ts) and the HTTP
// benchmark (scripts/bench/serve-app.ts) all start the site through it, so that they serve the
// same thing; each only decides where the parts come from and how to listen.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { createApp } from './app.ts';
import type { AppDeps, Logger } from './app-deps.ts';
import type { AppConfig, HttpLimits } from './config.ts';
import { loadCorpusCached } from './corpus-cache.ts';
import type { CorpusIndex } from './corpus/model.ts';
import type { CorpusProblem } from './errors.ts';
import { createHttpServer } from './http-server.ts';
import { prepareCatalog } from './services/catalog-service.ts';
import { createLogger } from './logger.ts';
import { createSearchEngine } from './search/create-engine.ts';
import { toSearchDocuments } from './search/documents.ts';
import type { IndexOpening, SearchDocument, SearchEngine } from './search/engine.ts';
import { SiteState } from './site-state.ts';

export interface AssembleOptions {
  /** An index already built (a generated benchmark corpus); by default the corpus in config.dataDir is loaded and validated (or read from the corpus cache). */
  corpus?: CorpusIndex;
  /** An engine already made; by default the one the configuration names. */
  engine?: SearchEngine;
  /** False: leave the engine as it is (an engine that is down on purpose). Default true. */
  reindex?: boolean;
  logger?: Logger;
  /**
   * What to do when indexing fails. Absent: the error is thrown. Given: it is reported and the site
   * still serves its browsing pages while search answers 503 (as server/main.ts wants).
   */
  onIndexError?: (error: unknown) => void;
}

export interface AssembledApp {
  app: express.Express;
  deps: AppDeps;
  /** The corpus and engine serving, and their reloads. */
  site: SiteState;
  /** Units indexed. */
  documents: number;
  /** 'reused': the stored index already held this corpus; 'built': it was (re)built; null: not indexed (reindex: false, or indexing failed). */
  opening: IndexOpening | null;
  /** Warnings of the corpus loader (nothing that stops the site). */
  warnings: readonly CorpusProblem[];
  /** 'cache': read from the corpus cache (server/corpus-cache.ts); 'files': parsed and validated; 'given': options.corpus. */
  corpusOrigin: 'cache' | 'files' | 'given';
}

/** Throws InvalidCorpusError (every problem listed) when the corpus does not validate. */
export async function assembleApp(config: Readonly<AppConfig>, options: AssembleOptions = {}): Promise<AssembledApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  let corpus = options.corpus;
  let warnings: readonly CorpusProblem[] = [];
  let documents: readonly SearchDocument[];
  let corpusOrigin: AssembledApp['corpusOrigin'] = 'given';
  if (corpus) documents = toSearchDocuments(corpus);
  else {
    // Read from the corpus cache when the data files and the code are those it was written from.
    const loaded = await loadCorpusCached(config.dataDir, config.corpusCacheDir);
    corpus = loaded.index;
    documents = loaded.documents;
    warnings = loaded.warnings;
    corpusOrigin = loaded.origin;
  }
  prepareCatalog(corpus);
  const createEngine = (): SearchEngine => createSearchEngine(config.engine, { logger });
  const engine = options.engine ?? createEngine();
  let opening: IndexOpening | null = null;
  if (options.reindex ?? true) {
    try {
      // An index that already holds this corpus (same digest) is served as it is.
      opening = await engine.open(documents);
    } catch (error) {
      if (!options.onIndexError) throw error;
      options.onIndexError(error);
    }
  }
  const site = new SiteState(
    { corpus, engine, digest: engine.servingDigest, units: documents.length },
    { dataDir: config.dataDir, corpusCacheDir: config.corpusCacheDir, createEngine, logger, prepareCorpus: prepareCatalog },
  );
  const deps: AppDeps = {
    config,
    logger,
    get engine() {
      return site.served().engine;
    },
    get corpus() {
      return site.served().corpus;
    },
    pinRequest: (next) => site.pin(next),
  };
  return { app: createApp(deps), deps, site, documents: documents.length, opening, warnings, corpusOrigin };
}

/**
 * Listens with the configured limits (server/http-server.ts) and resolves once listening (rejects on
 * EADDRINUSE and the like), with the port actually bound.
 */
export async function listen(app: express.Express, port: number, host: string, limits: HttpLimits): Promise<{ server: Server; port: number }> {
  const server = createHttpServer(app, limits).listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return { server, port: (server.address() as AddressInfo).port };
}
