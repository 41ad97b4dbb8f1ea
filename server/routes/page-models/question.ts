// The question page: who took which position (a speaker × position table whose cells link to the
// matching search), then the units grouped by position.

import type { Lang } from '../../i18n.ts';
import { groupsOnPage, type QuestionDetail } from '../../services/catalog-service.ts';
import { buildHref, searchHref, speakerHref, type LinkParams } from '../links.ts';
import { pagination, type Pagination } from './search.ts';
import { pageSlice } from './speaker.ts';
import { localMarkdown, localText, positionLabel, questionTitle, viewCard, type Labels, type LocalText, type UnitCard } from './shared.ts';

export interface QuestionPageModel {
  title: string;
  question: QuestionDetail;
  shownTitle: string;
  otherTitle: string;
  description: (LocalText & { html: string }) | null;
  columns: { key: string | null; label: string }[];
  rows: { id: string; name: string; href: string; cells: { count: number; label: string; href: string | null }[] }[];
  /** The groups with units on this page (or every group when the question has no unit). */
  groups: { key: string | null; label: string; description: LocalText | null; searchHref: string | null; cards: UnitCard[]; total: number; countText: string }[];
  /** Speakers left out of the table (those with the fewest units), said under it. */
  moreSpeakers: string | null;
  unitCount: number;
  rangeText: string | null;
  pagination: Pagination | null;
  chart: PositionChart | null;
}

/** Colours of the chart's positions: dark enough for white numbers on them (WCAG AA), told apart by the legend too. */
export const CHART_COLOURS = ['#1f4fa3', '#a34100', '#04704f', '#6d28d9', '#b0123a', '#0b6477', '#4d6b0c', '#8a3c8a'];
const NO_POSITION_COLOUR = '#5b6472';
/** Speakers drawn in the chart, the most prolific first; the table below lists them all. */
export const CHART_MAX_SPEAKERS = 30;

/**
 * A stacked bar per speaker, one segment per position, drawn by views/partials/position-chart.ejs
 * as an SVG in a 400-unit-wide viewBox (it scales to the page; text stays legible from 390 px).
 */
export interface PositionChart {
  width: number;
  height: number;
  barHeight: number;
  title: string;
  description: string;
  legend: { label: string; colour: string }[];
  bars: {
    name: string;
    total: number;
    y: number;
    nameY: number;
    /** Baseline of the numbers written on and beside the bar. */
    textY: number;
    segments: { x: number; width: number; colour: string; count: number; label: string; showCount: boolean }[];
    totalX: number;
  }[];
  /** Set when some speakers are left out of the picture (they are in the table). */
  note: string | null;
}

const CHART_WIDTH = 400;
const BAR_HEIGHT = 18;
const ROW_HEIGHT = 44;
const TOTAL_ROOM = 34;

/**
 * `rows` are the table's rows (at most MATRIX_ROWS); `speakers` is how many speakers the question has
 * in all, so that the note under the chart says where the others are (the table, or the download).
 */
export function positionChart(
  labels: Labels,
  shownTitle: string,
  columns: readonly { key: string | null; label: string }[],
  rows: readonly { name: string; cells: readonly { count: number }[] }[],
  speakers = rows.length,
): PositionChart | null {
  const colourOf = (at: number): string => (columns[at]?.key === null ? NO_POSITION_COLOUR : (CHART_COLOURS[at % CHART_COLOURS.length] ?? NO_POSITION_COLOUR));
  const totals = rows.map((r) => ({ row: r, total: r.cells.reduce((n, c) => n + c.count, 0) })).filter((r) => r.total > 0);
  if (totals.length === 0) return null;
  const drawn = [...totals].sort((a, b) => b.total - a.total).slice(0, CHART_MAX_SPEAKERS);
  const max = Math.max(...drawn.map((d) => d.total));
  const room = CHART_WIDTH - TOTAL_ROOM;
  const bars = drawn.map(({ row, total }, at) => {
    let x = 0;
    const segments = row.cells.flatMap((cell, i) => {
      if (cell.count === 0) return [];
      const width = (cell.count / max) * room;
      const segment = { x: round(x), width: round(width), colour: colourOf(i), count: cell.count, label: columns[i]?.label ?? '', showCount: width >= 14 };
      x += width;
      return [segment];
    });
    const y = at * ROW_HEIGHT + 20;
    return { name: row.name, total, y, nameY: y - 5, textY: y + BAR_HEIGHT - 5, segments, totalX: round(x + 4) };
  });
  const used = columns.map((c, i) => ({ label: c.label, colour: colourOf(i), any: rows.some((r) => (r.cells[i]?.count ?? 0) > 0) })).filter((c) => c.any);
  return {
    width: CHART_WIDTH,
    height: drawn.length * ROW_HEIGHT + 8,
    barHeight: BAR_HEIGHT,
    title: labels.t('question.chartTitle', { title: shownTitle }),
    description: labels.t('question.chartDesc'),
    legend: used.map(({ label, colour }) => ({ label, colour })),
    bars,
    note: chartNote(labels, drawn.length, Math.max(speakers, totals.length), rows.length),
  };
}

const round = (n: number): number => Math.round(n * 10) / 10;

/** Where the speakers the chart leaves out are: all in the table, or the busiest in the table and all in the download. */
function chartNote(labels: Labels, drawn: number, speakers: number, tableRows: number): string | null {
  if (speakers <= drawn) return null;
  if (speakers <= tableRows) return labels.t('question.chartNote', { shown: drawn, total: speakers });
  return labels.t('question.chartNoteDownload', { shown: drawn, total: speakers, rows: tableRows });
}

/** Speakers in a question's table; the full table is a download (routes/downloads.ts). */
export const MATRIX_ROWS = 60;

export function questionPageModel(labels: Labels, question: QuestionDetail, lang: Lang | undefined, page = 1): QuestionPageModel | null {
  const unitCount = question.groups.reduce((n, g) => n + g.units.length, 0);
  const slice = pageSlice(page, unitCount);
  if (!slice) return null;
  // One look-up table rather than a scan of every cell per table cell (400 speakers × 7 positions at 100k units).
  const cellCounts = new Map(question.matrix.cells.map((c) => [`${c.speaker}\u0000${c.position ?? ''}`, c.count]));
  const count = (speaker: string, position: string | null): number => cellCounts.get(`${speaker}\u0000${position ?? ''}`) ?? 0;
  const hasUnpositioned = question.matrix.cells.some((c) => c.position === null);
  const columns = [
    ...question.matrix.positions.map((p) => ({ key: p.key as string | null, label: positionLabel(labels, p.key) })),
    ...(hasUnpositioned ? [{ key: null, label: labels.t('unit.noPosition') }] : []),
  ];
  // The table lists the speakers with the most units on the question, at most MATRIX_ROWS, in name order.
  const totals = new Map<string, number>();
  for (const cell of question.matrix.cells) totals.set(cell.speaker, (totals.get(cell.speaker) ?? 0) + cell.count);
  const kept = new Set([...question.matrix.speakers].sort((a, b) => (totals.get(b.id) ?? 0) - (totals.get(a.id) ?? 0)).slice(0, MATRIX_ROWS).map((s) => s.id));
  const left = question.matrix.speakers.length - kept.size;
  const rows = question.matrix.speakers.filter((s) => kept.has(s.id)).map((s) => ({
    id: s.id,
    name: s.name,
    href: speakerHref(s.id, lang),
    cells: columns.map((c) => {
      const n = count(s.id, c.key);
      const search: LinkParams = c.key ? { question: question.id, position: c.key, speaker: s.id } : { question: question.id, speaker: s.id };
      return { count: n, label: c.label, href: n > 0 && c.key ? searchHref(search, lang) : null };
    }),
  }));
  // The groups in order, cut across pages: a group split by a page boundary says which of its units are shown.
  const groups: QuestionPageModel['groups'] = [];
  for (const { group: g, units: shown, from, before } of groupsOnPage(question.groups, slice.start, slice.end)) {
    // A position nobody took is listed (as empty) on the page where its place in the order falls.
    const emptyHere = g.units.length === 0 && before >= slice.start && (before < slice.end || slice.end === unitCount);
    if (shown.length === 0 && !emptyHere) continue;
    const total = g.units.length;
    groups.push({
      key: g.position,
      label: g.position ? positionLabel(labels, g.position) : labels.t('unit.noPosition'),
      description: positionDescription(labels, question.positions.find((p) => p.key === g.position)),
      searchHref: g.position ? searchHref({ question: question.id, position: g.position }, lang) : null,
      cards: shown.map((u) => viewCard(labels, u, lang)),
      total,
      countText: shown.length < total ? labels.t('reading.range', { first: from + 1, last: from + shown.length, total }) : labels.t('questions.units', { count: total }),
    });
  }
  const shownTitle = questionTitle(labels, question.id);
  return {
    title: shownTitle,
    question,
    shownTitle,
    otherTitle: labels.lang === 'en' ? question.title : question.titleEn,
    description: localMarkdown(labels, { fr: question.description, en: question.descriptionEn }),
    columns,
    rows,
    groups,
    chart: positionChart(labels, shownTitle, columns, rows, question.matrix.speakers.length),
    moreSpeakers: left > 0 ? labels.t('question.moreSpeakers', { count: left }) : null,
    unitCount,
    rangeText: slice.pages > 1 ? labels.t('reading.range', { first: slice.start + 1, last: slice.end, total: unitCount }) : null,
    pagination: pagination(page, slice.pages, 1, (p) => buildHref(`/questions/${encodeURIComponent(question.id)}`, { page: p > 1 ? p : undefined }, lang)),
  };
}

/** The list of questions, each titled in the page's language with the other language beside it. */
export function questionListModel<Q extends { id: string; title: string; titleEn: string }>(labels: Labels, questions: readonly Q[]): (Q & { shownTitle: string; otherTitle: string })[] {
  return questions.map((q) => ({ ...q, shownTitle: questionTitle(labels, q.id), otherTitle: labels.lang === 'en' ? q.title : q.titleEn }));
}

function positionDescription(labels: Labels, position: { description: string; descriptionEn: string | null } | undefined): LocalText | null {
  return position ? localText(labels, { fr: position.description, en: position.descriptionEn }) : null;
}
