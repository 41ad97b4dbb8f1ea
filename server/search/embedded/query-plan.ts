// Turns query text into what the searcher runs: query words, each with its derivations (the
// vocabulary terms it may match: the word, its French and English stem-mates, its typo neighbours,
// its prefix extensions), and synonym alternatives. Stop words are dropped when other words remain,
// then the first 10 meaningful words are kept; typos by word length with the first letter kept
// (Meilisearch's rule), prefix on the last word only, synonyms (multi-word too) both ways. Every
// word is optional: the searcher matches any of them and ranks by how many and how rare.

import { analyseQuery, maxTyposFor } from '../query-words.ts';
import type { HighlightSpec } from '../highlight.ts';
import { ANY_LANGUAGE, MIN_STEMMED_LENGTH } from '../stemming.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface Derivation {
  term: number;
  typos: number;
  /** The query word itself, not a stem-mate, prefix extension, typo or synonym. */
  exact: boolean;
  /** Documents of which languages it may match (stemming.ts bits): a stem-mate only those of its language. */
  languages: number;
  /** A prefix extension of the last word (weighs less than a stem-mate). */
  prefix?: boolean;
}

/** A synonym of a span of query words: a document containing it is credited with those words. */
export interface Alternative {
  /** Term ids of the synonym's words, in order (one for a single-word synonym). */
  terms: number[];
  /** Indexes of the query words it stands for. */
  credits: number[];
}

export interface QueryWord {
  word: string;
  derivations: Derivation[];
  isPrefix: boolean;
  /** Precomputed postings of the prefix (see IndexData.prefixKeys), used instead of its words; -1 if none. */
  prefixList: number;
  /** Term ids [from, to) extending the prefix, when it is one. */
  prefixRange: [number, number] | null;
}

export interface QueryPlan {
  words: QueryWord[];
  alternatives: Alternative[];
  /** What to mark in highlights. */
  highlight: HighlightSpec;
}


/** Up to this many query words, a typo may change the first letter (Meilisearch's rule: it counts as two). */
export const FIRST_LETTER_TYPOS_UP_TO = 3;

export function planQuery(text: string, vocabulary: Vocabulary): QueryPlan {
  const analysed = analyseQuery(text);
  const words: QueryWord[] = analysed.words.map(({ word, isPrefix }) => ({ word, derivations: [], isPrefix, prefixList: -1, prefixRange: null }));

  const highlight: HighlightSpec = { words: new Set(), prefix: null, phrases: [] };
  for (const qw of words) {
    const found = new Map<number, Derivation>();
    const add = (d: Derivation): void => {
      const known = found.get(d.term);
      if (!known || d.typos < known.typos || (d.typos === known.typos && d.exact && !known.exact)) found.set(d.term, d);
      else if (d.typos === known.typos && d.exact === known.exact) known.languages |= d.languages;
    };
    const exact = vocabulary.find(qw.word);
    if (exact >= 0) add({ term: exact, typos: 0, exact: true, languages: ANY_LANGUAGE });
    highlight.words.add(qw.word);
    // A word too short to be stemmed still meets the longer words that stem to it ("gun": "guns").
    if (qw.word.length >= MIN_STEMMED_LENGTH - 1) {
      for (const match of vocabulary.stemMatches(qw.word)) {
        add({ term: match.term, typos: 0, exact: false, languages: match.languages });
        highlight.words.add(vocabulary.terms[match.term] as string);
      }
    }
    if (qw.isPrefix) {
      const [from, to] = vocabulary.prefixRange(qw.word);
      highlight.prefix = qw.word;
      qw.prefixRange = [from, to];
      qw.prefixList = vocabulary.prefixList(qw.word);
      if (qw.prefixList < 0) for (let term = from; term < to; term++) add({ term, typos: 0, exact: false, languages: ANY_LANGUAGE, prefix: true });
    }
    // In a long question, a typo on the first letter is not looked for: walking the whole
    // vocabulary for each of up to ten words would cost more than the rest of the query.
    for (const match of vocabulary.typoMatches(qw.word, maxTyposFor(qw.word), qw.isPrefix, words.length <= FIRST_LETTER_TYPOS_UP_TO)) {
      add({ term: match.term, typos: match.typos, exact: false, languages: ANY_LANGUAGE });
      highlight.words.add(vocabulary.terms[match.term] as string);
    }
    qw.derivations = [...found.values()];
  }

  // Synonyms: each other member of a group found in the query stands for the words it spans.
  const alternatives: Alternative[] = [];
  for (const { words: other, credits } of analysed.synonyms) {
    const terms = other.map((w) => vocabulary.find(w));
    if (terms.some((t) => t < 0)) continue;
    alternatives.push({ terms, credits });
    if (other.length === 1) highlight.words.add(other[0] as string);
    else highlight.phrases.push(other);
  }

  return { words, alternatives, highlight };
}
