// The corpus cache's pure parts: the one-byte JSON it writes, its packed units, the key of a data folder, and the
// documents' digest remembered from it (server/corpus-cache.ts, server/search/digest.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CorpusSources } from '../../server/corpus/load.ts';
import { latin1Json, packUnits, sourcesKey, unpackUnits } from '../../server/corpus-cache.ts';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { BUNDLED_DATA_DIR } from '../helpers/start-app.ts';
import { corpusDigest, documentsDigest, rememberDocumentsDigest } from '../../server/search/digest.ts';
import type { SearchDocument } from '../../server/search/engine.ts';

test('when a value holds characters of every range, then its one-byte JSON read back as latin1 gives the same value', () => {
  const value = { text: 'é è ÿ œ Ā ’ « » 😀 \ud800 lone, x\u2028y, "quoted" \\u0153 as written', list: ['ÿĀ', 1, null, { nested: 'Ω' }] };
  const bytes = latin1Json(value);
  const json = bytes.toString('latin1');
  assert.ok(json.includes('é') && json.includes('\\u0153') && json.includes('\\ud83d\\ude00'), `Latin-1 letters as they are, the others escaped: ${json}`);
  assert.equal(json.length, bytes.length, 'one byte per character');
  const back: unknown = JSON.parse(json);
  assert.deepStrictEqual(back, value);
  assert.deepStrictEqual(JSON.parse(latin1Json({ plain: 'ascii only' }).toString('latin1')), { plain: 'ascii only' });
});

test('when the bundled units are packed, written and read back, then they are the same units, key for key and in the same order', async () => {
  const { corpus } = await loadValidCorpus(BUNDLED_DATA_DIR);
  const written = JSON.stringify(corpus.units);
  const packed = packUnits(corpus.units);
  assert.equal(JSON.stringify(corpus.units), written, 'packing leaves the corpus as it was');
  assert.ok(packed.strings.length < corpus.units.length * 3, `repeated values written once: ${packed.strings.length} strings`);
  assert.ok(packed.units.every((u) => typeof u.debate === 'number' && typeof u.speaker === 'number'), 'debate and speaker by number');
  const back = unpackUnits(JSON.parse(JSON.stringify(packed.units)), JSON.parse(JSON.stringify(packed.strings)));
  assert.ok(back);
  assert.equal(JSON.stringify(back), written, 'the same JSON: same keys, same order, same values');
  const empty = back.filter((u) => u.relations.length === 0);
  assert.ok(empty.length > 1 && empty.every((u) => u.relations === empty[0]?.relations && Object.isFrozen(u.relations)), 'empty relations: one shared, frozen array');
  assert.ok(back.some((u) => u.relations.length > 0), 'the bundled corpus has relations to round-trip too');
  assert.ok(corpus.units.some((u) => (u.codes?.length ?? 0) > 1 || u.signedAs !== undefined), 'the bundled corpus has several codes or a signature to round-trip');
});

test('when a packed unit points past the strings, then unpacking refuses the entry instead of serving undefined', () => {
  const packed = packUnits([{ id: 'u1', debate: 'd', speaker: 's', kind: 'turn', text: 't', relations: [], order: 1, codes: [{ question: 'q', position: 'p' }], origin: { file: 'f.md', line: 3 } }]);
  assert.deepEqual(unpackUnits(JSON.parse(JSON.stringify(packed.units)), packed.strings)?.[0]?.codes, [{ question: 'q', position: 'p' }]);
  assert.equal(unpackUnits(JSON.parse(JSON.stringify(packed.units)), packed.strings.slice(0, 2)), null);
  const wrongType = JSON.parse(JSON.stringify(packed.units)) as Record<string, unknown>[];
  wrongType[0]!.speaker = 's';
  assert.equal(unpackUnits(wrongType, packed.strings), null, 'a string where a number belongs');
});

function sources(bytes: string, name = 'a.md'): CorpusSources {
  return { root: '/data', exists: true, files: [{ kind: 'debate', path: `/data/debates/${name}`, shown: `data/debates/${name}`, required: false, bytes: Buffer.from(bytes) }] };
}

test('when the files, their names or the code differ, then the key differs; the same bytes and code give the same key', () => {
  const key = sourcesKey(sources('## u1\n- speaker: x\n'), 'code-1');
  assert.equal(sourcesKey(sources('## u1\n- speaker: x\n'), 'code-1'), key);
  assert.notEqual(sourcesKey(sources('## u1\n- speaker: y\n'), 'code-1'), key, 'one byte changed, same size');
  assert.notEqual(sourcesKey(sources('## u1\n- speaker: x\n', 'b.md'), 'code-1'), key, 'another file name');
  assert.notEqual(sourcesKey(sources('## u1\n- speaker: x\n'), 'code-2'), key, 'other code');
  const unreadable: CorpusSources = { ...sources(''), files: [{ ...sources('').files[0]!, bytes: undefined }] };
  assert.notEqual(sourcesKey(unreadable, 'code-1'), sourcesKey(sources(''), 'code-1'), 'an unreadable file is not an empty one');
});

const documents = (): SearchDocument[] => [
  { id: 'u1', text: 'Le community management', speaker: 's', speakerName: 'S', speakerAliases: [], question: [], questionTitle: [], questionTitleEn: [], position: [], positionLabel: [], codes: [], kind: 'turn', debate: 'd', debateTitle: 'D', date: '2010', dateValue: 14610, order: 1, language: 'fr' },
];

test('when a digest is remembered for a frozen documents array, then the digests use it; an unfrozen array is refused', () => {
  const computed = documentsDigest(documents());
  assert.match(computed, /^[0-9a-f]{64}$/);
  const frozen = Object.freeze(documents());
  assert.equal(documentsDigest(frozen), computed, 'the same documents, the same digest');
  rememberDocumentsDigest(frozen, 'f'.repeat(64));
  assert.equal(documentsDigest(frozen), 'f'.repeat(64));
  assert.notEqual(corpusDigest(frozen, { settings: 1 }), corpusDigest(documents(), { settings: 1 }), 'the remembered digest is what the engine digest is made from');
  assert.notEqual(corpusDigest(documents(), { settings: 1 }), corpusDigest(documents(), { settings: 2 }), 'the settings count');
  assert.throws(() => rememberDocumentsDigest(documents(), computed), /frozen/);
});
