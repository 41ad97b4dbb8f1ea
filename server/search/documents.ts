// Turns a validated corpus into the denormalised documents both engines index.

import { findPosition, unitCodes, type CorpusIndex, type Question, type Unit } from '../corpus/model.ts';
import { ISO_DATE } from '../corpus/patterns.ts';
import type { SearchCode, SearchDocument } from './engine.ts';

export const POSITION_KEY_SEPARATOR = ':';

export function positionKey(questionId: string, positionId: string): string {
  return `${questionId}${POSITION_KEY_SEPARATOR}${positionId}`;
}

export function splitPositionKey(key: string): { question: string; position: string } | undefined {
  const at = key.indexOf(POSITION_KEY_SEPARATOR);
  if (at <= 0 || at === key.length - 1) return undefined;
  return { question: key.slice(0, at), position: key.slice(at + 1) };
}

/** Corpus order: debate date (dateValue), debate slug, order in the debate, then id. */
export function compareCorpusOrder(a: SearchDocument, b: SearchDocument): number {
  const text = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return a.dateValue - b.dateValue || text(a.debate, b.debate) || a.order - b.order || text(a.id, b.id);
}

/** Days since 1970-01-01 of the first day of an ISO date of year, month or day precision. */
export function dateValue(date: string): number {
  const match = ISO_DATE.exec(date);
  if (!match) return 0;
  const [, y, m, d] = match;
  return Math.floor(Date.UTC(Number(y), Number(m ?? '1') - 1, Number(d ?? '1')) / 86_400_000);
}

export function toSearchDocument(unit: Unit, index: CorpusIndex): SearchDocument {
  const speaker = index.speakerById.get(unit.speaker);
  const debate = index.debateBySlug.get(unit.debate);
  const codes: SearchCode[] = [];
  const questions: Question[] = [];
  const positionKeys: string[] = [];
  const positionLabels: string[] = [];
  for (const code of unitCodes(unit)) {
    const question = index.questionById.get(code.question);
    if (!question) continue;
    const position = findPosition(question, code.position);
    const key = position ? positionKey(question.id, position.id) : null;
    codes.push({ question: question.id, position: key, positionLabel: position?.label ?? null });
    if (!questions.includes(question)) questions.push(question);
    if (key !== null && position && !positionKeys.includes(key)) {
      positionKeys.push(key);
      positionLabels.push(position.label);
    }
  }
  return {
    id: unit.id,
    text: unit.text,
    speaker: unit.speaker,
    speakerName: speaker?.name ?? unit.speaker,
    speakerAliases: speaker?.aliases ?? [],
    question: questions.map((q) => q.id),
    questionTitle: questions.map((q) => q.title),
    questionTitleEn: questions.map((q) => q.titleEn),
    position: positionKeys,
    positionLabel: positionLabels,
    codes,
    kind: unit.kind,
    debate: unit.debate,
    debateTitle: debate?.title ?? unit.debate,
    date: debate?.date ?? '',
    dateValue: dateValue(debate?.date ?? ''),
    order: unit.order,
    language: debate?.language ?? '',
  };
}

export function toSearchDocuments(index: CorpusIndex): SearchDocument[] {
  return index.corpus.units.map((unit) => toSearchDocument(unit, index));
}
