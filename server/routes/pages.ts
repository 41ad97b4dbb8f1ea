// The HTML site: thin routes that read the query string (params.ts, lenient about unknown names:
// shared links carry trackers), call the services, build a page model (page-models/) and render a
// view. Everything works as plain links and forms; public/app.js only makes it quicker.

import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { BadRequestError, SearchUnavailableError } from '../errors.ts';
import { describeMedia, displayTimecode, timecodeTarget } from '../media.ts';
import { formatDate, isLang, mediumLabel, pickLanguage, t, type Lang } from '../i18n.ts';
import { renderMarkdown } from '../markdown.ts';
import { normaliseQuery } from '../search/query.ts';
import { getDebateWithDetails, getQuestion, getSpeaker, getUnit, listDebates, listQuestions, listSpeakers } from '../services/catalog-service.ts';
import { compareSpeakers, type CompareResponse } from '../services/compare-service.ts';
import { emptySearchResponse, searchUnits, type SearchResponse } from '../services/search-service.ts';
import { similarUnits } from '../services/similar-service.ts';
import { buildHref, debateHref, publicBaseUrl, searchHref, type LinkParams } from './links.ts';
import { compareForm, compareModel } from './page-models/compare.ts';
import { debatePageModel } from './page-models/debate.ts';
import { questionListModel, questionPageModel } from './page-models/question.ts';
import { hitCard, labelsFor, MAX_PAGE_UNITS, truncationNote } from './page-models/shared.ts';
import { speakerPageModel } from './page-models/speaker.ts';
import { PAGE_FACET_VALUES, searchPageModel, searchState } from './page-models/search.ts';
import { parseCatalogParams, parseCompareParams, parseSearchParams, pathParam } from './params.ts';

export { MAX_PAGE_UNITS };

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
    langSwitchHref: `${url.pathname}${url.search}`,
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
  const labelsOf = (res: Response) => labelsFor((res.locals as PageLocals).lang, deps.corpus);
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
    const query = normaliseQuery({ ...request, maxFacetValues: PAGE_FACET_VALUES });
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
    const state = searchState(query);
    const model = searchPageModel(labelsOf(res), state, result, linkLangOf(res));
    res.render('search', { title: state.q ? `${state.q} – ${res.locals.t('nav.search')}` : res.locals.t('search.title'), model, searchUnavailable });
  };
  router.get('/', searchPage);
  router.get('/search', searchPage);

  router.get('/compare', async (req, res) => {
    const { format: _format, lang: _lang, ...request } = parseCompareParams(req.query, 'lenient');
    const labels = labelsOf(res);
    const form = compareForm(labels, request, listSpeakers(deps));
    const asked = request.speakers.length > 0 || request.question !== undefined || (request.q ?? '') !== '';
    let comparison: CompareResponse | null = null;
    let problem: string | null = null;
    if (asked) {
      try {
        comparison = await compareSpeakers(deps, request);
      } catch (error) {
        // Too few or too many speakers: show the form again with the reason, as a 400.
        if (!(error instanceof BadRequestError)) throw error;
        problem = error.message;
        res.status(400);
      }
    }
    res.render('compare', { title: res.locals.t('compare.title'), form, problem, model: comparison ? compareModel(comparison, labels, linkLangOf(res)) : null });
  });

  router.get('/questions', (req, res) => {
    parseCatalogParams(req.query, 'lenient');
    res.render('questions', { title: res.locals.t('questions.title'), questions: questionListModel(labelsOf(res), listQuestions(deps)) });
  });

  router.get('/questions/:id', (req, res) => {
    parseCatalogParams(req.query, 'lenient');
    const question = getQuestion(deps, pathParam(req.params, 'id'));
    res.render('question', questionPageModel(labelsOf(res), question, linkLangOf(res)));
  });

  router.get('/speakers', (req, res) => {
    parseCatalogParams(req.query, 'lenient');
    res.render('speakers', { title: res.locals.t('speakers.title'), speakers: listSpeakers(deps) });
  });

  router.get('/speakers/:id', (req, res) => {
    parseCatalogParams(req.query, 'lenient');
    const speaker = getSpeaker(deps, pathParam(req.params, 'id'));
    res.render('speaker', speakerPageModel(labelsOf(res), speaker, linkLangOf(res)));
  });

  router.get('/debates', (req, res) => {
    parseCatalogParams(req.query, 'lenient');
    const { lang } = res.locals as PageLocals;
    const debates = listDebates(deps).map((d) => ({ ...d, mediumLabel: mediumLabel(lang, d.medium) }));
    res.render('debates', { title: res.locals.t('debates.title'), debates });
  });

  router.get('/debates/:slug', (req, res) => {
    parseCatalogParams(req.query, 'lenient');
    const { lang } = res.locals as PageLocals;
    const baseUrl = publicBaseUrl(req, deps.config.publicBaseUrl);
    const full = getDebateWithDetails(deps, pathParam(req.params, 'slug'), { baseUrl, maxUnits: MAX_PAGE_UNITS });
    // The first units in debate order (MAX_PAGE_UNITS); replies and continuations to units beyond are left out.
    const debate = full.units.length > MAX_PAGE_UNITS ? { ...full, units: full.units.slice(0, MAX_PAGE_UNITS) } : full;
    const media = describeMedia(debate.mediaUrl ?? undefined, debate.mediaOffset ?? undefined);
    res.render('debate', {
      media,
      // Time codes link to the recording at their moment (views/partials/timecode.ejs).
      timecodeAt: (timecode: string) => timecodeTarget(media, timecode),
      title: debate.title,
      debate,
      unitCount: full.units.length,
      mediumLabel: mediumLabel(lang, debate.medium),
      summaryHtml: renderMarkdown(debate.summary),
      sections: debatePageModel(labelsOf(res), debate, baseUrl, linkLangOf(res)),
      truncated: truncationNote(full.units.length, searchHref({ debate: debate.slug, sort: 'date-asc' }, linkLangOf(res))),
    });
  });

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

  router.get('/u/:id', (req, res) => {
    parseCatalogParams(req.query, 'lenient');
    const unit = getUnit(deps, pathParam(req.params, 'id'));
    res.redirect(302, debateHref(unit.debate, linkLangOf(res), unit.id));
  });

  return router;
}
