// The SearchEngine on a Meilisearch server, through the official client. Reindexing builds a new
// index beside the live one and swaps them, so searches never see a half-built index.

import { Meilisearch, MeilisearchApiError, type EnqueuedTaskPromise, type Index, type SearchResponse } from 'meilisearch';
import { SearchUnavailableError } from '../../errors.ts';
import { DEFAULT_SIMILAR_LIMIT, MAX_LIMIT, type EngineHealth, type IndexProgress, type SearchDocument, type SearchEngine, type SearchQuery, type SearchResult } from '../engine.ts';
import { taskFailure, toEngineError, type ErrorContext } from './errors.ts';
import { PRIMARY_KEY, compareCorpusOrder, documentKey, normalisePage, orderSimilar, similarQueryText, toIndexedDocument, type IndexedDocument, toSearchParams, toSearchResult } from './request.ts';
import { meilisearchSettings } from './settings.ts';

export interface MeilisearchEngineOptions {
  url: string;
  apiKey?: string | undefined;
  indexName: string;
  /** Timeout of each HTTP request, and the least time any task is waited for. */
  timeoutMs: number;
}

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

  constructor(options: MeilisearchEngineOptions) {
    this.#indexName = options.indexName;
    this.#timeoutMs = options.timeoutMs;
    this.#context = { url: options.url, indexName: options.indexName };
    try {
      this.#client = new Meilisearch({
        host: options.url,
        apiKey: options.apiKey,
        timeout: options.timeoutMs,
        defaultWaitOptions: { timeout: options.timeoutMs, interval: 50 },
      });
    } catch (error) {
      throw toEngineError(error, this.#context);
    }
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

  async search(query: SearchQuery): Promise<SearchResult> {
    const params = toSearchParams(query);
    let response: SearchResponse<SearchDocument>;
    try {
      response = await this.#index().search<SearchDocument>(params.q, params);
    } catch (error) {
      throw toEngineError(error, this.#context);
    }
    return toSearchResult(query, response);
  }

  async similar(unitId: string, limit: number = DEFAULT_SIMILAR_LIMIT): Promise<SearchResult | null> {
    const started = performance.now();
    let unit: SearchDocument;
    try {
      unit = await this.#index().getDocument(documentKey(unitId));
    } catch (error) {
      if (error instanceof MeilisearchApiError && error.cause?.code === 'document_not_found') return null;
      throw toEngineError(error, this.#context);
    }
    const { limit: clamped } = normalisePage({ limit });
    const text = similarQueryText(unit.text);
    if (text === '') return { query: '', total: 0, page: 1, limit: clamped, hits: [], facets: {}, tookMs: performance.now() - started };
    // One more than asked: the unit itself is among the answers. MAX_LIMIT leaves room to put
    // other debates and speakers first without losing the best of them.
    const params = toSearchParams({ text, limit: MAX_LIMIT });
    let response: SearchResponse<SearchDocument>;
    try {
      response = await this.#index().search<SearchDocument>(params.q, params);
    } catch (error) {
      throw toEngineError(error, this.#context);
    }
    const result = toSearchResult({ text, limit: MAX_LIMIT }, response);
    const hits = orderSimilar(unit, result.hits).slice(0, clamped);
    const total = Math.max(0, result.total - (result.hits.some((h) => h.document.id === unit.id) ? 1 : 0));
    return { query: '', total, page: 1, limit: clamped, hits, facets: {}, tookMs: performance.now() - started };
  }

  async multiSearch(queries: readonly SearchQuery[]): Promise<SearchResult[]> {
    if (queries.length === 0) return [];
    const requests = queries.map((query) => ({ indexUid: this.#indexName, ...toSearchParams(query) }));
    let results: SearchResponse<SearchDocument>[];
    try {
      ({ results } = await this.#client.multiSearch<{ queries: typeof requests }, SearchDocument>({ queries: requests }));
    } catch (error) {
      throw toEngineError(error, this.#context);
    }
    return queries.map((query, i) => {
      const response = results[i];
      if (!response) throw new SearchUnavailableError(`search unavailable: Meilisearch answered ${results.length} results to ${queries.length} queries`);
      return toSearchResult(query, response);
    });
  }

  async health(): Promise<EngineHealth> {
    try {
      await this.#client.health();
      const stats = await this.#index().getStats();
      return { ok: true, engine: this.name, documents: stats.numberOfDocuments };
    } catch (error) {
      return { ok: false, engine: this.name, documents: 0, message: toEngineError(error, this.#context).message };
    }
  }

  async close(): Promise<void> {
    // Nothing to release: the client holds no connection of its own (fetch pools them globally).
  }
}
