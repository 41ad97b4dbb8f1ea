// The one module that reads query strings. Express 5's simple parser hands every route a raw record
// (a string, or an array of strings when a name is repeated); each route's parameters are one zod
// schema below (its building blocks in query-schema.ts), and the functions here read a raw record
// against it and return the typed requests the services take. A bad value is a BadRequestError
// (400) naming the parameter. The same schemas are what /api/openapi.json lists (openapi.ts, from
// the route table of api-routes.ts): the document and the checks cannot drift apart (issue 24).
//
// The JSON API is strict: an unknown parameter is a 400, so that a typo ("speakr=") never silently
// widens a result a script relies on. Pages are lenient about names (shared links carry trackers
// such as utm_source, fbclid or gclid) but check the values of the parameters they know.

import { z } from 'zod';
import { BadRequestError } from '../errors.ts';
import { LANGUAGES, type Lang } from '../i18n.ts';
import { DEFAULT_LIMIT, DEFAULT_SIMILAR_LIMIT, FACET_FIELDS, MAX_LIMIT, type SearchFilters, type SearchQuery, type SearchSort } from '../search/engine.ts';
import { UNIT_KINDS } from '../corpus/model.ts';
import { DEFAULT_PAGE, DEFAULT_SORT } from '../search/query.ts';
import { CITATION_FORMATS, type CitationFormat } from '../services/citation-formats.ts';
import type { CompareRequest } from '../services/compare-service.ts';
import { MAX_KEY_POINTS } from '../services/key-points-service.ts';
import { MAX_EXPORT_ROWS } from '../services/search-service.ts';
import { DOWNLOAD_FORMATS, type DownloadFormat } from './downloads.ts';
import {
  MAX_FILTER_VALUES,
  MAX_VALUE_LENGTH,
  checkParamNames,
  enumParam,
  enumParamOr,
  idParam,
  integerParam,
  integerParamOr,
  listParam,
  onceListParam,
  paramNames,
  parseQuery,
  parseValue,
  rankOrWordParam,
  textParam,
  type ParamMode,
  type RawQuery,
} from './query-schema.ts';

export { MAX_FILTER_VALUES, MAX_VALUE_LENGTH, checkParamNames, type ParamMode, type RawQuery };

export const SEARCH_SORTS = ['relevance', 'date-desc', 'date-asc'] as const satisfies readonly SearchSort[];
export const FORMATS = ['json', 'csv', 'aif'] as const;
export type Format = (typeof FORMATS)[number];

export const MAX_PAGE = 10_000;
export const MAX_QUERY_LENGTH = 500;
/** Units per page of a speaker, question or debate in the API, by default and at most. */
export const ITEM_DEFAULT_UNITS = 100;
export const ITEM_MAX_UNITS = 500;

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

// ---------------------------------------------------------------- the parameters, described once

const describe = <S extends z.ZodType>(schema: S, description: string): S => schema.meta({ description });

const langParam = () => describe(enumParam(LANGUAGES), 'Interface language of the pages; ignored by the API.');
const formatParam = (what: string) =>
  enumParam(FORMATS).meta({ description: `json (default), csv, or aif (the matching units as an AIF argument map, for OVA or AIFdb): ${what}`, default: 'json' });
const filterParam = (description: string) =>
  describe(listParam(), `${description} Repeat the parameter for several values (OR-ed); different fields are AND-ed. At most ${MAX_FILTER_VALUES} values of ${MAX_VALUE_LENGTH} characters.`);
/** One speaker, question or debate answers a page of its units, never all of them. */
const unitPageParams = () => ({
  page: describe(integerParamOr(1, MAX_PAGE, 1), 'Page of the units (past the last page: no units).'),
  limit: describe(integerParamOr(1, ITEM_MAX_UNITS, ITEM_DEFAULT_UNITS), 'Units per page.'),
});

/** `/api/search`, and the search pages (`/`, `/search`). Page, limit and sort stay absent when not given: search/query.ts applies the defaults. */
export const SEARCH_QUERY = z.object({
  q: describe(textParam(MAX_QUERY_LENGTH), `Free text, at most ${MAX_QUERY_LENGTH} characters; control characters become spaces. Empty lists units in corpus order.`),
  speaker: filterParam('Speaker id.'),
  question: filterParam('Question id: a unit with several codes matches any of its questions.'),
  position: filterParam('Qualified position key "question:position": a unit with several codes matches any of its positions.'),
  kind: filterParam(`Unit kind: ${UNIT_KINDS.join(', ')}.`),
  debate: filterParam('Debate slug.'),
  // The defaults are the engine's (search/query.ts), written into the document as such.
  page: integerParam(1, MAX_PAGE).meta({ description: '1-based page.', default: DEFAULT_PAGE }),
  limit: integerParam(1, MAX_LIMIT).meta({ description: 'Hits per page.', default: DEFAULT_LIMIT }),
  sort: enumParam(SEARCH_SORTS).meta({ description: 'Order of the hits.', default: DEFAULT_SORT }),
  format: formatParam(
    `csv downloads every match (page and limit ignored, at most ${MAX_EXPORT_ROWS} rows, whole texts, streamed) with the columns id, debate, speaker, speakerName, question, position, positionLabel, kind, text, url, codes (question and position are the first code; codes lists every one, "question:position" or "question", separated by "; "). Headers say where it stops: X-Total-Count and X-Export-Total (units matched), X-Export-Limit, X-Export-Truncated (true when rows were left out); a file that stops short ends with a row saying so ("# stopped at …").`,
  ),
  lang: langParam(),
});

/** `/api/compare` and the compare page. Speakers come as a repeated `speaker` (a multiple select) and/or a comma-separated `speakers`. */
export const COMPARE_QUERY = z.object({
  question: describe(onceListParam(), 'Question id: every one of its positions appears in every column, empty when not taken.'),
  speaker: describe(listParam(), 'Speaker id; repeat it for each speaker.'),
  speakers: describe(listParam(), 'Speaker ids, comma-separated (alternative to speaker).'),
  q: describe(textParam(MAX_QUERY_LENGTH), 'Free text restricting the units.'),
  format: formatParam('csv gives one row per unit, and one row without unit for a position a speaker did not take.'),
  lang: langParam(),
});

/** The catalog lists and one unit (API), the browse pages: `lang` only (it changes no data). */
export const CATALOG_QUERY = z.object({ lang: langParam() });

/** One speaker, question or debate in the API: `lang`, and a page of its units. */
export const ITEM_QUERY = z.object({ lang: langParam(), ...unitPageParams() });

/** The paged reading pages (a debate, a speaker, a question, a unit's context): `lang`, and `page` (1 when absent). */
export const PAGED_QUERY = z.object({ lang: langParam(), page: describe(integerParamOr(1, MAX_PAGE, 1), 'Page.') });

/** `/api/units/:id/similar`: `limit` (1 to MAX_LIMIT) and `lang`. */
export const SIMILAR_QUERY = z.object({
  limit: describe(integerParamOr(1, MAX_LIMIT, DEFAULT_SIMILAR_LIMIT), 'Units listed.'),
  lang: langParam(),
});

/** The names each route knows, in order (the strict API's 400 lists them). */
export const SEARCH_PARAM_NAMES = paramNames(SEARCH_QUERY);
export const COMPARE_PARAM_NAMES = paramNames(COMPARE_QUERY);
export const CATALOG_PARAM_NAMES = paramNames(CATALOG_QUERY);
export const ITEM_PARAM_NAMES = paramNames(ITEM_QUERY);
export const PAGED_PARAM_NAMES = paramNames(PAGED_QUERY);
export const SIMILAR_PARAM_NAMES = paramNames(SIMILAR_QUERY);

// ---------------------------------------------------------------- typed requests

// Built once: a zod schema costs far more to make than to run.
const FORMAT_VALUE = enumParam(FORMATS);
const LANG_VALUE = enumParam(LANGUAGES);
const QUESTION_TABLE_VALUE = enumParamOr(['units', 'matrix'], 'units');
const DOWNLOAD_FORMAT_VALUE = enumParam(DOWNLOAD_FORMATS);
const CITATION_FORMAT_VALUE = enumParam(CITATION_FORMATS);

export function parseFormat(raw: unknown): Format | undefined {
  return parseValue('format', FORMAT_VALUE, raw);
}

export function parseLang(raw: unknown): Lang | undefined {
  return parseValue('lang', LANG_VALUE, raw);
}

/** A search (API /api/search, pages / and /search). Page, limit and sort stay absent when not given. */
export function parseSearchParams(params: RawQuery, mode: ParamMode = 'strict'): SearchRequest {
  const { q, page, limit, sort, format, lang, ...lists } = parseQuery(SEARCH_QUERY, params, mode);
  const filters: SearchFilters = {};
  for (const field of FACET_FIELDS) if (lists[field].length > 0) filters[field] = lists[field];
  const request: SearchRequest = { text: q, filters, facets: FACET_FIELDS };
  if (page !== undefined) request.page = page;
  if (limit !== undefined) request.limit = limit;
  if (sort !== undefined) request.sort = sort;
  if (format) request.format = format;
  if (lang) request.lang = lang;
  return request;
}

/** A comparison: the speakers of `speaker` and `speakers` merged, without repeats. */
export function parseCompareParams(params: RawQuery, mode: ParamMode = 'strict'): CompareParams {
  const query = parseQuery(COMPARE_QUERY, params, mode);
  const fromList = query.speakers.flatMap((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
  const request: CompareParams = { speakers: [...new Set([...query.speaker, ...fromList])], q: query.q };
  if (query.question) request.question = query.question;
  if (query.format) request.format = query.format;
  if (query.lang) request.lang = query.lang;
  return request;
}

/** The `position` value of a compare cell that holds the units without a position. */
export const NO_POSITION = 'none';

/** The compare page: the comparison, the cell shown on its own and the page. */
export const COMPARE_PAGE_QUERY = COMPARE_QUERY.extend({
  cell: describe(idParam(), 'A compared speaker: their quotes under one position, on their own pages.'),
  position: describe(idParam(), `With cell: a position key, or "${NO_POSITION}".`),
  page: describe(integerParamOr(1, MAX_PAGE, 1), "Page of the cell's quotes, or of the overview's rows."),
});
export const COMPARE_PAGE_PARAM_NAMES = paramNames(COMPARE_PAGE_QUERY);

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
  const { cell: speaker, position, page } = parseQuery(COMPARE_PAGE_QUERY.pick({ cell: true, position: true, page: true }), params, 'lenient');
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
  const { lang } = parseQuery(CATALOG_QUERY, params, mode);
  return lang ? { lang } : {};
}

/** A debate, speaker or question page: `lang`, and `page` (1 when absent). */
export function parsePagedParams(params: RawQuery, mode: ParamMode = 'strict'): CatalogParams & { page: number } {
  const { lang, page } = parseQuery(PAGED_QUERY, params, mode);
  return lang ? { lang, page } : { page };
}

export function parseItemParams(params: RawQuery, mode: ParamMode = 'strict'): CatalogParams & { page: number; limit: number } {
  const { lang, page, limit } = parseQuery(ITEM_QUERY, params, mode);
  return lang ? { lang, page, limit } : { page, limit };
}

/**
 * A download route (`/search/export`, `/questions/:id/export`, `/compare/export`, `…/cite`): its
 * `format` (required, from `allowed`) and the rest of the query, for the view's own parser.
 */
export function splitFormat<const F extends readonly [string, ...string[]]>(params: RawQuery, allowed: F, schema: z.ZodType<F[number] | undefined> = enumParam(allowed)): { format: F[number]; rest: RawQuery } {
  const { format: raw, ...rest } = params;
  const format = parseValue('format', schema, raw);
  if (format === undefined) throw new BadRequestError(`parameter "format" is required: one of ${allowed.join(', ')}`, { key: 'reason.formatRequired', vars: { allowed: allowed.join(', ') } });
  return { format, rest };
}

export function downloadFormat(params: RawQuery): { format: DownloadFormat; rest: RawQuery } {
  return splitFormat(params, DOWNLOAD_FORMATS, DOWNLOAD_FORMAT_VALUE);
}

export function citationFormat(params: RawQuery): { format: CitationFormat; rest: RawQuery } {
  return splitFormat(params, CITATION_FORMATS, CITATION_FORMAT_VALUE);
}

/** `table` of a question's download: its units (default) or its speaker × position counts. */
export function parseQuestionTable(raw: unknown): 'units' | 'matrix' {
  return parseValue('table', QUESTION_TABLE_VALUE, raw);
}

/** The similar-units route: `limit` (1 to MAX_LIMIT) and `lang`. */
export function parseSimilarParams(params: RawQuery, mode: ParamMode = 'strict'): SimilarParams {
  const { limit, lang } = parseQuery(SIMILAR_QUERY, params, mode);
  return lang ? { limit, lang } : { limit };
}

/** A route parameter (`:id`, `:slug`) Express matched: never empty. */
export function pathParam(params: Record<string, string | string[] | undefined>, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value === '') throw new BadRequestError(`missing "${name}"`, { key: 'reason.missing', vars: { name } });
  return value;
}

// ---------------------------------------------------------------- key points (issue 23)

export const KEY_POINT_FORMATS = ['json', 'csv'] as const;
export const KEY_POINT_TABLES = ['points', 'units'] as const;
export type KeyPointTable = (typeof KEY_POINT_TABLES)[number];
/** Units listed under each key point by default, and at most. */
export const KEY_POINT_DEFAULT_UNITS = 20;
export const KEY_POINT_MAX_UNITS = 500;
/** The `point` value (and page path) of the units under no key point. */
export const OTHER_POINT = 'other';

const KEY_POINT_RANK = rankOrWordParam(MAX_KEY_POINTS, OTHER_POINT);

const KEY_POINT_TABLE_VALUE = enumParamOr(KEY_POINT_TABLES, 'points');

/** `/api/questions/:id/key-points`. */
export const KEY_POINT_QUERY = z.object({
  lang: langParam(),
  page: describe(integerParamOr(1, MAX_PAGE, 1), 'Page of units under each key point.'),
  limit: describe(integerParamOr(1, KEY_POINT_MAX_UNITS, KEY_POINT_DEFAULT_UNITS), 'Units listed under each key point.'),
  point: describe(KEY_POINT_RANK, `Only this key point (its rank, 1 to ${MAX_KEY_POINTS}) or "${OTHER_POINT}".`),
  format: describe(enumParam(KEY_POINT_FORMATS), 'A download instead of the paged answer.'),
  table: describe(KEY_POINT_TABLE_VALUE, 'With format: one row per key point (points) or per unit (units).'),
});
/** Parameters of `/api/questions/:id/key-points`. */
export const KEY_POINT_PARAM_NAMES = paramNames(KEY_POINT_QUERY);

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

/** A key point's rank (1 to `max`) or `other` (0); undefined when absent. */
export function parseKeyPointRank(name: string, raw: unknown, max: number = MAX_KEY_POINTS): number | undefined {
  const rank = parseValue(name, max === MAX_KEY_POINTS ? KEY_POINT_RANK : rankOrWordParam(max, OTHER_POINT), raw);
  return rank === OTHER_POINT ? 0 : rank;
}

/** The `:point` of a key point's page: its rank or `other` (0); null for anything else (no such page: a 404). */
export function keyPointPathRank(raw: string): number | null {
  if (raw === OTHER_POINT) return 0;
  return /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : null;
}

/** `table` of a key points download from the page: the key points (default) or their units. */
export function parseKeyPointTable(raw: unknown): KeyPointTable {
  return parseValue('table', KEY_POINT_TABLE_VALUE, raw);
}

/** The key points of a question; a `point` above `maxPoints` (the most a question has) is refused. */
export function parseKeyPointParams(params: RawQuery, maxPoints: number = MAX_KEY_POINTS, mode: ParamMode = 'strict'): KeyPointParams {
  const schema = maxPoints === MAX_KEY_POINTS ? KEY_POINT_QUERY : KEY_POINT_QUERY.extend({ point: rankOrWordParam(maxPoints, OTHER_POINT) });
  const { page, limit, table, point, format, lang } = parseQuery(schema, params, mode);
  const request: KeyPointParams = { page, limit, table };
  if (point !== undefined) request.point = point === OTHER_POINT ? 0 : point;
  if (format) request.format = format;
  if (request.table !== 'points' && !format) throw new BadRequestError('parameter "table" needs "format" (a download)', { key: 'reason.tableNeedsFormat' });
  if (lang) request.lang = lang;
  return request;
}
