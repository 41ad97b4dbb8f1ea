// What the import and export commands share: a usage error class and how a run ends.

import { ConfigError } from '../server/config.ts';

/** A command line that does not make sense: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/**
 * Runs a command's main and sets the exit code: its own return value, 2 with the usage for a usage
 * or configuration error, 1 with the message alone for an error the command expects (`expected`),
 * 1 with the whole error for anything else.
 */
export function runCommand(main: () => Promise<number>, usage: string, expected: (error: unknown) => boolean): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError || error instanceof ConfigError) {
        console.error(`${error.message}\n\n${usage}`);
        process.exitCode = 2;
      } else if (expected(error)) {
        console.error((error as Error).message);
        process.exitCode = 1;
      } else {
        console.error(error);
        process.exitCode = 1;
      }
    },
  );
}
