// The shared search contract, run against the embedded engine (no server needed).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EmbeddedEngine } from '../../server/search/embedded/embedded-engine.ts';
import { fixtureDocuments } from './fixture-documents.ts';
import { runSearchContract } from './search-contract.ts';

runSearchContract('embedded', async () => new EmbeddedEngine({ cacheDir: null }));

// Beyond the shared contract: the embedded engine's OR matching lists the units that have only
// some of the words after those that have them all (Meilisearch's 'frequency' strategy may not).
test('embedded: when some units have all the words, then those with only some of them follow', async () => {
  const engine = new EmbeddedEngine({ cacheDir: null });
  await engine.reindex(fixtureDocuments);
  const ids = (await engine.search({ text: 'confiance journalistes' })).hits.map((h) => h.document.id);
  assert.equal(ids[0], 'rp-1');
  assert.deepEqual([...ids.slice(1)].sort(), ['rp-3', 'rp-5']);
  await engine.close();
});
