// The search page (/ and /search): result cards, facets with toggle links, active filters,
// pagination, and suggestions when nothing matched.

import { compareLabels, facetLabel, type Lang } from '../../i18n.ts';
import { DEFAULT_LIMIT, FACET_FIELDS, type FacetField, type SearchSort } from '../../search/engine.ts';
import { splitPositionKey } from '../../search/documents.ts';
import { DEFAULT_PAGE, DEFAULT_SORT, type NormalisedQuery } from '../../search/query.ts';
import type { SearchResponse } from '../../services/search-service.ts';
import { formEncode, searchHref } from '../links.ts';
import { MAX_QUERY_LENGTH, SEARCH_SORTS } from '../params.ts';
import { facetValueLabel, hitCard, questionTitle, type Labels, type UnitCard } from './shared.ts';

export interface SearchState {
  q: string;
  filters: Record<FacetField, string[]>;
  sort: SearchSort;
  page: number;
  limit: number;
}

/** The page's state: the normalised query as the reader can change it with links. */
export function searchState(query: NormalisedQuery): SearchState {
  return {
    q: query.text,
    filters: Object.fromEntries(FACET_FIELDS.map((f) => [f, [...query.filters[f]]])) as Record<FacetField, string[]>,
    sort: query.sort,
    page: query.page,
    limit: query.limit,
  };
}

export function searchStateHref(state: SearchState, lang: Lang | undefined, change: Partial<SearchState> = {}): string {
  const next = { ...state, ...change };
  return searchHref(
    {
      q: next.q,
      ...Object.fromEntries(FACET_FIELDS.map((f) => [f, next.filters[f]])),
      sort: next.sort === DEFAULT_SORT ? undefined : next.sort,
      limit: next.limit === DEFAULT_LIMIT ? undefined : next.limit,
      page: next.page > DEFAULT_PAGE ? next.page : undefined,
    },
    lang,
  );
}

/**
 * The link of every facet value on a page: the page's state with that value toggled, back to page
 * 1. The same string as searchStateHref(state, lang, { filters: toggled(…), page: 1 }) (a property
 * test checks it), built from the state's encoded parts once rather than once per value: a search
 * page lists a hundred values.
 */
export function facetToggleHrefs(state: SearchState, lang: Lang | undefined): (field: FacetField, value: string) => string {
  const pair = (name: string, value: string | number): string => `${formEncode(name)}=${formEncode(String(value))}`;
  const parts = (field: FacetField, values: readonly string[]): string[] => values.map((v) => pair(field, v));
  const head = state.q ? [pair('q', state.q)] : [];
  const fields = FACET_FIELDS.map((field) => parts(field, state.filters[field]));
  const tail = [
    ...(state.sort === DEFAULT_SORT ? [] : [pair('sort', state.sort)]),
    ...(state.limit === DEFAULT_LIMIT ? [] : [pair('limit', state.limit)]),
    ...(lang ? [pair('lang', lang)] : []),
  ];
  return (field, value) => {
    const at = FACET_FIELDS.indexOf(field);
    const current = state.filters[field];
    const values = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    const query = [...head, ...fields.slice(0, at).flat(), ...parts(field, values), ...fields.slice(at + 1).flat(), ...tail].join('&');
    return query ? `/search?${query}` : '/search';
  };
}

function toggled(state: SearchState, field: FacetField, value: string): SearchState['filters'] {
  const current = state.filters[field];
  const values = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...state.filters, [field]: values };
}

export interface FacetItem {
  value: string;
  label: string;
  /** What tells apart values with the same label: a position's question. */
  hint: string;
  count: number;
  selected: boolean;
  href: string;
}

export interface FacetGroup {
  field: FacetField;
  label: string;
  items: FacetItem[];
  /** Items listed at once; the rest sit behind "more values". */
  shown: number;
}

export interface ActiveFilter {
  field: FacetField;
  fieldLabel: string;
  label: string;
  removeHref: string;
}

export interface PageLink {
  page: number;
  href: string;
  current: boolean;
}

export interface Pagination {
  page: number;
  pages: number;
  previousHref: string | null;
  nextHref: string | null;
  links: (PageLink | null)[];
}

export function pagination(page: number, total: number, limit: number, hrefFor: (page: number) => string): Pagination | null {
  const pages = Math.max(1, Math.ceil(total / limit));
  if (pages <= 1 && page <= 1) return null;
  // First, last, and two either side of the current page; null marks a gap.
  const wanted = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  const links: (PageLink | null)[] = [];
  wanted.forEach((p, at) => {
    const before = wanted[at - 1];
    if (before !== undefined && p - before > 1) links.push(null);
    links.push({ page: p, href: hrefFor(p), current: p === page });
  });
  return {
    page,
    pages,
    previousHref: page > 1 ? hrefFor(Math.min(page - 1, pages)) : null,
    nextHref: page < pages ? hrefFor(page + 1) : null,
    links,
  };
}

/** Results on one search page at most (the API gives up to 100): keeps a page well under 300 KB. */
export const PAGE_MAX_LIMIT = 50;

/** Facet values a page asks the engine for, per field, the most frequent first (the API gives more). */
export const PAGE_FACET_VALUES = 20;
/** Facet values listed before "more values". */
export const FACET_VALUES_SHOWN = 8;

/** The search form's settings, from the parameter rules (params.ts) rather than written in the view. */
export interface SearchForm {
  maxQueryLength: number;
  sorts: readonly SearchSort[];
  /** Set when the limit differs from the default, to be carried as a hidden field. */
  limit: number | null;
}

export interface SearchPageModel {
  form: SearchForm;
  state: SearchState;
  total: number;
  cards: UnitCard[];
  facets: FacetGroup[];
  active: ActiveFilter[];
  clearHref: string | null;
  pagination: Pagination | null;
  countText: string;
  suggestions: { label: string; href: string }[];
  facetSuggestions: { label: string; href: string }[];
}

/** Queries shown when nothing matched: words the bundled corpus answers, in both languages. */
export const SUGGESTED_QUERIES: Readonly<Record<Lang, readonly string[]>> = {
  fr: ['stagiaire', 'stratégie', 'relations publiques', 'communauté', 'agence'],
  en: ['intern', 'strategy', 'public relations', 'community', 'agency'],
};

export function searchPageModel(labels: Labels, state: SearchState, result: SearchResponse, lang: Lang | undefined): SearchPageModel {
  const toggleHref = facetToggleHrefs(state, lang);
  const facets: FacetGroup[] = FACET_FIELDS.map((field) => {
    const counts = { ...result.facets[field] };
    // A selected value stays listed (to be removed) even when the engine gives it no count.
    for (const value of state.filters[field]) if (!(value in counts)) counts[value] = 0;
    const items = Object.entries(counts)
      .map(([value, count]) => ({
        value,
        label: facetValueLabel(labels, field, value),
        hint: field === 'position' ? questionTitle(labels, splitPositionKey(value)?.question ?? null) : '',
        count,
        selected: state.filters[field].includes(value),
        href: toggleHref(field, value),
      }))
      .sort((a, b) => Number(b.selected) - Number(a.selected) || b.count - a.count || compareLabels(labels.lang, a.label, b.label));
    return { field, label: facetLabel(labels.lang, field), items, shown: FACET_VALUES_SHOWN };
  });
  const active: ActiveFilter[] = FACET_FIELDS.flatMap((field) =>
    state.filters[field].map((value) => ({
      field,
      fieldLabel: facetLabel(labels.lang, field),
      label: facetValueLabel(labels, field, value),
      removeHref: searchStateHref(state, lang, { filters: toggled(state, field, value), page: 1 }),
    })),
  );
  const noFilters = Object.fromEntries(FACET_FIELDS.map((f) => [f, []])) as unknown as SearchState['filters'];
  const countText = state.q
    ? labels.t('search.countFor', { count: result.total, query: state.q })
    : labels.t('search.count', { count: result.total });
  return {
    form: { maxQueryLength: MAX_QUERY_LENGTH, sorts: SEARCH_SORTS, limit: state.limit === DEFAULT_LIMIT ? null : state.limit },
    state,
    total: result.total,
    cards: result.hits.map((hit) => hitCard(labels, hit, lang)),
    facets,
    active,
    clearHref: active.length > 0 ? searchStateHref(state, lang, { filters: noFilters, page: 1 }) : null,
    pagination: pagination(state.page, result.total, state.limit, (page) => searchStateHref(state, lang, { page })),
    countText,
    suggestions: SUGGESTED_QUERIES[labels.lang].map((q) => ({ label: q, href: searchHref({ q }, lang) })),
    facetSuggestions: [
      ...labels.index.corpus.questions.slice(0, 4).map((q) => ({ label: questionTitle(labels, q.id), href: searchHref({ question: q.id }, lang) })),
      ...labels.index.corpus.speakers.slice(0, 4).map((s) => ({ label: s.name, href: searchHref({ speaker: s.id }, lang) })),
    ],
  };
}
