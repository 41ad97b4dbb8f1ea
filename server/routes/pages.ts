// The HTML site: thin routes that read the query string (params.ts, lenient about unknown names:
// shared links carry trackers), call the services, build a page model (page-models/) and render a
// view. Everything works as plain links and forms; public/app.js only makes it quicker.

import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { BadRequestError, SearchUnavailableError, type Reason } from '../errors.ts';
import { describeMedia, displayTimecode, timecodeTarget } from '../media.ts';
import { formatDate, isLang, languageName, mediumLabel, pickLanguage, sentence, t, type Lang } from '../i18n.ts';
import { normaliseQuery } from '../search/query.ts';
import { NotFoundError } from '../errors.ts';
import { FACET_FIELDS } from '../search/engine.ts';
import { getQuestion, getSpeaker, getUnit, listDebates, listQuestions, listSpeakers, refsById, type UnitRef } from '../services/catalog-service.ts';
import { CITATION_FILE, CITATION_FORMATS, formatCitations } from '../services/citation-formats.ts';
import { unitCitationRecord } from '../services/citations.ts';
import { compareSpeakers, type CompareResponse } from '../services/compare-service.ts';
import { getDebatePage, getUnitContext } from '../services/debate-pages.ts';
import { emptySearchResponse, searchUnits, type SearchResponse } from '../services/search-service.ts';
import {
  compareUnitRows,
  DOWNLOAD_FORMATS,
  downloadName,
  MATRIX_ROW_HEADER,
  MAX_DOWNLOAD_ROWS,
  matrixRows,
  searchRowPages,
  searchTotal,
  sendSearchCitations,
  streamRows,
  UNIT_ROW_HEADER,
  unitRowPages,
} from './downloads.ts';
import { similarUnits } from '../services/similar-service.ts';
import { buildHref, debateHref, publicBaseUrl, type LinkParams } from './links.ts';
import { compareForm, compareModel } from './page-models/compare.ts';
import { debatePageModel } from './page-models/debate.ts';
import { questionListModel, questionPageModel } from './page-models/question.ts';
import { CITATION_FORMAT_LABELS, hitCard, labelsFor, localMarkdown } from './page-models/shared.ts';
import { pageSlice, READING_PAGE_UNITS, speakerPageModel } from './page-models/speaker.ts';
import { PAGE_FACET_VALUES, PAGE_MAX_LIMIT, pagination, searchPageModel, searchState } from './page-models/search.ts';
import { unitPageModel } from './page-models/unit.ts';
import { getKeyPoints } from '../services/key-points-service.ts';
import { sendKeyPoints } from './key-point-exports.ts';
import { KEY_POINT_PAGE_UNITS, KEY_POINT_PREVIEW_LIMIT, keyPointPageModel, keyPointPages, keyPointSection } from './page-models/key-points.ts';
import {
  citationFormat,
  downloadFormat,
  NO_POSITION,
  parseCatalogParams,
  parseCompareParams,
  parseComparePageParams,
  parsePagedParams,
  parseQuestionTable,
  parseSearchParams,
  keyPointPathRank,
  parseKeyPointTable,
  pathParam,
} from './params.ts';

/** Speakers or debates listed on one page of /speakers and /debates. */
export const LIST_PAGE_SIZE = 200;

/** The reason a page past the end is a 404: which page was asked and which is the last. */
function noPage(page: number, total: number, size: number): Reason {
  return { key: 'reason.noPage', vars: { page, pages: Math.max(1, Math.ceil(total / size)) } };
}

/** The download links a view shows (views/partials/downloads.ejs). */
export interface DownloadLinks {
  links: { label: string; href: string; download: string }[];
  note: string;
  /** What is downloaded, when a view has several sets of links ("Export" otherwise). */
  title?: string;
}

/** Similar units listed on a unit's "similar arguments" page. */
const SIMILAR_PAGE_LIMIT = 10;

/** What every view may use, set once per request (res.locals). */
export interface PageLocals {
  lang: Lang;
  /** The language to carry in links: set only when the reader chose it with ?lang=. */
  linkLang: Lang | undefined;
  t: ReturnType<typeof t>;
  href: (path: string, params?: LinkParams) => string;
  langSwitchHref: string;
  otherLang: Lang;
  currentPath: string;
  formatDate: (date: string) => string;
  /** A unit's time code as people read it: 1:02:03, 2:03. */
  displayTimecode: (timecode: string) => string;
  /** ":" as each language writes it after a label (French puts a space before). */
  colon: string;
}

/**
 * Sets the interface language and the link helpers on res.locals. Exported so that the app's
 * error handler can run it too when an error happens before the pages router is reached.
 */
export function pageLocals(req: Request, res: Response): PageLocals {
  const lang = pickLanguage(req.query.lang, req.get('accept-language'));
  const linkLang = typeof req.query.lang === 'string' && isLang(req.query.lang) ? lang : undefined;
  const otherLang: Lang = lang === 'fr' ? 'en' : 'fr';
  const url = new URL(req.originalUrl, 'http://localhost');
  url.searchParams.set('lang', otherLang);
  const locals: PageLocals = {
    lang,
    linkLang,
    t: t(lang),
    href: (path, params = {}) => buildHref(path, params, linkLang),
    // One leading slash: a path such as /.//example.org resolves to //example.org, which a browser
    // would read as another site.
    langSwitchHref: `${url.pathname.replace(/^\/{2,}/, '/')}${url.search}`,
    otherLang,
    currentPath: req.path,
    formatDate: (date) => formatDate(lang, date),
    displayTimecode,
    colon: lang === 'fr' ? '\u00a0:' : ':',
  };
  Object.assign(res.locals, locals);
  return locals;
}

export function createPagesRouter(deps: AppDeps): Router {
  const router = Router();
  const baseOf = (req: Request): string => publicBaseUrl(req, deps.config.publicBaseUrl);
  const labelsOf = (res: Response) => labelsFor((res.locals as PageLocals).lang, deps.corpus, baseOf(res.req));
  /** CSV, French CSV and JSON links of a view's export route, with the view's own parameters. */
  const downloadLinks = (res: Response, path: string, params: LinkParams, nameParts: readonly string[], extra: DownloadLinks['links'] = []): DownloadLinks => {
    const { t: tr } = res.locals as PageLocals;
    const label = { csv: tr('export.csv'), 'csv-fr': tr('export.csvFr'), json: tr('export.json') } as const;
    return {
      links: [
        ...DOWNLOAD_FORMATS.map((format) => ({ label: label[format], href: buildHref(path, { ...params, format }), download: downloadName(nameParts, format) })),
        ...extra,
      ],
      note: tr('export.cap', { max: MAX_DOWNLOAD_ROWS.toLocaleString((res.locals as PageLocals).lang === 'fr' ? 'fr-FR' : 'en-GB') }),
    };
  };
  const linkLangOf = (res: Response): Lang | undefined => (res.locals as PageLocals).linkLang;

  router.use((req, res, next) => {
    pageLocals(req, res);
    // The same URL answers in French or English depending on the browser, and an error as JSON to
    // a client that prefers it (error-handler.ts).
    res.vary('Accept-Language');
    res.vary('Accept');
    next();
  });

  const searchPage = async (req: Request, res: Response): Promise<void> => {
    const { format: _format, lang: _lang, ...request } = parseSearchParams(req.query, 'lenient');
    // A page lists fewer facet values than the API answers; the full lists are on /speakers etc.
    const query = normaliseQuery({ ...request, ...(request.limit ? { limit: Math.min(request.limit, PAGE_MAX_LIMIT) } : {}), maxFacetValues: PAGE_FACET_VALUES });
    let result: SearchResponse;
    let searchUnavailable = false;
    try {
      result = await searchUnits(deps, query);
    } catch (error) {
      // The home page stays up while the engine is down: the form, a notice, and the browse pages
      // (served from the catalog) in the menu. A search asked for is still a 503.
      if (!(error instanceof SearchUnavailableError) || req.path !== '/' || Object.keys(req.query).length > 0) throw error;
      deps.logger.error(`home page without results: ${error.message}`);
      result = emptySearchResponse(query);
      searchUnavailable = true;
    }
    // A page past the last is a 404, as on the reading and list pages (the API answers it empty).
    if (!searchUnavailable && query.page > 1 && (query.page - 1) * query.limit >= result.total) {
      throw new NotFoundError(`this search has no page ${query.page}`, noPage(query.page, result.total, query.limit));
    }
    const state = searchState(query);
    const model = searchPageModel(labelsOf(res), state, result, linkLangOf(res));
    const params: LinkParams = { q: state.q, ...state.filters, sort: state.sort === 'relevance' ? undefined : state.sort };
    const nameParts = searchNameParts(state.q, state.filters);
    const citations = CITATION_FORMATS.map((format) => ({
      label: `${res.locals.t('export.cite')} ${CITATION_FORMAT_LABELS[format]}`,
      href: buildHref('/search/cite', { ...params, format }),
      download: downloadName(nameParts, format),
    }));
    // No download links while the engine is down: they would only answer 503.
    const downloads = searchUnavailable ? null : downloadLinks(res, '/search/export', params, nameParts, citations);
    res.render('search', { title: state.q ? `${state.q} – ${res.locals.t('nav.search')}` : res.locals.t('search.title'), model, downloads, searchUnavailable });
  };
  router.get('/', searchPage);
  router.get('/search', searchPage);

  router.get('/compare', async (req, res) => {
    const { format: _format, lang: _lang, cell, page, ...request } = parseComparePageParams(req.query, 'lenient');
    const labels = labelsOf(res);
    const form = compareForm(labels, request, listSpeakers(deps));
    const asked = request.speakers.length > 0 || request.question !== undefined || (request.q ?? '') !== '';
    let comparison: CompareResponse | null = null;
    let problem: string | null = null;
    if (asked) {
      try {
        comparison = await compareSpeakers(deps, request);
      } catch (error) {
        // Too few or too many speakers: show the form again with the reason, in the page's language, as a 400.
        if (!(error instanceof BadRequestError)) throw error;
        problem = error.reason ? sentence(labels.t(error.reason.key, error.reason.vars)) : error.message;
        res.status(400);
      }
    }
    if (comparison && cell && !comparison.columns.some((c) => c.speaker === cell.speaker && c.positions.some((g) => g.position === cell.position))) {
      const position = cell.position ?? NO_POSITION;
      throw new BadRequestError(`position "${position}" is not part of this comparison`, { key: 'reason.cellUnknownPosition', vars: { position } });
    }
    const model = comparison ? compareModel(comparison, labels, linkLangOf(res), { request, cell, page }) : null;
    // A page past the last (of the quotes' rows, or of one cell) is a 404, as on every paged page.
    const pages = model?.pagination?.pages ?? 1;
    if (model && page > pages) throw new NotFoundError(`this comparison has no page ${page}`, { key: 'reason.noPage', vars: { page, pages } });
    // Downloads of the comparison (routes/downloads.ts), with the comparison's own parameters.
    const compareDownloads = comparison
      ? downloadLinks(res, '/compare/export', { speaker: request.speakers, question: request.question, q: request.q }, ['compare', ...request.speakers, request.question ?? '', request.q ?? ''])
      : null;
    res.render('compare', { title: model ? `${model.heading} – ${res.locals.t('compare.title')}` : res.locals.t('compare.title'), form, problem, compareDownloads, model });
  });

  router.get('/questions', (req, res) => {
    parseCatalogParams(req.query, 'lenient');
    res.render('questions', { title: res.locals.t('questions.title'), questions: questionListModel(labelsOf(res), listQuestions(deps)) });
  });

  router.get('/questions/:id', async (req, res) => {
    const { page } = parsePagedParams(req.query, 'lenient');
    const question = getQuestion(deps, pathParam(req.params, 'id'));
    const model = questionPageModel(labelsOf(res), question, linkLangOf(res), page);
    if (!model) throw new NotFoundError(`question "${question.id}" has no page ${page}`, noPage(page, question.groups.reduce((n, g) => n + g.units.length, 0), READING_PAGE_UNITS));
    const path = `/questions/${encodeURIComponent(question.id)}/export`;
    // The key points are about the whole question: computed and shown on its first page only.
    const keyPoints = page === 1 ? keyPointSection(labelsOf(res), await getKeyPoints(deps, question.id, { paging: { page: 1, limit: KEY_POINT_PREVIEW_LIMIT } }), linkLangOf(res)) : null;
    res.render('question', {
      ...model,
      keyPoints,
      keyPointsFirstPage: page === 1 ? null : `${buildHref(`/questions/${encodeURIComponent(question.id)}`, {}, linkLangOf(res))}#key-points-title`,
      keyPointDownloads: keyPoints ? keyPointDownloads(res, question.id) : null,
      unitDownloads: downloadLinks(res, path, {}, ['question', question.id, 'units']),
      matrixDownloads: downloadLinks(res, path, { table: 'matrix' }, ['question', question.id, 'matrix']),
    });
  });

  /** The two tables of a question's key points, each as CSV, French CSV and JSON, each set under its own title. */
  const keyPointDownloads = (res: Response, questionId: string): DownloadLinks[] => {
    const { t: tr } = res.locals as PageLocals;
    const exportPath = `/questions/${encodeURIComponent(questionId)}/key-points/export`;
    const points = downloadLinks(res, exportPath, {}, ['question', questionId, 'key-points']);
    const units = downloadLinks(res, exportPath, { table: 'units' }, ['question', questionId, 'key-point-units']);
    return [
      { ...points, title: tr('keyPoints.downloadPoints'), note: '' },
      { ...units, title: tr('keyPoints.downloadUnits') },
    ];
  };

  // The page's downloads of the key points: the API's tables (key-point-exports.ts), with the page's
  // formats (French CSV too) and lenient about unknown parameters, as every page download.
  router.get('/questions/:id/key-points/export', async (req, res) => {
    const { format, rest } = downloadFormat(req.query);
    const { table: rawTable, ...others } = rest;
    parseCatalogParams(others, 'lenient');
    await sendKeyPoints(res, deps, pathParam(req.params, 'id'), parseKeyPointTable(rawTable), format, baseOf(req));
  });

  router.get('/questions/:id/key-points/:point', async (req, res) => {
    const { page } = parsePagedParams(req.query, 'lenient');
    const id = pathParam(req.params, 'id');
    const raw = pathParam(req.params, 'point');
    const point = keyPointPathRank(raw);
    if (point === null) throw new NotFoundError(`question "${id}" has no key point "${raw}"`, { key: 'reason.noKeyPointPage', vars: { point: raw } });
    // Unknown question, or a rank past the question's last key point: the service's 404.
    const analysis = await getKeyPoints(deps, id, { paging: { page, limit: KEY_POINT_PAGE_UNITS }, point });
    const model = keyPointPageModel(labelsOf(res), analysis, point, page, linkLangOf(res));
    if (!model) throw new NotFoundError(`key point "${raw}" of question "${id}" has no page ${page}`, { key: 'reason.noPage', vars: { page, pages: keyPointPages(analysis, point) } });
    res.render('key-point', model);
  });

  router.get('/questions/:id/export', async (req, res) => {
    const { format, rest } = downloadFormat(req.query);
    parseCatalogParams(Object.fromEntries(Object.entries(rest).filter(([name]) => name !== 'table')), 'lenient');
    const table = parseQuestionTable(rest.table);
    const question = getQuestion(deps, pathParam(req.params, 'id'));
    const filename = downloadName(['question', question.id, table], format);
    if (table === 'matrix') {
      const rows = matrixRows(question);
      await streamRows(res, format, { what: `speaker × position counts of question "${question.title}"`, filename, total: rows.length, limit: MAX_DOWNLOAD_ROWS, header: MATRIX_ROW_HEADER }, [rows]);
      return;
    }
    // A unit with several codes on this question is listed under each (issue 14): each row names the
    // code it is listed under, so that the rows add up to the matrix.
    const listed = question.groups.flatMap((g) => g.units.map((u) => ({ id: u.id, group: g })));
    const ids = listed.map((l) => l.id);
    const underCode = (_id: string, i: number) => {
      const group = listed[i]?.group;
      return { question: question.id, question_title: question.title, position: group?.position ?? null, position_label: group?.label ?? null };
    };
    await streamRows(res, format, { what: `units of question "${question.title}"`, filename, total: ids.length, limit: MAX_DOWNLOAD_ROWS, header: UNIT_ROW_HEADER }, unitRowPages(deps, ids, baseOf(req), underCode));
  });

  router.get('/search/export', async (req, res) => {
    const { format, rest } = downloadFormat(req.query);
    const { format: _f, lang: _lang, page: _page, limit: _limit, ...query } = parseSearchParams(rest, 'lenient');
    const total = await searchTotal(deps, query);
    const filename = downloadName(searchNameParts(query.text ?? '', query.filters ?? {}), format);
    const info = { what: `search results${query.text ? ` for "${query.text}"` : ''}`, filename, total, limit: MAX_DOWNLOAD_ROWS, header: UNIT_ROW_HEADER };
    await streamRows(res, format, info, searchRowPages(deps, query, baseOf(req), MAX_DOWNLOAD_ROWS));
  });

  router.get('/search/cite', async (req, res) => {
    const { format, rest } = citationFormat(req.query);
    const { format: _f, lang: _lang, page: _page, limit: _limit, ...query } = parseSearchParams(rest, 'lenient');
    await sendSearchCitations(res, deps, query, baseOf(req), format, downloadName(searchNameParts(query.text ?? '', query.filters ?? {}), format));
  });

  router.get('/compare/export', async (req, res) => {
    const { format, rest } = downloadFormat(req.query);
    const { format: _f, lang: _lang, ...request } = parseCompareParams(rest, 'lenient');
    const comparison = await compareSpeakers(deps, request);
    const { ids, columns } = compareUnitRows(comparison);
    const filename = downloadName(['compare', ...comparison.columns.map((c) => c.speaker), comparison.question?.id ?? '', comparison.query], format);
    const header = ['compared_speaker', ...UNIT_ROW_HEADER];
    const what = `comparison of ${comparison.columns.map((c) => c.speakerName).join(', ')}${comparison.question ? ` on "${comparison.question.title}"` : ''}`;
    await streamRows(res, format, { what, filename, total: ids.length, limit: MAX_DOWNLOAD_ROWS, header }, unitRowPages(deps, ids, baseOf(req), columns));
  });

  router.get('/speakers', (req, res) => {
    const { page } = parsePagedParams(req.query, 'lenient');
    const speakers = listSpeakers(deps);
    const slice = pageSlice(page, speakers.length, LIST_PAGE_SIZE);
    if (!slice) throw new NotFoundError(`the list of speakers has no page ${page}`, noPage(page, speakers.length, LIST_PAGE_SIZE));
    res.render('speakers', {
      title: res.locals.t('speakers.title'),
      speakers: speakers.slice(slice.start, slice.end),
      rangeText: slice.pages > 1 ? res.locals.t('speakers.range', { first: slice.start + 1, last: slice.end, total: speakers.length }) : null,
      pagination: pagination(page, slice.pages, 1, (p) => buildHref('/speakers', { page: p > 1 ? p : undefined }, linkLangOf(res))),
    });
  });

  router.get('/speakers/:id', (req, res) => {
    const { page } = parsePagedParams(req.query, 'lenient');
    const speaker = getSpeaker(deps, pathParam(req.params, 'id'), { page, limit: READING_PAGE_UNITS });
    const model = speakerPageModel(labelsOf(res), speaker, linkLangOf(res), page);
    if (!model) throw new NotFoundError(`speaker "${speaker.id}" has no page ${page}`, noPage(page, speaker.unitsPage?.total ?? speaker.units.length, READING_PAGE_UNITS));
    res.render('speaker', model);
  });

  router.get('/debates', (req, res) => {
    const { page } = parsePagedParams(req.query, 'lenient');
    const { lang } = res.locals as PageLocals;
    const all = listDebates(deps);
    const slice = pageSlice(page, all.length, LIST_PAGE_SIZE);
    if (!slice) throw new NotFoundError(`the list of debates has no page ${page}`, noPage(page, all.length, LIST_PAGE_SIZE));
    const debates = all.slice(slice.start, slice.end).map((d) => ({ ...d, mediumLabel: mediumLabel(lang, d.medium) }));
    res.render('debates', {
      title: res.locals.t('debates.title'),
      debates,
      rangeText: slice.pages > 1 ? res.locals.t('debates.range', { first: slice.start + 1, last: slice.end, total: all.length }) : null,
      pagination: pagination(page, slice.pages, 1, (p) => buildHref('/debates', { page: p > 1 ? p : undefined }, linkLangOf(res))),
    });
  });

  router.get('/debates/:slug', (req, res) => {
    const { page } = parsePagedParams(req.query, 'lenient');
    const { lang } = res.locals as PageLocals;
    const baseUrl = baseOf(req);
    const debate = getDebatePage(deps, pathParam(req.params, 'slug'), page, { baseUrl });
    const media = describeMedia(debate.mediaUrl ?? undefined, debate.mediaOffset ?? undefined);
    res.render('debate', {
      media,
      // Time codes link to the recording at their moment (unitTimecode in views/partials/unit.ejs).
      timecodeAt: (timecode: string) => timecodeTarget(media, timecode),
      title: debate.pages > 1 ? `${debate.title} (${res.locals.t('pagination.page', { page, pages: debate.pages })})` : debate.title,
      debate,
      page,
      unitCount: debate.unitCount,
      mediumLabel: mediumLabel(lang, debate.medium),
      languageLabel: languageName(lang, debate.language),
      // The summary in the page's language when the debate gives one, else in the debate's, marked.
      summary: localMarkdown(labelsOf(res), { fr: debate.summaryFr, en: debate.summaryEn, [debate.language.toLowerCase().split('-')[0] ?? debate.language]: debate.summary }),
      sections: debatePageModel(labelsOf(res), debate, linkLangOf(res)),
    });
  });

  /** Similar arguments listed on a unit's page (the full list is on /u/:id/similar). */
  const UNIT_PAGE_SIMILAR = 5;

  router.get('/u/:id/similar', async (req, res) => {
    parseCatalogParams(req.query, 'lenient');
    const linkLang = linkLangOf(res);
    const unit = getUnit(deps, pathParam(req.params, 'id'));
    const similar = await similarUnits(deps, unit.id, SIMILAR_PAGE_LIMIT);
    const labels = labelsOf(res);
    res.render('similar', {
      title: `${res.locals.t('similar.title')} – ${unit.speakerName}`,
      unit: { speakerName: unit.speakerName, debateTitle: unit.debateInfo.title, href: debateHref(unit.debate, linkLang, unit.id), text: unit.text },
      total: similar.total,
      cards: similar.hits.map((hit) => hitCard(labels, hit, linkLang)),
    });
  });

  router.get('/u/:id', async (req, res) => {
    parseCatalogParams(req.query, 'lenient');
    const context = getUnitContext(deps, pathParam(req.params, 'id'), { baseUrl: baseOf(req) });
    const media = describeMedia(context.debate.mediaUrl ?? undefined, context.debate.mediaOffset ?? undefined);
    // The same point made elsewhere (other speakers and debates first); the page stays up without search.
    let similar: UnitRef[] | null = null;
    try {
      const found = await similarUnits(deps, context.unit.id, UNIT_PAGE_SIMILAR);
      similar = refsById(deps.corpus, found.hits.map((hit) => hit.id));
    } catch (error) {
      if (!(error instanceof SearchUnavailableError)) throw error;
    }
    const model = unitPageModel(labelsOf(res), context, linkLangOf(res), similar);
    res.render('unit', {
      model,
      title: model.title,
      // The time code links to the recording at its moment (a file plays from there in the browser).
      timecodeAt: (timecode: string) => {
        const target = timecodeTarget(media, timecode);
        return target ? { ...target, player: false } : undefined;
      },
    });
  });

  router.get('/u/:id/cite', (req, res) => {
    const { format, rest } = citationFormat(req.query);
    parseCatalogParams(rest, 'lenient');
    const record = unitCitationRecord(deps.corpus, pathParam(req.params, 'id'), baseOf(req));
    res.set('Content-Disposition', `attachment; filename="${record.id.replace(/[^A-Za-z0-9._-]+/g, '-')}.${CITATION_FILE[format].ext}"`);
    res.type(CITATION_FILE[format].type).send(formatCitations(format, [record]));
  });

  return router;
}

/** What a search's download file name says: its words and its filters. */
function searchNameParts(text: string, filters: Partial<Record<(typeof FACET_FIELDS)[number], readonly string[]>>): string[] {
  const parts = ['search'];
  if (text) parts.push(text);
  for (const field of FACET_FIELDS) for (const value of filters[field] ?? []) parts.push(`${field}-${value}`);
  if (parts.length === 1) parts.push('all');
  return parts.slice(0, 6);
}
