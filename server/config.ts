// The one configuration module: reads the environment once, lists every problem, and hands out
// a frozen, typed object. Nothing else reads process.env.

import path from 'node:path';
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('data'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  MEILI_URL: optionalText.pipe(z.string().url('MEILI_URL must be a URL such as http://localhost:7700').optional()),
  MEILI_API_KEY: optionalText,
  MEILI_INDEX: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'MEILI_INDEX may hold letters, digits, - and _').default('units'),
  MEILI_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  INDEX_CACHE_DIR: z.string().default('.cache/index'),
  LOG_LEVEL: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
  INDEX_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
  PUBLIC_BASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^/?#\s]+(?:\/[^?#\s]*)?$/, 'PUBLIC_BASE_URL must be an http(s) URL without query or fragment, such as https://contrepoint.example')
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
  ),
  // HTTP server limits (README, "Server limits"): a client that trickles its request is cut off.
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  MAX_ACTIVE_REQUESTS: z.coerce.number().int().min(1).max(10_000).default(2),
  // Processes serving the site on one port (server/cluster.ts): one per core in production.
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
});

export type EngineConfig =
  | { kind: 'embedded'; cacheDir: string | null }
  | { kind: 'meilisearch'; url: string; apiKey: string | undefined; indexName: string; timeoutMs: number };

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /**
   * Where the validated corpus is cached for the next start (server/corpus-cache.ts): the
   * INDEX_CACHE_DIR folder, whichever the engine; null when INDEX_CACHE_DIR is empty.
   */
  corpusCacheDir: string | null;
  env: 'development' | 'production' | 'test';
  engine: EngineConfig;
  logLevel: 'silent' | 'error' | 'info' | 'debug';
  /**
   * The site's public address, without trailing slash, for absolute permalinks (API citations,
   * page citations, CSV). Null: the address the server listens on. Never taken from a request header.
   */
  publicBaseUrl: string | null;
  /** How often a running site asks the engine's store for an index rebuilt by `npm run index`; 0: never. */
  indexPollMs: number;
  /** Worker processes sharing the port (server/cluster.ts); 1: the site runs in this process. */
  workers: number;
  http: HttpLimits;
}

/** The HTTP server's limits, set deliberately rather than left to Node's defaults (server/http-server.ts). */
export interface HttpLimits {
  /** The whole request (headers and body) must arrive within this time. */
  requestTimeoutMs: number;
  /** The headers must arrive within this time (no more than requestTimeoutMs). */
  headersTimeoutMs: number;
  /** An idle kept-alive connection is closed after this time. */
  keepAliveTimeoutMs: number;
  /** Connections beyond this number are refused (closed at once). */
  maxConnections: number;
  /** Requests whose handlers run at once; the others wait their turn, one per event-loop turn. */
  maxActiveRequests: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads a configuration from an environment (process.env by default); throws with every problem listed. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): Readonly<AppConfig> {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
  }
  const env = parsed.data;
  if (env.HEADERS_TIMEOUT_MS > env.REQUEST_TIMEOUT_MS) {
    throw new ConfigError([`HEADERS_TIMEOUT_MS (${env.HEADERS_TIMEOUT_MS}) must not exceed REQUEST_TIMEOUT_MS (${env.REQUEST_TIMEOUT_MS})`]);
  }
  const cacheDir = env.INDEX_CACHE_DIR.trim() === '' ? null : path.resolve(env.INDEX_CACHE_DIR);
  const engine: EngineConfig = env.MEILI_URL
    ? { kind: 'meilisearch', url: env.MEILI_URL, apiKey: env.MEILI_API_KEY, indexName: env.MEILI_INDEX, timeoutMs: env.MEILI_TIMEOUT_MS }
    : { kind: 'embedded', cacheDir };
  return Object.freeze({
    port: env.PORT,
    host: env.HOST,
    dataDir: path.resolve(env.DATA_DIR),
    corpusCacheDir: cacheDir,
    env: env.NODE_ENV,
    engine,
    logLevel: env.LOG_LEVEL,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? null,
    indexPollMs: env.INDEX_POLL_MS,
    workers: env.WEB_CONCURRENCY,
    http: {
      requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
      headersTimeoutMs: env.HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: env.MAX_CONNECTIONS,
      maxActiveRequests: env.MAX_ACTIVE_REQUESTS,
    },
    ...overrides,
  });
}

/** `--data DIR` on a script's command line wins over DATA_DIR. */
export function dataDirFromArgs(argv: readonly string[], fallback: string): string {
  const at = argv.indexOf('--data');
  if (at >= 0) {
    const value = argv[at + 1];
    if (!value || value.startsWith('--')) throw new ConfigError(['--data needs a folder']);
    return path.resolve(value);
  }
  const inline = argv.find((a) => a.startsWith('--data='));
  return inline ? path.resolve(inline.slice('--data='.length)) : fallback;
}
