// Answers queries over one IndexData. Everything runs over integer doc ids and typed arrays that
// are allocated once per index and reused by every query (queries run one at a time on the event
// loop, so sharing scratch space is safe).
//
// Matching is OR: a unit matches when it contains any meaningful query word (or a stem-mate, typo
// neighbour, prefix extension or synonym of one). Ranking, best first (docs/embedded-engine.md):
//   1. units whose own text matches before units matching only through metadata (speaker, titles);
//   2. how many of the query's distinctive words the unit matches, a word matched without a typo
//      counting 2 and with a typo 1 (a word found in more than half the corpus, or shorter than 3
//      letters, does not count here: it cannot fill the rule);
//   3. a BM25 score: each word weighs its rarity (idf) times its place (text: term frequency,
//      normalised by the unit's length; metadata a small share) times how it matched (exact or
//      stem-mate 1, prefix or synonym 0.8, typo 0.2 or 0.12);
//   4. corpus order (the doc id).
// All of it packs into one number per document (see the key layout below), so a bounded heap
// keeps the requested page: the whole result set is never sorted, its size only matters for the
// exact total and the facet counts. A query of several words is matched without scores first (word
// bits only); the coarse key at the page's edge is then found, and only the candidates at or above
// it are scored (match, rank, scoreNeeded).

import { FACET_FIELDS, MAX_LIMIT, type FacetCounts, type FacetField, type SearchDocument, type SearchFilters, type SearchHit, type SearchResult, type SearchSort } from '../engine.ts';
import type { NormalisedQuery } from '../query.ts';
import { SEARCHABLE_ATTRIBUTES, SIMILAR_QUERY_WORDS } from '../settings.ts';
import { maySignalSimilarity } from '../query-words.ts';
import { highlightText } from '../highlight.ts';
import { ATTRIBUTE_COUNT, MAX_DOCUMENTS, columnAllows, countColumn, extraValues, keepByColumn, selectByColumn, slotColumns, valueDocs, type ExtraValues, type FacetColumn, type IndexData, type ValueDocs } from './index-data.ts';
import { planQuery, type QueryPlan, type QueryWord } from './query-plan.ts';
import { ANY_LANGUAGE } from '../stemming.ts';
import { BM25_B, BM25_K1, EXACT_FACTOR, MAX_COUNTED_WORDS, METADATA_VALUE, PREFIX_FACTOR, countsInWordRule, inverseDocumentFrequency, STEM_FACTOR, SYNONYM_FACTOR, TYPO_FACTORS } from '../ranking.ts';
import { TopK, kthByHistogram, kthSmallest } from './top-k.ts';
import { Vocabulary } from './vocabulary.ts';

// Key layout, lower ranks first, below 2^53 so that it is exact in a double:
//   coarse (< 256) · SCORE_SPAN · DOC_ID_SPAN + (SCORE_MAX − score) · DOC_ID_SPAN + doc id.
// coarse = similarity group (0–2, similar() only) · 64 + metadata-only (0/1) · 32 + (31 − words).
const DOC_ID_SPAN = MAX_DOCUMENTS; // 2^21
const SCORE_SPAN = 2 ** 22;
const SCORE_MAX = SCORE_SPAN - 1;
/** Score units per BM25 point: scores up to 1024 stay distinct to 1/4096. */
const SCORE_SCALE = 4096;
const COARSE_UNIT = SCORE_SPAN * DOC_ID_SPAN; // 2^43: coarse keys < 256 keep the key < 2^51
const COARSE_SPAN = 256;
/** The best coarse key a document matching a single query word can have: in its text, counted 2. */
const ONE_WORD_BEST = MAX_COUNTED_WORDS - 2;

/** How many values of each facet a result keeps, and the values the query filters on (always kept). */
interface FacetLimits {
  max: number;
  selected: SearchFilters;
}

interface PreparedFilter {
  facet: FacetColumn;
  allowed: Uint8Array;
  /** The allowed value ids. */
  ids: number[];
}

/** What similar() adds to a query: the unit to leave out and to compare speakers and debates with. */
interface SimilarTo {
  doc: number;
}

/** Two facet fields whose first values share one packed column: value id of `low` in the low 16 bits, of `high` in the high 16. */
interface FacetPair {
  low: FacetField;
  high: FacetField;
  column: Uint32Array;
}

/**
 * The fields counted in pairs when a query asks for both (the search page asks for all five):
 * one read of a packed column per matching document instead of two (measured: about a fifth less
 * time counting five fields over 340,000 matches).
 */
const FACET_PAIRS: readonly (readonly [FacetField, FacetField])[] = [
  ['speaker', 'kind'],
  ['debate', 'question'],
];

export class IndexSearcher {
  readonly documentCount: number;
  private readonly data: IndexData;
  /** Documents by doc id. */
  private readonly documents: readonly SearchDocument[];
  private readonly vocabulary: Vocabulary;
  private readonly valueIds: Map<FacetField, Map<string, number>>;
  private readonly facetByField: Map<FacetField, FacetColumn>;
  /** Multi-valued facet fields as slot columns (slotColumns), for counting. */
  private readonly facetSlots = new Map<FacetField, (Uint16Array | Uint32Array)[]>();
  /** The same fields' values beyond each document's first, as sparse pairs (extraValues). */
  private readonly facetExtras = new Map<FacetField, ExtraValues>();
  /** Two fields' first values packed in one column (FACET_PAIRS), counted in one pass. */
  private readonly facetPairs: FacetPair[] = [];
  /** Documents of each facet value (valueDocs), per field, built on the first filter of that field. */
  private readonly valueLists = new Map<FacetField, ValueDocs>();
  /** Doc id of each unit id, built on the first similar(). */
  private docIds: Map<string, number> | null = null;
  /** BM25 length part of each document's text: k1 · (1 − b + b · length / average). */
  private readonly lengthNorm: Float32Array;
  /** The BM25 text part for a word found once, the usual case: (k1 + 1) / (1 + lengthNorm). */
  private readonly singleNorm: Float32Array;

  // Scratch space, one slot per document, valid during one query.
  /** Stamp of the query word that last touched each document. */
  private readonly stamp: Uint32Array;
  private stampCounter = 0;
  /** The current word's best value in each document it touched, and whether in the text. */
  private readonly wordValue: Float32Array;
  private readonly wordInText: Uint8Array;
  /** Whether the current word matched each document without a typo. */
  private readonly wordExactish: Uint8Array;
  /** Documents the current word touched. */
  private readonly wordList: Uint32Array;
  /**
   * Query-word bits of each document, three slots per document side by side (one cache line, the
   * bits pass touches one place per posting): at 3·doc the words it matches anywhere, at 3·doc + 1
   * those matched in its text, at 3·doc + 2 those matched without a typo (what the "how many
   * words" rule counts).
   */
  private readonly wordBits: Uint16Array;
  private readonly score: Float32Array;
  /**
   * Documents whose score the page needs (rank: their coarse key is at or below the page's edge),
   * when a query of several words matched without scores (see match).
   */
  private readonly needsScore: Uint8Array;
  /** Whether the last match() computed every candidate's score, or only the bits (see scoreNeeded). */
  private scoresReady = false;
  /** Every matching document, in no particular order. */
  private readonly candidates: Uint32Array;
  private readonly coarseKeys: Float64Array;

  // State of the query word being matched (see match); fields rather than closures, because the
  // posting loop is the hottest code of the engine and must stay monomorphic and allocation-free.
  private currentStamp = 0;
  private currentFilters: PreparedFilter[] | null = null;
  /** During scoreNeeded: only documents flagged in needsScore are recorded (filters already passed). */
  private currentOnlyNeeded = false;
  private listed = 0;
  /** Candidates gathered so far by the bits-only pass. */
  private gathered = 0;
  /**
   * Candidates of the bits-only pass that match at least two query words, each listed once (when
   * its second word is marked): the only ones that can rank above a document matching one word.
   */
  private readonly multiList: Uint32Array;
  private multiCount = 0;

  constructor(data: IndexData, documents: readonly SearchDocument[]) {
    const n = data.documentCount;
    this.data = data;
    this.documents = documents;
    this.documentCount = n;
    this.vocabulary = new Vocabulary(data.terms, data.documentFrequency, data.prefixKeys, { fr: data.stemsFr, en: data.stemsEn });
    this.facetByField = new Map(data.facets.map((f) => [f.field, f]));
    this.valueIds = new Map(data.facets.map((f) => [f.field, new Map(f.values.flatMap((v, i) => (v === null ? [] : [[v, i] as const])))]));
    for (const facet of data.facets) {
      const slots = slotColumns(facet, n);
      if (slots) this.facetSlots.set(facet.field, slots);
      const extras = slots && slots.length > 1 ? extraValues(facet, n) : null;
      if (extras) this.facetExtras.set(facet.field, extras);
    }
    for (const [low, high] of FACET_PAIRS) {
      const lowValues = this.firstValues(low);
      const highValues = this.firstValues(high);
      if (lowValues === null || highValues === null) continue;
      const column = new Uint32Array(n);
      for (let d = 0; d < n; d++) column[d] = ((lowValues[d] as number) | ((highValues[d] as number) << 16)) >>> 0;
      this.facetPairs.push({ low, high, column });
    }
    this.lengthNorm = new Float32Array(n);
    let totalLength = 0;
    for (let d = 0; d < n; d++) totalLength += this.textLength(d);
    const average = Math.max(1, totalLength / Math.max(1, n));
    this.singleNorm = new Float32Array(n);
    for (let d = 0; d < n; d++) {
      this.lengthNorm[d] = BM25_K1 * (1 - BM25_B + (BM25_B * this.textLength(d)) / average);
      this.singleNorm[d] = (BM25_K1 + 1) / (1 + (this.lengthNorm[d] as number));
    }
    this.stamp = new Uint32Array(n);
    this.wordValue = new Float32Array(n);
    this.wordInText = new Uint8Array(n);
    this.wordExactish = new Uint8Array(n);
    this.wordList = new Uint32Array(n);
    this.wordBits = new Uint16Array(3 * n);
    this.score = new Float32Array(n);
    this.needsScore = new Uint8Array(n);
    this.candidates = new Uint32Array(n);
    this.multiList = new Uint32Array(n);
    this.coarseKeys = new Float64Array(n);
  }

  search(query: NormalisedQuery): SearchResult {
    const started = performance.now();
    const { limit, page, text, sort } = query;
    const filters = this.prepareFilters(query.filters);
    const facetFields = [...query.facets];
    const facetLimits = { max: query.maxFacetValues, selected: query.filters };
    const plan = planQuery(text, this.vocabulary);

    let total: number;
    let pageIds: number[];
    let facets: FacetCounts;
    if (plan.words.length === 0) {
      ({ total, pageIds, facets } = this.browse(filters, facetFields, facetLimits, sort, page, limit));
    } else {
      const count = this.match(plan, filters);
      total = count;
      facets = this.countFacets(this.candidates, count, facetFields, facetLimits, true);
      pageIds = this.rank(plan, count, sort, (page - 1) * limit, limit, null);
      this.reset(count);
    }
    return { query: text, total, page, limit, hits: this.hits(pageIds, plan.words.length === 0 ? null : plan), facets, tookMs: performance.now() - started };
  }

  /**
   * Units making the same point as `unitId`: an OR query of the unit's rarest words (with their
   * stem-mates in its language), ranked as a search, units of other debates and other speakers
   * first; the unit itself is never among them. Null when the unit is unknown.
   */
  similar(unitId: string, limit: number): SearchResult | null {
    const started = performance.now();
    this.docIds ??= new Map(this.documents.map((d, i) => [d.id, i]));
    const doc = this.docIds.get(unitId);
    if (doc === undefined) return null;
    const clamped = clampInt(limit, 1, MAX_LIMIT);
    const plan = this.planFromUnit(doc);
    let total = 0;
    let pageIds: number[] = [];
    if (plan.words.length > 0) {
      const count = this.match(plan, null);
      // Only units whose own text shares words make the same point: a shared debate title or
      // speaker says nothing about it. The unit itself goes too.
      const { candidates, wordBits } = this;
      let kept = 0;
      for (let k = 0; k < count; k++) {
        const d = candidates[k] as number;
        if (d !== doc && wordBits[3 * d + 1] !== 0) {
          candidates[k] = candidates[kept] as number;
          candidates[kept++] = d;
        }
      }
      total = kept;
      pageIds = this.rank(plan, kept, 'relevance', 0, clamped, { doc });
      this.reset(count);
    }
    return { query: '', total, page: 1, limit: clamped, hits: this.hits(pageIds, plan), facets: {}, tookMs: performance.now() - started };
  }

  private hits(pageIds: readonly number[], plan: QueryPlan | null): SearchHit[] {
    return pageIds.map((id) => {
      const document = this.documents[id] as SearchDocument;
      const { tokens, tokenStart, terms } = this.data;
      const indexed = { terms, tokens, from: tokenStart[id * ATTRIBUTE_COUNT] as number, to: tokenStart[id * ATTRIBUTE_COUNT + 1] as number };
      const highlight = highlightText(document.text, plan ? plan.highlight : null, indexed);
      if (!plan || highlight.includes('<mark>')) return { document, highlight };
      // A metadata-only match (ranked after every text match): show where the words are.
      const matchedIn: { field: string; highlight: string }[] = [];
      for (const { field } of SEARCHABLE_ATTRIBUTES.slice(1)) {
        const value = document[field];
        for (const text of Array.isArray(value) ? value : value ? [value] : []) {
          const marked = highlightText(text, plan.highlight);
          if (marked.includes('<mark>')) matchedIn.push({ field, highlight: marked });
        }
      }
      return matchedIn.length > 0 ? { document, highlight, matchedIn } : { document, highlight };
    });
  }

  private textLength(doc: number): number {
    const { tokenStart } = this.data;
    return (tokenStart[doc * ATTRIBUTE_COUNT + 1] as number) - (tokenStart[doc * ATTRIBUTE_COUNT] as number);
  }

  /** The query words of a unit: the distinct meaningful words of its text that some other unit has, rarest (so most telling) first, at most SIMILAR_QUERY_WORDS. */
  private planFromUnit(doc: number): QueryPlan {
    const { tokenStart, tokens, documentFrequency, terms, docLanguage } = this.data;
    const seen = new Set<number>();
    for (let p = tokenStart[doc * ATTRIBUTE_COUNT] as number; p < (tokenStart[doc * ATTRIBUTE_COUNT + 1] as number); p++) {
      const t = tokens[p] as number;
      const word = terms[t] as string;
      if (maySignalSimilarity(word) && (documentFrequency[t] as number) >= 2) seen.add(t);
    }
    const chosen = [...seen].sort((a, b) => (documentFrequency[a] as number) - (documentFrequency[b] as number) || a - b).slice(0, SIMILAR_QUERY_WORDS);
    const languages = docLanguage[doc] as number;
    const highlight: QueryPlan['highlight'] = { words: new Set(), prefix: null, phrases: [] };
    const words: QueryWord[] = chosen.map((t) => {
      const word = terms[t] as string;
      const derivations = [{ term: t, typos: 0, exact: true, languages: ANY_LANGUAGE }];
      for (const m of this.vocabulary.stemMatches(word)) {
        if (m.term !== t && (m.languages & languages) !== 0) derivations.push({ term: m.term, typos: 0, exact: false, languages: m.languages & languages });
      }
      for (const d of derivations) highlight.words.add(terms[d.term] as string);
      return { word, derivations, isPrefix: false, prefixList: -1, prefixRange: null };
    });
    return { words, alternatives: [], highlight };
  }

  /** Filters as per-field tables of allowed value ids; null when nothing is filtered. */
  private prepareFilters(filters: SearchFilters | undefined): PreparedFilter[] | null {
    if (!filters) return null;
    const prepared: PreparedFilter[] = [];
    for (const field of FACET_FIELDS) {
      const values = filters[field];
      if (!values || values.length === 0) continue;
      const column = this.facetByField.get(field) as FacetColumn;
      const ids = this.valueIds.get(field) as Map<string, number>;
      const allowed = new Uint8Array(column.values.length);
      const allowedIds: number[] = [];
      // An unknown value allows nothing: the field then matches no document.
      for (const value of values) {
        const id = ids.get(value);
        if (id !== undefined && allowed[id] === 0) {
          allowed[id] = 1;
          allowedIds.push(id);
        }
      }
      prepared.push({ facet: column, allowed, ids: allowedIds });
    }
    return prepared.length > 0 ? prepared : null;
  }

  private passes(filters: PreparedFilter[], doc: number): boolean {
    for (const f of filters) if (!columnAllows(f.facet, f.allowed, doc)) return false;
    return true;
  }

  /** Empty query: the filtered documents in corpus order (or by date). */
  private browse(filters: PreparedFilter[] | null, facetFields: FacetField[], facetLimits: FacetLimits, sort: SearchSort, page: number, limit: number) {
    const n = this.documentCount;
    const from = (page - 1) * limit;
    const order = sort === 'date-desc' ? this.data.byDateDesc : null;
    if (!filters && facetFields.length === 0) {
      const pageIds: number[] = [];
      for (let k = from; k < Math.min(n, from + limit); k++) pageIds.push(order ? (order[k] as number) : k);
      return { total: n, pageIds, facets: {} };
    }
    const list = this.candidates;
    let count: number;
    if (filters) {
      count = this.filteredDocuments(filters, sort === 'date-desc', list);
    } else {
      count = n;
      for (let k = 0; k < n; k++) list[k] = order ? (order[k] as number) : k;
    }
    const pageIds = Array.from(list.subarray(Math.min(from, count), Math.min(from + limit, count)));
    return { total: count, pageIds, facets: this.countFacets(list, count, facetFields, facetLimits) };
  }

  /**
   * The documents passing every filter, written to `out` in corpus order (or by date descending);
   * returns how many. The most selective filter's documents are read from its value lists
   * (valueDocs) when they are few, the others checked on those; a filter matching a large share of
   * the corpus is one scan of its column instead.
   */
  private filteredDocuments(filters: PreparedFilter[], dateDescending: boolean, out: Uint32Array): number {
    const n = this.documentCount;
    let best = filters[0] as PreparedFilter;
    let bestSize = Infinity;
    for (const f of filters) {
      const lists = this.valueDocsOf(f.facet);
      let size = 0;
      for (const id of f.ids) size += (lists.start[id + 1] as number) - (lists.start[id] as number);
      if (size < bestSize) {
        best = f;
        bestSize = size;
      }
    }
    let count: number;
    if (bestSize <= n >>> 4) {
      const lists = this.valueDocsOf(best.facet);
      count = 0;
      for (const id of best.ids) {
        out.set(lists.docs.subarray(lists.start[id] as number, lists.start[id + 1] as number), count);
        count += (lists.start[id + 1] as number) - (lists.start[id] as number);
      }
      if (best.ids.length > 1) {
        // Several values: merge into doc order, each document once (a unit may carry two of them).
        out.subarray(0, count).sort();
        let kept = 0;
        for (let k = 0; k < count; k++) if (kept === 0 || out[k] !== out[kept - 1]) out[kept++] = out[k] as number;
        count = kept;
      }
      for (const f of filters) if (f !== best) count = keepByColumn(f.facet, f.allowed, out, count);
      if (dateDescending) this.dateDescendingInPlace(out, count);
      return count;
    }
    count = selectByColumn(best.facet, best.allowed, dateDescending ? this.data.byDateDesc : null, n, out);
    for (const f of filters) if (f !== best) count = keepByColumn(f.facet, f.allowed, out, count);
    return count;
  }

  /** Reorders ascending doc ids by date descending, corpus order within a date (as byDateDesc): the runs of equal dates, last run first. */
  private dateDescendingInPlace(list: Uint32Array, count: number): void {
    const { dateValues } = this.data;
    const copy = list.slice(0, count);
    let at = 0;
    let end = count;
    while (end > 0) {
      let begin = end - 1;
      const date = dateValues[copy[begin] as number];
      while (begin > 0 && dateValues[copy[begin - 1] as number] === date) begin--;
      list.set(copy.subarray(begin, end), at);
      at += end - begin;
      end = begin;
    }
  }

  private valueDocsOf(facet: FacetColumn): ValueDocs {
    let lists = this.valueLists.get(facet.field);
    if (!lists) {
      lists = valueDocs(facet, this.documentCount);
      this.valueLists.set(facet.field, lists);
    }
    return lists;
  }

  /** Inverse document frequency of a query word, from the postings of everything it may match. */
  private idf(word: QueryWord, plan: QueryPlan, q: number): number {
    const { documentFrequency, prefixStart } = this.data;
    let df = 0;
    for (const d of word.derivations) df += documentFrequency[d.term] as number;
    if (word.prefixList >= 0) df += (prefixStart[word.prefixList + 1] as number) - (prefixStart[word.prefixList] as number);
    for (const a of plan.alternatives) if (a.credits.includes(q)) df += documentFrequency[a.terms[0] as number] as number;
    return inverseDocumentFrequency(this.documentCount, df);
  }

  /** Whether a query word counts in the "how many words" rule: not too short, not too frequent. */
  private counts(word: QueryWord, idf: number): boolean {
    return countsInWordRule(word.word, idf, this.documentCount);
  }

  /**
   * Gathers every document matching any query word (and the filters) into `candidates`, with the
   * words it matches (anywhere, in its text, without a typo). Returns how many there are.
   *
   * A one-word query also scores every candidate as it goes: most of them share one coarse key,
   * so ranking needs nearly all scores anyway. A query of several words only sets the word bits
   * here (an OR per posting: no float, no per-word bookkeeping); rank() then finds the coarse key
   * at the page's edge, and scoreNeeded() scores only the documents at or above it, in the same
   * order of operations as the one-pass path, so that every score is the same to the bit. Most
   * candidates of a long question match one or two common words and are never scored.
   */
  private match(plan: QueryPlan, filters: PreparedFilter[] | null): number {
    if (plan.words.length === 1) {
      this.scoresReady = true;
      const word = plan.words[0] as QueryWord;
      // Without a synonym, every match of the word comes from postings: the direct visitor applies.
      if (!plan.alternatives.some((a) => a.credits.includes(0))) return this.matchOneWord(plan, word, filters);
      return this.matchScoring(plan, filters);
    }
    this.scoresReady = false;
    const { postingStart, postingDocs, postingAttributes, prefixStart, prefixDocs, prefixAttributes } = this.data;
    this.gathered = 0;
    this.multiCount = 0;
    for (let q = 0; q < plan.words.length; q++) {
      const word = plan.words[q] as QueryWord;
      const bit = 1 << q;
      for (const d of word.derivations) {
        this.markPostings(postingDocs, postingAttributes, postingStart[d.term] as number, postingStart[d.term + 1] as number, filters, d.languages, d.typos === 0 ? bit : 0, bit);
      }
      if (word.prefixList >= 0) {
        this.markPostings(prefixDocs, prefixAttributes, prefixStart[word.prefixList] as number, prefixStart[word.prefixList + 1] as number, filters, ANY_LANGUAGE, bit, bit);
      }
      for (const alternative of plan.alternatives) {
        if (!alternative.credits.includes(q)) continue;
        this.forEachPhraseMatch(alternative.terms, (doc, mask) => {
          if (filters === null || this.passes(filters, doc)) this.mark(doc, mask, bit, bit);
        });
      }
    }
    return this.gathered;
  }

  /** The bits-only visitor of match(): the word's bit in each document of a posting range. */
  private markPostings(docs: Uint32Array, attributes: Uint8Array, from: number, to: number, filters: PreparedFilter[] | null, languages: number, soundBit: number, bit: number): void {
    const docLanguage = this.data.docLanguage;
    const anyLanguage = languages === ANY_LANGUAGE;
    // mark(), inlined with the arrays and the count in locals: this loop runs once per posting.
    const { wordBits, candidates, multiList } = this;
    let gathered = this.gathered;
    let multiCount = this.multiCount;
    for (let i = from; i < to; i++) {
      const doc = docs[i] as number;
      if (filters !== null && !this.passes(filters, doc)) continue;
      if (!anyLanguage && ((docLanguage[doc] as number) & languages) === 0) continue;
      const at = 3 * doc;
      const seen = wordBits[at] as number;
      if (seen === 0) candidates[gathered++] = doc;
      // A second query word: the document joins the list of those matching several.
      else if ((seen & bit) === 0 && (seen & (seen - 1)) === 0) multiList[multiCount++] = doc;
      wordBits[at]! |= bit;
      if (((attributes[i] as number) & 1) !== 0) wordBits[at + 1]! |= bit;
      wordBits[at + 2]! |= soundBit;
    }
    this.gathered = gathered;
    this.multiCount = multiCount;
  }

  private mark(doc: number, mask: number, soundBit: number, bit: number): void {
    const bits = this.wordBits;
    const at = 3 * doc;
    const seen = bits[at] as number;
    if (seen === 0) this.candidates[this.gathered++] = doc;
    else if ((seen & bit) === 0 && (seen & (seen - 1)) === 0) this.multiList[this.multiCount++] = doc;
    bits[at]! |= bit;
    if ((mask & 1) !== 0) bits[at + 1]! |= bit;
    bits[at + 2]! |= soundBit;
  }

  /**
   * The scores of the documents flagged in needsScore, after a bits-only match(): the same posting
   * visits as matchScoring, restricted to those documents (they passed the filters already).
   */
  private scoreNeeded(plan: QueryPlan): void {
    const { postingStart, postingDocs, postingAttributes, postingTextCount, prefixStart, prefixDocs, prefixAttributes } = this.data;
    const { wordList, score, wordValue } = this;
    this.currentOnlyNeeded = true;
    try {
      for (let q = 0; q < plan.words.length; q++) {
        const word = plan.words[q] as QueryWord;
        const idf = this.idf(word, plan, q);
        this.beginWord(null);
        this.visitWord(plan, q, word, postingDocs, postingAttributes, postingTextCount, postingStart, prefixDocs, prefixAttributes, prefixStart);
        for (let k = 0; k < this.listed; k++) {
          const doc = wordList[k] as number;
          score[doc]! += idf * (wordValue[doc] as number);
        }
      }
    } finally {
      this.currentOnlyNeeded = false;
    }
  }

  /** Every posting of one query word through the scoring visitor (record). */
  private visitWord(
    plan: QueryPlan,
    q: number,
    word: QueryWord,
    postingDocs: Uint32Array,
    postingAttributes: Uint8Array,
    postingTextCount: Uint8Array,
    postingStart: Uint32Array,
    prefixDocs: Uint32Array,
    prefixAttributes: Uint8Array,
    prefixStart: Uint32Array,
  ): void {
    for (const d of word.derivations) {
      const factor = d.typos > 0 ? (TYPO_FACTORS[d.typos] ?? 0.12) : d.exact ? EXACT_FACTOR : d.prefix === true ? PREFIX_FACTOR : STEM_FACTOR;
      this.visitPostings(postingDocs, postingAttributes, postingTextCount, postingStart[d.term] as number, postingStart[d.term + 1] as number, factor, d.languages, d.typos === 0 ? 1 : 0);
    }
    if (word.prefixList >= 0) {
      this.visitPostings(prefixDocs, prefixAttributes, null, prefixStart[word.prefixList] as number, prefixStart[word.prefixList + 1] as number, PREFIX_FACTOR, ANY_LANGUAGE, 1);
    }
    for (const alternative of plan.alternatives) {
      if (alternative.credits.includes(q)) this.forEachPhraseMatch(alternative.terms, (doc, mask) => this.visit(doc, mask, SYNONYM_FACTOR));
    }
  }

  /**
   * match() of a one-word query without synonyms: the same bits and scores as matchScoring, without
   * its per-word bookkeeping. With one word, a document's first bit says whether the word touched
   * it already, and its score slot holds the idf times the word's best value (rounded to a float
   * first, as wordValue stores it): the same float as matchScoring's `0 + idf × value`.
   */
  private matchOneWord(plan: QueryPlan, word: QueryWord, filters: PreparedFilter[] | null): number {
    const { postingStart, postingDocs, postingAttributes, postingTextCount, prefixStart, prefixDocs, prefixAttributes } = this.data;
    const idf = this.idf(word, plan, 0);
    this.gathered = 0;
    for (const d of word.derivations) {
      const factor = d.typos > 0 ? (TYPO_FACTORS[d.typos] ?? 0.12) : d.exact ? EXACT_FACTOR : d.prefix === true ? PREFIX_FACTOR : STEM_FACTOR;
      this.scorePostings(postingDocs, postingAttributes, postingTextCount, postingStart[d.term] as number, postingStart[d.term + 1] as number, filters, factor, d.languages, d.typos === 0 ? 1 : 0, idf);
    }
    if (word.prefixList >= 0) {
      this.scorePostings(prefixDocs, prefixAttributes, null, prefixStart[word.prefixList] as number, prefixStart[word.prefixList + 1] as number, filters, PREFIX_FACTOR, ANY_LANGUAGE, 1, idf);
    }
    return this.gathered;
  }

  /**
   * The posting visitor of matchOneWord: the value computed as record() does, rounded to a float as
   * wordValue stores it, times the idf, kept as the best in the score slot. The idf is positive and
   * both roundings keep order, so the best kept is the same float as the idf times the best value.
   */
  private scorePostings(docs: Uint32Array, attributes: Uint8Array, textCounts: Uint8Array | null, from: number, to: number, filters: PreparedFilter[] | null, factor: number, languages: number, exactish: number, idf: number): void {
    const { wordBits, score, candidates, singleNorm, lengthNorm } = this;
    const docLanguage = this.data.docLanguage;
    const anyLanguage = languages === ANY_LANGUAGE;
    let gathered = this.gathered;
    for (let i = from; i < to; i++) {
      const doc = docs[i] as number;
      if (filters !== null && !this.passes(filters, doc)) continue;
      if (!anyLanguage && ((docLanguage[doc] as number) & languages) === 0) continue;
      const mask = attributes[i] as number;
      const textCount = textCounts === null ? 1 : (textCounts[i] as number);
      const inText = mask & 1;
      const text = inText === 0 ? 0 : textCount <= 1 ? (singleNorm[doc] as number) : (textCount * (BM25_K1 + 1)) / (textCount + (lengthNorm[doc] as number));
      const value = idf * Math.fround(factor * (text + (METADATA_VALUE[mask & ~1] as number)));
      const at = 3 * doc;
      if (wordBits[at] === 0) {
        candidates[gathered++] = doc;
        wordBits[at] = 1;
        score[doc] = value;
      } else if (value > (score[doc] as number)) {
        score[doc] = value;
      }
      if (inText === 1) wordBits[at + 1] = 1;
      if (exactish === 1) wordBits[at + 2] = 1;
    }
    this.gathered = gathered;
  }

  /** match() of a one-word query: bits and scores of every candidate in one pass. */
  private matchScoring(plan: QueryPlan, filters: PreparedFilter[] | null): number {
    const { postingStart, postingDocs, postingAttributes, postingTextCount, prefixStart, prefixDocs, prefixAttributes } = this.data;
    const { wordList, wordBits, score, wordValue, wordInText, wordExactish, candidates } = this;
    let count = 0;
    for (let q = 0; q < plan.words.length; q++) {
      const word = plan.words[q] as QueryWord;
      const idf = this.idf(word, plan, q);
      this.beginWord(filters);
      this.visitWord(plan, q, word, postingDocs, postingAttributes, postingTextCount, postingStart, prefixDocs, prefixAttributes, prefixStart);
      const bit = 1 << q;
      for (let k = 0; k < this.listed; k++) {
        const doc = wordList[k] as number;
        const at = 3 * doc;
        if (wordBits[at] === 0) candidates[count++] = doc;
        wordBits[at]! |= bit;
        if (wordInText[doc] === 1) wordBits[at + 1]! |= bit;
        if (wordExactish[doc] === 1) wordBits[at + 2]! |= bit;
        score[doc]! += idf * (wordValue[doc] as number);
      }
    }
    return count;
  }

  private beginWord(filters: PreparedFilter[] | null): void {
    this.currentStamp = this.nextStamp();
    this.currentFilters = filters;
    this.listed = 0;
  }

  /** The one posting visitor: records the current word's best match in each document of a posting range. */
  private visitPostings(docs: Uint32Array, attributes: Uint8Array, textCounts: Uint8Array | null, from: number, to: number, factor: number, languages: number, exactish: number): void {
    const filters = this.currentFilters;
    const docLanguage = this.data.docLanguage;
    const anyLanguage = languages === ANY_LANGUAGE;
    const needsScore = this.currentOnlyNeeded ? this.needsScore : null;
    for (let i = from; i < to; i++) {
      const doc = docs[i] as number;
      if (needsScore !== null && needsScore[doc] === 0) continue;
      if (filters !== null && !this.passes(filters, doc)) continue;
      if (!anyLanguage && ((docLanguage[doc] as number) & languages) === 0) continue;
      this.record(doc, attributes[i] as number, textCounts === null ? 1 : (textCounts[i] as number), factor, exactish);
    }
  }

  /** A match found outside the postings (a multi-word synonym), with the attributes where. */
  private visit(doc: number, mask: number, factor: number): void {
    if (this.currentOnlyNeeded && this.needsScore[doc] === 0) return;
    if (this.currentFilters !== null && !this.passes(this.currentFilters, doc)) return;
    this.record(doc, mask, 1, factor, 1);
  }

  private record(doc: number, mask: number, textCount: number, factor: number, exactish: number): void {
    const inText = mask & 1;
    const text = inText === 0 ? 0 : textCount <= 1 ? (this.singleNorm[doc] as number) : (textCount * (BM25_K1 + 1)) / (textCount + (this.lengthNorm[doc] as number));
    const value = factor * (text + (METADATA_VALUE[mask & ~1] as number));
    if (this.stamp[doc] !== this.currentStamp) {
      this.stamp[doc] = this.currentStamp;
      this.wordValue[doc] = value;
      this.wordInText[doc] = inText;
      this.wordExactish[doc] = exactish;
      this.wordList[this.listed++] = doc;
    } else {
      if (value > (this.wordValue[doc] as number)) this.wordValue[doc] = value;
      if (inText === 1) this.wordInText[doc] = 1;
      if (exactish === 1) this.wordExactish[doc] = 1;
    }
  }

  /** Documents containing the words of `terms` next to each other, with the attributes where. */
  private forEachPhraseMatch(terms: number[], onMatch: (doc: number, attributeMask: number) => void): void {
    const { postingStart, postingDocs, postingAttributes, tokenStart, tokens } = this.data;
    if (terms.length === 1) {
      const t = terms[0] as number;
      for (let i = postingStart[t] as number; i < (postingStart[t + 1] as number); i++) onMatch(postingDocs[i] as number, postingAttributes[i] as number);
      return;
    }
    // Walk the rarest word's postings and check the sequence in the forward index.
    let rarest = terms[0] as number;
    for (const t of terms) if ((postingStart[t + 1] as number) - (postingStart[t] as number) < (postingStart[rarest + 1] as number) - (postingStart[rarest] as number)) rarest = t;
    const first = terms[0] as number;
    const length = terms.length;
    for (let i = postingStart[rarest] as number; i < (postingStart[rarest + 1] as number); i++) {
      const doc = postingDocs[i] as number;
      let mask = 0;
      for (let a = 0; a < ATTRIBUTE_COUNT; a++) {
        if (((postingAttributes[i] as number) & (1 << a)) === 0) continue;
        const from = tokenStart[doc * ATTRIBUTE_COUNT + a] as number;
        const to = (tokenStart[doc * ATTRIBUTE_COUNT + a + 1] as number) - length + 1;
        for (let p = from; p < to; p++) {
          if (tokens[p] !== first) continue;
          let k = 1;
          while (k < length && tokens[p + k] === terms[k]) k++;
          if (k === length) {
            mask |= 1 << a;
            break;
          }
        }
      }
      if (mask !== 0) onMatch(doc, mask);
    }
  }

  private nextStamp(): number {
    if (this.stampCounter >= 0xfffffff0) {
      this.stamp.fill(0);
      this.stampCounter = 0;
    }
    return ++this.stampCounter;
  }

  private reset(count: number): void {
    const { wordBits, score, candidates } = this;
    // A large result (a common word at a million units): clearing whole arrays in order is cheaper
    // than writing zeros to that many scattered places.
    if (count > this.documentCount >>> 3) {
      wordBits.fill(0);
      score.fill(0);
      return;
    }
    for (let k = 0; k < count; k++) {
      const doc = candidates[k] as number;
      const at = 3 * doc;
      wordBits[at] = 0;
      wordBits[at + 1] = 0;
      wordBits[at + 2] = 0;
      score[doc] = 0;
    }
  }


  /** Each document's first value id of `field` (0 when none), when the field has slot columns or one value per document and at most 2^16 values. */
  private firstValues(field: FacetField): Uint16Array | Uint32Array | null {
    const facet = this.facetByField.get(field);
    if (facet === undefined || facet.values.length > 0x10000) return null;
    if (facet.start === null) return facet.column;
    return this.facetSlots.get(field)?.[0] ?? null;
  }

  /**
   * Exact counts of each field's values over the first `count` documents of `list`. `marked`: the
   * list is match()'s candidates, whose first word bits are still set, so membership is one read.
   */
  private countFacets(list: Uint32Array, count: number, fields: readonly FacetField[], limits: FacetLimits, marked = false): FacetCounts {
    const facets: FacetCounts = {};
    const countsOf = new Map(fields.map((field) => [field, new Uint32Array((this.facetByField.get(field) as FacetColumn).values.length)]));
    // First values of paired fields: one read per document for two fields.
    const firstCounted = new Set<FacetField>();
    for (const { low, high, column } of this.facetPairs) {
      const lowCounts = countsOf.get(low);
      const highCounts = countsOf.get(high);
      if (lowCounts === undefined || highCounts === undefined) continue;
      for (let k = 0; k < count; k++) {
        const packed = column[list[k] as number] as number;
        lowCounts[packed & 0xffff]!++;
        highCounts[packed >>> 16]!++;
      }
      firstCounted.add(low);
      firstCounted.add(high);
    }
    for (const field of fields) {
      const facet = this.facetByField.get(field) as FacetColumn;
      const values = facet.values;
      const counts = countsOf.get(field) as Uint32Array;
      const slots = this.facetSlots.get(field);
      if (slots) {
        // counts[0] collects the empty slots; value id 0 is never reported.
        const first = slots[0] as Uint16Array | Uint32Array;
        if (!firstCounted.has(field)) for (let k = 0; k < count; k++) counts[first[list[k] as number] as number]!++;
        const extras = this.facetExtras.get(field);
        if (marked && extras !== undefined && extras.docs.length < count) {
          // A large result: the few later values, each counted when its document matched, rather
          // than a later slot read for every match (same counts, a fraction of the reads).
          const { docs, values: extraIds } = extras;
          const wordBits = this.wordBits;
          for (let j = 0; j < docs.length; j++) if (wordBits[3 * (docs[j] as number)] !== 0) counts[extraIds[j] as number]!++;
        } else {
          for (let i = 1; i < slots.length; i++) {
            const slot = slots[i] as Uint16Array | Uint32Array;
            for (let k = 0; k < count; k++) counts[slot[list[k] as number] as number]!++;
          }
        }
      } else if (!firstCounted.has(field)) {
        countColumn(facet, list, count, counts);
      }
      const present: number[] = [];
      for (let v = 1; v < values.length; v++) if ((counts[v] as number) > 0) present.push(v);
      const record: Record<string, number> = {};
      for (const v of this.keptValues(present, counts, values, limits.max, limits.selected[field])) record[values[v] as string] = counts[v] as number;
      facets[field] = record;
    }
    return facets;
  }

  /**
   * Which counted values a result carries: all when they fit, else the most frequent (ties by
   * value) plus the selected ones. Chosen on the counts array, so that a field with thousands of
   * values (speakers of a large import) never becomes an object of thousands of keys.
   */
  private keptValues(present: number[], counts: Uint32Array, values: readonly (string | null)[], max: number, selected: readonly string[] | undefined): number[] {
    if (present.length <= max) return present;
    const byCount = (a: number, b: number): number => (counts[b] as number) - (counts[a] as number) || ((values[a] as string) < (values[b] as string) ? -1 : 1);
    // The max-th largest count, found without sorting every value: only the values above it and
    // the ties at it are sorted (the same first `max` as sorting them all).
    const negated = new Float64Array(present.length);
    present.forEach((v, i) => (negated[i] = -(counts[v] as number)));
    const edge = -kthSmallest(negated, max - 1);
    const kept = present
      .filter((v) => (counts[v] as number) >= edge)
      .sort(byCount)
      .slice(0, max);
    for (const value of selected ?? []) {
      const id = values.indexOf(value);
      if (id > 0 && (counts[id] as number) > 0 && !kept.includes(id)) kept.push(id);
    }
    return kept;
  }

  /**
   * The coarse part of a document's key (< 64): metadata-only, words counted. Kept small so that
   * it is inlined in the loops over every candidate; similar() adds similarGroup.
   */
  private coarseKey(doc: number, countedMask: number): number {
    const bits = this.wordBits;
    const at = 3 * doc;
    const sound = (bits[at + 2] as number) & countedMask;
    const words = Math.min(MAX_COUNTED_WORDS, 2 * popcount(sound) + popcount((bits[at] as number) & ~sound & countedMask));
    return (bits[at + 1] === 0 ? 32 : 0) + (MAX_COUNTED_WORDS - words);
  }

  /** The coarse key rank() sorts on: coarseKey, plus similarGroup for similar(). */
  private rankKey(doc: number, countedMask: number, similarTo: SimilarTo | null): number {
    const key = this.coarseKey(doc, countedMask);
    return similarTo === null ? key : key + this.similarGroup(doc, similarTo);
  }

  /** similar(): 64 per shared speaker or debate with the unit, so that other speakers and debates come first. */
  private similarGroup(doc: number, similarTo: SimilarTo): number {
    const speaker = this.facetByField.get('speaker') as FacetColumn;
    const debate = this.facetByField.get('debate') as FacetColumn;
    let group = 0;
    if (speaker.column[doc] === speaker.column[similarTo.doc]) group++;
    if (debate.column[doc] === debate.column[similarTo.doc]) group++;
    return group * 64;
  }

  /** The fine part of a document's key: score, then corpus order. */
  private fineKey(doc: number): number {
    const score = Math.min(SCORE_MAX, Math.floor((this.score[doc] as number) * SCORE_SCALE));
    return (SCORE_MAX - score) * DOC_ID_SPAN + doc;
  }

  /** Scores the candidates whose coarse key (in coarseKeys) is at most `cutoff`, after a bits-only match. */
  private scoreAtOrBelow(plan: QueryPlan, count: number, cutoff: number): void {
    const { candidates, coarseKeys, needsScore } = this;
    for (let k = 0; k < count; k++) if ((coarseKeys[k] as number) <= cutoff) needsScore[candidates[k] as number] = 1;
    this.scoreNeeded(plan);
    for (let k = 0; k < count; k++) needsScore[candidates[k] as number] = 0;
    this.scoresReady = true;
  }

  /**
   * rank() by relevance after a bits-only match, when the page can be filled from the documents
   * matching several query words (multiList): a document matching one word has a coarse key of at
   * least ONE_WORD_BEST (one word counts at most 2), so when `needed` documents of multiList have
   * a smaller key, the page's edge is among them and no other candidate needs a key, a score or a
   * place in the heap. The same page as the full path; null when it does not apply.
   */
  private rankAmongSeveralWords(plan: QueryPlan, countedMask: number, offset: number, needed: number): number[] | null {
    const { multiList, coarseKeys: coarse } = this;
    const count = this.multiCount;
    const histogram = new Uint32Array(COARSE_SPAN);
    for (let k = 0; k < count; k++) {
      const key = this.coarseKey(multiList[k] as number, countedMask);
      coarse[k] = key;
      histogram[key]!++;
    }
    let cutoff = 0;
    let within = histogram[0] as number;
    while (within < needed && cutoff < ONE_WORD_BEST - 1) within += histogram[++cutoff] as number;
    if (within < needed) return null;
    return this.pageAtOrBelow(plan, multiList, count, cutoff, within, offset, needed);
  }

  /**
   * The page [offset, needed) of the documents in `list` (their coarse keys in coarseKeys, same
   * positions) whose coarse key is at most `cutoff` (`within` of them): those move to the front of
   * the list, their keys with them (the list stays the same set, which is all reset() needs; no
   * allocation per query), only they are scored, and they go through a bounded heap on the full key.
   */
  private pageAtOrBelow(plan: QueryPlan, list: Uint32Array, count: number, cutoff: number, within: number, offset: number, needed: number): number[] {
    const { coarseKeys: coarse, needsScore } = this;
    let j = 0;
    for (let k = 0; k < count; k++) {
      const key = coarse[k] as number;
      if (key > cutoff) continue;
      const doc = list[k] as number;
      needsScore[doc] = 1;
      list[k] = list[j] as number;
      list[j] = doc;
      coarse[j++] = key;
    }
    this.scoreNeeded(plan);
    this.scoresReady = true;
    const heap = new TopK(needed);
    for (let i = 0; i < within; i++) {
      const doc = list[i] as number;
      needsScore[doc] = 0;
      const key = (coarse[i] as number) * COARSE_UNIT + this.fineKey(doc);
      if (!heap.full || key < heap.max) heap.offer(key);
    }
    return heap
      .sorted()
      .slice(offset, needed)
      .map((key) => key % DOC_ID_SPAN);
  }

  /** Bits of the query words that count in the "how many words" rule. */
  private countedMask(plan: QueryPlan): number {
    let mask = 0;
    plan.words.forEach((word, q) => {
      if (this.counts(word, this.idf(word, plan, q))) mask |= 1 << q;
    });
    return mask;
  }

  /**
   * Doc ids of the page [offset, offset + limit) of the ranked candidates. By relevance, one key
   * per document and a bounded heap. By date, the date rank comes first and makes the key too wide
   * for one double, so the coarse key (date, then the coarse rules) is selected first: documents
   * below the page end's coarse key all make the cut, and only the bucket equal to it goes through
   * the heap on the fine key.
   */
  private rank(plan: QueryPlan, count: number, sort: SearchSort, offset: number, limit: number, similarTo: SimilarTo | null): number[] {
    const { candidates } = this;
    const countedMask = this.countedMask(plan);
    const needed = Math.min(count, offset + limit);
    if (offset >= needed) return [];
    if (sort === 'relevance' && !this.scoresReady && similarTo === null && this.multiCount >= needed) {
      const page = this.rankAmongSeveralWords(plan, countedMask, offset, needed);
      if (page !== null) return page;
    }
    if (sort === 'relevance' && !this.scoresReady) {
      // Scores are computed only for the documents whose coarse key is at or below the page's
      // edge: every other candidate ranks after `needed` of them whatever its score. One pass
      // computes the coarse keys and their histogram; the next lists the documents at or above
      // the edge, and only those are scored and offered to the heap.
      const coarse = this.coarseKeys;
      const histogram = new Uint32Array(COARSE_SPAN);
      for (let k = 0; k < count; k++) {
        const doc = candidates[k] as number;
        const key = this.rankKey(doc, countedMask, similarTo);
        coarse[k] = key;
        histogram[key]!++;
      }
      let cutoff = 0;
      let within = histogram[0] as number;
      while (within < needed) within += histogram[++cutoff] as number;
      return this.pageAtOrBelow(plan, candidates, count, cutoff, within, offset, needed);
    }
    if (sort === 'relevance') {
      const heap = new TopK(needed);
      const score = this.score;
      // The best coarse key a candidate can have: in its text, every counted word matched without a
      // typo. Once the page's edge has it, a candidate enters only with a higher quantised score
      // (fineKey), so one float comparison (`scoreBar`, the edge's quantised score) turns most of
      // them away before their coarse key is computed: the same page, with less work for a common word.
      const bestCoarse = MAX_COUNTED_WORDS - Math.min(MAX_COUNTED_WORDS, 2 * popcount(countedMask));
      let scoreBar = -Infinity;
      for (let k = 0; k < count; k++) {
        const doc = candidates[k] as number;
        if ((score[doc] as number) * SCORE_SCALE < scoreBar) continue;
        const coarse = this.rankKey(doc, countedMask, similarTo) * COARSE_UNIT;
        // Most candidates match one common word: once the page is full of better buckets, their
        // score is not even looked at.
        if (heap.full && coarse >= heap.max) continue;
        const key = coarse + this.fineKey(doc);
        if (heap.full && key >= heap.max) continue;
        heap.offer(key);
        if (heap.full && similarTo === null) {
          const edge = heap.max;
          const edgeCoarse = Math.floor(edge / COARSE_UNIT);
          if (edgeCoarse === bestCoarse) scoreBar = SCORE_MAX - Math.floor((edge - edgeCoarse * COARSE_UNIT) / DOC_ID_SPAN);
        }
      }
      return heap
        .sorted()
        .slice(offset, needed)
        .map((key) => key % DOC_ID_SPAN);
    }
    const coarse = this.coarseKeys;
    const { dateRank, dateRankCount } = this.data;
    let maxKey = 0;
    for (let k = 0; k < count; k++) {
      const doc = candidates[k] as number;
      const date = sort === 'date-asc' ? (dateRank[doc] as number) : dateRankCount - 1 - (dateRank[doc] as number);
      const key = date * COARSE_SPAN + this.rankKey(doc, countedMask, similarTo);
      coarse[k] = key;
      if (key > maxKey) maxKey = key;
    }
    const cutoff = maxKey < 1 << 20 ? kthByHistogram(coarse, count, maxKey, needed - 1) : kthSmallest(coarse.slice(0, count), needed - 1);
    if (!this.scoresReady) this.scoreAtOrBelow(plan, count, cutoff);
    const before: { coarse: number; fine: number }[] = [];
    const heap = new TopK(needed);
    for (let k = 0; k < count; k++) {
      const key = coarse[k] as number;
      if (key < cutoff) before.push({ coarse: key, fine: this.fineKey(candidates[k] as number) });
    }
    before.sort((a, b) => a.coarse - b.coarse || a.fine - b.fine);
    heap.capacity = needed - before.length;
    if (heap.capacity > 0) {
      for (let k = 0; k < count; k++) {
        if (coarse[k] !== cutoff) continue;
        const fine = this.fineKey(candidates[k] as number);
        if (!heap.full || fine < heap.max) heap.offer(fine);
      }
    }
    const ordered = [...before.map((b) => b.fine), ...heap.sorted()];
    return ordered.slice(offset, needed).map((fine) => fine % DOC_ID_SPAN);
  }
}

function popcount(mask: number): number {
  let v = mask - ((mask >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}
