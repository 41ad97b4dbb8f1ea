// The speaker page: the positions the speaker took, question by question (each a link to the
// matching search), then every unit of theirs.

import type { Lang } from '../../i18n.ts';
import type { SpeakerDetail } from '../../services/catalog-service.ts';
import { buildHref, questionHref, searchHref } from '../links.ts';
import { pagination, type Pagination } from './search.ts';
import { localMarkdown, positionLabel, questionTitle, viewCard, type Labels, type LocalText, type UnitCard } from './shared.ts';

export interface SpeakerPageModel {
  title: string;
  speaker: SpeakerDetail;
  description: (LocalText & { html: string }) | null;
  positions: {
    questionTitle: string;
    questionHref: string;
    positions: { label: string; count: number; href: string }[];
    unpositioned: number;
  }[];
  /** The units on this page (READING_PAGE_UNITS at most). */
  cards: UnitCard[];
  /** The debates and positions sections are on page 1 only, at most LIST_CAP entries each. */
  debates: SpeakerDetail['debates'];
  /** Set when debates or questions were left out: how many, and where to see them all. */
  more: { debates: number; positions: number; href: string; text: string } | null;
  firstPage: boolean;
  /** Units on all pages. */
  unitCount: number;
  /** "Units 51–100 of 240", or null when they fit one page. */
  rangeText: string | null;
  pagination: Pagination | null;
  /** 1-based number of the first card on this page (the list's `start`). */
  start: number;
}

/** Debates and questions listed on a speaker's first page; the rest are a search away. */
export const LIST_CAP = 30;

/** Units listed on one page of a speaker or a question. */
export const READING_PAGE_UNITS = 50;

/** The slice of `total` items a page shows, or a NotFound-worthy null when the page is past the end. */
export function pageSlice(page: number, total: number, size = READING_PAGE_UNITS): { start: number; end: number; pages: number } | null {
  const pages = Math.max(1, Math.ceil(total / size));
  if (page > pages) return null;
  const start = (page - 1) * size;
  return { start, end: Math.min(total, start + size), pages };
}

/**
 * `speaker` holds either every unit, or (unitsPage set, as the route asks) only this page's: a
 * speaker with thousands of units is not turned into views to show fifty.
 */
export function speakerPageModel(labels: Labels, speaker: SpeakerDetail, lang: Lang | undefined, page = 1): SpeakerPageModel | null {
  const total = speaker.unitsPage?.total ?? speaker.units.length;
  const slice = pageSlice(page, total);
  if (!slice) return null;
  const shown = speaker.unitsPage ? speaker.units : speaker.units.slice(slice.start, slice.end);
  const hrefFor = (p: number): string => buildHref(`/speakers/${encodeURIComponent(speaker.id)}`, { page: p > 1 ? p : undefined }, lang);
  const positions = speaker.positions.map((entry) => ({
    questionTitle: questionTitle(labels, entry.question.id),
    questionHref: questionHref(entry.question.id, lang),
    positions: entry.positions.map((p) => ({
      label: positionLabel(labels, p.key),
      count: p.count,
      href: searchHref({ speaker: speaker.id, question: entry.question.id, position: p.key }, lang),
    })),
    unpositioned: entry.unpositioned,
  }));
  const moreDebates = Math.max(0, speaker.debates.length - LIST_CAP);
  const morePositions = Math.max(0, positions.length - LIST_CAP);
  return {
    title: speaker.name,
    speaker,
    description: localMarkdown(labels, { fr: speaker.description, en: speaker.descriptionEn }),
    positions: page === 1 ? positions.slice(0, LIST_CAP) : [],
    debates: page === 1 ? speaker.debates.slice(0, LIST_CAP) : [],
    more:
      page === 1 && (moreDebates > 0 || morePositions > 0)
        ? { debates: moreDebates, positions: morePositions, href: searchHref({ speaker: speaker.id }, lang), text: labels.t('speaker.more', { items: [moreDebates > 0 ? labels.t('speaker.moreDebates', { count: moreDebates }) : '', morePositions > 0 ? labels.t('speaker.moreQuestions', { count: morePositions }) : ''].filter(Boolean).join(labels.lang === 'fr' ? ' et ' : ' and ') }) }
        : null,
    firstPage: page === 1,
    cards: shown.map((u) => viewCard(labels, u, lang)),
    unitCount: total,
    rangeText: slice.pages > 1 ? labels.t('reading.range', { first: slice.start + 1, last: slice.end, total }) : null,
    pagination: pagination(page, slice.pages, 1, hrefFor),
    start: slice.start + 1,
  };
}
