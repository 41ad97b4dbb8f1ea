// The error middleware on its own: a small Express app whose routes throw, with no views folder,
// so the fallback page is what HTML clients get.

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, before, test } from 'node:test';
import express from 'express';
import { createErrorHandler, describeError, notFoundHandler } from '../../server/error-handler.ts';
import { BadRequestError, ConfigurationError, InvalidCorpusError, NotFoundError, SEARCH_UNAVAILABLE_MESSAGE, SearchUnavailableError } from '../../server/errors.ts';

const logged: string[] = [];
let server: Server;
let base: string;

before(async () => {
  const app = express();
  app.set('views', '/nonexistent-views-folder');
  app.set('view engine', 'ejs');
  app.get('/bad', () => {
    throw new BadRequestError('parameter "x" <b>is</b> wrong');
  });
  app.get('/unavailable', async () => {
    throw new SearchUnavailableError('engine down');
  });
  app.get('/config', () => {
    throw new ConfigurationError('MEILI_API_KEY=abc123 was refused');
  });
  app.get('/crash', () => {
    throw new TypeError('cannot read properties of undefined (secret)');
  });
  app.get('/string', () => {
    throw 'a thrown string';
  });
  app.get('/late', (_req, res) => {
    res.write('partial');
    throw new Error('after headers');
  });
  app.use(notFoundHandler);
  app.use(createErrorHandler({ info: () => {}, error: (message) => logged.push(message) }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function get(path: string, accept = 'text/html'): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`${base}${path}`, { headers: { accept } });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

test('when a BadRequestError reaches an HTML client and the view is missing, then a minimal escaped page says why', async () => {
  const res = await get('/bad');
  assert.equal(res.status, 400);
  assert.match(res.type, /text\/html/);
  assert.match(res.text, /parameter &quot;x&quot; &lt;b&gt;is&lt;\/b&gt; wrong/);
  assert.ok(!res.text.includes('<b>'));
});

test('when a JSON client gets an error, then the body has the error shape', async () => {
  const res = await get('/bad', 'application/json');
  assert.equal(res.status, 400);
  assert.deepEqual(JSON.parse(res.text), { error: { code: 'bad_request', message: 'parameter "x" <b>is</b> wrong' } });
});

test('when the engine is unavailable, then the answer is 503 with the public message, and the detail is logged', async () => {
  logged.length = 0;
  const res = await get('/unavailable', 'application/json');
  assert.equal(res.status, 503);
  assert.deepEqual(JSON.parse(res.text), { error: { code: 'search_unavailable', message: SEARCH_UNAVAILABLE_MESSAGE } });
  assert.ok(logged.some((line) => line.includes('engine down')), logged.join('\n'));
});

test('when a configuration error reaches a client, then its code stays but its message is hidden and logged', async () => {
  logged.length = 0;
  const res = await get('/config', 'application/json');
  assert.equal(res.status, 500);
  assert.deepEqual(JSON.parse(res.text), { error: { code: 'configuration', message: 'internal error' } });
  assert.ok(logged.some((line) => line.includes('abc123')), 'the operator sees the detail in the log');
});

test('when an unknown error is thrown, then a logged 500 hides its message, in JSON and HTML', async () => {
  logged.length = 0;
  const json = await get('/crash', 'application/json');
  assert.equal(json.status, 500);
  assert.deepEqual(JSON.parse(json.text), { error: { code: 'internal', message: 'internal error' } });
  const html = await get('/crash');
  assert.equal(html.status, 500);
  assert.ok(!html.text.includes('secret'));
  assert.equal(logged.length, 2);
  assert.match(logged[0]!, /GET \/crash -> 500: TypeError/);
  const thrown = await get('/string', 'application/json');
  assert.equal(thrown.status, 500);
});

test('when the answer had already started, then the connection ends and the server keeps serving', async () => {
  await fetch(`${base}/late`).then((r) => r.text()).catch(() => 'reset');
  const res = await get('/nowhere', 'application/json');
  assert.equal(res.status, 404);
  assert.equal(JSON.parse(res.text).error.code, 'not_found');
});

test('when errors are described, then statuses and codes follow their class', () => {
  assert.deepEqual(describeError(new NotFoundError('x')), { status: 404, code: 'not_found', message: 'x', log: false });
  assert.equal(describeError(new InvalidCorpusError([])).message, 'internal error');
  assert.deepEqual(describeError(Object.assign(new Error('too big'), { status: 413, type: 'entity.too.large', expose: true })), {
    status: 400,
    code: 'payload_too_large',
    message: 'request body too large (at most 16 kB)',
    log: false,
  });
  assert.equal(describeError(Object.assign(new Error('x'), { status: 503, expose: false })).status, 500);
  assert.equal(describeError(null).status, 500);
});
