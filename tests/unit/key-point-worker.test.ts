// The key points thread (server/services/key-point-worker.ts): it answers what the analysis gives in
// this thread, questions asked together each get their own answer, a job that throws is rejected
// with its reason and the thread goes on. And the `:point` of a key point's page.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyPointWork, runAll, type KeyPointInput } from '../../server/analysis/key-points.ts';
import { computeKeyPoints } from '../../server/services/key-point-worker.ts';
import { keyPointPathRank } from '../../server/routes/params.ts';

function themed(prefix: string, themes: number, each: number): KeyPointInput[] {
  const inputs: KeyPointInput[] = [];
  for (let t = 0; t < themes; t++) {
    for (let i = 0; i < each; i++) {
      const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo'].filter((_, w) => w !== i % 5).map((w) => `${w}${String.fromCharCode(97 + t)}q`);
      inputs.push({ id: `${prefix}-${t}-${i}`, position: t % 2 === 0 ? 'q:oui' : 'q:non', text: `${words.join(' ')} mot${String.fromCharCode(97 + i)}`, language: 'fr' });
    }
  }
  return inputs;
}

describe('the key points thread', () => {
  it('when a question is computed in the thread, then it gives the same key points as the analysis run here', async () => {
    const inputs = themed('a', 8, 6);
    const here = runAll(keyPointWork(inputs));
    assert.ok(here.keyPoints.length >= 4, `the themes make key points (${here.keyPoints.length})`);
    assert.deepEqual(await computeKeyPoints(inputs), here);
  });

  it('when several questions are asked at once, then each gets its own answer', async () => {
    const asked = [themed('b', 8, 5), themed('c', 10, 4), themed('d', 12, 4)];
    const answers = await Promise.all(asked.map((inputs) => computeKeyPoints(inputs)));
    answers.forEach((answer, i) => assert.deepEqual(answer, runAll(keyPointWork(asked[i] ?? []))));
  });

  it('when a job throws, then it is rejected with the reason and the next one is answered', async () => {
    // Not a list: the analysis cannot iterate it.
    const broken = 42 as unknown as KeyPointInput[];
    await assert.rejects(computeKeyPoints(broken), /^Error: key points: /);
    const inputs = themed('e', 8, 5);
    assert.deepEqual(await computeKeyPoints(inputs), runAll(keyPointWork(inputs)));
  });
});

describe('the :point of a key point page', () => {
  it('when it is a rank or "other", then it is read; anything else is no key point', () => {
    assert.equal(keyPointPathRank('1'), 1);
    assert.equal(keyPointPathRank('30'), 30);
    assert.equal(keyPointPathRank('other'), 0);
    for (const raw of ['0', '01', '-1', '1.5', 'abc', '', 'Other', '1e2', '9999999']) assert.equal(keyPointPathRank(raw), null, raw);
  });
});
