// The comparison page: its form (questions and speakers to choose from) and, once asked, a compact
// who-holds-what grid (counts per speaker and position, positions nobody took folded away), then
// the quotes position by position, a few per cell, each cell paginated on its own URL.

import type { Lang } from '../../i18n.ts';
import type { SpeakerSummary } from '../../services/catalog-service.ts';
import { MAX_COMPARED, type CompareRequest, type CompareResponse, type PositionGroup } from '../../services/compare-service.ts';
import { buildHref, speakerHref } from '../links.ts';
import { MAX_QUERY_LENGTH, NO_POSITION, type CompareCell } from '../params.ts';
import { pagination, type Pagination } from './search.ts';
import { hitCard, positionLabel, questionTitle, type Labels, type UnitCard } from './shared.ts';

/** Quotes shown per cell in the overview; the rest are on the cell's own pages. */
export const CELL_PREVIEW = 3;
/** Quotes per page of one cell. */
export const CELL_PAGE_SIZE = 20;
/** Positions (rows of quotes) per page of the overview. */
export const ROWS_PER_PAGE = 10;

/** Speakers offered as checkboxes: the chosen ones and the most prolific, up to this many. */
export const FORM_SPEAKERS = 40;

export interface CompareForm {
  question: string;
  speakers: string[];
  q: string;
  questions: { id: string; title: string }[];
  /** The checkboxes: chosen speakers first kept, then the most prolific, in the catalog's order. */
  allSpeakers: { id: string; name: string }[];
  /** Speakers not offered as a checkbox (a large corpus): the form has a field for an id instead. */
  moreSpeakers: number;
  /** Speakers a comparison may hold. */
  max: number;
  maxQueryLength: number;
}

export function compareForm(labels: Labels, request: CompareRequest, speakers: readonly SpeakerSummary[]): CompareForm {
  // A page offers at most FORM_SPEAKERS boxes (thousands would weigh megabytes): the chosen ones and the most prolific.
  const prolific = new Set([...speakers].sort((a, b) => b.units - a.units).slice(0, FORM_SPEAKERS).map((s) => s.id));
  const offered = speakers.filter((s) => request.speakers.includes(s.id) || prolific.has(s.id));
  return {
    question: request.question ?? '',
    speakers: request.speakers,
    q: request.q ?? '',
    questions: labels.index.corpus.questions.map((q) => ({ id: q.id, title: questionTitle(labels, q.id) })),
    allSpeakers: offered.map((s) => ({ id: s.id, name: s.name })),
    moreSpeakers: speakers.length - offered.length,
    max: MAX_COMPARED,
    maxQueryLength: MAX_QUERY_LENGTH,
  };
}

export interface GridCell {
  speakerName: string;
  count: number;
  /** The cell's quotes (its row on the overview). Null for a zero. */
  href: string | null;
}

/** A row of the grid: a position of the compared question, or (no question chosen) a question. */
export interface GridRow {
  /** Anchor id of the row's quotes. */
  anchor: string;
  label: string;
  questionTitle: string;
  /** Set on a question row: the comparison on that question. */
  href?: string;
  cells: GridCell[];
}

export interface QuoteCell {
  speaker: string;
  speakerName: string;
  count: number;
  cards: UnitCard[];
  /** The cell's own pages, when it holds more than the preview shows. */
  moreHref: string | null;
  moreText: string;
}

export interface QuoteRow {
  anchor: string;
  label: string;
  questionTitle: string;
  cells: QuoteCell[];
}

export interface CompareModel {
  questionTitle: string | null;
  heading: string;
  query: string;
  speakers: { id: string; name: string; href: string; total: number }[];
  /** Columns of the quotes: the speakers who said something (the others are named in `absentSpeakers`). */
  quoteSpeakers: { id: string; name: string }[];
  /** "Sébastien Robin n'a rien dit sur cette question", said before the grid. */
  absentSpeakers: string[];
  grid: GridRow[];
  /** What the grid's rows are: the positions of the compared question, or the questions. */
  gridBy: 'position' | 'question';
  /** Positions of the question nobody compared took: folded away under the grid. */
  untaken: { label: string }[];
  truncatedNote: string | null;
  /** The overview: rows of quotes (null when one cell is shown). */
  rows: QuoteRow[];
  rowsStatus: string | null;
  /** One cell on its own page (null on the overview). */
  cell: { speakerName: string; label: string; questionTitle: string; status: string; cards: UnitCard[]; backHref: string } | null;
  pagination: Pagination | null;
}

const keyParam = (key: string | null): string => key ?? NO_POSITION;
const anchorOf = (key: string | null): string => `position-${(key ?? NO_POSITION).replace(/[^a-zA-Z0-9_-]/g, '-')}`;

export interface ComparePageState {
  request: CompareRequest;
  cell: CompareCell | undefined;
  page: number;
}

/** The page's URL for a state: the same comparison, another cell or page. */
export function compareHref(state: ComparePageState, lang: Lang | undefined, change: { cell?: CompareCell | null; page?: number } = {}): string {
  const cell = change.cell === undefined ? state.cell : (change.cell ?? undefined);
  const page = change.page ?? 1;
  return buildHref(
    '/compare',
    {
      question: state.request.question,
      speaker: state.request.speakers,
      q: state.request.q,
      cell: cell?.speaker,
      position: cell ? keyParam(cell.position) : undefined,
      page: page > 1 ? page : undefined,
    },
    lang,
  );
}

/**
 * Lines the columns up: one row per position any compared speaker took (or, with a question, every
 * position of it). The grid counts them all; positions nobody took are listed apart, folded; the
 * quotes below show only positions someone took, CELL_PREVIEW per cell, ROWS_PER_PAGE rows a page.
 */
export function compareModel(comparison: CompareResponse, labels: Labels, lang: Lang | undefined, state: ComparePageState = { request: { speakers: comparison.columns.map((c) => c.speaker) }, cell: undefined, page: 1 }): CompareModel {
  const { t } = labels;
  const keys: (string | null)[] = [];
  for (const column of comparison.columns) for (const group of column.positions) if (!keys.includes(group.position)) keys.push(group.position);
  // Units without position last.
  keys.sort((a, b) => Number(a === null) - Number(b === null));
  const groupOf = (column: CompareResponse['columns'][number], key: string | null): PositionGroup | undefined => column.positions.find((g) => g.position === key);
  const labelOf = (key: string | null): string => (key ? positionLabel(labels, key) : labels.t('compare.otherUnits'));
  const questionOf = (key: string | null): string => (key && !comparison.question ? questionTitle(labels, key.split(':')[0] ?? null) : '');
  const taken = keys.filter((key) => comparison.columns.some((c) => (groupOf(c, key)?.count ?? 0) > 0));
  const untaken = keys.filter((key) => !taken.includes(key));

  const rowPages = Math.max(1, Math.ceil(taken.length / ROWS_PER_PAGE));
  const overviewPage = state.cell ? 1 : Math.min(state.page, rowPages);
  const rowPageOf = (key: string | null): number => Math.floor(taken.indexOf(key) / ROWS_PER_PAGE) + 1;
  // A count links to its row of quotes on the overview page that holds it.
  const rowHref = (key: string | null): string => `${compareHref(state, lang, { cell: null, page: rowPageOf(key) })}#${anchorOf(key)}`;

  const grid: GridRow[] = comparison.question ? positionRows() : questionRows();
  function positionRows(): GridRow[] {
    return taken.map((key) => ({
    anchor: anchorOf(key),
    label: labelOf(key),
    questionTitle: questionOf(key),
    cells: comparison.columns.map((column) => {
      const count = groupOf(column, key)?.count ?? 0;
      return {
        speakerName: column.speakerName,
        count,
        href: count > 0 ? rowHref(key) : null,
      };
    }),
  }));
  }
  // Without a question, one row per question: who spoke on what, each row leading to that question's comparison.
  function questionRows(): GridRow[] {
    const byQuestion = new Map<string, number[]>();
    comparison.columns.forEach((column, at) => {
      for (const group of column.positions) {
        const question = group.question ?? (group.position ? (group.position.split(':')[0] ?? '') : '');
        if (!question) continue;
        const counts = byQuestion.get(question) ?? comparison.columns.map(() => 0);
        counts[at] = (counts[at] ?? 0) + group.count;
        byQuestion.set(question, counts);
      }
    });
    const order = labels.index.corpus.questions.map((q) => q.id).filter((id) => byQuestion.has(id));
    return order.map((question) => ({
      anchor: '',
      label: questionTitle(labels, question),
      questionTitle: '',
      href: compareHref({ ...state, request: { ...state.request, question } }, lang, { cell: null, page: 1 }),
      cells: comparison.columns.map((column, at) => ({ speakerName: column.speakerName, count: byQuestion.get(question)?.[at] ?? 0, href: null })),
    }));
  }

  const speakers = comparison.columns.map((c) => ({ id: c.speaker, name: c.speakerName, href: speakerHref(c.speaker, lang), total: c.total }));
  const heading = comparison.question ? questionTitle(labels, comparison.question.id) : speakers.map((s) => s.name).join(' / ');
  const model: CompareModel = {
    questionTitle: comparison.question ? questionTitle(labels, comparison.question.id) : null,
    heading,
    query: comparison.query,
    speakers,
    quoteSpeakers: speakers.filter((s) => s.total > 0).map((s) => ({ id: s.id, name: s.name })),
    absentSpeakers: comparison.columns
      .filter((c) => c.total === 0)
      .map((c) => (comparison.question ? t('compare.absentSpeakerQuestion', { speaker: c.speakerName }) : t('compare.absentSpeaker', { speaker: c.speakerName }))),
    grid,
    gridBy: comparison.question ? 'position' : 'question',
    untaken: untaken.map((key) => ({ label: labelOf(key) })),
    truncatedNote: comparison.columns.some((c) => c.truncated) ? t('compare.truncated', { count: comparison.columns.reduce((n, c) => Math.max(n, c.positions.reduce((m, g) => m + g.units.length, 0)), 0) }) : null,
    rows: [],
    rowsStatus: null,
    cell: null,
    pagination: null,
  };

  const focused = state.cell ? comparison.columns.find((c) => c.speaker === state.cell?.speaker) : undefined;
  const focusedGroup = focused && state.cell ? groupOf(focused, state.cell.position) : undefined;
  if (focused && focusedGroup && state.cell) {
    const units = focusedGroup.units;
    const pages = Math.max(1, Math.ceil(units.length / CELL_PAGE_SIZE));
    const page = Math.min(state.page, pages);
    const first = (page - 1) * CELL_PAGE_SIZE;
    const shown = units.slice(first, first + CELL_PAGE_SIZE);
    const key = state.cell.position;
    model.cell = {
      speakerName: focused.speakerName,
      label: labelOf(key),
      questionTitle: questionOf(key),
      status: t('compare.shown', { from: shown.length > 0 ? first + 1 : 0, to: first + shown.length, total: units.length }),
      cards: shown.map((hit) => hitCard(labels, hit, lang, 'markdown')),
      backHref: rowHref(key),
    };
    model.pagination = pagination(page, units.length, CELL_PAGE_SIZE, (p) => compareHref(state, lang, { page: p }));
    return model;
  }

  const firstRow = (overviewPage - 1) * ROWS_PER_PAGE;
  const shownKeys = taken.slice(firstRow, firstRow + ROWS_PER_PAGE);
  model.rows = shownKeys.map((key) => ({
    anchor: anchorOf(key),
    label: labelOf(key),
    questionTitle: questionOf(key),
    cells: comparison.columns.filter((column) => column.total > 0).map((column) => {
      const group = groupOf(column, key);
      const units = group?.units ?? [];
      const count = group?.count ?? 0;
      return {
        speaker: column.speaker,
        speakerName: column.speakerName,
        count,
        cards: units.slice(0, CELL_PREVIEW).map((hit) => hitCard(labels, hit, lang, 'markdown')),
        moreHref: units.length > CELL_PREVIEW ? compareHref(state, lang, { cell: { speaker: column.speaker, position: key }, page: 1 }) : null,
        moreText: t('compare.allOfCell', { count: t('questions.units', { count: units.length }), speaker: column.speakerName }),
      };
    }),
  }));
  if (taken.length > ROWS_PER_PAGE) {
    model.rowsStatus = t('compare.rowsShown', { from: firstRow + 1, to: firstRow + shownKeys.length, total: taken.length });
    model.pagination = pagination(overviewPage, taken.length, ROWS_PER_PAGE, (p) => compareHref(state, lang, { cell: null, page: p }));
  }
  return model;
}
