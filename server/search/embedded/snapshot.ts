// The restart snapshot: the built index serialised with v8.serialize (typed arrays are copied as
// raw bytes, so writing and reading take a fraction of a build). A snapshot is keyed by a hash of
// the documents and the settings, so a restart over the same corpus loads instead of rebuilding,
// and anything else (another corpus, other settings, a newer format, a corrupt file) is ignored.

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { readCacheEntry, replaceCacheEntry } from '../../files.ts';
import { fullDigest } from '../digest.ts';
import type { SearchDocument } from '../engine.ts';
import { SEARCHABLE_ATTRIBUTES, STOP_WORDS, SYNONYM_GROUPS, TYPO_TOLERANCE } from '../settings.ts';
import { INDEX_FORMAT_VERSION, isIndexData, type IndexData } from './index-data.ts';

const PREFIX = 'embedded-index-';
const SUFFIX = '.v8';

/** Hash of everything an index is derived from. */
export function documentsHash(documents: readonly SearchDocument[]): string {
  return fullDigest(documents, { INDEX_FORMAT_VERSION, SEARCHABLE_ATTRIBUTES, STOP_WORDS, SYNONYM_GROUPS, TYPO_TOLERANCE });
}

function nameFor(hash: string): string {
  return `${PREFIX}${hash.slice(0, 32)}${SUFFIX}`;
}

/** The snapshot for this hash, or null when there is none or it cannot be used. */
export function loadSnapshot(cacheDir: string, hash: string, documentCount: number): Promise<IndexData | null> {
  return readCacheEntry(path.join(cacheDir, nameFor(hash)), (bytes) => {
    const value: unknown = deserialize(bytes);
    return isIndexData(value, hash, documentCount) ? value : null;
  });
}

/** Writes the snapshot atomically and removes older ones. */
export async function saveSnapshot(cacheDir: string, data: IndexData): Promise<void> {
  await replaceCacheEntry(cacheDir, nameFor(data.hash), serialize(data), (name) => name.startsWith(PREFIX));
}

/** The digest (32 hex characters) of the newest snapshot in the folder, or null when there is none. */
export async function newestSnapshotDigest(cacheDir: string): Promise<string | null> {
  let names: string[];
  try {
    names = await readdir(cacheDir);
  } catch {
    return null;
  }
  let newest: { digest: string; mtimeMs: number } | null = null;
  for (const name of names) {
    const match = new RegExp(`^${PREFIX}([0-9a-f]{32})\\${SUFFIX}$`).exec(name);
    if (!match?.[1]) continue;
    try {
      const { mtimeMs } = await stat(path.join(cacheDir, name));
      if (!newest || mtimeMs > newest.mtimeMs) newest = { digest: match[1], mtimeMs };
    } catch {
      // Removed between the listing and the stat: a newer one replaced it.
    }
  }
  return newest?.digest ?? null;
}
