// The API described as data (OpenAPI 3.1), served at /api/openapi.json. A test checks that every
// path here answers and that every API route is listed.

import { DEFAULT_FACET_VALUES, DEFAULT_LIMIT, DEFAULT_SIMILAR_LIMIT, FACET_FIELDS, MAX_LIMIT } from '../search/engine.ts';
import { MEDIA, UNIT_KINDS } from '../corpus/model.ts';
import { ITEM_DEFAULT_UNITS, ITEM_MAX_UNITS, MAX_FILTER_VALUES, MAX_PAGE, MAX_QUERY_LENGTH, MAX_VALUE_LENGTH, SEARCH_SORTS } from './params.ts';
import { MAX_COMPARED, MIN_COMPARED } from '../services/compare-service.ts';
import { MAX_EXPORT_ROWS, MAX_HIT_TEXT } from '../services/search-service.ts';
import { DEFAULT_PAGE, DEFAULT_SORT } from '../search/query.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string) => ({ type: [type, 'null'] });
const str = { type: 'string' };
const int = { type: 'integer', minimum: 0 };
const arrayOf = (items: object) => ({ type: 'array', items });
const object = (properties: Record<string, object>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const errorResponse = (description: string) => json(ref('Error'), description);

const filterParameter = (name: string, description: string) => ({
  name,
  in: 'query',
  description: `${description} Repeat the parameter for several values (OR-ed); different fields are AND-ed. At most ${MAX_FILTER_VALUES} values of ${MAX_VALUE_LENGTH} characters.`,
  schema: arrayOf({ type: 'string', maxLength: MAX_VALUE_LENGTH }),
  style: 'form',
  explode: true,
});
const langParameter = { name: 'lang', in: 'query', description: 'Interface language of the pages; ignored by the API.', schema: { type: 'string', enum: ['fr', 'en'] } };
const formatParameter = (what: string) => ({
  name: 'format',
  in: 'query',
  description: `json (default), csv, or aif (the matching units as an AIF argument map, for OVA or AIFdb): ${what}`,
  schema: { type: 'string', enum: ['json', 'csv', 'aif'], default: 'json' },
});
const pathId = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: str });
/** One speaker, question or debate answers a page of its units, never all of them. */
const unitPageParameters = [
  { name: 'page', in: 'query', description: 'Page of the units (past the last page: no units).', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 } },
  { name: 'limit', in: 'query', description: 'Units per page.', schema: { type: 'integer', minimum: 1, maximum: ITEM_MAX_UNITS, default: ITEM_DEFAULT_UNITS } },
];
const unitsPage = {
  ...object({ page: int, limit: int, total: int, pages: int }),
  description: 'Which page of the units this answer holds: `total` units in all (a question counts a unit once per position it is listed under), `pages` pages of `limit`.',
};

const notFound = errorResponse('Unknown id.');
const badRequest = errorResponse('A parameter is malformed or unknown; the message names it.');
const unavailable = errorResponse('The search engine cannot answer now (Retry-After is set).');

const unitKind = { type: 'string', enum: [...UNIT_KINDS] };

const unitCode = object({
  question: str,
  position: { ...nullable('string'), description: 'Qualified position key "question:position"; null for a code on the question alone.' },
  positionLabel: nullable('string'),
});

const unitHit = object({
  id: str,
  debate: str,
  speaker: str,
  speakerName: str,
  question: { ...nullable('string'), description: "The first code's question (codes lists them all)." },
  position: { ...nullable('string'), description: 'The first code\'s qualified position key "question:position", as filters and facets use it.' },
  positionLabel: nullable('string'),
  codes: {
    ...arrayOf(unitCode),
    description: 'Every code of the unit (question and position), in the order written. A filter on any of them finds the unit; facets count it once under each.',
  },
  kind: unitKind,
  text: { type: 'string', description: `Markdown from the source, cropped to ${MAX_HIT_TEXT} characters ("…" at the cut); the whole text is on /api/units/{id}.` },
  textTruncated: { type: 'boolean', description: 'True when text was cropped.' },
  highlight: { type: 'string', description: 'The text HTML-escaped, matched words in <mark>.' },
  url: { type: 'string', description: 'Permalink path, /u/<id>.' },
  debateTitle: str,
  date: { type: 'string', description: 'YYYY, YYYY-MM or YYYY-MM-DD.' },
});

const unitRef = object({ id: str, speaker: str, speakerName: str, debate: str, debateTitle: str, kind: unitKind, excerpt: str, url: str });

const unitViewProperties = {
  id: str,
  debate: str,
  debateTitle: str,
  date: str,
  speaker: str,
  speakerName: str,
  question: { ...nullable('string'), description: "The first code's question (codes lists them all)." },
  position: nullable('string'),
  positionLabel: nullable('string'),
  positionLabelEn: nullable('string'),
  codes: arrayOf(
    object({
      question: str,
      questionTitle: str,
      questionTitleEn: str,
      position: { ...nullable('string'), description: 'Qualified position key; null for a code on the question alone.' },
      positionLabel: nullable('string'),
      positionLabelEn: nullable('string'),
    }),
  ),
  kind: unitKind,
  text: str,
  timecode: nullable('string'),
  order: int,
  url: str,
};
const unitView = object({
  ...unitViewProperties,
  replyTo: nullable('string'),
  continues: nullable('string'),
  replies: arrayOf(str),
  relations: arrayOf(object({ type: { type: 'string', enum: ['supports', 'attacks'] }, target: str })),
});

const facetCounts = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  description: `Exact counts over the whole result set; at most ${DEFAULT_FACET_VALUES} values per field, the most frequent, plus any value the search filters on.`,
};
const positionCount = object({ key: str, id: str, label: str, labelEn: nullable('string'), description: str, descriptionEn: nullable('string'), count: int });
const questionRef = object({ id: str, title: str, titleEn: str });
const debateSummary = object({ slug: str, title: str, date: str, medium: { type: 'string', enum: [...MEDIA] }, language: str, units: int });
const questionSummary = object({ id: str, title: str, titleEn: str, description: str, descriptionEn: nullable('string'), positions: arrayOf(positionCount), units: int, speakers: int });

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Contrepoint API',
    version: '1.0.0',
    description:
      'Read-only access to a corpus of debates: argument units by speaker, question and position. Every error answers ' +
      '{"error": {"code", "message"}} with the matching status. Unknown query parameters are refused with 400 ' +
      '(the API is strict so that a misspelt filter never widens a result silently; the HTML pages, by contrast, ignore ' +
      'parameters they do not know, such as utm_source, fbclid or gclid on shared links). Absolute permalinks (citation, ' +
      'CSV url column) use the server\'s configured public base URL, never the request\'s Host header. Answers carry ' +
      'Cache-Control: no-cache (revalidate with the ETag); /healthz is no-store.',
  },
  servers: [{ url: '/' }],
  paths: {
    '/api/search': {
      get: {
        operationId: 'search',
        summary: 'Full-text search over units, with filters and facet counts.',
        parameters: [
          { name: 'q', in: 'query', description: `Free text, at most ${MAX_QUERY_LENGTH} characters; control characters become spaces. Empty lists units in corpus order.`, schema: { type: 'string', maxLength: MAX_QUERY_LENGTH } },
          filterParameter('speaker', 'Speaker id.'),
          filterParameter('question', 'Question id: a unit with several codes matches any of its questions.'),
          filterParameter('position', 'Qualified position key "question:position": a unit with several codes matches any of its positions.'),
          filterParameter('kind', `Unit kind: ${UNIT_KINDS.join(', ')}.`),
          filterParameter('debate', 'Debate slug.'),
          { name: 'page', in: 'query', description: '1-based page.', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE } },
          { name: 'limit', in: 'query', description: 'Hits per page.', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } },
          { name: 'sort', in: 'query', schema: { type: 'string', enum: [...SEARCH_SORTS], default: DEFAULT_SORT } },
          formatParameter(`csv downloads every match (page and limit ignored, at most ${MAX_EXPORT_ROWS} rows, whole texts, streamed) with the columns id, debate, speaker, speakerName, question, position, positionLabel, kind, text, url, codes (question and position are the first code; codes lists every one, "question:position" or "question", separated by "; "). Headers say where it stops: X-Total-Count and X-Export-Total (units matched), X-Export-Limit, X-Export-Truncated (true when rows were left out); a file that stops short ends with a row saying so ("# stopped at …").`),
          langParameter,
        ],
        responses: {
          200: {
            description: 'One page of hits and the facet counts over the whole result.',
            content: { 'application/json': { schema: ref('SearchResponse') }, 'text/csv': { schema: str } },
          },
          400: badRequest,
          503: unavailable,
        },
      },
    },
    '/api/compare': {
      get: {
        operationId: 'compare',
        summary: `What ${MIN_COMPARED} to ${MAX_COMPARED} speakers said, side by side, grouped by position (a unit with several codes appears under each).`,
        parameters: [
          { name: 'speaker', in: 'query', required: false, description: 'Speaker id; repeat it for each speaker.', schema: arrayOf(str), style: 'form', explode: true },
          { name: 'speakers', in: 'query', description: 'Speaker ids, comma-separated (alternative to speaker).', schema: str },
          { name: 'question', in: 'query', description: 'Question id: every one of its positions appears in every column, empty when not taken.', schema: str },
          { name: 'q', in: 'query', description: 'Free text restricting the units.', schema: { type: 'string', maxLength: MAX_QUERY_LENGTH } },
          formatParameter('csv gives one row per unit, and one row without unit for a position a speaker did not take.'),
          langParameter,
        ],
        responses: {
          200: { description: 'One column per speaker.', content: { 'application/json': { schema: ref('CompareResponse') }, 'text/csv': { schema: str } } },
          400: badRequest,
          404: errorResponse('Unknown speaker or question.'),
          503: unavailable,
        },
      },
    },
    '/api/speakers': {
      get: { operationId: 'listSpeakers', summary: 'Every speaker, by name.', parameters: [langParameter], responses: { 200: json(arrayOf(ref('SpeakerSummary')), 'The speakers.'), 400: badRequest } },
    },
    '/api/speakers/{id}': {
      get: {
        operationId: 'getSpeaker',
        summary: 'A speaker, their debates, positions per question and units.',
        parameters: [pathId('id', 'Speaker id.'), ...unitPageParameters, langParameter],
        responses: { 200: json(ref('SpeakerDetail'), 'The speaker.'), 400: badRequest, 404: notFound },
      },
    },
    '/api/questions': {
      get: { operationId: 'listQuestions', summary: 'Every question with its positions and counts.', parameters: [langParameter], responses: { 200: json(arrayOf(ref('QuestionSummary')), 'The questions.'), 400: badRequest } },
    },
    '/api/questions/{id}': {
      get: {
        operationId: 'getQuestion',
        summary: 'A question, its speaker × position matrix and its units grouped by position.',
        parameters: [pathId('id', 'Question id.'), ...unitPageParameters, langParameter],
        responses: { 200: json(ref('QuestionDetail'), 'The question.'), 400: badRequest, 404: notFound },
      },
    },
    '/api/debates': {
      get: { operationId: 'listDebates', summary: 'Every debate, newest first.', parameters: [langParameter], responses: { 200: json(arrayOf(ref('DebateSummary')), 'The debates.'), 400: badRequest } },
    },
    '/api/debates/{slug}': {
      get: {
        operationId: 'getDebate',
        summary: 'A debate: metadata, Markdown summary, units in order with their replies and relations.',
        parameters: [pathId('slug', 'Debate slug.'), ...unitPageParameters, langParameter],
        responses: { 200: json(ref('DebateDetail'), 'The debate.'), 400: badRequest, 404: notFound },
      },
    },
    '/api/units/{id}': {
      get: {
        operationId: 'getUnit',
        summary: 'One unit with the unit it answers, its replies, continuations, relations both ways and a citation.',
        parameters: [pathId('id', 'Unit id.'), langParameter],
        responses: { 200: json(ref('UnitDetail'), 'The unit.'), 400: badRequest, 404: notFound },
      },
    },
    '/api/units/{id}/similar': {
      get: {
        operationId: 'similarUnits',
        summary: 'Units elsewhere in the corpus that make the same point as this one, best first, other debates and speakers first; never the unit itself.',
        parameters: [
          pathId('id', 'Unit id.'),
          { name: 'limit', in: 'query', description: 'Units listed.', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_SIMILAR_LIMIT } },
          langParameter,
        ],
        responses: { 200: json(ref('SimilarResponse'), 'The similar units.'), 400: badRequest, 404: notFound },
      },
    },
    '/api/questions/{id}/key-points': {
      get: {
        operationId: 'questionKeyPoints',
        summary: "The key points a question's units come down to (issue 23), each labelled by the text of one of its units, with counts by speaker and position; units under none are listed as other.",
        parameters: [
          pathId('id', 'Question id.'),
          { name: 'page', in: 'query', description: 'Page of units under each key point.', schema: { type: 'integer', minimum: 1, default: 1 } },
          { name: 'limit', in: 'query', description: 'Units listed under each key point.', schema: { type: 'integer', minimum: 1, maximum: 500, default: 20 } },
          { name: 'point', in: 'query', description: 'Only this key point (its rank, 1 to 30) or "other".', schema: { type: 'string' } },
          { name: 'format', in: 'query', description: 'A download instead of the paged answer.', schema: { type: 'string', enum: ['json', 'csv'] } },
          { name: 'table', in: 'query', description: 'With format: one row per key point (points) or per unit (units).', schema: { type: 'string', enum: ['points', 'units'], default: 'points' } },
          langParameter,
        ],
        responses: { 200: json({ type: 'object' }, 'The key points, or the download.'), 400: badRequest, 404: notFound },
      },
    },
    '/api/openapi.json': {
      get: { operationId: 'openapi', summary: 'This document.', responses: { 200: json({ type: 'object' }, 'OpenAPI 3.1 document.') } },
    },
    '/healthz': {
      get: {
        operationId: 'health',
        summary: 'Whether the search engine answers.',
        responses: { 200: json(ref('Health'), 'The engine answers.'), 503: json(ref('Health'), 'The engine does not answer.') },
      },
    },
  },
  components: {
    schemas: {
      Error: object({
        error: object({
          code: { type: 'string', enum: ['bad_request', 'not_found', 'invalid_corpus', 'search_unavailable', 'configuration', 'payload_too_large', 'internal'] },
          message: { type: 'string', description: 'Why, for a person; hidden ("internal error") for unexpected failures.' },
        }),
      }),
      Health: object(
        { status: { type: 'string', enum: ['ok', 'unavailable'] }, engine: { type: 'string', enum: ['embedded', 'meilisearch'] }, units: int, message: str },
        ['status', 'engine', 'units'],
      ),
      UnitHit: unitHit,
      UnitRef: unitRef,
      UnitView: unitView,
      SearchResponse: object({
        query: str,
        filters: object(Object.fromEntries(FACET_FIELDS.map((f) => [f, arrayOf(str)]))),
        sort: { type: 'string', enum: [...SEARCH_SORTS] },
        total: int,
        page: int,
        limit: int,
        hits: arrayOf(ref('UnitHit')),
        facets: object(Object.fromEntries(FACET_FIELDS.map((f) => [f, facetCounts]))),
        tookMs: { type: 'number' },
      }),
      SimilarResponse: object({ unit: str, total: int, limit: int, hits: arrayOf(ref('UnitHit')) }),
      CompareResponse: object({
        question: { oneOf: [questionRef, { type: 'null' }] },
        query: str,
        columns: arrayOf(
          object({
            speaker: str,
            speakerName: str,
            total: int,
            truncated: { type: 'boolean', description: 'True when the column holds fewer units than total (the first 1,000): counts cover those.' },
            positions: arrayOf(
              object({
                position: { ...nullable('string'), description: 'null groups units without a position.' },
                question: nullable('string'),
                label: nullable('string'),
                labelEn: nullable('string'),
                count: { ...int, description: 'Units of the speaker holding this position (0: not taken); a unit counts under each of its codes.' },
                units: { ...arrayOf(ref('UnitHit')), description: 'Empty when the speaker did not take this position.' },
              }),
            ),
          }),
        ),
      }),
      SpeakerSummary: object({ id: str, name: str, aliases: arrayOf(str), units: int, debates: int }),
      SpeakerDetail: object({
        id: str,
        name: str,
        aliases: arrayOf(str),
        links: arrayOf(object({ label: str, url: str }, ['url'])),
        description: str,
        descriptionEn: nullable('string'),
        debates: arrayOf(debateSummary),
        positions: arrayOf(object({ question: questionRef, positions: arrayOf(positionCount), unpositioned: int })),
        units: arrayOf(ref('UnitView')),
        unitsPage,
      }),
      QuestionSummary: questionSummary,
      QuestionDetail: {
        allOf: [
          questionSummary,
          object({
            matrix: object({
              speakers: arrayOf(object({ id: str, name: str })),
              positions: arrayOf(object({ key: str, label: str, labelEn: nullable('string') })),
              cells: arrayOf(object({ speaker: str, position: nullable('string'), count: int })),
            }),
            groups: arrayOf(object({ position: nullable('string'), label: nullable('string'), labelEn: nullable('string'), units: arrayOf(ref('UnitView')) })),
            unitsPage,
          }),
        ],
      },
      DebateSummary: debateSummary,
      DebateDetail: object({
        slug: str,
        title: str,
        date: str,
        medium: { type: 'string', enum: [...MEDIA] },
        language: str,
        sourceUrl: nullable('string'),
        mediaUrl: nullable('string'),
        mediaOffset: nullable('string'),
        participants: arrayOf(object({ id: str, name: str })),
        summary: { type: 'string', description: 'Markdown, in the debate\'s language.' },
        summaryFr: { ...nullable('string'), description: 'The summary in French, when the debate is in another language and gives one.' },
        summaryEn: { ...nullable('string'), description: 'The summary in English, when the debate is in another language and gives one.' },
        sources: arrayOf(object({ title: str, url: str, kind: str }, ['title'])),
        licence: nullable('string'),
        citation: nullable('string'),
        units: arrayOf(ref('UnitView')),
        relations: arrayOf(object({ source: str, type: { type: 'string', enum: ['supports', 'attacks'] }, target: str })),
        unitsPage,
      }),
      UnitDetail: object({
        ...unitViewProperties,
        debateInfo: object({ slug: str, title: str, date: str, medium: str, sourceUrl: nullable('string'), mediaUrl: nullable('string') }),
        questionInfo: { oneOf: [questionRef, { type: 'null' }] },
        replyTo: { oneOf: [ref('UnitRef'), { type: 'null' }] },
        replies: arrayOf(ref('UnitRef')),
        continues: { oneOf: [ref('UnitRef'), { type: 'null' }] },
        continuedBy: arrayOf(ref('UnitRef')),
        relations: object({ supports: arrayOf(ref('UnitRef')), attacks: arrayOf(ref('UnitRef')), supportedBy: arrayOf(ref('UnitRef')), attackedBy: arrayOf(ref('UnitRef')) }),
        citation: {
          type: 'string',
          description:
            'How to cite the unit, in English, as the English pages write it: what it is and who said it (canonical name and signature as published), the debate, its author and host, the date, the source, the dataset and its licence, the permalink and the access date. BibTeX, RIS and CSL-JSON: /u/{id}/cite?format=….',
        },
      }),
    },
  },
} as const;
