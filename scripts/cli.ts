// What the import and export commands share: a usage error class and how a run ends.

import { realpathSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../server/config.ts';

/** A command line that does not make sense: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/**
 * Runs a command's main and returns its exit code: its own return value, 2 with the usage for a
 * usage or configuration error, 1 with the message alone for an error the command expects
 * (`expected`), 1 with the whole error for anything else. The tests call commands through this,
 * in their own process; `runCommand` is the same for a command run from the shell.
 */
export async function commandExitCode(main: () => Promise<number>, usage: string, expected: (error: unknown) => boolean): Promise<number> {
  try {
    return await main();
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(`${error.message}\n\n${usage}`);
      return 2;
    }
    console.error(expected(error) ? (error as Error).message : error);
    return 1;
  }
}

/** Runs a command's main (see `commandExitCode`) and sets the process's exit code. */
export function runCommand(main: () => Promise<number>, usage: string, expected: (error: unknown) => boolean): void {
  void commandExitCode(main, usage, expected).then((code) => {
    process.exitCode = code;
  });
}

/**
 * Whether the module at `moduleUrl` is the script node was started with (not imported by a test).
 * Compared through the real path: node resolves symlinks in the main module's URL, not in argv.
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return moduleUrl === pathToFileURL(realpathSync(path.resolve(script))).href;
  } catch {
    return false;
  }
}
