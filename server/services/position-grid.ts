// Who holds what: counts of units per speaker and position, from each unit's list of
// (question, position) codes. Today a unit carries one code; a unit coded under several
// positions is counted, and listed, under each of them: only `unitCodes` changes when units
// carry several codes.

import type { UnitHit } from './search-service.ts';

/** One coding of a unit: its question and its qualified position key ("question:position"), either may be absent. */
export interface PositionCode {
  question: string | null;
  position: string | null;
}

/** The codes of one unit. The single place that knows how a unit carries its codes. */
export function unitCodes(unit: Pick<UnitHit, 'question' | 'position'>): PositionCode[] {
  return [{ question: unit.question, position: unit.position }];
}

export interface CodedUnit {
  speaker: string;
  codes: readonly PositionCode[];
}

/** A count per speaker and position key (null: on the question, without a position). */
export type PositionCounts = Map<string, Map<string | null, number>>;

/**
 * Counts units per speaker and position, a unit once under each distinct position it carries.
 * With `question`, only codes on that question count.
 */
export function countPositions(units: Iterable<CodedUnit>, question?: string): PositionCounts {
  const counts: PositionCounts = new Map();
  for (const unit of units) {
    let bySpeaker = counts.get(unit.speaker);
    if (!bySpeaker) counts.set(unit.speaker, (bySpeaker = new Map()));
    const seen = new Set<string | null>();
    for (const code of unit.codes) {
      if (question !== undefined && code.question !== question) continue;
      if (seen.has(code.position)) continue;
      seen.add(code.position);
      bySpeaker.set(code.position, (bySpeaker.get(code.position) ?? 0) + 1);
    }
  }
  return counts;
}

/** The count of one cell, 0 when the speaker never took that position. */
export function countOf(counts: PositionCounts, speaker: string, position: string | null): number {
  return counts.get(speaker)?.get(position) ?? 0;
}
