// server/main.ts as a process: it refuses a bad configuration or corpus with every problem
// listed, starts and logs its address, and stops cleanly on SIGTERM.

import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { mainEnvironment, runMain } from '../helpers/run-main.ts';
import { FIXTURE_DATA_DIR } from '../helpers/start-app.ts';

let tmp: string;

before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-main-'));
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return mainEnvironment({ INDEX_CACHE_DIR: path.join(tmp, 'cache'), ...extra });
}

test('when the configuration is invalid, then it exits 1 listing the problem', async () => {
  const { code, stderr } = await runMain(environment({ PORT: 'not-a-port', LOG_LEVEL: 'loud' }));
  assert.equal(code, 1);
  assert.match(stderr, /PORT/);
  assert.match(stderr, /LOG_LEVEL/);
});

test('when the corpus has errors, then it exits 1 printing each as file:line', async () => {
  const bad = path.join(tmp, 'bad');
  await mkdir(path.join(bad, 'debates'), { recursive: true });
  await writeFile(path.join(bad, 'speakers.yaml'), '- id: x\n');
  const { code, stderr } = await runMain(environment({ DATA_DIR: bad }));
  assert.equal(code, 1);
  assert.match(stderr, /has errors/);
  assert.match(stderr, /speakers\.yaml:1: .*name/);
  assert.match(stderr, /questions\.yaml/);
});

test('when started on a valid corpus, then it logs its address, serves, and exits 0 on SIGTERM', async () => {
  let health: unknown;
  let checking = false;
  const { code, stdout } = await runMain(environment({ DATA_DIR: FIXTURE_DATA_DIR }), {
    onStdout: (text, kill) => {
      const match = /Contrepoint on http:\/\/localhost:(\d+) \(engine embedded, 8 units, ready in \d+ ms\)/.exec(text);
      if (!match || checking) return;
      checking = true;
      fetch(`http://127.0.0.1:${match[1]}/healthz`)
        .then(async (response) => (health = await response.json()))
        .finally(kill);
    },
  });
  assert.match(stdout, /Contrepoint on http:\/\/localhost:\d+ \(engine embedded, 8 units, ready in \d+ ms\)/);
  assert.deepEqual(health, { status: 'ok', engine: 'embedded', units: 8 });
  assert.equal(code, 0);
});

test('when started twice on the same corpus, then the second start says the index is up to date and does not rebuild', async () => {
  const cacheDir = path.join(tmp, 'cache-twice');
  const once = async (): Promise<string> => {
    const { stderr } = await runMain(environment({ DATA_DIR: FIXTURE_DATA_DIR, INDEX_CACHE_DIR: cacheDir }), {
      onStdout: (text, kill) => {
        if (/Contrepoint on/.test(text)) kill();
      },
    });
    return stderr;
  };
  assert.match(await once(), /index built: the corpus changed or no stored index held it/);
  assert.match(await once(), /index up to date: the stored index holds this corpus \(digest [0-9a-f]{12}\), not reindexed/);
});

test('when started with --watch and a debate file changes, then the running site serves the new text without a restart', async () => {
  const dataDir = path.join(tmp, 'watched');
  await cp(FIXTURE_DATA_DIR, dataDir, { recursive: true });
  const file = path.join(dataDir, 'debates/narocast-0.md');
  let found: { before: number; after: number; page: boolean } | undefined;
  let started = false;
  const { code, stderr } = await runMain(environment({ DATA_DIR: dataDir, INDEX_CACHE_DIR: path.join(tmp, 'cache-watch') }), {
    args: ['--watch'],
    timeoutMs: 40_000,
    onStdout: (stdout, stop) => {
      const match = /Contrepoint on http:\/\/localhost:(\d+)/.exec(stdout);
      if (!match || started) return;
      started = true;
      const base = `http://127.0.0.1:${match[1]}`;
      const total = async (): Promise<number> => ((await (await fetch(`${base}/api/search?q=zygomorphe`)).json()) as { total: number }).total;
      void (async () => {
        try {
          const before = await total();
          await writeFile(file, (await readFile(file, 'utf8')).replace('boulot de stagiaire.', 'boulot de stagiaire zygomorphe.'));
          const deadline = Date.now() + 20_000;
          let after = 0;
          while (Date.now() < deadline && (after = await total()) === 0) await new Promise((r) => setTimeout(r, 100));
          const page = (await (await fetch(`${base}/debates/narocast-0`)).text()).includes('zygomorphe');
          found = { before, after, page };
        } finally {
          stop();
        }
      })();
    },
  });
  assert.deepEqual(found, { before: 0, after: 1, page: true }, stderr);
  assert.match(stderr, /watching .* for changes/);
  assert.match(stderr, /reloaded: 8 units/);
  assert.equal(code, 0);
});
