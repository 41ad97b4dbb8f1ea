// A small logger honouring config.logLevel. Lines go to stderr so that stdout stays for a
// command's output; tests pass 'silent'.

import type { Logger } from './app-deps.ts';
import type { AppConfig } from './config.ts';

export type LogLevel = AppConfig['logLevel'];

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, info: 2, debug: 3 };

export interface LeveledLogger extends Logger {
  debug(message: string): void;
}

export interface LogSink {
  write(line: string): void;
}

const stderrSink: LogSink = { write: (line) => process.stderr.write(line) };

export function createLogger(level: LogLevel, sink: LogSink = stderrSink): LeveledLogger {
  const at = RANK[level];
  const emit = (name: Exclude<LogLevel, 'silent'>, message: string): void => {
    if (RANK[name] > at) return;
    sink.write(`${new Date().toISOString()} ${name.padEnd(5)} ${message}\n`);
  };
  return {
    error: (message) => emit('error', message),
    info: (message) => emit('info', message),
    debug: (message) => emit('debug', message),
  };
}

export const silentLogger: LeveledLogger = createLogger('silent');
