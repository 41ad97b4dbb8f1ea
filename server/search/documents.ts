// Turns a validated corpus into the denormalised documents both engines index.

import { findPosition, type CorpusIndex, type Unit } from '../corpus/model.ts';
import type { SearchDocument } from './engine.ts';

export const POSITION_KEY_SEPARATOR = ':';

export function positionKey(questionId: string, positionId: string): string {
  return `${questionId}${POSITION_KEY_SEPARATOR}${positionId}`;
}

export function splitPositionKey(key: string): { question: string; position: string } | undefined {
  const at = key.indexOf(POSITION_KEY_SEPARATOR);
  if (at <= 0 || at === key.length - 1) return undefined;
  return { question: key.slice(0, at), position: key.slice(at + 1) };
}

/** Days since 1970-01-01 of the first day of an ISO date of year, month or day precision. */
export function dateValue(date: string): number {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!match) return 0;
  const [, y, m, d] = match;
  return Math.floor(Date.UTC(Number(y), Number(m ?? '1') - 1, Number(d ?? '1')) / 86_400_000);
}

export function toSearchDocument(unit: Unit, index: CorpusIndex): SearchDocument {
  const speaker = index.speakerById.get(unit.speaker);
  const question = unit.question ? index.questionById.get(unit.question) : undefined;
  const position = findPosition(question, unit.position);
  const debate = index.debateBySlug.get(unit.debate);
  return {
    id: unit.id,
    text: unit.text,
    speaker: unit.speaker,
    speakerName: speaker?.name ?? unit.speaker,
    speakerAliases: speaker?.aliases ?? [],
    question: question?.id ?? null,
    questionTitle: question?.title ?? null,
    questionTitleEn: question?.titleEn ?? null,
    position: question && position ? positionKey(question.id, position.id) : null,
    positionLabel: position?.label ?? null,
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
