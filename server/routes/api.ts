// The JSON API: thin routes that check input, call a service and send JSON (or CSV).

import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { toCsv } from '../csv.ts';
import { exportAif } from '../io/export.ts';
import { openApiDocument } from '../openapi.ts';
import { getDebate, getQuestion, getSpeaker, getUnit, listDebates, listQuestions, listSpeakers } from '../services/catalog-service.ts';
import { COMPARE_CSV_HEADER, compareCsvRows, compareSpeakers, parseCompareParams } from '../services/compare-service.ts';
import { parseSimilarLimit, similarUnits } from '../services/similar-service.ts';
import { checkParamNames, parseSearchParams, searchAllUnits, searchUnits, UNIT_CSV_HEADER, unitCsvRow } from '../services/search-service.ts';

/** Parameters every catalog route accepts (none changes the data; `lang` is for the pages). */
const CATALOG_PARAMS = ['lang'] as const;

/** Absolute base of this site as the client reached it, for permalinks in citations and CSV. */
export function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** Units as an AIF argument map (server/io/export.ts), in the order given. */
function sendAif(res: Response, deps: AppDeps, filename: string, unitIds: readonly string[]): void {
  res.set('Content-Disposition', `attachment; filename="${filename}"`);
  res.type('application/json; charset=utf-8').send(JSON.stringify(exportAif(deps.corpus.corpus, { units: unitIds })));
}

function sendCsv(res: Response, filename: string, csv: string): void {
  res.set('Content-Disposition', `attachment; filename="${filename}"`);
  res.type('text/csv; charset=utf-8').send(csv);
}

export function createApiRouter(deps: AppDeps): Router {
  const router = Router();

  router.get('/search', async (req, res) => {
    const { format, lang: _lang, ...query } = parseSearchParams(req.query);
    if (format === 'csv') {
      const hits = await searchAllUnits(deps, query);
      const base = baseUrlOf(req);
      sendCsv(res, 'contrepoint-search.csv', toCsv([...UNIT_CSV_HEADER], hits.map((h) => unitCsvRow(h, base))));
      return;
    }
    if (format === 'aif') {
      sendAif(res, deps, 'contrepoint-search.json', (await searchAllUnits(deps, query)).map((h) => h.id));
      return;
    }
    res.json(await searchUnits(deps, query));
  });

  router.get('/compare', async (req, res) => {
    const { format, lang: _lang, ...request } = parseCompareParams(req.query);
    const comparison = await compareSpeakers(deps, request);
    if (format === 'csv') {
      sendCsv(res, 'contrepoint-compare.csv', toCsv([...COMPARE_CSV_HEADER], compareCsvRows(comparison, baseUrlOf(req))));
      return;
    }
    if (format === 'aif') {
      const ids = comparison.columns.flatMap((c) => c.positions.flatMap((p) => p.units.map((u) => u.id)));
      sendAif(res, deps, 'contrepoint-compare.json', ids);
      return;
    }
    res.json(comparison);
  });

  router.get('/speakers', (req, res) => {
    checkParamNames(req.query, CATALOG_PARAMS);
    res.json(listSpeakers(deps));
  });

  router.get('/speakers/:id', (req, res) => {
    checkParamNames(req.query, CATALOG_PARAMS);
    res.json(getSpeaker(deps, req.params.id));
  });

  router.get('/questions', (req, res) => {
    checkParamNames(req.query, CATALOG_PARAMS);
    res.json(listQuestions(deps));
  });

  router.get('/questions/:id', (req, res) => {
    checkParamNames(req.query, CATALOG_PARAMS);
    res.json(getQuestion(deps, req.params.id));
  });

  router.get('/debates', (req, res) => {
    checkParamNames(req.query, CATALOG_PARAMS);
    res.json(listDebates(deps));
  });

  router.get('/debates/:slug', (req, res) => {
    checkParamNames(req.query, CATALOG_PARAMS);
    res.json(getDebate(deps, req.params.slug));
  });

  router.get('/units/:id', (req, res) => {
    checkParamNames(req.query, CATALOG_PARAMS);
    res.json(getUnit(deps, req.params.id, { baseUrl: baseUrlOf(req) }));
  });

  router.get('/units/:id/similar', async (req, res) => {
    checkParamNames(req.query, ['limit', 'lang']);
    res.json(await similarUnits(deps, req.params.id, parseSimilarLimit(req.query.limit)));
  });

  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });

  return router;
}
