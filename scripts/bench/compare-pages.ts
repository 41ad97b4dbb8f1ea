// Weighs and times the reading pages of issue 12 (compare grid and cells, question page with its
// chart) on a generated corpus, through the real app in a child process (production mode).
//   node --import tsx scripts/bench/compare-pages.ts [--units 100000] [--rounds 20]
// Prints, per kind of page, the largest page in bytes and the latency percentiles over `rounds`
// distinct comparisons (different speakers each time: no answer is served twice from a cache).

import { startAppProcess } from './app-process.ts';
import { percentiles } from './run-engine.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const units = option('--units', 100_000);
const rounds = option('--rounds', 20);

process.stderr.write(`generating and indexing ${units.toLocaleString('en')} units…\n`);
const { child, ready } = startAppProcess(['--units', String(units)]);
const { port } = await ready;
const base = `http://127.0.0.1:${port}`;

async function timed(url: string): Promise<{ ms: number; bytes: number; status: number; html: string }> {
  const start = performance.now();
  const response = await fetch(`${base}${url}`);
  const html = await response.text();
  return { ms: performance.now() - start, bytes: Buffer.byteLength(html), status: response.status, html };
}

try {
  const speakers = ((await (await fetch(`${base}/api/speakers`)).json()) as { id: string; units: number }[]).sort((a, b) => b.units - a.units);
  const questions = (await (await fetch(`${base}/api/questions`)).json()) as { id: string; units: number }[];
  const kinds: Record<string, { ms: number[]; bytes: number[]; worst: string }> = {};
  const record = (kind: string, url: string, r: { ms: number; bytes: number; status: number }): void => {
    if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
    const entry = (kinds[kind] ??= { ms: [], bytes: [], worst: '' });
    entry.ms.push(r.ms);
    if (r.bytes >= Math.max(0, ...entry.bytes)) entry.worst = url;
    entry.bytes.push(r.bytes);
  };
  for (let i = 0; i < rounds; i++) {
    // The most prolific speakers, in a different group of four each round.
    const four = [0, 1, 2, 3].map((k) => speakers[(i * 4 + k) % Math.min(speakers.length, rounds * 4)]!.id);
    const question = questions[i % questions.length]!.id;
    const params = four.map((s) => `speaker=${encodeURIComponent(s)}`).join('&');
    const overview = `/compare?${params}`;
    record('compare, all questions', overview, await timed(overview));
    const onQuestion = `/compare?question=${question}&${params}`;
    const answer = await timed(onQuestion);
    record('compare, one question', onQuestion, answer);
    const more = /href="(\/compare\?[^"]*cell=[^"]*)"/.exec(answer.html)?.[1]?.replace(/&amp;/g, '&');
    if (more) record('compare, one cell', more, await timed(more));
    const questionPage = `/questions/${questions[(i * 7) % questions.length]!.id}`;
    record('question page (chart + matrix)', questionPage, await timed(questionPage));
  }
  console.log(`reading pages on ${units.toLocaleString('en')} generated units, ${rounds} distinct requests per kind (production mode, embedded engine)`);
  console.log('kind                              |  max KB | p50 ms | p95 ms | max ms | heaviest URL');
  for (const [kind, { ms, bytes, worst }] of Object.entries(kinds)) {
    const p = percentiles(ms);
    console.log(`${kind.padEnd(33)} | ${(Math.max(...bytes) / 1024).toFixed(0).padStart(7)} | ${p.p50_ms.toFixed(1).padStart(6)} | ${p.p95_ms.toFixed(1).padStart(6)} | ${Math.max(...ms).toFixed(1).padStart(6)} | ${worst.slice(0, 90)}`);
  }
} finally {
  child.kill('SIGTERM');
}
