// The HTML site: thin routes that check the query string, call the services and render a view.
// Everything works as plain links and forms; public/app.js only makes it quicker.

import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { BadRequestError } from '../errors.ts';
import { formatDate, isLang, mediumLabel, pickLanguage, t, type Lang } from '../i18n.ts';
import { renderMarkdown } from '../markdown.ts';
import { DEFAULT_LIMIT, FACET_FIELDS, type FacetField } from '../search/engine.ts';
import { getDebate, getQuestion, getSpeaker, getUnit, listDebates, listQuestions, listSpeakers } from '../services/catalog-service.ts';
import { compareSpeakers, MAX_COMPARED, parseCompareParams, type CompareResponse } from '../services/compare-service.ts';
import { parseLang, parseSearchParams, searchUnits } from '../services/search-service.ts';
import { similarUnits } from '../services/similar-service.ts';

/** Similar units listed on a unit's "similar arguments" page. */
const SIMILAR_PAGE_LIMIT = 10;
import {
  buildHref,
  debatePageModel,
  hitCard,
  labelsFor,
  positionLabel,
  questionTitle,
  searchPageModel,
  viewCard,
  type LinkParams,
  type SearchState,
  type UnitCard,
} from './page-models.ts';

/** Facet values per field on the search page, the most frequent first. */
const PAGE_FACET_VALUES = 30;

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
    colon: lang === 'fr' ? '\u00a0:' : ':',
  };
  Object.assign(res.locals, locals);
  return locals;
}

function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** Browse pages take no parameter but `lang`; others are ignored (shared links carry trackers). */
function checkBrowseParams(req: Request): void {
  parseLang(req.query.lang);
}

function param(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== 'string' || value === '') throw new BadRequestError(`missing "${name}"`);
  return value;
}

export function createPagesRouter(deps: AppDeps): Router {
  const router = Router();

  router.use((req, res, next) => {
    pageLocals(req, res);
    // The same URL answers in French or English depending on the browser.
    res.vary('Accept-Language');
    next();
  });

  const searchPage = async (req: Request, res: Response): Promise<void> => {
    const { lang, linkLang } = res.locals as PageLocals;
    const parsed = parseSearchParams(req.query as Record<string, unknown>);
    const state: SearchState = {
      q: parsed.text,
      filters: Object.fromEntries(FACET_FIELDS.map((f) => [f, [...(parsed.filters?.[f] ?? [])]])) as Record<FacetField, string[]>,
      sort: parsed.sort ?? 'relevance',
      page: parsed.page ?? 1,
      limit: parsed.limit ?? DEFAULT_LIMIT,
    };
    // A page lists fewer facet values than the API answers; the full lists are on /speakers etc.
    const result = await searchUnits(deps, { ...parsed, maxFacetValues: PAGE_FACET_VALUES });
    const model = searchPageModel(labelsFor(lang, deps.corpus), state, result, linkLang);
    res.render('search', { title: state.q ? `${state.q} – ${res.locals.t('nav.search')}` : res.locals.t('search.title'), model, defaultLimit: DEFAULT_LIMIT });
  };
  router.get('/', searchPage);
  router.get('/search', searchPage);

  router.get('/compare', async (req, res) => {
    const { lang, linkLang } = res.locals as PageLocals;
    const request = parseCompareParams(req.query as Record<string, unknown>);
    const labels = labelsFor(lang, deps.corpus);
    const form = {
      question: request.question ?? '',
      speakers: request.speakers,
      q: request.q ?? '',
      questions: deps.corpus.corpus.questions.map((q) => ({ id: q.id, title: questionTitle(labels, q.id) })),
      allSpeakers: listSpeakers(deps).map((s) => ({ id: s.id, name: s.name })),
      max: MAX_COMPARED,
    };
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
    res.render('compare', { title: res.locals.t('compare.title'), form, problem, model: comparison ? compareModel(comparison, labels, linkLang) : null });
  });

  router.get('/questions', (req, res) => {
    checkBrowseParams(req);
    const { lang } = res.locals as PageLocals;
    const labels = labelsFor(lang, deps.corpus);
    const questions = listQuestions(deps).map((q) => ({ ...q, shownTitle: questionTitle(labels, q.id), otherTitle: lang === 'en' ? q.title : q.titleEn }));
    res.render('questions', { title: res.locals.t('questions.title'), questions });
  });

  router.get('/questions/:id', (req, res) => {
    checkBrowseParams(req);
    const { lang, linkLang } = res.locals as PageLocals;
    const labels = labelsFor(lang, deps.corpus);
    const question = getQuestion(deps, param(req, 'id'));
    const count = (speaker: string, position: string | null): number =>
      question.matrix.cells.find((c) => c.speaker === speaker && c.position === position)?.count ?? 0;
    const hasUnpositioned = question.matrix.cells.some((c) => c.position === null);
    const columns = [
      ...question.matrix.positions.map((p) => ({ key: p.key as string | null, label: positionLabel(labels, p.key) })),
      ...(hasUnpositioned ? [{ key: null, label: res.locals.t('unit.noPosition') }] : []),
    ];
    const rows = question.matrix.speakers.map((s) => ({
      id: s.id,
      name: s.name,
      href: buildHref(`/speakers/${encodeURIComponent(s.id)}`, {}, linkLang),
      cells: columns.map((c) => {
        const n = count(s.id, c.key);
        const search: LinkParams = c.key ? { question: question.id, position: c.key, speaker: s.id } : { question: question.id, speaker: s.id };
        return { count: n, label: c.label, href: n > 0 && c.key ? buildHref('/search', search, linkLang) : null };
      }),
    }));
    const groups = question.groups.map((g) => ({
      key: g.position,
      label: g.position ? positionLabel(labels, g.position) : res.locals.t('unit.noPosition'),
      description: question.positions.find((p) => p.key === g.position)?.description ?? '',
      searchHref: g.position ? buildHref('/search', { question: question.id, position: g.position }, linkLang) : null,
      cards: g.units.map((u) => viewCard(labels, u, linkLang)),
    }));
    res.render('question', {
      title: questionTitle(labels, question.id),
      question,
      shownTitle: questionTitle(labels, question.id),
      otherTitle: lang === 'en' ? question.title : question.titleEn,
      descriptionHtml: renderMarkdown(question.description),
      columns,
      rows,
      groups,
    });
  });

  router.get('/speakers', (req, res) => {
    checkBrowseParams(req);
    res.render('speakers', { title: res.locals.t('speakers.title'), speakers: listSpeakers(deps) });
  });

  router.get('/speakers/:id', (req, res) => {
    checkBrowseParams(req);
    const { lang, linkLang } = res.locals as PageLocals;
    const labels = labelsFor(lang, deps.corpus);
    const speaker = getSpeaker(deps, param(req, 'id'));
    const positions = speaker.positions.map((entry) => ({
      questionTitle: questionTitle(labels, entry.question.id),
      questionHref: buildHref(`/questions/${encodeURIComponent(entry.question.id)}`, {}, linkLang),
      positions: entry.positions.map((p) => ({
        label: positionLabel(labels, p.key),
        count: p.count,
        href: buildHref('/search', { speaker: speaker.id, question: entry.question.id, position: p.key }, linkLang),
      })),
      unpositioned: entry.unpositioned,
    }));
    res.render('speaker', {
      title: speaker.name,
      speaker,
      descriptionHtml: renderMarkdown(speaker.description),
      positions,
      cards: speaker.units.map((u) => viewCard(labels, u, linkLang)),
    });
  });

  router.get('/debates', (req, res) => {
    checkBrowseParams(req);
    const { lang } = res.locals as PageLocals;
    const debates = listDebates(deps).map((d) => ({ ...d, mediumLabel: mediumLabel(lang, d.medium) }));
    res.render('debates', { title: res.locals.t('debates.title'), debates });
  });

  router.get('/debates/:slug', (req, res) => {
    checkBrowseParams(req);
    const { lang, linkLang } = res.locals as PageLocals;
    const labels = labelsFor(lang, deps.corpus);
    const debate = getDebate(deps, param(req, 'slug'));
    const units = debate.units;
    res.render('debate', {
      title: debate.title,
      debate,
      unitCount: units.length,
      mediumLabel: mediumLabel(lang, debate.medium),
      summaryHtml: renderMarkdown(debate.summary),
      sections: debatePageModel(labels, debate, baseUrl(req), linkLang),
    });
  });

  router.get('/u/:id/similar', async (req, res) => {
    checkBrowseParams(req);
    const { lang, linkLang } = res.locals as PageLocals;
    const labels = labelsFor(lang, deps.corpus);
    const unit = getUnit(deps, param(req, 'id'));
    const similar = await similarUnits(deps, unit.id, SIMILAR_PAGE_LIMIT);
    res.render('similar', {
      title: `${res.locals.t('similar.title')} – ${unit.speakerName}`,
      unit: { speakerName: unit.speakerName, debateTitle: unit.debateInfo.title, href: buildHref(`/u/${encodeURIComponent(unit.id)}`, {}, linkLang), text: unit.text },
      total: similar.total,
      cards: similar.hits.map((hit) => hitCard(labels, hit, linkLang)),
    });
  });

  router.get('/u/:id', (req, res) => {
    checkBrowseParams(req);
    const { linkLang } = res.locals as PageLocals;
    const unit = getUnit(deps, param(req, 'id'));
    res.redirect(302, `${buildHref(`/debates/${encodeURIComponent(unit.debate)}`, {}, linkLang)}#${encodeURIComponent(unit.id)}`);
  });

  return router;
}

export interface CompareModel {
  questionTitle: string | null;
  query: string;
  speakers: { id: string; name: string; href: string; total: number }[];
  rows: {
    key: string | null;
    label: string;
    questionTitle: string;
    cells: { speakerName: string; cards: UnitCard[] }[];
  }[];
}

/**
 * Lines the columns up: one row per position any compared speaker took (or, with a question, every
 * position of it), so that "absent" shows where a speaker said nothing for that position.
 */
function compareModel(comparison: CompareResponse, labels: ReturnType<typeof labelsFor>, linkLang: Lang | undefined): CompareModel {
  const keys: (string | null)[] = [];
  for (const column of comparison.columns) for (const group of column.positions) if (!keys.includes(group.position)) keys.push(group.position);
  // Units without position last.
  keys.sort((a, b) => Number(a === null) - Number(b === null));
  const rows = keys.map((key) => ({
    key,
    label: key ? positionLabel(labels, key) : labels.t('compare.otherUnits'),
    questionTitle: key ? questionTitle(labels, key.split(':')[0] ?? null) : '',
    cells: comparison.columns.map((column) => ({
      speakerName: column.speakerName,
      cards: (column.positions.find((g) => g.position === key)?.units ?? []).map((hit) => hitCard(labels, hit, linkLang, 'markdown')),
    })),
  }));
  return {
    questionTitle: comparison.question ? questionTitle(labels, comparison.question.id) : null,
    query: comparison.query,
    speakers: comparison.columns.map((c) => ({ id: c.speaker, name: c.speakerName, href: buildHref(`/speakers/${encodeURIComponent(c.speaker)}`, {}, linkLang), total: c.total })),
    rows,
  };
}
