// toSearchDocuments: the documents both engines index. Units with the same codes share one frozen
// set of code arrays (memory at a million units); each document equals the one made on its own.

import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import type { CorpusIndex } from '../../server/corpus/model.ts';
import { toSearchDocument, toSearchDocuments } from '../../server/search/documents.ts';
import { ROOT_DIR } from '../helpers/start-app.ts';

let index: CorpusIndex;

before(async () => {
  ({ index } = await loadValidCorpus(path.join(ROOT_DIR, 'data')));
});

describe('toSearchDocuments', () => {
  it('when documents are made for the whole corpus, then each equals the document made for its unit alone', () => {
    const documents = toSearchDocuments(index);
    assert.equal(documents.length, index.corpus.units.length);
    documents.forEach((document, i) => assert.deepEqual(document, toSearchDocument(index.corpus.units[i]!, index)));
  });

  it('when two units have the same codes, then they share frozen code arrays; different codes share nothing', () => {
    const documents = toSearchDocuments(index);
    const keyOf = (d: (typeof documents)[number]): string => JSON.stringify(d.codes);
    const byKey = new Map<string, (typeof documents)[number][]>();
    for (const d of documents) byKey.set(keyOf(d), [...(byKey.get(keyOf(d)) ?? []), d]);
    const shared = [...byKey.values()].find((group) => group.length > 1);
    assert.ok(shared, 'the seed has units with the same codes');
    const [a, b] = shared;
    for (const field of ['question', 'questionTitle', 'questionTitleEn', 'position', 'positionLabel', 'codes'] as const) {
      assert.equal(a![field], b![field], `${field} is one array`);
      assert.ok(Object.isFrozen(a![field]), `${field} is frozen`);
    }
    assert.throws(() => (a!.question as string[]).push('x'), TypeError);
    const other = [...byKey.values()].find((group) => keyOf(group[0]!) !== keyOf(a!))![0]!;
    assert.notEqual(other.codes, a!.codes);
  });
});
