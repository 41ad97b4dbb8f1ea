// What the web app is built from. Routes receive these and nothing else.

import type { AppConfig } from './config.ts';
import type { CorpusIndex } from './corpus/model.ts';
import type { SearchEngine } from './search/engine.ts';

export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export interface AppDeps {
  config: Readonly<AppConfig>;
  /** The engine and the corpus are one pair (server/site-state.ts): both change together on a reload. */
  readonly engine: SearchEngine;
  readonly corpus: CorpusIndex;
  logger: Logger;
  /** Runs a request's handlers with one corpus and engine pair throughout, whatever reloads meanwhile. */
  pinRequest?: (next: () => void) => void;
}
