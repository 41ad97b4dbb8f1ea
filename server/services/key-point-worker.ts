// Key points are computed in a worker thread, not on the event loop (issue 23 part 2). Measured at
// 100k units (docs/benchmark.md, `npm run bench -- --key-points-only`): the busiest question's
// clustering takes about half a second, and even run in slices on the event loop (runSliced) some of
// its steps held the loop for 100-150 ms, and /healthz waited up to 300 ms behind it. In a thread the
// loop is held only to post the question's units and to receive the clusters.
//
// One thread per process, started on the first question asked and kept (unref'd while idle, so it
// never keeps a process alive); questions wait their turn in it. If it fails or stops, the questions
// it had are rejected (the service keeps no failure: the next request tries again) and the next
// question starts a new thread.

import { Worker } from 'node:worker_threads';
import type { KeyPointClusters, KeyPointInput } from '../analysis/key-points.ts';

export interface KeyPointJob {
  id: number;
  inputs: KeyPointInput[];
}

export type KeyPointReply = { id: number; clusters: KeyPointClusters } | { id: number; error: string };

/**
 * What the thread runs. Under tsx (the site runs its TypeScript as is) a new thread does not inherit
 * the loader, so the thread registers it before importing its module; compiled, it imports the .js.
 */
function threadSource(): string {
  const typescript = import.meta.url.endsWith('.ts');
  const thread = new URL(typescript ? './key-point-thread.ts' : './key-point-thread.js', import.meta.url).href;
  if (!typescript) return `import(${JSON.stringify(thread)});`;
  const loader = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(thread)}); });`;
}

class KeyPointWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (clusters: KeyPointClusters) => void; reject: (error: Error) => void }>();
  private nextId = 1;

  compute(inputs: KeyPointInput[]): Promise<KeyPointClusters> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Held while it works: a script awaiting its key points must not exit under it.
      worker.ref();
      worker.postMessage({ id, inputs } satisfies KeyPointJob);
    });
  }

  private start(): Worker {
    const worker = new Worker(threadSource(), { eval: true, name: 'contrepoint-key-points' });
    worker.on('message', (reply: KeyPointReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (!waiting) return;
      if ('error' in reply) waiting.reject(new Error(`key points: ${reply.error}`));
      else waiting.resolve(reply.clusters);
    });
    worker.on('error', (error: unknown) => this.fail(worker, error instanceof Error ? error : new Error(String(error))));
    worker.on('exit', (code) => this.fail(worker, new Error(`the key points thread stopped (exit code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

const shared = new KeyPointWorker();

/** The key points of one question's units, computed in the process's key points thread. */
export function computeKeyPoints(inputs: KeyPointInput[]): Promise<KeyPointClusters> {
  return shared.compute(inputs);
}
