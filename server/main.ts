// Wires the parts and listens: configuration, corpus, engine, index, app. Refuses to start on a bad
// configuration or a corpus with errors, printing every problem.

import type { Server } from 'node:http';
import { createApp } from './app.ts';
import type { AppDeps } from './app-deps.ts';
import { ConfigError, loadConfig } from './config.ts';
import { loadValidCorpus } from './corpus/load.ts';
import { formatProblem, InvalidCorpusError } from './errors.ts';
import { createHttpServer } from './http-server.ts';
import { createLogger } from './logger.ts';
import { createSearchEngine } from './search/create-engine.ts';
import { toSearchDocuments } from './search/documents.ts';

const SHUTDOWN_GRACE_MS = 5000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);

  let loaded;
  try {
    loaded = await loadValidCorpus(config.dataDir);
  } catch (error) {
    if (error instanceof InvalidCorpusError) {
      console.error(`Contrepoint cannot start: the corpus in ${config.dataDir} has errors.`);
      for (const problem of error.problems) console.error(formatProblem(problem));
      console.error('Fix them (npm run validate lists them too), then start again.');
      process.exit(1);
    }
    throw error;
  }
  for (const warning of loaded.warnings) logger.info(formatProblem(warning));

  const engine = createSearchEngine(config.engine);
  const documents = toSearchDocuments(loaded.index);
  try {
    await engine.reindex(documents);
  } catch (error) {
    // The site still serves browsing pages; search answers 503 until the engine recovers.
    logger.error(`indexing failed, search is unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }

  const deps: AppDeps = { config, engine, corpus: loaded.index, logger };
  const app = createApp(deps);
  const server: Server = createHttpServer(app, config.http);
  server.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Since the process started (performance's time origin), module loading included.
  const readyMs = Math.round(performance.now());
  console.log(`Contrepoint on http://localhost:${port} (engine ${engine.name}, ${documents.length} units, ready in ${readyMs} ms)`);
  const { requestTimeoutMs, headersTimeoutMs, keepAliveTimeoutMs, maxConnections } = config.http;
  console.log(
    `mode ${config.env} (template cache ${app.get('view cache') ? 'on' : 'off'}); limits: request ${requestTimeoutMs} ms, headers ${headersTimeoutMs} ms, ` +
      `keep-alive ${keepAliveTimeoutMs} ms, ${maxConnections} connections`,
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received, closing`);
    const force = setTimeout(() => {
      logger.error('connections did not close in time, exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      engine
        .close()
        .catch((error: unknown) => logger.error(`engine close failed: ${String(error)}`))
        .finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`Contrepoint cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
