// What every request to Meilisearch carries, read off the wire: a socket on loopback that records
// the bytes it receives and never answers, so each request fails as unavailable (no test pretends
// that a Meilisearch server answered). The live half, against a real server, is in
// tests/integration/meilisearch-live.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SearchUnavailableError } from '../../server/errors.ts';
import { MEILISEARCH_REQUEST_HEADERS, meilisearchClient } from '../../server/search/meilisearch/client.ts';
import { MeilisearchEngine } from '../../server/search/meilisearch/meilisearch-engine.ts';
import { startSocketServer, type SocketServer } from '../helpers/socket-server.ts';

/** The request heads received, one string per request, names lower-cased as HTTP allows. */
function headerLines(raw: string): string[] {
  return raw
    .split('\r\n\r\n')[0]!
    .split('\r\n')
    .slice(1)
    .map((line) => line.toLowerCase());
}

describe('Meilisearch requests as sent', () => {
  let recorder: SocketServer;
  let url = '';
  const received: string[] = [];

  before(async () => {
    recorder = await startSocketServer((socket) => {
      let raw = '';
      socket.on('data', (chunk: Buffer) => {
        raw += chunk.toString('latin1');
        if (raw.includes('\r\n\r\n')) {
          received.push(raw);
          // No answer: the connection ends, the client sees a failed request.
          socket.destroy();
        }
      });
    });
    url = recorder.url;
  });

  after(async () => {
    await recorder.close();
  });

  test('when the engine searches, then the request asks for an uncompressed answer (a compressed one is written in two parts and waits on delayed acknowledgements)', async () => {
    received.length = 0;
    const engine = new MeilisearchEngine({ url, indexName: 'units', timeoutMs: 1000, failureThreshold: 100 });
    try {
      await assert.rejects(engine.search({ text: 'stagiaire' }), SearchUnavailableError);
      await assert.rejects(engine.multiSearch([{ text: 'stagiaire' }, { text: 'rp' }]), SearchUnavailableError);
    } finally {
      await engine.close();
    }
    assert.ok(received.length >= 2, `requests reached the socket (${received.length})`);
    for (const request of received) {
      const lines = headerLines(request);
      const encodings = lines.filter((line) => line.startsWith('accept-encoding:'));
      assert.deepEqual(encodings, ['accept-encoding: identity'], `one accept-encoding header, identity, in:\n${lines.join('\n')}`);
    }
  });

  test('when any client is made for Contrepoint, then it sends the same headers, beside its own', async () => {
    received.length = 0;
    const client = meilisearchClient({ host: url, apiKey: 'a-key-for-the-test', timeoutMs: 1000 });
    await assert.rejects(client.health());
    assert.equal(received.length, 1);
    const lines = headerLines(received[0]!);
    for (const [name, value] of Object.entries(MEILISEARCH_REQUEST_HEADERS)) assert.ok(lines.includes(`${name.toLowerCase()}: ${value}`), `${name} sent`);
    assert.ok(lines.includes('authorization: bearer a-key-for-the-test'), 'the key is still sent');
  });
});
