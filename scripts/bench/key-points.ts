// The key points of the busiest question of the generated corpus (issue 23 part 2): how long they
// take to compute and how long the computation holds the event loop at a stretch, then what the
// site does with them over HTTP (the question page that computes them on its first request, the
// same page once they are kept, its weight, and /healthz answered meanwhile).
//   node --import tsx scripts/bench/key-points.ts [--units 100000] [--seed N] [--no-http]
// Prints a report with its figures on stdout (and one JSON line last, for scripts/bench.ts).
//
// The site computes a question's key points on the first request that needs them, in a worker
// thread (server/services/key-point-worker.ts; the service keeps the result per corpus). Measured
// here: the analysis alone (each generator step timed: the longest step is what a sliced run on the
// event loop would hold it for), the site's way as the event loop sees it (monitorEventLoopDelay, and
// the largest gap between two setImmediate turns), and for comparison the sliced run on the loop
// (runSliced), the way the service ran it before.

import os from 'node:os';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { keyPointWork, runSliced } from '../../server/analysis/key-points.ts';
import { indexCorpus, type CorpusIndex } from '../../server/corpus/model.ts';
import { unitsOnQuestion } from '../../server/services/catalog-service.ts';
import { computeKeyPoints } from '../../server/services/key-point-worker.ts';
import { keyPointInputs, questionClusters } from '../../server/services/key-points-service.ts';
import { startAppProcess } from './app-process.ts';
import { DEFAULT_SEED, generateCorpus } from './generate-corpus.ts';


export interface KeyPointBench {
  units: number;
  question: string;
  question_units: number;
  key_points: number;
  covered: number;
  /** The analysis in one go, without pauses (CPU time of the work itself), first run and again. */
  compute_ms: number;
  compute_again_ms: number;
  /** Generator steps, and the longest: the longest the site's sliced run holds the loop. */
  steps: number;
  longest_step_ms: number;
  /** Steps over 20 ms, of `steps`. */
  steps_over_20_ms: number;
  /** The event loop doing nothing for a second: the machine's own noise under the figures below. */
  idle_loop_delay_max_ms: number;
  idle_largest_turn_gap_ms: number;
  /** The thread's start (tsx loading the analysis in it) and a first, small question. */
  thread_start_ms: number;
  /** The site's way (service, worker thread already started): wall time and what the loop saw. */
  worker_ms: number;
  loop_delay_max_ms: number;
  loop_delay_p99_ms: number;
  largest_turn_gap_ms: number;
  /** The longest garbage collection of this thread meanwhile (a pause of its own, not the key points'). */
  longest_gc_ms: number;
  /** The same computation run on the event loop in ~10 ms slices (runSliced), for comparison. */
  sliced_ms: number;
  sliced_loop_delay_max_ms: number;
  sliced_largest_turn_gap_ms: number;
  http: KeyPointHttp | null;
}

export interface KeyPointHttp {
  /** The question page's first request, which computes the key points, and the next one. */
  first_ms: number;
  again_ms: number;
  page_kb: number;
  key_points_on_page: number;
  key_point_page_kb: number;
  other_page_kb: number;
  /** /healthz every 20 ms while the first request ran: the slowest answer. */
  healthz_max_ms: number;
  healthz_probes: number;
  /** The same while the page is asked again (its key points kept): the page's own share. */
  healthz_warm_max_ms: number;
}

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The question with the most units (each unit once, whatever its codes). */
export function busiestQuestion(index: CorpusIndex): { id: string; units: number } {
  let best = { id: '', units: -1 };
  for (const q of index.corpus.questions) {
    const units = unitsOnQuestion(index, q.id).length;
    if (units > best.units) best = { id: q.id, units };
  }
  return best;
}

/** Runs the analysis step by step, timing each step. */
function timedSteps(index: CorpusIndex, questionId: string): { ms: number; steps: number; longest: number; over20: number; keyPoints: number; covered: number } {
  const question = index.questionById.get(questionId);
  if (!question) throw new Error(`no question ${questionId}`);
  const started = performance.now();
  const work = keyPointWork(keyPointInputs(index, question));
  let steps = 0;
  let longest = 0;
  let over20 = 0;
  for (;;) {
    const at = performance.now();
    const step = work.next();
    const took = performance.now() - at;
    steps++;
    longest = Math.max(longest, took);
    if (took > 20) over20++;
    if (step.done) {
      const ms = performance.now() - started;
      return { ms, steps, longest, over20, keyPoints: step.value.keyPoints.length, covered: step.value.keyPoints.reduce((n, k) => n + k.units.length, 0) };
    }
  }
}

/** A run watched from the event loop: its wall time, the loop's delays and the largest gap between two turns. */
async function watched(run: () => Promise<unknown>): Promise<{ ms: number; delayMax: number; delayP99: number; gap: number; gcMax: number }> {
  let gcMax = 0;
  const gcs = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMax = Math.max(gcMax, entry.duration);
  });
  gcs.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  let gap = 0;
  let watching = true;
  const turn = (): void => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
    if (watching) setImmediate(turn);
  };
  setImmediate(turn);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  watching = false;
  delay.disable();
  gcs.disconnect();
  return { ms, delayMax: delay.max / 1e6, delayP99: delay.percentile(99) / 1e6, gap, gcMax };
}

async function httpRun(units: number, seed: number, question: string): Promise<KeyPointHttp> {
  const { child, ready } = startAppProcess(['--units', String(units), '--seed', String(seed)]);
  try {
    const { port } = await ready;
    const base = `http://127.0.0.1:${port}`;
    const page = async (url: string): Promise<{ ms: number; html: string; status: number }> => {
      const started = performance.now();
      const response = await fetch(`${base}${url}`);
      const html = await response.text();
      return { ms: performance.now() - started, html, status: response.status };
    };
    const questionPath = `/questions/${encodeURIComponent(question)}`;
    // /healthz probed every 20 ms while a request runs: the slowest answer, and how many.
    const probed = async <T>(run: () => Promise<T>): Promise<{ result: T; max: number; probes: number }> => {
      let probing = true;
      const probes: number[] = [];
      const probe = (async () => {
        while (probing) {
          const started = performance.now();
          await (await fetch(`${base}/healthz`)).arrayBuffer();
          probes.push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      const result = await run();
      probing = false;
      await probe;
      return { result, max: Math.max(0, ...probes), probes: probes.length };
    };
    const cold = await probed(() => page(questionPath));
    const first = cold.result;
    if (first.status !== 200) throw new Error(`${questionPath}: ${first.status}`);
    // The same page once its key points are kept: what the page itself holds the loop for.
    const warm = await probed(() => page(questionPath));
    const again = warm.result;
    const point = await page(`${questionPath}/key-points/1`);
    const other = await page(`${questionPath}/key-points/other`);
    return {
      first_ms: round(first.ms, 0),
      again_ms: round(again.ms, 0),
      page_kb: round(Buffer.byteLength(first.html) / 1024),
      key_points_on_page: (first.html.match(/<article class="key-point"/g) ?? []).length,
      key_point_page_kb: point.status === 200 ? round(Buffer.byteLength(point.html) / 1024) : -point.status,
      other_page_kb: other.status === 200 ? round(Buffer.byteLength(other.html) / 1024) : -other.status,
      healthz_max_ms: round(cold.max),
      healthz_probes: cold.probes,
      healthz_warm_max_ms: round(warm.max),
    };
  } finally {
    child.kill('SIGTERM');
  }
}

export async function measureKeyPoints(options: { units: number; seed: number; http: boolean }): Promise<KeyPointBench> {
  process.stderr.write(`key points: generating ${options.units.toLocaleString('en')} units\n`);
  const { corpus } = generateCorpus({ units: options.units, seed: options.seed });
  // One index (as the site holds): the analysis alone and the sliced run do not go through the
  // service's cache; the site's way does, once.
  const index = indexCorpus(corpus);
  const busiest = busiestQuestion(index);
  const question = index.questionById.get(busiest.id);
  if (!question) throw new Error(`no question ${busiest.id}`);
  process.stderr.write(`key points: busiest question ${busiest.id} (${busiest.units} units)\n`);
  // What the loop sees with nothing to do: the floor under the figures below on a shared machine.
  const idle = await watched(() => new Promise((resolve) => setTimeout(resolve, 1000)));
  // The thread started on a small question first (its start-up is timed apart), then the site's way:
  // the service, which runs the analysis in that thread.
  const smallest = index.corpus.questions.map((q) => q.id).find((id) => id !== busiest.id) ?? busiest.id;
  const startup = await watched(() => computeKeyPoints(keyPointInputs(index, index.questionById.get(smallest) ?? question)));
  const site = await watched(() => questionClusters(index, question));
  // Then the analysis on this thread (after the site's way: its garbage would be collected during it).
  const first = timedSteps(index, busiest.id);
  const again = timedSteps(index, busiest.id);
  // The same work in slices on this thread's event loop, as the service ran it before the thread.
  const inputs = keyPointInputs(index, question);
  const sliced = await watched(() => runSliced(keyPointWork(inputs)));
  const http = options.http ? await httpRun(options.units, options.seed, busiest.id) : null;
  return {
    units: options.units,
    question: busiest.id,
    question_units: busiest.units,
    key_points: first.keyPoints,
    covered: first.covered,
    compute_ms: round(first.ms, 0),
    compute_again_ms: round(again.ms, 0),
    steps: first.steps,
    longest_step_ms: round(Math.max(first.longest, again.longest)),
    steps_over_20_ms: Math.max(first.over20, again.over20),
    idle_loop_delay_max_ms: round(idle.delayMax),
    idle_largest_turn_gap_ms: round(idle.gap),
    thread_start_ms: round(startup.ms, 0),
    worker_ms: round(site.ms, 0),
    loop_delay_max_ms: round(site.delayMax),
    loop_delay_p99_ms: round(site.delayP99),
    largest_turn_gap_ms: round(site.gap),
    longest_gc_ms: round(site.gcMax),
    sliced_ms: round(sliced.ms, 0),
    sliced_loop_delay_max_ms: round(sliced.delayMax),
    sliced_largest_turn_gap_ms: round(sliced.gap),
    http,
  };
}

export function renderKeyPoints(r: KeyPointBench): string {
  const lines = [
    `Key points of the busiest question (${r.question}: ${r.question_units} units of ${r.units.toLocaleString('en')}; ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`,
    `  ${r.key_points} key points covering ${r.covered} units`,
    `  computed in one go: ${r.compute_ms} ms (again, warm: ${r.compute_again_ms} ms), in ${r.steps} steps; longest step ${r.longest_step_ms} ms, ${r.steps_over_20_ms} steps over 20 ms`,
    `  the event loop idle for 1 s on this machine: delay max ${r.idle_loop_delay_max_ms} ms, largest gap between two turns ${r.idle_largest_turn_gap_ms} ms (the floor of the figures below)`,
    `  the worker thread's start with a first small question: ${r.thread_start_ms} ms (once per process)`,
    `  as the site runs it (in the worker thread): ${r.worker_ms} ms wall; event loop delay max ${r.loop_delay_max_ms} ms, p99 ${r.loop_delay_p99_ms} ms; largest gap between two turns ${r.largest_turn_gap_ms} ms; longest garbage collection of this thread meanwhile ${r.longest_gc_ms} ms`,
    `  for comparison, in ~10 ms slices on the event loop (runSliced): ${r.sliced_ms} ms wall; event loop delay max ${r.sliced_loop_delay_max_ms} ms; largest gap between two turns ${r.sliced_largest_turn_gap_ms} ms`,
  ];
  if (r.http) {
    const h = r.http;
    lines.push(
      `  question page over HTTP: first request (computes) ${h.first_ms} ms, next ${h.again_ms} ms; ${h.page_kb} KB with ${h.key_points_on_page} key points (limit 300 KB)`,
      `  key point 1 page ${h.key_point_page_kb} KB, "other" page ${h.other_page_kb} KB; /healthz during the first request: max ${h.healthz_max_ms} ms over ${h.healthz_probes} probes (during the next one, the page alone: max ${h.healthz_warm_max_ms} ms)`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number): number => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : fallback;
  };
  const result = await measureKeyPoints({ units: option('--units', 100_000), seed: option('--seed', DEFAULT_SEED), http: !args.includes('--no-http') });
  process.stdout.write(`${renderKeyPoints(result)}\n${JSON.stringify(result)}\n`);
  process.exit(0);
}
