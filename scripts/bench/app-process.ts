// The site as the benchmarks run it: scripts/bench/serve-app.ts in a child process (so that the
// load generator does not share its event loop), resolved once it prints the port it listens on.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface AppProcess {
  child: ChildProcess;
  /** Once it listens: its port and how many units it serves. */
  ready: Promise<{ port: number; units: number }>;
}

/**
 * Starts serve-app.ts with these arguments. `stderr`: 'inherit' passes the app's log through;
 * 'pipe' leaves it on child.stderr for the caller to read.
 */
export function startAppProcess(args: readonly string[], options: { stderr?: 'inherit' | 'pipe'; env?: NodeJS.ProcessEnv } = {}): AppProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/bench/serve-app.ts'), ...args], {
    cwd: ROOT,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', options.stderr ?? 'inherit'],
  });
  const ready = new Promise<{ port: number; units: number }>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { port: number; units: number });
    });
    child.on('close', (code) => reject(new Error(`the app exited (code ${code}) before listening`)));
  });
  return { child, ready };
}
