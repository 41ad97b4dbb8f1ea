// The SearchEngine on a Meilisearch server, through the official client. Reindexing builds a new
// index beside the live one and swaps them, so searches never see a half-built index.

import { MeilisearchApiError, type Meilisearch, type EnqueuedTaskPromise, type FederatedMultiSearchParams, type Index, type MultiSearchQuery, type SearchResponse } from 'meilisearch';
import { SearchUnavailableError } from '../../errors.ts';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.ts';
import { DEFAULT_SIMILAR_LIMIT, MAX_LIMIT, type EngineHealth, type IndexOpening, type IndexProgress, type SearchDocument, type SearchEngine, type SearchQuery, type SearchResult } from '../engine.ts';
import { displayUrl, taskFailure, toEngineError, type ErrorContext } from './errors.ts';
import { normaliseQuery, type NormalisedQuery } from '../query.ts';
import { PRIMARY_KEY, compareCorpusOrder, documentKey, normalisePage, orderSimilar, toIndexedDocument, type IndexedDocument, toSearchParams, toSearchResult } from './request.ts';
import { meilisearchSettings } from './settings.ts';
import { SIMILAR_QUERY_WORDS } from '../settings.ts';
import { meilisearchClient } from './client.ts';
import { corpusDigest } from '../digest.ts';
import { scanWords } from '../text.ts';
import { SIMILAR_CANDIDATE_WORDS, TEXT_ATTRIBUTES, WordCountCache, chooseSimilarWords, countQueries, federatedSearchParams, federationWindow, planOrSearch, similarCandidateWords, toOrSearchResult, wordDocumentCounts, wordQueryWeights, type OrPlan, type RankingStats } from './or-search.ts';

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

/**
 * Each reindex builds a new index, a version, named after the configured name and the time; a
 * pointer document then names the version that serves. A running site keeps the version it opened
 * until it reloads its catalog and its index together (server/site-state.ts), so pages and search
 * never disagree: swapping one live index in place would change search under the site's feet.
 */
export function versionIndexName(indexName: string, now: Date = new Date()): string {
  return `${indexName}_v_${now.getTime()}`;
}

/**
 * What identifies a served index: the corpus digest and the version. Two versions of one corpus
 * differ, so a site still reading an older version of the same corpus moves to the new one too
 * (the older ones are deleted by later reindexes).
 */
export function servedIndexDigest(digest: string, uid: string): string {
  return `${digest}/${uid}`;
}

/** The index holding the pointer document of `indexName`. */
export function pointerIndexName(indexName: string): string {
  return `${indexName}_live`;
}

/** The one document of the pointer index. */
export interface LivePointer {
  id: 'live';
  /** The version index that serves. */
  uid: string;
  /** Digest of the corpus and settings it was built from (corpusDigest). */
  digest: string;
  documents: number;
  /** Mean number of words of a unit's text, for BM25's length normalisation (absent in pointers written before it). */
  averageTextWords?: number;
  indexedAt: string;
}

/** Mean number of words of the documents' texts. */
export function averageTextWords(documents: readonly SearchDocument[]): number {
  let words = 0;
  for (const d of documents) scanWords(d.text, () => words++);
  return documents.length === 0 ? 0 : words / documents.length;
}

/** Before the pointer existed, a reindex built "<name>_build_<time>" and swapped it in. */
function legacyBuildName(indexName: string, started: string): string {
  return `${indexName}_build_${started}`;
}

/** A build index older than this was left by a reindex that died: no live reindex takes so long. */
export const STALE_BUILD_MS = 6 * 60 * 60 * 1000;

/**
 * The versions of `indexName` among `uids` that may be deleted: all but the live one and the one
 * before it (sites that have not reloaded yet still read it), and among the legacy build indexes,
 * those started more than STALE_BUILD_MS before `now`.
 */
export function obsoleteIndexes(indexName: string, uids: readonly string[], keep: readonly string[], now: Date = new Date()): string[] {
  const version = new RegExp(`^${indexName.replace(/[-]/g, '\\-')}_v_(\\d{1,15})$`);
  const legacy = `${indexName}_build_`;
  return uids.filter((uid) => {
    if (keep.includes(uid)) return false;
    if (version.test(uid)) return true;
    if (!uid.startsWith(legacy)) return false;
    const started = uid.slice(legacy.length);
    return /^\d{1,15}$/.test(started) && legacyBuildName(indexName, started) === uid && now.getTime() - Number(started) > STALE_BUILD_MS;
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
      this.#client = meilisearchClient({
        host,
        apiKey: options.apiKey,
        timeoutMs: options.timeoutMs,
        defaultWaitOptions: { timeout: options.timeoutMs, interval: 50 },
      });
      this.#probeClient = meilisearchClient({ host, apiKey: options.apiKey, timeoutMs: Math.min(PROBE_TIMEOUT_MS, options.timeoutMs) });
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

  /** The version this instance serves; until it is known, the pointer is read at the first search. */
  #liveUid: string | null = null;
  /** How many units each word query finds, per version (a version never changes once built). */
  readonly #wordCounts = new WordCountCache();
  /** Its unit count and mean text length, from its pointer: what BM25 needs beside each word's count. */
  #corpusFigures: { documents: number; averageTextWords: number } | null = null;
  #servingDigest: string | null = null;

  get servingDigest(): string | null {
    return this.#servingDigest;
  }

  async #index(): Promise<Index<SearchDocument>> {
    if (this.#liveUid === null) {
      const pointer = await this.#readPointer();
      // No pointer: an index made before versions existed, under the configured name itself.
      this.#liveUid = pointer?.uid ?? this.#indexName;
      this.#servingDigest = pointer ? servedIndexDigest(pointer.digest, pointer.uid) : null;
      this.#corpusFigures = pointer ? { documents: pointer.documents, averageTextWords: pointer.averageTextWords ?? 0 } : null;
    }
    return this.#client.index<SearchDocument>(this.#liveUid);
  }

  /** Waits for a task and throws unless it succeeded: a failed task resolves without throwing. */
  async #run(task: EnqueuedTaskPromise, action: string, timeoutMs: number = this.#timeoutMs): Promise<void> {
    const done = await task.waitTask({ timeout: timeoutMs, interval: 50 });
    if (done.status !== 'succeeded') throw taskFailure(done, action, this.#context);
  }

  digestOf(documents: readonly SearchDocument[]): string {
    return corpusDigest(documents, meilisearchSettings());
  }

  async #readPointer(): Promise<LivePointer | null> {
    try {
      const pointer = await this.#client.index<LivePointer>(pointerIndexName(this.#indexName)).getDocument('live');
      return typeof pointer.uid === 'string' && typeof pointer.digest === 'string' ? pointer : null;
    } catch (error) {
      const code = error instanceof MeilisearchApiError ? error.cause?.code : undefined;
      if (code === 'index_not_found' || code === 'document_not_found') return null;
      throw toEngineError(error, this.#context);
    }
  }

  async storedDigest(): Promise<string | null> {
    const pointer = await this.#guarded(() => this.#readPointer());
    return pointer ? servedIndexDigest(pointer.digest, pointer.uid) : null;
  }

  async open(documents: readonly SearchDocument[], onProgress?: IndexProgress): Promise<IndexOpening> {
    const digest = this.digestOf(documents);
    const pointer = await this.#guarded(() => this.#readPointer());
    if (pointer && pointer.digest === digest && pointer.documents === documents.length) {
      try {
        const stats = await this.#client.index(pointer.uid).getStats();
        if (stats.numberOfDocuments === documents.length) {
          this.#liveUid = pointer.uid;
          this.#servingDigest = servedIndexDigest(digest, pointer.uid);
          this.#corpusFigures = { documents: pointer.documents, averageTextWords: pointer.averageTextWords ?? averageTextWords(documents) };
          onProgress?.(documents.length, documents.length);
          return 'reused';
        }
      } catch {
        // The version named by the pointer is gone or unreadable: build a new one.
      }
    }
    await this.reindex(documents, onProgress);
    return 'built';
  }

  async reindex(documents: readonly SearchDocument[], onProgress?: IndexProgress): Promise<void> {
    const digest = this.digestOf(documents);
    const version = versionIndexName(this.#indexName);
    const ordered = [...documents].sort(compareCorpusOrder);
    let previous: LivePointer | null;
    let pointed = false;
    try {
      previous = await this.#readPointer();
      await this.#run(this.#client.createIndex(version, { primaryKey: PRIMARY_KEY }), `create the index "${version}"`);
      const index = this.#client.index<IndexedDocument>(version);
      await this.#run(index.updateSettings(meilisearchSettings()), `apply the settings of "${version}"`, batchTimeoutMs(0, this.#timeoutMs));
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
      const pointer: LivePointer = { id: 'live', uid: version, digest, documents: documents.length, averageTextWords: averageTextWords(documents), indexedAt: new Date().toISOString() };
      await this.#writePointer(pointer);
      pointed = true;
    } catch (error) {
      if (!pointed) await this.#deleteQuietly(version);
      throw toEngineError(error, this.#context);
    }
    this.#liveUid = version;
    this.#servingDigest = servedIndexDigest(digest, version);
    this.#corpusFigures = { documents: documents.length, averageTextWords: averageTextWords(documents) };
    // The new version already serves: failing to delete old ones must not fail the reindex. The
    // previous version stays for the sites that have not reloaded yet.
    await this.#deleteObsolete([version, ...(previous ? [previous.uid] : [])]);
  }

  /** One document in its own index: replacing it is atomic, so readers see the old or the new pointer. */
  async #writePointer(pointer: LivePointer): Promise<void> {
    const uid = pointerIndexName(this.#indexName);
    try {
      await this.#client.getRawIndex(uid);
    } catch (error) {
      if (!(error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found')) throw error;
      await this.#run(this.#client.createIndex(uid, { primaryKey: 'id' }), `create the index "${uid}"`);
    }
    await this.#run(this.#client.index<LivePointer>(uid).addDocuments([pointer], { primaryKey: 'id' }), `point "${uid}" at "${pointer.uid}"`);
  }

  async #deleteObsolete(keep: readonly string[]): Promise<void> {
    try {
      const { results } = await this.#client.getRawIndexes({ limit: 1000 });
      const obsolete = obsoleteIndexes(this.#indexName, results.map((index) => index.uid), keep);
      for (const uid of obsolete) await this.#deleteQuietly(uid);
    } catch {
      // Best effort, as above.
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
    const plan = query.text.trim() === '' ? null : planOrSearch(query.text);
    if (plan === null || plan.words.length === 0) {
      // Nothing to match word by word (browsing, or punctuation only): one plain search.
      const params = toSearchParams(query);
      const response: SearchResponse<SearchDocument> = await this.#guarded(async () => (await this.#index()).search<SearchDocument>(params.q, params));
      return toSearchResult(query, response);
    }
    return this.#orSearch(query, plan, (await this.#guarded(() => this.#index())).uid);
  }

  /**
   * OR matching (or-search.ts): while the page is in the pool ranked here, each word's count of
   * units first (only the counts this version has not answered yet), whose idf weighs the word's
   * queries; then one federated multi-search for the matches, their exact total and facets.
   * `searchOn`: the fields looked in (all searchable ones by default).
   */
  async #orSearch(query: NormalisedQuery, plan: OrPlan, indexUid: string, searchOn?: readonly string[]): Promise<SearchResult> {
    const ranksPool = federationWindow(query).reranked > 0;
    const figures = this.#corpusFigures;
    const statsFor = (wordDocuments: number[]): RankingStats => ({ documents: figures?.documents ?? 0, averageTextWords: figures?.averageTextWords ?? 0, wordDocuments });
    const counts = ranksPool && plan.words.length > 1 ? await this.#countWords(countQueries(plan, indexUid, searchOn), indexUid) : null;
    const countedStats = counts ? statsFor(wordDocumentCounts(plan, counts.map((n) => ({ estimatedTotalHits: n })))) : null;
    const params = federatedSearchParams(query, plan, indexUid, countedStats ? wordQueryWeights(countedStats) : undefined, searchOn);
    const response = await this.#guarded(() => this.#client.multiSearch<FederatedMultiSearchParams, SearchDocument>(params));
    // One word: its count is the answer's own total (no request more), and the pool is ranked by the
    // same rules. With a filter that total is what the filter keeps; for one word the idf only
    // decides whether a typo ranks after the exact forms (countsInWordRule), the one place where a
    // filtered search may order its units otherwise than the embedded engine.
    const oneWordStats = ranksPool && plan.words.length === 1 ? statsFor([response.estimatedTotalHits ?? response.totalHits ?? 0]) : null;
    return toOrSearchResult(query, plan, response, countedStats ?? oneWordStats);
  }

  /** The count of units of each of these `limit: 0` queries, asking only those this version has not answered yet. */
  async #countWords(queries: readonly MultiSearchQuery[], indexUid: string): Promise<number[]> {
    const counts = this.#wordCounts.forVersion(indexUid);
    const missing = queries.filter((q) => counts.get(q) === undefined);
    if (missing.length > 0) {
      const { results } = await this.#guarded(() => this.#client.multiSearch<{ queries: MultiSearchQuery[] }>({ queries: missing }));
      results.forEach((r, i) => counts.set(missing[i] as MultiSearchQuery, r.estimatedTotalHits ?? r.totalHits ?? 0));
    }
    return queries.map((q) => counts.get(q) ?? 0);
  }

  async similar(unitId: string, limit: number = DEFAULT_SIMILAR_LIMIT): Promise<SearchResult | null> {
    const started = performance.now();
    // Every request of one lookup goes to the same version, even if a reindex swaps it meanwhile.
    const index = await this.#guarded(() => this.#index());
    // A unit the live version does not hold is an answer (null), not a failure of the server.
    const unit = await this.#guarded(async () => {
      try {
        return await index.getDocument(documentKey(unitId));
      } catch (error) {
        if (error instanceof MeilisearchApiError && error.cause?.code === 'document_not_found') return null;
        throw error;
      }
    });
    if (!unit) return null;
    const { limit: clamped } = normalisePage({ limit });
    const none = { query: '', total: 0, page: 1, limit: clamped, hits: [], facets: {}, tookMs: 0 };
    // As the embedded engine's similar(): the unit's rarest words that other units hold too (their
    // counts, remembered per version, from one multi-search), searched as an OR query on the texts
    // alone and ranked by the same rules; then other debates and speakers first.
    const indexUid = index.uid;
    // The candidates as the query analysis reads them, so that each count is its word's (one plain query per word, in order).
    // Every candidate is read (not only the first MAX_QUERY_WORDS of a typed query), as the embedded engine reads the whole text.
    const candidates = planOrSearch(`${similarCandidateWords(unit.text).join(' ')} `, { maxWords: SIMILAR_CANDIDATE_WORDS });
    const candidateQueries = countQueries(candidates, indexUid).filter((q) => q.attributesToSearchOn === undefined);
    const words = chooseSimilarWords(candidates.words.map((w) => w.word), await this.#countWords(candidateQueries, indexUid));
    if (words.length === 0) return { ...none, tookMs: performance.now() - started };
    const query = normaliseQuery({ text: `${words.join(' ')} `, limit: MAX_LIMIT, facets: [] });
    const found = await this.#orSearch(query, planOrSearch(query.text, { typos: false, maxWords: SIMILAR_QUERY_WORDS }), indexUid, TEXT_ATTRIBUTES);
    // The unit holds every one of its words: it is in the total, never among the answers. A unit
    // Meilisearch matched through a typo alone shares no word: it is left out, as the embedded engine has no typos here.
    const hits = orderSimilar(unit, found.hits.filter((h) => h.highlight.includes('<mark>'))).slice(0, clamped);
    return { query: '', total: Math.max(0, found.total - 1), page: 1, limit: clamped, hits, facets: {}, tookMs: performance.now() - started };
  }

  async multiSearch(queries: readonly SearchQuery[]): Promise<SearchResult[]> {
    if (queries.length === 0) return [];
    // Each search with words is itself a federated multi-search, which one request cannot hold
    // several of: they go in parallel, each answer equal to its single search. The version is read
    // first, once: a server that is down fails the call once, not once per query.
    await this.#guarded(() => this.#index());
    return Promise.all(queries.map((query) => this.search(query)));
  }

  async health(): Promise<EngineHealth> {
    try {
      const stats = await this.#guarded(async () => {
        await this.#client.health();
        return (await this.#index()).getStats();
      });
      return { ok: true, engine: this.name, documents: stats.numberOfDocuments };
    } catch (error) {
      const engineError = error instanceof SearchUnavailableError ? error : toEngineError(error, this.#context);
      const message = engineError instanceof SearchUnavailableError ? engineError.publicMessage : 'the search engine is misconfigured';
      return { ok: false, engine: this.name, documents: 0, message, detail: engineError.message };
    }
  }

  /** Deletes every index of the configured name: its versions, its pointer, legacy builds. For throwaway names (bench, eval). */
  async deleteAllIndexes(): Promise<void> {
    const { results } = await this.#client.getRawIndexes({ limit: 1000 });
    for (const { uid } of results) {
      if (uid === this.#indexName || uid.startsWith(`${this.#indexName}_`)) await this.#deleteQuietly(uid);
    }
    this.#liveUid = null;
    this.#servingDigest = null;
  }

  async close(): Promise<void> {
    // The client holds no connection of its own (fetch pools them globally); only the probe runs.
    this.#breaker.dispose();
  }
}
