// The embedded search engine: the default when no Meilisearch server is configured. An inverted
// index of our own on typed arrays (see index-data.ts), because no library we measured reached our
// latency and memory targets while also giving exact facet counts and the ranking we measured best
// (docs/embedded-engine.md, docs/relevance.md).
//
// Before the first reindex there is no index: search answers empty results and health is not ok.

import type { EngineHealth, IndexOpening, IndexProgress, SearchDocument, SearchEngine, SearchQuery, SearchResult } from '../engine.ts';
import { normaliseQuery, type NormalisedQuery } from '../query.ts';
import { DEFAULT_SIMILAR_LIMIT } from '../engine.ts';
import { buildIndex } from './build.ts';
import type { IndexData } from './index-data.ts';
import { RESULT_CACHE_SIZE, ResultCache } from './result-cache.ts';
import { IndexSearcher } from './searcher.ts';
import { documentsHash, loadSnapshot, newestSnapshotDigest, saveSnapshot } from './snapshot.ts';

export interface EmbeddedEngineOptions {
  /** Where to keep the restart snapshot; null or absent: no snapshot. */
  cacheDir?: string | null;
  /**
   * Answers kept for repeated queries (RESULT_CACHE_SIZE); 0 turns the cache off, as the benchmark
   * does to time every query for real.
   */
  resultCacheSize?: number;
}

/** How the last index came to be, for logs and tests. */
export type IndexOrigin = 'built' | 'snapshot';

export class EmbeddedEngine implements SearchEngine {
  readonly name = 'embedded' as const;
  private readonly cacheDir: string | null;
  private searcher: IndexSearcher | null = null;
  /** Recent answers of the current searcher; replaced with it. */
  private answers: ResultCache;
  private readonly resultCacheSize: number;
  /** Reindexes run one after the other; each waits for the previous one. */
  private pending: Promise<unknown> = Promise.resolve();
  private origin: IndexOrigin | null = null;

  constructor(options: EmbeddedEngineOptions = {}) {
    this.cacheDir = options.cacheDir ?? null;
    this.resultCacheSize = options.resultCacheSize ?? RESULT_CACHE_SIZE;
    this.answers = new ResultCache(this.resultCacheSize);
  }

  /** 'snapshot' when the last reindex loaded a snapshot instead of building. */
  get lastIndexOrigin(): IndexOrigin | null {
    return this.origin;
  }

  #servingDigest: string | null = null;

  /** Set when a cache folder is configured: the digest names the snapshot (snapshot.ts). */
  get servingDigest(): string | null {
    return this.#servingDigest;
  }

  digestOf(documents: readonly SearchDocument[]): string {
    return documentsHash(documents).slice(0, 32);
  }

  async open(documents: readonly SearchDocument[], onProgress?: IndexProgress): Promise<IndexOpening> {
    await this.reindex(documents, onProgress);
    return this.origin === 'snapshot' ? 'reused' : 'built';
  }

  /** The newest snapshot in the cache folder, which `npm run index` writes; without a folder, the index in memory. */
  async storedDigest(): Promise<string | null> {
    return this.cacheDir ? newestSnapshotDigest(this.cacheDir) : this.#servingDigest;
  }

  reindex(documents: readonly SearchDocument[], onProgress?: IndexProgress): Promise<void> {
    const run = this.pending.then(() => this.replaceIndex(documents, onProgress));
    this.pending = run.catch(() => undefined);
    return run;
  }

  private async replaceIndex(documents: readonly SearchDocument[], onProgress?: IndexProgress): Promise<void> {
    // Hashing costs about as much as a tenth of a build: only worth it when a snapshot may be used.
    const hash = this.cacheDir ? documentsHash(documents) : '';
    let data: IndexData | null = null;
    let origin: IndexOrigin = 'built';
    if (this.cacheDir) {
      data = await loadSnapshot(this.cacheDir, hash, documents.length);
      if (data) {
        origin = 'snapshot';
        onProgress?.(documents.length, documents.length);
      }
    }
    data ??= await buildIndex(documents, hash, onProgress);
    const byDocId = Array.from(data.sourcePosition, (i) => documents[i] as SearchDocument);
    // The swap: searches from now on use the new index; the old one is garbage once unreferenced.
    this.searcher = new IndexSearcher(data, byDocId);
    this.answers = new ResultCache(this.resultCacheSize);
    this.origin = origin;
    this.#servingDigest = hash === '' ? null : hash.slice(0, 32);
    if (this.cacheDir && origin === 'built') {
      // A snapshot that cannot be written only costs a rebuild at the next start.
      await saveSnapshot(this.cacheDir, data).catch(() => undefined);
    }
  }

  async search(asked: SearchQuery): Promise<SearchResult> {
    const query = normaliseQuery(asked);
    const searcher = this.searcher;
    if (!searcher) return emptyResult(query);
    return this.answers.answer(query, () => searcher.search(query));
  }

  async similar(unitId: string, limit: number = DEFAULT_SIMILAR_LIMIT): Promise<SearchResult | null> {
    const searcher = this.searcher;
    if (!searcher) return null;
    return searcher.similar(unitId, limit);
  }

  async multiSearch(queries: readonly SearchQuery[]): Promise<SearchResult[]> {
    return Promise.all(queries.map((q) => this.search(q)));
  }

  async health(): Promise<EngineHealth> {
    if (!this.searcher) return { ok: false, engine: 'embedded', documents: 0, message: 'The index has not been built yet.' };
    return { ok: true, engine: 'embedded', documents: this.searcher.documentCount };
  }

  async close(): Promise<void> {
    await this.pending;
    this.searcher = null;
  }
}

function emptyResult(query: NormalisedQuery): SearchResult {
  return { query: query.text, total: 0, page: query.page, limit: query.limit, hits: [], facets: {}, tookMs: 0 };
}
