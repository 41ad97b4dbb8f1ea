// Relevance metrics over one ranked list and graded judgments (unit id → grade, 1 or 2; absent = 0).
// nDCG uses the exponential gain 2^grade − 1 and log2 discounts (Järvelin & Kekäläinen), the ideal
// ranking being every judged unit sorted by grade; Recall counts the judged units found at any grade.

export type Judgments = ReadonlyMap<string, number>;

export interface QueryScores {
  ndcg: number;
  recall: number;
  /** Reciprocal rank of the first relevant unit within the cutoff, 0 when none. */
  rr: number;
  /** The engine returned nothing at all. */
  noHit: boolean;
}

const gain = (grade: number): number => 2 ** grade - 1;

export function dcg(grades: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) sum += gain(grades[i] as number) / Math.log2(i + 2);
  return sum;
}

export function ndcgAt(ranked: readonly string[], judgments: Judgments, k: number): number {
  const ideal = dcg([...judgments.values()].filter((g) => g > 0).sort((a, b) => b - a), k);
  if (ideal === 0) return 0;
  return dcg(ranked.slice(0, k).map((id) => judgments.get(id) ?? 0), k) / ideal;
}

export function recallAt(ranked: readonly string[], judgments: Judgments, k: number): number {
  let relevant = 0;
  for (const g of judgments.values()) if (g > 0) relevant++;
  if (relevant === 0) return 0;
  let found = 0;
  for (const id of ranked.slice(0, k)) if ((judgments.get(id) ?? 0) > 0) found++;
  return found / relevant;
}

export function reciprocalRank(ranked: readonly string[], judgments: Judgments, k: number): number {
  const at = ranked.slice(0, k).findIndex((id) => (judgments.get(id) ?? 0) > 0);
  return at < 0 ? 0 : 1 / (at + 1);
}

export function scoreQuery(ranked: readonly string[], judgments: Judgments, k = 10): QueryScores {
  return { ndcg: ndcgAt(ranked, judgments, k), recall: recallAt(ranked, judgments, k), rr: reciprocalRank(ranked, judgments, k), noHit: ranked.length === 0 };
}

export interface Summary {
  queries: number;
  ndcg: number;
  recall: number;
  mrr: number;
  /** Share of queries with no hit at all, 0..1. */
  noHit: number;
}

export function summarise(scores: readonly QueryScores[]): Summary {
  const n = scores.length;
  const mean = (f: (s: QueryScores) => number): number => (n === 0 ? 0 : scores.reduce((sum, s) => sum + f(s), 0) / n);
  return { queries: n, ndcg: mean((s) => s.ndcg), recall: mean((s) => s.recall), mrr: mean((s) => s.rr), noHit: mean((s) => (s.noHit ? 1 : 0)) };
}
