// Builds an IndexData from documents. The build is the only slow operation of the engine, so it
// avoids per-word allocations (a cache from raw word to term id, growable typed arrays) and yields
// to the event loop every few thousand documents: the previous index keeps answering searches
// while a new one is built, and progress can be reported.

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { IndexProgress, SearchDocument } from '../engine.ts';
import { SEARCHABLE_ATTRIBUTES } from '../settings.ts';
import { foldText, scanWords } from '../text.ts';
import { languageBits, stem } from '../stemming.ts';
import { ATTRIBUTE_COUNT, INDEX_FORMAT_VERSION, MAX_DOCUMENTS, compareCorpusOrder, facetColumns, type IndexData } from './index-data.ts';

const CHUNK = 4000;

/** Prefixes up to this length may get precomputed postings. */
export const MAX_PREFIX_POSTINGS_LENGTH = 3;
/**
 * A prefix gets its own postings when at least two words share it and their postings add up to
 * this many: below it, merging the words' postings at query time is already cheap.
 */
export const PREFIX_POSTINGS_THRESHOLD = 1000;

type GrowableKind = Uint32Array | Uint8Array;

/** A typed array that grows by doubling. */
class Growable<T extends GrowableKind> {
  data: T;
  length = 0;
  constructor(private readonly allocate: (size: number) => T) {
    this.data = allocate(1 << 16);
  }
  push(value: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = value;
  }
  /** Makes room for `extra` more values, so that they can be written to `data` directly. */
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const next = this.allocate(Math.max(this.data.length * 2, this.length + extra));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  toArray(): T {
    return this.data.slice(0, this.length) as T;
  }
}

const growableUint32 = (): Growable<Uint32Array> => new Growable((size) => new Uint32Array(size));

class TermTable {
  /** Folded word → provisional id (insertion order). */
  readonly ids = new Map<string, number>();
  readonly words: string[] = [];
  /** Raw word as written → provisional id: most words repeat, and folding costs more than a lookup. */
  private readonly raw = new Map<string, number>();

  idOfRaw(word: string): number {
    let id = this.raw.get(word);
    if (id !== undefined) return id;
    const folded = foldText(word);
    id = this.ids.get(folded);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(folded);
      this.ids.set(folded, id);
    }
    this.raw.set(word, id);
    return id;
  }
}

export async function buildIndex(documents: readonly SearchDocument[], hash: string, onProgress?: IndexProgress): Promise<IndexData> {
  const count = documents.length;
  if (count > MAX_DOCUMENTS) throw new Error(`The embedded engine indexes at most ${MAX_DOCUMENTS} documents, not ${count}.`);
  const order = Array.from({ length: count }, (_, i) => i);
  // Documents usually arrive in corpus order already (toSearchDocuments); checking is cheaper than sorting.
  let sorted = true;
  for (let i = 1; i < count && sorted; i++) sorted = compareCorpusOrder(documents[i - 1] as SearchDocument, documents[i] as SearchDocument) <= 0;
  if (!sorted) order.sort((a, b) => compareCorpusOrder(documents[a] as SearchDocument, documents[b] as SearchDocument));
  const ordered = order.map((i) => documents[i] as SearchDocument);

  const table = new TermTable();
  const tokens = growableUint32();
  const tokenStart = new Uint32Array(count * ATTRIBUTE_COUNT + 1);
  // Names and titles repeat on every unit of a speaker or question: tokenise each string once.
  const fieldCache = new Map<string, Uint32Array>();
  const scratch: number[] = [];
  const tokensOf = (text: string): Uint32Array => {
    scratch.length = 0;
    scanWords(text, (start, end) => scratch.push(table.idOfRaw(text.slice(start, end))));
    return Uint32Array.from(scratch);
  };
  const pushText = (text: string): void => {
    scanWords(text, (start, end) => tokens.push(table.idOfRaw(text.slice(start, end))));
  };
  const pushCached = (text: string): void => {
    let ids = fieldCache.get(text);
    if (!ids) {
      ids = tokensOf(text);
      fieldCache.set(text, ids);
    }
    for (const id of ids) tokens.push(id);
  };

  for (let d = 0; d < count; d++) {
    const doc = ordered[d] as SearchDocument;
    for (let a = 0; a < ATTRIBUTE_COUNT; a++) {
      tokenStart[d * ATTRIBUTE_COUNT + a] = tokens.length;
      const value = doc[(SEARCHABLE_ATTRIBUTES[a] as (typeof SEARCHABLE_ATTRIBUTES)[number]).field];
      if (typeof value === 'string') {
        if (a === 0) pushText(value);
        else pushCached(value);
      } else if (Array.isArray(value)) {
        for (const item of value) pushCached(item);
      }
    }
    if ((d + 1) % CHUNK === 0) {
      onProgress?.(d + 1, count);
      await yieldToEventLoop();
    }
  }
  tokenStart[count * ATTRIBUTE_COUNT] = tokens.length;
  const tokenArray = tokens.toArray();

  // A folded word can come out empty (a lone combining mark): such ids exist but are harmless.
  // Sort the vocabulary and renumber so that term id = rank (see vocabulary.ts for why).
  const provisional = table.words;
  const sortedIds = Array.from({ length: provisional.length }, (_, i) => i).sort((a, b) => {
    const x = provisional[a] as string;
    const y = provisional[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const remap = new Uint32Array(provisional.length);
  sortedIds.forEach((id, rank) => (remap[id] = rank));
  const terms = sortedIds.map((id) => provisional[id] as string);
  for (let i = 0; i < tokenArray.length; i++) tokenArray[i] = remap[tokenArray[i] as number] as number;
  await yieldToEventLoop();

  // Postings in two passes over the forward index: count, then fill. Docs are visited in
  // ascending order, so each posting list comes out sorted; a term seen again in the same doc
  // only adds its attribute bit.
  const termCount = terms.length;
  const lastSeen = new Int32Array(termCount).fill(-1);
  const postingStart = new Uint32Array(termCount + 1);
  for (let d = 0; d < count; d++) {
    if (d % (CHUNK * 8) === CHUNK * 8 - 1) await yieldToEventLoop();
    const from = tokenStart[d * ATTRIBUTE_COUNT] as number;
    const to = tokenStart[(d + 1) * ATTRIBUTE_COUNT] as number;
    for (let i = from; i < to; i++) {
      const t = tokenArray[i] as number;
      if (lastSeen[t] !== d) {
        lastSeen[t] = d;
        postingStart[t + 1]!++;
      }
    }
  }
  const documentFrequency = new Uint32Array(termCount);
  for (let t = 0; t < termCount; t++) {
    documentFrequency[t] = postingStart[t + 1] as number;
    postingStart[t + 1] = (postingStart[t + 1] as number) + (postingStart[t] as number);
  }
  const total = postingStart[termCount] as number;
  const postingDocs = new Uint32Array(total);
  const postingAttributes = new Uint8Array(total);
  const postingTextCount = new Uint8Array(total);
  const cursor = postingStart.slice(0, termCount);
  lastSeen.fill(-1);
  for (let d = 0; d < count; d++) {
    if (d % (CHUNK * 8) === CHUNK * 8 - 1) await yieldToEventLoop();
    for (let a = 0; a < ATTRIBUTE_COUNT; a++) {
      const bit = 1 << a;
      const from = tokenStart[d * ATTRIBUTE_COUNT + a] as number;
      const to = tokenStart[d * ATTRIBUTE_COUNT + a + 1] as number;
      for (let i = from; i < to; i++) {
        const t = tokenArray[i] as number;
        if (lastSeen[t] !== d) {
          lastSeen[t] = d;
          const at = cursor[t]!++;
          postingDocs[at] = d;
          postingAttributes[at] = bit;
          if (a === 0) postingTextCount[at] = 1;
        } else {
          const at = (cursor[t] as number) - 1;
          postingAttributes[at]! |= bit;
          if (a === 0 && (postingTextCount[at] as number) < 255) postingTextCount[at]!++;
        }
      }
    }
  }

  await yieldToEventLoop();
  const { stemsFr, stemsEn } = await stemTerms(terms);
  const docLanguage = Uint8Array.from(ordered, (doc) => languageBits(doc.language));
  const prefixes = await buildPrefixPostings(terms, postingStart, postingDocs, postingAttributes, count);

  const dateValues = Int32Array.from(ordered, (doc) => doc.dateValue);
  const dateRank = new Uint32Array(count);
  let rank = 0;
  for (let d = 1; d < count; d++) {
    if (dateValues[d] !== dateValues[d - 1]) rank++;
    dateRank[d] = rank;
  }
  // Doc ids are sorted by date ascending: reverse the runs of equal dates, keep each run ascending.
  const byDateDesc = new Uint32Array(count);
  let out = 0;
  let end = count;
  while (end > 0) {
    let start = end - 1;
    while (start > 0 && dateValues[start - 1] === dateValues[end - 1]) start--;
    for (let d = start; d < end; d++) byDateDesc[out++] = d;
    end = start;
  }

  onProgress?.(count, count);
  return {
    version: INDEX_FORMAT_VERSION,
    hash,
    documentCount: count,
    sourcePosition: Uint32Array.from(order),
    terms,
    documentFrequency,
    stemsFr,
    stemsEn,
    docLanguage,
    postingStart,
    postingDocs,
    postingAttributes,
    postingTextCount,
    ...prefixes,
    tokenStart,
    tokens: tokenArray,
    facets: facetColumns(ordered),
    dateValues,
    dateRank,
    dateRankCount: count === 0 ? 0 : rank + 1,
    byDateDesc,
  };
}

/**
 * Both stems of every term. Stemming is the slow part of a build on a large vocabulary (tens of
 * microseconds a word), so it yields to the event loop as it goes; a term's stems are computed once
 * here and never at query time, except for the few words of a query.
 */
async function stemTerms(terms: readonly string[]): Promise<Pick<IndexData, 'stemsFr' | 'stemsEn'>> {
  const stemsFr: string[] = new Array<string>(terms.length);
  const stemsEn: string[] = new Array<string>(terms.length);
  for (let t = 0; t < terms.length; t++) {
    const term = terms[t] as string;
    stemsFr[t] = stem(term, 'fr');
    stemsEn[t] = stem(term, 'en');
    if (t % 2000 === 1999) await yieldToEventLoop();
  }
  return { stemsFr, stemsEn };
}

/**
 * The union of the postings of all words sharing each short, heavy prefix, with the attribute
 * bits OR-ed: search as you type then reads one list per keystroke instead of thousands.
 */
async function buildPrefixPostings(
  terms: readonly string[],
  postingStart: Uint32Array,
  postingDocs: Uint32Array,
  postingAttributes: Uint8Array,
  documentCount: number,
): Promise<Pick<IndexData, 'prefixKeys' | 'prefixStart' | 'prefixDocs' | 'prefixAttributes'>> {
  // Two passes over the same prefixes: the first counts each one's distinct documents, so that
  // the second writes into arrays of the exact size (growing arrays by doubling, then copying them
  // to size, cost some 330 MB of peak memory at a million units).
  const touched = new Int32Array((documentCount + 31) >>> 5);
  const prefixes: { key: string; from: number; to: number; size: number }[] = [];
  let work = 0; // postings and documents visited since the last yield
  const pause = async (done: number): Promise<void> => {
    work += done;
    if (work > 2_000_000) {
      work = 0;
      await yieldToEventLoop();
    }
  };
  for (let length = 1; length <= MAX_PREFIX_POSTINGS_LENGTH; length++) {
    let i = 0;
    while (i < terms.length) {
      const term = terms[i] as string;
      if (term.length <= length) {
        i++;
        continue;
      }
      // Sorted terms: every word with this prefix follows, contiguously.
      const key = term.slice(0, length);
      let j = i + 1;
      while (j < terms.length && (terms[j] as string).startsWith(key)) j++;
      const from = postingStart[i] as number;
      const to = postingStart[j] as number;
      if (j - i >= 2 && to - from >= PREFIX_POSTINGS_THRESHOLD) {
        let size = 0;
        for (let p = from; p < to; p++) {
          const doc = postingDocs[p] as number;
          const bit = 1 << (doc & 31);
          if (((touched[doc >>> 5] as number) & bit) === 0) {
            size++;
            touched[doc >>> 5]! |= bit;
          }
        }
        touched.fill(0);
        prefixes.push({ key, from, to, size });
        await pause(to - from + touched.length);
      }
      i = j;
    }
  }
  const prefixStart = new Uint32Array(prefixes.length + 1);
  prefixes.forEach((p, k) => (prefixStart[k + 1] = (prefixStart[k] as number) + p.size));
  const total = prefixStart[prefixes.length] as number;
  const prefixDocs = new Uint32Array(total);
  const prefixAttributes = new Uint8Array(total);
  const mask = new Uint8Array(documentCount);
  // Which documents a prefix touched, one bit each: reading them back in doc order costs a
  // 32nd of a scan over every document and no sort (sorting the touched documents cost more than
  // the rest of the prefix postings together).
  let at = 0;
  for (const { from, to } of prefixes) {
    for (let p = from; p < to; p++) {
      const doc = postingDocs[p] as number;
      touched[doc >>> 5]! |= 1 << (doc & 31);
      mask[doc]! |= postingAttributes[p] as number;
    }
    for (let w = 0; w < touched.length; w++) {
      let bits = touched[w] as number;
      if (bits === 0) continue;
      touched[w] = 0;
      while (bits !== 0) {
        const low = bits & -bits;
        const doc = (w << 5) + 31 - Math.clz32(low);
        bits ^= low;
        prefixDocs[at] = doc;
        prefixAttributes[at++] = mask[doc] as number;
        mask[doc] = 0;
      }
    }
    await pause(to - from + touched.length);
  }
  return { prefixKeys: prefixes.map((p) => p.key), prefixStart, prefixDocs, prefixAttributes };
}
