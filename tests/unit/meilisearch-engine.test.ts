// The engine's pure helpers: version and pointer index names, which leftovers count as stale, task timeouts.
// The engine's calls to a server are tested by the contract suite when MEILI_URL is set.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DOCUMENT_BATCH_SIZE,
  STALE_BUILD_MS,
  batchTimeoutMs,
  obsoleteIndexes,
  pointerIndexName,
  versionIndexName,
} from '../../server/search/meilisearch/meilisearch-engine.ts';

describe('versionIndexName and pointerIndexName', () => {
  test('when a reindex starts, then its version is named after the configured index and the time', () => {
    assert.equal(versionIndexName('units', new Date(1_700_000_000_000)), 'units_v_1700000000000');
    assert.match(versionIndexName('units'), /^units_v_\d{13}$/);
    assert.equal(pointerIndexName('units'), 'units_live');
  });
});

describe('obsoleteIndexes', () => {
  const now = new Date(1_800_000_000_000);

  test('when versions are neither live nor the previous one, then they are obsolete, and the kept ones are not', () => {
    const uids = ['units_v_1', 'units_v_2', 'units_v_3', 'units_live', 'units'];
    assert.deepEqual(obsoleteIndexes('units', uids, ['units_v_3', 'units_v_2'], now), ['units_v_1']);
  });

  test('when legacy build indexes are older than the limit, then they are obsolete, and younger ones are kept', () => {
    const old = `units_build_${now.getTime() - STALE_BUILD_MS - 1}`;
    const young = `units_build_${now.getTime() - 60_000}`;
    assert.deepEqual(obsoleteIndexes('units', [old, young], [], now), [old]);
  });

  test('when indexes belong to another name or are not ours, then they are never obsolete', () => {
    const old = now.getTime() - STALE_BUILD_MS * 10;
    const uids = ['units', 'movies', 'units_live', `other_build_${old}`, `units_build_${old}x`, 'units_build_', 'units2_v_5', 'units_v_5x', `units_v2_build_${old}`];
    assert.deepEqual(obsoleteIndexes('units', uids, [], now), []);
  });

  test('when the configured name holds a hyphen, then only its own versions match', () => {
    assert.deepEqual(obsoleteIndexes('my-units', ['my-units_v_1', 'myXunits_v_1'], [], now), ['my-units_v_1']);
  });
});

describe('batchTimeoutMs', () => {
  test('when a batch is large, then it may take longer than a request, and never less', () => {
    assert.equal(batchTimeoutMs(0, 5000), 30_000);
    assert.ok(batchTimeoutMs(DOCUMENT_BATCH_SIZE, 5000) > batchTimeoutMs(10, 5000));
    assert.equal(batchTimeoutMs(10, 600_000), 600_000);
  });
});
