// The HTTP server around the app, with its limits set from the configuration rather than left to
// Node's defaults (a request may take 300 s, headers 60 s, no cap on connections). main.ts listens
// with it, and tests start the same server.

import { createServer, type Server } from 'node:http';
import type { RequestListener } from 'node:http';
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
