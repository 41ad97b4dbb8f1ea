// The fixed query mix of the benchmark: the same queries, in the same order, for every engine.
// Queries are drawn (with a seed) from the generated corpus itself, so each kind hits real words
// at realistic frequencies: common and rare words, real speaker and debate ids.

import type { FacetField, SearchDocument, SearchQuery } from '../../server/search/engine.ts';
import { FACET_FIELDS, facetValues } from '../../server/search/engine.ts';
import { createRandom, pick, type Random } from './generate-corpus.ts';

export const QUERY_KINDS = ['one-word', 'two-words', 'prefix', 'typo', 'accentless', 'long-question', 'filters', 'facets', 'browse', 'compare'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface BenchQuery {
  kind: QueryKind;
  /** One query, or several for `compare` (one per speaker, answered by multiSearch). */
  queries: SearchQuery[];
}

const LIMIT = 20;

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 4);
}

/** Replaces one inner letter, as a hurried typist does; keeps the word long enough for one typo. */
function misspell(random: Random, word: string): string {
  const letters = [...word];
  const at = 1 + Math.floor(random() * (letters.length - 2));
  const current = letters[at] ?? 'a';
  const replacement = 'aeiourstnl'.split('').find((c) => c !== current && random() < 0.3) ?? (current === 'x' ? 'z' : 'x');
  letters[at] = replacement;
  return letters.join('');
}

const QUESTION_STARTS = ['est-ce que', 'pourquoi', 'comment', 'qui', 'faut-il que', 'peut-on dire que', 'en quoi'];
const QUESTION_GLUE = ['le', 'la', 'les', 'un', 'une', 'des', 'de', 'du', 'et', 'est', 'pour', 'dans', 'sur', 'avec', 'qui', 'que', 'à', 'sont', 'vraiment'];

/**
 * A question as a researcher types it: a question opening, then 6 to 10 content words of every
 * frequency with function words between them, e.g. "pourquoi la stratégie des marques est …".
 */
function longQuestion(random: Random, anyWord: () => string): string {
  const words: string[] = [pick(random, QUESTION_STARTS)];
  const content = 6 + Math.floor(random() * 5);
  for (let i = 0; i < content; i++) {
    if (random() < 0.6) words.push(pick(random, QUESTION_GLUE));
    words.push(anyWord());
  }
  return `${words.join(' ')} ?`;
}

function topBy(documents: readonly SearchDocument[], field: 'speaker' | 'debate' | 'question', count: number): string[] {
  const counts = new Map<string, number>();
  for (const d of documents) {
    for (const value of facetValues(d, field)) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, count).map(([k]) => k);
}

/**
 * `perKind` distinct queries of each kind. Words come from the vocabulary's frequency ranks:
 * the first 20 ranks (very common: long posting lists), 20–300 (common) and beyond (rare).
 */
export function buildQueryMix(documents: readonly SearchDocument[], vocabulary: readonly string[], perKind = 40, seed = 7): BenchQuery[] {
  const random = createRandom(seed);
  const ranked = vocabulary.filter((w) => w.length >= 4);
  const anyWord = (): string => {
    const r = random();
    const band = r < 0.25 ? ranked.slice(0, 20) : r < 0.75 ? ranked.slice(20, 300) : ranked.slice(300, 1500);
    return pick(random, band);
  };
  const accented = ranked.slice(0, 1500).filter((w) => fold(w) !== w && w.length >= 5);
  const typoable = ranked.slice(0, 1500).filter((w) => w.length >= 6);
  const topSpeakers = topBy(documents, 'speaker', 30);
  const topDebates = topBy(documents, 'debate', 50);
  const topQuestions = topBy(documents, 'question', 30);
  const kinds = ['argument', 'comment', 'turn'];
  const sample = (): SearchDocument => pick(random, documents);
  const q = (text: string, extra: Partial<SearchQuery> = {}): SearchQuery => ({ text, limit: LIMIT, page: 1, ...extra });

  const mix: BenchQuery[] = [];
  for (let i = 0; i < perKind; i++) {
    mix.push({ kind: 'one-word', queries: [q(anyWord())] });
    // Two words that occur together in one unit, so an AND query has answers.
    let pair: string[] = [];
    for (let tries = 0; pair.length < 2 && tries < 20; tries++) {
      const words = [...new Set(wordsOf(sample().text))];
      if (words.length >= 2) pair = [pick(random, words), pick(random, words.filter((w) => w !== pair[0]))];
      if (pair[0] === pair[1]) pair = [];
    }
    mix.push({ kind: 'two-words', queries: [q(pair.join(' '))] });
    // Search as you type: 2 to 4 letters of a word, alone or after a full word.
    const typed = anyWord();
    const prefix = typed.slice(0, 2 + Math.floor(random() * 3));
    mix.push({ kind: 'prefix', queries: [q(random() < 0.5 ? prefix : `${anyWord()} ${prefix}`)] });
    mix.push({ kind: 'typo', queries: [q(misspell(random, pick(random, typoable)))] });
    mix.push({ kind: 'accentless', queries: [q(fold(pick(random, accented)))] });
    mix.push({ kind: 'long-question', queries: [q(longQuestion(random, anyWord))] });
    mix.push({
      kind: 'filters',
      queries: [q(anyWord(), { filters: { speaker: [pick(random, topSpeakers)], kind: [pick(random, kinds)] } })],
    });
    mix.push({ kind: 'facets', queries: [q(anyWord(), { facets: FACET_FIELDS as readonly FacetField[] })] });
    mix.push({
      kind: 'browse',
      queries: [
        q('', random() < 0.5 ? { filters: { debate: [pick(random, topDebates)] }, sort: 'date-asc' } : { filters: { question: [pick(random, topQuestions)] }, facets: ['position', 'speaker'] }),
      ],
    });
    const word = anyWord();
    const speakers = new Set<string>();
    while (speakers.size < 3) speakers.add(pick(random, topSpeakers));
    mix.push({ kind: 'compare', queries: [...speakers].map((speaker) => q(word, { filters: { speaker: [speaker] } })) });
  }
  return mix;
}
