// The SearchEngine on a Meilisearch server, through the official client. Reindexing builds a new
// index beside the live one and swaps them, so searches never see a half-built index.

import { Meilisearch, MeilisearchApiError, type EnqueuedTaskPromise, type Index, type SearchResponse } from 'meilisearch';
import { SearchUnavailableError } from '../../errors.ts';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.ts';
import type { EngineHealth, IndexProgress, SearchDocument, SearchEngine, SearchQuery, SearchResult } from '../engine.ts';
import { displayUrl, taskFailure, toEngineError, type ErrorContext } from './errors.ts';
import { normaliseQuery } from '../query.ts';
import { PRIMARY_KEY, compareCorpusOrder, toIndexedDocument, type IndexedDocument, toSearchParams, toSearchResult } from './request.ts';
import { meilisearchSettings } from './settings.ts';

export interface MeilisearchEngineOptions {
  url: string;
  apiKey?: string | undefined;
  indexName: string;
  /** Timeout of each HTTP request, and the least time any task is waited for. */
  timeoutMs: number;
  /** Consecutive outages after which searches fail at once (default 3). */
  failureThreshold?: number;
  /** Time between two probes of a server that stopped answering (default 2 s). */
  probeIntervalMs?: number;
  /** Told when searches start failing fast and when they recover. */
  onCircuitChange?: (state: CircuitState, reason: string) => void;
}

/** A probe gives up sooner than a search: it only asks whether the server is back. */
const PROBE_TIMEOUT_MS = 1000;

/** Documents sent per request: large enough to index fast, small enough for one HTTP body. */
export const DOCUMENT_BATCH_SIZE = 10_000;

/** How long a batch of documents may take to index: a fixed part plus 10 ms a document. */
export function batchTimeoutMs(documents: number, timeoutMs: number): number {
  return Math.max(timeoutMs, 30_000 + 10 * documents);
}

/** Name of the index a reindex builds before swapping it in. */
export function buildIndexName(indexName: string, now: Date = new Date()): string {
  return `${indexName}_build_${now.getTime()}`;
}

/** A build index older than this was left by a reindex that died: no live reindex takes so long. */
export const STALE_BUILD_MS = 6 * 60 * 60 * 1000;

/**
 * The build indexes of `indexName` among `uids` that were started more than STALE_BUILD_MS before
 * `now`. Younger ones may belong to a reindex still running elsewhere and are left alone.
 */
export function staleBuildIndexes(indexName: string, uids: readonly string[], now: Date = new Date()): string[] {
  const prefix = `${indexName}_build_`;
  return uids.filter((uid) => {
    if (!uid.startsWith(prefix)) return false;
    const started = uid.slice(prefix.length);
    return /^\d{1,15}$/.test(started) && now.getTime() - Number(started) > STALE_BUILD_MS;
  });
}

export class MeilisearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  readonly #client: Meilisearch;
  readonly #indexName: string;
  readonly #timeoutMs: number;
  readonly #context: ErrorContext;
  readonly #breaker: CircuitBreaker;
  #probeClient: Meilisearch | undefined;

  constructor(options: MeilisearchEngineOptions) {
    this.#indexName = options.indexName;
    this.#timeoutMs = options.timeoutMs;
    // Credentials in MEILI_URL are never sent (Meilisearch authenticates by MEILI_API_KEY) and so
    // can never come back in an error from the HTTP layer.
    const host = displayUrl(options.url);
    this.#context = { url: host, indexName: options.indexName };
    try {
      this.#client = new Meilisearch({
        host,
        apiKey: options.apiKey,
        timeout: options.timeoutMs,
        defaultWaitOptions: { timeout: options.timeoutMs, interval: 50 },
      });
      this.#probeClient = new Meilisearch({ host, apiKey: options.apiKey, timeout: Math.min(PROBE_TIMEOUT_MS, options.timeoutMs) });
    } catch (error) {
      throw toEngineError(error, this.#context);
    }
    this.#breaker = new CircuitBreaker({
      failureThreshold: options.failureThreshold ?? 3,
      probeIntervalMs: options.probeIntervalMs ?? 2000,
      probe: async () => {
        await this.#probeClient?.health();
      },
      ...(options.onCircuitChange ? { onStateChange: options.onCircuitChange } : {}),
    });
  }

  /** 'open' while searches fail fast. */
  get circuitState(): CircuitState {
    return this.#breaker.state;
  }

  /** Runs one request to the server through the breaker, our errors out. */
  async #guarded<T>(call: () => Promise<T>): Promise<T> {
    return this.#breaker.run(
      async () => {
        try {
          return await call();
        } catch (error) {
          throw toEngineError(error, this.#context);
        }
      },
      (error) => error instanceof SearchUnavailableError,
    );
  }

  #index(): Index<SearchDocument> {
    return this.#client.index<SearchDocument>(this.#indexName);
  }

  /** Waits for a task and throws unless it succeeded: a failed task resolves without throwing. */
  async #run(task: EnqueuedTaskPromise, action: string, timeoutMs: number = this.#timeoutMs): Promise<void> {
    const done = await task.waitTask({ timeout: timeoutMs, interval: 50 });
    if (done.status !== 'succeeded') throw taskFailure(done, action, this.#context);
  }

  async reindex(documents: readonly SearchDocument[], onProgress?: IndexProgress): Promise<void> {
    const live = this.#indexName;
    const build = buildIndexName(live);
    const ordered = [...documents].sort(compareCorpusOrder);
    let swapped = false;
    try {
      await this.#run(this.#client.createIndex(build, { primaryKey: PRIMARY_KEY }), `create the index "${build}"`);
      const index = this.#client.index<IndexedDocument>(build);
      await this.#run(index.updateSettings(meilisearchSettings()), `apply the settings of "${build}"`, batchTimeoutMs(0, this.#timeoutMs));
      onProgress?.(0, ordered.length);
      for (let start = 0; start < ordered.length; start += DOCUMENT_BATCH_SIZE) {
        const batch = ordered.slice(start, start + DOCUMENT_BATCH_SIZE).map(toIndexedDocument);
        await this.#run(
          index.addDocuments(batch, { primaryKey: PRIMARY_KEY }),
          `index documents ${start + 1} to ${start + batch.length}`,
          batchTimeoutMs(batch.length, this.#timeoutMs),
        );
        onProgress?.(start + batch.length, ordered.length);
      }
      await this.#ensureIndexExists(live);
      await this.#run(
        this.#client.swapIndexes([{ indexes: [live, build], rename: false }]),
        `swap "${build}" in as "${live}"`,
        batchTimeoutMs(0, this.#timeoutMs),
      );
      swapped = true;
    } catch (error) {
      if (!swapped) await this.#deleteQuietly(build);
      throw toEngineError(error, this.#context);
    }
    // After the swap, `build` names the previous index. The new one already serves: failing to
    // delete the old one, or leftovers of reindexes that died, must not fail the reindex.
    await this.#deleteQuietly(build);
    await this.#deleteStaleBuilds();
  }

  async #deleteStaleBuilds(): Promise<void> {
    try {
      const { results } = await this.#client.getRawIndexes({ limit: 1000 });
      const stale = staleBuildIndexes(this.#indexName, results.map((index) => index.uid));
      for (const uid of stale) await this.#deleteQuietly(uid);
    } catch {
      // Best effort, as above.
    }
  }

  /** The swap needs both indexes: on the first reindex, the live one is created empty. */
  async #ensureIndexExists(uid: string): Promise<void> {
    try {
      await this.#client.getRawIndex(uid);
    } catch (error) {
      if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found') {
        await this.#run(this.#client.createIndex(uid, { primaryKey: PRIMARY_KEY }), `create the index "${uid}"`);
        return;
      }
      throw error;
    }
  }

  async #deleteQuietly(uid: string): Promise<void> {
    try {
      await this.#client.deleteIndex(uid).waitTask({ timeout: this.#timeoutMs });
    } catch {
      // Best effort: a leftover "<name>_build_<time>" index takes space but serves nothing.
    }
  }

  async search(asked: SearchQuery): Promise<SearchResult> {
    const query = normaliseQuery(asked);
    const params = toSearchParams(query);
    const response: SearchResponse<SearchDocument> = await this.#guarded(() => this.#index().search<SearchDocument>(params.q, params));
    return toSearchResult(query, response);
  }

  async multiSearch(queries: readonly SearchQuery[]): Promise<SearchResult[]> {
    if (queries.length === 0) return [];
    const normalised = queries.map(normaliseQuery);
    const requests = normalised.map((query) => ({ indexUid: this.#indexName, ...toSearchParams(query) }));
    const { results } = await this.#guarded(() =>
      this.#client.multiSearch<{ queries: typeof requests }, SearchDocument>({ queries: requests }),
    );
    return normalised.map((query, i) => {
      const response = results[i];
      if (!response) throw new SearchUnavailableError(`search unavailable: Meilisearch answered ${results.length} results to ${queries.length} queries`);
      return toSearchResult(query, response);
    });
  }

  async health(): Promise<EngineHealth> {
    try {
      const stats = await this.#guarded(async () => {
        await this.#client.health();
        return this.#index().getStats();
      });
      return { ok: true, engine: this.name, documents: stats.numberOfDocuments };
    } catch (error) {
      const engineError = error instanceof SearchUnavailableError ? error : toEngineError(error, this.#context);
      const message = engineError instanceof SearchUnavailableError ? engineError.publicMessage : 'the search engine is misconfigured';
      return { ok: false, engine: this.name, documents: 0, message, detail: engineError.message };
    }
  }

  async close(): Promise<void> {
    // The client holds no connection of its own (fetch pools them globally); only the probe runs.
    this.#breaker.dispose();
  }
}
