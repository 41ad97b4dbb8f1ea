// The comparison page: its form (questions and speakers to choose from) and, once asked, the
// speakers side by side, one row per position.

import type { Lang } from '../../i18n.ts';
import type { SpeakerSummary } from '../../services/catalog-service.ts';
import { MAX_COMPARED, type CompareRequest, type CompareResponse } from '../../services/compare-service.ts';
import { speakerHref } from '../links.ts';
import { MAX_QUERY_LENGTH } from '../params.ts';
import { hitCard, positionLabel, questionTitle, type Labels, type UnitCard } from './shared.ts';

export interface CompareForm {
  question: string;
  speakers: string[];
  q: string;
  questions: { id: string; title: string }[];
  allSpeakers: { id: string; name: string }[];
  /** Speakers a comparison may hold. */
  max: number;
  maxQueryLength: number;
}

export function compareForm(labels: Labels, request: CompareRequest, speakers: readonly SpeakerSummary[]): CompareForm {
  return {
    question: request.question ?? '',
    speakers: request.speakers,
    q: request.q ?? '',
    questions: labels.index.corpus.questions.map((q) => ({ id: q.id, title: questionTitle(labels, q.id) })),
    allSpeakers: speakers.map((s) => ({ id: s.id, name: s.name })),
    max: MAX_COMPARED,
    maxQueryLength: MAX_QUERY_LENGTH,
  };
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
export function compareModel(comparison: CompareResponse, labels: Labels, lang: Lang | undefined): CompareModel {
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
      cards: (column.positions.find((g) => g.position === key)?.units ?? []).map((hit) => hitCard(labels, hit, lang, 'markdown')),
    })),
  }));
  return {
    questionTitle: comparison.question ? questionTitle(labels, comparison.question.id) : null,
    query: comparison.query,
    speakers: comparison.columns.map((c) => ({ id: c.speaker, name: c.speakerName, href: speakerHref(c.speaker, lang), total: c.total })),
    rows,
  };
}
