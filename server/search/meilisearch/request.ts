// Pure translation between our search types and Meilisearch's search requests and responses.
// No I/O here: the engine sends what these functions build and maps back what the server returns.

import type { FacetDistribution, Hit, MatchingStrategies, SearchParams, SearchResponse } from 'meilisearch';
import {
  DEFAULT_FACET_VALUES,
  keepTopFacetValues,
  type FacetCounts,
  type FacetField,
  type SearchDocument,
  type SearchFilters,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SearchSort,
} from '../engine.ts';
import { escapeHtml } from '../../html.ts';
import { compareCorpusOrder } from '../documents.ts';
import { normaliseQuery, type NormalisedQuery } from '../query.ts';
import { tokenize } from '../text.ts';
import { buildFilter } from './filter.ts';
import { cachedStem, languageBits, stemLanguagesOf } from '../stemming.ts';
import { SEARCHABLE_ATTRIBUTES } from '../settings.ts';

/**
 * Highlight tags as private-use characters: Meilisearch inserts its tags into the raw text without
 * escaping it, so real `<mark>` tags could not be told apart from markup written in a unit. We
 * escape the whole text first, then turn these two characters into tags.
 */
export const HIGHLIGHT_PRE_TAG = '\uE000';
export const HIGHLIGHT_POST_TAG = '\uE001';

/**
 * Which documents match a query of several words. 'frequency' returns the documents with all the
 * words first, then drops the most frequent words first, so the rare, telling words of a question
 * are the ones kept; 'last' (the default) dropped words from the end, and a first word found
 * nowhere ended the query. It is the closest Meilisearch comes to the embedded engine's OR over
 * meaningful words ranked by rarity (docs/relevance.md).
 */
export const MATCHING_STRATEGY: MatchingStrategies = 'frequency';

/**
 * Similar units in the order promised by SearchEngine.similar: the unit itself left out, then
 * units of other debates and other speakers first, keeping the server's relevance order within
 * each group.
 */
export function orderSimilar(unit: Pick<SearchDocument, 'id' | 'speaker' | 'debate'>, hits: readonly SearchHit[]): SearchHit[] {
  const group = (d: SearchDocument): number => (d.debate === unit.debate ? 1 : 0) + (d.speaker === unit.speaker ? 1 : 0);
  return hits
    .filter((h) => h.document.id !== unit.id)
    .map((hit, i) => ({ hit, i, g: group(hit.document) }))
    .sort((a, b) => a.g - b.g || a.i - b.i)
    .map((x) => x.hit);
}

/**
 * The primary key Meilisearch indexes by. Our unit ids may hold dots, which Meilisearch refuses in
 * a document id (only letters, digits, `-` and `_`), so the key is the id encoded: every other
 * character, `_` included, becomes `_<hex code>_`. The encoding is one-to-one and `id` stays as it is.
 */
export const PRIMARY_KEY = 'documentKey';

/** The field holding the stems of a unit's text, by its debate's language (both when unknown). */
export const STEMMED_TEXT_FIELD = 'textStems';

/**
 * The field holding the stems of a unit's other searchable fields (speaker, position, question and
 * debate), by the same languages: the embedded engine finds a stem-mate in any field ("internalisé"
 * in a question's title for "internalisation"), so Meilisearch must too. Searched last.
 */
export const STEMMED_METADATA_FIELD = 'metadataStems';

export type IndexedDocument = SearchDocument & { [PRIMARY_KEY]: string; [STEMMED_TEXT_FIELD]: string; [STEMMED_METADATA_FIELD]: string };

/**
 * The stems of a text, distinct, space separated: what STEMMED_TEXT_FIELD holds, so that a query's
 * stem finds the unit's inflections ("costs" and "cost", "écoute" and "écouter"). Meilisearch
 * has no stemming of its own; these are the embedded engine's Snowball stems.
 */
export function stemmedText(text: string, language: string | undefined): string {
  const languages = stemLanguagesOf(languageBits(language));
  const stems = new Set<string>();
  for (const token of tokenize(text)) for (const l of languages) stems.add(cachedStem(token.folded, l));
  return [...stems].join(' ');
}

export function documentKey(id: string): string {
  return id.replace(/[^A-Za-z0-9-]/gu, (c) => `_${(c.codePointAt(0) as number).toString(16)}_`);
}

/** Values of a field as a list of strings. */
export function fieldValues(document: SearchDocument, field: keyof SearchDocument): string[] {
  const value = document[field];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** The values of a document's searchable fields other than its text, in the shared order. */
function metadataValues(document: SearchDocument): string[] {
  return SEARCHABLE_ATTRIBUTES.slice(1).flatMap(({ field }) => fieldValues(document, field));
}

export function toIndexedDocument(document: SearchDocument): IndexedDocument {
  return {
    ...document,
    [PRIMARY_KEY]: documentKey(document.id),
    [STEMMED_TEXT_FIELD]: stemmedText(document.text, document.language),
    [STEMMED_METADATA_FIELD]: stemmedText(metadataValues(document).join(' \n '), document.language),
  };
}

export interface Page {
  page: number;
  limit: number;
}

/** 1-based page and 1 to MAX_LIMIT hits per page, as normaliseQuery clamps them for both engines. */
export function normalisePage(query: Pick<SearchQuery, 'page' | 'limit'>): Page {
  const { page, limit } = normaliseQuery({ text: '', page: query.page, limit: query.limit });
  return { page, limit };
}

/** Debate date, then debate slug, then order in the debate: the corpus order (server/corpus/load.ts). */
export const CORPUS_ORDER = ['dateValue:asc', 'debate:asc', 'order:asc'];

/**
 * The same order as a comparator. Documents are sent in this order because Meilisearch breaks
 * the last ties between equally relevant hits by the order documents were added.
 */
export { compareCorpusOrder };

/**
 * Date sorts keep each debate together (same-date debates by slug, as the corpus orders them) and
 * its units in order. Relevance needs no sort, except with no text: then there is nothing to rank
 * and units come in corpus order, said explicitly rather than left to Meilisearch's internal ids.
 */
export function sortFor(sort: SearchSort | undefined, text: string): string[] | undefined {
  switch (sort) {
    case 'date-desc':
      return ['dateValue:desc', 'debate:asc', 'order:asc'];
    case 'date-asc':
      return [...CORPUS_ORDER];
    case 'relevance':
    case undefined:
      return text.trim() === '' ? [...CORPUS_ORDER] : undefined;
  }
}

export function toSearchParams(asked: SearchQuery | NormalisedQuery): SearchParams {
  const query = normaliseQuery(asked);
  const { page, limit } = query;
  const params: SearchParams = {
    q: query.text.trim(),
    // page + hitsPerPage (rather than offset + limit) make Meilisearch count hits exactly.
    page,
    hitsPerPage: limit,
    attributesToHighlight: ['text'],
    highlightPreTag: HIGHLIGHT_PRE_TAG,
    highlightPostTag: HIGHLIGHT_POST_TAG,
    matchingStrategy: MATCHING_STRATEGY,
  };
  const filter = buildFilter(query.filters);
  if (filter !== undefined) params.filter = filter;
  if (query.facets.length > 0) params.facets = [...query.facets];
  const sort = sortFor(query.sort, query.text);
  if (sort !== undefined) params.sort = sort;
  return params;
}

/**
 * The highlighted text as safe HTML: escaped first, then the placeholder tags become <mark>.
 * A text that itself holds a placeholder character is shown escaped and unmarked, so that no tag
 * can come from the text.
 */
export function highlightHtml(original: string, formatted: unknown): string {
  const holdsPlaceholder = original.includes(HIGHLIGHT_PRE_TAG) || original.includes(HIGHLIGHT_POST_TAG);
  if (typeof formatted !== 'string' || holdsPlaceholder) return escapeHtml(original);
  const escaped = escapeHtml(formatted);
  // Meilisearch opens and closes tags in pairs; a lone one (never seen) is dropped rather than left open.
  let html = '';
  let open = false;
  for (const char of escaped) {
    if (char === HIGHLIGHT_PRE_TAG) {
      if (!open) html += '<mark>';
      open = true;
    } else if (char === HIGHLIGHT_POST_TAG) {
      if (open) html += '</mark>';
      open = false;
    } else {
      html += char;
    }
  }
  return open ? `${html}</mark>` : html;
}

/** Only our fields, in our shape: Meilisearch adds `_formatted` and may add other underscored keys. */
export function toSearchDocument(hit: Hit<SearchDocument>): SearchDocument {
  return {
    id: hit.id,
    text: hit.text,
    speaker: hit.speaker,
    speakerName: hit.speakerName,
    speakerAliases: hit.speakerAliases ?? [],
    question: listOf(hit.question),
    questionTitle: listOf(hit.questionTitle),
    questionTitleEn: listOf(hit.questionTitleEn),
    position: listOf(hit.position),
    positionLabel: listOf(hit.positionLabel),
    codes: Array.isArray(hit.codes) ? hit.codes : [],
    kind: hit.kind,
    debate: hit.debate,
    debateTitle: hit.debateTitle,
    date: hit.date,
    dateValue: hit.dateValue,
    order: hit.order,
    ...(hit.language !== undefined ? { language: hit.language } : {}),
  };
}

/** A list field as stored; an index written before codes existed holds a single value or null. */
function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

export function toSearchHit(hit: Hit<SearchDocument>): SearchHit {
  const document = toSearchDocument(hit);
  return { document, highlight: highlightHtml(document.text, hit._formatted?.text) };
}

/** Counts of the requested facets only, without zero counts (a requested facet with no value is `{}`). */
export function toFacetCounts(
  fields: readonly FacetField[],
  distribution: FacetDistribution | undefined,
  limits: { max?: number; selected?: SearchFilters } = {},
): FacetCounts {
  const facets: FacetCounts = {};
  for (const field of fields) {
    const counts: Record<string, number> = {};
    for (const [value, count] of Object.entries(distribution?.[field] ?? {})) {
      if (count > 0) counts[value] = count;
    }
    // The server returns up to MAX_VALUES_PER_FACET by count; a query may want fewer.
    facets[field] = keepTopFacetValues(counts, limits.max ?? DEFAULT_FACET_VALUES, limits.selected?.[field]);
  }
  return facets;
}

export function toSearchResult(asked: SearchQuery | NormalisedQuery, response: SearchResponse<SearchDocument>): SearchResult {
  const query = normaliseQuery(asked);
  const { page, limit } = query;
  return {
    query: query.text,
    total: response.totalHits ?? response.estimatedTotalHits ?? response.hits.length,
    page,
    limit,
    hits: response.hits.map(toSearchHit),
    facets: toFacetCounts(query.facets, response.facetDistribution, { max: query.maxFacetValues, selected: query.filters }),
    tookMs: response.processingTimeMs,
  };
}
