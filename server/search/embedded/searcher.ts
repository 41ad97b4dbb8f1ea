// Answers queries over one IndexData. Everything runs over integer doc ids and typed arrays that
// are allocated once per index and reused by every query (queries run one at a time on the event
// loop, so sharing scratch space is safe).
//
// The ranking is Meilisearch's bucket sort: words, typo, proximity, attribute, exactness, then
// corpus order. Words, typo, attribute and exactness are cheap sums gathered while walking the
// postings; proximity needs the document's words (the forward index), so it is computed only for
// a document that could still reach the requested page given the others seen so far. All rules
// pack into one number per document, and a heap keeps the best `page * limit` of them: no sort of
// the whole result set, whose size only matters for the exact total and the facet counts.

import { FACET_FIELDS, type FacetCounts, type FacetField, type SearchDocument, type SearchFilters, type SearchHit, type SearchResult } from '../engine.ts';
import type { NormalisedQuery } from '../query.ts';
import { SEARCHABLE_ATTRIBUTES } from '../settings.ts';
import { highlightText } from './highlight.ts';
import { ATTRIBUTE_COUNT, MAX_DOCUMENTS, columnAllows, countColumn, type FacetColumn, type IndexData } from './index-data.ts';
import { planQuery, type QueryPlan } from './query-plan.ts';
import { Vocabulary } from './vocabulary.ts';

/** Proximity of two query words not found close together in one attribute (Meilisearch's cap). */
const MAX_PAIR_DISTANCE = 8;
const DOC_ID_FACTOR = MAX_DOCUMENTS;
/** Fine key layout: proximity, then attribute (10 bits), exactness (4 bits), doc id (21 bits). */
const PROXIMITY_UNIT = 1024 * 16 * DOC_ID_FACTOR;
/**
 * Relevance key layout: words and typos (coarse, < 2^10) above proximity (< 128): the whole key
 * stays below 2^52, exact in a double.
 */
const COARSE_UNIT = 128 * PROXIMITY_UNIT;

/** Best attribute weight for each attribute bit mask of a posting. */
const WEIGHT_OF_MASK = (() => {
  const table = new Uint8Array(1 << ATTRIBUTE_COUNT);
  for (let mask = 1; mask < table.length; mask++) {
    let best = 0;
    SEARCHABLE_ATTRIBUTES.forEach((a, i) => {
      if (mask & (1 << i) && a.weight > best) best = a.weight;
    });
    table[mask] = best;
  }
  return table;
})();

/** How many values of each facet a result keeps, and the values the query filters on (always kept). */
interface FacetLimits {
  max: number;
  selected: SearchFilters;
}

interface PreparedFilter {
  facet: FacetColumn;
  allowed: Uint8Array;
}

export class IndexSearcher {
  readonly documentCount: number;
  private readonly vocabulary: Vocabulary;
  private readonly valueIds: Map<FacetField, Map<string, number>>;
  private readonly facetByField: Map<FacetField, FacetColumn>;

  // Scratch space, one slot per document.
  private readonly stamp: Uint32Array;
  private stampCounter = 0;
  private readonly wordTypos: Uint8Array;
  private readonly wordWeight: Uint8Array;
  private readonly wordExact: Uint8Array;
  private readonly wordList: Uint32Array;
  private readonly matched: Uint16Array;
  private readonly typoSum: Uint8Array;
  private readonly weightSum: Uint16Array;
  private readonly exactSum: Uint8Array;
  private readonly candidates: Uint32Array;
  private readonly coarseKeys: Float64Array;
  /** Query-word bits of each term during a query (proximity), cleared after. */
  private readonly termWords: Uint16Array;

  constructor(
    private readonly data: IndexData,
    /** Documents by doc id. */
    private readonly documents: readonly SearchDocument[],
  ) {
    const n = data.documentCount;
    this.documentCount = n;
    this.vocabulary = new Vocabulary(data.terms, data.documentFrequency, data.prefixKeys);
    this.facetByField = new Map(data.facets.map((f) => [f.field, f]));
    this.valueIds = new Map(data.facets.map((f) => [f.field, new Map(f.values.flatMap((v, i) => (v === null ? [] : [[v, i] as const])))]));
    this.stamp = new Uint32Array(n);
    this.wordTypos = new Uint8Array(n);
    this.wordWeight = new Uint8Array(n);
    this.wordExact = new Uint8Array(n);
    this.wordList = new Uint32Array(n);
    this.matched = new Uint16Array(n);
    this.typoSum = new Uint8Array(n);
    this.weightSum = new Uint16Array(n);
    this.exactSum = new Uint8Array(n);
    this.candidates = new Uint32Array(n);
    this.coarseKeys = new Float64Array(n);
    this.termWords = new Uint16Array(data.terms.length);
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
      facets = this.countFacets(this.candidates, count, facetFields, facetLimits);
      pageIds = this.rank(plan, count, sort, (page - 1) * limit, limit);
      this.reset(count);
    }
    const hits: SearchHit[] = pageIds.map((id) => {
      const document = this.documents[id] as SearchDocument;
      return { document, highlight: highlightText(document.text, plan.words.length === 0 ? null : plan.highlight) };
    });
    return { query: text, total, page, limit, hits, facets, tookMs: performance.now() - started };
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
      // An unknown value allows nothing: the field then matches no document.
      for (const value of values) {
        const id = ids.get(value);
        if (id !== undefined) allowed[id] = 1;
      }
      prepared.push({ facet: column, allowed });
    }
    return prepared.length > 0 ? prepared : null;
  }

  private passes(filters: PreparedFilter[], doc: number): boolean {
    for (const f of filters) if (!columnAllows(f.facet, f.allowed, doc)) return false;
    return true;
  }

  /** Empty query: the filtered documents in corpus order (or by date). */
  private browse(filters: PreparedFilter[] | null, facetFields: FacetField[], facetLimits: FacetLimits, sort: string, page: number, limit: number) {
    const n = this.documentCount;
    const from = (page - 1) * limit;
    const order = sort === 'date-desc' ? this.data.byDateDesc : null;
    if (!filters && facetFields.length === 0) {
      const pageIds: number[] = [];
      for (let k = from; k < Math.min(n, from + limit); k++) pageIds.push(order ? (order[k] as number) : k);
      return { total: n, pageIds, facets: {} };
    }
    let count = 0;
    const list = this.candidates;
    for (let k = 0; k < n; k++) {
      const d = order ? (order[k] as number) : k;
      if (filters && !this.passes(filters, d)) continue;
      list[count++] = d;
    }
    const pageIds = Array.from(list.subarray(Math.min(from, count), Math.min(from + limit, count)));
    return { total: count, pageIds, facets: this.countFacets(list, count, facetFields, facetLimits) };
  }

  /**
   * Gathers the documents matching the first query word (and the filters) into `candidates`, and
   * for each the rule sums over the longest run of leading query words it matches: Meilisearch's
   * `last` matching strategy, where dropping words from the end ranks "all words" first.
   */
  private match(plan: QueryPlan, filters: PreparedFilter[] | null): number {
    const { postingStart } = this.data;
    let count = 0;
    for (let q = 0; q < plan.words.length; q++) {
      this.beginWord(q, filters);
      const word = plan.words[q] as QueryPlan['words'][number];
      for (const d of word.derivations) {
        this.visitPostings(this.data.postingDocs, this.data.postingAttributes, postingStart[d.term] as number, postingStart[d.term + 1] as number, d.typos, d.exact ? 1 : 0);
      }
      if (word.prefixList >= 0) {
        const { prefixStart, prefixDocs, prefixAttributes } = this.data;
        this.visitPostings(prefixDocs, prefixAttributes, prefixStart[word.prefixList] as number, prefixStart[word.prefixList + 1] as number, 0, 0);
      }
      for (const alternative of plan.alternatives) {
        if (!alternative.credits.includes(q)) continue;
        this.forEachPhraseMatch(alternative.terms, (doc, mask) => this.visit(doc, 0, WEIGHT_OF_MASK[mask] as number, 0));
      }
      const listed = this.listed;
      if (listed === 0) break;
      const bit = 1 << q;
      const { wordList, matched, typoSum, weightSum, exactSum, wordTypos, wordWeight, wordExact } = this;
      for (let k = 0; k < listed; k++) {
        const doc = wordList[k] as number;
        matched[doc]! |= bit;
        typoSum[doc]! += wordTypos[doc] as number;
        weightSum[doc]! += wordWeight[doc] as number;
        exactSum[doc]! += wordExact[doc] as number;
      }
      if (q === 0) {
        this.candidates.set(wordList.subarray(0, listed));
        count = listed;
      }
    }
    return count;
  }

  // State of the query word being matched (see match); fields rather than closures, because the
  // posting loop is the hottest code of the engine and must stay monomorphic and allocation-free.
  private currentStamp = 0;
  private currentRequired = 0;
  private currentFilters: PreparedFilter[] | null = null;
  private listed = 0;

  private beginWord(q: number, filters: PreparedFilter[] | null): void {
    this.currentStamp = this.nextStamp();
    // The first word admits filtered documents; word q admits documents that matched words 0..q-1.
    this.currentRequired = q === 0 ? -1 : (1 << q) - 1;
    this.currentFilters = filters;
    this.listed = 0;
  }

  private visitPostings(docs: Uint32Array, attributes: Uint8Array, from: number, to: number, typos: number, exact: number): void {
    const { stamp, matched, wordTypos, wordWeight, wordExact, wordList } = this;
    const current = this.currentStamp;
    const required = this.currentRequired;
    const filters = this.currentFilters;
    let listed = this.listed;
    for (let i = from; i < to; i++) {
      const doc = docs[i] as number;
      if (required >= 0 ? matched[doc] !== required : filters !== null && !this.passes(filters, doc)) continue;
      const weight = WEIGHT_OF_MASK[attributes[i] as number] as number;
      if (stamp[doc] !== current) {
        stamp[doc] = current;
        wordTypos[doc] = typos;
        wordWeight[doc] = weight;
        wordExact[doc] = exact;
        wordList[listed++] = doc;
      } else {
        if (typos < (wordTypos[doc] as number)) wordTypos[doc] = typos;
        if (weight > (wordWeight[doc] as number)) wordWeight[doc] = weight;
        if (exact > (wordExact[doc] as number)) wordExact[doc] = exact;
      }
    }
    this.listed = listed;
  }

  private visit(doc: number, typos: number, weight: number, exact: number): void {
    if (this.currentRequired >= 0 ? this.matched[doc] !== this.currentRequired : this.currentFilters !== null && !this.passes(this.currentFilters, doc)) return;
    if (this.stamp[doc] !== this.currentStamp) {
      this.stamp[doc] = this.currentStamp;
      this.wordTypos[doc] = typos;
      this.wordWeight[doc] = weight;
      this.wordExact[doc] = exact;
      this.wordList[this.listed++] = doc;
    } else {
      if (typos < (this.wordTypos[doc] as number)) this.wordTypos[doc] = typos;
      if (weight > (this.wordWeight[doc] as number)) this.wordWeight[doc] = weight;
      if (exact > (this.wordExact[doc] as number)) this.wordExact[doc] = exact;
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
    for (let k = 0; k < count; k++) {
      const doc = this.candidates[k] as number;
      this.matched[doc] = 0;
      this.typoSum[doc] = 0;
      this.weightSum[doc] = 0;
      this.exactSum[doc] = 0;
    }
  }

  private countFacets(list: Uint32Array, count: number, fields: readonly FacetField[], limits: FacetLimits): FacetCounts {
    const facets: FacetCounts = {};
    for (const field of fields) {
      const facet = this.facetByField.get(field) as FacetColumn;
      const values = facet.values;
      const counts = new Uint32Array(values.length);
      countColumn(facet, list, count, counts);
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
    const kept = present.sort(byCount).slice(0, max);
    for (const value of selected ?? []) {
      const id = values.indexOf(value);
      if (id > 0 && (counts[id] as number) > 0 && !kept.includes(id)) kept.push(id);
    }
    return kept;
  }

  /**
   * Doc ids of the page [offset, offset + limit) of the ranked candidates. Sorted by date, the date
   * rank comes first and makes the key too wide for one double, so the coarse key (date, words,
   * typos) is selected first: documents below the page end's coarse key all make the cut, and only
   * the bucket equal to it goes through the heap on the finer rules.
   */
  private rank(plan: QueryPlan, count: number, sort: string, offset: number, limit: number): number[] {
    const needed = Math.min(count, offset + limit);
    if (offset >= needed) return [];
    if (sort !== 'date-desc' && sort !== 'date-asc') return this.rankByRelevance(plan, count, offset, needed);
    const wordCount = plan.words.length;
    const { candidates, matched, typoSum } = this;
    const coarse = this.coarseKeys;
    const dateRank = this.data.dateRank;
    const dateRanks = this.data.dateRankCount;
    const dateSign = sort === 'date-desc' ? -1 : 1;
    let maxKey = 0;
    for (let k = 0; k < count; k++) {
      const doc = candidates[k] as number;
      let key = (wordCount - popcount(matched[doc] as number)) * 64 + Math.min(63, typoSum[doc] as number);
      key += (dateSign > 0 ? (dateRank[doc] as number) : dateRanks - 1 - (dateRank[doc] as number)) * 1024;
      coarse[k] = key;
      if (key > maxKey) maxKey = key;
    }
    const cutoff = maxKey < 4096 ? kthByHistogram(coarse, count, maxKey, needed - 1) : kthSmallest(coarse.slice(0, count), needed - 1);

    this.markQueryTerms(plan, 1);
    try {
      const before: { coarse: number; fine: number }[] = [];
      const heap = new TopK(needed);
      let bucketSize = 0;
      for (let k = 0; k < count; k++) {
        const key = coarse[k] as number;
        if (key < cutoff) before.push({ coarse: key, fine: this.fineKey(candidates[k] as number, Infinity) });
        else if (key === cutoff) bucketSize++;
      }
      before.sort((a, b) => a.coarse - b.coarse || a.fine - b.fine);
      heap.capacity = needed - before.length;
      if (bucketSize > 0 && heap.capacity > 0) {
        for (let k = 0; k < count; k++) {
          if (coarse[k] !== cutoff) continue;
          const worst = heap.full ? heap.max : Infinity;
          const fine = this.fineKey(candidates[k] as number, worst);
          if (fine < worst) heap.offer(fine);
        }
      }
      const ordered = [...before.map((b) => b.fine), ...heap.sorted()];
      return ordered.slice(offset, needed).map((fine) => fine % DOC_ID_FACTOR);
    } finally {
      this.markQueryTerms(plan, 0);
    }
  }

  /**
   * Relevance order in one pass: every rule fits in one number (see COARSE_UNIT), so a heap keeps
   * the best `needed` documents, and proximity is computed only for a document whose best possible
   * key could still enter the heap.
   */
  private rankByRelevance(plan: QueryPlan, count: number, offset: number, needed: number): number[] {
    const wordCount = plan.words.length;
    const { candidates, matched, typoSum, weightSum, exactSum } = this;
    const heap = new TopK(needed);
    this.markQueryTerms(plan, 1);
    try {
      for (let k = 0; k < count; k++) {
        const doc = candidates[k] as number;
        const words = popcount(matched[doc] as number);
        const coarse = (wordCount - words) * 64 + Math.min(63, typoSum[doc] as number);
        const attribute = 1023 - Math.min(1023, weightSum[doc] as number);
        const exactness = 15 - Math.min(15, exactSum[doc] as number);
        const base = coarse * COARSE_UNIT + (attribute * 16 + exactness) * DOC_ID_FACTOR + doc;
        const worst = heap.full ? heap.max : Infinity;
        if (words < 2) {
          if (base < worst) heap.offer(base);
        } else if (base + (words - 1) * PROXIMITY_UNIT < worst) {
          const key = base + this.proximity(doc, words) * PROXIMITY_UNIT;
          if (key < worst) heap.offer(key);
        }
      }
    } finally {
      this.markQueryTerms(plan, 0);
    }
    return heap
      .sorted()
      .slice(offset, needed)
      .map((key) => key % DOC_ID_FACTOR);
  }

  /** Proximity, attribute, exactness and doc id packed in one number (lower ranks first). */
  private fineKey(doc: number, worstKept: number): number {
    const words = popcount(this.matched[doc] as number);
    const attribute = 1023 - Math.min(1023, this.weightSum[doc] as number);
    const exactness = 15 - Math.min(15, this.exactSum[doc] as number);
    const rest = (attribute * 16 + exactness) * DOC_ID_FACTOR + doc;
    if (words < 2) return rest;
    // Proximity is the costly part: skip it when even the best possible proximity (every pair
    // adjacent and in order) could not make the cut. Candidates come roughly in doc id order, so
    // once the page is full of adjacent matches, most later documents are skipped here.
    if ((words - 1) * PROXIMITY_UNIT + rest >= worstKept) return Infinity;
    return this.proximity(doc, words) * PROXIMITY_UNIT + rest;
  }

  /** Sets (on = 1) or clears the query-word bits of every term the query can match. */
  private markQueryTerms(plan: QueryPlan, on: 0 | 1): void {
    plan.words.forEach((w, q) => {
      for (const d of w.derivations) this.termWords[d.term] = on ? (this.termWords[d.term] as number) | (1 << q) : 0;
      if (w.prefixRange) for (let t = w.prefixRange[0]; t < w.prefixRange[1]; t++) this.termWords[t] = on ? (this.termWords[t] as number) | (1 << q) : 0;
    });
    for (const alternative of plan.alternatives) {
      let bits = 0;
      for (const q of alternative.credits) bits |= 1 << q;
      for (const t of alternative.terms) this.termWords[t] = on ? (this.termWords[t] as number) | bits : 0;
    }
  }

  /**
   * Meilisearch's proximity: for each pair of consecutive query words, the smallest distance
   * between them within one attribute (one more when in reverse order), capped at 8.
   */
  private proximity(doc: number, words: number): number {
    const { tokenStart, tokens } = this.data;
    const best = this.pairBest;
    const last = this.lastPosition;
    best.fill(MAX_PAIR_DISTANCE, 0, words);
    for (let a = 0; a < ATTRIBUTE_COUNT; a++) {
      last.fill(-1, 0, words);
      const from = tokenStart[doc * ATTRIBUTE_COUNT + a] as number;
      const to = tokenStart[doc * ATTRIBUTE_COUNT + a + 1] as number;
      for (let p = from; p < to; p++) {
        const bits = this.termWords[tokens[p] as number] as number;
        if (bits === 0) continue;
        for (let q = 0; q < words; q++) {
          if ((bits & (1 << q)) === 0) continue;
          const position = p - from;
          if (q > 0 && (last[q - 1] as number) >= 0) best[q - 1] = Math.min(best[q - 1] as number, position - (last[q - 1] as number));
          if (q + 1 < words && (last[q + 1] as number) >= 0) best[q] = Math.min(best[q] as number, position - (last[q + 1] as number) + 1);
          last[q] = position;
        }
      }
    }
    let sum = 0;
    for (let q = 0; q + 1 < words; q++) sum += best[q] as number;
    return sum;
  }
  private readonly pairBest = new Int32Array(16);
  private readonly lastPosition = new Int32Array(16);
}

function popcount(mask: number): number {
  let v = mask - ((mask >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The k-th smallest (0-based) of values[0..count), all integers in [0, maxKey]. */
function kthByHistogram(values: Float64Array, count: number, maxKey: number, k: number): number {
  const histogram = new Uint32Array(maxKey + 1);
  for (let i = 0; i < count; i++) histogram[values[i] as number]!++;
  let seen = 0;
  for (let key = 0; key <= maxKey; key++) {
    seen += histogram[key] as number;
    if (seen > k) return key;
  }
  return maxKey;
}

/** The `capacity` smallest numbers offered, kept in a binary max-heap. */
class TopK {
  private readonly heap: number[] = [];
  constructor(public capacity: number) {}
  get full(): boolean {
    return this.heap.length >= this.capacity;
  }
  get max(): number {
    return this.heap[0] ?? Infinity;
  }
  offer(value: number): void {
    const heap = this.heap;
    if (heap.length < this.capacity) {
      heap.push(value);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if ((heap[parent] as number) >= value) break;
        heap[i] = heap[parent] as number;
        i = parent;
      }
      heap[i] = value;
    } else if (value < (heap[0] as number)) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && (heap[right] as number) > (heap[left] as number) ? right : left;
        if ((heap[child] as number) <= value) break;
        heap[i] = heap[child] as number;
        i = child;
      }
      heap[i] = value;
    }
  }
  sorted(): number[] {
    return [...this.heap].sort((a, b) => a - b);
  }
}

/** The k-th smallest value (0-based) of `values`, which it reorders (quickselect). */
export function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  return values[k] as number;
}
