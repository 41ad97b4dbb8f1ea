// What happens when things break: a corpus with errors, a reindex that fails half-way, a
// Meilisearch that is not there, and one that comes back. No Meilisearch answer is ever faked:
// the unreachable case uses a closed loopback port, and the recovery case needs a real server.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EmbeddedEngine } from '../../server/search/embedded/embedded-engine.ts';
import type { SearchDocument } from '../../server/search/engine.ts';
import { MeilisearchEngine } from '../../server/search/meilisearch/meilisearch-engine.ts';
import { deleteIndexesOf } from '../helpers/meilisearch.ts';
import { generateCorpus } from '../../scripts/bench/generate-corpus.ts';
import { BUNDLED_DATA_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';
import { releasedPort } from '../helpers/free-port.ts';
import { mainEnvironment, runMain } from '../helpers/run-main.ts';

describe('when the corpus has errors', () => {
  let dir: string;
  const debateFile = 'debates/narocast-0-community-management.md';
  let unitHeadingLine = 0;
  let speakerLine = 0;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-broken-'));
    await cp(BUNDLED_DATA_DIR, dir, { recursive: true });
    // Two independent errors in two files: an unknown speaker in a debate, a speaker without a name.
    const debatePath = path.join(dir, debateFile);
    const debate = await readFile(debatePath, 'utf8');
    const appended = `${debate.trimEnd()}\n\n## broken-unit-for-test\n- speaker: nobody-knows-this-speaker\n- kind: comment\n\nUn texte.\n`;
    unitHeadingLine = appended.split('\n').indexOf('## broken-unit-for-test') + 1;
    await writeFile(debatePath, appended);
    const speakersPath = path.join(dir, 'speakers.yaml');
    const speakers = await readFile(speakersPath, 'utf8');
    const withBroken = `${speakers.trimEnd()}\n\n- id: nameless-speaker\n  aliases: [x]\n`;
    speakerLine = withBroken.split('\n').indexOf('- id: nameless-speaker') + 1;
    await writeFile(speakersPath, withBroken);
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('when the site is started on it, then it exits non-zero and lists every problem as file:line', async () => {
    // A site that wrongly starts is stopped after a minute, so that the test fails rather than hangs.
    const { code, stdout, stderr } = await runMain(mainEnvironment({ LOG_LEVEL: 'error', DATA_DIR: dir, INDEX_CACHE_DIR: path.join(dir, '.cache') }), { timeoutMs: 60_000 });
    assert.notEqual(code, 0, `the site started on a broken corpus:\n${stdout}${stderr}`);
    assert.doesNotMatch(stdout, /Contrepoint on http/);
    const problems = stderr.split('\n').filter((line) => /:\d+: /.test(line));
    const debateProblem = problems.find((line) => line.includes(debateFile) && line.includes('nobody-knows-this-speaker'));
    assert.ok(debateProblem, `no file:line problem for the unknown speaker in:\n${stderr}`);
    const debateLine = Number(/\.md:(\d+):/.exec(debateProblem)?.[1]);
    // The unit's heading or its speaker attribute, the line just below it.
    assert.ok(debateLine === unitHeadingLine || debateLine === unitHeadingLine + 1, `line ${debateLine}, the unit starts at ${unitHeadingLine}`);
    const speakerProblem = problems.find((line) => line.includes('speakers.yaml'));
    assert.ok(speakerProblem, `no file:line problem for the nameless speaker in:\n${stderr}`);
    const reportedSpeakerLine = Number(/speakers\.yaml:(\d+):/.exec(speakerProblem)?.[1]);
    assert.ok(reportedSpeakerLine >= speakerLine && reportedSpeakerLine <= speakerLine + 1, `line ${reportedSpeakerLine}, the entry starts at ${speakerLine}`);
  });
});

describe('when a reindex fails on the embedded engine', () => {
  const { documents } = generateCorpus({ units: 400, seed: 11 });
  const word = (documents[0]?.text.split(/[^\p{L}]+/u).find((w) => w.length >= 5) ?? '').toLowerCase();

  test('when the progress callback throws, then the reindex rejects and the previous index keeps answering', async () => {
    const engine = new EmbeddedEngine({ cacheDir: null });
    try {
      await engine.reindex(documents);
      const before = await engine.search({ text: word });
      assert.ok(before.total > 0, `"${word}" should be found`);
      const smaller = documents.slice(0, 50);
      await assert.rejects(
        engine.reindex(smaller, () => {
          throw new Error('disk full, say');
        }),
        /disk full/,
      );
      const afterFailure = await engine.search({ text: word });
      assert.equal(afterFailure.total, before.total);
      assert.deepEqual(afterFailure.hits.map((h) => h.document.id), before.hits.map((h) => h.document.id));
      const health = await engine.health();
      assert.equal(health.ok, true);
      assert.equal(health.documents, documents.length);
    } finally {
      await engine.close();
    }
  });

  test('when a document is not a document at all, then the reindex rejects and the old index still serves the app', async () => {
    const engine = new EmbeddedEngine({ cacheDir: null });
    const app = await startApp({ engine });
    try {
      const first = await fetch(`${app.baseUrl}/api/search?q=stagiaire`);
      const firstBody = (await first.json()) as { total: number };
      assert.equal(first.status, 200);
      assert.ok(firstBody.total > 0);
      const broken = [...documents.slice(0, 10), null as unknown as SearchDocument];
      await assert.rejects(engine.reindex(broken));
      const second = await fetch(`${app.baseUrl}/api/search?q=stagiaire`);
      assert.equal(second.status, 200);
      assert.equal(((await second.json()) as { total: number }).total, firstBody.total);
      assert.equal((await fetch(`${app.baseUrl}/healthz`)).status, 200);
    } finally {
      await app.close();
      await engine.close();
    }
  });
});

describe('when Meilisearch is unreachable (MEILI_URL on a closed loopback port)', () => {
  let app: StartedApp;
  let engine: MeilisearchEngine;
  before(async () => {
    const port = await releasedPort();
    engine = new MeilisearchEngine({ url: `http://127.0.0.1:${port}`, apiKey: 'unused', indexName: 'contrepoint_closed_port', timeoutMs: 2000 });
    app = await startApp({ engine, reindex: false });
  });
  after(async () => {
    await app.close();
    await engine.close();
  });

  test('when /api/search is asked, then it answers 503 with a clear message', async () => {
    const response = await fetch(`${app.baseUrl}/api/search?q=stagiaire`);
    assert.equal(response.status, 503);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'search_unavailable');
    assert.ok(body.error.message.length > 10, body.error.message);
  });

  test('when the /search page is asked, then it answers a 503 page that says search is unavailable', async () => {
    const response = await fetch(`${app.baseUrl}/search?q=stagiaire`, { headers: { accept: 'text/html' } });
    assert.equal(response.status, 503);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await response.text(), /503|indisponible|unavailable/i);
  });

  test('when /healthz is asked, then it answers 503', async () => {
    const response = await fetch(`${app.baseUrl}/healthz`);
    assert.equal(response.status, 503);
    const body = (await response.json()) as { status: string };
    assert.equal(body.status, 'unavailable');
  });
});

/** A loopback TCP proxy we can close and reopen on the same port, to cut a real Meilisearch off. */
class TcpProxy {
  #server: Server | undefined;
  #sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: URL) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 80), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.#server = server;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('when Meilisearch goes away and comes back', () => {
  const meiliUrl = process.env.MEILI_URL;
  const skip = meiliUrl ? false : 'MEILI_URL is not set: recovery needs a real Meilisearch behind the proxy';

  test('when the proxy closes then reopens, then search answers 503 then 200 without a restart', { skip }, async () => {
    const proxy = new TcpProxy(new URL(meiliUrl as string));
    await proxy.open();
    const indexName = `contrepoint_recovery_${process.pid}`;
    const engine = new MeilisearchEngine({ url: `http://127.0.0.1:${proxy.port}`, apiKey: process.env.MEILI_API_KEY, indexName, timeoutMs: 3000 });
    let app: StartedApp | undefined;
    try {
      app = await startApp({ engine });
      const up = await fetch(`${app.baseUrl}/api/search?q=stagiaire`);
      assert.equal(up.status, 200);
      await proxy.close();
      const down = await fetch(`${app.baseUrl}/api/search?q=stagiaire`);
      assert.equal(down.status, 503);
      assert.equal((await fetch(`${app.baseUrl}/healthz`)).status, 503);
      await proxy.open();
      const back = await fetch(`${app.baseUrl}/api/search?q=stagiaire`);
      assert.equal(back.status, 200);
      assert.ok(((await back.json()) as { total: number }).total > 0);
      assert.equal((await fetch(`${app.baseUrl}/healthz`)).status, 200);
    } finally {
      await app?.close();
      await engine.close();
      await proxy.close();
      // Leave the real server as we found it.
      await deleteIndexesOf({ url: meiliUrl as string, apiKey: process.env.MEILI_API_KEY }, indexName).catch(() => undefined);
    }
  });
});
