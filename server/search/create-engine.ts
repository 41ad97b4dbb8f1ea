// The one place an engine is chosen: by configuration, with a plain exhaustive switch.

import type { EngineConfig } from '../config.ts';
import { EmbeddedEngine } from './embedded/embedded-engine.ts';
import type { Logger } from '../app-deps.ts';
import type { SearchEngine } from './engine.ts';
import type { CircuitState } from './meilisearch/circuit-breaker.ts';
import { MeilisearchEngine } from './meilisearch/meilisearch-engine.ts';

export interface CreateEngineOptions {
  /** Told when a Meilisearch server stops answering (searches then fail fast) and when it is back. */
  logger?: Logger;
}

export function createSearchEngine(config: EngineConfig, options: CreateEngineOptions = {}): SearchEngine {
  switch (config.kind) {
    case 'embedded':
      return new EmbeddedEngine({ cacheDir: config.cacheDir });
    case 'meilisearch':
      return new MeilisearchEngine({
        url: config.url,
        apiKey: config.apiKey,
        indexName: config.indexName,
        timeoutMs: config.timeoutMs,
        ...(options.logger ? { onCircuitChange: circuitLogger(options.logger) } : {}),
      });
    default: {
      const unknown: never = config;
      throw new Error(`Unknown search engine: ${JSON.stringify(unknown)}`);
    }
  }
}

function circuitLogger(logger: Logger): (state: CircuitState, reason: string) => void {
  return (state, reason) =>
    state === 'open'
      ? logger.error(`Meilisearch is not answering; searches fail fast (503) while it is probed in the background: ${reason}`)
      : logger.info(`Meilisearch answers again; searches resume: ${reason}`);
}
