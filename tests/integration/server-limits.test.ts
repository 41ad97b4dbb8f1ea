// Issue 11, findings 3, 6 and 12: the HTTP server's limits are set deliberately (a real slow
// client on loopback is cut off within seconds), `npm start` serves as in production, and the
// small API inconsistencies (OPTIONS, unsupported charset) are gone.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../server/app.ts';
import { loadConfig, type HttpLimits } from '../../server/config.ts';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { createHttpServer } from '../../server/http-server.ts';
import { silentLogger } from '../../server/logger.ts';
import { createSearchEngine } from '../../server/search/create-engine.ts';
import { toSearchDocuments } from '../../server/search/documents.ts';
import { FIXTURE_DATA_DIR, ROOT_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';

const LIMITS: HttpLimits = { requestTimeoutMs: 1500, headersTimeoutMs: 1000, keepAliveTimeoutMs: 1000, maxConnections: 3, maxActiveRequests: 2 };

async function startLimited(limits: HttpLimits): Promise<{ port: number; server: Server }> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', DATA_DIR: FIXTURE_DATA_DIR }, { http: limits });
  const { index } = await loadValidCorpus(FIXTURE_DATA_DIR);
  const engine = createSearchEngine({ kind: 'embedded', cacheDir: null });
  await engine.reindex(toSearchDocuments(index));
  const server = createHttpServer(createApp({ config, engine, corpus: index, logger: silentLogger }), config.http);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

/** Opens a connection, writes `head`, then one byte of `trickle` every `everyMs` until the server closes. */
function slowClient(port: number, head: string, trickle: string, everyMs: number): Promise<{ closedAfterMs: number; received: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let received = '';
    let at = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (!socket.writable) return;
        socket.write(trickle[at % trickle.length] ?? ' ');
        at++;
      }, everyMs);
    });
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ closedAfterMs: performance.now() - started, received });
    });
    // A server without limits would keep the connection for minutes: fail instead of hanging.
    setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error('the server kept the trickling connection open for 15 s'));
    }, 15_000).unref();
  });
}

describe('server limits (finding 3)', () => {
  let server: Server;
  let port: number;
  before(async () => {
    ({ server, port } = await startLimited(LIMITS));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('when a client trickles a request body, then it is cut off soon after the request timeout', async () => {
    const head = 'POST /api/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n';
    const { closedAfterMs, received } = await slowClient(port, head, '{"q":"x"', 100);
    assert.ok(closedAfterMs < LIMITS.requestTimeoutMs + 2000, `closed after ${Math.round(closedAfterMs)} ms`);
    assert.ok(closedAfterMs >= LIMITS.requestTimeoutMs - 200, `closed too early (${Math.round(closedAfterMs)} ms)`);
    assert.match(received, /^HTTP\/1\.1 408/);
  });

  it('when a client trickles its headers (slowloris), then it is cut off soon after the headers timeout', async () => {
    const { closedAfterMs } = await slowClient(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: aaaaaaaaaa\r\n', 50);
    assert.ok(closedAfterMs < LIMITS.headersTimeoutMs + 2000, `closed after ${Math.round(closedAfterMs)} ms`);
  });

  it('when more clients connect than maxConnections, then the extra ones are closed at once', async () => {
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < LIMITS.maxConnections; i++) {
        const socket = connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        await new Promise((resolve) => socket.once('connect', resolve));
        sockets.push(socket);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      const extra = connect(port, '127.0.0.1');
      sockets.push(extra);
      extra.on('error', () => undefined);
      const closed = await new Promise<boolean>((resolve) => {
        extra.once('close', () => resolve(true));
        setTimeout(() => resolve(false), 1000);
      });
      assert.ok(closed, 'the connection over the cap stayed open');
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('when nothing is configured, then the limits are the documented ones, not Node defaults', () => {
    const { http } = loadConfig({});
    assert.deepEqual(http, { requestTimeoutMs: 10_000, headersTimeoutMs: 5_000, keepAliveTimeoutMs: 5_000, maxConnections: 1_000, maxActiveRequests: 2 });
    assert.throws(() => loadConfig({ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' }), /HEADERS_TIMEOUT_MS/);
  });
});

describe('npm start (finding 6)', () => {
  it('when the site is started with `npm start`, then it runs in production mode with the template cache on', async () => {
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT_DIR,
      env: { ...process.env, NODE_ENV: '', MEILI_URL: '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: FIXTURE_DATA_DIR, INDEX_CACHE_DIR: '', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm start did not report its mode: ${stdout}`)), 60_000);
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (/mode \w+/.test(stdout)) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('close', () => reject(new Error(`npm start ended: ${stdout}`)));
      });
      assert.match(stdout, /mode production \(template cache on\)/);
    } finally {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    }
  });
});

describe('API consistency (finding 12)', () => {
  let app: StartedApp;
  before(async () => {
    app = await startApp({ dataDir: FIXTURE_DATA_DIR });
  });
  after(async () => {
    await app.close();
  });

  for (const pathname of ['/healthz', '/api/search', '/api/units/alice-pre', '/search', '/debates/narocast-0']) {
    it(`when OPTIONS ${pathname} is asked, then it answers 200 with Allow: GET, HEAD`, async () => {
      const response = await fetch(`${app.baseUrl}${pathname}`, { method: 'OPTIONS' });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('allow'), 'GET, HEAD');
    });
  }

  it('when a request body declares an unsupported charset, then the answer is a 400 with the reason, as the API promises', async () => {
    const response = await fetch(`${app.baseUrl}/api/search`, { method: 'POST', headers: { 'content-type': 'application/json; charset=latin-9' }, body: '{}' });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'bad_request');
    assert.match(body.error.message, /charset/);
  });
});
