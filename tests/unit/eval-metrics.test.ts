// The evaluation's metrics computed by hand on tiny rankings, and its BM25 baseline on a tiny
// corpus: if these are wrong, every figure of docs/relevance.md is.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Bm25Baseline } from '../../scripts/eval/bm25.ts';
import { ndcgAt, recallAt, reciprocalRank, scoreQuery, summarise } from '../../scripts/eval/metrics.ts';
import type { SearchDocument } from '../../server/search/engine.ts';
import { testDocument } from '../helpers/search-document.ts';

const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);

describe('eval metrics', () => {
  const judgments = new Map([
    ['a', 2],
    ['b', 1],
    ['c', 1],
  ]);

  it('when the ranking is ideal, then nDCG is 1; when nothing relevant is found, 0', () => {
    close(ndcgAt(['a', 'b', 'c', 'x'], judgments, 10), 1);
    close(ndcgAt(['x', 'y'], judgments, 10), 0);
  });

  it('when relevant units come lower, then nDCG is the hand-computed ratio', () => {
    // DCG of [x, b, a]: 0 + 1/log2(3) + 3/log2(4) = 0.6309 + 1.5; ideal [a, b, c]: 3 + 1/log2(3) + 1/2.
    const dcg = 1 / Math.log2(3) + 3 / 2;
    const ideal = 3 + 1 / Math.log2(3) + 1 / 2;
    close(ndcgAt(['x', 'b', 'a'], judgments, 10), dcg / ideal);
    // A cutoff of 2 sees only x and b: ideal@2 is 3 + 1/log2(3).
    close(ndcgAt(['x', 'b', 'a'], judgments, 2), 1 / Math.log2(3) / (3 + 1 / Math.log2(3)));
  });

  it('when recall and reciprocal rank are computed, then they count judged units within the cutoff', () => {
    close(recallAt(['x', 'b', 'a'], judgments, 10), 2 / 3);
    close(recallAt(['x', 'b', 'a'], judgments, 2), 1 / 3);
    close(reciprocalRank(['x', 'y', 'c'], judgments, 10), 1 / 3);
    close(reciprocalRank(['x', 'y', 'c'], judgments, 2), 0);
  });

  it('when queries are summarised, then the means and the no-hit share are right', () => {
    const summary = summarise([scoreQuery(['a', 'b', 'c'], judgments), scoreQuery([], judgments)]);
    close(summary.ndcg, 0.5);
    close(summary.recall, 0.5);
    close(summary.mrr, 0.5);
    close(summary.noHit, 0.5);
    assert.equal(summary.queries, 2);
  });
});

describe('eval BM25 baseline', () => {
  const doc = (id: string, text: string): SearchDocument => testDocument(id, text, { dateValue: 0, order: 0 });

  it('when a rare and a common word are asked, then the unit with the rare word ranks first, and any word matches', () => {
    const bm25 = new Bm25Baseline([doc('1', 'guns kill'), doc('2', 'guns guns'), doc('3', 'hunting is a sport'), doc('4', 'guns')]);
    const ranked = bm25.search('guns hunting', 10);
    assert.equal(ranked[0], '3');
    assert.deepEqual([...ranked].sort(), ['1', '2', '3', '4']);
    assert.deepEqual(bm25.search('guns', 10, '2').includes('2'), false, 'an excluded unit is left out');
    assert.deepEqual(bm25.search('the', 10), [], 'stop words match nothing');
  });
});
