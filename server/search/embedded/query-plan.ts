// Turns query text into what the searcher runs: query words, each with its derivations (the
// vocabulary terms it may match: the word, its French and English stem-mates, its typo neighbours,
// its prefix extensions), and synonym alternatives. Stop words are dropped when other words remain,
// then the first 10 meaningful words are kept; typos by word length with the first letter kept
// (Meilisearch's rule), prefix on the last word only, synonyms (multi-word too) both ways. Every
// word is optional: the searcher matches any of them and ranks by how many and how rare.

import { MAX_QUERY_WORDS, STOP_WORDS, SYNONYM_GROUPS, TYPO_TOLERANCE } from '../settings.ts';
import { foldText, foldedWords, tokenize } from '../text.ts';
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

export interface HighlightSpec {
  /** Folded words marked whole: exact words, typo matches, single-word synonyms. */
  words: Set<string>;
  /** The last query word, when it is a prefix: words starting with it are marked on that part. */
  prefix: string | null;
  /** Multi-word synonyms (folded words), every word of an occurrence is marked. */
  phrases: string[][];
}

const STOP = new Set(STOP_WORDS.map(foldText));

interface SynonymMember {
  words: string[];
  group: number;
}

/** Synonym members by their first folded word, longest first (the longest match wins). */
const SYNONYMS_BY_FIRST_WORD: Map<string, SynonymMember[]> = (() => {
  const map = new Map<string, SynonymMember[]>();
  SYNONYM_GROUPS.forEach((group, index) => {
    for (const member of group) {
      const words = foldedWords(member);
      const first = words[0];
      if (first === undefined) continue;
      const list = map.get(first) ?? [];
      list.push({ words, group: index });
      list.sort((a, b) => b.words.length - a.words.length);
      map.set(first, list);
    }
  });
  return map;
})();

const SYNONYM_MEMBERS: string[][][] = SYNONYM_GROUPS.map((group) => group.map(foldedWords).filter((w) => w.length > 0));

export function maxTyposFor(word: string): number {
  if (!TYPO_TOLERANCE.enabled) return 0;
  const length = [...word].length;
  if (length >= TYPO_TOLERANCE.minWordSizeForTypos.twoTypos) return 2;
  if (length >= TYPO_TOLERANCE.minWordSizeForTypos.oneTypo) return 1;
  return 0;
}

/**
 * A last word shorter than this is completed as a prefix only when it is the whole query: beside
 * other words, one or two letters would pull in most of the corpus.
 */
export const MIN_PREFIX_LENGTH = 3;

/** Up to this many query words, a typo may change the first letter (Meilisearch's rule: it counts as two). */
export const FIRST_LETTER_TYPOS_UP_TO = 3;

export function planQuery(text: string, vocabulary: Vocabulary): QueryPlan {
  const all = tokenize(text);
  const allStop = all.every((t) => STOP.has(t.folded));
  // Search as you type: the last word is a prefix unless the user typed a separator after it.
  const lastToken = all[all.length - 1];
  const lastIsOpen = lastToken !== undefined && lastToken.end === text.length;
  // Stop words go first, then the first MAX_QUERY_WORDS meaningful words are kept: a long question
  // keeps its content words.
  const kept = (allStop ? all : all.filter((t) => !STOP.has(t.folded))).slice(0, MAX_QUERY_WORDS);
  const raw = all.slice(0, all.indexOf(kept[kept.length - 1] as (typeof all)[number]) + 1);
  const folded = raw.map((t) => t.folded);

  // Query word index of each raw word, or -1 for a dropped stop word (or a repeated word).
  const wordIndex: number[] = [];
  const words: QueryWord[] = [];
  const seen = new Map<string, number>();
  raw.forEach((token, i) => {
    const word = token.folded;
    if (!allStop && STOP.has(word)) {
      wordIndex.push(-1);
      return;
    }
    const isPrefix = lastIsOpen && token === lastToken && (word.length >= MIN_PREFIX_LENGTH || kept.length === 1);
    const known = seen.get(word);
    if (known !== undefined) {
      if (isPrefix) (words[known] as QueryWord).isPrefix = true;
      wordIndex.push(known);
      return;
    }
    seen.set(word, words.length);
    wordIndex.push(words.length);
    words.push({ word, derivations: [], isPrefix: isPrefix && i === raw.length - 1, prefixList: -1, prefixRange: null });
  });

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

  // Synonyms: leftmost-longest spans of raw words equal to a member of a group.
  const alternatives: Alternative[] = [];
  for (let i = 0; i < folded.length; ) {
    const candidates = SYNONYMS_BY_FIRST_WORD.get(folded[i] as string) ?? [];
    const member = candidates.find((m) => m.words.every((w, k) => folded[i + k] === w));
    if (!member) {
      i++;
      continue;
    }
    const credits = wordIndex.slice(i, i + member.words.length).filter((w) => w >= 0);
    if (credits.length > 0) {
      for (const other of SYNONYM_MEMBERS[member.group] ?? []) {
        if (other.join(' ') === member.words.join(' ')) continue;
        const terms = other.map((w) => vocabulary.find(w));
        if (terms.some((t) => t < 0)) continue;
        alternatives.push({ terms, credits });
        if (other.length === 1) highlight.words.add(other[0] as string);
        else highlight.phrases.push(other);
      }
    }
    i += member.words.length;
  }

  return { words, alternatives, highlight };
}
