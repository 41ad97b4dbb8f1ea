// keepTopFacetValues: how both adapters cut a long list of facet values.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepTopFacetValues } from '../../server/search/engine.ts';
import { toFacetCounts } from '../../server/search/meilisearch/request.ts';

test('when the values fit, then they are kept as they are', () => {
  const counts = { b: 1, a: 3 };
  assert.equal(keepTopFacetValues(counts, 2), counts);
});

test('when there are more values than wanted, then the most frequent are kept, ties by value, plus the selected', () => {
  const counts = { d: 1, c: 5, b: 5, a: 2, e: 1 };
  assert.deepEqual(keepTopFacetValues(counts, 2), { b: 5, c: 5 });
  assert.deepEqual(keepTopFacetValues(counts, 2, ['e', 'b', 'zz']), { b: 5, c: 5, e: 1 });
});

test('when Meilisearch answers more values than the query wants, then the adapter keeps the top ones', () => {
  const facets = toFacetCounts(['speaker'], { speaker: { x: 4, y: 0, z: 2, w: 1 } }, { max: 1, selected: { speaker: ['w'] } });
  assert.deepEqual(facets, { speaker: { x: 4, w: 1 } });
});
