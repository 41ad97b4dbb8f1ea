// What the site serves: one corpus (the catalog behind the pages) and one search engine opened on an
// index of that same corpus. A reload prepares a new pair beside the one serving, then replaces
// both in one assignment, so pages and search never disagree; the previous engine is closed once
// the requests that started on it had time to finish.
//
// Reloads come from two places: a data folder watched for changes (`--watch`), and the engine's
// store, polled for an index that `npm run index` built from another process.

import { AsyncLocalStorage } from 'node:async_hooks';
import { watch, type FSWatcher } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Logger } from './app-deps.ts';
import { loadCorpusCached } from './corpus-cache.ts';
import type { CorpusIndex } from './corpus/model.ts';
import { InvalidCorpusError, formatProblem } from './errors.ts';
import type { IndexOpening, SearchEngine } from './search/engine.ts';

export interface ServedCorpus {
  corpus: CorpusIndex;
  engine: SearchEngine;
  /** Digest of the index the engine serves (null when the engine keeps none, e.g. no cache folder). */
  digest: string | null;
  units: number;
}

export type ReloadOutcome =
  | { status: 'reloaded'; opening: IndexOpening; units: number; ms: number }
  | { status: 'invalid'; problems: number }
  | { status: 'failed'; message: string };

export interface SiteStateOptions {
  dataDir: string;
  /** The corpus cache's folder (server/corpus-cache.ts); null or absent: every load parses the files. */
  corpusCacheDir?: string | null;
  /** A new, unopened engine of the configured kind. */
  createEngine: () => SearchEngine;
  logger: Logger;
  /** How long a replaced engine stays open for the requests that started on it. */
  retireAfterMs?: number;
  /** Run on a new corpus before it serves (assemble.ts builds the catalog's lists then, not on a request). */
  prepareCorpus?: (index: CorpusIndex) => void;
}

/** Loads the corpus (from the corpus cache when unchanged) and opens an engine on it, reusing a stored index of the same corpus. */
export async function openServedCorpus(
  dataDir: string,
  engine: SearchEngine,
  prepareCorpus?: (index: CorpusIndex) => void,
  corpusCacheDir: string | null = null,
): Promise<{ served: ServedCorpus; opening: IndexOpening; warnings: string[] }> {
  const { index, documents, warnings } = await loadCorpusCached(dataDir, corpusCacheDir);
  prepareCorpus?.(index);
  const opening = await engine.open(documents);
  return { served: { corpus: index, engine, digest: engine.servingDigest, units: documents.length }, opening, warnings: warnings.map(formatProblem) };
}

export class SiteState {
  #current: ServedCorpus;
  readonly #options: SiteStateOptions;
  #reloading: Promise<ReloadOutcome> | null = null;
  #again = false;
  #watcher: FSWatcher | null = null;
  #debounce: NodeJS.Timeout | undefined;
  #poll: NodeJS.Timeout | undefined;
  #retiring = new Map<NodeJS.Timeout, SearchEngine>();
  #closed = false;

  constructor(initial: ServedCorpus, options: SiteStateOptions) {
    this.#current = initial;
    this.#options = options;
  }

  readonly #pinned = new AsyncLocalStorage<ServedCorpus>();

  /** The pair serving now. */
  get current(): ServedCorpus {
    return this.#current;
  }

  /**
   * The pair of the request being served: the one serving when it arrived, kept through all its
   * awaits even if a reload happens meanwhile (see pin). Outside a request, the current pair.
   */
  served(): ServedCorpus {
    return this.#pinned.getStore() ?? this.#current;
  }

  /** Runs `next` (a request's handlers) with the pair serving now pinned for all it does. */
  pin(next: () => void): void {
    this.#pinned.run(this.#current, next);
  }

  /**
   * Loads the data folder again and replaces corpus and engine together. An invalid corpus, or an
   * engine that fails to open, leaves the current pair serving. Reloads never overlap: one asked
   * for while another runs starts when it ends.
   */
  reload(reason: string): Promise<ReloadOutcome> {
    if (this.#reloading) {
      this.#again = true;
      return this.#reloading;
    }
    const run = this.#reloadOnce(reason).finally(() => {
      this.#reloading = null;
      if (this.#again && !this.#closed) {
        this.#again = false;
        void this.reload('further changes arrived during the last reload');
      }
    });
    this.#reloading = run;
    return run;
  }

  async #reloadOnce(reason: string): Promise<ReloadOutcome> {
    const { logger, dataDir, createEngine } = this.#options;
    const started = performance.now();
    logger.info(`reloading the corpus: ${reason}`);
    const engine = createEngine();
    let opened: Awaited<ReturnType<typeof openServedCorpus>>;
    try {
      opened = await openServedCorpus(dataDir, engine, this.#options.prepareCorpus, this.#options.corpusCacheDir ?? null);
    } catch (error) {
      await engine.close().catch(() => undefined);
      if (error instanceof InvalidCorpusError) {
        for (const problem of error.problems) logger.error(formatProblem(problem));
        const problems = error.problems.filter((p) => p.severity === 'error').length;
        logger.error(`reload refused: the corpus has ${problems} error(s); still serving the previous corpus`);
        return { status: 'invalid', problems };
      }
      const message = error instanceof Error ? error.message : String(error);
      logger.error(`reload failed, still serving the previous corpus: ${message}`);
      return { status: 'failed', message };
    }
    if (this.#closed) {
      await engine.close();
      return { status: 'failed', message: 'the site is closing' };
    }
    for (const warning of opened.warnings) logger.info(warning);
    const previous = this.#current;
    // The switch: one assignment, pages and search move together.
    this.#current = opened.served;
    this.#retire(previous.engine);
    const ms = Math.round(performance.now() - started);
    logger.info(
      `reloaded: ${opened.served.units} units, index ${opened.opening === 'reused' ? 'reused (built by npm run index)' : 'built'} in ${ms} ms`,
    );
    return { status: 'reloaded', opening: opened.opening, units: opened.served.units, ms };
  }

  #retire(engine: SearchEngine): void {
    const timer: NodeJS.Timeout = setTimeout(() => {
      this.#retiring.delete(timer);
      engine.close().catch((error: unknown) => this.#options.logger.error(`closing the previous engine failed: ${String(error)}`));
    }, this.#options.retireAfterMs ?? 30_000);
    timer.unref();
    this.#retiring.set(timer, engine);
  }

  /** Reloads when a file under the data folder changes (debounced: an editor writes several times). */
  watchDataFolder(debounceMs = 300): void {
    if (this.#watcher) return;
    this.#watcher = watch(this.#options.dataDir, { recursive: true }, (_event, file) => {
      clearTimeout(this.#debounce);
      this.#debounce = setTimeout(() => void this.reload(`data files changed (${file ?? 'unknown file'})`), debounceMs);
      this.#debounce.unref();
    });
    this.#watcher.on('error', (error) => this.#options.logger.error(`watching ${this.#options.dataDir} failed: ${error.message}`));
    this.#options.logger.info(`watching ${this.#options.dataDir} for changes`);
  }

  /**
   * Asks the engine's store every `intervalMs` whether a newer index was built elsewhere (by
   * `npm run index`), and reloads when it was.
   */
  pollIndex(intervalMs: number): void {
    if (this.#poll) return;
    const tick = async (): Promise<void> => {
      try {
        const served = this.#current;
        const stored = await served.engine.storedDigest();
        if (stored !== null && served.digest !== null && stored !== served.digest && !this.#reloading) {
          await this.reload(`the index was rebuilt elsewhere (digest ${stored.slice(0, 12)})`);
        }
      } catch {
        // The store cannot be asked now (search unavailable): the next tick asks again.
      }
      if (!this.#closed) {
        this.#poll = setTimeout(() => void tick(), intervalMs);
        this.#poll.unref();
      }
    };
    this.#poll = setTimeout(() => void tick(), intervalMs);
    this.#poll.unref();
  }

  /** Stops watching and polling, waits for a running reload, closes the engines. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#watcher?.close();
    clearTimeout(this.#debounce);
    clearTimeout(this.#poll);
    await this.#reloading?.catch(() => undefined);
    for (const [timer, engine] of this.#retiring) {
      clearTimeout(timer);
      await engine.close().catch(() => undefined);
    }
    this.#retiring.clear();
    await this.#current.engine.close();
  }
}
