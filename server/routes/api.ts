// The JSON API: thin routes that read the query string (params.ts), call a service and send JSON
// (or a download, exports.ts). Strict about parameters: an unknown name is a 400.

import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { openApiDocument } from './openapi.ts';
import { getDebate, getQuestion, getSpeaker, getUnit, listDebates, listQuestions, listSpeakers, type UnitsPaging } from '../services/catalog-service.ts';
import { compareSpeakers } from '../services/compare-service.ts';
import { searchAllUnits, searchUnits } from '../services/search-service.ts';
import { getKeyPoints, MAX_KEY_POINTS } from '../services/key-points-service.ts';
import { similarUnits } from '../services/similar-service.ts';
import { sendKeyPoints } from './key-point-exports.ts';
import { COMPARE_CSV_HEADER, compareCsvRows, compareUnitIds } from '../services/export-service.ts';
import { sendAif, sendCsv, streamSearchCsv } from './exports.ts';
import { publicBaseUrl } from './links.ts';
import { ITEM_DEFAULT_UNITS, parseKeyPointParams, parseCatalogParams, parseCompareParams, parseItemParams, parseSearchParams, parseSimilarParams, pathParam } from './params.ts';

/** What a catalog route needs of a request: its path parameter, the public base for permalinks, the page of units. */
interface CatalogCall {
  id: string;
  baseUrl: string;
  paging: UnitsPaging;
}

/**
 * The catalog routes as data: path, whether it pages its units, and what answers it. Each takes
 * `lang` (for the pages; it changes nothing here); one speaker, question or debate also takes
 * `page` and `limit` over its units (parseItemParams); any other parameter is refused.
 */
const CATALOG_ROUTES: readonly { path: string; param?: string; paged?: true; answer: (deps: AppDeps, call: CatalogCall) => unknown }[] = [
  { path: '/speakers', answer: (deps) => listSpeakers(deps) },
  { path: '/speakers/:id', param: 'id', paged: true, answer: (deps, { id, paging }) => getSpeaker(deps, id, paging) },
  { path: '/questions', answer: (deps) => listQuestions(deps) },
  { path: '/questions/:id', param: 'id', paged: true, answer: (deps, { id, paging }) => getQuestion(deps, id, paging) },
  { path: '/debates', answer: (deps) => listDebates(deps) },
  { path: '/debates/:slug', param: 'slug', paged: true, answer: (deps, { id, paging }) => getDebate(deps, id, { paging }) },
  { path: '/units/:id', param: 'id', answer: (deps, { id, baseUrl }) => getUnit(deps, id, { baseUrl }) },
];

export function createApiRouter(deps: AppDeps): Router {
  const router = Router();
  const baseUrl = (req: Request): string => publicBaseUrl(req, deps.config.publicBaseUrl);

  router.get('/search', async (req, res) => {
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
  });

  router.get('/compare', async (req, res) => {
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
  });

  for (const route of CATALOG_ROUTES) {
    router.get(route.path, (req, res) => {
      const { page, limit } = route.paged ? parseItemParams(req.query) : { ...parseCatalogParams(req.query), page: 1, limit: ITEM_DEFAULT_UNITS };
      const id = route.param ? pathParam(req.params, route.param) : '';
      res.json(route.answer(deps, { id, baseUrl: baseUrl(req), paging: { page, limit } }));
    });
  }

  router.get('/questions/:id/key-points', async (req, res) => {
    const { format, table, page, limit, point } = parseKeyPointParams(req.query, MAX_KEY_POINTS);
    const id = pathParam(req.params, 'id');
    if (format) {
      await sendKeyPoints(res, deps, id, table, format, baseUrl(req));
      return;
    }
    res.json(await getKeyPoints(deps, id, { paging: { page, limit }, ...(point !== undefined ? { point } : {}) }));
  });

  router.get('/units/:id/similar', async (req, res) => {
    const { limit } = parseSimilarParams(req.query);
    res.json(await similarUnits(deps, pathParam(req.params, 'id'), limit));
  });

  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });

  return router;
}
