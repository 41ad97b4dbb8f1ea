// How the app behaves when the search engine is down or fails unexpectedly. The engines below are
// real SearchEngine implementations, simply out of order: no server is imitated.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SEARCH_UNAVAILABLE_MESSAGE, SearchUnavailableError } from '../../server/errors.ts';
import type { EngineHealth, IndexOpening, SearchEngine, SearchQuery, SearchResult } from '../../server/search/engine.ts';
import { FIXTURE_DATA_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';

/** An engine whose backend is unreachable: every search says so. */
class DownEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  async reindex(): Promise<void> {
    throw new SearchUnavailableError('the search engine is unreachable');
  }
  async search(_query: SearchQuery): Promise<SearchResult> {
    throw new SearchUnavailableError('the search engine is unreachable');
  }
  async similar(_unitId: string): Promise<SearchResult | null> {
    throw new SearchUnavailableError('the search engine is unreachable');
  }
  async multiSearch(_queries: readonly SearchQuery[]): Promise<SearchResult[]> {
    throw new SearchUnavailableError('the search engine is unreachable');
  }
  readonly servingDigest = null;
  async open(): Promise<IndexOpening> {
    throw new SearchUnavailableError('the search engine is unreachable');
  }
  digestOf(): string {
    return 'down';
  }
  async storedDigest(): Promise<string | null> {
    throw new SearchUnavailableError('the search engine is unreachable');
  }
  async health(): Promise<EngineHealth> {
    return { ok: false, engine: this.name, documents: 0, message: 'connection refused' };
  }
  async close(): Promise<void> {}
}

/** An engine with a bug: it throws an ordinary error carrying internal detail. */
class BrokenEngine extends DownEngine {
  override async search(): Promise<SearchResult> {
    throw new Error('secret internal detail at /srv/index.bin');
  }
  override async health(): Promise<EngineHealth> {
    throw new Error('health exploded');
  }
}

async function getJson(app: StartedApp, path: string): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const response = await fetch(`${app.baseUrl}${path}`);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as unknown, text };
}

describe('when the engine is unavailable', () => {
  let app: StartedApp;
  before(async () => {
    app = await startApp({ dataDir: FIXTURE_DATA_DIR, engine: new DownEngine(), reindex: false });
  });
  after(async () => app.close());

  test('when a search is made, then the answer is 503 with the error shape and Retry-After', async () => {
    const res = await getJson(app, '/api/search?q=stagiaire');
    assert.equal(res.status, 503);
    // The engine's own message is for the logs; the visitor gets the public one.
    assert.deepEqual(res.body, { error: { code: 'search_unavailable', message: SEARCH_UNAVAILABLE_MESSAGE } });
    assert.equal(res.headers.get('retry-after'), '5');
  });

  test('when a comparison is made, then the answer is 503 too', async () => {
    const res = await getJson(app, '/api/compare?speaker=genaro&speaker=sandra');
    assert.equal(res.status, 503);
    assert.equal((res.body as { error: { code: string } }).error.code, 'search_unavailable');
  });

  test('when /healthz is asked, then it answers 503 unavailable with the reason', async () => {
    const res = await getJson(app, '/healthz');
    assert.equal(res.status, 503);
    assert.deepEqual(res.body, { status: 'unavailable', engine: 'meilisearch', units: 0, message: 'connection refused' });
  });

  test('when the search page is asked for in HTML, then a 503 page says so', async () => {
    const response = await fetch(`${app.baseUrl}/search?q=stagiaire`, { headers: { accept: 'text/html' } });
    assert.equal(response.status, 503);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await response.text(), /503/);
  });

  test('when the catalog is browsed, then it still answers from the corpus', async () => {
    const res = await getJson(app, '/api/speakers/genaro');
    assert.equal(res.status, 200);
    assert.equal((res.body as { name: string }).name, 'Génaro');
  });
});

describe('when the engine fails unexpectedly', () => {
  let app: StartedApp;
  before(async () => {
    app = await startApp({ dataDir: FIXTURE_DATA_DIR, engine: new BrokenEngine(), reindex: false });
  });
  after(async () => app.close());

  test('when a search is made, then the answer is a 500 "internal error" that hides the message', async () => {
    const res = await getJson(app, '/api/search?q=x');
    assert.equal(res.status, 500);
    assert.deepEqual(res.body, { error: { code: 'internal', message: 'internal error' } });
    assert.ok(!res.text.includes('secret'));
  });

  test('when the health check throws, then /healthz answers 503 instead of failing', async () => {
    const res = await getJson(app, '/healthz');
    assert.equal(res.status, 503);
    assert.equal((res.body as { status: string }).status, 'unavailable');
  });

  test('when an error has happened, then the process keeps serving', async () => {
    await getJson(app, '/api/search?q=x');
    const res = await getJson(app, '/api/questions');
    assert.equal(res.status, 200);
  });
});
