// `npm run index` the way an operator runs it: on the embedded engine with a copy of the valid
// fixture, and against Meilisearch URLs where no server answers (a released loopback port, a
// socket that never replies). Nothing here pretends to be a Meilisearch server. The successful
// run and the terminal run are child processes (exit code, streams, a real terminal); the
// failures run the same command in this process (`runIndexCli`, tests/helpers/run-cli.ts).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { releasedPort } from '../helpers/free-port.ts';
import { runIndexCli } from '../helpers/run-cli.ts';

const FIXTURE = path.resolve('tests/fixtures/corpus-valid');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the script as a child process with a clean engine configuration: only what `env` sets reaches it. */
function spawnIndex(args: string[], env: Record<string, string>): Promise<Run> {
  const base = { ...process.env };
  for (const key of Object.keys(base)) if (key.startsWith('MEILI_') || key === 'DATA_DIR' || key === 'INDEX_CACHE_DIR') delete base[key];
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/index-corpus.ts', ...args],
      { env: { ...base, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, ms: performance.now() - started });
      },
    );
  });
}

/** Runs the command in this process, timed, with `env` as its whole environment. */
async function runIndex(args: string[], env: Record<string, string>): Promise<Run> {
  const started = performance.now();
  const run = await runIndexCli(args, env);
  return { ...run, ms: performance.now() - started };
}

describe('npm run index', () => {
  let dir = '';
  let data = '';

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-index-'));
    data = path.join(dir, 'data');
    await cp(FIXTURE, data, { recursive: true });
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('when the corpus is valid and no MEILI_URL is set, then it indexes into the embedded engine and prints counts and timings', async () => {
    const cache = path.join(dir, 'cache');
    const { corpus } = await loadValidCorpus(data);
    const run = await spawnIndex(['--data', data], { INDEX_CACHE_DIR: cache });
    assert.equal(run.code, 0, run.stderr);
    const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
    const counts = [
      plural(corpus.units.length, 'unit'),
      plural(corpus.speakers.length, 'speaker'),
      plural(corpus.questions.length, 'question'),
      plural(corpus.debates.length, 'debate'),
    ].join(', ');
    assert.ok(corpus.units.length > 0);
    assert.match(run.stdout, new RegExp(`^Indexed ${counts} into the embedded engine`, 'm'));
    assert.match(run.stdout, /^Time: \d+\.\d\d s \(corpus \d+\.\d\d s, index \d+\.\d\d s\)$/m);
    // Not a terminal: progress comes as plain lines on stderr, never as a bar on stdout.
    assert.match(run.stderr, new RegExp(`indexing: ${corpus.units.length}/${corpus.units.length} units`));
    assert.ok(!run.stdout.includes('\u001b['), 'no terminal escapes in the output');
  });

  const scriptBin = '/usr/bin/script';
  test(
    'when run in a terminal, then progress is drawn as a bar that ends at 100%',
    { skip: existsSync(scriptBin) ? false : 'util-linux `script` is not installed: no pseudo-terminal to run in' },
    async () => {
      const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
      const command = [process.execPath, '--import', 'tsx', 'scripts/index-corpus.ts', '--data', data].map(quote).join(' ');
      const env: Record<string, string | undefined> = { ...process.env, INDEX_CACHE_DIR: path.join(dir, 'tty-cache') };
      delete env.MEILI_URL;
      const output = await new Promise<{ code: number; text: string }>((resolve) => {
        execFile(scriptBin, ['-qec', command, '/dev/null'], { env, timeout: 60_000 }, (error, stdout) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, text: stdout });
        });
      });
      assert.equal(output.code, 0, output.text);
      assert.match(output.text, /indexing \[[^\]]*\] 100% \| (\d+)\/\1 units/);
      assert.match(output.text, /Indexed \d+ units/);
    },
  );

  test('when the corpus has an error, then it prints it as file:line, indexes nothing and exits 1', async () => {
    const broken = path.join(dir, 'broken');
    await cp(FIXTURE, broken, { recursive: true });
    await rm(path.join(broken, 'speakers.yaml'));
    const cache = path.join(dir, 'broken-cache');
    const run = await runIndex(['--data', broken], { INDEX_CACHE_DIR: cache });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /speakers\.yaml:\d+: /);
    assert.match(run.stderr, /^npm run index: the corpus has \d+ errors?: nothing was indexed \(run npm run validate\)$/m);
    assert.doesNotMatch(run.stdout, /Indexed/);
    const cached = await readdir(cache).catch(() => []);
    assert.deepEqual(cached, [], 'no index was written');
  });

  test('when MEILI_URL names a port nobody listens on, then it fails fast with one clear line naming the URL', async () => {
    const url = `http://127.0.0.1:${await releasedPort()}`;
    const run = await runIndex(['--data', data], { MEILI_URL: url, MEILI_API_KEY: 'any-key-0123456789' });
    assert.notEqual(run.code, 0);
    assert.equal(run.code, 1);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.at(-1), `npm run index: search unavailable: Meilisearch at ${url} did not answer (connection refused)`);
    assert.doesNotMatch(run.stderr, /at .*\.ts:\d+/, 'no stack trace');
    assert.ok(!run.stderr.includes('any-key-0123456789'), 'the key is never printed');
    assert.doesNotMatch(run.stdout, /Indexed/);
    assert.ok(run.ms < 10_000, `took ${Math.round(run.ms)} ms`);
  });

  test('when Meilisearch accepts the connection but never answers, then the request timeout ends it with exit 1', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    try {
      const run = await runIndex(['--data', data], { MEILI_URL: url, MEILI_TIMEOUT_MS: '300' });
      assert.equal(run.code, 1);
      assert.match(run.stderr, new RegExp(`^npm run index: search unavailable: Meilisearch at ${url} did not answer \\(timed out after 300 ms\\)$`, 'm'));
      assert.ok(run.ms < 10_000, `took ${Math.round(run.ms)} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('when the configuration is invalid, then it names the variable and exits 1', async () => {
    const run = await runIndex(['--data', data], { MEILI_URL: 'not a url' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^npm run index: MEILI_URL: MEILI_URL must be a URL/m);
  });

  test('when --data names no folder, then it says so and exits 1', async () => {
    const run = await runIndex(['--data', path.join(dir, 'missing')], { INDEX_CACHE_DIR: path.join(dir, 'missing-cache') });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /the data folder does not exist/);
  });
});
