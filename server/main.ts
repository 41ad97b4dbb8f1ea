// Wires the parts and listens: configuration, corpus, engine, index, app. Refuses to start on a bad
// configuration or a corpus with errors, printing every problem. `--watch` reloads the corpus when
// its files change; an index rebuilt by `npm run index` is picked up without a restart either way.

import cluster from 'node:cluster';
import { assembleApp, listen, type AssembledApp } from './assemble.ts';
import { superviseWorkers } from './cluster.ts';
import { ConfigError, loadConfig } from './config.ts';
import { formatProblem, InvalidCorpusError } from './errors.ts';
import { createLogger } from './logger.ts';

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
  if (config.workers > 1 && cluster.isPrimary) {
    // WEB_CONCURRENCY > 1: this process supervises the workers, each of which runs main() below.
    logger.info(`starting ${config.workers} workers (WEB_CONCURRENCY), one after the other`);
    superviseWorkers({
      count: config.workers,
      logger,
      graceMs: SHUTDOWN_GRACE_MS,
      onAllListening: (port) => console.log(`Contrepoint on http://localhost:${port}: ${config.workers} workers listening`),
    });
    return;
  }

  let assembled: AssembledApp;
  try {
    assembled = await assembleApp(config, {
      logger,
      // The site still serves browsing pages; search answers 503 until the engine recovers.
      onIndexError: (error) => logger.error(`indexing failed, search is unavailable: ${error instanceof Error ? error.message : String(error)}`),
    });
  } catch (error) {
    if (error instanceof InvalidCorpusError) {
      console.error(`Contrepoint cannot start: the corpus in ${config.dataDir} has errors.`);
      for (const problem of error.problems) console.error(formatProblem(problem));
      console.error('Fix them (npm run validate lists them too), then start again.');
      process.exit(1);
    }
    throw error;
  }
  for (const warning of assembled.warnings) logger.info(formatProblem(warning));
  const { site, app } = assembled;
  const digest = site.current.digest ? ` (digest ${site.current.digest.slice(0, 12)})` : '';
  if (assembled.corpusOrigin === 'cache') logger.info(`corpus unchanged: read from the corpus cache in ${config.corpusCacheDir ?? ''}, not parsed again`);
  if (assembled.opening === 'reused') logger.info(`index up to date: the stored index holds this corpus${digest}, not reindexed`);
  else if (assembled.opening === 'built') logger.info(`index built: the corpus changed or no stored index held it${digest}`);
  // The server with its limits from the configuration (server/http-server.ts).
  const { server, port } = await listen(app, config.port, config.host, config.http);
  // Since the process started (performance's time origin), module loading included.
  const readyMs = Math.round(performance.now());
  console.log(`Contrepoint on http://localhost:${port} (engine ${site.current.engine.name}, ${assembled.documents} units, ready in ${readyMs} ms)`);
  const { requestTimeoutMs, headersTimeoutMs, keepAliveTimeoutMs, maxConnections } = config.http;
  console.log(
    `mode ${config.env} (template cache ${app.get('view cache') ? 'on' : 'off'}); limits: request ${requestTimeoutMs} ms, headers ${headersTimeoutMs} ms, ` +
      `keep-alive ${keepAliveTimeoutMs} ms, ${maxConnections} connections`,
  );
  if (process.argv.includes('--watch')) site.watchDataFolder();
  if (config.indexPollMs > 0) site.pollIndex(config.indexPollMs);

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
      site
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
