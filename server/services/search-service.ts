// Search as plain functions: checking a parsed query string, and turning an engine result into the
// shape the JSON API and the pages share. Nothing here sees req or res.

import type { AppDeps } from '../app-deps.ts';
import { BadRequestError } from '../errors.ts';
import {
  DEFAULT_LIMIT,
  FACET_FIELDS,
  MAX_LIMIT,
  type FacetField,
  type SearchDocument,
  type SearchFilters,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SearchSort,
} from '../search/engine.ts';

export const SEARCH_PARAM_NAMES = ['q', 'speaker', 'question', 'position', 'kind', 'debate', 'page', 'limit', 'sort', 'format', 'lang'] as const;
export const SEARCH_SORTS: readonly SearchSort[] = ['relevance', 'date-desc', 'date-asc'];
export const FORMATS = ['json', 'csv', 'aif'] as const;
export type Format = (typeof FORMATS)[number];
export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const MAX_PAGE = 10_000;
export const MAX_QUERY_LENGTH = 500;
export const MAX_FILTER_VALUES = 20;
export const MAX_VALUE_LENGTH = 200;
/** A CSV download holds every match, up to this many rows. */
export const MAX_EXPORT_ROWS = 10_000;

export type ParsedSearchParams = SearchQuery & { format?: Format; lang?: Lang };

// C0 controls, DEL and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL_CHAR = /[\u0000-\u001f\u007f-\u009f]/;

/** A query-string value as Express 5's simple parser gives it: a string, or an array when repeated. */
function valuesOf(name: string, raw: unknown): string[] {
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((value) => {
    if (typeof value !== 'string') throw new BadRequestError(`parameter "${name}" must be a plain text value`);
    return value;
  });
}

/** A parameter that may appear once; an empty value counts as absent (an empty form field). */
function single(name: string, raw: unknown): string | undefined {
  const values = valuesOf(name, raw);
  if (values.length > 1) throw new BadRequestError(`parameter "${name}" may be given only once`);
  const value = values[0];
  if (value === undefined || value.trim() === '') return undefined;
  if (HAS_CONTROL_CHAR.test(value)) throw new BadRequestError(`parameter "${name}" contains a control character`);
  if (value.length > MAX_VALUE_LENGTH) throw new BadRequestError(`parameter "${name}" is longer than ${MAX_VALUE_LENGTH} characters`);
  return value.trim();
}

function integer(name: string, raw: unknown, min: number, max: number): number | undefined {
  const value = single(name, raw);
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new BadRequestError(`parameter "${name}" must be a whole number from ${min} to ${max}`);
  const n = Number(value);
  if (n < min || n > max) throw new BadRequestError(`parameter "${name}" must be a whole number from ${min} to ${max}`);
  return n;
}

function oneOf<T extends string>(name: string, raw: unknown, allowed: readonly T[]): T | undefined {
  const value = single(name, raw);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new BadRequestError(`parameter "${name}" must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * Free text: control characters (a pasted tab or line break) become spaces rather than an error,
 * since they carry no meaning in a search; the result is trimmed and at most 500 characters.
 */
export function parseText(name: string, raw: unknown): string {
  const values = valuesOf(name, raw);
  if (values.length > 1) throw new BadRequestError(`parameter "${name}" may be given only once`);
  const text = (values[0] ?? '').replace(CONTROL_CHARS, ' ').trim();
  if (text.length > MAX_QUERY_LENGTH) throw new BadRequestError(`parameter "${name}" is longer than ${MAX_QUERY_LENGTH} characters`);
  return text;
}

/**
 * Values of a repeatable filter: empty values are dropped, duplicates removed; a control
 * character is refused (no id holds one), as is a value over 200 characters or more than 20 values.
 */
export function parseList(name: string, raw: unknown): string[] {
  const values = valuesOf(name, raw);
  if (values.length > MAX_FILTER_VALUES) throw new BadRequestError(`parameter "${name}" may be given at most ${MAX_FILTER_VALUES} times`);
  const kept: string[] = [];
  for (const value of values) {
    if (HAS_CONTROL_CHAR.test(value)) throw new BadRequestError(`parameter "${name}" contains a control character`);
    if (value.length > MAX_VALUE_LENGTH) throw new BadRequestError(`parameter "${name}" is longer than ${MAX_VALUE_LENGTH} characters`);
    const trimmed = value.trim();
    if (trimmed !== '' && !kept.includes(trimmed)) kept.push(trimmed);
  }
  return kept;
}

/** Refuses any parameter not in `allowed`, naming it. A nameless one ("?=x", "?&&") is ignored. */
export function checkParamNames(params: Record<string, unknown>, allowed: readonly string[]): void {
  for (const name of Object.keys(params)) {
    if (name !== '' && !allowed.includes(name)) {
      const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
      throw new BadRequestError(`unknown parameter "${shown.replace(CONTROL_CHARS, '?')}"; allowed: ${allowed.join(', ')}`);
    }
  }
}

export function parseFormat(raw: unknown): Format | undefined {
  return oneOf('format', raw, FORMATS);
}

export function parseLang(raw: unknown): Lang | undefined {
  return oneOf('lang', raw, LANGS);
}

/** Checks a parsed query string (Express 5 `req.query` with the simple parser) into a search query. */
export function parseSearchParams(params: Record<string, unknown>): ParsedSearchParams {
  checkParamNames(params, SEARCH_PARAM_NAMES);
  const filters: SearchFilters = {};
  for (const field of FACET_FIELDS) {
    const values = parseList(field, params[field]);
    if (values.length > 0) filters[field] = values;
  }
  const query: ParsedSearchParams = {
    text: parseText('q', params.q),
    filters,
    facets: FACET_FIELDS,
    page: integer('page', params.page, 1, MAX_PAGE) ?? 1,
    limit: integer('limit', params.limit, 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
    sort: oneOf('sort', params.sort, SEARCH_SORTS) ?? 'relevance',
  };
  const format = parseFormat(params.format);
  if (format) query.format = format;
  const lang = parseLang(params.lang);
  if (lang) query.lang = lang;
  return query;
}

/** One unit in a result list: what the API returns and the pages show. */
export interface UnitHit {
  id: string;
  debate: string;
  speaker: string;
  speakerName: string;
  question: string | null;
  /** Qualified position key, "question:position", as used by filters and facets. */
  position: string | null;
  positionLabel: string | null;
  kind: SearchDocument['kind'];
  /** Markdown, verbatim. */
  text: string;
  /** HTML-safe: escaped text with matches in <mark>. */
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

export function unitUrl(id: string): string {
  return `/u/${encodeURIComponent(id)}`;
}

export function toUnitHit(hit: SearchHit): UnitHit {
  const d = hit.document;
  return {
    id: d.id,
    debate: d.debate,
    speaker: d.speaker,
    speakerName: d.speakerName,
    question: d.question,
    position: d.position,
    positionLabel: d.positionLabel,
    kind: d.kind,
    text: d.text,
    highlight: hit.highlight,
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

function engineQuery(query: SearchQuery): SearchQuery {
  return {
    text: query.text,
    filters: query.filters ?? {},
    facets: query.facets ?? FACET_FIELDS,
    page: query.page ?? 1,
    limit: query.limit ?? DEFAULT_LIMIT,
    sort: query.sort ?? 'relevance',
  };
}

export async function searchUnits(deps: Pick<AppDeps, 'engine'>, query: SearchQuery): Promise<SearchResponse> {
  const asked = engineQuery(query);
  const result = await deps.engine.search(asked);
  return {
    query: asked.text,
    filters: echoFilters(asked.filters),
    sort: asked.sort ?? 'relevance',
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
    const result = await deps.engine.search({ ...engineQuery(query), facets: [], page, limit: MAX_LIMIT });
    hits.push(...result.hits.map(toUnitHit));
    if (result.hits.length < MAX_LIMIT || page * MAX_LIMIT >= result.total) break;
  }
  return hits.slice(0, maxRows);
}

export const UNIT_CSV_HEADER = ['id', 'debate', 'speaker', 'speakerName', 'question', 'position', 'positionLabel', 'kind', 'text', 'url'] as const;

/** A hit as a CSV row in UNIT_CSV_HEADER order; `baseUrl` makes the permalink absolute. */
export function unitCsvRow(hit: UnitHit, baseUrl = ''): (string | null)[] {
  return [hit.id, hit.debate, hit.speaker, hit.speakerName, hit.question, hit.position, hit.positionLabel, hit.kind, hit.text, `${baseUrl}${hit.url}`];
}
