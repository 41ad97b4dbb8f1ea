// Agreement between two coders (issue 23): how far two researchers who coded the same units agree,
// question by question, with Cohen's kappa and Krippendorff's alpha (nominal). Plain data in,
// plain numbers out; reading the coding sheets is server/io/coder-sheet.ts.
//
// A unit may take several positions on a question, which neither coefficient knows: each assumes
// one value per unit. Two ways from the literature are computed, both nominal:
// - on the question, a unit's value is the SET of its codes on that question, compared whole (two
//   sets agree only when they are equal), and "no code on this question" is a value like any other.
//   This is the strict, exact-match reading of set-valued annotations, the one a set distance
//   such as MASI relaxes; when nobody gives a unit two positions, it is the textbook kappa and
//   alpha of a single-code question;
// - per position, each unit is a present/absent decision ("does this unit take position P?"), the
//   usual treatment of multi-label coding as one binary variable per code; kappa and alpha of each
//   position, and their mean over the positions where they are defined.
// A set-valued distance (MASI: Passonneau 2006, "Measuring Agreement on Set-valued Items (MASI)
// for Semantic and Pragmatic Annotation", LREC) would give partial credit inside alpha, but that is
// no longer the nominal alpha asked for, and it has no plain Cohen's kappa: the per-position
// figures show partial agreement instead, position by position.
//
// Every unit of the sheets counts on every question: a unit one coder codes on a question and the
// other does not is a disagreement there, not a missing value (a sheet does not tell "skipped"
// from "nothing applies").

import { formatCode, type UnitCode } from '../corpus/model.ts';

/** A coefficient, or why it has no value (never NaN). */
export type Coefficient = { defined: true; value: number } | { defined: false; reason: string };

const undefinedBecause = (reason: string): Coefficient => ({ defined: false, reason });
const valueOf = (value: number): Coefficient => ({ defined: true, value });

/** How often each (value of coder A, value of coder B) pair occurs over the units both coded. */
export class PairTable {
  private readonly counts = new Map<string, Map<string, number>>();
  private count = 0;

  add(a: string, b: string, times = 1): void {
    if (times <= 0) return;
    const row = this.counts.get(a) ?? new Map<string, number>();
    row.set(b, (row.get(b) ?? 0) + times);
    this.counts.set(a, row);
    this.count += times;
  }

  /** Units in the table. */
  get total(): number {
    return this.count;
  }

  *cells(): Generator<{ a: string; b: string; count: number }> {
    for (const [a, row] of this.counts) for (const [b, count] of row) yield { a, b, count };
  }

  static of(pairs: Iterable<readonly [string, string]>): PairTable {
    const table = new PairTable();
    for (const [a, b] of pairs) table.add(a, b);
    return table;
  }
}

export interface KappaResult {
  /** Units compared. */
  units: number;
  /** p_o: the share of units on which the two coders gave the same value. */
  observed: number;
  /** p_e: the agreement expected by chance from each coder's own distribution of values. */
  expected: number;
  kappa: Coefficient;
}

/** Cohen's kappa (Cohen 1960): (p_o − p_e) / (1 − p_e). */
export function cohenKappa(table: PairTable): KappaResult {
  const n = table.total;
  if (n === 0) return { units: 0, observed: 0, expected: 0, kappa: undefinedBecause('no units to compare') };
  const byA = new Map<string, number>();
  const byB = new Map<string, number>();
  let same = 0;
  for (const { a, b, count } of table.cells()) {
    byA.set(a, (byA.get(a) ?? 0) + count);
    byB.set(b, (byB.get(b) ?? 0) + count);
    if (a === b) same += count;
  }
  const observed = same / n;
  let expected = 0;
  for (const [value, countA] of byA) expected += (countA / n) * ((byB.get(value) ?? 0) / n);
  // p_e is 1 only when both coders gave every unit one and the same value: 0/0.
  if (byA.size === 1 && byB.size === 1 && expected === 1) {
    return { units: n, observed, expected, kappa: undefinedBecause(`both coders gave every unit the same value (${describeValue([...byA.keys()][0] ?? '')}): chance agreement is 1, kappa is 0/0`) };
  }
  return { units: n, observed, expected, kappa: valueOf((observed - expected) / (1 - expected)) };
}

export interface AlphaResult {
  /** n: the pairable values (values in units that at least two coders coded). */
  pairable: number;
  /** D_o: observed disagreement, the share of pairable value pairs that differ. */
  observedDisagreement: number;
  /** D_e: disagreement expected by chance from the values' overall frequencies. */
  expectedDisagreement: number;
  alpha: Coefficient;
}

/** Coincidences o_ck of values c and k (Krippendorff's coincidence matrix), symmetric. */
type Coincidences = Map<string, Map<string, number>>;

function addCoincidence(matrix: Coincidences, c: string, k: string, amount: number): void {
  const row = matrix.get(c) ?? new Map<string, number>();
  row.set(k, (row.get(k) ?? 0) + amount);
  matrix.set(c, row);
}

/**
 * Nominal alpha from a coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability"): α = 1 − D_o/D_e = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k.
 */
function alphaFromCoincidences(matrix: Coincidences): AlphaResult {
  const totals = new Map<string, number>();
  let n = 0;
  let mismatched = 0;
  for (const [c, row] of matrix) {
    for (const [k, o] of row) {
      totals.set(c, (totals.get(c) ?? 0) + o);
      n += o;
      if (c !== k) mismatched += o;
    }
  }
  // Rounding of the 1/(m_u − 1) weights: n is a whole number of values.
  n = Math.round(n * 1e9) / 1e9;
  if (n < 2) return { pairable: n, observedDisagreement: 0, expectedDisagreement: 0, alpha: undefinedBecause('fewer than two pairable values: no unit was coded by two coders') };
  let sumOfSquares = 0;
  for (const total of totals.values()) sumOfSquares += total * total;
  const observedDisagreement = mismatched / n;
  const expectedDisagreement = (n * n - sumOfSquares) / (n * (n - 1));
  const used = [...totals].filter(([, total]) => total > 0);
  if (used.length < 2) {
    return {
      pairable: n,
      observedDisagreement,
      expectedDisagreement: 0,
      alpha: undefinedBecause(`every pairable value is the same (${describeValue(used[0]?.[0] ?? '')}): no variation to tell agreement from chance, alpha is 0/0`),
    };
  }
  return { pairable: n, observedDisagreement, expectedDisagreement, alpha: valueOf(1 - observedDisagreement / expectedDisagreement) };
}

/** Krippendorff's alpha, nominal, for two coders who both coded every unit of the table. */
export function twoCoderAlpha(table: PairTable): AlphaResult {
  const matrix: Coincidences = new Map();
  // Each unit holds two values (m_u = 2): it adds 1/(m_u − 1) = 1 to o_ab and to o_ba.
  for (const { a, b, count } of table.cells()) {
    addCoincidence(matrix, a, b, count);
    addCoincidence(matrix, b, a, count);
  }
  return alphaFromCoincidences(matrix);
}

/**
 * Krippendorff's alpha, nominal, for any number of coders with missing values: `units[u][c]` is
 * coder c's value for unit u, undefined when c did not code it. Units with fewer than two values
 * are not pairable and count for nothing.
 */
export function krippendorffAlphaNominal(units: readonly (readonly (string | undefined)[])[]): AlphaResult {
  const matrix: Coincidences = new Map();
  for (const unit of units) {
    const counts = new Map<string, number>();
    let m = 0;
    for (const value of unit) {
      if (value === undefined) continue;
      counts.set(value, (counts.get(value) ?? 0) + 1);
      m++;
    }
    if (m < 2) continue;
    for (const [c, nc] of counts) {
      for (const [k, nk] of counts) addCoincidence(matrix, c, k, ((c === k ? nc * (nc - 1) : nc * nk) / (m - 1)));
    }
  }
  return alphaFromCoincidences(matrix);
}

// ---------------------------------------------------------------------------------------------
// Two coders' codes, question by question.

/** A unit's value on a question when the coder put no code on it. */
export const NO_CODE = '';

/** How a value is printed: the codes it is made of, or "(no code)". */
export function describeValue(value: string): string {
  return value === NO_CODE ? '(no code)' : value;
}

/**
 * A unit's codes on one question, as the labels compared: its positions ("question:position"), or
 * the question alone ("question") when it takes none there. A code of the question alone beside
 * positions says nothing more and is left out. Sorted, so that the order a coder typed does not count.
 */
export function codesOn(codes: readonly UnitCode[], question: string): string[] {
  const on = codes.filter((c) => c.question === question);
  const positions = on.filter((c) => c.position !== undefined);
  const kept = positions.length > 0 ? positions : on.slice(0, 1);
  return [...new Set(kept.map(formatCode))].sort();
}

/** The value compared on the question: the unit's codes on it, joined; NO_CODE when none. */
export function valueKey(labels: readonly string[]): string {
  return labels.join('; ');
}

export interface PositionAgreement {
  /** The code: "question:position", or "question" for the question without a position. */
  code: string;
  codedByA: number;
  codedByB: number;
  codedByBoth: number;
  kappa: KappaResult;
  alpha: AlphaResult;
}

export interface Disagreement {
  unit: string;
  a: string[];
  b: string[];
}

export interface QuestionAgreement {
  question: string;
  /** Units on the sheets: every one counts on every question. */
  units: number;
  /** Units that both coders coded on this question (whatever the positions). */
  codedByBoth: number;
  codedByAOnly: number;
  codedByBOnly: number;
  /** Units that a coder gave more than one position on this question. */
  severalPositions: number;
  /** The unit's set of codes on the question as one nominal value. */
  kappa: KappaResult;
  alpha: AlphaResult;
  /** One present/absent decision per unit and position, positions in code order. */
  positions: PositionAgreement[];
  /** Means over the positions whose coefficient is defined. */
  meanPositionKappa: Coefficient;
  meanPositionAlpha: Coefficient;
  /** Units whose value differs, in sheet order. */
  disagreements: Disagreement[];
}

export interface CoderCodes {
  /** Unit ids in the order of the sheets. */
  units: readonly string[];
  a: ReadonlyMap<string, readonly UnitCode[]>;
  b: ReadonlyMap<string, readonly UnitCode[]>;
}

function mean(values: readonly Coefficient[], what: string): Coefficient {
  const defined = values.flatMap((v) => (v.defined ? [v.value] : []));
  if (defined.length === 0) return undefinedBecause(`no position has a defined ${what}`);
  return valueOf(defined.reduce((sum, v) => sum + v, 0) / defined.length);
}

/**
 * Agreement on each question either coder used, in `questionOrder` first (the corpus's order),
 * then by id. O(codes) per question: units neither coder coded on a question are counted, not
 * visited.
 */
export function compareCoders(coders: CoderCodes, questionOrder: readonly string[] = []): QuestionAgreement[] {
  const touched = new Map<string, string[]>();
  for (const unit of coders.units) {
    const questions = new Set([...(coders.a.get(unit) ?? []), ...(coders.b.get(unit) ?? [])].map((c) => c.question));
    for (const question of questions) {
      const list = touched.get(question) ?? [];
      list.push(unit);
      touched.set(question, list);
    }
  }
  const rank = new Map(questionOrder.map((q, i) => [q, i]));
  const questions = [...touched.keys()].sort((x, y) => (rank.get(x) ?? Infinity) - (rank.get(y) ?? Infinity) || (x < y ? -1 : x > y ? 1 : 0));
  return questions.map((question) => compareOnQuestion(coders, question, touched.get(question) ?? []));
}

function compareOnQuestion(coders: CoderCodes, question: string, touched: readonly string[]): QuestionAgreement {
  const total = coders.units.length;
  const untouched = total - touched.length;
  const whole = new PairTable();
  whole.add(NO_CODE, NO_CODE, untouched);
  const perCode = new Map<string, { a: number; b: number; both: number }>();
  const disagreements: Disagreement[] = [];
  let codedByBoth = 0;
  let codedByAOnly = 0;
  let codedByBOnly = 0;
  let severalPositions = 0;
  for (const unit of touched) {
    const a = codesOn(coders.a.get(unit) ?? [], question);
    const b = codesOn(coders.b.get(unit) ?? [], question);
    if (a.length > 0 && b.length > 0) codedByBoth++;
    else if (a.length > 0) codedByAOnly++;
    else if (b.length > 0) codedByBOnly++;
    if (a.length > 1 || b.length > 1) severalPositions++;
    const keyA = valueKey(a);
    const keyB = valueKey(b);
    whole.add(keyA, keyB);
    if (keyA !== keyB) disagreements.push({ unit, a, b });
    for (const code of new Set([...a, ...b])) {
      const counts = perCode.get(code) ?? { a: 0, b: 0, both: 0 };
      const inA = a.includes(code);
      const inB = b.includes(code);
      if (inA) counts.a++;
      if (inB) counts.b++;
      if (inA && inB) counts.both++;
      perCode.set(code, counts);
    }
  }
  const positions = [...perCode.keys()].sort().map((code): PositionAgreement => {
    const counts = perCode.get(code) ?? { a: 0, b: 0, both: 0 };
    const table = new PairTable();
    table.add('present', 'present', counts.both);
    table.add('present', 'absent', counts.a - counts.both);
    table.add('absent', 'present', counts.b - counts.both);
    table.add('absent', 'absent', total - counts.a - counts.b + counts.both);
    return { code, codedByA: counts.a, codedByB: counts.b, codedByBoth: counts.both, kappa: cohenKappa(table), alpha: twoCoderAlpha(table) };
  });
  return {
    question,
    units: total,
    codedByBoth,
    codedByAOnly,
    codedByBOnly,
    severalPositions,
    kappa: cohenKappa(whole),
    alpha: twoCoderAlpha(whole),
    positions,
    meanPositionKappa: mean(positions.map((p) => p.kappa.kappa), 'kappa'),
    meanPositionAlpha: mean(positions.map((p) => p.alpha.alpha), 'alpha'),
    disagreements,
  };
}
