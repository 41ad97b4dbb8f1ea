// `npm run import`, `npm run export`, `npm run agreement` and `npm run index` run inside the test's
// own process, through the function the script runs from the shell (`runImport`, `runExport`,
// `runAgreement` over `commandExitCode` in scripts/cli.ts, and `runIndex`): same arguments, same
// messages, same exit code, without paying for a new Node and tsx per run (about a second of CPU
// each). What the command prints is captured: console output made inside the run (tracked with
// AsyncLocalStorage, so runs that overlap do not mix) and, for the export and the agreement, what
// they write to stdout. Every CLI keeps at least one test that spawns the real script, so the
// process's exit code and streams stay covered there.

import { AsyncLocalStorage } from 'node:async_hooks';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { format } from 'node:util';
import { runAgreement } from '../../scripts/agreement.ts';
import { runExport } from '../../scripts/export.ts';
import { runImport } from '../../scripts/import.ts';
import { runIndex } from '../../scripts/index-corpus.ts';
import { listTree } from '../../server/io/apply-import.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

interface Output {
  stdout: string[];
  stderr: string[];
}

const capture = new AsyncLocalStorage<Output>();
let patched = false;

/** Routes console output made inside a captured run to that run; anything else prints as usual. */
function patchConsole(): void {
  if (patched) return;
  patched = true;
  for (const [method, stream] of [
    ['log', 'stdout'],
    ['info', 'stdout'],
    ['error', 'stderr'],
    ['warn', 'stderr'],
  ] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const output = capture.getStore();
      if (output) output[stream].push(`${format(...args)}\n`);
      else original(...args);
    };
  }
}

/** A stream whose writes are kept in `lines`. */
function collect(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
}

/**
 * Runs a command's entry function in this process with its console output captured, and the
 * streams it is handed (`stdout`, `stderr`) captured alongside.
 */
async function runCaptured(command: (streams: { stdout: Writable; stderr: Writable }) => Promise<number>): Promise<CliRun> {
  patchConsole();
  const output: Output = { stdout: [], stderr: [] };
  const code = await capture.run(output, () => command({ stdout: collect(output.stdout), stderr: collect(output.stderr) }));
  return { code, stdout: output.stdout.join(''), stderr: output.stderr.join('') };
}

/**
 * Runs `npm run import|export|agreement -- ARGS` in this process. DATA_DIR is ignored as the spawned runs
 * removed it from their environment: a test passes --data.
 */
export async function runCli(script: 'import' | 'export' | 'agreement', args: string[]): Promise<CliRun> {
  const savedDataDir = process.env.DATA_DIR;
  delete process.env.DATA_DIR;
  try {
    return await runCaptured(({ stdout }) => (script === 'import' ? runImport(args) : script === 'export' ? runExport(args, stdout) : runAgreement(args, stdout)));
  } finally {
    if (savedDataDir !== undefined) process.env.DATA_DIR = savedDataDir;
  }
}

/**
 * Runs `npm run index -- ARGS` in this process with `env` as its whole environment (so that no
 * MEILI_URL or DATA_DIR of the shell reaches it). Its progress lines are captured as stderr, as
 * they would be from a process whose stderr is not a terminal.
 */
export function runIndexCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return runCaptured(({ stderr }) => runIndex(args, { ...env }, stderr));
}

/**
 * A script as a child process: `node --import tsx scripts/SCRIPT.ts ARGS`, without DATA_DIR (a
 * test passes --data), for the tests that need the real process: its exit code and streams.
 */
export function spawnScript(script: string, args: string[]): Promise<CliRun> {
  const env = { ...process.env };
  delete env.DATA_DIR;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { env, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A fresh copy of a corpus folder: `data` inside a new temporary folder `dir` (the caller removes `dir`). */
export async function copyCorpus(source: string, prefix: string): Promise<{ data: string; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const data = path.join(dir, 'data');
  await cp(source, data, { recursive: true });
  return { data, dir };
}

/** Every file of the folder with its content, to show that a refused import changed nothing. */
export async function snapshotFolder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const file of await listTree(dir)) files.set(file, await readFile(path.join(dir, file), 'utf8'));
  return files;
}
