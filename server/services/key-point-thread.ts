// The worker thread that computes key points (started by key-point-worker.ts): it receives one
// question's units, runs the clustering of server/analysis/key-points.ts in one go (this thread has
// no one else to answer) and posts the clusters back.

import { parentPort } from 'node:worker_threads';
import { keyPointWork, runAll } from '../analysis/key-points.ts';
import type { KeyPointJob, KeyPointReply } from './key-point-worker.ts';

const port = parentPort;
if (!port) throw new Error('key-point-thread.ts runs as a worker thread (key-point-worker.ts starts it)');
port.on('message', (job: KeyPointJob) => {
  let reply: KeyPointReply;
  try {
    reply = { id: job.id, clusters: runAll(keyPointWork(job.inputs)) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
