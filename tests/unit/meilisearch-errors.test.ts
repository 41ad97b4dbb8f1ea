// The error mapping, fed with the client's own error classes: either thrown for real by the client
// (nothing listening, a socket that never answers, a malformed host) or built the way the client
// builds them in its http-requests.ts. No test pretends that a Meilisearch server answered.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchError,
  MeilisearchRequestError,
  MeilisearchTaskTimeOutError,
  type MeilisearchErrorResponse,
  type Task,
} from 'meilisearch';
import { AppError, BadRequestError, ConfigurationError, SearchUnavailableError } from '../../server/errors.ts';
import { displayUrl, taskFailure, toEngineError } from '../../server/search/meilisearch/errors.ts';
import { MeilisearchEngine } from '../../server/search/meilisearch/meilisearch-engine.ts';
import { releasedPort } from '../helpers/free-port.ts';
import { startSocketServer, type SocketServer } from '../helpers/socket-server.ts';

function apiError(status: number, body: MeilisearchErrorResponse | undefined): MeilisearchApiError {
  const response = new Response(body ? JSON.stringify(body) : '', { status, statusText: status === 403 ? 'Forbidden' : 'Error' });
  return new MeilisearchApiError(response, body);
}

function body(code: string, message: string): MeilisearchErrorResponse {
  return { code, message, type: 'invalid_request', link: `https://docs.meilisearch.com/errors#${code}` };
}

const context = { url: 'http://127.0.0.1:7700', indexName: 'units' };

describe('toEngineError with network failures', () => {
  let url = '';
  let silent: SocketServer;
  let silentUrl = '';

  before(async () => {
    url = `http://127.0.0.1:${await releasedPort()}`;
    // Accepts connections and never writes a byte: the client's request timeout must fire.
    silent = await startSocketServer();
    silentUrl = silent.url;
  });

  after(async () => {
    await silent.close();
  });

  test('when nothing listens at the URL, then the real client error maps to unavailable, naming the URL and the refusal', async () => {
    const client = new Meilisearch({ host: url, timeout: 2000 });
    const error = await client.health().then(
      () => assert.fail('nothing listens there'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof MeilisearchRequestError);
    const mapped = toEngineError(error, { url, indexName: 'units' });
    assert.ok(mapped instanceof SearchUnavailableError);
    assert.equal(mapped.message, `search unavailable: Meilisearch at ${url} did not answer (connection refused)`);
    assert.equal((mapped as AppError).status, 503);
    assert.equal(mapped.cause, error);
  });

  test('when the server accepts but never answers, then the request timeout maps to unavailable with the timeout', async () => {
    const client = new Meilisearch({ host: silentUrl, timeout: 150 });
    const started = performance.now();
    const error = await client.health().then(
      () => assert.fail('the socket never answers'),
      (e: unknown) => e,
    );
    assert.ok(performance.now() - started < 2000, 'the timeout fired');
    const mapped = toEngineError(error, { url: silentUrl, indexName: 'units' });
    assert.ok(mapped instanceof SearchUnavailableError);
    assert.equal(mapped.message, `search unavailable: Meilisearch at ${silentUrl} did not answer (timed out after 150 ms)`);
  });

  test('when the host name does not resolve, then the DNS failure is named', () => {
    // The shape Node's fetch rejects with, wrapped as http-requests.ts wraps it.
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND meili.invalid'), { code: 'ENOTFOUND', hostname: 'meili.invalid' });
    const error = new MeilisearchRequestError('http://meili.invalid:7700/health', new TypeError('fetch failed', { cause: dns }));
    const mapped = toEngineError(error, { url: 'http://meili.invalid:7700', indexName: 'units' });
    assert.ok(mapped instanceof SearchUnavailableError);
    assert.match(mapped.message, /^search unavailable: Meilisearch at http:\/\/meili\.invalid:7700 did not answer \(host not found\)$/);
  });

  test('when every address of a host refuses, then the aggregate error is read', () => {
    const refused = (address: string): Error => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
    const aggregate = new AggregateError([refused('::1:7700'), refused('127.0.0.1:7700')]);
    const error = new MeilisearchRequestError('http://localhost:7700/health', new TypeError('fetch failed', { cause: aggregate }));
    assert.match(toEngineError(error, context).message, /did not answer \(connection refused\)$/);
  });

  test('when the request was aborted, then it says so', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    const error = new MeilisearchRequestError('http://127.0.0.1:7700/health', abort);
    assert.match(toEngineError(error, context).message, /did not answer \(request aborted\)$/);
  });

  test('when a task is not done in time, then it is unavailable with the task and the timeout', () => {
    const mapped = toEngineError(new MeilisearchTaskTimeOutError(12, 5000), context);
    assert.ok(mapped instanceof SearchUnavailableError);
    assert.match(mapped.message, /did not finish task 12 within 5000 ms/);
  });
});

describe('toEngineError with API errors', () => {
  test('when the API key is wrong, then it is a configuration error naming MEILI_API_KEY', () => {
    const mapped = toEngineError(apiError(403, body('invalid_api_key', 'The provided API key is invalid.')), context);
    assert.ok(mapped instanceof ConfigurationError);
    assert.match(mapped.message, /MEILI_API_KEY/);
    assert.match(mapped.message, /http:\/\/127\.0\.0\.1:7700/);
  });

  test('when no API key was sent, then it is a configuration error asking for MEILI_API_KEY', () => {
    const mapped = toEngineError(apiError(401, body('missing_authorization_header', 'The Authorization header is missing.')), context);
    assert.ok(mapped instanceof ConfigurationError);
    assert.equal(mapped.message, 'Meilisearch at http://127.0.0.1:7700 requires an API key: set MEILI_API_KEY');
  });

  test('when the index does not exist, then it is unavailable and tells to run npm run index', () => {
    const mapped = toEngineError(apiError(404, body('index_not_found', 'Index `units` not found.')), context);
    assert.ok(mapped instanceof SearchUnavailableError);
    assert.match(mapped.message, /index "units" does not exist/);
    assert.match(mapped.message, /npm run index/);
  });

  test('when another API error comes back, then it is unavailable with its status, message and code', () => {
    const mapped = toEngineError(apiError(400, body('invalid_search_filter', 'Attribute `x` is not filterable.')), context);
    assert.ok(mapped instanceof SearchUnavailableError);
    assert.match(mapped.message, /answered 400: Attribute `x` is not filterable\. \(invalid_search_filter\)$/);
  });

  test('when an error response has no body (a proxy in front), then the status is reported', () => {
    const mapped = toEngineError(apiError(502, undefined), context);
    assert.ok(mapped instanceof SearchUnavailableError);
    assert.match(mapped.message, /answered 502: 502: Error$/);
  });
});

describe('toEngineError with other errors', () => {
  test('when the host is malformed, then the real client error is a configuration error naming MEILI_URL', () => {
    let thrown: unknown;
    try {
      new Meilisearch({ host: 'http://[not a host' });
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown instanceof MeilisearchError);
    const mapped = toEngineError(thrown, { url: 'http://[not a host', indexName: 'units' });
    assert.ok(mapped instanceof ConfigurationError);
    assert.match(mapped.message, /MEILI_URL/);
  });

  test('when something that is not Meilisearch answers with HTML, then the JSON error says to check MEILI_URL', () => {
    let thrown: unknown;
    try {
      JSON.parse('<!doctype html><title>It works</title>');
    } catch (error) {
      thrown = error;
    }
    const mapped = toEngineError(thrown, context);
    assert.ok(mapped instanceof SearchUnavailableError);
    assert.match(mapped.message, /did not answer like Meilisearch \(check MEILI_URL\)/);
  });

  test('when the error is already ours or a bug, then it passes through unchanged', () => {
    const ours = new BadRequestError('bad');
    assert.equal(toEngineError(ours, context), ours);
    const bug = new TypeError('x is undefined');
    assert.equal(toEngineError(bug, context), bug);
    assert.equal(toEngineError('text', context).message, 'text');
  });

  test('when the URL holds credentials, then messages never show them', () => {
    assert.equal(displayUrl('http://admin:secret@meili.example:7700/'), 'http://meili.example:7700');
    const mapped = toEngineError(apiError(404, body('index_not_found', 'x')), { url: 'https://u:p@h.example', indexName: 'units' });
    assert.ok(!mapped.message.includes('p@'), mapped.message);
  });

  test('when a task failed, then its error code and message are in ours', () => {
    const task = {
      uid: 7,
      batchUid: 3,
      indexUid: 'units_build_1',
      status: 'failed',
      type: 'documentAdditionOrUpdate',
      canceledBy: null,
      error: body('invalid_document_id', 'Document identifier `a b` is invalid.'),
      duration: 'PT0.1S',
      enqueuedAt: '2026-01-01T00:00:00Z',
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:00:00Z',
    } satisfies Task;
    const error = taskFailure(task, 'index documents 1 to 2', context);
    assert.ok(error instanceof SearchUnavailableError);
    assert.equal(
      error.message,
      'search unavailable: Meilisearch at http://127.0.0.1:7700 could not index documents 1 to 2: Document identifier `a b` is invalid. (invalid_document_id)',
    );
    assert.match(taskFailure({ ...task, status: 'canceled', error: null }, 'swap', context).message, /task 7 ended as canceled/);
  });
});

describe('MeilisearchEngine without a server', () => {
  test('when nothing listens, then search, multiSearch and reindex reject as unavailable and health reports it', async () => {
    const url = `http://127.0.0.1:${await releasedPort()}`;
    const engine = new MeilisearchEngine({ url, indexName: 'units', timeoutMs: 2000 });
    const started = performance.now();
    await assert.rejects(engine.search({ text: 'x' }), (e: unknown) => e instanceof SearchUnavailableError && e.message.includes(url));
    await assert.rejects(engine.multiSearch([{ text: 'x' }, { text: 'y' }]), SearchUnavailableError);
    await assert.rejects(engine.reindex([]), /did not answer \(connection refused\)/);
    const health = await engine.health();
    assert.equal(health.ok, false);
    assert.equal(health.engine, 'meilisearch');
    assert.equal(health.documents, 0);
    assert.match(health.message ?? '', /did not answer/);
    assert.ok(performance.now() - started < 5000, 'fails fast');
    assert.deepEqual(await engine.multiSearch([]), [], 'no queries, no request');
    await engine.close();
  });

  test('when the URL is malformed, then the engine refuses to be built with a configuration error', () => {
    assert.throws(() => new MeilisearchEngine({ url: 'http://[bad', indexName: 'units', timeoutMs: 1000 }), ConfigurationError);
  });
});
