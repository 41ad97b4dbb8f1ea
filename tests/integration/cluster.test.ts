// server/main.ts with WEB_CONCURRENCY=2 (server/cluster.ts): two worker processes on one port,
// started one after the other so that the second finds the index the first built; a corpus with
// errors stops the site once; SIGTERM stops every worker.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { mainEnvironment, runMain, type MainRun } from '../helpers/run-main.ts';
import { FIXTURE_DATA_DIR } from '../helpers/start-app.ts';

let tmp: string;

before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-cluster-'));
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Starts main.ts with two workers; `onStdout` sees the output so far and may stop the site. */
function runTwoWorkers(extra: Record<string, string>, onStdout?: (text: string, stop: () => void) => void): Promise<MainRun> {
  const env = mainEnvironment({ NODE_ENV: 'production', WEB_CONCURRENCY: '2', INDEX_CACHE_DIR: path.join(tmp, 'cache'), ...extra });
  return runMain(env, { timeoutMs: 60_000, ...(onStdout ? { onStdout } : {}) });
}

test('when WEB_CONCURRENCY=2, then two workers share the port, the second reuses the index the first built, and SIGTERM stops both', async () => {
  const answers: unknown[] = [];
  let checking = false;
  const { code, stdout, stderr } = await runTwoWorkers({ DATA_DIR: FIXTURE_DATA_DIR }, (text, stop) => {
    const match = /Contrepoint on http:\/\/localhost:(\d+): 2 workers listening/.exec(text);
    if (!match || checking) return;
    checking = true;
    // Several connections: the primary hands them to the workers in turn; each must answer.
    const asks = Array.from({ length: 6 }, () => fetch(`http://127.0.0.1:${match[1]}/healthz`, { headers: { connection: 'close' } }).then(async (r) => answers.push(await r.json())));
    void Promise.all(asks).finally(stop);
  });
  // The log (stderr) says what happened.
  assert.match(stderr, /starting 2 workers \(WEB_CONCURRENCY\), one after the other/);
  assert.match(stderr, /worker 1 \(pid \d+\) listening, 1 of 2/);
  assert.match(stderr, /worker 2 \(pid \d+\) listening, 2 of 2/);
  // The first worker built the index (and its snapshot); the second found it.
  assert.equal(stderr.match(/index built/g)?.length, 1, stderr);
  assert.equal(stderr.match(/index up to date/g)?.length, 1, stderr);
  const ports = [...stdout.matchAll(/Contrepoint on http:\/\/localhost:(\d+) \(engine embedded, 8 units/g)].map((m) => m[1]);
  assert.equal(ports.length, 2, stdout);
  assert.equal(ports[0], ports[1], 'both workers listen on one port');
  assert.equal(answers.length, 6);
  for (const answer of answers) assert.deepEqual(answer, { status: 'ok', engine: 'embedded', units: 8 });
  assert.match(stderr, /SIGTERM received, stopping 2 workers/);
  assert.equal(code, 0);
});

test('when the corpus has errors and WEB_CONCURRENCY=2, then the first worker prints them once and the site exits 1', async () => {
  const bad = path.join(tmp, 'bad');
  await mkdir(path.join(bad, 'debates'), { recursive: true });
  await writeFile(path.join(bad, 'speakers.yaml'), '- id: x\n');
  const { code, stderr, stdout } = await runTwoWorkers({ DATA_DIR: bad });
  assert.equal(code, 1);
  assert.equal(stderr.match(/has errors/g)?.length, 1, stderr);
  assert.match(stderr, /speakers\.yaml:1: .*name/);
  assert.match(stderr, /worker 1 stopped before it listened \(code 1\): stopping the site/);
  assert.doesNotMatch(stdout + stderr, /worker 2/);
});
