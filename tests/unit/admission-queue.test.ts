// The admission queue (server/http-server.ts) starts a waiting request's handlers from another
// request's 'finish'. Each must still run in its own async context: the site pins the corpus and
// engine of a request with AsyncLocalStorage (server/site-state.ts), and a handler started in the
// context of the request that freed its place would serve that request's pinned pair.

import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import express from 'express';
import { admissionQueue, createHttpServer } from '../../server/http-server.ts';
import { loadConfig } from '../../server/config.ts';

describe('admission queue and async context', () => {
  it('when requests wait their turn, then each handler sees the context its own request was pinned to', async () => {
    const pinned = new AsyncLocalStorage<string>();
    const app = express();
    // As app.ts does with deps.pinRequest: the context is set before the queue.
    app.use((req, _res, next) => pinned.run(String(req.query.id), () => next()));
    app.use(admissionQueue(1));
    app.get('/work', async (req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      res.json({ asked: req.query.id, pinned: pinned.getStore() });
    });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' });
    const server = createHttpServer(app, config.http).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const ids = Array.from({ length: 8 }, (_, i) => `r${i}`);
      const answers = await Promise.all(ids.map(async (id) => (await fetch(`${base}/work?id=${id}`)).json() as Promise<{ asked: string; pinned: string }>));
      for (const answer of answers) assert.equal(answer.pinned, answer.asked, `request ${answer.asked} ran in the context of ${answer.pinned}`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
