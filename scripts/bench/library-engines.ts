// Raw search libraries set up as fairly as we can for French, answering the same SearchQuery
// objects as our engine: AND of the words, accent folding, prefix on the last word, filters,
// exact totals and facet counts over the whole filtered result set, pages of 20.
// They do not build highlights, synonyms or typo ranking; the bench prints what each cannot do.

import MiniSearch, { type SearchResult as MiniResult } from 'minisearch';
import FlexSearch from 'flexsearch';
import type { FacetCounts, FacetField, SearchDocument, SearchFilters, SearchQuery } from '../../server/search/engine.ts';
import { DEFAULT_LIMIT, FACET_FIELDS, facetValues } from '../../server/search/engine.ts';
import { SEARCHABLE_ATTRIBUTES, STOP_WORDS } from '../../server/search/settings.ts';

export interface BenchAnswer {
  total: number;
  ids: string[];
  facets: FacetCounts;
}

/** What the bench drives: our engine through SearchEngine, or a library through this thin face. */
export interface BenchEngine {
  readonly name: string;
  /** What this engine cannot do, printed next to its figures. */
  readonly notes: readonly string[];
  build(documents: readonly SearchDocument[], onProgress: (done: number, total: number) => void): Promise<void>;
  search(query: SearchQuery): Promise<BenchAnswer>;
  multiSearch(queries: readonly SearchQuery[]): Promise<BenchAnswer[]>;
  close(): Promise<void>;
}

const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const FOLDED_STOP_WORDS = new Set(STOP_WORDS.map(fold));
const TOKEN_SPLIT = /[^\p{L}\p{N}]+/u;

function matchesFilters(doc: SearchDocument, filters: SearchFilters | undefined): boolean {
  if (!filters) return true;
  for (const field of FACET_FIELDS) {
    const wanted = filters[field];
    if (!wanted || wanted.length === 0) continue;
    if (!facetValues(doc, field).some((value) => wanted.includes(value))) return false;
  }
  return true;
}

function hasFilters(filters: SearchFilters | undefined): boolean {
  return !!filters && FACET_FIELDS.some((f) => (filters[f]?.length ?? 0) > 0);
}

/** Counts facets and cuts the page: the part every library leaves to its caller. */
function answer(matched: readonly SearchDocument[], query: SearchQuery): BenchAnswer {
  const facets: FacetCounts = {};
  for (const field of query.facets ?? []) {
    const counts: Record<string, number> = {};
    for (const doc of matched) {
      for (const value of facetValues(doc, field as FacetField)) counts[value] = (counts[value] ?? 0) + 1;
    }
    facets[field] = counts;
  }
  const limit = query.limit ?? DEFAULT_LIMIT;
  const start = ((query.page ?? 1) - 1) * limit;
  return { total: matched.length, ids: matched.slice(start, start + limit).map((d) => d.id), facets };
}

function sortMatched(matched: SearchDocument[], query: SearchQuery, corpusOrder: Map<string, number>): SearchDocument[] {
  const sort = query.sort ?? 'relevance';
  if (sort === 'date-asc') return matched.sort((a, b) => a.dateValue - b.dateValue || a.order - b.order);
  if (sort === 'date-desc') return matched.sort((a, b) => b.dateValue - a.dateValue || a.order - b.order);
  if (query.text.trim() === '') return matched.sort((a, b) => (corpusOrder.get(a.id) ?? 0) - (corpusOrder.get(b.id) ?? 0));
  return matched;
}

export class MiniSearchBench implements BenchEngine {
  readonly name = 'minisearch';
  readonly notes = [
    'no synonyms, no highlighting (not built here)',
    'facets: counted by a pass over every match',
    'returns every match before ranking: short prefixes and common words are its slow case',
  ];
  #index: MiniSearch<SearchDocument> | undefined;
  #byId = new Map<string, SearchDocument>();
  #order = new Map<string, number>();

  async build(documents: readonly SearchDocument[], onProgress: (done: number, total: number) => void): Promise<void> {
    const index = new MiniSearch<SearchDocument>({
      fields: SEARCHABLE_ATTRIBUTES.map((a) => a.field),
      idField: 'id',
      extractField: (doc, field) => {
        const value = (doc as unknown as Record<string, unknown>)[field];
        return Array.isArray(value) ? value.join(' ') : (value as string | null) ?? '';
      },
      tokenize: (text) => text.split(TOKEN_SPLIT),
      processTerm: (term) => {
        const folded = fold(term);
        return folded === '' || FOLDED_STOP_WORDS.has(folded) ? null : folded;
      },
      searchOptions: {
        combineWith: 'AND',
        boost: Object.fromEntries(SEARCHABLE_ATTRIBUTES.map((a) => [a.field, a.weight])),
        prefix: (_term, i, terms) => i === terms.length - 1,
        // Meilisearch's rule: one typo from 5 letters, two from 9.
        fuzzy: (term) => (term.length >= 9 ? 2 : term.length >= 5 ? 1 : false),
      },
    });
    this.#byId = new Map(documents.map((d) => [d.id, d]));
    this.#order = new Map(documents.map((d, i) => [d.id, i]));
    const chunk = 5000;
    for (let i = 0; i < documents.length; i += chunk) {
      index.addAll(documents.slice(i, i + chunk));
      onProgress(Math.min(i + chunk, documents.length), documents.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.#index = index;
  }

  async search(query: SearchQuery): Promise<BenchAnswer> {
    const index = this.#index;
    if (!index) throw new Error('not built');
    const filter = hasFilters(query.filters) ? (r: MiniResult) => matchesFilters(this.#byId.get(r.id as string) as SearchDocument, query.filters) : undefined;
    const text = query.text.trim();
    const results = index.search(text === '' ? MiniSearch.wildcard : text, filter ? { filter } : {});
    const matched = results.map((r) => this.#byId.get(r.id as string) as SearchDocument);
    return answer(sortMatched(matched, query, this.#order), query);
  }

  async multiSearch(queries: readonly SearchQuery[]): Promise<BenchAnswer[]> {
    return Promise.all(queries.map((q) => this.search(q)));
  }

  async close(): Promise<void> {
    this.#index = undefined;
  }
}

interface FlexDocumentIndex {
  add(doc: Record<string, unknown>): unknown;
  search(options: Record<string, unknown>): unknown;
}

export class FlexSearchBench implements BenchEngine {
  readonly name = 'flexsearch';
  readonly notes = [
    'no edit-distance typos (its phonetic encoder catches some misspellings only)',
    'several tags are OR-ed, even across fields, and a tag with a query lost matches: filters are applied after the search',
    'an AND query only matches when all words are in the same field',
    'prefix search needs "forward" tokenisation (every prefix indexed: more memory)',
    'exact totals and facets need every match: limit = corpus size',
    'no synonyms, no stop words, no highlighting (not built here)',
  ];
  #index: FlexDocumentIndex | undefined;
  #byId = new Map<string, SearchDocument>();
  #order = new Map<string, number>();
  #size = 0;

  async build(documents: readonly SearchDocument[], onProgress: (done: number, total: number) => void): Promise<void> {
    const { Document, Charset } = FlexSearch as unknown as {
      Document: new (options: Record<string, unknown>) => FlexDocumentIndex;
      Charset: Record<string, unknown>;
    };
    const index = new Document({
      tokenize: 'forward',
      encoder: Charset.LatinBalance,
      document: {
        id: 'id',
        index: ['text', 'speakerName', 'speakerAliases', 'positionLabel', 'questionTitle', 'questionTitleEn', 'debateTitle'],
        tag: [...FACET_FIELDS],
      },
    });
    this.#byId = new Map(documents.map((d) => [d.id, d]));
    this.#order = new Map(documents.map((d, i) => [d.id, i]));
    this.#size = documents.length;
    let done = 0;
    for (const doc of documents) {
      index.add({ ...doc, speakerAliases: doc.speakerAliases.join(' '), question: doc.question ?? '', position: doc.position ?? '' });
      if (++done % 5000 === 0) {
        onProgress(done, documents.length);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    onProgress(done, documents.length);
    this.#index = index;
  }

  async search(query: SearchQuery): Promise<BenchAnswer> {
    const index = this.#index;
    if (!index) throw new Error('not built');
    const filters = query.filters ?? {};
    const text = query.text.trim();
    let ids: string[];
    if (text === '') {
      // Browsing: the tags of the first filtered field narrow the set (values of one field are
      // OR-ed, as we want); the other fields are checked below, since FlexSearch OR-s them too.
      const firstField = FACET_FIELDS.find((f) => (filters[f]?.length ?? 0) > 0);
      if (!firstField) ids = [...this.#byId.keys()];
      else {
        const tag = (filters[firstField] ?? []).map((value) => ({ [firstField]: value }));
        const groups = index.search({ tag, limit: this.#size }) as { result: string[] }[];
        ids = [...new Set(groups.flatMap((g) => g.result))];
      }
    } else {
      // A tag combined with a query lost matches in our checks against a brute-force count,
      // so filters are applied to the full result instead.
      const merged = index.search({ query: text, merge: true, limit: this.#size }) as { id: string }[];
      ids = merged.map((r) => r.id);
    }
    const matched: SearchDocument[] = [];
    for (const id of ids) {
      const doc = this.#byId.get(id);
      if (doc && matchesFilters(doc, query.filters)) matched.push(doc);
    }
    return answer(sortMatched(matched, query, this.#order), query);
  }

  async multiSearch(queries: readonly SearchQuery[]): Promise<BenchAnswer[]> {
    return Promise.all(queries.map((q) => this.search(q)));
  }

  async close(): Promise<void> {
    this.#index = undefined;
  }
}
