// Search as plain functions: a typed query in (server/routes/params.ts reads it from the query
// string), the shape the JSON API and the pages share out. Nothing here sees req, res or a raw query.

import type { AppDeps } from '../app-deps.ts';
import { unitUrl } from '../routes/links.ts';
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
  /** Markdown, verbatim. */
  text: string;
  /** HTML-safe: escaped text with matches in <mark>. */
  highlight: string;
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

export function toUnitHit(hit: SearchHit): UnitHit {
  const d = hit.document;
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
    text: d.text,
    highlight: hit.highlight,
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

/** Every match (ignoring page and limit), page by page, up to `maxRows`: for CSV downloads. */
export async function searchAllUnits(deps: Pick<AppDeps, 'engine'>, query: SearchQuery, maxRows = MAX_EXPORT_ROWS): Promise<UnitHit[]> {
  const hits: UnitHit[] = [];
  for (let page = 1; hits.length < maxRows; page += 1) {
    const result = await deps.engine.search(normaliseQuery({ ...query, facets: [], page, limit: MAX_LIMIT }));
    hits.push(...result.hits.map(toUnitHit));
    if (result.hits.length < MAX_LIMIT || page * MAX_LIMIT >= result.total) break;
  }
  return hits.slice(0, maxRows);
}
