// The digest of what an index is built from: the documents and the engine's settings. Stored with
// an index, it tells a start-up whether the index already holds this corpus, and a running site
// whether `npm run index` has built a newer one.

import { createHash } from 'node:crypto';
import type { SearchDocument } from './engine.ts';

/** 32 hex characters: a SHA-256 prefix, far more than enough to tell two corpora apart. */
export function corpusDigest(documents: readonly SearchDocument[], settings: unknown): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(settings)).update('\n');
  for (const document of documents) hash.update(JSON.stringify(document)).update('\n');
  return hash.digest('hex').slice(0, 32);
}
