// The one place an engine is chosen: by configuration, with a plain exhaustive switch.

import type { EngineConfig } from '../config.ts';
import { EmbeddedEngine } from './embedded/embedded-engine.ts';
import type { SearchEngine } from './engine.ts';
import { MeilisearchEngine } from './meilisearch/meilisearch-engine.ts';

export function createSearchEngine(config: EngineConfig): SearchEngine {
  switch (config.kind) {
    case 'embedded':
      return new EmbeddedEngine({ cacheDir: config.cacheDir });
    case 'meilisearch':
      return new MeilisearchEngine({
        url: config.url,
        apiKey: config.apiKey,
        indexName: config.indexName,
        timeoutMs: config.timeoutMs,
      });
    default: {
      const unknown: never = config;
      throw new Error(`Unknown search engine: ${JSON.stringify(unknown)}`);
    }
  }
}
