import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../server/config.ts';
import { createSearchEngine } from '../../server/search/create-engine.ts';
import { EmbeddedEngine } from '../../server/search/embedded/embedded-engine.ts';
import { MeilisearchEngine } from '../../server/search/meilisearch/meilisearch-engine.ts';
import { releasedPort } from '../helpers/free-port.ts';

describe('createSearchEngine', () => {
  test('when MEILI_URL is not set, then the configuration gives the embedded engine', async () => {
    const engine = createSearchEngine(loadConfig({ INDEX_CACHE_DIR: '.cache/test-unused' }).engine);
    assert.ok(engine instanceof EmbeddedEngine);
    assert.equal(engine.name, 'embedded');
    await engine.close();
  });

  test('when MEILI_URL is set, then it gives the Meilisearch engine on that URL', async () => {
    const url = `http://127.0.0.1:${await releasedPort()}`;

    const engine = createSearchEngine(loadConfig({ MEILI_URL: url, MEILI_API_KEY: 'k', MEILI_TIMEOUT_MS: '1000' }).engine);
    assert.ok(engine instanceof MeilisearchEngine);
    assert.equal(engine.name, 'meilisearch');
    // Nothing listens there: the health's detail (for the logs) names the configured URL; its
    // message, which /healthz shows, does not.
    const health = await engine.health();
    assert.equal(health.ok, false);
    assert.match(health.detail ?? '', new RegExp(`Meilisearch at ${url} did not answer`));
    assert.doesNotMatch(health.message ?? '', /127\.0\.0\.1|http/);
    await engine.close();
  });
});
