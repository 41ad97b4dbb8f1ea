import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../server/config.ts';

test('when PUBLIC_BASE_URL is unset, then permalinks fall back to the listening address (null)', () => {
  assert.equal(loadConfig({}).publicBaseUrl, null);
  assert.equal(loadConfig({ PUBLIC_BASE_URL: '  ' }).publicBaseUrl, null);
});

test('when PUBLIC_BASE_URL is an http(s) URL, then it is kept without its trailing slash', () => {
  assert.equal(loadConfig({ PUBLIC_BASE_URL: 'https://contrepoint.example/' }).publicBaseUrl, 'https://contrepoint.example');
  assert.equal(loadConfig({ PUBLIC_BASE_URL: 'http://localhost:3000/kb//' }).publicBaseUrl, 'http://localhost:3000/kb');
});

test('when PUBLIC_BASE_URL is not an http(s) URL or carries a query, then the configuration is refused naming it', () => {
  for (const value of ['javascript:alert(1)', 'contrepoint.example', 'https://x.example/?a=1', 'https://x.example/#top', 'ftp://x.example']) {
    assert.throws(() => loadConfig({ PUBLIC_BASE_URL: value }), (error: unknown) => error instanceof ConfigError && /PUBLIC_BASE_URL/.test(error.message), value);
  }
});

test('when INDEX_CACHE_DIR is empty, then the embedded engine keeps no snapshot (never one in the working directory)', () => {
  assert.deepEqual(loadConfig({ INDEX_CACHE_DIR: '' }).engine, { kind: 'embedded', cacheDir: null });
  const engine = loadConfig({ INDEX_CACHE_DIR: 'somewhere' }).engine;
  assert.ok(engine.kind === 'embedded' && engine.cacheDir?.endsWith('somewhere'));
});
