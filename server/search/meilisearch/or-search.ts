// OR matching and our ranking on Meilisearch, as pure functions (the engine sends and receives).
//
// Meilisearch has no OR matching: its strategies drop query words in a fixed order, so a question
// whose rarest word is nowhere returns nothing, and units holding only some of the words are never
// found (docs/relevance.md). What it has is federated multi-search: several queries on one index,
// their matches united into one set whose size (the total) and facet counts are exact, their hits
// merged by weighted ranking score. So a search with words is:
//   1. how many units hold each word (limit 0 queries: counts only, remembered per index version),
//      for each word's idf;
//   2. one federated multi-search: the whole query (the `frequency` strategy, which puts units with
//      most of the rare words first), then one query per meaningful word, and one per stem of it on
//      the stemmed copies of the text and of the other fields (STEMMED_TEXT_FIELD,
//      STEMMED_METADATA_FIELD), each weighted by its word's idf: every
//      unit holding any query word, its stem-mates, typos of it, the last word's completions or a
//      synonym is matched, as in the embedded engine, and units with the rarest words lead the merge;
//   3. the first RERANK_POOL hits of the merged list ranked again here by the embedded engine's
//      rules and weights (server/search/ranking.ts): text matches first, then how many distinctive
//      words, then BM25; beyond the pool, Meilisearch's merged order.
// Highlights are computed here too, from what matched (Meilisearch would only mark the words of
// the one query that brought the hit).

import type { FederatedMultiSearchParams, Hit, MultiSearchQuery, MultiSearchQueryWithFederation, SearchResponse } from 'meilisearch';
import { FACET_FIELDS, type SearchDocument, type SearchHit, type SearchResult } from '../engine.ts';
import { compareCorpusOrder } from '../documents.ts';
import { highlightText, type HighlightSpec } from '../highlight.ts';
import type { NormalisedQuery } from '../query.ts';
import { analyseQuery, maxTyposFor, maySignalSimilarity, type AnalysedWord, type SynonymSpan } from '../query-words.ts';
import { BM25_B, BM25_K1, EXACT_FACTOR, MAX_COUNTED_WORDS, METADATA_VALUE, PREFIX_FACTOR, STEM_FACTOR, SYNONYM_FACTOR, TYPO_FACTORS, countsInWordRule, inverseDocumentFrequency } from '../ranking.ts';
import { SEARCHABLE_ATTRIBUTES, SIMILAR_QUERY_WORDS } from '../settings.ts';
import { MIN_STEMMED_LENGTH, STEM_LANGUAGES, cachedStem, languageBits, stemLanguagesOf, type StemLanguage } from '../stemming.ts';
import { editDistance, foldText, scanWords } from '../text.ts';
import { buildFilter } from './filter.ts';
import { MATCHING_STRATEGY, STEMMED_METADATA_FIELD, STEMMED_TEXT_FIELD, fieldValues, sortFor, toFacetCounts, toSearchDocument } from './request.ts';
import { MAX_VALUES_PER_FACET } from './settings.ts';

/**
 * How many of the merged hits are ranked again here: the first pages a reader looks at. Measured
 * with `npm run eval` (docs/relevance.md): a larger pool costs transfer and time on every search.
 */
export const RERANK_POOL = 100;

/**
 * Weight of the whole query in the merge; each word's queries weigh less (times its idf relative to
 * the query's rarest word), so that units with most of the words, then units with the rarest, lead
 * the pool. Measured (docs/relevance.md): with equal word weights the pool of 100 missed relevant
 * units that a pool of 200 held (ArgKP 0.457 against 0.508); weighted by idf, 100 is enough (0.513).
 */
export const WHOLE_QUERY_WEIGHT = 1;
export const WORD_QUERY_WEIGHT = 0.5;
/** The least relative weight of a word: a word in every unit still brings its units in, last. */
export const MIN_WORD_WEIGHT = 0.01;

/** The fields a hit brings back: ours (not the stems, nor the primary key). */
export const RETRIEVED_FIELDS: readonly (keyof SearchDocument)[] = [
  'id', 'text', 'speaker', 'speakerName', 'speakerAliases', 'question', 'questionTitle', 'questionTitleEn',
  'position', 'positionLabel', 'codes', 'kind', 'debate', 'debateTitle', 'date', 'dateValue', 'order', 'language',
];

export interface OrWord extends AnalysedWord {
  /** Its French and English stems that differ from it (none for a short word). */
  stems: string[];
}

export interface OrPlan {
  text: string;
  words: OrWord[];
  synonyms: SynonymSpan[];
  /** False: a word counts only as written or through its stems (a similar-units lookup, as the embedded engine's). */
  typos?: boolean;
}

/**
 * `typos: false`: words count only as written or through their stems. `maxWords`: the query's
 * meaningful words kept (MAX_QUERY_WORDS by default, as the embedded engine's queries).
 */
export function planOrSearch(text: string, options: { typos?: boolean; maxWords?: number } = {}): OrPlan {
  const { words, synonyms } = analyseQuery(text, options.maxWords);
  return {
    ...(options.typos === false ? { typos: false } : {}),
    text,
    words: words.map((w) => ({ ...w, stems: w.word.length < MIN_STEMMED_LENGTH ? [] : [...new Set(STEM_LANGUAGES.map((l) => cachedStem(w.word, l)))].filter((s) => s !== w.word) })),
    synonyms,
  };
}

/** One Meilisearch query per word and per stem of it: `q`, and where it looks. */
export interface WordQuery {
  word: number;
  q: string;
  attributesToSearchOn?: string[];
}

/**
 * Where a stem is looked up: the stems of the text and of the other fields, as the embedded engine
 * finds a stem-mate in any field; the text's alone when the search looks only in the text.
 */
export function stemFields(searchOn?: readonly string[]): string[] {
  return searchOn ? [STEMMED_TEXT_FIELD] : [STEMMED_TEXT_FIELD, STEMMED_METADATA_FIELD];
}

export function wordQueries(plan: OrPlan, searchOn?: readonly string[]): WordQuery[] {
  return plan.words.flatMap((w, word) => [
    // A trailing space: the word is not a prefix, except the last one while it is being typed. A
    // stem is a phrase: matched as it is, without typos, as the embedded engine's stem-mates (a stem
    // a typo away from another matched units sharing no form of the word).
    { word, q: w.isPrefix ? w.word : `${w.word} ` },
    ...w.stems.map((s) => ({ word, q: `"${s}"`, attributesToSearchOn: stemFields(searchOn) })),
  ]);
}

/** Which hits of the merged list a page needs: the whole pool while the page is in it. */
export function federationWindow(query: Pick<NormalisedQuery, 'page' | 'limit' | 'sort'>): { offset: number; limit: number; reranked: number } {
  const offset = (query.page - 1) * query.limit;
  if (query.sort !== 'relevance' || offset >= RERANK_POOL) return { offset, limit: query.limit, reranked: 0 };
  return { offset: 0, limit: Math.max(RERANK_POOL, offset + query.limit), reranked: RERANK_POOL };
}

/** Where a similar-units lookup looks: the texts alone, as the embedded engine's does (a shared debate title or speaker says nothing about the point). */
export const TEXT_ATTRIBUTES: readonly string[] = ['text'];

export function federatedSearchParams(
  query: NormalisedQuery,
  plan: OrPlan,
  indexUid: string,
  wordWeights?: readonly number[],
  searchOn?: readonly string[],
): FederatedMultiSearchParams {
  const filter = buildFilter(query.filters);
  const sort = sortFor(query.sort, query.text);
  const common = {
    indexUid,
    attributesToRetrieve: [...RETRIEVED_FIELDS],
    ...(filter !== undefined ? { filter } : {}),
    ...(sort !== undefined ? { sort } : {}),
  };
  const queries: MultiSearchQueryWithFederation[] = [
    // Untrimmed at the end: a space typed after the last word means it is complete, not a prefix.
    { ...common, q: query.text.trimStart(), matchingStrategy: MATCHING_STRATEGY, ...(searchOn ? { attributesToSearchOn: [...searchOn] } : {}), federationOptions: { weight: WHOLE_QUERY_WEIGHT } },
    // A one-word query is its own word query: only its stems are added.
    ...wordQueries(plan, searchOn)
      .filter((w) => plan.words.length > 1 || w.attributesToSearchOn !== undefined)
      .map(({ word, q, attributesToSearchOn }) => ({
        ...common,
        q,
        matchingStrategy: 'all' as const,
        ...(attributesToSearchOn ? { attributesToSearchOn } : searchOn ? { attributesToSearchOn: [...searchOn] } : {}),
        federationOptions: { weight: WORD_QUERY_WEIGHT * (wordWeights?.[word] ?? 1) },
      })),
  ];
  const { offset, limit } = federationWindow(query);
  const facets = FACET_FIELDS.filter((f) => query.facets.includes(f));
  return {
    federation: {
      offset,
      limit,
      ...(facets.length > 0 ? { facetsByIndex: { [indexUid]: [...facets] }, mergeFacets: { maxValuesPerFacet: MAX_VALUES_PER_FACET } } : {}),
    },
    queries,
  };
}

/** How many units hold each word query's word (no filter: an idf is a corpus figure). */
export function countQueries(plan: OrPlan, indexUid: string, searchOn?: readonly string[]): MultiSearchQuery[] {
  return wordQueries(plan, searchOn).map(({ q, attributesToSearchOn }) => ({ indexUid, q, limit: 0, matchingStrategy: 'all' as const, ...(attributesToSearchOn ? { attributesToSearchOn } : {}) }));
}

/** Distinct words of a unit a similar-units lookup may stand on, at most this many (its requests stay bounded). */
export const SIMILAR_CANDIDATE_WORDS = 48;

/**
 * The words of a unit's text that may stand for it, as the embedded engine picks them: distinct,
 * folded, maySignalSimilarity, in the order of the text.
 */
export function similarCandidateWords(text: string): string[] {
  const words = new Set<string>();
  for (const word of foldedTokens(text)) {
    if (maySignalSimilarity(word)) words.add(word);
    if (words.size >= SIMILAR_CANDIDATE_WORDS) break;
  }
  return [...words];
}

/**
 * The words a similar-units lookup searches with: those another unit holds too (a count of at
 * least 2, the unit itself being one), rarest first, ties in the text's order; SIMILAR_QUERY_WORDS
 * at most, as the embedded engine's similar() chooses them.
 */
export function chooseSimilarWords(words: readonly string[], counts: readonly number[]): string[] {
  return words
    .map((word, i) => ({ word, i, count: counts[i] ?? 0 }))
    .filter((w) => w.count >= 2)
    .sort((a, b) => a.count - b.count || a.i - b.i)
    .slice(0, SIMILAR_QUERY_WORDS)
    .map((w) => w.word);
}

/** Word counts remembered per index version: most words of a question recur in the next ones. */
export const WORD_COUNT_CACHE_SIZE = 20_000;

export class WordCountCache {
  #version = '';
  readonly #counts = new Map<string, number>();

  /** The cache of one version: switching versions forgets the counts of the previous one. */
  forVersion(version: string): { get(query: MultiSearchQuery): number | undefined; set(query: MultiSearchQuery, count: number): void } {
    if (version !== this.#version) {
      this.#version = version;
      this.#counts.clear();
    }
    const key = (q: MultiSearchQuery): string => `${q.attributesToSearchOn?.join(',') ?? '*'}\u0000${q.q ?? ''}`;
    return {
      get: (q) => this.#counts.get(key(q)),
      set: (q, count) => {
        if (this.#counts.size >= WORD_COUNT_CACHE_SIZE) this.#counts.clear();
        this.#counts.set(key(q), count);
      },
    };
  }
}

/** For each query word, the units holding it: the most any of its queries found. */
export function wordDocumentCounts(plan: OrPlan, counts: readonly Pick<SearchResponse, 'estimatedTotalHits' | 'totalHits'>[]): number[] {
  const perWord = plan.words.map(() => 0);
  wordQueries(plan).forEach(({ word }, i) => {
    const response = counts[i];
    const found = response?.estimatedTotalHits ?? response?.totalHits ?? 0;
    perWord[word] = Math.max(perWord[word] as number, found);
  });
  return perWord;
}

/** Each word's weight relative to the query's rarest word (its idf over the highest), for the merge. */
export function wordQueryWeights(stats: Pick<RankingStats, 'documents' | 'wordDocuments'>): number[] {
  const n = Math.max(1, stats.documents);
  const idf = stats.wordDocuments.map((df) => inverseDocumentFrequency(n, df));
  const top = Math.max(...idf);
  return idf.map((x) => (top > 0 ? Math.max(MIN_WORD_WEIGHT, x / top) : 1));
}

/** How a token matches a query word: the factor of its kind and its typos. */
interface WordMatch {
  word: number;
  factor: number;
  typos: number;
  prefix: boolean;
}

const NO_MATCH: readonly WordMatch[] = Object.freeze([]);

/**
 * Which query words each folded token matches, as the embedded engine's derivations would: the
 * word itself, a stem-mate in a language of the unit, the last word's completions, typos (by length,
 * the first letter kept), a single-word synonym standing for a span. Remembered per token and
 * language bits, because a page repeats its words.
 */
class TokenMatcher {
  readonly #plan: OrPlan;
  /** Matches by language bits, then token. */
  readonly #memo = new Map<number, Map<string, WordMatch[]>>();
  /** First letters (UTF-16 codes) of the query words and of their single-word synonyms. */
  readonly #firstLetters = new Set<number>();
  readonly #stems: Record<StemLanguage, string[]>;
  readonly #synonymWords = new Map<string, number[]>();
  /** Tokens that matched whole (not as a prefix): marked in highlights. */
  readonly marked = new Set<string>();

  constructor(plan: OrPlan) {
    this.#plan = plan;
    this.#stems = { fr: [], en: [] };
    for (const l of STEM_LANGUAGES) this.#stems[l] = plan.words.map((w) => (w.word.length < MIN_STEMMED_LENGTH ? w.word : cachedStem(w.word, l)));
    for (const w of plan.words) this.#firstLetters.add(w.word.charCodeAt(0));
    for (const span of plan.synonyms) {
      if (span.words.length !== 1) continue;
      this.#firstLetters.add((span.words[0] as string).charCodeAt(0));
      const only = span.words[0] as string;
      this.#synonymWords.set(only, [...(this.#synonymWords.get(only) ?? []), ...span.credits]);
    }
  }

  matches(token: string, languages: number): readonly WordMatch[] {
    // Every way of matching keeps the first letter (typos too: Meilisearch's rule): most tokens
    // of a page are ruled out by it, without a lookup.
    if (!this.#firstLetters.has(token.charCodeAt(0))) return NO_MATCH;
    let memo = this.#memo.get(languages);
    if (memo === undefined) {
      memo = new Map();
      this.#memo.set(languages, memo);
    }
    let found = memo.get(token);
    if (found === undefined) {
      found = this.#compute(token, languages);
      memo.set(token, found);
      if (found.some((m) => !m.prefix)) this.marked.add(token);
    }
    return found;
  }

  #compute(token: string, languages: number): WordMatch[] {
    const out: WordMatch[] = [];
    const keep = (m: WordMatch): void => {
      const known = out.find((o) => o.word === m.word);
      if (!known) out.push(m);
      else if (m.factor > known.factor) Object.assign(known, m);
    };
    const stemLanguages = stemLanguagesOf(languages);
    this.#plan.words.forEach((w, i) => {
      if (token === w.word) return keep({ word: i, factor: EXACT_FACTOR, typos: 0, prefix: false });
      // A stem-mate in the unit's language; a word too short to be stemmed still meets the longer
      // words that stem to it ("gun": "guns"). Stems keep a word's first letters, so only tokens
      // sharing them are stemmed.
      if (w.word.length >= MIN_STEMMED_LENGTH - 1 && token.length >= MIN_STEMMED_LENGTH && token.slice(0, 3) === w.word.slice(0, 3)) {
        for (const l of stemLanguages) {
          if (cachedStem(token, l) === this.#stems[l][i]) return keep({ word: i, factor: STEM_FACTOR, typos: 0, prefix: false });
        }
      }
      if (w.isPrefix && token.startsWith(w.word)) return keep({ word: i, factor: PREFIX_FACTOR, typos: 0, prefix: true });
      const max = this.#plan.typos === false ? 0 : maxTyposFor(w.word);
      if (max > 0 && token[0] === w.word[0] && Math.abs(token.length - w.word.length) <= max) {
        const typos = editDistance(token, w.word);
        if (typos > 0 && typos <= max) return keep({ word: i, factor: TYPO_FACTORS[typos] ?? 0.12, typos, prefix: false });
      }
      return undefined;
    });
    for (const word of this.#synonymWords.get(token) ?? []) keep({ word, factor: SYNONYM_FACTOR, typos: 0, prefix: false });
    return out;
  }

  /** What to mark: every token seen matching whole, the prefix, the multi-word synonyms. */
  highlightSpec(): HighlightSpec {
    const prefix = this.#plan.words.find((w) => w.isPrefix)?.word ?? null;
    return { words: new Set(this.marked), prefix, phrases: this.#plan.synonyms.filter((s) => s.words.length > 1).map((s) => s.words) };
  }
}

/** Figures of the corpus the ranking needs. */
export interface RankingStats {
  documents: number;
  /** Mean number of words of a unit's text; 0 when unknown (the pool's mean is then used). */
  averageTextWords: number;
  /** Units holding each query word (wordDocumentCounts). */
  wordDocuments: readonly number[];
}

/**
 * Folded words remembered by their original spelling, and the folded words of whole metadata
 * values (speaker names, titles, labels repeat across units): folding accented words is most of
 * the cost of ranking a pool (measured: 15 ms for 100 units of the generated corpus, 4 with these).
 * Bounded: cleared when full.
 */
const FOLD_CACHE_SIZE = 100_000;
const foldedWordCache = new Map<string, string>();
const foldedValueCache = new Map<string, string[]>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= FOLD_CACHE_SIZE) cache.clear();
  cache.set(key, value);
  return value;
}

/** The folded words of a text, as tokenize() gives them. */
function foldedTokens(text: string): string[] {
  const out: string[] = [];
  scanWords(text, (start, end) => {
    const raw = text.slice(start, end);
    const folded = foldedWordCache.get(raw) ?? remember(foldedWordCache, raw, foldText(raw));
    if (folded !== '') out.push(folded);
  });
  return out;
}

function foldedValue(value: string): string[] {
  return foldedValueCache.get(value) ?? remember(foldedValueCache, value, foldedTokens(value));
}

/** One form of a query word in a unit: how often in the text, in which fields (bit 0 the text), how it matches. */
interface MatchedForm {
  textCount: number;
  mask: number;
  factor: number;
}

interface Ranked {
  document: SearchDocument;
  metadataOnly: number;
  counted: number;
  score: number;
}

/**
 * The documents in the embedded engine's order (server/search/ranking.ts): units whose text
 * matches first, then how many distinctive words they match (2 each without a typo, 1 with), then
 * BM25 over the text plus a share for metadata, each word scored by its best form in the unit,
 * then corpus order. Returns them with the matcher that saw them, for highlights.
 */
export function rankDocuments(plan: OrPlan, documents: readonly SearchDocument[], stats: RankingStats): { ranked: SearchDocument[]; matcher: TokenMatcher } {
  const matcher = new TokenMatcher(plan);
  const n = Math.max(1, stats.documents);
  const idf = plan.words.map((_, i) => inverseDocumentFrequency(n, stats.wordDocuments[i] ?? 0));
  const counted = plan.words.map((w, i) => countsInWordRule(w.word, idf[i] as number, n));
  const phrases = plan.synonyms.filter((s) => s.words.length > 1);
  const texts = documents.map((d) => foldedTokens(d.text));
  const lengths = texts.map((t) => t.length);
  const average = stats.averageTextWords > 0 ? stats.averageTextWords : Math.max(1, lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length));
  const ranked: Ranked[] = documents.map((document, d) => {
    const bits = languageBits(document.language);
    const words = plan.words.length;
    // Each word's forms found in the unit (a token as written, or a multi-word synonym): as the
    // embedded engine's derivations, each is scored on its own and the word takes its best form.
    const forms = Array.from({ length: words }, () => new Map<string, MatchedForm>());
    const exactish = new Array<boolean>(words).fill(false);
    const record = (m: WordMatch, form: string, attribute: number): void => {
      if (m.typos === 0) exactish[m.word] = true;
      const byForm = forms[m.word] as Map<string, MatchedForm>;
      let found = byForm.get(form);
      if (found === undefined) {
        found = { textCount: 0, mask: 0, factor: m.factor };
        byForm.set(form, found);
      }
      if (attribute === 0) found.textCount++;
      found.mask |= 1 << attribute;
    };
    SEARCHABLE_ATTRIBUTES.forEach(({ field }, attribute) => {
      for (const value of fieldValues(document, field)) {
        const tokens = attribute === 0 ? (texts[d] as string[]) : foldedValue(value);
        tokens.forEach((token, at) => {
          for (const m of matcher.matches(token, bits)) record(m, token, attribute);
          phrases.forEach((phrase, p) => {
            if (phrase.words.every((w, k) => tokens[at + k] === w)) for (const word of phrase.credits) record({ word, factor: SYNONYM_FACTOR, typos: 0, prefix: false }, `\u0000${p}`, attribute);
          });
        });
      }
    });
    const lengthNorm = BM25_K1 * (1 - BM25_B + (BM25_B * (lengths[d] as number)) / average);
    let score = 0;
    let count = 0;
    let inText = false;
    for (let i = 0; i < words; i++) {
      let best = 0;
      for (const { textCount, mask, factor } of (forms[i] as Map<string, MatchedForm>).values()) {
        const text = textCount === 0 ? 0 : (textCount * (BM25_K1 + 1)) / (textCount + lengthNorm);
        best = Math.max(best, factor * (text + (METADATA_VALUE[mask & ~1] as number)));
        if (textCount > 0) inText = true;
      }
      score += (idf[i] as number) * best;
      if (counted[i] && (forms[i] as Map<string, MatchedForm>).size > 0) count += exactish[i] ? 2 : 1;
    }
    return { document, metadataOnly: inText ? 0 : 1, counted: Math.min(MAX_COUNTED_WORDS, count), score };
  });
  ranked.sort((a, b) => a.metadataOnly - b.metadataOnly || b.counted - a.counted || b.score - a.score || compareCorpusOrder(a.document, b.document));
  return { ranked: ranked.map((r) => r.document), matcher };
}

/** The page a reader asked for, from the federated answer (and the counts, when the pool is ranked here). */
export function toOrSearchResult(query: NormalisedQuery, plan: OrPlan, response: SearchResponse<SearchDocument>, stats: RankingStats | null): SearchResult {
  const window = federationWindow(query);
  const documents = response.hits.map((hit: Hit<SearchDocument>) => toSearchDocument(hit));
  let ordered = documents;
  let matcher: TokenMatcher;
  if (window.reranked > 0 && stats) {
    const pool = rankDocuments(plan, documents.slice(0, window.reranked), stats);
    ordered = [...pool.ranked, ...documents.slice(window.reranked)];
    matcher = pool.matcher;
  } else {
    matcher = new TokenMatcher(plan);
  }
  const offset = (query.page - 1) * query.limit;
  const page = ordered.slice(offset - window.offset, offset - window.offset + query.limit);
  // The page's words pass through the matcher so that the highlight marks what matched them.
  for (const document of page) {
    const bits = languageBits(document.language);
    for (const token of foldedTokens(document.text)) matcher.matches(token, bits);
  }
  const spec = matcher.highlightSpec();
  const hits: SearchHit[] = page.map((document) => ({ document, highlight: highlightText(document.text, spec) }));
  return {
    query: query.text,
    total: response.estimatedTotalHits ?? response.totalHits ?? hits.length,
    page: query.page,
    limit: query.limit,
    hits,
    facets: toFacetCounts(query.facets, response.facetDistribution, { max: query.maxFacetValues, selected: query.filters }),
    tookMs: response.processingTimeMs,
  };
}
