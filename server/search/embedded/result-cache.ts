// Answers to recent searches, for one index. Search as you type and popular queries repeat, and a
// query with a synonym phrase ("community management") costs several times a single word: an
// answer kept for its exact query costs a Map lookup. Bounded, least recently used first out, and
// dropped whole with its index on reindex, so it never serves an answer from an older corpus.

import { FACET_FIELDS, type SearchQuery, type SearchResult } from '../engine.ts';

export const RESULT_CACHE_SIZE = 500;

/** One key for queries that must get the same answer: filter values sorted, defaults made explicit. */
export function resultCacheKey(query: SearchQuery): string {
  const filters = FACET_FIELDS.map((field) => [...(query.filters?.[field] ?? [])].sort());
  const facets = FACET_FIELDS.filter((field) => query.facets?.includes(field));
  return JSON.stringify([query.text, filters, facets, query.page ?? 1, query.limit ?? null, query.sort ?? 'relevance', query.maxFacetValues ?? null]);
}

export class ResultCache {
  private readonly entries = new Map<string, SearchResult>();

  constructor(private readonly capacity = RESULT_CACHE_SIZE) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached answer, or a fresh one computed and kept. Cached answers are frozen: shared, never changed. */
  answer(query: SearchQuery, compute: () => SearchResult): SearchResult {
    if (this.capacity === 0) return compute();
    const key = resultCacheKey(query);
    const cached = this.entries.get(key);
    if (cached) {
      // Refresh its place: a Map iterates in insertion order, so the first key is the oldest used.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return { ...cached, tookMs: 0 };
    }
    const result = freezeResult(compute());
    this.entries.set(key, result);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return result;
  }
}

function freezeResult(result: SearchResult): SearchResult {
  for (const hit of result.hits) Object.freeze(hit);
  Object.freeze(result.hits);
  for (const counts of Object.values(result.facets)) Object.freeze(counts);
  Object.freeze(result.facets);
  return Object.freeze(result);
}
