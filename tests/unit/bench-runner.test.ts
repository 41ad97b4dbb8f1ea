// The bench's own plumbing, so that it does not rot between runs: argument parsing, percentiles,
// and a tiny run of each in-process engine. Nothing here is timed; only shapes and answers are checked.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBenchArgs } from '../../scripts/bench.ts';
import { measureKeyPoints, renderKeyPoints } from '../../scripts/bench/key-points.ts';
import { generateCorpus } from '../../scripts/bench/generate-corpus.ts';
import { FlexSearchBench, MiniSearchBench } from '../../scripts/bench/library-engines.ts';
import { buildQueryMix, QUERY_KINDS } from '../../scripts/bench/queries.ts';
import { percentiles, runEngine } from '../../scripts/bench/run-engine.ts';
import { facetValues, type FacetField } from '../../server/search/engine.ts';

describe('when the bench arguments are parsed', () => {
  test('when nothing is given, then 100,000 units, every engine with ours first, HTTP on', () => {
    const options = parseBenchArgs([]);
    assert.equal(options.units, 100_000);
    assert.equal(options.engines[0], 'contrepoint-embedded');
    assert.equal(options.http, true);
    assert.equal(options.json, undefined);
  });

  test('when engines are listed in any order, then ours still comes first', () => {
    const options = parseBenchArgs(['--units', '5000', '--engines', 'flexsearch,contrepoint-embedded', '--no-http', '--json=out.json']);
    assert.deepEqual(options.engines, ['contrepoint-embedded', 'flexsearch']);
    assert.equal(options.units, 5000);
    assert.equal(options.http, false);
    assert.equal(options.json, 'out.json');
  });

  test('when --key-points-only is given, then only that section runs', () => {
    assert.equal(parseBenchArgs([]).keyPointsOnly, false);
    assert.equal(parseBenchArgs(['--key-points-only', '--no-http']).keyPointsOnly, true);
  });

  test('when an unknown engine or a bad number is given, then it is refused with the reason', () => {
    assert.throws(() => parseBenchArgs(['--engines', 'lucene']), /unknown engine "lucene"/);
    assert.throws(() => parseBenchArgs(['--units', 'many']), /--units needs a positive number/);
  });
});

describe('when latencies are summarised', () => {
  test('when 100 samples 1..100 are given, then p50, p95 and p99 are the nearest ranks', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.deepEqual(percentiles(samples), { p50_ms: 50, p95_ms: 95, p99_ms: 99 });
    assert.deepEqual(percentiles([]), { p50_ms: 0, p95_ms: 0, p99_ms: 0 });
  });
});

describe('when each engine runs the query mix on a small corpus', () => {
  test('when our engine is measured, then every kind is reported and the result has the JSON shape', async () => {
    const result = await runEngine({ engine: 'contrepoint-embedded', units: 1500, seed: 9, perKind: 3, rounds: 1 }, () => undefined);
    assert.equal(result.name, 'contrepoint-embedded');
    assert.ok(result.build_ms >= 0 && result.peak_rss_mb > 0);
    for (const key of ['p50_ms', 'p95_ms', 'p99_ms'] as const) assert.equal(typeof result.query[key], 'number');
    assert.deepEqual(Object.keys(result.kinds).sort(), [...QUERY_KINDS].sort());
    assert.equal(result.kinds['one-word']?.zero_hits, 0, 'words drawn from the corpus are found');
    assert.equal(result.kinds.accentless?.zero_hits, 0, 'accentless queries find accented text');
  });

  test('when the libraries browse by a filter, then they count exactly the matching units', async () => {
    const { documents, vocabulary } = generateCorpus({ units: 1500, seed: 9 });
    const mix = buildQueryMix(documents, vocabulary, 5).filter((q) => q.kind === 'browse');
    const mini = new MiniSearchBench();
    const flex = new FlexSearchBench();
    await mini.build(documents, () => undefined);
    await flex.build(documents, () => undefined);
    for (const { queries } of mix) {
      const query = queries[0];
      assert.ok(query);
      // Browsing is a pure filter: every engine must count exactly the units that match it.
      const expected = documents.filter((d) => Object.entries(query.filters ?? {}).every(([field, values]) => facetValues(d, field as FacetField).some((v) => (values as string[]).includes(v)))).length;
      assert.equal((await mini.search(query)).total, expected, JSON.stringify(query.filters));
      assert.equal((await flex.search(query)).total, expected, JSON.stringify(query.filters));
    }
    await mini.close();
    await flex.close();
  });
});

describe('when the key points of the busiest question are measured (small corpus, no HTTP)', () => {
  test('when it runs, then it reports the busiest question, its key points and the figures it printed', async () => {
    const result = await measureKeyPoints({ units: 3000, seed: 7, http: false });
    const corpus = generateCorpus({ units: 3000, seed: 7 }).corpus;
    const counts = new Map<string, number>();
    for (const unit of corpus.units) for (const q of new Set((unit.codes ?? (unit.question ? [{ question: unit.question }] : [])).map((c) => c.question))) counts.set(q, (counts.get(q) ?? 0) + 1);
    assert.equal(result.question_units, Math.max(...counts.values()));
    assert.equal(counts.get(result.question), result.question_units);
    assert.ok(result.key_points <= 30 && result.covered <= result.question_units);
    assert.ok(result.steps > 0 && result.longest_step_ms <= result.compute_ms + 1);
    assert.equal(result.http, null);
    const text = renderKeyPoints(result);
    for (const figure of [result.compute_ms, result.longest_step_ms, result.worker_ms, result.loop_delay_max_ms, result.sliced_loop_delay_max_ms]) assert.ok(text.includes(`${figure} ms`), `${figure} ms printed`);
  });
});
