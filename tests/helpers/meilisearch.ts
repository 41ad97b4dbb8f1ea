// For tests that run against a real Meilisearch server (MEILI_URL): the server named by the
// environment, a throwaway index name, and a clean-up that removes every index a test made under
// that name (its versions, its pointer, legacy build indexes).

import { randomBytes } from 'node:crypto';
import { Meilisearch } from 'meilisearch';

export interface LiveMeilisearch {
  url: string;
  apiKey: string | undefined;
}

/** The server the environment names, or null (the test is then skipped with the reason). */
export function liveMeilisearch(): LiveMeilisearch | null {
  const url = process.env.MEILI_URL?.trim();
  if (!url) return null;
  return { url, apiKey: process.env.MEILI_API_KEY?.trim() || undefined };
}

export const NO_MEILISEARCH = 'MEILI_URL is not set: no Meilisearch server to test against (see docs/meilisearch.md)';

export function throwawayIndexName(purpose: string): string {
  return `contrepoint_${purpose}_${Date.now()}_${randomBytes(4).toString('hex')}`;
}

/** Deletes `indexName` and every `indexName_*` index. */
export async function deleteIndexesOf(server: LiveMeilisearch, indexName: string): Promise<void> {
  const client = new Meilisearch({ host: server.url, apiKey: server.apiKey, timeout: 30_000 });
  const { results } = await client.getRawIndexes({ limit: 1000 });
  for (const { uid } of results) {
    if (uid === indexName || uid.startsWith(`${indexName}_`)) await client.deleteIndex(uid).waitTask({ timeout: 30_000 });
  }
}
