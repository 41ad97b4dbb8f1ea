// `npm run import` and `npm run export` run inside the test's own process, through the function
// the script runs from the shell (`runImport`, `runExport` over `commandExitCode` in scripts/cli.ts):
// same arguments, same messages, same exit code, without paying for a new Node and tsx per run
// (about a second of CPU each). What the command prints is captured: console output made inside
// the run (tracked with AsyncLocalStorage, so runs that overlap do not mix) and, for the export,
// what it writes to stdout. Every CLI keeps at least one test that spawns the real script, so
// the process's exit code and streams stay covered there.

import { AsyncLocalStorage } from 'node:async_hooks';
import { Writable } from 'node:stream';
import { format } from 'node:util';
import { runExport } from '../../scripts/export.ts';
import { runImport } from '../../scripts/import.ts';

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

/**
 * Runs `npm run import|export -- ARGS` in this process. DATA_DIR is ignored as the spawned runs
 * removed it from their environment: a test passes --data.
 */
export async function runCli(script: 'import' | 'export', args: string[]): Promise<CliRun> {
  patchConsole();
  const output: Output = { stdout: [], stderr: [] };
  const stdout = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      output.stdout.push(chunk.toString());
      callback();
    },
  });
  const savedDataDir = process.env.DATA_DIR;
  delete process.env.DATA_DIR;
  try {
    const code = await capture.run(output, () => (script === 'import' ? runImport(args) : runExport(args, stdout)));
    return { code, stdout: output.stdout.join(''), stderr: output.stderr.join('') };
  } finally {
    if (savedDataDir !== undefined) process.env.DATA_DIR = savedDataDir;
  }
}
