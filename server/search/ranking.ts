// The ranking's weights, as data shared by both engines: the embedded engine ranks every match with
// them (embedded/searcher.ts); the Meilisearch adapter ranks with them the best candidates the
// server returns for a query's words (meilisearch/or-search.ts). Rules, best first: units whose text
// matches before units matching only through metadata; how many of the query's distinctive words a
// unit matches; a BM25 score; corpus order. Every figure here was measured with `npm run eval`
// (docs/relevance.md).

import { SEARCHABLE_ATTRIBUTES } from './settings.ts';

/** Rule 2's count: 2 per word matched without a typo, 1 per word matched with one; at most 31. */
export const MAX_COUNTED_WORDS = 31;

/**
 * BM25 parameters: units are short and a word rarely repeats in one, so what counts is the length
 * normalisation, full (b = 1) and strong (k1 = 3): a short unit that says the words is more on point
 * than a long one that mentions them. Each unit's text length is its document length.
 */
export const BM25_K1 = 3;
export const BM25_B = 1;
/** A query word found in more documents than this share of the corpus does not count in rule 2. */
export const FREQUENT_WORD_SHARE = 0.5;
/** A query word shorter than this does not count in rule 2. */
export const MIN_COUNTED_LENGTH = 3;
/** How a derivation's match counts, by kind: a stem-mate is the word (measured: 0.8 cost 0.006 nDCG on ArgKP). */
export const EXACT_FACTOR = 1;
export const STEM_FACTOR = 1;
export const PREFIX_FACTOR = 0.8;
export const SYNONYM_FACTOR = 0.8;
/** By number of typos: 0, 1, 2. */
export const TYPO_FACTORS: readonly number[] = [1, 0.2, 0.12];

/**
 * Share of a text match that a match in each metadata attribute counts, for each attribute bit
 * mask (bit i: SEARCHABLE_ATTRIBUTES[i]; text, bit 0, excluded): the best attribute's weight
 * relative to the text's, times METADATA_SHARE. A speaker name counts 0.19, a debate title 0.05 of
 * an average text match. It only orders units within a rule-2 bucket: a metadata match can never
 * lift a unit above one whose text matches (rule 1).
 */
export const METADATA_SHARE = 0.375;
export const METADATA_VALUE: Float32Array = (() => {
  const table = new Float32Array(1 << SEARCHABLE_ATTRIBUTES.length);
  const textWeight = (SEARCHABLE_ATTRIBUTES[0] as (typeof SEARCHABLE_ATTRIBUTES)[number]).weight;
  for (let mask = 1; mask < table.length; mask++) {
    let best = 0;
    SEARCHABLE_ATTRIBUTES.forEach((a, i) => {
      if (i > 0 && mask & (1 << i) && a.weight > best) best = a.weight;
    });
    table[mask] = (best / textWeight) * METADATA_SHARE;
  }
  return table;
})();

/** BM25's inverse document frequency of a word found in `df` of `n` documents. */
export function inverseDocumentFrequency(n: number, df: number): number {
  const bounded = Math.min(n, df);
  return Math.log(1 + (n - bounded + 0.5) / (bounded + 0.5));
}

/** Whether a query word counts in the "how many words" rule: not too short, not in more than FREQUENT_WORD_SHARE of the corpus. */
export function countsInWordRule(word: string, idf: number, n: number): boolean {
  const frequentIdf = Math.log(1 + (n - n * FREQUENT_WORD_SHARE + 0.5) / (n * FREQUENT_WORD_SHARE + 0.5));
  return word.length >= MIN_COUNTED_LENGTH && idf >= frequentIdf;
}
