// The one place errors become responses. Our AppError subclasses carry their status; errors from
// Express and its body parser (http-errors with `expose`) keep their 4xx status and reason;
// anything else is logged and answered with a 500 whose message is never shown.

import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from './app-deps.ts';
import { escapeHtml } from './html.ts';
import { sentence, type ReasonKey, type Translate } from './i18n.ts';
import { AppError, NotFoundError, SearchUnavailableError, type ErrorCode, type Reason } from './errors.ts';

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

interface Described {
  status: number;
  code: ErrorCode;
  message: string;
  /** The reason as pages say it in their language; absent, a page says what its status means. */
  reason?: Reason;
  /** Unexpected: log it with its stack. */
  log: boolean;
  /** An expected outage's internal detail, logged in one line and never shown. */
  detail?: string;
}

/** Errors thrown by Express, body-parser and friends (the http-errors package). */
interface HttpLikeError {
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  type?: unknown;
  message?: unknown;
}

const INTERNAL_MESSAGE = 'internal error';

export function describeError(err: unknown): Described {
  if (err instanceof AppError) {
    // A 5xx other than "search unavailable" means something the operator must fix: keep the code,
    // hide the text (it may hold paths or URLs).
    if (err instanceof SearchUnavailableError) {
      // The detailed message names the search server: logged, never shown.
      const described: Described = { status: err.status, code: err.code, message: err.publicMessage, log: false, detail: err.message };
      if (err.reason) described.reason = err.reason;
      return described;
    }
    if (err.status >= 500) {
      return { status: err.status, code: err.code, message: INTERNAL_MESSAGE, log: true };
    }
    return err.reason
      ? { status: err.status, code: err.code, message: err.message, reason: err.reason, log: false }
      : { status: err.status, code: err.code, message: err.message, log: false };
  }
  if (typeof err === 'object' && err !== null) {
    const e = err as HttpLikeError;
    const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
    if (status !== undefined && status >= 400 && status < 500 && e.expose !== false) {
      if (status === 413 || e.type === 'entity.too.large') {
        // A 400 like every other refused limit (the rule), its code saying which limit.
        return { status: 400, code: 'payload_too_large', message: 'request body too large (at most 16 kB)', log: false };
      }
      if (status === 415 || e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
        // The API answers every refused request with a 400 and its reason (README, JSON API).
        const message = typeof e.message === 'string' && e.message.length <= 200 ? e.message : 'unsupported request body encoding';
        return { status: 400, code: 'bad_request', message, log: false };
      }
      if (e.type === 'entity.parse.failed') return { status: 400, code: 'bad_request', message: 'request body is not valid JSON', log: false };
      if (status === 404) return { status, code: 'not_found', message: 'not found', log: false };
      const message = typeof e.message === 'string' && e.message.length <= 200 ? e.message : 'bad request';
      return { status, code: 'bad_request', message, log: false };
    }
  }
  return { status: 500, code: 'internal', message: INTERNAL_MESSAGE, log: true };
}

/** JSON for the API and health check, or for a client that prefers JSON to HTML. */
export function wantsJson(req: Request): boolean {
  // originalUrl, not path: inside a mounted router, path is relative to the mount point.
  // Lower-cased: Express matches routes whatever their case (/API/search is /api/search).
  const pathname = (req.originalUrl.split('?')[0] ?? '').toLowerCase();
  if (pathname.startsWith('/api/') || pathname === '/api' || pathname === '/healthz') return true;
  return req.accepts(['html', 'json']) === 'json';
}

function fallbackPage(status: number, message: string): string {
  const text = escapeHtml(message);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${status} ${text}</title></head><body><h1>${status}</h1><p>${text}</p><p><a href="/">Contrepoint</a></p></body></html>`;
}

/** Sets what the error view needs on res.locals (language, link helpers) when no page router did. */
export type PrepareLocals = (req: Request, res: Response) => void;

function sendHtml(req: Request, res: Response, described: Described, logger: Logger, prepareLocals: PrepareLocals | undefined): void {
  const { status, code } = described;
  res.status(status);
  if (prepareLocals && typeof res.locals.t !== 'function') {
    try {
      prepareLocals(req, res);
    } catch (error) {
      logger.error(`error page locals failed: ${String(error)}`);
    }
  }
  const message = pageMessage(res, described);
  // The view belongs to the pages; a missing or failing view must not turn one error into two.
  try {
    res.render('error', { status, code, message }, (renderError: Error | null, html?: string) => {
      if (renderError || html === undefined) {
        if (renderError && !/Failed to lookup view/.test(renderError.message)) logger.error(`error page failed to render: ${renderError.stack ?? renderError.message}`);
        res.type('html').send(fallbackPage(status, message));
      } else {
        res.type('html').send(html);
      }
    });
  } catch (renderError) {
    logger.error(`error page failed to render: ${String(renderError)}`);
    res.type('html').send(fallbackPage(status, message));
  }
}

/**
 * What the error page says, in its language: the error's reason, or else what its status means
 * (the API's English message is never shown on a page: it may not match the page's language).
 */
function pageMessage(res: Response, described: Described): string {
  const translate = res.locals.t as Translate | undefined;
  if (typeof translate !== 'function') return described.message;
  if (described.reason) return sentence(translate(described.reason.key, described.reason.vars));
  const generic: Record<number, ReasonKey> = { 400: 'reason.badRequest', 404: 'reason.notFound', 503: 'reason.searchUnavailable' };
  return sentence(translate(generic[described.status] ?? 'reason.internal'));
}

export function createErrorHandler(logger: Logger, options: { prepareLocals?: PrepareLocals } = {}): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const described = describeError(err);
    if (described.detail !== undefined) logger.error(`${req.method} ${req.originalUrl.slice(0, 300)} -> ${described.status}: ${described.detail}`);
    if (described.log) {
      const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
      logger.error(`${req.method} ${req.originalUrl.slice(0, 300)} -> ${described.status}: ${detail}`);
    }
    // Too late for a clean answer: let Express end the connection.
    if (res.headersSent) {
      next(err);
      return;
    }
    if (described.status === 503) res.set('Retry-After', '5');
    if (wantsJson(req)) {
      const body: ErrorBody = { error: { code: described.code, message: described.message } };
      res.status(described.status).json(body);
      return;
    }
    sendHtml(req, res, described, logger, options.prepareLocals);
  };
}

/** The last route: nothing else answered. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  const shown = req.path.length > 200 ? `${req.path.slice(0, 200)}…` : req.path;
  next(new NotFoundError(`nothing at ${shown}`, { key: 'reason.nothingAt', vars: { path: shown } }));
};
