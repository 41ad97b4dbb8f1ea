// Search as plain functions: a typed query in (server/routes/params.ts reads it from the query
// string), the shape the JSON API and the pages share out. Nothing here sees req, res or a raw query.

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { AppDeps } from '../app-deps.ts';
import { cropHighlight } from '../html.ts';
import { unitUrl } from '../permalinks.ts';
import {
  FACET_FIELDS,
  MAX_LIMIT,
  type FacetField,
  type SearchCode,
  type SearchDocument,
  type SearchFilters,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SearchSort,
} from '../search/engine.ts';
import { normaliseQuery } from '../search/query.ts';

/** A CSV or AIF download holds every match, up to this many rows. */
export const MAX_EXPORT_ROWS = 10_000;

/** One unit in a result list: what the API returns and the pages show. */
export interface UnitHit {
  id: string;
  debate: string;
  speaker: string;
  speakerName: string;
  /** The first code's question (see `codes` for all of them). */
  question: string | null;
  /** The first code's qualified position key, "question:position", as used by filters and facets. */
  position: string | null;
  positionLabel: string | null;
  /** Every code of the unit, in the order written. */
  codes: SearchCode[];
  kind: SearchDocument['kind'];
  /** Markdown, verbatim, cropped to MAX_HIT_TEXT characters in result lists ("…" at the cut). */
  text: string;
  /** True when `text` was cropped: the full text is on /api/units/:id and the debate page. */
  textTruncated: boolean;
  /** HTML-safe: escaped text with matches in <mark>, cropped like `text` (about MAX_HIT_TEXT visible characters around the first match, "…" at each cut). */
  highlight: string;
  /** When the text has no match: the metadata fields that matched, HTML-safe like `highlight`. */
  matchedIn?: { field: string; highlight: string }[];
  /** Permalink path, `/u/<id>`. */
  url: string;
  debateTitle: string;
  date: string;
}

export type AllFacetCounts = Record<FacetField, Record<string, number>>;

export interface SearchResponse {
  /** The query text as understood. */
  query: string;
  /** The filters and sort as understood, echoed so that a client can rebuild links. */
  filters: Record<FacetField, string[]>;
  sort: SearchSort;
  total: number;
  page: number;
  limit: number;
  hits: UnitHit[];
  /** Every facet field is present, empty when nothing matched. */
  facets: AllFacetCounts;
  tookMs: number;
}

/** The longest unit text a hit carries in a result list (issue 11: every response is bounded). */
export const MAX_HIT_TEXT = 1_000;

/** Cuts text to at most `max` characters, at a space when one is near, never inside a surrogate pair. */
export function cropText(text: string, max = MAX_HIT_TEXT): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  let end = max - 1;
  const space = text.lastIndexOf(' ', end);
  if (space > max * 0.8) end = space;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { text: `${text.slice(0, end).trimEnd()}…`, truncated: true };
}

/** A hit as the API and pages show it, its text cropped. */
export function toUnitHit(hit: SearchHit): UnitHit {
  return unitHit(hit, false);
}

/** A hit with its whole text, for exports. */
export function toFullUnitHit(hit: SearchHit): UnitHit {
  return unitHit(hit, true);
}

function unitHit(hit: SearchHit, fullText: boolean): UnitHit {
  const d = hit.document;
  const shown = fullText ? { text: d.text, truncated: false } : cropText(d.text);
  return {
    id: d.id,
    debate: d.debate,
    speaker: d.speaker,
    speakerName: d.speakerName,
    question: d.codes[0]?.question ?? null,
    position: d.codes[0]?.position ?? null,
    positionLabel: d.codes[0]?.positionLabel ?? null,
    codes: d.codes,
    kind: d.kind,
    text: shown.text,
    textTruncated: shown.truncated,
    // Cropped as the text is (to MAX_HIT_TEXT visible characters, around its first match): a page
    // of hits stays bounded however long its units.
    highlight: fullText ? hit.highlight : cropHighlight(hit.highlight, MAX_HIT_TEXT),
    ...(hit.matchedIn ? { matchedIn: hit.matchedIn } : {}),
    url: unitUrl(d.id),
    debateTitle: d.debateTitle,
    date: d.date,
  };
}

function allFacets(result: SearchResult): AllFacetCounts {
  const facets = {} as AllFacetCounts;
  // No copy: the engine's objects are fresh for every answer and nothing mutates them.
  for (const field of FACET_FIELDS) facets[field] = result.facets[field] ?? {};
  return facets;
}

function echoFilters(filters: SearchFilters | undefined): Record<FacetField, string[]> {
  const echoed = {} as Record<FacetField, string[]>;
  for (const field of FACET_FIELDS) echoed[field] = [...(filters?.[field] ?? [])];
  return echoed;
}

/** No hits, no counts: what a page shows when the engine cannot answer. */
export function emptySearchResponse(query: SearchQuery): SearchResponse {
  const asked = normaliseQuery(query);
  const none: SearchResult = { query: asked.text, total: 0, page: asked.page, limit: asked.limit, hits: [], facets: {}, tookMs: 0 };
  return { query: asked.text, filters: echoFilters(asked.filters), sort: asked.sort, total: 0, page: asked.page, limit: asked.limit, hits: [], facets: allFacets(none), tookMs: 0 };
}

/** One page of hits with every asked facet; the query is normalised here, once, for the engine and the echo. */
export async function searchUnits(deps: Pick<AppDeps, 'engine'>, query: SearchQuery): Promise<SearchResponse> {
  const asked = normaliseQuery(query);
  const result = await deps.engine.search(asked);
  return {
    query: asked.text,
    filters: echoFilters(asked.filters),
    sort: asked.sort,
    total: result.total,
    page: result.page,
    limit: result.limit,
    hits: result.hits.map(toUnitHit),
    facets: allFacets(result),
    tookMs: result.tookMs,
  };
}

/** Every match (ignoring page and limit), page by page, up to `maxRows`: for AIF downloads. */
export async function searchAllUnits(deps: Pick<AppDeps, 'engine'>, query: SearchQuery, maxRows = MAX_EXPORT_ROWS): Promise<UnitHit[]> {
  const hits: UnitHit[] = [];
  for await (const batch of searchUnitBatches(deps, query, maxRows)) hits.push(...batch.hits);
  return hits;
}

/**
 * Every match, page by page (full texts), up to `maxRows`, for streamed downloads: each batch
 * says how many units matched in all, so that a download can state where it stops.
 */
export async function* searchUnitBatches(
  deps: Pick<AppDeps, 'engine'>,
  query: SearchQuery,
  maxRows = MAX_EXPORT_ROWS,
): AsyncGenerator<{ hits: UnitHit[]; total: number }> {
  let sent = 0;
  for (let page = 1; sent < maxRows; page += 1) {
    const result = await deps.engine.search(normaliseQuery({ ...query, facets: [], page, limit: MAX_LIMIT }));
    const hits = result.hits.slice(0, maxRows - sent).map((hit) => toFullUnitHit(hit));
    sent += hits.length;
    yield { hits, total: result.total };
    if (result.hits.length < MAX_LIMIT || page * MAX_LIMIT >= result.total) break;
    // The embedded engine answers without waiting on anything: without a turn of the event loop
    // between pages, a 10,000-row download held it 0.8 s at 100k units (/healthz waited as long).
    await yieldToEventLoop();
  }
}
