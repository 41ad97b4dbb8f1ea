// The JSON API as a table (issue 24): for each route its method, path, operation id, summary, the
// zod schemas of its path and query parameters (params.ts) and its responses. api.ts registers
// its handlers from this table (one handler per operation id, the compiler checks none is
// missing), and openapi.ts writes /api/openapi.json from it: a route, a parameter or a limit is
// written once, here and in params.ts. A new route is a row here and a handler in api.ts.

import { z } from 'zod';
import { MAX_COMPARED, MIN_COMPARED } from '../services/compare-service.ts';
import { CATALOG_QUERY, COMPARE_QUERY, ITEM_QUERY, KEY_POINT_QUERY, SEARCH_QUERY, SIMILAR_QUERY } from './params.ts';
import type { QuerySchema } from './query-schema.ts';

/** An OpenAPI response object (its schema refers to openapi.ts's components by `ref`). */
export type ApiResponse = { description: string; content?: Record<string, { schema: object }> };

export interface ApiRoute {
  operationId: string;
  method: 'get';
  /** The path as Express writes it (`/api/speakers/:id`); openapi.ts writes `{id}`. */
  path: string;
  summary: string;
  /** Path parameters: each a string, never empty (pathParam). */
  params?: QuerySchema;
  /** Query parameters; absent when the route takes none (it still refuses unknown ones, or ignores them: /healthz). */
  query?: QuerySchema;
  responses: Record<number, ApiResponse>;
}

export const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });
const arrayOf = (items: object): object => ({ type: 'array', items });
export const json = (schema: object, description: string): ApiResponse => ({ description, content: { 'application/json': { schema } } });
const jsonOrCsv = (schema: object, description: string): ApiResponse => ({ description, content: { 'application/json': { schema }, 'text/csv': { schema: { type: 'string' } } } });
const errorResponse = (description: string): ApiResponse => json(ref('Error'), description);

const notFound = errorResponse('Unknown id.');
const badRequest = errorResponse('A parameter is malformed or unknown; the message names it.');
const unavailable = errorResponse('The search engine cannot answer now (Retry-After is set).');

const pathId = (name: string, description: string): QuerySchema => z.object({ [name]: z.string().min(1).meta({ description }) });

export const API_ROUTES = [
  {
    operationId: 'search',
    method: 'get',
    path: '/api/search',
    summary: 'Full-text search over units, with filters and facet counts.',
    query: SEARCH_QUERY,
    responses: { 200: jsonOrCsv(ref('SearchResponse'), 'One page of hits and the facet counts over the whole result.'), 400: badRequest, 503: unavailable },
  },
  {
    operationId: 'compare',
    method: 'get',
    path: '/api/compare',
    summary: `What ${MIN_COMPARED} to ${MAX_COMPARED} speakers said, side by side, grouped by position (a unit with several codes appears under each).`,
    query: COMPARE_QUERY,
    responses: { 200: jsonOrCsv(ref('CompareResponse'), 'One column per speaker.'), 400: badRequest, 404: errorResponse('Unknown speaker or question.'), 503: unavailable },
  },
  { operationId: 'listSpeakers', method: 'get', path: '/api/speakers', summary: 'Every speaker, by name.', query: CATALOG_QUERY, responses: { 200: json(arrayOf(ref('SpeakerSummary')), 'The speakers.'), 400: badRequest } },
  {
    operationId: 'getSpeaker',
    method: 'get',
    path: '/api/speakers/:id',
    summary: 'A speaker, their debates, positions per question and units.',
    params: pathId('id', 'Speaker id.'),
    query: ITEM_QUERY,
    responses: { 200: json(ref('SpeakerDetail'), 'The speaker.'), 400: badRequest, 404: notFound },
  },
  { operationId: 'listQuestions', method: 'get', path: '/api/questions', summary: 'Every question with its positions and counts.', query: CATALOG_QUERY, responses: { 200: json(arrayOf(ref('QuestionSummary')), 'The questions.'), 400: badRequest } },
  {
    operationId: 'getQuestion',
    method: 'get',
    path: '/api/questions/:id',
    summary: 'A question, its speaker × position matrix and its units grouped by position.',
    params: pathId('id', 'Question id.'),
    query: ITEM_QUERY,
    responses: { 200: json(ref('QuestionDetail'), 'The question.'), 400: badRequest, 404: notFound },
  },
  {
    operationId: 'questionKeyPoints',
    method: 'get',
    path: '/api/questions/:id/key-points',
    summary: "The key points a question's units come down to (issue 23), each labelled by the text of one of its units, with counts by speaker and position; units under none are listed as other.",
    params: pathId('id', 'Question id.'),
    query: KEY_POINT_QUERY,
    responses: { 200: json({ type: 'object' }, 'The key points, or the download.'), 400: badRequest, 404: notFound },
  },
  { operationId: 'listDebates', method: 'get', path: '/api/debates', summary: 'Every debate, newest first.', query: CATALOG_QUERY, responses: { 200: json(arrayOf(ref('DebateSummary')), 'The debates.'), 400: badRequest } },
  {
    operationId: 'getDebate',
    method: 'get',
    path: '/api/debates/:slug',
    summary: 'A debate: metadata, Markdown summary, units in order with their replies and relations.',
    params: pathId('slug', 'Debate slug.'),
    query: ITEM_QUERY,
    responses: { 200: json(ref('DebateDetail'), 'The debate.'), 400: badRequest, 404: notFound },
  },
  {
    operationId: 'getUnit',
    method: 'get',
    path: '/api/units/:id',
    summary: 'One unit with the unit it answers, its replies, continuations, relations both ways and a citation.',
    params: pathId('id', 'Unit id.'),
    query: CATALOG_QUERY,
    responses: { 200: json(ref('UnitDetail'), 'The unit.'), 400: badRequest, 404: notFound },
  },
  {
    operationId: 'similarUnits',
    method: 'get',
    path: '/api/units/:id/similar',
    summary: 'Units elsewhere in the corpus that make the same point as this one, best first, other debates and speakers first; never the unit itself.',
    params: pathId('id', 'Unit id.'),
    query: SIMILAR_QUERY,
    responses: { 200: json(ref('SimilarResponse'), 'The similar units.'), 400: badRequest, 404: notFound },
  },
  { operationId: 'openapi', method: 'get', path: '/api/openapi.json', summary: 'This document.', query: CATALOG_QUERY, responses: { 200: json({ type: 'object' }, 'OpenAPI 3.1 document.'), 400: badRequest } },
  // Served by app.ts (before the admission queue), listed here so that the document names it.
  {
    operationId: 'health',
    method: 'get',
    path: '/healthz',
    summary: 'Whether the search engine answers.',
    responses: { 200: json(ref('Health'), 'The engine answers.'), 503: json(ref('Health'), 'The engine does not answer.') },
  },
] as const satisfies readonly ApiRoute[];

export type ApiOperation = (typeof API_ROUTES)[number]['operationId'];
