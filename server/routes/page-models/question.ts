// The question page: who took which position (a speaker × position table whose cells link to the
// matching search), then the units grouped by position.

import type { Lang } from '../../i18n.ts';
import { renderMarkdown } from '../../markdown.ts';
import type { QuestionDetail } from '../../services/catalog-service.ts';
import { searchHref, speakerHref, type LinkParams } from '../links.ts';
import { MAX_PAGE_UNITS, positionLabel, questionTitle, truncationNote, viewCard, type Labels, type TruncationNote, type UnitCard } from './shared.ts';

export interface QuestionPageModel {
  title: string;
  question: QuestionDetail;
  shownTitle: string;
  otherTitle: string;
  descriptionHtml: string;
  columns: { key: string | null; label: string }[];
  rows: { id: string; name: string; href: string; cells: { count: number; label: string; href: string | null }[] }[];
  /** `total` units in the group, of which `cards` the first ones shown (MAX_PAGE_UNITS on the whole page). */
  groups: { key: string | null; label: string; description: string; searchHref: string | null; total: number; cards: UnitCard[] }[];
  truncated: TruncationNote | null;
}

export function questionPageModel(labels: Labels, question: QuestionDetail, lang: Lang | undefined): QuestionPageModel {
  const count = (speaker: string, position: string | null): number =>
    question.matrix.cells.find((c) => c.speaker === speaker && c.position === position)?.count ?? 0;
  const hasUnpositioned = question.matrix.cells.some((c) => c.position === null);
  const columns = [
    ...question.matrix.positions.map((p) => ({ key: p.key as string | null, label: positionLabel(labels, p.key) })),
    ...(hasUnpositioned ? [{ key: null, label: labels.t('unit.noPosition') }] : []),
  ];
  const rows = question.matrix.speakers.map((s) => ({
    id: s.id,
    name: s.name,
    href: speakerHref(s.id, lang),
    cells: columns.map((c) => {
      const n = count(s.id, c.key);
      const search: LinkParams = c.key ? { question: question.id, position: c.key, speaker: s.id } : { question: question.id, speaker: s.id };
      return { count: n, label: c.label, href: n > 0 && c.key ? searchHref(search, lang) : null };
    }),
  }));
  let budget = MAX_PAGE_UNITS;
  const groupTotal = question.groups.reduce((n, g) => n + g.units.length, 0);
  const groups = question.groups.map((g) => ({
    key: g.position,
    label: g.position ? positionLabel(labels, g.position) : labels.t('unit.noPosition'),
    description: question.positions.find((p) => p.key === g.position)?.description ?? '',
    searchHref: g.position ? searchHref({ question: question.id, position: g.position }, lang) : null,
    total: g.units.length,
    cards: g.units.slice(0, Math.max(0, budget)).map((u) => (budget--, viewCard(labels, u, lang))),
  }));
  const shownTitle = questionTitle(labels, question.id);
  return {
    title: shownTitle,
    question,
    shownTitle,
    otherTitle: labels.lang === 'en' ? question.title : question.titleEn,
    descriptionHtml: renderMarkdown(question.description),
    columns,
    rows,
    groups,
    truncated: truncationNote(groupTotal, searchHref({ question: question.id }, lang)),
  };
}

/** The list of questions, each titled in the page's language with the other language beside it. */
export function questionListModel<Q extends { id: string; title: string; titleEn: string }>(labels: Labels, questions: readonly Q[]): (Q & { shownTitle: string; otherTitle: string })[] {
  return questions.map((q) => ({ ...q, shownTitle: questionTitle(labels, q.id), otherTitle: labels.lang === 'en' ? q.title : q.titleEn }));
}
