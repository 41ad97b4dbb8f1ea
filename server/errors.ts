// Typed errors with default status codes. One middleware (server/error-handler.ts) maps them to
// responses; anything else becomes a logged 500 whose message is never shown.

import type { ReasonKey } from './i18n.ts';

export type ErrorCode =
  | 'bad_request'
  | 'not_found'
  | 'invalid_corpus'
  | 'search_unavailable'
  | 'configuration'
  | 'payload_too_large'
  | 'internal';

/**
 * The reason of an error as the pages say it, in their language: a `reason.*` message of
 * server/i18n.ts and its variables. The JSON API keeps the English `message`.
 */
export interface Reason {
  key: ReasonKey;
  vars?: Record<string, string | number>;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly reason: Reason | undefined;
  constructor(code: ErrorCode, status: number, message: string, options?: { cause?: unknown; reason?: Reason }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.reason = options?.reason;
  }
}

/** A request parameter that is malformed: 400 with the reason. */
export class BadRequestError extends AppError {
  constructor(message: string, reason?: Reason) {
    super('bad_request', 400, message, { reason });
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, reason?: Reason) {
    super('not_found', 404, message, { reason });
  }
}

/** What a visitor is told when search is down: never a host, a URL or a credential. */
export const SEARCH_UNAVAILABLE_MESSAGE = 'search is temporarily unavailable: the search engine did not answer';

/**
 * The search engine cannot answer now (unreachable, timed out): 503. `message` is for the logs and
 * may name the server; `publicMessage` is what responses show, and never does.
 */
export class SearchUnavailableError extends AppError {
  readonly publicMessage: string;
  constructor(message: string, options?: { cause?: unknown; publicMessage?: string }) {
    super('search_unavailable', 503, message, { cause: options?.cause, reason: { key: 'reason.searchUnavailable' } });
    this.publicMessage = options?.publicMessage ?? SEARCH_UNAVAILABLE_MESSAGE;
  }
}

/** The configuration is wrong (bad key, bad URL): the operator must act. */
export class ConfigurationError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('configuration', 500, message, options);
  }
}

export interface CorpusProblem {
  file: string;
  line: number;
  message: string;
  severity: 'error' | 'warning';
}

export function formatProblem(problem: CorpusProblem): string {
  return `${problem.file}:${problem.line}: ${problem.severity === 'warning' ? 'warning: ' : ''}${problem.message}`;
}

/** The corpus has errors: nothing of it may be indexed or served. */
export class InvalidCorpusError extends AppError {
  readonly problems: CorpusProblem[];
  constructor(problems: CorpusProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super('invalid_corpus', 500, `The corpus has ${errors.length} error(s):\n${errors.map(formatProblem).join('\n')}`);
    this.problems = problems;
  }
}
