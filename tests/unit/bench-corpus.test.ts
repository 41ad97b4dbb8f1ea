// The benchmark's corpus generator and query mix: deterministic, shaped like the issue asks, and a
// corpus the real loader and validator accept, so the bench and the load tests measure real data.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { corpusShape, generateCorpus, writeCorpusFolder, zipfSampler, createRandom } from '../../scripts/bench/generate-corpus.ts';
import { buildQueryMix, QUERY_KINDS } from '../../scripts/bench/queries.ts';
import { loadCorpus } from '../../server/corpus/load.ts';

describe('when a corpus is generated', () => {
  const generated = generateCorpus({ units: 5000, seed: 42 });
  const { corpus, documents } = generated;

  test('when the same seed is used twice, then the corpus is the same; another seed gives another', () => {
    assert.deepEqual(generateCorpus({ units: 5000, seed: 42 }), generated);
    assert.notDeepEqual(generateCorpus({ units: 5000, seed: 43 }).corpus.units[0], corpus.units[0]);
  });

  test('when 5,000 units are asked, then speakers, questions and debates follow the issue ratios', () => {
    assert.equal(corpus.units.length, 5000);
    assert.equal(documents.length, 5000);
    assert.deepEqual(corpusShape(5000), { speakers: 100, questions: 10, debates: 25 });
    assert.equal(corpus.speakers.length, 100);
    assert.equal(corpus.questions.length, 10);
    assert.equal(corpus.debates.length, 25);
    for (const question of corpus.questions) assert.ok(question.positions.length >= 3 && question.positions.length <= 7, question.id);
    assert.equal(corpusShape(1_000_000).speakers, 5000, 'speakers are capped');
  });

  test('when the texts are read, then they have accents, elisions and 1 to 3 sentences', () => {
    const texts = corpus.units.map((u) => u.text);
    assert.ok(texts.some((t) => /[éèêàçœ]/.test(t)));
    assert.ok(texts.some((t) => /\b(l|d|qu|j)'\p{L}/u.test(t)));
    for (const text of texts.slice(0, 500)) {
      const sentences = text.split(/(?<=[.?!])\s+(?=\p{Lu})/u).length;
      assert.ok(sentences >= 1 && sentences <= 3, text);
    }
  });

  test('when word ranks are drawn, then the most frequent is far more common than the hundredth (Zipf-like)', () => {
    const next = zipfSampler(createRandom(1), 2000);
    const counts = new Array<number>(2000).fill(0);
    for (let i = 0; i < 100_000; i++) counts[next()]! += 1;
    assert.ok((counts[0] ?? 0) > 5 * (counts[99] ?? 0), `${counts[0]} vs ${counts[99]}`);
    assert.ok((counts[0] ?? 0) < 0.05 * 100_000, 'no single word takes over the text');
  });

  test('when it is written as a data folder, then the real loader reads it back, unit for unit, without errors', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-generated-'));
    try {
      const small = generateCorpus({ units: 1200, seed: 5 });
      await writeCorpusFolder(small.corpus, dir);
      const loaded = await loadCorpus(dir);
      assert.deepEqual(loaded.problems.filter((p) => p.severity === 'error'), []);
      assert.equal(loaded.corpus.units.length, 1200);
      assert.deepEqual(
        loaded.corpus.units.map((u) => [u.id, u.speaker, u.question, u.position, u.text]),
        small.corpus.units.map((u) => [u.id, u.speaker, u.question, u.position, u.text]),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('when the query mix is built, then every kind has its queries and compare asks three speakers', () => {
    const mix = buildQueryMix(documents, generated.vocabulary, 10);
    for (const kind of QUERY_KINDS) assert.equal(mix.filter((q) => q.kind === kind).length, 10, kind);
    for (const query of mix.filter((q) => q.kind === 'compare')) assert.equal(query.queries.length, 3);
    for (const query of mix.filter((q) => q.kind === 'browse')) assert.equal(query.queries[0]?.text, '');
    for (const query of mix.filter((q) => q.kind === 'accentless')) assert.doesNotMatch(query.queries[0]?.text ?? '', /[\u0300-\u036f]|[éèêàçâîôûëïü]/);
    assert.deepEqual(buildQueryMix(documents, generated.vocabulary, 10), mix);
  });
});
