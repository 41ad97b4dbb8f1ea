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

/** The fields of a document that come from its codes alone. */
type CodeFields = Pick<SearchDocument, 'question' | 'questionTitle' | 'questionTitleEn' | 'position' | 'positionLabel' | 'codes'>;

function codeFields(unit: Unit, index: CorpusIndex): CodeFields {
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
    question: questions.map((q) => q.id),
    questionTitle: questions.map((q) => q.title),
    questionTitleEn: questions.map((q) => q.titleEn),
    position: positionKeys,
    positionLabel: positionLabels,
    codes,
  };
}

/**
 * Units with the same codes share one frozen set of code arrays (most units have none, or one of a
 * few hundred combinations): six arrays and their code objects per document cost about 350 MB at
 * a million units. Nothing changes a document once made; the freeze makes sure of it.
 */
type CodeFieldsCache = Map<string, CodeFields>;

function sharedCodeFields(unit: Unit, index: CorpusIndex, cache: CodeFieldsCache): CodeFields {
  const codes = unitCodes(unit);
  // One code (most units): its question and position make the key as they are, with no string
  // built for it; several: joined with separators no id contains.
  let key: string;
  if (codes.length === 1) {
    const code = codes[0] as { question: string; position?: string };
    key = code.position === undefined ? code.question : `${code.question}\u0000${code.position}`;
  } else {
    key = '\u0001';
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i] as { question: string; position?: string };
      key += `${i === 0 ? '' : '\u0001'}${code.question}\u0000${code.position ?? ''}`;
    }
  }
  let fields = cache.get(key);
  if (!fields) {
    const made = codeFields(unit, index);
    for (const code of made.codes) Object.freeze(code);
    for (const list of Object.values(made)) Object.freeze(list);
    fields = made;
    cache.set(key, fields);
  }
  return fields;
}

/** What a document takes from its debate: looked up and computed once per debate, not per unit. */
interface DebateFields {
  debateTitle: string;
  date: string;
  dateValue: number;
  language: string;
}

function debateFields(unit: Unit, index: CorpusIndex): DebateFields {
  const debate = index.debateBySlug.get(unit.debate);
  return { debateTitle: debate?.title ?? unit.debate, date: debate?.date ?? '', dateValue: dateValue(debate?.date ?? ''), language: debate?.language ?? '' };
}

export function toSearchDocument(unit: Unit, index: CorpusIndex, cache?: CodeFieldsCache, debates?: Map<string, DebateFields>): SearchDocument {
  const speaker = index.speakerById.get(unit.speaker);
  const codes = cache ? sharedCodeFields(unit, index, cache) : codeFields(unit, index);
  let debate = debates?.get(unit.debate);
  if (!debate) {
    debate = debateFields(unit, index);
    debates?.set(unit.debate, debate);
  }
  // Written out rather than spread (faster at 100k documents); the key order is the digest's.
  return {
    id: unit.id,
    text: unit.text,
    speaker: unit.speaker,
    speakerName: speaker?.name ?? unit.speaker,
    speakerAliases: speaker?.aliases ?? [],
    question: codes.question,
    questionTitle: codes.questionTitle,
    questionTitleEn: codes.questionTitleEn,
    position: codes.position,
    positionLabel: codes.positionLabel,
    codes: codes.codes,
    kind: unit.kind,
    debate: unit.debate,
    debateTitle: debate.debateTitle,
    date: debate.date,
    dateValue: debate.dateValue,
    order: unit.order,
    language: debate.language,
  };
}

export function toSearchDocuments(index: CorpusIndex): SearchDocument[] {
  const cache: CodeFieldsCache = new Map();
  const debates = new Map<string, DebateFields>();
  const units = index.corpus.units;
  const documents: SearchDocument[] = [];
  for (const unit of units) documents.push(toSearchDocument(unit, index, cache, debates));
  return documents;
}
