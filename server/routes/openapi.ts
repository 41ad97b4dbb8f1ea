// The API described as data (OpenAPI 3.1), served at /api/openapi.json. Its paths and parameters
// are written from the route table (api-routes.ts) and the zod schemas of the parameters
// (params.ts) by zod's own JSON Schema output (z.toJSONSchema, zod 4): what a route checks is what
// the document says. The answers' shapes are the components below, written as JSON Schema.
// tests/integration/openapi.test.ts checks that every route the app serves is here and that every
// parameter listed here is accepted.

import { z } from 'zod';
import { DEFAULT_FACET_VALUES, FACET_FIELDS } from '../search/engine.ts';
import { MEDIA, UNIT_KINDS } from '../corpus/model.ts';
import { MAX_HIT_TEXT } from '../services/search-service.ts';
import { API_ROUTES, ref, type ApiRoute } from './api-routes.ts';
import { SEARCH_SORTS } from './params.ts';
import type { QuerySchema } from './query-schema.ts';

const nullable = (type: string) => ({ type: [type, 'null'] });
const str = { type: 'string' };
const int = { type: 'integer', minimum: 0 };
const arrayOf = (items: object) => ({ type: 'array', items });
const object = (properties: Record<string, object>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});

/** An OpenAPI parameter object from one zod parameter schema: its JSON Schema, its description beside it. */
export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path';
  required?: true;
  description?: string;
  schema: Record<string, unknown>;
  style?: 'form';
  explode?: true;
}

function parametersOf(schema: QuerySchema | undefined, where: 'query' | 'path'): OpenApiParameter[] {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, param]) => {
    // io 'output': the value a parameter gives once read (its type, limits, default), not the raw query string.
    const { $schema: _, description, ...jsonSchema } = z.toJSONSchema(param, { io: 'output', target: 'draft-2020-12' }) as Record<string, unknown>;
    const parameter: OpenApiParameter = { name, in: where, ...(where === 'path' ? { required: true as const } : {}), ...(typeof description === 'string' ? { description } : {}), schema: jsonSchema };
    // A repeatable parameter is written `speaker=a&speaker=b`.
    if (jsonSchema.type === 'array') Object.assign(parameter, { style: 'form', explode: true });
    return parameter;
  });
}

/** `/api/speakers/:id` as OpenAPI writes it: `/api/speakers/{id}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function pathsOf(routes: readonly ApiRoute[]): Record<string, Record<string, object>> {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
    (paths[openApiPath(route.path)] ??= {})[route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(parameters.length > 0 ? { parameters } : {}),
      responses: route.responses,
    };
  }
  return paths;
}

const unitsPage = {
  ...object({ page: int, limit: int, total: int, pages: int }),
  description: 'Which page of the units this answer holds: `total` units in all (a question counts a unit once per position it is listed under), `pages` pages of `limit`.',
};


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

/** The document, built at its first request (its JSON Schemas cost about 25 ms, which a start need not pay). */
export function openApiDocument(): OpenApiDocument {
  document ??= buildDocument();
  return document;
}

let document: OpenApiDocument | null = null;

type OpenApiDocument = ReturnType<typeof buildDocument>;

function buildDocument() {
  return {
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
    paths: pathsOf(API_ROUTES),
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
}
