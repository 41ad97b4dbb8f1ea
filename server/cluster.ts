// Several copies of the site on one port, one per core: Node's own cluster module. The primary
// process serves nothing itself; it forks the workers, which each load the corpus, open the index
// and listen (the primary hands them connections in turn), and it stops them on SIGINT/SIGTERM.
//
// Workers start one after the other: the first one builds the index (or finds it up to date), and
// the next ones find it up to date in the store (INDEX_CACHE_DIR snapshot, or the Meilisearch
// index), so two workers never build the same index at once. The site answers as soon as the first
// one listens.
//
// A worker that fails before it ever listened (a corpus with errors, a port taken) stops the whole
// site with its exit code: it printed why, and its siblings would fail the same way. A worker that
// dies while serving is replaced, at most MAX_RESTARTS_PER_MINUTE times a minute.

import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './app-deps.ts';

const MAX_RESTARTS_PER_MINUTE = 5;

export interface WorkersOptions {
  count: number;
  logger: Logger;
  /** Called once, when every worker listens, with the port they share. */
  onAllListening?: (port: number) => void;
  /** Time given to the workers to close their connections before they are killed. */
  graceMs: number;
}

/** Runs in the primary process: forks `count` workers of the current script and supervises them. */
export function superviseWorkers(options: WorkersOptions): void {
  const { count, logger, graceMs } = options;
  const everListened = new WeakSet<Worker>();
  const restarts: number[] = [];
  let listening = 0;
  let stopping = false;
  let announced = false;

  cluster.on('listening', (worker, address) => {
    if (everListened.has(worker)) return;
    everListened.add(worker);
    listening++;
    logger.info(`worker ${worker.id} (pid ${worker.process.pid}) listening, ${listening} of ${count}`);
    if (listening < count && Object.keys(cluster.workers ?? {}).length < count && !stopping) cluster.fork();
    else if (listening >= count && !announced) {
      announced = true;
      options.onAllListening?.(address.port);
    }
  });

  cluster.on('exit', (worker, code, signal) => {
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    if (!everListened.has(worker)) {
      // It printed its own reason (the corpus's errors, the port in use…); the others would fail alike.
      logger.error(`worker ${worker.id} stopped before it listened (${how}): stopping the site`);
      process.exitCode = code || 1;
      stopAll();
      return;
    }
    listening--;
    const now = Date.now();
    while (restarts.length > 0 && now - (restarts[0] ?? now) > 60_000) restarts.shift();
    if (restarts.length >= MAX_RESTARTS_PER_MINUTE) {
      logger.error(`worker ${worker.id} died (${how}), the ${MAX_RESTARTS_PER_MINUTE}th time in a minute: stopping the site`);
      process.exitCode = 1;
      stopAll();
      return;
    }
    restarts.push(now);
    logger.error(`worker ${worker.id} died (${how}): starting another`);
    cluster.fork();
  });

  const stopAll = (): void => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) process.exit(process.exitCode ?? 0);
    for (const worker of workers) worker.process.kill('SIGTERM');
    const force = setTimeout(() => {
      logger.error('workers did not stop in time, killing them');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, graceMs + 1000);
    force.unref();
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      logger.info(`${signal} received, stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
      stopAll();
    });
  }
  cluster.fork();
}
