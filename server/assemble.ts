// The one function that puts the app's parts together: configuration, corpus, engine (indexed),
// logger, then the Express app. server/main.ts, the tests (tests/helpers/start-app.ts) and the HTTP
// benchmark (scripts/bench/serve-app.ts) all start the site through it, so that they serve the
// same thing; each only decides where the parts come from and how to listen.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { createApp } from './app.ts';
import type { AppDeps, Logger } from './app-deps.ts';
import type { AppConfig } from './config.ts';
import { loadValidCorpus } from './corpus/load.ts';
import type { CorpusIndex } from './corpus/model.ts';
import type { CorpusProblem } from './errors.ts';
import { createLogger } from './logger.ts';
import { createSearchEngine } from './search/create-engine.ts';
import { toSearchDocuments } from './search/documents.ts';
import type { SearchEngine } from './search/engine.ts';

export interface AssembleOptions {
  /** An index already built (a generated benchmark corpus); by default the corpus in config.dataDir is loaded and validated. */
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
  /** Units indexed. */
  documents: number;
  /** Warnings of the corpus loader (nothing that stops the site). */
  warnings: readonly CorpusProblem[];
}

/** Throws InvalidCorpusError (every problem listed) when the corpus does not validate. */
export async function assembleApp(config: Readonly<AppConfig>, options: AssembleOptions = {}): Promise<AssembledApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  let corpus = options.corpus;
  let warnings: readonly CorpusProblem[] = [];
  if (!corpus) {
    const loaded = await loadValidCorpus(config.dataDir);
    corpus = loaded.index;
    warnings = loaded.warnings;
  }
  const engine = options.engine ?? createSearchEngine(config.engine);
  const documents = toSearchDocuments(corpus);
  if (options.reindex ?? true) {
    try {
      await engine.reindex(documents);
    } catch (error) {
      if (!options.onIndexError) throw error;
      options.onIndexError(error);
    }
  }
  const deps: AppDeps = { config, engine, corpus, logger };
  return { app: createApp(deps), deps, documents: documents.length, warnings };
}

/** Listens and resolves once listening (rejects on EADDRINUSE and the like), with the port actually bound. */
export async function listen(app: express.Express, port: number, host: string): Promise<{ server: Server; port: number }> {
  const server = app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return { server, port: (server.address() as AddressInfo).port };
}
