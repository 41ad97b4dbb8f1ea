// A search query with its defaults applied and its numbers clamped, once, before any engine sees
// it. Both adapters call normaliseQuery at their entry (it is idempotent, so a query the services
// already normalised passes through unchanged) and work on the NormalisedQuery only.

import { DEFAULT_FACET_VALUES, DEFAULT_LIMIT, FACET_FIELDS, MAX_FACET_VALUES, MAX_LIMIT, type FacetField, type SearchFilters, type SearchQuery, type SearchSort } from './engine.ts';

export const DEFAULT_SORT: SearchSort = 'relevance';
export const DEFAULT_PAGE = 1;

export interface NormalisedQuery {
  text: string;
  /** Every field present, possibly empty. */
  filters: Required<{ [F in FacetField]: readonly string[] }>;
  /** Requested facet fields, in FACET_FIELDS order, without duplicates (none by default). */
  facets: readonly FacetField[];
  maxFacetValues: number;
  /** 1-based. */
  page: number;
  /** 1 to MAX_LIMIT. */
  limit: number;
  sort: SearchSort;
}

/** `fallback` when absent; else an integer within [min, max], where anything not a finite number is min. */
function clampInt(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

function normaliseFilters(filters: SearchFilters | undefined): NormalisedQuery['filters'] {
  const normalised = {} as Record<FacetField, readonly string[]>;
  for (const field of FACET_FIELDS) normalised[field] = filters?.[field] ?? [];
  return normalised;
}

export function normaliseQuery(query: SearchQuery | NormalisedQuery): NormalisedQuery {
  return {
    text: query.text ?? '',
    filters: normaliseFilters(query.filters),
    facets: FACET_FIELDS.filter((field) => query.facets?.includes(field)),
    maxFacetValues: clampInt(query.maxFacetValues, DEFAULT_FACET_VALUES, 1, MAX_FACET_VALUES),
    page: clampInt(query.page, DEFAULT_PAGE, 1, Number.MAX_SAFE_INTEGER),
    limit: clampInt(query.limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
    sort: query.sort ?? DEFAULT_SORT,
  };
}
