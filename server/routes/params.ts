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
import { CITATION_FORMATS, type CitationFormat } from '../services/citation-formats.ts';
import type { CompareRequest } from '../services/compare-service.ts';
import { DOWNLOAD_FORMATS, type DownloadFormat } from './downloads.ts';

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
    if (typeof value !== 'string') throw new BadRequestError(`parameter "${name}" must be a plain text value`, { key: 'reason.plainText', vars: { name } });
    return value;
  });
}

/** A parameter that may appear once; an empty value counts as absent (an empty form field). */
function single(name: string, raw: unknown): string | undefined {
  const values = valuesOf(name, raw);
  if (values.length > 1) throw new BadRequestError(`parameter "${name}" may be given only once`, { key: 'reason.once', vars: { name } });
  const value = values[0];
  if (value === undefined || value.trim() === '') return undefined;
  if (HAS_CONTROL_CHAR.test(value)) throw new BadRequestError(`parameter "${name}" contains a control character`, { key: 'reason.control', vars: { name } });
  if (value.length > MAX_VALUE_LENGTH) throw new BadRequestError(`parameter "${name}" is longer than ${MAX_VALUE_LENGTH} characters`, { key: 'reason.tooLong', vars: { name, max: MAX_VALUE_LENGTH } });
  return value.trim();
}

function integer(name: string, raw: unknown, min: number, max: number): number | undefined {
  const value = single(name, raw);
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new BadRequestError(`parameter "${name}" must be a whole number from ${min} to ${max}`, { key: 'reason.integer', vars: { name, min, max } });
  const n = Number(value);
  if (n < min || n > max) throw new BadRequestError(`parameter "${name}" must be a whole number from ${min} to ${max}`, { key: 'reason.integer', vars: { name, min, max } });
  return n;
}

function oneOf<T extends string>(name: string, raw: unknown, allowed: readonly T[]): T | undefined {
  const value = single(name, raw);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new BadRequestError(`parameter "${name}" must be one of ${allowed.join(', ')}`, { key: 'reason.oneOf', vars: { name, allowed: allowed.join(', ') } });
  }
  return value as T;
}

/**
 * Free text: control characters (a pasted tab or line break) become spaces rather than an error,
 * since they carry no meaning in a search; the result is trimmed and at most 500 characters.
 */
export function parseText(name: string, raw: unknown): string {
  const values = valuesOf(name, raw);
  if (values.length > 1) throw new BadRequestError(`parameter "${name}" may be given only once`, { key: 'reason.once', vars: { name } });
  const text = (values[0] ?? '').replace(CONTROL_CHARS, ' ').trim();
  if (text.length > MAX_QUERY_LENGTH) throw new BadRequestError(`parameter "${name}" is longer than ${MAX_QUERY_LENGTH} characters`, { key: 'reason.tooLong', vars: { name, max: MAX_QUERY_LENGTH } });
  return text;
}

/**
 * Values of a repeatable filter: empty values are dropped, duplicates removed; a control
 * character is refused (no id holds one), as is a value over 200 characters or more than 20 values.
 */
export function parseList(name: string, raw: unknown): string[] {
  const values = valuesOf(name, raw);
  if (values.length > MAX_FILTER_VALUES) throw new BadRequestError(`parameter "${name}" may be given at most ${MAX_FILTER_VALUES} times`, { key: 'reason.tooMany', vars: { name, max: MAX_FILTER_VALUES } });
  const kept: string[] = [];
  for (const value of values) {
    if (HAS_CONTROL_CHAR.test(value)) throw new BadRequestError(`parameter "${name}" contains a control character`, { key: 'reason.control', vars: { name } });
    if (value.length > MAX_VALUE_LENGTH) throw new BadRequestError(`parameter "${name}" is longer than ${MAX_VALUE_LENGTH} characters`, { key: 'reason.tooLong', vars: { name, max: MAX_VALUE_LENGTH } });
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
      throw new BadRequestError(`unknown parameter "${shown.replace(CONTROL_CHARS, '?')}"; allowed: ${allowed.join(', ')}`, { key: 'reason.unknownParam', vars: { name: shown.replace(CONTROL_CHARS, '?'), allowed: allowed.join(', ') } });
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
  if (questions.length > 1) throw new BadRequestError('parameter "question" may be given only once', { key: 'reason.once', vars: { name: 'question' } });
  const request: CompareParams = { speakers, q: parseText('q', params.q) };
  if (questions[0]) request.question = questions[0];
  const format = parseFormat(params.format);
  if (format) request.format = format;
  const lang = parseLang(params.lang);
  if (lang) request.lang = lang;
  return request;
}

/** The `position` value of a compare cell that holds the units without a position. */
export const NO_POSITION = 'none';
export const COMPARE_PAGE_PARAM_NAMES = [...COMPARE_PARAM_NAMES, 'cell', 'position', 'page'] as const;

/** One cell of a comparison: a compared speaker and a position key (null: units without a position). */
export interface CompareCell {
  speaker: string;
  position: string | null;
}

/**
 * The compare page: the comparison, plus the cell shown on its own (`cell` = a compared speaker,
 * `position` = a position key or "none") and the page (of the cell's quotes, or of the overview's rows).
 */
export function parseComparePageParams(params: RawQuery, mode: ParamMode = 'lenient'): CompareParams & { cell?: CompareCell; page: number } {
  checkParamNames(params, COMPARE_PAGE_PARAM_NAMES, mode);
  const request = parseCompareParams(params, 'lenient');
  const speaker = single('cell', params.cell);
  const position = single('position', params.position);
  const page = integer('page', params.page, 1, MAX_PAGE) ?? 1;
  if (speaker === undefined) {
    if (position !== undefined) throw new BadRequestError('parameter "position" needs "cell" (a compared speaker)', { key: 'reason.needsCell' });
    return { ...request, page };
  }
  if (!request.speakers.includes(speaker)) throw new BadRequestError(`parameter "cell" must be one of the compared speakers`, { key: 'reason.cellSpeaker' });
  if (position === undefined) throw new BadRequestError('parameter "cell" needs "position" (a position key, or "none")', { key: 'reason.cellPosition' });
  return { ...request, cell: { speaker, position: position === NO_POSITION ? null : position }, page };
}

/** The catalog routes (speakers, questions, debates, units) and the browse pages: `lang` only. */
export function parseCatalogParams(params: RawQuery, mode: ParamMode = 'strict'): CatalogParams {
  checkParamNames(params, CATALOG_PARAM_NAMES, mode);
  const lang = parseLang(params.lang);
  return lang ? { lang } : {};
}

/** Parameters of the paged reading pages (a debate, a speaker, a question, a unit's context). */
export const PAGED_PARAM_NAMES = ['lang', 'page'] as const;

/** A debate, speaker or question page: `lang`, and `page` (1 when absent). */
export function parsePagedParams(params: RawQuery, mode: ParamMode = 'strict'): CatalogParams & { page: number } {
  checkParamNames(params, PAGED_PARAM_NAMES, mode);
  const lang = parseLang(params.lang);
  const page = integer('page', params.page, 1, MAX_PAGE) ?? 1;
  return lang ? { lang, page } : { page };
}

/** Parameters of one speaker, question or debate in the API: `lang`, and a page of its units. */
export const ITEM_PARAM_NAMES = ['lang', 'page', 'limit'] as const;
/** Units per page of a speaker, question or debate in the API, by default and at most. */
export const ITEM_DEFAULT_UNITS = 100;
export const ITEM_MAX_UNITS = 500;

export function parseItemParams(params: RawQuery, mode: ParamMode = 'strict'): CatalogParams & { page: number; limit: number } {
  checkParamNames(params, ITEM_PARAM_NAMES, mode);
  const lang = parseLang(params.lang);
  const page = integer('page', params.page, 1, MAX_PAGE) ?? 1;
  const limit = integer('limit', params.limit, 1, ITEM_MAX_UNITS) ?? ITEM_DEFAULT_UNITS;
  return lang ? { lang, page, limit } : { page, limit };
}

/**
 * A download route (`/search/export`, `/questions/:id/export`, `/compare/export`, `…/cite`): its
 * `format` (required, from `allowed`) and the rest of the query, for the view's own parser.
 */
export function splitFormat<F extends string>(params: RawQuery, allowed: readonly F[]): { format: F; rest: RawQuery } {
  const { format: raw, ...rest } = params;
  const format = oneOf('format', raw, allowed);
  if (format === undefined) throw new BadRequestError(`parameter "format" is required: one of ${allowed.join(', ')}`, { key: 'reason.formatRequired', vars: { allowed: allowed.join(', ') } });
  return { format, rest };
}

export function downloadFormat(params: RawQuery): { format: DownloadFormat; rest: RawQuery } {
  return splitFormat(params, DOWNLOAD_FORMATS);
}

export function citationFormat(params: RawQuery): { format: CitationFormat; rest: RawQuery } {
  return splitFormat(params, CITATION_FORMATS);
}

/** `table` of a question's download: its units (default) or its speaker × position counts. */
export function parseQuestionTable(raw: unknown): 'units' | 'matrix' {
  return oneOf('table', raw, ['units', 'matrix'] as const) ?? 'units';
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
  if (typeof value !== 'string' || value === '') throw new BadRequestError(`missing "${name}"`, { key: 'reason.missing', vars: { name } });
  return value;
}

// ---------------------------------------------------------------- key points (issue 23)

/** Parameters of `/api/questions/:id/key-points`. */
export const KEY_POINT_PARAM_NAMES = ['lang', 'page', 'limit', 'point', 'format', 'table'] as const;
export const KEY_POINT_FORMATS = ['json', 'csv'] as const;
export const KEY_POINT_TABLES = ['points', 'units'] as const;
export type KeyPointTable = (typeof KEY_POINT_TABLES)[number];
/** Units listed under each key point by default, and at most. */
export const KEY_POINT_DEFAULT_UNITS = 20;
export const KEY_POINT_MAX_UNITS = 500;
/** The `point` value (and page path) of the units under no key point. */
export const OTHER_POINT = 'other';

export interface KeyPointParams {
  page: number;
  limit: number;
  /** A key point's rank, or 0 for "other" (given as `other`). */
  point?: number;
  /** A download: the key points one a row, or their units one a row. */
  format?: (typeof KEY_POINT_FORMATS)[number];
  table: KeyPointTable;
  lang?: Lang;
}

/** A key point's rank (1 to 30) or `other` (0); undefined when absent. */
export function parseKeyPointRank(name: string, raw: unknown, max: number): number | undefined {
  if (single(name, raw) === OTHER_POINT) return 0;
  return integer(name, raw, 1, max);
}

/** The `:point` of a key point's page: its rank or `other` (0); null for anything else (no such page: a 404). */
export function keyPointPathRank(raw: string): number | null {
  if (raw === OTHER_POINT) return 0;
  return /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : null;
}

/** `table` of a key points download from the page: the key points (default) or their units. */
export function parseKeyPointTable(raw: unknown): KeyPointTable {
  return oneOf('table', raw, KEY_POINT_TABLES) ?? 'points';
}

export function parseKeyPointParams(params: RawQuery, maxPoints: number, mode: ParamMode = 'strict'): KeyPointParams {
  checkParamNames(params, KEY_POINT_PARAM_NAMES, mode);
  const request: KeyPointParams = {
    page: integer('page', params.page, 1, MAX_PAGE) ?? 1,
    limit: integer('limit', params.limit, 1, KEY_POINT_MAX_UNITS) ?? KEY_POINT_DEFAULT_UNITS,
    table: oneOf('table', params.table, KEY_POINT_TABLES) ?? 'points',
  };
  const point = parseKeyPointRank('point', params.point, maxPoints);
  if (point !== undefined) request.point = point;
  const format = oneOf('format', params.format, KEY_POINT_FORMATS);
  if (format) request.format = format;
  if (request.table !== 'points' && !format) throw new BadRequestError('parameter "table" needs "format" (a download)', { key: 'reason.tableNeedsFormat' });
  const lang = parseLang(params.lang);
  if (lang) request.lang = lang;
  return request;
}
