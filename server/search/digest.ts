// The digest of what an index is built from: the documents and the engine's settings. Stored with
// an index, it tells a start-up whether the index already holds this corpus, and a running site
// whether `npm run index` has built a newer one.
//
// It is made in two steps, the documents' own digest first (the costly part: about a second at
// 100k units), then that with the settings. A corpus read from the corpus cache
// (server/corpus-cache.ts) carries its documents' digest, computed when the cache was written, so
// that a restart does not hash the same documents again.

import { createHash } from 'node:crypto';
import type { SearchDocument } from './engine.ts';

/** Documents whose digest is already known (remembered by the corpus cache); keyed by the array itself. */
const knownDigests = new WeakMap<readonly SearchDocument[], string>();

/** SHA-256 (hex) of the documents as JSON lines, in their order. */
export function documentsDigest(documents: readonly SearchDocument[]): string {
  const known = knownDigests.get(documents);
  if (known !== undefined) return known;
  const hash = createHash('sha256');
  // Lines are joined into chunks of about 1 MB: one update per document costs more than the hashing.
  let chunk = '';
  for (const document of documents) {
    chunk += JSON.stringify(document) + '\n';
    if (chunk.length > 1_000_000) {
      hash.update(chunk);
      chunk = '';
    }
  }
  hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Records the digest of a documents array computed earlier from the same corpus. The array must be
 * frozen: a digest remembered for an array that can still change could go stale.
 */
export function rememberDocumentsDigest(documents: readonly SearchDocument[], digest: string): void {
  if (!Object.isFrozen(documents)) throw new Error('rememberDocumentsDigest needs a frozen documents array');
  knownDigests.set(documents, digest);
}

/** SHA-256 (hex, 64 characters) of the settings and the documents' digest. */
export function fullDigest(documents: readonly SearchDocument[], settings: unknown): string {
  return createHash('sha256').update(JSON.stringify(settings)).update('\n').update(documentsDigest(documents)).digest('hex');
}

/** 32 hex characters: a SHA-256 prefix, far more than enough to tell two corpora apart. */
export function corpusDigest(documents: readonly SearchDocument[], settings: unknown): string {
  return fullDigest(documents, settings).slice(0, 32);
}
