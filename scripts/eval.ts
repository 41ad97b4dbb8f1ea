// npm run eval -- [--json FILE] [--baseline FILE] [--per-query] [--help]
// Relevance evaluation: for each test collection (scripts/eval/collections.ts), the embedded
// engine, Meilisearch when MEILI_URL is set (a throwaway index, deleted afterwards), and a plain
// BM25 baseline computed here over the same units are scored with nDCG@10, Recall@10, MRR@10 and
// the share of queries with no hit; "similar arguments" too where the collection judges them.
// Tables go to stdout, progress to stderr. See docs/relevance.md for the figures and their story.

import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { meilisearchClient } from '../server/search/meilisearch/client.ts';
import { EmbeddedEngine } from '../server/search/embedded/embedded-engine.ts';
import type { SearchEngine } from '../server/search/engine.ts';
import { MeilisearchEngine } from '../server/search/meilisearch/meilisearch-engine.ts';
import { runCommand, UsageError } from './cli.ts';
import { Bm25Baseline } from './eval/bm25.ts';
import { loadArgKp, loadSeedJudgments, type Collection } from './eval/collections.ts';
import { loadArgKpKeyPoints, MIN_GOLD, scoreKeyPoints, type KeyPointScore } from './eval/key-points.ts';
import { scoreQuery, summarise, type QueryScores, type Summary } from './eval/metrics.ts';

const USAGE = `Usage: npm run eval -- [options]
  --json FILE       also write every score (per query too) as JSON
  --baseline FILE   compare with an earlier --json output: per-query deltas, and the queries that got worse
  --per-query       print every query's nDCG@10 for each system
  --help            print this and exit
Meilisearch is evaluated too when MEILI_URL (and MEILI_API_KEY if needed) is set.`;

const CUTOFF = 10;

interface SystemRun {
  system: string;
  search: Summary;
  perQuery: Record<string, QueryScores>;
  similar?: Summary;
  /** Why a part was not run. */
  skipped?: string;
}

interface CollectionRun {
  collection: string;
  units: number;
  queries: number;
  runs: SystemRun[];
}

type Ranker = (text: string) => Promise<string[]>;
type SimilarRanker = (unitId: string) => Promise<string[]>;

async function scoreSystem(system: string, collection: Collection, rank: Ranker, similar: SimilarRanker): Promise<SystemRun> {
  const perQuery: Record<string, QueryScores> = {};
  for (const q of collection.queries) perQuery[q.id] = scoreQuery(await rank(q.text), q.judgments, CUTOFF);
  const run: SystemRun = { system, search: summarise(Object.values(perQuery)), perQuery };
  if (collection.similar) {
    const scores: QueryScores[] = [];
    for (const s of collection.similar) scores.push(scoreQuery(await similar(s.unitId), s.judgments, CUTOFF));
    run.similar = summarise(scores);
  }
  return run;
}

function engineRankers(engine: SearchEngine): { rank: Ranker; similar: SimilarRanker } {
  const rank: Ranker = async (text) => (await engine.search({ text, limit: CUTOFF })).hits.map((h) => h.document.id);
  const similar: SimilarRanker = async (id) => (await engine.similar(id, CUTOFF))?.hits.map((h) => h.document.id) ?? [];
  return { rank, similar };
}

async function evaluate(collection: Collection): Promise<CollectionRun> {
  const runs: SystemRun[] = [];
  process.stderr.write(`${collection.name}: ${collection.documents.length} units, ${collection.queries.length} queries\n`);

  const bm25 = new Bm25Baseline(collection.documents);
  const textOf = new Map(collection.documents.map((d) => [d.id, d.text]));
  runs.push(
    await scoreSystem('bm25 (script baseline)', collection, async (text) => bm25.search(text, CUTOFF), async (id) => bm25.search(textOf.get(id) ?? '', CUTOFF, id)),
  );

  const embedded = new EmbeddedEngine({ resultCacheSize: 0 });
  await embedded.reindex(collection.documents);
  const e = engineRankers(embedded);
  runs.push(await scoreSystem('embedded', collection, e.rank, e.similar));
  await embedded.close();

  const url = process.env.MEILI_URL?.trim();
  if (!url) {
    runs.push({ system: 'meilisearch', search: summarise([]), perQuery: {}, skipped: 'MEILI_URL is not set: no Meilisearch server to evaluate (see docs/meilisearch.md)' });
  } else {
    const apiKey = process.env.MEILI_API_KEY?.trim() || undefined;
    const indexName = `contrepoint_eval_${Date.now()}_${randomBytes(4).toString('hex')}`;
    const meili = new MeilisearchEngine({ url, apiKey, indexName, timeoutMs: 60_000 });
    try {
      await meili.reindex(collection.documents);
      const m = engineRankers(meili);
      runs.push(await scoreSystem('meilisearch', collection, m.rank, m.similar));
    } finally {
      await meili.close();
      const client = meilisearchClient({ host: url, apiKey, timeoutMs: 60_000 });
      const { results } = await client.getRawIndexes({ limit: 1000 });
      // Every index the engine made under this throwaway name: its versions (`_v_<time>`) and its pointer (`_live`).
      for (const { uid } of results) if (uid === indexName || uid.startsWith(`${indexName}_`)) await client.deleteIndex(uid).waitTask({ timeout: 60_000 });
    }
  }
  return { collection: collection.name, units: collection.documents.length, queries: collection.queries.length, runs };
}

const f3 = (x: number): string => x.toFixed(3);
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

function printCollection(run: CollectionRun, perQuery: boolean, baseline: CollectionRun | undefined, queryText: Map<string, string>): void {
  console.log(`\n## ${run.collection} (${run.units} units, ${run.queries} queries)\n`);
  console.log('| system | nDCG@10 | Recall@10 | MRR@10 | no hit |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of run.runs) {
    if (r.skipped) console.log(`| ${r.system} | skipped: ${r.skipped} | | | |`);
    else console.log(`| ${r.system} | ${f3(r.search.ndcg)} | ${f3(r.search.recall)} | ${f3(r.search.mrr)} | ${pct(r.search.noHit)} |`);
  }
  const similarRuns = run.runs.filter((r) => r.similar);
  if (similarRuns.length > 0) {
    console.log(`\nSimilar arguments (${similarRuns[0]?.similar?.queries} arguments as queries):\n`);
    console.log('| system | nDCG@10 | Recall@10 | MRR@10 | no hit |');
    console.log('|---|---:|---:|---:|---:|');
    for (const r of similarRuns) {
      const s = r.similar as Summary;
      console.log(`| ${r.system} | ${f3(s.ndcg)} | ${f3(s.recall)} | ${f3(s.mrr)} | ${pct(s.noHit)} |`);
    }
  }
  if (baseline) {
    for (const r of run.runs) {
      const before = baseline.runs.find((b) => b.system === r.system);
      if (!before || r.skipped || before.skipped) continue;
      const worse = Object.entries(r.perQuery).filter(([id, s]) => before.perQuery[id] && s.ndcg < (before.perQuery[id] as QueryScores).ndcg - 1e-9);
      console.log(
        `\n${r.system} against the baseline file: nDCG@10 ${f3(before.search.ndcg)} → ${f3(r.search.ndcg)}; queries scoring lower: ${worse.length === 0 ? 'none' : worse.map(([id]) => id).join(', ')}`,
      );
    }
  }
  if (perQuery) {
    const systems = run.runs.filter((r) => !r.skipped);
    console.log(`\n| query | ${systems.map((s) => s.system).join(' | ')}${baseline ? ' | embedded before' : ''} |`);
    console.log(`|---|${systems.map(() => '---:').join('|')}${baseline ? '|---:' : ''}|`);
    for (const id of Object.keys(systems[0]?.perQuery ?? {})) {
      const before = baseline?.runs.find((b) => b.system === 'embedded')?.perQuery[id];
      console.log(`| ${id}: ${queryText.get(id) ?? ''} | ${systems.map((s) => f3(s.perQuery[id]?.ndcg ?? 0)).join(' | ')}${baseline ? ` | ${before ? f3(before.ndcg) : '-'}` : ''} |`);
    }
  }
}

function printKeyPoints(scores: readonly KeyPointScore[]): void {
  console.log(`\n## Key points: ArgKP dev (${scores[0]?.goldKeyPoints ?? 0} gold key points with at least ${MIN_GOLD} arguments)\n`);
  console.log('Mean over the gold key points of the F1 of the best-matching predicted group (same question).\n');
  console.log('| method | mean best-match F1 | groups | arguments grouped |');
  console.log('|---|---:|---:|---:|');
  for (const s of scores) console.log(`| ${s.method} | ${f3(s.meanF1)} | ${s.groups} | ${pct(s.coverage)} |`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { json: { type: 'string' }, baseline: { type: 'string' }, 'per-query': { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  }).valueOf() as { values: { json?: string; baseline?: string; 'per-query'?: boolean; help?: boolean } };
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const baseline: CollectionRun[] | undefined = values.baseline ? (JSON.parse(await readFile(values.baseline, 'utf8')) as { collections: CollectionRun[] }).collections : undefined;
  const collections = [await loadArgKp(), await loadSeedJudgments()];
  const results: CollectionRun[] = [];
  for (const collection of collections) {
    const run = await evaluate(collection);
    results.push(run);
    const texts = new Map(collection.queries.map((q) => [q.id, q.text]));
    printCollection(run, values['per-query'] ?? false, baseline?.find((b) => b.collection === run.collection), texts);
  }
  const keyPoints = scoreKeyPoints(await loadArgKpKeyPoints());
  printKeyPoints(keyPoints);
  if (values.json) await writeFile(values.json, `${JSON.stringify({ cutoff: CUTOFF, collections: results, keyPoints }, null, 2)}\n`);
  return 0;
}

runCommand(
  () =>
    main().catch((error: unknown) => {
      if (error instanceof TypeError && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw new UsageError(error.message);
      throw error;
    }),
  USAGE,
  () => false,
);
