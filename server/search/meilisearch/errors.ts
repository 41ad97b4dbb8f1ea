// Meilisearch client errors turned into ours, with messages an operator can act on. Pure: it only
// reads the error objects the client throws (see meilisearch/src/http-requests.ts).

import {
  MeilisearchApiError,
  MeilisearchError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type Task,
} from 'meilisearch';
import { AppError, ConfigurationError, SearchUnavailableError } from '../../errors.ts';

export interface ErrorContext {
  /** MEILI_URL, shown without any credentials it may hold. */
  url: string;
  indexName: string;
}

/** The URL without user name or password, for messages. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_HEADERS_TIMEOUT: 'timed out',
  UND_ERR_BODY_TIMEOUT: 'timed out',
};

function errorCode(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code = (value as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Several addresses tried (IPv6 then IPv4): Node reports an AggregateError of per-address errors.
  const errors = (value as { errors?: unknown }).errors;
  if (Array.isArray(errors)) return errors.map(errorCode).find((c) => c !== undefined);
  return undefined;
}

/** Why a request got no answer, from the chain of causes under the client's MeilisearchRequestError. */
function networkReason(error: MeilisearchRequestError): string {
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 5 && cause !== undefined; depth++) {
    if (cause instanceof MeilisearchRequestTimeOutError) return `timed out after ${cause.cause.timeout} ms`;
    const code = errorCode(cause);
    if (code !== undefined) return NETWORK_REASONS[code] ?? code;
    if (cause instanceof Error && (cause.name === 'AbortError' || cause.name === 'TimeoutError')) return 'request aborted';
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return error.cause instanceof Error ? error.cause.message : 'request failed';
}

/** Maps anything the client throws to SearchUnavailableError or ConfigurationError; our own errors and bugs pass through. */
export function toEngineError(error: unknown, context: ErrorContext): Error {
  const url = displayUrl(context.url);
  if (error instanceof AppError) return error;
  if (error instanceof MeilisearchApiError) {
    const code = error.cause?.code;
    if (code === 'invalid_api_key') {
      return new ConfigurationError(
        `Meilisearch at ${url} refused the API key: set MEILI_API_KEY to the master key or to a key allowed to search and index "${context.indexName}"`,
        { cause: error },
      );
    }
    if (code === 'missing_authorization_header') {
      return new ConfigurationError(`Meilisearch at ${url} requires an API key: set MEILI_API_KEY`, { cause: error });
    }
    if (code === 'index_not_found') {
      return new SearchUnavailableError(
        `search unavailable: the index "${context.indexName}" does not exist on Meilisearch at ${url}: run \`npm run index\``,
        { cause: error, publicMessage: 'search is unavailable: the search index has not been built yet' },
      );
    }
    const status = error.response.status;
    return new SearchUnavailableError(
      `search unavailable: Meilisearch at ${url} answered ${status}: ${error.message}${code ? ` (${code})` : ''}`,
      { cause: error },
    );
  }
  if (error instanceof MeilisearchRequestError) {
    return new SearchUnavailableError(`search unavailable: Meilisearch at ${url} did not answer (${networkReason(error)})`, { cause: error });
  }
  if (error instanceof MeilisearchTaskTimeOutError) {
    return new SearchUnavailableError(
      `search unavailable: Meilisearch at ${url} did not finish task ${error.cause.taskUid} within ${error.cause.timeout} ms`,
      { cause: error },
    );
  }
  if (error instanceof MeilisearchError) {
    // Raised before any request, e.g. "The provided host is not valid".
    return new ConfigurationError(`Meilisearch client error for ${url}: ${error.message} (check MEILI_URL)`, { cause: error });
  }
  if (error instanceof SyntaxError) {
    // The client parses every body as JSON: something else than Meilisearch answered.
    return new SearchUnavailableError(`search unavailable: the server at ${url} did not answer like Meilisearch (check MEILI_URL)`, {
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** A task that ended in any status other than succeeded, as our error. */
export function taskFailure(task: Task, action: string, context: ErrorContext): SearchUnavailableError {
  const url = displayUrl(context.url);
  const reason = task.error ? `${task.error.message} (${task.error.code})` : `task ${task.uid} ended as ${task.status}`;
  return new SearchUnavailableError(`search unavailable: Meilisearch at ${url} could not ${action}: ${reason}`);
}
