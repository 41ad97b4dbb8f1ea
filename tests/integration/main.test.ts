// server/main.ts as a process: it refuses a bad configuration or corpus with every problem
// listed, starts and logs its address, and stops cleanly on SIGTERM.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURE_DATA_DIR, ROOT_DIR } from '../helpers/start-app.ts';

let tmp: string;

before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-main-'));
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { MEILI_URL: _url, MEILI_API_KEY: _key, ...rest } = process.env;
  return { ...rest, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', INDEX_CACHE_DIR: path.join(tmp, 'cache'), ...extra };
}

function run(env: NodeJS.ProcessEnv, onStdout?: (text: string, kill: () => void) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, () => child.kill('SIGTERM'));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('when the configuration is invalid, then it exits 1 listing the problem', async () => {
  const { code, stderr } = await run(environment({ PORT: 'not-a-port', LOG_LEVEL: 'loud' }));
  assert.equal(code, 1);
  assert.match(stderr, /PORT/);
  assert.match(stderr, /LOG_LEVEL/);
});

test('when the corpus has errors, then it exits 1 printing each as file:line', async () => {
  const bad = path.join(tmp, 'bad');
  await mkdir(path.join(bad, 'debates'), { recursive: true });
  await writeFile(path.join(bad, 'speakers.yaml'), '- id: x\n');
  const { code, stderr } = await run(environment({ DATA_DIR: bad }));
  assert.equal(code, 1);
  assert.match(stderr, /has errors/);
  assert.match(stderr, /speakers\.yaml:1: .*name/);
  assert.match(stderr, /questions\.yaml/);
});

test('when started on a valid corpus, then it logs its address, serves, and exits 0 on SIGTERM', async () => {
  let health: unknown;
  let checking = false;
  const { code, stdout } = await run(environment({ DATA_DIR: FIXTURE_DATA_DIR }), (text, kill) => {
    const match = /Contrepoint on http:\/\/localhost:(\d+) \(engine embedded, 8 units, ready in \d+ ms\)/.exec(text);
    if (!match || checking) return;
    checking = true;
    fetch(`http://127.0.0.1:${match[1]}/healthz`)
      .then(async (response) => (health = await response.json()))
      .finally(kill);
  });
  assert.match(stdout, /Contrepoint on http:\/\/localhost:\d+ \(engine embedded, 8 units, ready in \d+ ms\)/);
  assert.deepEqual(health, { status: 'ok', engine: 'embedded', units: 8 });
  assert.equal(code, 0);
});
