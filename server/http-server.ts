// The HTTP server around the app, with its limits set from the configuration rather than left to
// Node's defaults (a request may take 300 s, headers 60 s, no cap on connections). main.ts listens
// with it, and tests start the same server.

import { AsyncResource } from 'node:async_hooks';
import { createServer, type Server } from 'node:http';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { HttpLimits } from './config.ts';

/**
 * How often Node checks requests against requestTimeout and headersTimeout (its default is 30 s,
 * which would let a trickled request live 30 s past its limit).
 */
export function checkingIntervalMs(limits: HttpLimits): number {
  return Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4)));
}

export function createHttpServer(app: RequestListener, limits: HttpLimits): Server {
  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: checkingIntervalMs(limits),
    },
    app,
  );
  server.maxConnections = limits.maxConnections;
  // An idle socket (no byte either way) is closed too, whatever state it is in.
  server.setTimeout(limits.requestTimeoutMs + limits.keepAliveTimeoutMs);
  return server;
}

/**
 * Admission: at most `maxActive` requests run their handlers at once, and each one is started on
 * its own turn of the event loop (setImmediate), never several in a row. Requests parse and wait
 * cheaply; between two handlers the loop reads its sockets again, so that /healthz (mounted before
 * this) and every waiting client are answered between heavy pages rather than after all of them.
 */
export function admissionQueue(maxActive: number): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    active -= 1;
    const next = waiting.shift();
    if (next) {
      active += 1;
      setImmediate(next);
    }
  };
  return (_req, res, next) => {
    let released = false;
    const start = (): void => {
      const finish = (): void => {
        if (released) return;
        released = true;
        release();
      };
      res.once('finish', finish);
      res.once('close', finish);
      if (res.destroyed) {
        finish();
        return;
      }
      next();
    };
    if (active < maxActive) {
      active += 1;
      // setImmediate keeps the async context it is called in: this request's.
      setImmediate(start);
    } else {
      // A queued handler is started from another request's 'finish', and would otherwise run in
      // that request's async context (its pinned corpus and engine, server/site-state.ts) rather
      // than its own: bound here, only when it waits (a bound function costs an async resource).
      waiting.push(AsyncResource.bind(start));
    }
  };
}
