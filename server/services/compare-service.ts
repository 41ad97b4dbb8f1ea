// Side-by-side comparison: what two to four speakers said, position by position. One search per
// speaker, sent together with multiSearch (one request for Meilisearch).

import type { AppDeps } from '../app-deps.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import { MAX_LIMIT, type SearchQuery, type SearchResult } from '../search/engine.ts';
import { positionKey, splitPositionKey } from '../search/documents.ts';
import { countOf, countPositions, positionKeys, unitCodes, type PositionCounts } from './position-grid.ts';
import { toUnitHit, type UnitHit } from './search-service.ts';

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 4;
/** A column holds at most this many units: past it, the comparison is no longer readable anyway. */
export const MAX_UNITS_PER_COLUMN = 1000;

export interface CompareRequest {
  question?: string;
  speakers: string[];
  q?: string;
}

export interface PositionGroup {
  /** Qualified key "question:position"; null for units on the question without a position. */
  position: string | null;
  /** Question of the group (null only when grouping units with no question at all). */
  question: string | null;
  label: string | null;
  labelEn: string | null;
  /** How many of the speaker's units hold this position (0: not taken); a unit counts under each of its codes. */
  count: number;
  /** Empty when the speaker did not take this position. */
  units: UnitHit[];
}

export interface CompareColumn {
  speaker: string;
  speakerName: string;
  total: number;
  /** True when the column holds fewer units than `total` (more than MAX_UNITS_PER_COLUMN): counts cover those held. */
  truncated: boolean;
  positions: PositionGroup[];
}

export interface CompareResponse {
  question: { id: string; title: string; titleEn: string } | null;
  query: string;
  columns: CompareColumn[];
}

/** Runs the per-speaker searches, paging through those with more than one page of hits. */
async function collectHits(deps: Pick<AppDeps, 'engine'>, queries: SearchQuery[]): Promise<{ hits: UnitHit[]; total: number }[]> {
  const firsts = await deps.engine.multiSearch(queries.map((q) => ({ ...q, page: 1, limit: MAX_LIMIT })));
  const columns = firsts.map((r: SearchResult) => ({ hits: r.hits.map(toUnitHit), total: r.total }));
  for (let page = 2; ; page += 1) {
    const pending = columns
      .map((column, at) => ({ column, at }))
      .filter(({ column }) => column.hits.length < Math.min(column.total, MAX_UNITS_PER_COLUMN) && column.hits.length >= (page - 1) * MAX_LIMIT);
    if (pending.length === 0) break;
    const more = await deps.engine.multiSearch(pending.map(({ at }) => ({ ...queries[at]!, page, limit: MAX_LIMIT })));
    pending.forEach(({ column }, i) => column.hits.push(...(more[i]?.hits ?? []).map(toUnitHit)));
  }
  return columns.map((c) => ({ hits: c.hits.slice(0, MAX_UNITS_PER_COLUMN), total: c.total }));
}

export async function compareSpeakers(deps: Pick<AppDeps, 'engine' | 'corpus'>, request: CompareRequest): Promise<CompareResponse> {
  const ids = [...new Set(request.speakers)];
  if (ids.length < MIN_COMPARED || ids.length > MAX_COMPARED) {
    throw new BadRequestError(`a comparison needs ${MIN_COMPARED} to ${MAX_COMPARED} different speakers (got ${ids.length})`, {
      key: 'reason.compareCount',
      vars: { min: MIN_COMPARED, max: MAX_COMPARED, count: ids.length },
    });
  }
  const speakers = ids.map((id) => {
    const speaker = deps.corpus.speakerById.get(id);
    if (!speaker) throw new NotFoundError(`unknown speaker "${id}"`, { key: 'reason.unknownSpeaker', vars: { id } });
    return speaker;
  });
  const question = request.question === undefined ? undefined : deps.corpus.questionById.get(request.question);
  if (request.question !== undefined && !question) throw new NotFoundError(`unknown question "${request.question}"`, { key: 'reason.unknownQuestion', vars: { id: request.question } });
  const text = (request.q ?? '').trim();

  const queries: SearchQuery[] = speakers.map((s) => ({
    text,
    filters: question ? { speaker: [s.id], question: [question.id] } : { speaker: [s.id] },
    facets: [],
    sort: 'relevance',
  }));
  const results = await collectHits(deps, queries);

  const columns = speakers.map((speaker, at): CompareColumn => {
    const { hits, total } = results[at] ?? { hits: [], total: 0 };
    return { speaker: speaker.id, speakerName: speaker.name, total, truncated: hits.length < total, positions: group(deps, speaker.id, hits, question?.id) };
  });
  return {
    question: question ? { id: question.id, title: question.title, titleEn: question.titleEn } : null,
    query: text,
    columns,
  };
}

/**
 * With a question: every position of it, in its order, empty ones included (the page shows them as
 * not taken), then the units on the question without a position if any. Without: the positions found, in corpus
 * order of questions and positions, then the units without one.
 */
function group(deps: Pick<AppDeps, 'corpus'>, speaker: string, hits: UnitHit[], questionId: string | undefined): PositionGroup[] {
  // A unit counts, and is listed, under each of its codes (on the compared question, when there is
  // one): one passage may take a position on several questions, or several positions on one.
  const coded = hits.map((hit) => ({ hit, keys: positionKeys(unitCodes(hit), questionId) }));
  const counts: PositionCounts = countPositions(
    coded.map(({ hit }) => ({ speaker, codes: unitCodes(hit) })),
    questionId,
  );
  const byKey = new Map<string | null, UnitHit[]>();
  for (const { hit, keys } of coded) {
    // `keys` are distinct: a unit is listed once under each.
    for (const key of keys) {
      const list = byKey.get(key);
      if (list) list.push(hit);
      else byKey.set(key, [hit]);
    }
  }
  const groups: PositionGroup[] = [];
  const questions = questionId ? [deps.corpus.questionById.get(questionId)!] : deps.corpus.corpus.questions;
  for (const question of questions) {
    for (const position of question.positions) {
      const key = positionKey(question.id, position.id);
      const units = byKey.get(key) ?? [];
      if (questionId || units.length > 0) {
        groups.push({ position: key, question: question.id, label: position.label, labelEn: position.labelEn ?? null, count: countOf(counts, speaker, key), units });
      }
      byKey.delete(key);
    }
  }
  // Keys no question lists cannot come from a valid corpus; keep their units visible anyway.
  for (const [key, units] of byKey) {
    if (key === null) continue;
    const label = units[0]?.codes.find((c) => c.position === key)?.positionLabel ?? key;
    groups.push({ position: key, question: splitPositionKey(key)?.question ?? null, label, labelEn: null, count: countOf(counts, speaker, key), units });
  }
  const unpositioned = byKey.get(null) ?? [];
  if (unpositioned.length > 0) {
    groups.push({ position: null, question: questionId ?? null, label: null, labelEn: null, count: countOf(counts, speaker, null), units: unpositioned });
  }
  return groups;
}
