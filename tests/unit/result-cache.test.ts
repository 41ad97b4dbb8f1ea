// The embedded engine's cache of answers: same query, same answer; a reindex never serves an old one.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SearchDocument, SearchResult } from '../../server/search/engine.ts';
import { EmbeddedEngine } from '../../server/search/embedded/embedded-engine.ts';
import { ResultCache, resultCacheKey } from '../../server/search/embedded/result-cache.ts';
import { fixtureDocuments } from '../contract/fixture-documents.ts';

const result = (query: string): SearchResult => ({ query, total: 0, page: 1, limit: 20, hits: [], facets: {}, tookMs: 1 });

test('when two queries differ only in the order of filter values, then they share a key; otherwise not', () => {
  const a = resultCacheKey({ text: 'cm', filters: { speaker: ['b', 'a'] } });
  assert.equal(a, resultCacheKey({ text: 'cm', filters: { speaker: ['a', 'b'] } }));
  assert.notEqual(a, resultCacheKey({ text: 'cm', filters: { speaker: ['a', 'b'] }, page: 2 }));
  assert.notEqual(a, resultCacheKey({ text: 'cm ', filters: { speaker: ['a', 'b'] } }));
});

test('when the cache is full, then the least recently used answer goes first', () => {
  const cache = new ResultCache(2);
  let computed = 0;
  const ask = (q: string) => cache.answer({ text: q }, () => (computed++, result(q)));
  ask('a');
  ask('b');
  ask('a'); // a is now the most recent
  ask('c'); // evicts b
  assert.equal(computed, 3);
  ask('a');
  assert.equal(computed, 3, 'a was kept');
  ask('b');
  assert.equal(computed, 4, 'b had been evicted');
  assert.equal(cache.size, 2);
});

test('when an answer is cached, then it is frozen so that no caller can change what others get', () => {
  const cache = new ResultCache(2);
  const answer = cache.answer({ text: 'x' }, () => result('x'));
  assert.throws(() => (answer.hits as unknown[]).push(1));
});

test('when the engine is reindexed, then a repeated query is answered from the new documents', async () => {
  const engine = new EmbeddedEngine();
  await engine.reindex(fixtureDocuments);
  const before = await engine.search({ text: 'zygomatique' });
  assert.equal(before.total, 0);
  const extra: SearchDocument = { ...(fixtureDocuments[0] as SearchDocument), id: 'extra-1', text: 'Un sourire zygomatique.' };
  await engine.reindex([...fixtureDocuments, extra]);
  const after = await engine.search({ text: 'zygomatique' });
  assert.deepEqual(after.hits.map((h) => h.document.id), ['extra-1']);
  const again = await engine.search({ text: 'zygomatique' });
  assert.deepEqual(again.hits.map((h) => h.document.id), ['extra-1']);
});
