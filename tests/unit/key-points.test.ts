// The key points' clustering (server/analysis/key-points.ts) on small made-up questions: what a
// word weighs depends on how many of the question's units hold it, both sides together.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keyPoints, type KeyPointInput } from '../../server/analysis/key-points.ts';

const unit = (id: string, position: string, text: string): KeyPointInput => ({ id, position, text, language: 'en' });

describe('key points of a question', () => {
  test('when units of one side share only the topic word that the other side uses too, then they make no key point together', () => {
    // "uniforms" is the question's topic: in every unit of "against", and twice in three units of "for".
    // Within the "for" side alone it would look telling (half its units); over the question it is in 9 of 12.
    const inputs = [
      unit('f1', 'for', 'uniforms uniforms alpha'),
      unit('f2', 'for', 'uniforms uniforms bravo'),
      unit('f3', 'for', 'uniforms uniforms charlie'),
      unit('f4', 'for', 'delta echo'),
      unit('f5', 'for', 'foxtrot golf'),
      unit('f6', 'for', 'hotel india'),
      ...['juliet', 'kilo', 'lima', 'mike', 'november', 'oscar'].map((w, i) => unit(`a${i}`, 'against', `uniforms ${w} ${w}s`)),
    ];
    const grouped = keyPoints(inputs).keyPoints.filter((kp) => kp.position === 'for');
    assert.deepEqual(grouped, [], 'no key point stands on the topic word alone');
  });

  test('when units of one side share a word (or its stem) the other side does not use, then they make a key point, labelled by one of them', () => {
    const others = ['delta echo', 'foxtrot golf', 'hotel india', 'juliet kilo', 'lima mike', 'november oscar', 'papa quebec', 'romeo sierra', 'tango victor'];
    const inputs = [
      unit('f1', 'for', 'bullying alpha'),
      unit('f2', 'for', 'bullying bravo'),
      unit('f3', 'for', 'bullied charlie'),
      ...others.map((text, i) => unit(`o${i}`, 'for', text)),
      ...['whiskey', 'xray', 'yankee', 'zulu'].map((w, i) => unit(`a${i}`, 'against', `uniforms ${w}`)),
    ];
    const forSide = keyPoints(inputs).keyPoints.filter((kp) => kp.position === 'for');
    assert.equal(forSide.length, 1);
    assert.deepEqual([...(forSide[0]?.units ?? [])].sort(), ['f1', 'f2', 'f3']);
    assert.ok(['f1', 'f2', 'f3'].includes(forSide[0]?.labelUnit ?? ''));
  });
});
