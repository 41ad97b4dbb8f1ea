// The one module that reads query strings. Express 5's simple parser hands every route a raw record
// (a string, or an array of strings when a name is repeated); these functions check it and return
// the typed requests the services take. A bad value is a BadRequestError (400) naming the parameter.
//
// The JSON API is strict: an unknown parameter is a 400, so that a typo ("speakr=") never silently
// widens a result a script relies on. Pages are lenient about names (shared links carry trackers
// such as utm_source, fbclid or gclid) but check the values of the parameters they know.

import { BadRequestError } from '../errors.ts';
import { LANGUAGES, type Lang } from '../i18n.ts';
import { DEFAULT_SIMILAR_LIMIT, FACET_FIELDS, MAX_LIMIT, type SearchFilters, type SearchQuery, type SearchSort } from '../search/engine.ts';
import type { CompareRequest } from '../services/compare-service.ts';

/** A query string as Express 5's simple parser gives it. */
export type RawQuery = Record<string, unknown>;

/** `strict` (the API): unknown parameter names are refused. `lenient` (pages): they are ignored. */
export type ParamMode = 'strict' | 'lenient';

export const SEARCH_PARAM_NAMES = ['q', 'speaker', 'question', 'position', 'kind', 'debate', 'page', 'limit', 'sort', 'format', 'lang'] as const;
export const COMPARE_PARAM_NAMES = ['question', 'speaker', 'speakers', 'q', 'format', 'lang'] as const;
/** Parameters every catalog route accepts (none changes the data; `lang` is for the pages). */
export const CATALOG_PARAM_NAMES = ['lang'] as const;
export const SIMILAR_PARAM_NAMES = ['limit', 'lang'] as const;

export const SEARCH_SORTS: readonly SearchSort[] = ['relevance', 'date-desc', 'date-asc'];
export const FORMATS = ['json', 'csv', 'aif'] as const;
export type Format = (typeof FORMATS)[number];

export const MAX_PAGE = 10_000;
export const MAX_QUERY_LENGTH = 500;
export const MAX_FILTER_VALUES = 20;
export const MAX_VALUE_LENGTH = 200;

/** What a search route asked for: an engine query (defaults not applied: see search/query.ts) and the answer's form. */
export type SearchRequest = SearchQuery & { format?: Format; lang?: Lang };
export type CompareParams = CompareRequest & { format?: Format; lang?: Lang };
export interface CatalogParams {
  lang?: Lang;
}
/** What the similar-units route asked for: how many units (DEFAULT_SIMILAR_LIMIT when absent). */
export interface SimilarParams {
  limit: number;
  lang?: Lang;
}

// C0 controls, DEL and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL_CHAR = /[\u0000-\u001f\u007f-\u009f]/;

/** A query-string value: a string, or an array when repeated. */
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

/** In strict mode, refuses any parameter not in `allowed`, naming it. A nameless one ("?=x", "?&&") is ignored. */
export function checkParamNames(params: RawQuery, allowed: readonly string[], mode: ParamMode = 'strict'): void {
  if (mode === 'lenient') return;
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
  return oneOf('lang', raw, LANGUAGES);
}

/** A search (API /api/search, pages / and /search). Page, limit and sort stay absent when not given. */
export function parseSearchParams(params: RawQuery, mode: ParamMode = 'strict'): SearchRequest {
  checkParamNames(params, SEARCH_PARAM_NAMES, mode);
  const filters: SearchFilters = {};
  for (const field of FACET_FIELDS) {
    const values = parseList(field, params[field]);
    if (values.length > 0) filters[field] = values;
  }
  const request: SearchRequest = { text: parseText('q', params.q), filters, facets: FACET_FIELDS };
  const page = integer('page', params.page, 1, MAX_PAGE);
  if (page !== undefined) request.page = page;
  const limit = integer('limit', params.limit, 1, MAX_LIMIT);
  if (limit !== undefined) request.limit = limit;
  const sort = oneOf('sort', params.sort, SEARCH_SORTS);
  if (sort !== undefined) request.sort = sort;
  const format = parseFormat(params.format);
  if (format) request.format = format;
  const lang = parseLang(params.lang);
  if (lang) request.lang = lang;
  return request;
}

/**
 * A comparison. Speakers come as a repeated `speaker` (a multiple select) and/or a
 * comma-separated `speakers`.
 */
export function parseCompareParams(params: RawQuery, mode: ParamMode = 'strict'): CompareParams {
  checkParamNames(params, COMPARE_PARAM_NAMES, mode);
  const fromList = parseList('speakers', params.speakers).flatMap((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
  const speakers = [...new Set([...parseList('speaker', params.speaker), ...fromList])];
  const questions = parseList('question', params.question);
  if (questions.length > 1) throw new BadRequestError('parameter "question" may be given only once');
  const request: CompareParams = { speakers, q: parseText('q', params.q) };
  if (questions[0]) request.question = questions[0];
  const format = parseFormat(params.format);
  if (format) request.format = format;
  const lang = parseLang(params.lang);
  if (lang) request.lang = lang;
  return request;
}

/** The catalog routes (speakers, questions, debates, units) and the browse pages: `lang` only. */
export function parseCatalogParams(params: RawQuery, mode: ParamMode = 'strict'): CatalogParams {
  checkParamNames(params, CATALOG_PARAM_NAMES, mode);
  const lang = parseLang(params.lang);
  return lang ? { lang } : {};
}

/** The similar-units route: `limit` (1 to MAX_LIMIT) and `lang`. */
export function parseSimilarParams(params: RawQuery, mode: ParamMode = 'strict'): SimilarParams {
  checkParamNames(params, SIMILAR_PARAM_NAMES, mode);
  const request: SimilarParams = { limit: integer('limit', params.limit, 1, MAX_LIMIT) ?? DEFAULT_SIMILAR_LIMIT };
  const lang = parseLang(params.lang);
  if (lang) request.lang = lang;
  return request;
}

/** A route parameter (`:id`, `:slug`) Express matched: never empty. */
export function pathParam(params: Record<string, string | string[] | undefined>, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value === '') throw new BadRequestError(`missing "${name}"`);
  return value;
}
