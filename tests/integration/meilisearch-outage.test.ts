// The Meilisearch adapter against servers that are not there: a port nobody listens on, and a
// local TCP server that accepts connections and never answers a byte. Neither imitates
// Meilisearch's API; they are the two ways a real server goes missing.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { MeilisearchEngine } from '../../server/search/meilisearch/meilisearch-engine.ts';
import { FIXTURE_DATA_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';
import { releasedPort } from '../helpers/free-port.ts';

/** Accepts every connection, reads what is sent, answers nothing. Counts the requests it saw. */
async function startSilentServer(): Promise<{ port: number; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => {
      // One HTTP request line per request on a kept-alive connection.
      requests += (chunk.toString('latin1').match(/^(GET|POST|PUT|PATCH|DELETE) /gm) ?? []).length;
    });
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    requests: () => requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('when Meilisearch accepts connections but never answers', () => {
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  let engine: MeilisearchEngine;
  let app: StartedApp;
  before(async () => {
    silent = await startSilentServer();
    engine = new MeilisearchEngine({
      url: `http://127.0.0.1:${silent.port}`,
      apiKey: 'test-key',
      indexName: 'units',
      timeoutMs: 300,
      failureThreshold: 3,
      probeIntervalMs: 60_000,
    });
    app = await startApp({ dataDir: FIXTURE_DATA_DIR, engine, reindex: false });
  });
  after(async () => {
    await app.close();
    await engine.close();
    await silent.close();
  });

  test('then, after a few timed-out searches, later searches answer 503 at once without asking the server', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${app.baseUrl}/api/search?q=stagiaire${i}`);
      assert.equal(response.status, 503);
      await response.text();
    }
    assert.equal(engine.circuitState, 'open');
    const seen = silent.requests();
    assert.ok(seen >= 3, `the first searches reached the server (${seen})`);
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${app.baseUrl}/api/search?q=community${i}`);
      assert.equal(response.status, 503);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'search_unavailable');
      assert.doesNotMatch(body.error.message, /127\.0\.0\.1|http:/);
    }
    assert.equal(silent.requests(), seen, 'no request reached the server while the breaker was open');
  });

  test('then the home page and the browse pages stay up on the catalog', async () => {
    for (const path of ['/', '/debates', '/speakers', '/questions']) {
      const response = await fetch(`${app.baseUrl}${path}`);
      assert.equal(response.status, 200, path);
      await response.text();
    }
  });
});

describe('when MEILI_URL carries credentials and the server is unreachable', () => {
  let engine: MeilisearchEngine;
  let app: StartedApp;
  let port: number;
  before(async () => {
    port = await releasedPort();
    engine = new MeilisearchEngine({ url: `http://admin:secret@127.0.0.1:${port}`, indexName: 'units', timeoutMs: 500, probeIntervalMs: 60_000 });
    app = await startApp({ dataDir: FIXTURE_DATA_DIR, engine, reindex: false });
  });
  after(async () => {
    await app.close();
    await engine.close();
  });

  for (const path of ['/healthz', '/api/search?q=stagiaire', '/search?q=stagiaire', '/api/compare?speaker=genaro&speaker=sandra']) {
    test(`then ${path} shows neither the credentials nor the server's address`, async () => {
      const response = await fetch(`${app.baseUrl}${path}`, { headers: { accept: path.startsWith('/search') ? 'text/html' : 'application/json' } });
      const text = await response.text();
      assert.ok(response.status >= 500, `${path} answered ${response.status}`);
      assert.doesNotMatch(text, /secret/);
      assert.doesNotMatch(text, /admin/);
      assert.doesNotMatch(text, new RegExp(`127\\.0\\.0\\.1:${port}`));
    });
  }
});
