// The key points of a question as the pages show them (issue 23): on the question page, a section
// of key points, each with its quoted label, a bar of its share (a <meter>), the speakers behind it
// (linked to the compare page with them selected) and, in a <details>, its first units; every unit
// of one key point on its own paged page (/questions/:id/key-points/:point).

import type { Lang } from '../../i18n.ts';
import type { KeyPointsResponse, KeyPointUnit, KeyPointView } from '../../services/key-points-service.ts';
import { buildHref, speakerHref } from '../links.ts';
import { OTHER_POINT } from '../params.ts';
import { pagination, type Pagination } from './search.ts';
import { positionLabel, type Labels } from './shared.ts';

/** Units shown inside each key point on the question page; the rest are on its own page. */
export const KEY_POINT_PREVIEW_UNITS = 3;
/** Speakers named beside a key point; the compare link takes the first COMPARE_SPEAKERS. */
const SPEAKERS_SHOWN = 6;
const COMPARE_SPEAKERS = 4;
/** Units on one page of a key point. */
export const KEY_POINT_PAGE_UNITS = 50;

export interface KeyPointUnitItem {
  excerpt: string;
  speakerName: string;
  href: string;
}

export interface KeyPointItem {
  rank: number;
  heading: string;
  label: string;
  labelHref: string;
  labelBy: string;
  positionLabel: string | null;
  countText: string;
  share: number;
  shareText: string;
  speakers: { name: string; href: string; count: number }[];
  moreSpeakers: string | null;
  compareHref: string | null;
  units: KeyPointUnitItem[];
  allHref: string | null;
  allText: string;
}

export interface KeyPointSection {
  items: KeyPointItem[];
  coveredText: string;
  otherText: string | null;
  otherHref: string | null;
}

function pointHref(questionId: string, point: number | 'other', lang: Lang | undefined, page = 1): string {
  return buildHref(`/questions/${encodeURIComponent(questionId)}/key-points/${point}`, { page: page > 1 ? page : undefined }, lang);
}

function unitItems(units: readonly KeyPointUnit[], lang: Lang | undefined): KeyPointUnitItem[] {
  return units.map((u) => ({ excerpt: u.excerpt, speakerName: u.speakerName, href: buildHref(u.url, {}, lang) }));
}

function percent(labels: Labels, share: number): string {
  return new Intl.NumberFormat(labels.lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

function keyPointItem(labels: Labels, questionId: string, kp: KeyPointView, lang: Lang | undefined, previewUnits = true): KeyPointItem {
  const speakers = kp.bySpeaker.slice(0, SPEAKERS_SHOWN).map((s) => ({ name: s.name, href: speakerHref(s.speaker, lang), count: s.count }));
  const compared = kp.bySpeaker.slice(0, COMPARE_SPEAKERS).map((s) => s.speaker);
  return {
    rank: kp.rank,
    heading: labels.t('keyPoints.point', { rank: kp.rank }),
    label: kp.label,
    labelHref: buildHref(kp.labelUnit.url, {}, lang),
    labelBy: labels.t('keyPoints.labelBy', { speaker: kp.labelUnit.speakerName }),
    positionLabel: kp.position ? positionLabel(labels, kp.position) : null,
    countText: labels.t('keyPoints.units', { count: kp.count }),
    share: kp.share,
    shareText: labels.t('keyPoints.share', { share: percent(labels, kp.share) }),
    speakers,
    moreSpeakers: kp.bySpeaker.length > SPEAKERS_SHOWN ? labels.t('keyPoints.moreSpeakers', { count: kp.bySpeaker.length - SPEAKERS_SHOWN }) : null,
    compareHref: compared.length >= 2 ? buildHref('/compare', { question: questionId, speaker: compared }, lang) : null,
    units: previewUnits ? unitItems(kp.units.slice(0, KEY_POINT_PREVIEW_UNITS), lang) : [],
    allHref: kp.count > KEY_POINT_PREVIEW_UNITS ? pointHref(questionId, kp.rank, lang) : null,
    allText: labels.t('keyPoints.all', { count: kp.count }),
  };
}

export function keyPointSection(labels: Labels, analysis: KeyPointsResponse, lang: Lang | undefined): KeyPointSection {
  const other = analysis.other.reduce((n, o) => n + o.count, 0);
  return {
    items: analysis.keyPoints.map((kp) => keyPointItem(labels, analysis.question.id, kp, lang)),
    coveredText: labels.t('keyPoints.covered', { covered: analysis.covered, units: analysis.units, other }),
    otherText: other > 0 ? labels.t('keyPoints.otherCount', { count: other }) : null,
    otherHref: other > 0 ? pointHref(analysis.question.id, 'other', lang) : null,
  };
}

export interface KeyPointPageModel {
  title: string;
  backHref: string;
  backText: string;
  item: KeyPointItem | null;
  units: KeyPointUnitItem[];
  rangeText: string;
  pagination: Pagination | null;
}

/** One key point (or "other", point 0) with one page of its units; null past the last page. */
export function keyPointPageModel(labels: Labels, analysis: KeyPointsResponse, point: number, page: number, shownTitle: string, lang: Lang | undefined): KeyPointPageModel | null {
  const id = analysis.question.id;
  const kp = point === 0 ? undefined : analysis.keyPoints[0];
  const units = kp ? kp.units : analysis.other.flatMap((o) => o.units);
  const total = kp ? kp.count : analysis.other.reduce((n, o) => n + o.count, 0);
  const pages = Math.max(1, Math.ceil(total / KEY_POINT_PAGE_UNITS));
  if (page > pages) return null;
  const first = (page - 1) * KEY_POINT_PAGE_UNITS;
  return {
    title: kp ? `${labels.t('keyPoints.point', { rank: kp.rank })} – ${shownTitle}` : `${labels.t('keyPoints.other')} – ${shownTitle}`,
    backHref: `${buildHref(`/questions/${encodeURIComponent(id)}`, {}, lang)}#key-points-title`,
    backText: labels.t('keyPoints.back', { title: shownTitle }),
    item: kp ? keyPointItem(labels, id, kp, lang, false) : null,
    units: unitItems(units, lang),
    rangeText: labels.t('reading.range', { first: Math.min(total, first + 1), last: Math.min(total, first + units.length), total }),
    pagination: pagination(page, total, KEY_POINT_PAGE_UNITS, (p) => pointHref(id, point === 0 ? OTHER_POINT : point, lang, p) as string),
  };
}
