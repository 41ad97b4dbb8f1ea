// What the views receive: plain objects built from the services' results, with every label already
// in the page's language and every link already built. Views only loop and print.

import { UNIT_KINDS, type CorpusIndex, type UnitKind } from '../corpus/model.ts';
import { facetLabel, formatDate, kindLabel, t, type Lang, type Translate } from '../i18n.ts';
import { renderMarkdown } from '../markdown.ts';
import { DEFAULT_LIMIT, FACET_FIELDS, type FacetField, type SearchSort } from '../search/engine.ts';
import { splitPositionKey } from '../search/documents.ts';
import { getUnit, type DebateDetail, type UnitRef, type UnitView } from '../services/catalog-service.ts';
import type { SearchResponse, UnitHit } from '../services/search-service.ts';

// ---------------------------------------------------------------- links

export type LinkParams = Record<string, string | number | readonly string[] | undefined | null>;

/**
 * A site link with its query string. `lang` is carried only when the reader chose it with
 * `?lang=`, so that links stay clean for everyone else and the choice survives navigation.
 */
export function buildHref(path: string, params: LinkParams = {}, lang?: Lang): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) search.append(name, v);
    else search.append(name, String(value));
  }
  if (lang) search.set('lang', lang);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

export interface Labels {
  lang: Lang;
  t: Translate;
  index: CorpusIndex;
}

export function labelsFor(lang: Lang, index: CorpusIndex): Labels {
  return { lang, t: t(lang), index };
}

export function questionTitle(labels: Labels, id: string | null): string {
  if (!id) return '';
  const question = labels.index.questionById.get(id);
  if (!question) return id;
  return labels.lang === 'en' ? question.titleEn : question.title;
}

/** A position key "question:position" as a label in the page's language (English when given). */
export function positionLabel(labels: Labels, key: string | null): string {
  if (!key) return '';
  const parts = splitPositionKey(key);
  const question = parts ? labels.index.questionById.get(parts.question) : undefined;
  const position = question?.positions.find((p) => p.id === parts?.position);
  if (!position) return key;
  return labels.lang === 'en' ? (position.labelEn ?? position.label) : position.label;
}

export function facetValueLabel(labels: Labels, field: FacetField, value: string): string {
  switch (field) {
    case 'speaker':
      return labels.index.speakerById.get(value)?.name ?? value;
    case 'question':
      return questionTitle(labels, value);
    case 'position':
      return positionLabel(labels, value);
    case 'kind':
      return (UNIT_KINDS as readonly string[]).includes(value) ? kindLabel(labels.lang, value as UnitKind) : value;
    case 'debate':
      return labels.index.debateBySlug.get(value)?.title ?? value;
  }
}

// ---------------------------------------------------------------- units

export interface RelationLine {
  label: string;
  refs: { href: string; speakerName: string; excerpt: string }[];
}

/** One unit as `partials/unit.ejs` shows it, whatever page it is on. */
export interface UnitCard {
  id: string;
  /** Set on pages where the unit is at home (its debate), so that /u/<id> lands on it. */
  anchorId: string | null;
  permalink: string;
  debateHref: string;
  speaker: string;
  speakerName: string;
  speakerHref: string;
  kind: string;
  kindLabel: string;
  questionTitle: string;
  questionHref: string | null;
  positionLabel: string;
  debateTitle: string;
  date: string;
  timecode: string | null;
  /** The signature in the source, shown when it differs from the speaker's name. */
  signedAs: string | null;
  /** Sanitised HTML: the engine's escaped highlight, or the Markdown module's output. */
  bodyHtml: string;
  showDebate: boolean;
  citation: string | null;
  relations: RelationLine[];
  /** Continuation parts of a split comment, shown inside the same card. */
  parts: UnitCard[];
  /** Search hits matching only through metadata: where the words are (engine markup, HTML-safe). */
  matchedIn?: { field: string; highlight: string }[];
}

/** What a card needs of a unit, whether it comes from a search hit or from the catalog. */
type CardSource = Pick<UnitView, 'id' | 'debate' | 'debateTitle' | 'date' | 'speaker' | 'speakerName' | 'question' | 'position' | 'kind'>;

function baseCard(labels: Labels, unit: CardSource, bodyHtml: string, lang: Lang | undefined): UnitCard {
  return {
    id: unit.id,
    anchorId: null,
    permalink: `/u/${encodeURIComponent(unit.id)}`,
    debateHref: `${buildHref(`/debates/${encodeURIComponent(unit.debate)}`, {}, lang)}#${encodeURIComponent(unit.id)}`,
    speaker: unit.speaker,
    speakerName: unit.speakerName,
    speakerHref: buildHref(`/speakers/${encodeURIComponent(unit.speaker)}`, {}, lang),
    kind: unit.kind,
    kindLabel: kindLabel(labels.lang, unit.kind),
    questionTitle: questionTitle(labels, unit.question),
    questionHref: unit.question ? buildHref(`/questions/${encodeURIComponent(unit.question)}`, {}, lang) : null,
    positionLabel: positionLabel(labels, unit.position),
    debateTitle: unit.debateTitle,
    date: formatDate(labels.lang, unit.date),
    timecode: null,
    signedAs: null,
    bodyHtml,
    showDebate: true,
    citation: null,
    relations: [],
    parts: [],
  };
}

/** A search hit: the engine's highlight as a snippet, or its Markdown rendered (comparison columns). */
export function hitCard(labels: Labels, hit: UnitHit, lang: Lang | undefined, body: 'highlight' | 'markdown' = 'highlight'): UnitCard {
  const card = baseCard(labels, hit, body === 'highlight' ? cropHighlight(hit.highlight) : renderMarkdown(hit.text), lang);
  return hit.matchedIn ? { ...card, matchedIn: hit.matchedIn } : card;
}

export const SNIPPET_LENGTH = 400;
const SNIPPET_LEAD = 120;

/**
 * Cuts an engine highlight (escaped text with <mark> tags, nothing else) to about `max` visible
 * characters around its first match, on word boundaries, with "…" where text was cut. Entities
 * and marks are never split, so the result stays HTML-safe.
 */
export function cropHighlight(html: string, max = SNIPPET_LENGTH, lead = SNIPPET_LEAD): string {
  const units: { text: string; marked: boolean }[] = [];
  let marked = false;
  for (const piece of html.match(/<mark>|<\/mark>|&[#a-zA-Z0-9]+;|[\s\S]/gu) ?? []) {
    if (piece === '<mark>') marked = true;
    else if (piece === '</mark>') marked = false;
    else units.push({ text: piece, marked });
  }
  if (units.length <= max) return html;
  const isSpace = (i: number): boolean => /^\s$/.test(units[i]?.text ?? '');
  const first = Math.max(0, units.findIndex((u) => u.marked));
  let start = first <= lead ? 0 : first - lead;
  if (start > 0) {
    for (let i = start; i < first; i++) {
      if (isSpace(i)) {
        start = i + 1;
        break;
      }
    }
  }
  let end = Math.min(units.length, start + max);
  if (end < units.length) {
    for (let i = end; i > start + max * 0.6; i--) {
      if (isSpace(i)) {
        end = i;
        break;
      }
    }
  }
  let out = start > 0 ? '…' : '';
  let open = false;
  for (const unit of units.slice(start, end)) {
    if (unit.marked !== open) {
      out += open ? '</mark>' : '<mark>';
      open = unit.marked;
    }
    out += unit.text;
  }
  if (open) out += '</mark>';
  return end < units.length ? `${out.trimEnd()}…` : out;
}

/** A signature worth showing: one that differs from the speaker's display name. */
function signatureOf(unit: Pick<UnitView, 'signedAs' | 'speakerName'>): string | null {
  return unit.signedAs && unit.signedAs !== unit.speakerName ? unit.signedAs : null;
}

/** A unit outside its debate (speaker and question pages): Markdown body, link to its place. */
export function viewCard(labels: Labels, unit: UnitView, lang: Lang | undefined): UnitCard {
  return { ...baseCard(labels, unit, renderMarkdown(unit.text), lang), timecode: unit.timecode, signedAs: signatureOf(unit) };
}

function refLink(ref: UnitRef, homeDebate: string | null, lang: Lang | undefined): RelationLine['refs'][number] {
  // Inside the same debate page, a fragment link moves without reloading.
  const href = ref.debate === homeDebate ? `#${encodeURIComponent(ref.id)}` : buildHref(`/u/${encodeURIComponent(ref.id)}`, {}, lang);
  return { href, speakerName: ref.speakerName, excerpt: ref.excerpt };
}

/** A unit on its own debate page: anchor, citation and every relation, both ways. */
export function homeCard(labels: Labels, unit: UnitView, baseUrl: string, lang: Lang | undefined, options: { showContinuation?: boolean } = {}): UnitCard {
  const detail = getUnit({ corpus: labels.index }, unit.id, { baseUrl });
  const line = (key: Parameters<Translate>[0], refs: readonly UnitRef[]): RelationLine | null =>
    refs.length > 0 ? { label: labels.t(key), refs: refs.map((r) => refLink(r, unit.debate, lang)) } : null;
  const relations = [
    line('unit.replyTo', detail.replyTo ? [detail.replyTo] : []),
    options.showContinuation ? line('unit.continues', detail.continues ? [detail.continues] : []) : null,
    line('unit.supports', detail.relations.supports),
    line('unit.attacks', detail.relations.attacks),
    line('unit.supportedBy', detail.relations.supportedBy),
    line('unit.attackedBy', detail.relations.attackedBy),
    line('unit.replies', detail.replies),
  ].filter((r): r is RelationLine => r !== null);
  return {
    ...viewCard(labels, unit, lang),
    anchorId: unit.id,
    showDebate: false,
    citation: citationLine(labels, unit, detail.debateInfo.sourceUrl, baseUrl),
    relations,
  };
}

/**
 * How to cite a unit, written in the page's language: speaker, debate title, date, source and
 * permalink (the API's `citation` field gives the same facts in one fixed English form).
 */
export function citationLine(labels: Labels, unit: Pick<UnitView, 'id' | 'speakerName' | 'debateTitle' | 'date'>, sourceUrl: string | null, baseUrl: string): string {
  const fr = labels.lang === 'fr';
  const colon = fr ? '\u00a0:' : ':';
  const title = fr ? `«\u00a0${unit.debateTitle}\u00a0»` : `“${unit.debateTitle}”`;
  const parts = [[unit.speakerName, title, unit.date ? formatDate(labels.lang, unit.date) : ''].filter(Boolean).join(', ')];
  if (sourceUrl) parts.push(`${labels.t('debate.source')}${colon} ${sourceUrl}`);
  parts.push(`${labels.t('unit.permalink')}${colon} ${baseUrl}/u/${encodeURIComponent(unit.id)}`);
  return `${parts.join('. ')}.`;
}

// ---------------------------------------------------------------- search

export interface SearchState {
  q: string;
  filters: Record<FacetField, string[]>;
  sort: SearchSort;
  page: number;
  limit: number;
}

export function searchStateHref(state: SearchState, lang: Lang | undefined, change: Partial<SearchState> = {}): string {
  const next = { ...state, ...change };
  return buildHref(
    '/search',
    {
      q: next.q,
      ...Object.fromEntries(FACET_FIELDS.map((f) => [f, next.filters[f]])),
      sort: next.sort === 'relevance' ? undefined : next.sort,
      limit: next.limit === DEFAULT_LIMIT ? undefined : next.limit,
      page: next.page > 1 ? next.page : undefined,
    },
    lang,
  );
}

function toggled(state: SearchState, field: FacetField, value: string): SearchState['filters'] {
  const current = state.filters[field];
  const values = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...state.filters, [field]: values };
}

export interface FacetItem {
  value: string;
  label: string;
  /** What tells apart values with the same label: a position's question. */
  hint: string;
  count: number;
  selected: boolean;
  href: string;
}

export interface FacetGroup {
  field: FacetField;
  label: string;
  items: FacetItem[];
}

export interface ActiveFilter {
  field: FacetField;
  fieldLabel: string;
  label: string;
  removeHref: string;
}

export interface PageLink {
  page: number;
  href: string;
  current: boolean;
}

export interface Pagination {
  page: number;
  pages: number;
  previousHref: string | null;
  nextHref: string | null;
  links: (PageLink | null)[];
}

export function pagination(page: number, total: number, limit: number, hrefFor: (page: number) => string): Pagination | null {
  const pages = Math.max(1, Math.ceil(total / limit));
  if (pages <= 1 && page <= 1) return null;
  // First, last, and two either side of the current page; null marks a gap.
  const wanted = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  const links: (PageLink | null)[] = [];
  wanted.forEach((p, at) => {
    const before = wanted[at - 1];
    if (before !== undefined && p - before > 1) links.push(null);
    links.push({ page: p, href: hrefFor(p), current: p === page });
  });
  return {
    page,
    pages,
    previousHref: page > 1 ? hrefFor(Math.min(page - 1, pages)) : null,
    nextHref: page < pages ? hrefFor(page + 1) : null,
    links,
  };
}

export interface SearchPageModel {
  state: SearchState;
  total: number;
  cards: UnitCard[];
  facets: FacetGroup[];
  active: ActiveFilter[];
  clearHref: string | null;
  pagination: Pagination | null;
  countText: string;
  suggestions: { label: string; href: string }[];
  facetSuggestions: { label: string; href: string }[];
}

/** Queries shown when nothing matched: words the bundled corpus answers, in both languages. */
export const SUGGESTED_QUERIES: Readonly<Record<Lang, readonly string[]>> = {
  fr: ['stagiaire', 'stratégie', 'relations publiques', 'communauté', 'agence'],
  en: ['intern', 'strategy', 'public relations', 'community', 'agency'],
};

export function searchPageModel(labels: Labels, state: SearchState, result: SearchResponse, lang: Lang | undefined): SearchPageModel {
  const facets: FacetGroup[] = FACET_FIELDS.map((field) => {
    const counts = { ...result.facets[field] };
    // A selected value stays listed (to be removed) even when the engine gives it no count.
    for (const value of state.filters[field]) if (!(value in counts)) counts[value] = 0;
    const items = Object.entries(counts)
      .map(([value, count]) => ({
        value,
        label: facetValueLabel(labels, field, value),
        hint: field === 'position' ? questionTitle(labels, splitPositionKey(value)?.question ?? null) : '',
        count,
        selected: state.filters[field].includes(value),
        href: searchStateHref(state, lang, { filters: toggled(state, field, value), page: 1 }),
      }))
      .sort((a, b) => Number(b.selected) - Number(a.selected) || b.count - a.count || a.label.localeCompare(b.label, labels.lang));
    return { field, label: facetLabel(labels.lang, field), items };
  });
  const active: ActiveFilter[] = FACET_FIELDS.flatMap((field) =>
    state.filters[field].map((value) => ({
      field,
      fieldLabel: facetLabel(labels.lang, field),
      label: facetValueLabel(labels, field, value),
      removeHref: searchStateHref(state, lang, { filters: toggled(state, field, value), page: 1 }),
    })),
  );
  const noFilters = Object.fromEntries(FACET_FIELDS.map((f) => [f, []])) as unknown as SearchState['filters'];
  const countText = state.q
    ? labels.t('search.countFor', { count: result.total, query: state.q })
    : labels.t('search.count', { count: result.total });
  return {
    state,
    total: result.total,
    cards: result.hits.map((hit) => hitCard(labels, hit, lang)),
    facets,
    active,
    clearHref: active.length > 0 ? searchStateHref(state, lang, { filters: noFilters, page: 1 }) : null,
    pagination: pagination(state.page, result.total, state.limit, (page) => searchStateHref(state, lang, { page })),
    countText,
    suggestions: SUGGESTED_QUERIES[labels.lang].map((q) => ({ label: q, href: buildHref('/search', { q }, lang) })),
    facetSuggestions: [
      ...labels.index.corpus.questions.slice(0, 4).map((q) => ({ label: questionTitle(labels, q.id), href: buildHref('/search', { question: q.id }, lang) })),
      ...labels.index.corpus.speakers.slice(0, 4).map((s) => ({ label: s.name, href: buildHref('/search', { speaker: s.id }, lang) })),
    ],
  };
}

// ---------------------------------------------------------------- debate

export interface ThreadNode {
  card: UnitCard;
  replies: ThreadNode[];
}

export interface DebatePageModel {
  arguments: { speaker: string; speakerName: string; speakerHref: string; cards: UnitCard[] }[];
  turns: UnitCard[];
  authorViews: UnitCard[];
  comments: ThreadNode[];
}

/**
 * Lays a debate out in sections. A unit that `continues` another is folded into the card of the
 * part it continues (one comment split to carry several positions reads as one comment), and a
 * comment that replies to another comment is nested under the card holding its target.
 */
export function debatePageModel(labels: Labels, debate: DebateDetail, baseUrl: string, lang: Lang | undefined): DebatePageModel {
  const units = debate.units;
  const inDebate = new Map(units.map((u) => [u.id, u]));
  // The head of each chain of `continues`, and the card of every unit by id.
  const headOf = (unit: UnitView): UnitView => {
    let current = unit;
    const seen = new Set<string>();
    while (current.continues && inDebate.has(current.continues) && !seen.has(current.id)) {
      seen.add(current.id);
      current = inDebate.get(current.continues)!;
    }
    return current;
  };
  const cards = new Map<string, UnitCard>();
  const heads: UnitView[] = [];
  for (const unit of units) {
    const head = headOf(unit);
    if (head.id === unit.id) {
      cards.set(unit.id, homeCard(labels, unit, baseUrl, lang));
      heads.push(unit);
    }
  }
  const cardOfUnit = new Map<string, UnitCard>();
  for (const unit of units) {
    const headCard = cards.get(headOf(unit).id)!;
    if (headOf(unit).id !== unit.id) headCard.parts.push(homeCard(labels, unit, baseUrl, lang));
    cardOfUnit.set(unit.id, headCard);
  }

  const model: DebatePageModel = { arguments: [], turns: [], authorViews: [], comments: [] };
  const nodes = new Map<string, ThreadNode>();
  for (const head of heads) {
    const card = cards.get(head.id)!;
    switch (head.kind) {
      case 'argument': {
        let group = model.arguments.find((g) => g.speaker === head.speaker);
        if (!group) {
          group = { speaker: head.speaker, speakerName: head.speakerName, speakerHref: card.speakerHref, cards: [] };
          model.arguments.push(group);
        }
        group.cards.push(card);
        break;
      }
      case 'turn':
        model.turns.push(card);
        break;
      case 'author-view':
        model.authorViews.push(card);
        break;
      case 'comment': {
        const node: ThreadNode = { card, replies: [] };
        nodes.set(head.id, node);
        // Replies come after what they answer in a debate, so the parent node already exists.
        const parentCard = head.replyTo ? cardOfUnit.get(head.replyTo) : undefined;
        const parent = parentCard ? nodes.get(parentCard.id) : undefined;
        if (parent) parent.replies.push(node);
        else model.comments.push(node);
        break;
      }
    }
  }
  return model;
}
