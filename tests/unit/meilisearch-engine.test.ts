// The engine's pure helpers: build index names, which leftovers count as stale, task timeouts.
// The engine's calls to a server are tested by the contract suite when MEILI_URL is set.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DOCUMENT_BATCH_SIZE,
  STALE_BUILD_MS,
  batchTimeoutMs,
  buildIndexName,
  staleBuildIndexes,
} from '../../server/search/meilisearch/meilisearch-engine.ts';

describe('buildIndexName', () => {
  test('when a reindex starts, then its index is named after the live one and the time', () => {
    assert.equal(buildIndexName('units', new Date(1_700_000_000_000)), 'units_build_1700000000000');
    assert.match(buildIndexName('units'), /^units_build_\d{13}$/);
  });
});

describe('staleBuildIndexes', () => {
  const now = new Date(1_800_000_000_000);
  const at = (ms: number): string => `units_build_${ms}`;

  test('when build indexes are older than the limit, then they are stale, and younger ones are kept', () => {
    const old = at(now.getTime() - STALE_BUILD_MS - 1);
    const young = at(now.getTime() - 60_000);
    assert.deepEqual(staleBuildIndexes('units', [old, young], now), [old]);
  });

  test('when indexes are not our build indexes, then they are never stale', () => {
    const old = now.getTime() - STALE_BUILD_MS * 10;
    const uids = ['units', 'movies', `other_build_${old}`, `units_build_${old}x`, 'units_build_', `units_v2_build_${old}`];
    assert.deepEqual(staleBuildIndexes('units', uids, now), []);
  });

  test('when the live index name is a prefix of another index name, then the other is untouched', () => {
    const old = now.getTime() - STALE_BUILD_MS * 2;
    assert.deepEqual(staleBuildIndexes('units', [`units2_build_${old}`, `units_build_${old}`], now), [`units_build_${old}`]);
  });
});

describe('batchTimeoutMs', () => {
  test('when a batch is large, then it may take longer than a request, and never less', () => {
    assert.equal(batchTimeoutMs(0, 5000), 30_000);
    assert.ok(batchTimeoutMs(DOCUMENT_BATCH_SIZE, 5000) > batchTimeoutMs(10, 5000));
    assert.equal(batchTimeoutMs(10, 600_000), 600_000);
  });
});
