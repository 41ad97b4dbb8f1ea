// One search interface in our own terms. Both adapters (embedded and Meilisearch) implement it,
// and one contract test suite runs the same assertions against each.

import type { UnitKind } from '../corpus/model.ts';

/** The fields a search can be filtered and faceted on, in display order. */
export const FACET_FIELDS = ['speaker', 'question', 'position', 'kind', 'debate'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

/**
 * A unit as the engines index it: denormalised so that "Sandra RP" finds Sandra's units about
 * public relations. A `position` is a position key qualified by its question ("stagiaire:non"),
 * because position ids are only unique within a question; filters and facets use the same key.
 */
export interface SearchDocument {
  id: string;
  text: string;
  speaker: string;
  speakerName: string;
  speakerAliases: string[];
  /**
   * The unit's codes, each question and position once: a unit with several codes is found by
   * filtering on any of them and counted once under each in the facets.
   */
  question: string[];
  questionTitle: string[];
  questionTitleEn: string[];
  position: string[];
  positionLabel: string[];
  /** The codes in the order written, for display. */
  codes: SearchCode[];
  kind: UnitKind;
  debate: string;
  debateTitle: string;
  /** ISO date of the debate, as written (year, month or day precision). */
  date: string;
  /** Sortable day number derived from `date` (days since 1970-01-01, first day of the period). */
  dateValue: number;
  /** Order of the unit in its debate. */
  order: number;
  /** BCP 47 tag of the debate's language ("fr", "en"): how the unit's words are stemmed. Absent: both ways. */
  language?: string;
}

/** One code of a unit as indexed: its question, and its position key and label when it takes one. */
export interface SearchCode {
  question: string;
  /** Position key "question:position", or null for a unit on the question that takes no position. */
  position: string | null;
  positionLabel: string | null;
}

/** The values a document has for a facet field: none, one, or several (codes). */
export function facetValues(document: SearchDocument, field: FacetField): string[] {
  const value = document[field];
  return Array.isArray(value) ? [...new Set(value)] : [value];
}

/** Several values of one field are OR-ed; different fields are AND-ed. An empty list filters nothing. */
export type SearchFilters = Partial<Record<FacetField, readonly string[]>>;

export type SearchSort = 'relevance' | 'date-desc' | 'date-asc';

export interface SearchQuery {
  /** Free text; empty lists units in corpus order (debate date, then order). */
  text: string;
  filters?: SearchFilters;
  /** Fields whose value counts are wanted, computed over the whole filtered result set. */
  facets?: readonly FacetField[];
  /**
   * Values returned per facet field (default DEFAULT_FACET_VALUES, at most MAX_FACET_VALUES): the most frequent, ties by
   * value; the values the query filters on are always among them. Each count stays exact.
   */
  maxFacetValues?: number;
  /** 1-based. */
  page?: number;
  /** Hits per page. */
  limit?: number;
  sort?: SearchSort;
}

export interface SearchHit {
  document: SearchDocument;
  /**
   * The unit's text as HTML-safe markup: every character escaped, matched words wrapped
   * in <mark>…</mark>. Safe to insert into a page as it is.
   */
  highlight: string;
  /**
   * When the unit's own text has none of the query's words: the metadata fields that matched
   * (speakerName, speakerAliases, positionLabel, questionTitle, questionTitleEn, debateTitle), each
   * as HTML-safe markup like `highlight`, so that a hit always shows why it is there. Optional: the
   * Meilisearch adapter does not fill it yet.
   */
  matchedIn?: { field: string; highlight: string }[];
}

export type FacetCounts = Partial<Record<FacetField, Record<string, number>>>;

export interface SearchResult {
  query: string;
  /** Exact number of matching units. */
  total: number;
  page: number;
  limit: number;
  hits: SearchHit[];
  facets: FacetCounts;
  /** Time the engine spent, in milliseconds. */
  tookMs: number;
}

export interface EngineHealth {
  ok: boolean;
  engine: EngineName;
  documents: number;
  /** Why it is not ok, as a visitor may read it: no host, URL or credential. */
  message?: string;
  /** Why it is not ok, for the logs only. */
  detail?: string;
}

export type EngineName = 'embedded' | 'meilisearch';

/** 'reused': the stored index already held the corpus; 'built': it was (re)built. */
export type IndexOpening = 'reused' | 'built';

export interface IndexProgress {
  (done: number, total: number): void;
}

export interface SearchEngine {
  readonly name: EngineName;
  /**
   * Replaces the whole index with these documents, atomically: until it resolves, searches are
   * answered from the previous index, and if it rejects, the previous index keeps serving.
   */
  reindex(documents: readonly SearchDocument[], onProgress?: IndexProgress): Promise<void>;
  /**
   * Serves the stored index when it was built from exactly these documents and settings (same
   * digest), else reindexes: a restart on an unchanged corpus does not rebuild. Says which.
   */
  open(documents: readonly SearchDocument[], onProgress?: IndexProgress): Promise<IndexOpening>;
  /** The digest this engine stores with an index of these documents (server/search/digest.ts). */
  digestOf(documents: readonly SearchDocument[]): string;
  /**
   * Identifies the newest index in the engine's store (what `npm run index` last built): its digest,
   * with the version where the store keeps several; null when none. A site serving another one reloads.
   */
  storedDigest(): Promise<string | null>;
  /** Identifies the index this instance serves, as storedDigest does; null before it has one. */
  readonly servingDigest: string | null;
  search(query: SearchQuery): Promise<SearchResult>;
  /**
   * Units making the same point as the unit `unitId`, best first, units of other debates and
   * other speakers before those of its own; never the unit itself. Null when no unit has that id.
   * `total` counts the units found; `facets` is empty.
   */
  similar(unitId: string, limit?: number): Promise<SearchResult | null>;
  /** Several searches at once, answered in the same order (side-by-side comparison). */
  multiSearch(queries: readonly SearchQuery[]): Promise<SearchResult[]>;
  health(): Promise<EngineHealth>;
  /** Releases timers, files and connections. */
  close(): Promise<void>;
}

/** As Meilisearch's own `maxValuesPerFacet` default: a page never needs thousands of values. */
export const DEFAULT_FACET_VALUES = 100;

/**
 * The most values of one facet an answer holds, on both engines (a query asking more gets this
 * many). Meilisearch finds the most frequent values by walking its facet levels best first, so its
 * cost grows with how many it returns: at 100k units, five facets over a large match took 23 ms of
 * the server's time at the median with 1,000 values each, 9 ms with 20 (docs/meilisearch.md).
 */
export const MAX_FACET_VALUES = DEFAULT_FACET_VALUES;

/**
 * The values of one facet field a result keeps: all when they fit, else the `max` most frequent
 * (ties by value) plus the `selected` ones, in that order. Shared by both adapters.
 */
export function keepTopFacetValues(counts: Record<string, number>, max: number, selected: readonly string[] = []): Record<string, number> {
  const entries = Object.entries(counts);
  if (entries.length <= max) return counts;
  entries.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const kept: Record<string, number> = {};
  for (const [value, count] of entries.slice(0, max)) kept[value] = count;
  for (const value of selected) {
    const count = counts[value];
    if (count !== undefined) kept[value] = count;
  }
  return kept;
}

export const DEFAULT_LIMIT = 20;
/** Similar units listed when no limit is asked. */
export const DEFAULT_SIMILAR_LIMIT = 5;
export const MAX_LIMIT = 100;
