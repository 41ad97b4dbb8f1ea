// Answers to recent searches, for one index. Search as you type and popular queries repeat, and a
// query with a synonym phrase ("community management") costs several times a single word: an
// answer kept for its exact query costs a Map lookup. Bounded, least recently used first out, and
// dropped whole with its index on reindex, so it never serves an answer from an older corpus.

import { FACET_FIELDS, type SearchQuery, type SearchResult } from '../engine.ts';
import { normaliseQuery, type NormalisedQuery } from '../query.ts';

export const RESULT_CACHE_SIZE = 500;

/** One key for queries that must get the same answer: the normalised query, filter values sorted. */
export function resultCacheKey(query: SearchQuery | NormalisedQuery): string {
  const q = normaliseQuery(query);
  const filters = FACET_FIELDS.map((field) => [...q.filters[field]].sort());
  return JSON.stringify([q.text, filters, q.facets, q.page, q.limit, q.sort, q.maxFacetValues]);
}

export class ResultCache {
  private readonly entries = new Map<string, SearchResult>();

  constructor(private readonly capacity = RESULT_CACHE_SIZE) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached answer, or a fresh one computed and kept. Cached answers are frozen: shared, never changed. */
  answer(query: SearchQuery | NormalisedQuery, compute: () => SearchResult): SearchResult {
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
