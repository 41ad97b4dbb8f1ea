// The shared search contract, run against a real Meilisearch server when MEILI_URL names one
// (docs/meilisearch.md). Each run uses its own throwaway index and deletes it, with its build
// indexes (versions, pointer), afterwards. Without MEILI_URL the suite is skipped, with the reason printed.

import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { MeilisearchEngine } from '../../server/search/meilisearch/meilisearch-engine.ts';
import { deleteIndexesOf } from '../helpers/meilisearch.ts';
import { runSearchContract } from './search-contract.ts';

const url = process.env.MEILI_URL?.trim();

if (url) {
  const apiKey = process.env.MEILI_API_KEY?.trim() || undefined;
  const indexName = `contrepoint_contract_${Date.now()}_${randomBytes(4).toString('hex')}`;

  runSearchContract('meilisearch', async () => new MeilisearchEngine({ url, apiKey, indexName, timeoutMs: 30_000 }));

  after(async () => deleteIndexesOf({ url, apiKey }, indexName));
} else {
  test('search contract: meilisearch', { skip: 'MEILI_URL is not set: no Meilisearch server to test against (see docs/meilisearch.md)' }, () => {});
}
