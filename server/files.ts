// Reading a large file in one go. fs.promises.readFile reads 512 KB at a time, each read a round
// trip through the thread pool: about 150 of them for the 76 MB index snapshot of 100k units,
// which a busy machine turns into a noticeable wait at every restart. One read of the whole size
// (looped in case the system returns less) gives the same bytes with a single round trip.
// And the entries of a cache folder: read back or refused whole, written so that no reader ever
// sees half of one.

import { mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The file's bytes; rejects as readFile does (ENOENT and the like). */
export async function readWholeFile(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.allocUnsafe(size);
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(buffer, offset, size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return offset === size ? buffer : buffer.subarray(0, offset);
  } finally {
    await handle.close();
  }
}

/**
 * A cache entry decoded from its file, or null when the file is absent or unreadable, or when
 * `decode` refuses it (null) or throws (another format, a corrupt file): a cache that cannot be
 * used only costs rebuilding what it held.
 */
export async function readCacheEntry<T>(file: string, decode: (bytes: Buffer) => T | null): Promise<T | null> {
  let bytes: Buffer;
  try {
    bytes = await readWholeFile(file);
  } catch {
    return null;
  }
  try {
    return decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Writes `bytes` as `target` inside `dir` atomically (a temporary file beside it, then a rename:
 * a reader sees the old entry or the new one, never half of it), then removes the folder's other
 * entries of the same kind (`sameKind`, by file name; temporary files of other writers are kept).
 */
export async function replaceCacheEntry(dir: string, target: string, bytes: Uint8Array, sameKind: (name: string) => boolean): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, target);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  for (const name of await readdir(dir)) {
    if (name !== target && !name.endsWith('.tmp') && sameKind(name)) await rm(path.join(dir, name), { force: true });
  }
}
