// The embedded index as plain typed arrays: compact (no object per posting), fast to scan, and
// serialisable as it is with v8.serialize for the restart snapshot.
//
// Documents get integer ids in corpus order (dateValue, debate, order, id), so "corpus order" is
// "ascending doc id" everywhere: the final tie-break of the ranking costs nothing, and postings,
// written in doc order, come out sorted.

import { FACET_FIELDS, type FacetField, type SearchDocument } from '../engine.ts';
import { SEARCHABLE_ATTRIBUTES } from '../settings.ts';
import { compareCorpusOrder } from '../documents.ts';
import { numbering } from '../../numbering.ts';

/** Bump when the layout changes: older snapshots are then ignored and rebuilt. */
export const INDEX_FORMAT_VERSION = 4;

export const ATTRIBUTE_COUNT = SEARCHABLE_ATTRIBUTES.length;

/** Doc ids take 21 bits of the ranking keys (see searcher.ts): ample for a corpus of debates. */
export const MAX_DOCUMENTS = 2 ** 21;

export interface FacetColumn {
  field: FacetField;
  /** Value of each value id; id 0 is "no value" (null), never counted nor matched. */
  values: (string | null)[];
  /**
   * Single-valued field (`start` null): the value id of each document. Multi-valued field (a unit
   * has several codes): the distinct value ids of document d are column[start[d] .. start[d + 1]).
   */
  column: Uint16Array | Uint32Array;
  start: Uint32Array | null;
}

export interface IndexData {
  version: number;
  /** Hash of the documents and settings this index was built from. */
  hash: string;
  documentCount: number;
  /** Doc id → position of the document in the array given to reindex. */
  sourcePosition: Uint32Array;
  /** Sorted folded words; a term id is an index here. */
  terms: string[];
  /** Number of documents containing each term. */
  documentFrequency: Uint32Array;
  /** French and English stem of each term (stemming.ts), aligned with `terms`. */
  stemsFr: string[];
  stemsEn: string[];
  /** Language bits of each document (stemming.ts LANGUAGE_BIT): which stems may match it. */
  docLanguage: Uint8Array;
  /** Postings of term t are [postingStart[t], postingStart[t + 1]). */
  postingStart: Uint32Array;
  /** Doc ids, ascending within a term. */
  postingDocs: Uint32Array;
  /** For each posting, a bit per searchable attribute where the term occurs. */
  postingAttributes: Uint8Array;
  /** For each posting, how many times the term occurs in the unit's text (capped at 255): BM25's tf. */
  postingTextCount: Uint8Array;
  /**
   * Precomputed postings of short, heavy prefixes (Meilisearch keeps the same "word prefix"
   * postings): a one-letter prefix otherwise means merging the postings of thousands of words.
   * Prefix k is prefixKeys[k]; its docs are prefixDocs[prefixStart[k] .. prefixStart[k + 1]).
   */
  prefixKeys: string[];
  prefixStart: Uint32Array;
  prefixDocs: Uint32Array;
  prefixAttributes: Uint8Array;
  /**
   * The forward index, for text lengths (BM25), phrases (multi-word synonyms) and the words of a unit (similar units): term ids of document d's attribute a are
   * tokens[tokenStart[d * ATTRIBUTE_COUNT + a] .. tokenStart[d * ATTRIBUTE_COUNT + a + 1]).
   */
  tokenStart: Uint32Array;
  tokens: Uint32Array;
  facets: FacetColumn[];
  /** dateValue of each doc (ascending with the doc id). */
  dateValues: Int32Array;
  /** Dense rank of each doc's dateValue, 0 = oldest: a small integer to pack into sort keys. */
  dateRank: Uint32Array;
  dateRankCount: number;
  /** Doc ids by dateValue descending, then corpus order. */
  byDateDesc: Uint32Array;
}

/** Defined once for both engines in ../documents.ts. */
export { compareCorpusOrder };

export function facetColumn(field: FacetField, ordered: readonly SearchDocument[]): FacetColumn {
  const values: (string | null)[] = [null];
  const idOf = numbering(values);
  // A list field where no document has two values (a corpus with one code per unit) keeps the
  // plain one-id-per-document column, the fastest to filter and count.
  const multi = ordered.some((doc) => {
    const value = doc[field];
    return Array.isArray(value) && new Set(value).size > 1;
  });
  if (!multi) {
    const column = new Uint32Array(ordered.length);
    for (let d = 0; d < ordered.length; d++) {
      const raw = (ordered[d] as SearchDocument)[field] as string | string[] | null | undefined;
      const value = Array.isArray(raw) ? raw[0] : raw;
      if (value !== null && value !== undefined) column[d] = idOf(value);
    }
    return { field, values, column: values.length <= 0xffff ? new Uint16Array(column) : column, start: null };
  }
  const start = new Uint32Array(ordered.length + 1);
  const list: number[] = [];
  for (let d = 0; d < ordered.length; d++) {
    start[d] = list.length;
    const value = (ordered[d] as SearchDocument)[field] as string | string[] | null | undefined;
    const items = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
    // Each value once per document: a facet counts documents, not codes.
    for (const id of new Set(items.map(idOf))) list.push(id);
  }
  start[ordered.length] = list.length;
  return { field, values, column: values.length <= 0xffff ? Uint16Array.from(list) : Uint32Array.from(list), start };
}

/** Whether document `doc` has a value whose id is marked in `allowed`. */
export function columnAllows(facet: Pick<FacetColumn, 'column' | 'start'>, allowed: Uint8Array, doc: number): boolean {
  const { column, start } = facet;
  if (!start) return allowed[column[doc] as number] === 1;
  for (let i = start[doc] as number, end = start[doc + 1] as number; i < end; i++) if (allowed[column[i] as number] === 1) return true;
  return false;
}

/** The documents of each value of a facet field, ascending: value v's are docs[start[v] .. start[v + 1]). */
export interface ValueDocs {
  start: Uint32Array;
  docs: Uint32Array;
}

/** Inverts a facet column (a counting sort over the documents, in doc order): the filter of a browse reads its values' documents directly. */
export function valueDocs(facet: Pick<FacetColumn, 'column' | 'start' | 'values'>, documentCount: number): ValueDocs {
  const { column, start: docStart } = facet;
  const start = new Uint32Array(facet.values.length + 1);
  for (let i = 0; i < column.length; i++) start[(column[i] as number) + 1]!++;
  for (let v = 0; v < facet.values.length; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
  const cursor = start.slice(0, facet.values.length);
  const docs = new Uint32Array(column.length);
  for (let d = 0; d < documentCount; d++) {
    if (!docStart) docs[cursor[column[d] as number]!++] = d;
    else for (let i = docStart[d] as number, end = docStart[d + 1] as number; i < end; i++) docs[cursor[column[i] as number]!++] = d;
  }
  return { start, docs };
}

/**
 * Writes to `out` the documents of `order` (doc ids 0..count-1 when null) that have a value marked
 * in `allowed`, in that order; returns how many. One tight loop over the column: browsing a filter
 * at a million units reads the column once instead of testing each document through a call.
 */
export function selectByColumn(facet: Pick<FacetColumn, 'column' | 'start'>, allowed: Uint8Array, order: Uint32Array | null, documentCount: number, out: Uint32Array): number {
  const { column, start } = facet;
  let kept = 0;
  if (!start) {
    if (order === null) {
      for (let d = 0; d < documentCount; d++) if (allowed[column[d] as number] === 1) out[kept++] = d;
    } else {
      for (let k = 0; k < documentCount; k++) {
        const d = order[k] as number;
        if (allowed[column[d] as number] === 1) out[kept++] = d;
      }
    }
    return kept;
  }
  for (let k = 0; k < documentCount; k++) {
    const d = order === null ? k : (order[k] as number);
    for (let i = start[d] as number, end = start[d + 1] as number; i < end; i++) {
      if (allowed[column[i] as number] === 1) {
        out[kept++] = d;
        break;
      }
    }
  }
  return kept;
}

/** Keeps, in place and in order, the first `count` documents of `list` that have a value marked in `allowed`; returns how many. */
export function keepByColumn(facet: Pick<FacetColumn, 'column' | 'start'>, allowed: Uint8Array, list: Uint32Array, count: number): number {
  let kept = 0;
  for (let k = 0; k < count; k++) {
    const d = list[k] as number;
    if (columnAllows(facet, allowed, d)) list[kept++] = d;
  }
  return kept;
}

/** A multi-valued field keeps a document's values in at most this many slot columns (slotColumns). */
export const MAX_VALUE_SLOTS = 3;

/**
 * A multi-valued column as up to MAX_VALUE_SLOTS plain columns: slot i holds each document's
 * (i + 1)-th value id, 0 when it has fewer. Counting then reads one array per slot instead of two
 * offsets and a range per document (about twice as fast at a million units). Null when a document
 * has more values than that (the CSR column is counted instead) or the field is single-valued.
 */
export function slotColumns(facet: Pick<FacetColumn, 'column' | 'start' | 'values'>, documentCount: number): (Uint16Array | Uint32Array)[] | null {
  const { column, start } = facet;
  if (!start) return null;
  let widest = 0;
  for (let d = 0; d < documentCount; d++) widest = Math.max(widest, (start[d + 1] as number) - (start[d] as number));
  if (widest > MAX_VALUE_SLOTS) return null;
  const slots = Array.from({ length: widest }, () => (facet.values.length <= 0xffff ? new Uint16Array(documentCount) : new Uint32Array(documentCount)));
  for (let d = 0; d < documentCount; d++) {
    for (let i = start[d] as number, slot = 0, end = start[d + 1] as number; i < end; i++, slot++) (slots[slot] as Uint16Array | Uint32Array)[d] = column[i] as number;
  }
  return slots;
}

/**
 * The values of a multi-valued field beyond each document's first, as parallel lists in doc order
 * (a document with three values appears twice). Few units carry a second code (about 8% of the
 * bench corpus), so for a large result it is cheaper to walk these few pairs and test whether each
 * document matched than to read the second slot column of every match. Null for a single-valued field.
 */
export function extraValues(facet: Pick<FacetColumn, 'column' | 'start' | 'values'>, documentCount: number): ExtraValues | null {
  const { column, start } = facet;
  if (!start) return null;
  let length = 0;
  for (let d = 0; d < documentCount; d++) length += Math.max(0, (start[d + 1] as number) - (start[d] as number) - 1);
  const docs = new Uint32Array(length);
  const values = facet.values.length <= 0xffff ? new Uint16Array(length) : new Uint32Array(length);
  let k = 0;
  for (let d = 0; d < documentCount; d++) {
    for (let i = (start[d] as number) + 1, end = start[d + 1] as number; i < end; i++, k++) {
      docs[k] = d;
      values[k] = column[i] as number;
    }
  }
  return { docs, values };
}

export interface ExtraValues {
  docs: Uint32Array;
  values: Uint16Array | Uint32Array;
}

/** Adds one to `counts` for each value of each of the first `count` documents of `list`. */
export function countColumn(facet: Pick<FacetColumn, 'column' | 'start'>, list: Uint32Array, count: number, counts: Uint32Array): void {
  const { column, start } = facet;
  if (!start) {
    for (let k = 0; k < count; k++) counts[column[list[k] as number] as number]!++;
    return;
  }
  for (let k = 0; k < count; k++) {
    const doc = list[k] as number;
    for (let i = start[doc] as number, end = start[doc + 1] as number; i < end; i++) counts[column[i] as number]!++;
  }
}

export function facetColumns(ordered: readonly SearchDocument[]): FacetColumn[] {
  return FACET_FIELDS.map((field) => facetColumn(field, ordered));
}

/** Checks that a deserialised value has the shape of an index for `documentCount` documents. */
export function isIndexData(value: unknown, hash: string, documentCount: number): value is IndexData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<IndexData>;
  return (
    v.version === INDEX_FORMAT_VERSION &&
    v.hash === hash &&
    v.documentCount === documentCount &&
    v.sourcePosition instanceof Uint32Array &&
    v.sourcePosition.length === documentCount &&
    Array.isArray(v.terms) &&
    v.documentFrequency instanceof Uint32Array &&
    v.documentFrequency.length === v.terms.length &&
    Array.isArray(v.stemsFr) &&
    v.stemsFr.length === v.terms.length &&
    Array.isArray(v.stemsEn) &&
    v.stemsEn.length === v.terms.length &&
    v.docLanguage instanceof Uint8Array &&
    v.docLanguage.length === documentCount &&
    v.postingStart instanceof Uint32Array &&
    v.postingStart.length === v.terms.length + 1 &&
    v.postingDocs instanceof Uint32Array &&
    v.postingAttributes instanceof Uint8Array &&
    v.postingDocs.length === v.postingAttributes.length &&
    v.postingTextCount instanceof Uint8Array &&
    v.postingTextCount.length === v.postingDocs.length &&
    v.postingStart[v.terms.length] === v.postingDocs.length &&
    Array.isArray(v.prefixKeys) &&
    v.prefixStart instanceof Uint32Array &&
    v.prefixStart.length === v.prefixKeys.length + 1 &&
    v.prefixDocs instanceof Uint32Array &&
    v.prefixAttributes instanceof Uint8Array &&
    v.prefixDocs.length === v.prefixAttributes.length &&
    v.prefixStart[v.prefixKeys.length] === v.prefixDocs.length &&
    v.tokenStart instanceof Uint32Array &&
    v.tokenStart.length === documentCount * ATTRIBUTE_COUNT + 1 &&
    v.tokens instanceof Uint32Array &&
    v.tokenStart[documentCount * ATTRIBUTE_COUNT] === v.tokens.length &&
    Array.isArray(v.facets) &&
    v.facets.length === FACET_FIELDS.length &&
    v.facets.every(
      (f, i) =>
        f.field === FACET_FIELDS[i] &&
        (f.start === null ? f.column.length === documentCount : f.start instanceof Uint32Array && f.start.length === documentCount + 1 && f.start[documentCount] === f.column.length),
    ) &&
    v.dateValues instanceof Int32Array &&
    v.dateRank instanceof Uint32Array &&
    v.byDateDesc instanceof Uint32Array &&
    v.byDateDesc.length === documentCount
  );
}
