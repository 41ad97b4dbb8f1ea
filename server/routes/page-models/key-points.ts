// The key points of a question as the pages show them (issue 23). On the question page (page 1), a
// section grouped by position: each key point with its quoted label, a bar of its share, the
// speakers behind it (each linked to the compare page with the key point's speakers selected) and,
// in a <details>, its first units; "other" apart. Every unit of one key point (or of "other") is on
// its own paged page, /questions/:id/key-points/:point.
//
// Bounds (the question page stays under 300 KB at 100k units): at most 30 key points (the
// analysis), a label cropped past LABEL_LENGTH characters, KEY_POINT_PREVIEW_UNITS cropped units and
// SPEAKERS_SHOWN speakers under each; "other" is counted there and listed on its own page.

import type { Lang } from '../../i18n.ts';
import type { KeyPointsResponse, KeyPointUnit, KeyPointView } from '../../services/key-points-service.ts';
import { positionKey } from '../../search/documents.ts';
import { excerpt } from '../../services/excerpt.ts';
import { buildHref, speakerHref } from '../links.ts';
import { OTHER_POINT } from '../params.ts';
import { pagination, type Pagination } from './search.ts';
import { positionLabel, type Labels } from './shared.ts';

/** Units shown inside each key point on the question page besides its label's (quoted above them); the rest are on its own page. */
export const KEY_POINT_PREVIEW_UNITS = 2;
/** What the question page asks the service for under each key point: the preview and the label's unit, which may be among them. */
export const KEY_POINT_PREVIEW_LIMIT = KEY_POINT_PREVIEW_UNITS + 1;
/** Speakers named beside a key point on the question page (all of them on its own page, up to SPEAKER_ROWS). */
export const SPEAKERS_SHOWN = 4;
/** A compare page takes 2 to 4 speakers (compare-service.ts MIN_COMPARED, MAX_COMPARED). */
const COMPARE_SPEAKERS = 4;
/** Rows of the by-speaker table on a key point's page; the rest is said and in the download. */
export const SPEAKER_ROWS = 60;
/** Units on one page of a key point. */
export const KEY_POINT_PAGE_UNITS = 50;
/** A label longer than this is cropped on the pages (on a word, with "…"); the whole text is on its unit's page. */
export const LABEL_LENGTH = 240;
/** A unit previewed under a key point on the question page is cropped shorter than elsewhere. */
const PREVIEW_LENGTH = 140;

export interface KeyPointUnitItem {
  excerpt: string;
  speakerName: string;
  href: string;
}

export interface KeyPointSpeaker {
  name: string;
  count: number;
  /** The compare page with this speaker and the key point's next ones (the speaker's page when alone). */
  href: string;
}

export interface KeyPointItem {
  rank: number;
  /** The element id on the question page. */
  anchor: string;
  heading: string;
  /** The label's unit text, cropped past LABEL_LENGTH; escaped by the view. */
  label: string;
  labelCropped: boolean;
  labelHref: string;
  labelBy: string;
  positionLabel: string | null;
  count: number;
  /** "12 of 40 arguments": the bar's text (the bar itself is hidden from screen readers). */
  countText: string;
  /** The share of the question's units, 0 to 100, for the bar's width. */
  sharePercent: number;
  /** The share as a percentage in the page's language ("4,5 %", "4.5%"). */
  shareText: string;
  speakers: KeyPointSpeaker[];
  moreSpeakers: string | null;
  openText: string;
  units: KeyPointUnitItem[];
  /** The key point's own page. */
  pageHref: string;
  allText: string;
}

export interface KeyPointPositionGroup {
  key: string | null;
  /** Null when the question has no positions (one group, no heading). */
  label: string | null;
  items: KeyPointItem[];
}

export interface KeyPointOtherGroup {
  label: string | null;
  count: number;
  countText: string;
}

export interface KeyPointSection {
  groups: KeyPointPositionGroup[];
  count: number;
  coveredText: string;
  other: { text: string; href: string; groups: KeyPointOtherGroup[] } | null;
}

function pointHref(questionId: string, point: number, lang: Lang | undefined, page = 1): string {
  return buildHref(`/questions/${encodeURIComponent(questionId)}/key-points/${point === 0 ? OTHER_POINT : point}`, { page: page > 1 ? page : undefined }, lang);
}

function unitItems(units: readonly KeyPointUnit[], lang: Lang | undefined, length?: number): KeyPointUnitItem[] {
  return units.map((u) => ({ excerpt: length ? excerpt(u.excerpt, length) : u.excerpt, speakerName: u.speakerName, href: buildHref(u.url, {}, lang) }));
}

function percent(labels: Labels, share: number): string {
  return new Intl.NumberFormat(labels.lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/**
 * The speakers behind a key point, the most units first. Each links to the compare page on the
 * question with that speaker first and the key point's next speakers beside (a comparison takes 2
 * to 4); a key point made by one speaker alone links to that speaker's page.
 */
function keyPointSpeakers(questionId: string, kp: KeyPointView, lang: Lang | undefined, shown: number): KeyPointSpeaker[] {
  return kp.bySpeaker.slice(0, shown).map((s) => {
    if (kp.bySpeaker.length < 2) return { name: s.name, count: s.count, href: speakerHref(s.speaker, lang) };
    const others = kp.bySpeaker.filter((o) => o.speaker !== s.speaker).slice(0, COMPARE_SPEAKERS - 1).map((o) => o.speaker);
    return {
      name: s.name,
      count: s.count,
      href: buildHref('/compare', { question: questionId, speaker: [s.speaker, ...others] }, lang),
    };
  });
}

function keyPointItem(labels: Labels, analysis: KeyPointsResponse, kp: KeyPointView, lang: Lang | undefined, shownSpeakers: number): KeyPointItem {
  const questionId = analysis.question.id;
  const label = excerpt(kp.label, LABEL_LENGTH);
  const units = unitItems(kp.units.filter((u) => u.id !== kp.labelUnit.id).slice(0, KEY_POINT_PREVIEW_UNITS), lang, PREVIEW_LENGTH);
  return {
    rank: kp.rank,
    anchor: `key-point-${kp.rank}`,
    heading: labels.t('keyPoints.point', { rank: kp.rank }),
    label,
    labelCropped: label !== kp.label.replace(/\s+/g, ' ').trim(),
    labelHref: buildHref(kp.labelUnit.url, {}, lang),
    labelBy: labels.t('keyPoints.labelBy', { speaker: kp.labelUnit.speakerName }),
    positionLabel: kp.position ? positionLabel(labels, kp.position) : null,
    count: kp.count,
    countText: labels.t('keyPoints.countOf', { count: kp.count, total: analysis.units }),
    sharePercent: Math.round(kp.share * 1000) / 10,
    shareText: percent(labels, kp.share),
    speakers: keyPointSpeakers(questionId, kp, lang, shownSpeakers),
    moreSpeakers: kp.bySpeaker.length > shownSpeakers ? labels.t('keyPoints.moreSpeakers', { count: kp.bySpeaker.length - shownSpeakers }) : null,
    openText: labels.t('keyPoints.open', { count: kp.count }),
    units,
    pageHref: pointHref(questionId, kp.rank, lang),
    allText: labels.t('keyPoints.all', { count: kp.count }),
  };
}

/**
 * The section of the question page, from the analysis asked with `limit` KEY_POINT_PREVIEW_LIMIT:
 * one group per position in the question's order (then the units without a position), each with its
 * key points by rank; "other" apart, by position.
 */
export function keyPointSection(labels: Labels, analysis: KeyPointsResponse, lang: Lang | undefined): KeyPointSection {
  const question = labels.index.questionById.get(analysis.question.id);
  const keys = question?.positions.map((p) => positionKey(question.id, p.id)) ?? [];
  const rankOf = (key: string | null): number => (key === null ? keys.length : keys.indexOf(key) === -1 ? keys.length + 1 : keys.indexOf(key));
  const byKey = new Map<string | null, KeyPointItem[]>();
  for (const kp of analysis.keyPoints) {
    const list = byKey.get(kp.position) ?? [];
    list.push(keyPointItem(labels, analysis, kp, lang, SPEAKERS_SHOWN));
    byKey.set(kp.position, list);
  }
  const positioned = keys.length > 0;
  const groups = [...byKey]
    .sort((a, b) => rankOf(a[0]) - rankOf(b[0]))
    .map(([key, items]) => ({ key, label: positioned ? (key ? positionLabel(labels, key) : labels.t('unit.noPosition')) : null, items }));
  const otherCount = analysis.other.reduce((n, o) => n + o.count, 0);
  const other = otherCount === 0
    ? null
    : {
        text: labels.t('keyPoints.otherCount', { count: otherCount }),
        href: pointHref(analysis.question.id, 0, lang),
        groups: [...analysis.other]
          .sort((a, b) => rankOf(a.position) - rankOf(b.position))
          .map((o) => ({
            label: positioned ? (o.position ? positionLabel(labels, o.position) : labels.t('unit.noPosition')) : null,
            count: o.count,
            countText: labels.t('questions.units', { count: o.count }),
          })),
      };
  return {
    groups,
    count: analysis.keyPoints.length,
    coveredText: labels.t('keyPoints.covered', { covered: analysis.covered, units: analysis.units, other: otherCount }),
    other,
  };
}

export interface KeyPointPageModel {
  title: string;
  questionTitle: string;
  backHref: string;
  backText: string;
  /** The key point; null on the page of "other". */
  item: KeyPointItem | null;
  bySpeaker: { name: string; count: number; href: string }[];
  moreSpeakers: string | null;
  byPosition: { label: string; count: number }[];
  /** The units of this page, by position on the page of "other" (one group for a key point). */
  groups: { label: string | null; rangeText: string | null; units: KeyPointUnitItem[] }[];
  pagination: Pagination | null;
}

/**
 * One key point (or "other", point 0) with one page of its units, from the analysis asked for
 * that point with `limit` KEY_POINT_PAGE_UNITS; null past the last page. "Other" is paged by
 * position, all its positions turning the page together.
 */
export function keyPointPageModel(labels: Labels, analysis: KeyPointsResponse, point: number, page: number, lang: Lang | undefined): KeyPointPageModel | null {
  const id = analysis.question.id;
  const questionTitle = labels.lang === 'en' ? analysis.question.titleEn : analysis.question.title;
  const kp = point === 0 ? undefined : analysis.keyPoints.find((k) => k.rank === point);
  const range = (first: number, shown: number, total: number): string | null =>
    total > shown || first > 0 ? labels.t('reading.range', { first: Math.min(total, first + 1), last: Math.min(total, first + shown), total }) : null;
  const first = (page - 1) * KEY_POINT_PAGE_UNITS;
  const positioned = (labels.index.questionById.get(id)?.positions.length ?? 0) > 0;
  let groups: KeyPointPageModel['groups'];
  let pages: number;
  if (kp) {
    pages = Math.max(1, Math.ceil(kp.count / KEY_POINT_PAGE_UNITS));
    groups = [{ label: null, rangeText: range(first, kp.units.length, kp.count), units: unitItems(kp.units, lang) }];
  } else {
    pages = Math.max(1, ...analysis.other.map((o) => Math.ceil(o.count / KEY_POINT_PAGE_UNITS)));
    groups = analysis.other
      .filter((o) => o.units.length > 0)
      .map((o) => ({
        label: positioned ? (o.position ? positionLabel(labels, o.position) : labels.t('unit.noPosition')) : null,
        rangeText: range(first, o.units.length, o.count),
        units: unitItems(o.units, lang),
      }));
  }
  if (page > pages) return null;
  const heading = kp ? labels.t('keyPoints.point', { rank: kp.rank }) : labels.t('keyPoints.other');
  return {
    title: `${heading} – ${questionTitle}${page > 1 ? ` (${labels.t('pagination.page', { page, pages })})` : ''}`,
    questionTitle,
    backHref: `${buildHref(`/questions/${encodeURIComponent(id)}`, {}, lang)}#key-points-title`,
    backText: labels.t('keyPoints.back', { title: questionTitle }),
    item: kp ? keyPointItem(labels, analysis, kp, lang, SPEAKERS_SHOWN) : null,
    bySpeaker: kp ? kp.bySpeaker.slice(0, SPEAKER_ROWS).map((s) => ({ name: s.name, count: s.count, href: speakerHref(s.speaker, lang) })) : [],
    moreSpeakers: kp && kp.bySpeaker.length > SPEAKER_ROWS ? labels.t('keyPoints.moreSpeakers', { count: kp.bySpeaker.length - SPEAKER_ROWS }) : null,
    byPosition: kp ? kp.byPosition.map((p) => ({ label: p.position ? positionLabel(labels, p.position) : labels.t('unit.noPosition'), count: p.count })) : [],
    groups,
    pagination: pagination(page, pages * KEY_POINT_PAGE_UNITS, KEY_POINT_PAGE_UNITS, (p) => pointHref(id, point, lang, p)),
  };
}

/** How many pages a key point (or "other") has, for the 404 past the last one. */
export function keyPointPages(analysis: KeyPointsResponse, point: number): number {
  const counts = point === 0 ? analysis.other.map((o) => o.count) : analysis.keyPoints.filter((k) => k.rank === point).map((k) => k.count);
  return Math.max(1, ...counts.map((c) => Math.ceil(c / KEY_POINT_PAGE_UNITS)));
}
