// The embedded engine's ranking rules of issue 9, each pinned on a hand-made corpus: every
// meaningful word is optional (a missing word does not end the query), French and English
// stemming by the unit's language with the query stemmed both ways, units matching only through
// metadata after units whose text matches, and similar units (never the unit itself; other
// debates and speakers first).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EmbeddedEngine } from '../../server/search/embedded/embedded-engine.ts';
import type { SearchDocument, SearchResult } from '../../server/search/engine.ts';
import { testDocument } from '../helpers/search-document.ts';

function doc(id: string, text: string, extra: Partial<SearchDocument> = {}): SearchDocument {
  return testDocument(id, text, { language: 'fr', ...extra });
}

async function engineWith(documents: readonly SearchDocument[]): Promise<EmbeddedEngine> {
  const engine = new EmbeddedEngine({ resultCacheSize: 0 });
  await engine.reindex(documents);
  return engine;
}

const ids = (result: SearchResult | null): string[] => (result?.hits ?? []).map((h) => h.document.id);
const marks = (html: string): string[] => [...html.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1] as string);

describe('embedded ranking: every meaningful word is optional', () => {
  const documents = [
    doc('u1', 'Le community manager anime la communauté au quotidien.'),
    doc('u2', 'La stratégie sur les médias sociaux ne s’improvise pas.'),
    doc('u3', 'Un métier qui existe depuis longtemps sous un nouveau nom.'),
    doc('u4', 'Oui j’ai vu :)'),
  ];

  it('when a query word is found nowhere, then the other words still find their units', async () => {
    const engine = await engineWith(documents);
    assert.deepEqual(ids(await engine.search({ text: 'zyxwvu stratégie ' })), ['u2'], 'an unknown first word does not end the query');
    assert.deepEqual(ids(await engine.search({ text: 'stratégie zyxwvu ' })), ['u2'], 'nor an unknown last word');
  });

  it('when a natural-language question has corpus words, then it finds the units that have them', async () => {
    const engine = await engineWith(documents);
    assert.ok(ids(await engine.search({ text: 'qui gère la communauté' })).includes('u1'));
    assert.equal(ids(await engine.search({ text: 'est-ce un vieux métier avec un nouveau nom' }))[0], 'u3');
  });

  it('when units match more of the query, then they come first', async () => {
    const engine = await engineWith([doc('a1', 'La stratégie.'), doc('a2', 'La stratégie des médias sociaux.'), doc('a3', 'Les médias.')]);
    assert.equal(ids(await engine.search({ text: 'stratégie médias sociaux ' }))[0], 'a2');
  });

  it('when a frequent word and a rare word are asked, then the rare word weighs more', async () => {
    const common = Array.from({ length: 8 }, (_, i) => doc(`c${i + 1}`, `Le métier de community manager, épisode ${i}.`));
    const engine = await engineWith([...common, doc('r1', 'La modération demande du temps.'), doc('r2', 'Le métier demande du temps.')]);
    // r1 has the rare word only, c1…c8 the frequent word only: the rare one ranks first.
    assert.equal(ids(await engine.search({ text: 'métier modération ' }))[0], 'r1');
  });
});

describe('embedded ranking: stemming', () => {
  const documents = [
    doc('fr1', 'L’écoute effective des clients est cruciale.', { language: 'fr' }),
    doc('en1', 'Regulation of guns saves lives.', { language: 'en' }),
    doc('fr2', 'La regulation du marché.', { language: 'fr' }),
  ];

  it('when a French word is asked in another form, then the French stem finds it, both ways', async () => {
    const engine = await engineWith(documents);
    assert.deepEqual(ids(await engine.search({ text: 'écouter ' })), ['fr1'], 'écouter finds l’écoute');
    const result = await engine.search({ text: 'pourquoi écouter les retours des clients' });
    assert.equal(ids(result)[0], 'fr1');
    assert.ok(marks(result.hits[0]?.highlight ?? '').includes('écoute'), 'the stem-mate is highlighted');
  });

  it('when an English word is asked in another form, then only English units are matched by the English stem', async () => {
    const engine = await engineWith(documents);
    // "regulate" and "regulation" share the English stem "regul"; in French they do not.
    assert.deepEqual(ids(await engine.search({ text: 'regulate ' })), ['en1']);
    assert.deepEqual(ids(await engine.search({ text: 'gun ' })), ['en1'], 'gun finds guns');
  });
});

describe('embedded ranking: metadata-only matches rank last', () => {
  it('when a word is only in a unit’s debate title or speaker name, then units whose text has it come first', async () => {
    const engine = await engineWith([
      doc('m1', 'Oui j’ai vu :)', { debateTitle: 'Discussions sur la stratégie des marques', speakerName: 'Stratégie Marques' }),
      doc('m2', 'Sans stratégie, rien ne tient.', { debate: 'e', debateTitle: 'Autre débat' }),
      doc('m3', 'Rien à voir.', { debate: 'e', debateTitle: 'Autre débat' }),
    ]);
    const result = await engine.search({ text: 'stratégie marques ' });
    assert.deepEqual(ids(result), ['m2', 'm1'], 'the text match first, although m1 matches both words through metadata');
    assert.deepEqual(marks(result.hits[0]?.highlight ?? ''), ['stratégie'], 'the highlight shows why m2 is there');
    assert.equal(result.hits[0]?.matchedIn, undefined, 'a text match needs no other reason');
    const m1 = result.hits[1];
    assert.deepEqual(marks(m1?.highlight ?? ''), [], 'm1’s text has none of the words');
    assert.deepEqual(
      m1?.matchedIn?.map((m) => [m.field, marks(m.highlight)]),
      [
        ['speakerName', ['Stratégie', 'Marques']],
        ['debateTitle', ['stratégie', 'marques']],
      ],
      'its reason is shown: the metadata fields that matched, highlighted',
    );
  });
});

describe('embedded similar units', () => {
  const documents = [
    doc('s1', 'Les uniformes scolaires réduisent le harcèlement entre élèves.', { speaker: 'ann', debate: 'd1' }),
    doc('s2', 'Le harcèlement entre élèves baisse avec les uniformes scolaires.', { speaker: 'ann', debate: 'd1' }),
    doc('s3', 'Avec un uniforme scolaire, moins de harcèlement entre élèves.', { speaker: 'bob', debate: 'd2' }),
    doc('s4', 'Le budget de la cantine augmente.', { speaker: 'bob', debate: 'd2' }),
  ];

  it('when similar units are asked, then the unit itself is never among them and other debates and speakers come first', async () => {
    const engine = await engineWith(documents);
    const result = await engine.similar('s1', 10);
    assert.ok(result);
    assert.ok(!ids(result).includes('s1'), 'the unit itself is excluded');
    assert.deepEqual(ids(result), ['s3', 's2'], 'another speaker in another debate first; the unrelated unit not at all');
    assert.equal(result.total, 2);
  });

  it('when the unit is unknown, then the answer is null; a limit is respected', async () => {
    const engine = await engineWith(documents);
    assert.equal(await engine.similar('nope', 5), null);
    assert.equal(ids(await engine.similar('s1', 1)).length, 1);
  });
});
