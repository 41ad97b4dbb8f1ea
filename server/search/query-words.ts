// What a query's text asks for, before any engine looks it up: its words (stop words dropped when
// other words remain, the first MAX_QUERY_WORDS meaningful ones kept, the last one a prefix while
// the user is still typing it) and the synonyms that stand for spans of them. Both adapters start
// from this, so that they agree on which words a query has: the embedded engine derives its
// vocabulary terms from it (embedded/query-plan.ts), the Meilisearch adapter its per-word queries
// and its ranking of what the server returns (meilisearch/or-search.ts).

import { MAX_QUERY_WORDS, STOP_WORDS, SYNONYM_GROUPS, TYPO_TOLERANCE } from './settings.ts';
import { foldText, foldedWords, tokenize } from './text.ts';
import { MIN_COUNTED_LENGTH } from './ranking.ts';

export interface AnalysedWord {
  /** Folded. Distinct within a query. */
  word: string;
  /** The last word, still being typed: words starting with it match it. */
  isPrefix: boolean;
}

/** Another member of a synonym group, standing for a span of query words. */
export interface SynonymSpan {
  /** The member's folded words, in order (one for a single-word synonym). */
  words: string[];
  /** Indexes (in AnalysedQuery.words) of the query words it stands for. */
  credits: number[];
}

export interface AnalysedQuery {
  words: AnalysedWord[];
  synonyms: SynonymSpan[];
}

/** The stop words, folded as the words they are compared with: one set for every reader of words (queries, similar lookups, key points). */
export const FOLDED_STOP_WORDS: ReadonlySet<string> = new Set(STOP_WORDS.map(foldText));

/**
 * Whether a unit's folded word may stand for it when both engines look for similar units (their
 * rarest such words that another unit holds too): at least MIN_COUNTED_LENGTH letters, no stop word.
 */
export function maySignalSimilarity(folded: string): boolean {
  return folded.length >= MIN_COUNTED_LENGTH && !FOLDED_STOP_WORDS.has(folded);
}

/**
 * A last word shorter than this is completed as a prefix only when it is the whole query: beside
 * other words, one or two letters would pull in most of the corpus.
 */
export const MIN_PREFIX_LENGTH = 3;

/** Typos allowed in a query word, by its length (Meilisearch's rule: one from 5 letters, two from 9). */
export function maxTyposFor(word: string): number {
  if (!TYPO_TOLERANCE.enabled) return 0;
  const length = [...word].length;
  if (length >= TYPO_TOLERANCE.minWordSizeForTypos.twoTypos) return 2;
  if (length >= TYPO_TOLERANCE.minWordSizeForTypos.oneTypo) return 1;
  return 0;
}

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

/**
 * The words of a query. `maxWords`: meaningful words kept, the first ones (MAX_QUERY_WORDS for
 * what a reader types; a similar-units lookup reads a whole unit's text with a bound of its own).
 */
export function analyseQuery(text: string, maxWords: number = MAX_QUERY_WORDS): AnalysedQuery {
  const all = tokenize(text);
  const allStop = all.every((t) => FOLDED_STOP_WORDS.has(t.folded));
  // Search as you type: the last word is a prefix unless the user typed a separator after it.
  const lastToken = all[all.length - 1];
  const lastIsOpen = lastToken !== undefined && lastToken.end === text.length;
  // Stop words go first, then the first maxWords meaningful words are kept: a long question
  // keeps its content words.
  const kept = (allStop ? all : all.filter((t) => !FOLDED_STOP_WORDS.has(t.folded))).slice(0, maxWords);
  const raw = all.slice(0, all.indexOf(kept[kept.length - 1] as (typeof all)[number]) + 1);
  const folded = raw.map((t) => t.folded);

  // Query word index of each raw word, or -1 for a dropped stop word (or a repeated word).
  const wordIndex: number[] = [];
  const words: AnalysedWord[] = [];
  const seen = new Map<string, number>();
  raw.forEach((token, i) => {
    const word = token.folded;
    if (!allStop && FOLDED_STOP_WORDS.has(word)) {
      wordIndex.push(-1);
      return;
    }
    const isPrefix = lastIsOpen && token === lastToken && (word.length >= MIN_PREFIX_LENGTH || kept.length === 1);
    const known = seen.get(word);
    if (known !== undefined) {
      if (isPrefix) (words[known] as AnalysedWord).isPrefix = true;
      wordIndex.push(known);
      return;
    }
    seen.set(word, words.length);
    wordIndex.push(words.length);
    words.push({ word, isPrefix: isPrefix && i === raw.length - 1 });
  });

  // Synonyms: leftmost-longest spans of raw words equal to a member of a group; each other member
  // of the group stands for the span's query words.
  const synonyms: SynonymSpan[] = [];
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
        synonyms.push({ words: other, credits });
      }
    }
    i += member.words.length;
  }
  return { words, synonyms };
}
