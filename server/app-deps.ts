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
  engine: SearchEngine;
  corpus: CorpusIndex;
  logger: Logger;
}
