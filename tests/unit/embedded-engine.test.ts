// What the shared contract cannot assert: the embedded engine's own rules and internals (typo
// rules against a brute force, one-letter prefix cap, query word limit, ranking and facets against
// a naive model on random documents, atomic reindex, snapshots).

import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { EmbeddedEngine } from '../../server/search/embedded/embedded-engine.ts';
import { PREFIX_POSTINGS_THRESHOLD } from '../../server/search/embedded/build.ts';
import { Vocabulary } from '../../server/search/embedded/vocabulary.ts';
import { editDistance } from '../../server/search/text.ts';
import { FACET_FIELDS, facetValues, type FacetField, type SearchDocument } from '../../server/search/engine.ts';
import { fixtureDocuments } from '../contract/fixture-documents.ts';
import { testDocument } from '../helpers/search-document.ts';

const doc = testDocument;

async function engineWith(documents: readonly SearchDocument[]): Promise<EmbeddedEngine> {
  const engine = new EmbeddedEngine();
  await engine.reindex(documents);
  return engine;
}

const ids = (hits: { document: SearchDocument }[]): string[] => hits.map((h) => h.document.id);

describe('vocabulary typo matches', () => {
  /** The rule written plainly: same first letter within maxTypos, or another first letter at one edit (two typos). */
  function bruteForce(terms: string[], word: string, maxTypos: number, prefix: boolean): Map<string, number> {
    const found = new Map<string, number>();
    for (const term of terms) {
      const candidates = prefix ? Array.from({ length: term.length + 1 }, (_, k) => term.slice(0, k)) : [term];
      let best = Infinity;
      for (const c of candidates) best = Math.min(best, editDistance(word, c));
      if (best === 0) continue;
      if (term[0] === word[0] && best <= maxTypos) found.set(term, best);
      else if (term[0] !== word[0] && maxTypos >= 2 && best === 1) found.set(term, 2);
    }
    return found;
  }

  it('when words are expanded over a vocabulary, then the trie walk finds exactly what a brute force finds', () => {
    const letters = fc.constantFrom('a', 'b', 'c', 'e', 'r', 's');
    const word = fc.array(letters, { minLength: 1, maxLength: 9 }).map((l) => l.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 60 }), word, fc.integer({ min: 1, max: 2 }), fc.boolean(), (list, query, maxTypos, prefix) => {
        const terms = [...list].sort();
        const vocabulary = new Vocabulary(terms, new Uint32Array(terms.length));
        const got = new Map(vocabulary.typoMatches(query, maxTypos, prefix).map((m) => [terms[m.term] as string, m.typos]));
        assert.deepEqual(got, bruteForce(terms, query, maxTypos, prefix));
      }),
      { numRuns: 300 },
    );
  });
});

describe('embedded engine rules', () => {
  it('when there is no index yet, then health is not ok and searches are empty', async () => {
    const engine = new EmbeddedEngine();
    assert.equal((await engine.health()).ok, false);
    const result = await engine.search({ text: 'anything' });
    assert.equal(result.total, 0);
    assert.deepEqual(result.hits, []);
  });

  it('when words are short or lose their first letter, then typo tolerance follows Meilisearch', async () => {
    const engine = await engineWith(fixtureDocuments);
    assert.equal((await engine.search({ text: 'rote' })).total, 0, 'no typo under 5 letters');
    assert.equal((await engine.search({ text: 'xampagne' })).total, 0, 'one typo may not change the first letter');
    assert.ok(ids((await engine.search({ text: 'ztagiaire' })).hits).includes('n0-1'), 'from 9 letters, a first-letter typo counts as two');
    assert.ok(ids((await engine.search({ text: 'stagaiires' })).hits).includes('n0-1'), 'two typos from 9 letters');
  });

  it('when a query has more than ten words, then the words after the tenth are ignored', async () => {
    const engine = await engineWith(fixtureDocuments);
    const filler = 'aaaa bbbb cccc dddd eeee ffff gggg hhhh';
    const tenth = await engine.search({ text: `campagne ${filler} budget` });
    const eleventh = await engine.search({ text: `campagne ${filler} iiii budget` });
    const mark = (r: typeof tenth): string => r.hits.find((h) => h.document.id === 'iv-1')?.highlight ?? '';
    assert.match(mark(tenth), /<mark>budget<\/mark>/);
    assert.doesNotMatch(mark(eleventh), /<mark>budget<\/mark>/);
  });

  it('when a query has only stop words, then they are searched', async () => {
    const engine = await engineWith(fixtureDocuments);
    const result = await engine.search({ text: 'la ' });
    assert.ok(result.total > 0);
    assert.ok(result.hits.every((h) => /(^|\P{L})la(\P{L}|$)/iu.test(`${h.document.text} ${h.document.questionTitle.join(' ')} ${h.document.positionLabel.join(' ')} ${h.document.debateTitle}`)));
  });

  it('when a query word is longer than any indexed word, then it finds nothing and costs little', async () => {
    const engine = await engineWith(fixtureDocuments);
    const started = performance.now();
    const result = await engine.search({ text: Array.from({ length: 10 }, () => 'stratégie'.repeat(200)).join(' ') });
    assert.equal(result.total, 0);
    assert.ok(performance.now() - started < 1000, 'no edit-distance table over huge words');
  });

  it('when a prefix ends inside an accented letter or a ligature, then the mark covers whole original letters', async () => {
    const engine = await engineWith(fixtureDocuments);
    const strate = (await engine.search({ text: 'straté' })).hits.find((h) => h.document.id === 'n0-3');
    assert.match(strate?.highlight ?? '', /<mark>straté<\/mark>gie/);
    const oeuv = (await engine.search({ text: 'oeuv' })).hits.find((h) => h.document.id === 'ps-5');
    assert.match(oeuv?.highlight ?? '', /l’<mark>œuv<\/mark>re/);
    const phrase = (await engine.search({ text: 'RP' })).hits.find((h) => h.document.id === 'n0-5');
    assert.match(phrase?.highlight ?? '', /<mark>relations<\/mark> <mark>publiques<\/mark>/);
  });

  it('when the last word is followed by a space, then it is not a prefix', async () => {
    const engine = await engineWith(fixtureDocuments);
    assert.ok((await engine.search({ text: 'strat' })).total > 0);
    assert.equal((await engine.search({ text: 'strat ' })).total, 0);
  });

  it('when a short prefix has many expansions, then every word starting with it is found', async () => {
    // Word k appears in k + 1 documents: enough postings for the prefix "q" to get its own list.
    const docs: SearchDocument[] = [];
    const words = Array.from({ length: 60 }, (_, k) => `q${String.fromCharCode(97 + (k % 26))}${String.fromCharCode(97 + Math.floor(k / 26))}`);
    words.forEach((word, k) => {
      for (let n = 0; n <= k; n++) docs.push(doc(`w${k}-${n}`, `${word} texte`, { order: docs.length }));
    });
    assert.ok(docs.length >= PREFIX_POSTINGS_THRESHOLD, 'the corpus is large enough for precomputed prefix postings');
    const engine = await engineWith(docs);
    const result = await engine.search({ text: 'q', limit: 100 });
    assert.equal(result.total, docs.length);
    assert.match(result.hits[0]?.highlight ?? '', /^<mark>q<\/mark>/);
    assert.equal((await engine.search({ text: 'qa' })).total, 1 + 27 + 53, 'a lighter prefix merges its words');
    assert.equal((await engine.search({ text: 'qaa' })).total, 1);
  });
});

describe('embedded engine against a naive model', () => {
  // Random documents over a tiny vocabulary, so that queries match many documents with many ties.
  // Words sharing prefixes, and enough documents for some prefixes to get precomputed postings.
  const vocabulary = ['alpha', 'alpine', 'bravo', 'brisk', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'gold', 'hotel'];
  const speakers = ['s1', 's2', 's3'];
  const kinds = ['argument', 'turn', 'comment'] as const;
  const documents: SearchDocument[] = [];
  let seed = 7;
  const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  for (let i = 0; i < 1500; i++) {
    const text = Array.from({ length: 3 + random(8) }, () => vocabulary[random(vocabulary.length)]).join(' ');
    documents.push(
      doc(`r${i}`, text, {
        speaker: speakers[random(3)] as string,
        kind: kinds[random(3)] as (typeof kinds)[number],
        debate: `d${random(5)}`,
        dateValue: 14000 + random(6),
        order: i,
        // Zero, one or two codes: the multi-valued columns are checked against brute force too.
        question: [...new Set(Array.from({ length: random(3) }, () => `q${random(3)}`))],
      }),
    );
  }
  let engine: EmbeddedEngine;
  const ready = engineWith(documents).then((e) => (engine = e));

  it('when results are paged with any page size, then the pages join into the full ranking', async () => {
    await ready;
    for (const text of ['alpha', 'al', 'alpha bravo', 'charlie delta echo', 'golf ', 'gol', '']) {
      for (const sort of ['relevance', 'date-desc', 'date-asc'] as const) {
        const full = await engine.search({ text, sort, limit: 100 });
        const all = ids(full.hits);
        for (const size of [1, 7, 33]) {
          const joined: string[] = [];
          for (let page = 1; joined.length < all.length; page++) joined.push(...ids((await engine.search({ text, sort, limit: size, page })).hits));
          assert.deepEqual(joined.slice(0, all.length), all, `"${text}" ${sort} by ${size}`);
        }
      }
    }
  });

  it('when filters and facets are asked, then totals and counts equal a plain scan', async () => {
    await ready;
    const cases = [
      { text: '', filters: { speaker: ['s1', 's3'], kind: ['turn'] } },
      { text: 'alpha', filters: { debate: ['d1', 'd2'] } },
      { text: 'bravo charlie', filters: {} },
      { text: 'hotel', filters: { question: ['q1'] } },
      { text: '', filters: { question: ['q0', 'q2'], speaker: ['s2'] } },
      { text: 'a', filters: { kind: ['turn', 'comment'] } },
      { text: 'br', filters: {} },
    ];
    for (const { text, filters } of cases) {
      const result = await engine.search({ text, filters, facets: FACET_FIELDS, limit: 1 });
      // OR matching: any query word; the last one (still being typed) as a prefix.
      const words = text.split(' ').filter(Boolean);
      const matchesWord = (w: string, q: string, i: number): boolean => (i === words.length - 1 ? w.startsWith(q) : w === q);
      const matches = documents.filter(
        (d) =>
          (words.length === 0 || words.some((q, i) => d.text.split(' ').some((w) => matchesWord(w, q, i)))) &&
          Object.entries(filters).every(([field, values]) => facetValues(d, field as FacetField).some((v) => (values as string[]).includes(v))),
      );
      assert.equal(result.total, matches.length, `total of "${text}"`);
      for (const field of FACET_FIELDS) {
        const expected: Record<string, number> = {};
        for (const d of matches) for (const v of facetValues(d, field)) expected[v] = (expected[v] ?? 0) + 1;
        assert.deepEqual(result.facets[field], expected, `${field} facet of "${text}"`);
      }
    }
  });

  it('when sorted by date with a query, then dates are monotonic', async () => {
    await ready;
    const result = await engine.search({ text: 'delta', sort: 'date-desc', limit: 100 });
    const dates = result.hits.map((h) => h.document.dateValue);
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a));
  });
});

describe('embedded engine ranking of several words', () => {
  // Five units say both words, forty each say one, a hundred neither: a page of up to five is
  // filled from the units matching two words alone (no other candidate is ranked), a larger page
  // needs every candidate; both must give the same order.
  const documents: SearchDocument[] = [];
  for (let i = 0; i < 5; i++) documents.push(doc(`both${i}`, `zeta ${'filler '.repeat(4 - i)}theta`, { order: i }));
  for (let i = 0; i < 40; i++) documents.push(doc(`zeta${i}`, `zeta ${'other '.repeat(i % 7)}`, { order: 100 + i }));
  for (let i = 0; i < 40; i++) documents.push(doc(`theta${i}`, `theta ${'other '.repeat(i % 5)}`, { order: 200 + i }));
  for (let i = 0; i < 100; i++) documents.push(doc(`none${i}`, 'nothing here', { order: 300 + i }));
  let engine: EmbeddedEngine;
  const ready = engineWith(documents).then((e) => (engine = e));

  it('when the page fills from units matching two words or not, then the order is the same', async () => {
    await ready;
    const full = ids((await engine.search({ text: 'zeta theta ', limit: 100 })).hits);
    assert.equal(full.length, 85);
    // The units saying both words first, the shortest (most on point) first.
    assert.deepEqual(full.slice(0, 5), ['both4', 'both3', 'both2', 'both1', 'both0']);
    for (const size of [1, 2, 3, 5, 6, 20]) {
      const joined: string[] = [];
      for (let page = 1; joined.length < full.length; page++) joined.push(...ids((await engine.search({ text: 'zeta theta ', limit: size, page })).hits));
      assert.deepEqual(joined, full, `pages of ${size}`);
    }
  });
});

describe('embedded engine filtered browsing', () => {
  // Small debates and rare codes, so that a filter's documents are read from its value lists
  // (under a 16th of the corpus), several values of a multi-valued field overlap on one unit, and
  // some units carry four codes (more than the slot columns hold: counted from the offsets).
  const documents: SearchDocument[] = [];
  let seed = 11;
  const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  for (let i = 0; i < 2000; i++) {
    const codes = i % 97 === 0 ? 4 : random(3);
    documents.push(
      doc(`b${i}`, `word${random(5)} text`, {
        speaker: `s${random(4)}`,
        kind: (['argument', 'turn', 'comment'] as const)[random(3)] as SearchDocument['kind'],
        debate: `d${random(40)}`,
        dateValue: 14000 + random(30),
        order: i,
        question: [...new Set(Array.from({ length: codes }, () => `q${random(60)}`))],
      }),
    );
  }
  const corpusOrder = (a: SearchDocument, b: SearchDocument): number => a.dateValue - b.dateValue || (a.debate < b.debate ? -1 : a.debate > b.debate ? 1 : 0) || a.order - b.order;
  let engine: EmbeddedEngine;
  const ready = engineWith(documents).then((e) => (engine = e));

  it('when a browse is filtered, then its units, their order and the facet counts equal a plain scan', async () => {
    await ready;
    const cases: Partial<Record<FacetField, string[]>>[] = [
      { debate: ['d3'] },
      { debate: ['d3', 'd7', 'unknown'] },
      { question: ['q1', 'q2', 'q5'] },
      { question: ['q4'], speaker: ['s1', 's2'] },
      { speaker: ['s0'], debate: ['d9', 'd10'] },
      { kind: ['turn'], question: ['q8', 'q9'] },
      { speaker: ['s1'] },
    ];
    for (const filters of cases) {
      const matches = documents.filter((d) => Object.entries(filters).every(([field, values]) => facetValues(d, field as FacetField).some((v) => values.includes(v))));
      for (const sort of ['relevance', 'date-asc', 'date-desc'] as const) {
        const expected = [...matches].sort(sort === 'date-desc' ? (a, b) => b.dateValue - a.dateValue || corpusOrder(a, b) : corpusOrder).map((d) => d.id);
        const got: string[] = [];
        let total = -1;
        for (let page = 1; got.length < expected.length || page === 1; page++) {
          const result = await engine.search({ text: '', filters, sort, limit: 100, page, facets: FACET_FIELDS });
          total = result.total;
          got.push(...ids(result.hits));
          if (page === 1) {
            for (const field of FACET_FIELDS) {
              const counts: Record<string, number> = {};
              for (const d of matches) for (const v of facetValues(d, field)) counts[v] = (counts[v] ?? 0) + 1;
              assert.deepEqual(result.facets[field], counts, `${field} facet of ${JSON.stringify(filters)}`);
            }
          }
          if (result.hits.length === 0) break;
        }
        assert.equal(total, matches.length, `total of ${JSON.stringify(filters)}`);
        assert.deepEqual(got, expected, `${JSON.stringify(filters)} ${sort}`);
      }
    }
  });
});

describe('embedded engine index lifecycle', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(path.join(tmpdir(), 'contrepoint-index-'));
    dirs.push(dir);
    return dir;
  };

  it('when the documents are empty, then the index is healthy and every search is empty', async () => {
    const engine = await engineWith([]);
    assert.deepEqual(await engine.health(), { ok: true, engine: 'embedded', documents: 0 });
    for (const text of ['', 'stratégie', 's']) {
      const result = await engine.search({ text, facets: ['speaker'] });
      assert.equal(result.total, 0);
      assert.deepEqual(result.facets, { speaker: {} });
    }
  });

  it('when reindexes overlap, then they run in turn and the last one is served', async () => {
    const engine = new EmbeddedEngine();
    const first = engine.reindex(fixtureDocuments);
    const second = engine.reindex(fixtureDocuments.slice(0, 3));
    await Promise.all([first, second]);
    assert.equal((await engine.search({ text: '' })).total, 3);
  });

  it('when a reindex fails, then the previous index keeps serving', async () => {
    const engine = await engineWith(fixtureDocuments);
    const broken = [fixtureDocuments[0] as SearchDocument, null as unknown as SearchDocument];
    await assert.rejects(engine.reindex(broken));
    assert.equal((await engine.health()).documents, fixtureDocuments.length);
    assert.ok((await engine.search({ text: 'stratégie' })).total > 0);
  });

  it('when searching during a reindex, then the previous index answers until the new one is swapped in', async () => {
    const engine = await engineWith(fixtureDocuments);
    const big = Array.from({ length: 30_000 }, (_, i) => doc(`b${i}`, `texte numéro ${i} du corpus`, { order: i }));
    let progress = 0;
    const building = engine.reindex(big, (done) => (progress = done));
    const during = await engine.search({ text: '' });
    assert.equal(during.total, fixtureDocuments.length, 'answered from the old index');
    await building;
    assert.equal(progress, big.length);
    assert.equal((await engine.search({ text: '' })).total, big.length);
    assert.equal((await engine.health()).documents, big.length);
  });

  it('when a snapshot of the same documents exists, then a new engine loads it instead of building', async () => {
    const cacheDir = await tempDir();
    const first = new EmbeddedEngine({ cacheDir });
    await first.reindex(fixtureDocuments);
    assert.equal(first.lastIndexOrigin, 'built');
    assert.equal((await readdir(cacheDir)).filter((f) => f.endsWith('.v8')).length, 1);

    const second = new EmbeddedEngine({ cacheDir });
    await second.reindex(fixtureDocuments);
    assert.equal(second.lastIndexOrigin, 'snapshot');
    for (const text of ['stratégie', 'cm', 'Sandra RP', '']) {
      const a = await first.search({ text, facets: FACET_FIELDS });
      const b = await second.search({ text, facets: FACET_FIELDS });
      assert.deepEqual({ ...b, tookMs: 0 }, { ...a, tookMs: 0 });
    }

    const changed = [...fixtureDocuments.slice(1)];
    const third = new EmbeddedEngine({ cacheDir });
    await third.reindex(changed);
    assert.equal(third.lastIndexOrigin, 'built', 'other documents are rebuilt');
    assert.equal((await readdir(cacheDir)).filter((f) => f.endsWith('.v8')).length, 1, 'older snapshots are removed');
  });

  it('when a snapshot is corrupt, then it is ignored and the index is rebuilt', async () => {
    const cacheDir = await tempDir();
    await new EmbeddedEngine({ cacheDir }).reindex(fixtureDocuments);
    const [file] = (await readdir(cacheDir)).filter((f) => f.endsWith('.v8'));
    assert.ok(file);
    await writeFile(path.join(cacheDir, file), 'not a snapshot');
    const engine = new EmbeddedEngine({ cacheDir });
    await engine.reindex(fixtureDocuments);
    assert.equal(engine.lastIndexOrigin, 'built');
    assert.ok((await engine.search({ text: 'stratégie' })).total > 0);
    const again = new EmbeddedEngine({ cacheDir });
    await again.reindex(fixtureDocuments);
    assert.equal(again.lastIndexOrigin, 'snapshot', 'the rebuilt index was saved again');
  });

  it('when the cache folder cannot be written, then reindex still succeeds', async () => {
    const dir = await tempDir();
    const blocked = path.join(dir, 'file');
    await writeFile(blocked, 'x');
    const engine = new EmbeddedEngine({ cacheDir: path.join(blocked, 'sub') });
    await engine.reindex(fixtureDocuments);
    assert.equal((await engine.health()).ok, true);
  });
});
