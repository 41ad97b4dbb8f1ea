// The corpus cache: the validated corpus of a data folder, kept as JSON in INDEX_CACHE_DIR and
// keyed by everything it is made from, so that a restart on an unchanged corpus skips parsing
// and validating (at 100k units, most of a restart: docs/benchmark.md, issue 24).
//
// The key is a SHA-256 of every data file's name and bytes (content, not modification times: a
// copy, a checkout or an editor can keep a time and change the text), of the working folder
// (problems name files relative to it) and of the code that reads them: every source file of
// server/, package-lock.json and the Node version (server/code-fingerprint.mjs). Any change there gives another key, so the
// files are parsed and validated again, and an invalid corpus is never written: a broken file is
// always reported with its file and line, and nothing half-valid is served from the cache.
//
// The entry also carries the documents' digest (server/search/digest.ts), so that the engine does
// not hash 100k documents again to find its index snapshot.

import { createHash } from 'node:crypto';
import path from 'node:path';
import { readCorpusSources, validCorpusFrom, type CorpusSources } from './corpus/load.ts';
import { indexCorpus, type Corpus, type CorpusIndex, type Unit } from './corpus/model.ts';
import type { CorpusProblem } from './errors.ts';
import { computeCodeFingerprint } from './code-fingerprint.mjs';
import { readCacheEntry, replaceCacheEntry } from './files.ts';
import { numbering } from './numbering.ts';
import { ROOT_DIR } from './paths.ts';
import { documentsDigest, rememberDocumentsDigest } from './search/digest.ts';
import { toSearchDocuments } from './search/documents.ts';
import { catalogLists, seedCatalogLists, type CorpusLists } from './services/catalog-service.ts';
import type { SearchDocument } from './search/engine.ts';

/** Bump when the entry's layout changes. 2: units' repeated strings by number, the catalog's lists. */
const CACHE_FORMAT = 2;
const PREFIX = 'corpus-';
const SUFFIX = '.json';

export interface LoadedCorpus {
  index: CorpusIndex;
  /** Frozen: its digest may be remembered. */
  documents: readonly SearchDocument[];
  warnings: CorpusProblem[];
  /** 'cache': read from the corpus cache; 'files': parsed and validated (and cached when a folder is given). */
  origin: 'cache' | 'files';
}

interface CacheEntry {
  format: number;
  key: string;
  /** The corpus, its units packed (packUnits). */
  corpus: Omit<Corpus, 'units'> & { units: PackedUnit[] };
  /** The strings the packed units point to. */
  strings: string[];
  /** The catalog's lists of speakers, questions and debates, as built from this corpus. */
  lists: Required<CorpusLists>;
  warnings: CorpusProblem[];
  documentsDigest: string;
}

/**
 * The unit fields whose values repeat from unit to unit (a debate's slug, a speaker's id, a kind, a
 * file name, a question): written once in the entry's `strings` and by number in each unit, and
 * read back as one shared string each. At 100k units that is half a million strings fewer for
 * JSON.parse to make and the collector to move, and 12 MB less to read.
 */
const SHARED_FIELDS = ['debate', 'speaker', 'kind', 'question', 'position', 'signedAs'] as const;

/**
 * An empty list of relations or codes (most units have no relation, half of them no code) is
 * written as this number and read back as one shared, frozen empty array: 150,000 arrays fewer to
 * make and collect at 100k units. Nothing changes a loaded unit's lists (a push would throw).
 */
const NO_ITEMS = 0;
const EMPTY_LIST: never[] = Object.freeze([]) as unknown as never[];

/** A unit as the entry holds it: SHARED_FIELDS, its codes' question and position and its origin's file as numbers into `strings`. */
type PackedUnit = Record<string, unknown>;

export function packUnits(units: readonly Unit[]): { units: PackedUnit[]; strings: string[] } {
  const strings: string[] = [];
  const number = numbering(strings);
  const packed = units.map((unit) => {
    // Same keys in the same order as the unit: unpacking replaces values in place.
    const out: PackedUnit = { ...unit };
    for (const field of SHARED_FIELDS) {
      const value = unit[field];
      if (value !== undefined) out[field] = number(value);
    }
    if (unit.codes) out.codes = unit.codes.length === 0 ? NO_ITEMS : unit.codes.map((code) => (code.position === undefined ? { question: number(code.question) } : { question: number(code.question), position: number(code.position) }));
    if (unit.relations.length === 0) out.relations = NO_ITEMS;
    if (unit.origin) out.origin = { file: number(unit.origin.file), line: unit.origin.line };
    return out;
  });
  return { units: packed, strings };
}

/** The units packUnits packed, or null when a number points nowhere (an entry not written by packUnits). */
export function unpackUnits(packed: readonly PackedUnit[], strings: readonly string[]): Unit[] | null {
  const text = (n: unknown): string | undefined => (typeof n === 'number' ? strings[n] : undefined);
  for (const unit of packed) {
    if (unit.relations === NO_ITEMS) unit.relations = EMPTY_LIST;
    if (unit.codes === NO_ITEMS) unit.codes = EMPTY_LIST;
    for (const field of SHARED_FIELDS) {
      if (unit[field] === undefined) continue;
      const value = text(unit[field]);
      if (value === undefined) return null;
      unit[field] = value;
    }
    if (Array.isArray(unit.codes)) {
      for (const code of unit.codes as Record<string, unknown>[]) {
        const question = text(code.question);
        if (question === undefined) return null;
        code.question = question;
        if (code.position !== undefined) {
          const position = text(code.position);
          if (position === undefined) return null;
          code.position = position;
        }
      }
    }
    const origin = unit.origin as Record<string, unknown> | undefined;
    if (origin) {
      const file = text(origin.file);
      if (file === undefined) return null;
      origin.file = file;
    }
  }
  return packed as unknown as Unit[];
}

/**
 * The valid corpus of `dataDir` with its search documents. With a cache folder, an entry for the
 * same files and code is read instead of parsing them. Throws InvalidCorpusError (every problem
 * listed) when the corpus has an error, exactly as loadValidCorpus does.
 */
export async function loadCorpusCached(dataDir: string, cacheDir: string | null): Promise<LoadedCorpus> {
  const sources = await readCorpusSources(dataDir);
  const key = cacheDir ? sourcesKey(sources, await codeFingerprint()) : null;
  if (cacheDir && key) {
    const entry = await readEntry(cacheDir, key);
    const units = entry ? unpackUnits(entry.corpus.units, entry.strings) : null;
    if (entry && units) {
      const index = indexCorpus({ ...entry.corpus, units });
      seedCatalogLists(index, entry.lists);
      const documents = Object.freeze(toSearchDocuments(index));
      rememberDocumentsDigest(documents, entry.documentsDigest);
      return { index, documents, warnings: entry.warnings, origin: 'cache' };
    }
  }
  const { index, warnings } = validCorpusFrom(sources);
  const documents = Object.freeze(toSearchDocuments(index));
  if (cacheDir && key) {
    const digest = documentsDigest(documents);
    rememberDocumentsDigest(documents, digest);
    const { units, strings } = packUnits(index.corpus.units);
    const entry: CacheEntry = { format: CACHE_FORMAT, key, corpus: { ...index.corpus, units }, strings, lists: catalogLists(index), warnings, documentsDigest: digest };
    // A cache that cannot be written only costs a full load at the next start.
    await writeEntry(cacheDir, entry).catch(() => undefined);
  }
  return { index, documents, warnings, origin: 'files' };
}

/** The key of a data folder's files as read, with the code that reads them. */
export function sourcesKey(sources: CorpusSources, fingerprint: string): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: CACHE_FORMAT, fingerprint, cwd: process.cwd(), root: sources.root, exists: sources.exists })).update('\n');
  for (const file of sources.files) {
    hash.update(JSON.stringify({ kind: file.kind, path: file.path, required: file.required, bytes: file.bytes?.length ?? null })).update('\n');
    if (file.bytes) hash.update(file.bytes);
  }
  return hash.digest('hex');
}

/** Replaced by esbuild with the fingerprint of the sources a bundle was built from (scripts/start.mjs); absent in the sources. */
declare const CONTREPOINT_CODE_FINGERPRINT: string | undefined;

let fingerprint: Promise<string> | null = null;

/**
 * A hash of the code that turns files into a corpus and documents (server/code-fingerprint.mjs):
 * computed once per process from the sources, or the one the bundle was built from.
 */
export function codeFingerprint(): Promise<string> {
  fingerprint ??= typeof CONTREPOINT_CODE_FINGERPRINT === 'string' ? Promise.resolve(CONTREPOINT_CODE_FINGERPRINT) : computeCodeFingerprint(ROOT_DIR);
  return fingerprint;
}

/**
 * JSON whose characters all fit in one byte, as latin1 bytes: those above U+00FF (œ, ’, emoji
 * halves) are written as \u escapes, the accented Latin letters as they are. Read back as latin1,
 * the text is a one-byte string, which costs much less to make than UTF-8 decoded to UTF-16
 * (about 200 ms less at 100k units); JSON.parse turns the escapes back into the same characters.
 */
export function latin1Json(value: unknown): Buffer {
  // A replace over the JSON: about 0.3 s for the 50 MB of 100k units, paid only when the cache is written.
  const json = JSON.stringify(value).replace(/[\u0100-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Buffer.from(json, 'latin1');
}

function nameFor(key: string): string {
  return `${PREFIX}${key.slice(0, 32)}${SUFFIX}`;
}

/** The entry for this key, or null when there is none or it cannot be used (corrupt, another format). */
function readEntry(cacheDir: string, key: string): Promise<CacheEntry | null> {
  return readCacheEntry(path.join(cacheDir, nameFor(key)), (bytes) => {
    const value = JSON.parse(bytes.toString('latin1')) as Partial<CacheEntry> | null;
    if (!value || value.format !== CACHE_FORMAT || value.key !== key || typeof value.documentsDigest !== 'string') return null;
    const corpus = value.corpus;
    if (!corpus || ![corpus.debates, corpus.speakers, corpus.questions, corpus.units, value.strings].every(Array.isArray) || !Array.isArray(value.warnings)) return null;
    const lists = value.lists;
    if (!lists || ![lists.speakers, lists.questions, lists.debates].every(Array.isArray)) return null;
    return value as CacheEntry;
  });
}

/** Writes atomically and removes the folder's other corpus entries. */
async function writeEntry(cacheDir: string, entry: CacheEntry): Promise<void> {
  await replaceCacheEntry(cacheDir, nameFor(entry.key), latin1Json(entry), (name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX));
}
