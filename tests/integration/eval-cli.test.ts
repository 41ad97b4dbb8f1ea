// `npm run eval` end to end, as a developer runs it without a Meilisearch server: the tables come
// out, Meilisearch is skipped with the reason, and the figures meet issue 9's bar (a guard against
// a ranking change that quietly undoes it; the figures themselves are in docs/relevance.md).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ARGKP_DIR } from '../../scripts/eval/collections.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const skip = existsSync(path.join(ARGKP_DIR, 'arguments_dev.csv')) ? false : `the IBM ArgKP dev split is not at ${ARGKP_DIR}`;

interface Run {
  system: string;
  search: { ndcg: number; noHit: number };
  similar?: { ndcg: number };
  skipped?: string;
}

describe('npm run eval', { skip }, () => {
  it('when run without MEILI_URL, then it prints the tables, skips Meilisearch with the reason, and meets the bar', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'contrepoint-eval-'));
    try {
      const json = path.join(dir, 'eval.json');
      const env = { ...process.env };
      delete env.MEILI_URL;
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', '--json', json], { cwd: ROOT, env, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /\| system \| nDCG@10 \| Recall@10 \| MRR@10 \| no hit \|/);
      assert.match(run.stdout, /\| meilisearch \| skipped: MEILI_URL is not set/);
      const { collections } = JSON.parse(await readFile(json, 'utf8')) as { collections: { collection: string; runs: Run[] }[] };
      const [argkp, seed] = collections;
      const system = (runs: Run[], name: string): Run => runs.find((r) => r.system.startsWith(name)) as Run;
      const embedded = system(argkp?.runs ?? [], 'embedded');
      const bm25 = system(argkp?.runs ?? [], 'bm25');
      assert.ok(embedded.search.ndcg >= 0.5, `ArgKP nDCG@10 ${embedded.search.ndcg}`);
      assert.ok(embedded.search.ndcg >= bm25.search.ndcg + 0.05, `ArgKP: ${embedded.search.ndcg} against BM25 ${bm25.search.ndcg}`);
      assert.ok((embedded.similar?.ndcg ?? 0) >= 0.4, `similar arguments nDCG@10 ${embedded.similar?.ndcg}`);
      assert.equal(system(seed?.runs ?? [], 'embedded').search.noHit, 0, 'every French query finds something');
      // Key points (issue 23): the site's clustering beats both baselines on the ArgKP labels.
      assert.match(run.stdout, /## Key points: ArgKP dev/);
      const { keyPoints } = JSON.parse(await readFile(json, 'utf8')) as { keyPoints: { method: string; meanF1: number; goldKeyPoints: number }[] };
      const [ours, ...baselines] = keyPoints;
      assert.ok(ours && ours.goldKeyPoints > 0 && baselines.length === 2);
      for (const b of baselines) assert.ok(ours.meanF1 > b.meanF1 + 0.05, `key points F1 ${ours.meanF1} against ${b.method} ${b.meanF1}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
