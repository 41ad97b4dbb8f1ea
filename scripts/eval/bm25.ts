// The baseline the evaluation compares the engines with: a plain Okapi BM25 (k1 = 1.2, b = 0.75)
// over each unit's own text, words folded and split exactly as the engines do, stop words of both
// languages removed, no stemming, no typos, no synonyms. Any document containing a query word is
// a hit; the score alone orders them (ties in corpus order).

import type { SearchDocument } from '../../server/search/engine.ts';
import { STOP_WORDS } from '../../server/search/settings.ts';
import { foldText, foldedWords } from '../../server/search/text.ts';

const STOP = new Set(STOP_WORDS.map(foldText));
const K1 = 1.2;
const B = 0.75;

export class Bm25Baseline {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[] = [];
  private readonly averageLength: number;

  constructor(private readonly documents: readonly SearchDocument[]) {
    documents.forEach((document, doc) => {
      const words = foldedWords(document.text).filter((w) => !STOP.has(w));
      this.lengths.push(words.length);
      const tf = new Map<string, number>();
      for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
      for (const [w, n] of tf) {
        let list = this.postings.get(w);
        if (!list) this.postings.set(w, (list = []));
        list.push({ doc, tf: n });
      }
    });
    this.averageLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, this.lengths.length);
  }

  /** Ids of the best `limit` documents for the query, best first. */
  search(text: string, limit: number, exclude?: string): string[] {
    const n = this.documents.length;
    const scores = new Map<number, number>();
    for (const word of new Set(foldedWords(text).filter((w) => !STOP.has(w)))) {
      const list = this.postings.get(word);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, tf } of list) {
        const norm = tf + K1 * (1 - B + (B * (this.lengths[doc] as number)) / this.averageLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (K1 + 1)) / norm);
      }
    }
    return [...scores]
      .filter(([doc]) => this.documents[doc]?.id !== exclude)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([doc]) => (this.documents[doc] as SearchDocument).id);
  }
}
