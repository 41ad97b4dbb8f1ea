// What the commands share: a usage error class, reading the command line, reading an input file
// as text, and how a run ends.

import { realpathSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../server/config.ts';
import { decodeText, findControlCharacters, stripControlCharacters } from '../server/corpus/text-checks.ts';

/** A command line that does not make sense: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** Node's parseArgs (strict unless told otherwise): an unknown or malformed option is a UsageError. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export interface TextInput {
  /** At most this many megabytes. */
  maxMb: number;
  /** What the limit is for, in the message: "an import reads: split the file". */
  limitFor: string;
  /** The command's own error for these messages (an ImportError, a SheetsError), each "file:line: message". */
  fail: (messages: string[]) => Error;
}

/**
 * An input file as text: at most `maxMb`, decoded from `encoding` (invalid UTF-8 is an error with
 * its line, never U+FFFD), control characters (NUL, BEL, bidi overrides…) removed with a warning
 * naming their lines.
 */
export async function readTextInput(file: string, encoding: string, input: TextInput): Promise<string> {
  const unreadable = (error: unknown): Error => input.fail([`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  const size = await stat(file).then((s) => s.size, (error: unknown) => Promise.reject(unreadable(error)));
  // Refused before it is read.
  if (size > input.maxMb * 1024 * 1024) throw input.fail([`${file}: ${Math.round(size / 1024 / 1024)} MB, more than the ${input.maxMb} MB ${input.limitFor}`]);
  const bytes = await readFile(file).catch((error: unknown) => Promise.reject(unreadable(error)));
  const decoded = decodeText(bytes, encoding);
  if ('problem' in decoded) throw input.fail([`${file}:${decoded.problem.line}: ${decoded.problem.message}`]);
  const found = findControlCharacters(decoded.text);
  if (found.length === 0) return decoded.text;
  const { text, removed } = stripControlCharacters(decoded.text);
  const lines = found.map((p) => p.line);
  console.error(`warning: ${file}:${lines[0]}: removed ${removed} control character(s) (NUL, BEL, bidi overrides…) on line(s) ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ', …' : ''}`);
  return text;
}

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
