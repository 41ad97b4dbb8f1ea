// The JSON API: thin routes that read the query string (params.ts), call a service and send JSON
// (or a download, exports.ts). Strict about parameters: an unknown name is a 400. The routes and
// their paths are the table of api-routes.ts, which /api/openapi.json is written from; here is
// one handler per operation.

import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { API_ROUTES, type ApiOperation } from './api-routes.ts';
import { openApiDocument } from './openapi.ts';
import { getDebate, getQuestion, getSpeaker, getUnit, listDebates, listQuestions, listSpeakers, type UnitsPaging } from '../services/catalog-service.ts';
import { compareSpeakers } from '../services/compare-service.ts';
import { searchAllUnits, searchUnits } from '../services/search-service.ts';
import { getKeyPoints } from '../services/key-points-service.ts';
import { similarUnits } from '../services/similar-service.ts';
import { sendKeyPoints } from './key-point-exports.ts';
import { COMPARE_CSV_HEADER, compareCsvRows, compareUnitIds } from '../services/export-service.ts';
import { sendAif, sendCsv, streamSearchCsv } from './exports.ts';
import { publicBaseUrl } from './links.ts';
import { ITEM_DEFAULT_UNITS, parseKeyPointParams, parseCatalogParams, parseCompareParams, parseItemParams, parseSearchParams, parseSimilarParams, pathParam } from './params.ts';

/** A route's handler; `id` is its path parameter (the one its table row names), '' for a route without one. */
type Handler = (req: Request, res: Response, id: string) => unknown;

export function createApiRouter(deps: AppDeps): Router {
  const router = Router();
  const baseUrl = (req: Request): string => publicBaseUrl(req, deps.config.publicBaseUrl);
  /** A catalog answer: `lang` only (it changes nothing here), or also a page of the item's units. */
  const catalog =
    (answer: (id: string, call: { baseUrl: string; paging: UnitsPaging }) => unknown, paged?: true): Handler =>
    (req, res, id) => {
      const { page, limit } = paged ? parseItemParams(req.query) : { ...parseCatalogParams(req.query), page: 1, limit: ITEM_DEFAULT_UNITS };
      res.json(answer(id, { baseUrl: baseUrl(req), paging: { page, limit } }));
    };

  // One handler per operation of the route table (api-routes.ts); /healthz is app.ts's.
  const handlers: Record<Exclude<ApiOperation, 'health'>, Handler> = {
    search: async (req, res) => {
      const { format, lang: _lang, ...query } = parseSearchParams(req.query);
      if (format === 'csv') {
        await streamSearchCsv(res, deps, query, baseUrl(req));
        return;
      }
      if (format === 'aif') {
        await sendAif(res, deps, 'contrepoint-search.json', (await searchAllUnits(deps, query)).map((h) => h.id));
        return;
      }
      res.json(await searchUnits(deps, query));
    },
    compare: async (req, res) => {
      const { format, lang: _lang, ...request } = parseCompareParams(req.query);
      const comparison = await compareSpeakers(deps, request);
      if (format === 'csv') {
        // Hits carry cropped text: the download has every unit's whole text.
        sendCsv(res, 'contrepoint-compare.csv', COMPARE_CSV_HEADER, compareCsvRows(comparison, baseUrl(req), (id) => deps.corpus.unitById.get(id)?.text));
        return;
      }
      if (format === 'aif') {
        await sendAif(res, deps, 'contrepoint-compare.json', compareUnitIds(comparison));
        return;
      }
      res.json(comparison);
    },
    listSpeakers: catalog(() => listSpeakers(deps)),
    getSpeaker: catalog((id, { paging }) => getSpeaker(deps, id, paging), true),
    listQuestions: catalog(() => listQuestions(deps)),
    getQuestion: catalog((id, { paging }) => getQuestion(deps, id, paging), true),
    questionKeyPoints: async (req, res, id) => {
      const { format, table, page, limit, point } = parseKeyPointParams(req.query);
      if (format) {
        await sendKeyPoints(res, deps, id, table, format, baseUrl(req));
        return;
      }
      res.json(await getKeyPoints(deps, id, { paging: { page, limit }, ...(point !== undefined ? { point } : {}) }));
    },
    listDebates: catalog(() => listDebates(deps)),
    getDebate: catalog((id, { paging }) => getDebate(deps, id, { paging }), true),
    getUnit: catalog((id, { baseUrl }) => getUnit(deps, id, { baseUrl })),
    similarUnits: async (req, res, id) => {
      const { limit } = parseSimilarParams(req.query);
      res.json(await similarUnits(deps, id, limit));
    },
    openapi: (req, res) => {
      // `lang` only, as every route without options: an unknown parameter is a 400 here too.
      parseCatalogParams(req.query);
      res.json(openApiDocument());
    },
  };

  for (const route of API_ROUTES) {
    if (route.operationId === 'health') continue;
    const handler = handlers[route.operationId];
    const param = 'params' in route ? Object.keys(route.params.shape)[0] : undefined;
    // The router is mounted at /api (app.ts).
    router[route.method](route.path.slice('/api'.length), (req, res) => handler(req, res, param ? pathParam(req.params, param) : ''));
  }
  return router;
}
