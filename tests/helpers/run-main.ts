// server/main.ts as a child process, the way `npm start` runs it: the tests of start-up, logs,
// workers, --watch and shutdown read its output as it comes and may stop it.

import { spawn } from 'node:child_process';
import { ROOT_DIR } from './start-app.ts';

export interface MainRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunMainOptions {
  /** Arguments after server/main.ts, such as --watch. */
  args?: string[];
  /** Killed (SIGKILL) after this long. */
  timeoutMs?: number;
  /** Sees stdout so far at every chunk; `stop` sends SIGTERM. */
  onStdout?: (text: string, stop: () => void) => void;
}

/** The environment of a test run: this one without Meilisearch, on 127.0.0.1 and a free port, info logs. */
export function mainEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { MEILI_URL: _url, MEILI_API_KEY: _key, ...rest } = process.env;
  return { ...rest, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...extra };
}

export function runMain(env: NodeJS.ProcessEnv, options: RunMainOptions = {}): Promise<MainRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...(options.args ?? [])], { cwd: ROOT_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      options.onStdout?.(stdout, () => child.kill('SIGTERM'));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
