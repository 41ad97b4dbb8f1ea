// Who holds what: counts of units per speaker and position, from each unit's list of
// (question, position) codes. A unit carries several codes (issue 14): it is counted, and
// listed, once under each distinct position it takes; `unitCodes` is the one place that knows
// how a unit carries its codes.

/** One coding of a unit: its question and its qualified position key ("question:position"), either may be absent. */
export interface PositionCode {
  question: string | null;
  position: string | null;
}

/**
 * Every code of one unit (a search hit or a catalog view), in the order written; a unit with no
 * code at all is one code with neither question nor position (counted "without a position").
 */
export function unitCodes(unit: { readonly codes: readonly { question: string; position: string | null }[] }): PositionCode[] {
  if (unit.codes.length === 0) return [{ question: null, position: null }];
  return unit.codes.map((c) => ({ question: c.question, position: c.position }));
}

/**
 * The position keys a unit is counted and listed under, each once: with `question`, only its codes
 * on that question. A code on a question without a position (null) counts only when the unit takes
 * no position on that question: a unit coded "q" and "q:p" holds p.
 */
export function positionKeys(codes: readonly PositionCode[], question?: string): (string | null)[] {
  const onQuestion = question === undefined ? codes : codes.filter((c) => c.question === question);
  const positioned = new Set(onQuestion.filter((c) => c.position !== null).map((c) => c.question));
  const keys = new Set<string | null>();
  for (const code of onQuestion) {
    if (code.position !== null) keys.add(code.position);
    else if (code.question === null || !positioned.has(code.question)) keys.add(null);
  }
  return [...keys];
}

export interface CodedUnit {
  speaker: string;
  codes: readonly PositionCode[];
}

/** A count per speaker and position key (null: on the question, without a position). */
export type PositionCounts = Map<string, Map<string | null, number>>;

/**
 * Counts units per speaker and position in one pass, a unit once under each key `positionKeys`
 * gives it. With `question`, only codes on that question count.
 */
export function countPositions(units: Iterable<CodedUnit>, question?: string): PositionCounts {
  const counts: PositionCounts = new Map();
  for (const unit of units) {
    let bySpeaker = counts.get(unit.speaker);
    if (!bySpeaker) counts.set(unit.speaker, (bySpeaker = new Map()));
    for (const key of positionKeys(unit.codes, question)) bySpeaker.set(key, (bySpeaker.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The count of one cell, 0 when the speaker never took that position. */
export function countOf(counts: PositionCounts, speaker: string, position: string | null): number {
  return counts.get(speaker)?.get(position) ?? 0;
}
