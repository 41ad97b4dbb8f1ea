// What only a real Meilisearch server can show: index versions and their pointer, a start-up that
// reuses an index holding the same corpus, a running site that follows a reindex made elsewhere,
// settings as applied, a task the server refuses, filter values with quotes and backslashes,
// facet counts equal to the embedded engine's on the same corpus, and similar units found wherever
// the embedded engine finds some. Skipped without MEILI_URL.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { Meilisearch } from 'meilisearch';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { SearchUnavailableError } from '../../server/errors.ts';
import { silentLogger } from '../../server/logger.ts';
import { toSearchDocuments } from '../../server/search/documents.ts';
import { EmbeddedEngine } from '../../server/search/embedded/embedded-engine.ts';
import { FACET_FIELDS, type SearchDocument, type SearchFilters } from '../../server/search/engine.ts';
import { MeilisearchEngine, pointerIndexName } from '../../server/search/meilisearch/meilisearch-engine.ts';
import { meilisearchSettings } from '../../server/search/meilisearch/settings.ts';
import { MEILISEARCH_REQUEST_HEADERS } from '../../server/search/meilisearch/client.ts';
import { SiteState, openServedCorpus } from '../../server/site-state.ts';
import { deleteIndexesOf, liveMeilisearch, NO_MEILISEARCH, throwawayIndexName } from '../helpers/meilisearch.ts';
import { BUNDLED_DATA_DIR, FIXTURE_DATA_DIR } from '../helpers/start-app.ts';

const server = liveMeilisearch();
const skip = server ? false : NO_MEILISEARCH;

function engineFor(indexName: string): MeilisearchEngine {
  if (!server) throw new Error(NO_MEILISEARCH);
  return new MeilisearchEngine({ url: server.url, apiKey: server.apiKey, indexName, timeoutMs: 30_000 });
}

/** Both engines over the same units, Meilisearch in a throwaway index deleted afterwards, for one test. */
async function withBothEngines(name: string, corpus: readonly SearchDocument[], run: (meili: MeilisearchEngine, embedded: EmbeddedEngine) => Promise<void>): Promise<void> {
  const indexName = throwawayIndexName(name);
  const meili = engineFor(indexName);
  const embedded = new EmbeddedEngine({ cacheDir: null });
  try {
    await meili.open(corpus);
    await embedded.reindex(corpus);
    await run(meili, embedded);
  } finally {
    await meili.close();
    await embedded.close();
    if (server) await deleteIndexesOf(server, indexName);
  }
}

async function indexesOf(indexName: string): Promise<string[]> {
  if (!server) return [];
  const client = new Meilisearch({ host: server.url, apiKey: server.apiKey });
  const { results } = await client.getRawIndexes({ limit: 1000 });
  return results.map((i) => i.uid).filter((uid) => uid === indexName || uid.startsWith(`${indexName}_`)).sort();
}

describe('Meilisearch, live', { skip }, () => {
  const indexName = throwawayIndexName('live');
  let documents: SearchDocument[];
  let work: string;
  before(async () => {
    documents = toSearchDocuments((await loadValidCorpus(BUNDLED_DATA_DIR)).index);
    work = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-meili-'));
  });
  after(async () => {
    if (server) await deleteIndexesOf(server, indexName);
    await rm(work, { recursive: true, force: true });
  });

  test('when the same corpus is opened twice, then the second open reuses the index; a changed corpus builds a new version', async () => {
    const first = engineFor(indexName);
    assert.equal(await first.open(documents), 'built');
    const second = engineFor(indexName);
    assert.equal(await second.open(documents), 'reused');
    assert.equal(second.servingDigest, first.servingDigest);
    assert.equal((await second.search({ text: 'stagiaire' })).total, (await first.search({ text: 'stagiaire' })).total);

    const changed = documents.map((d, i) => (i === 0 ? { ...d, text: `${d.text} ornithorynque` } : d));
    const third = engineFor(indexName);
    assert.equal(await third.open(changed), 'built');
    assert.notEqual(third.servingDigest, first.servingDigest);
    assert.equal((await third.search({ text: 'ornithorynque' })).total, 1);
    // The first engine still reads its own version: it moves only when its site reloads.
    assert.equal((await first.search({ text: 'ornithorynque' })).total, 0);
    const versions = (await indexesOf(indexName)).filter((uid) => uid.includes('_v_'));
    assert.equal(versions.length, 2, `the live version and the one before it are kept: ${versions.join(', ')}`);
    assert.ok((await indexesOf(indexName)).includes(pointerIndexName(indexName)));
  });

  test('when a third reindex runs, then only the live version and the previous one remain', async () => {
    const engine = engineFor(indexName);
    await engine.reindex(documents);
    const versions = (await indexesOf(indexName)).filter((uid) => uid.includes('_v_'));
    assert.equal(versions.length, 2, versions.join(', '));
  });

  test('when a search asks for an uncompressed answer, then the server sends none compressed, where by default it compresses', async () => {
    // The cause of a 40 ms floor per search (server/search/meilisearch/client.ts): Node's fetch asks
    // for gzip by default, and Meilisearch then writes a compressed body apart from its headers.
    const engine = engineFor(indexName);
    await engine.open(documents);
    const uid = engine.servingDigest?.split('/')[1];
    assert.ok(uid, 'the engine serves a version');
    const ask = (headers: Record<string, string>): Promise<Response> =>
      fetch(`${server!.url}/indexes/${uid}/search`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(server!.apiKey ? { Authorization: `Bearer ${server!.apiKey}` } : {}), ...headers },
        body: JSON.stringify({ q: 'stagiaire', facets: ['speaker'], attributesToHighlight: ['text'] }),
      });
    const byDefault = await ask({});
    await byDefault.arrayBuffer();
    assert.equal(byDefault.headers.get('content-encoding'), 'gzip', 'the server compresses when fetch asks for gzip');
    const ours = await ask({ ...MEILISEARCH_REQUEST_HEADERS });
    const answer = (await ours.json()) as { hits: unknown[] };
    assert.equal(ours.headers.get('content-encoding'), null);
    assert.ok(answer.hits.length > 0);
    await engine.close();
  });

  test('when an index is built, then the server holds exactly our settings', async () => {
    const engine = engineFor(indexName);
    await engine.open(documents);
    const client = new Meilisearch({ host: server!.url, apiKey: server!.apiKey });
    const pointer = await client.index<{ uid: string }>(pointerIndexName(indexName)).getDocument('live');
    const applied = await client.index(pointer.uid).getSettings();
    const wanted = meilisearchSettings();
    assert.deepEqual(applied.searchableAttributes, wanted.searchableAttributes);
    assert.deepEqual([...(applied.filterableAttributes ?? [])].sort(), [...(wanted.filterableAttributes ?? [])].sort());
    assert.deepEqual(applied.rankingRules, wanted.rankingRules);
    // The server gives stop words back decomposed (NFD): compare them composed.
    const composed = (words: readonly string[] | null | undefined): string[] => [...new Set((words ?? []).map((w) => w.normalize('NFC')))].sort();
    assert.deepEqual(composed(applied.stopWords), composed(wanted.stopWords));
    assert.deepEqual(applied.pagination, wanted.pagination);
    assert.equal(Object.keys(applied.synonyms ?? {}).length, Object.keys(wanted.synonyms ?? {}).length);
  });

  test('when the server refuses a batch (a task fails), then the reindex rejects, the pointer is unchanged and the previous version serves', async () => {
    const engine = engineFor(indexName);
    await engine.open(documents);
    const before = engine.servingDigest;
    const versionsBefore = await indexesOf(indexName);
    // An id whose key is longer than Meilisearch's 511 bytes: the request is accepted, the task fails.
    const refused = documents.map((d, i) => (i === 3 ? { ...d, id: 'x'.repeat(600) } : d));
    await assert.rejects(engine.reindex(refused), (error: unknown) => {
      assert.ok(error instanceof SearchUnavailableError);
      assert.match(error.message, /could not index documents 1 to \d+: .*invalid_document_id/);
      return true;
    });
    assert.equal(engine.servingDigest, before);
    assert.deepEqual(await indexesOf(indexName), versionsBefore, 'the failed version was deleted');
    const reopened = engineFor(indexName);
    assert.equal(await reopened.open(documents), 'reused');
  });

  test('when filter values hold quotes, backslashes and spaces, then they are escaped: no error, no match', async () => {
    const engine = engineFor(indexName);
    await engine.open(documents);
    for (const value of ['a"b', 'back\\slash', "l'entreprise", 'x" OR speaker EXISTS OR "y', '\\"', 'stagiaire:non"']) {
      const result = await engine.search({ text: '', filters: { speaker: [value] } });
      assert.equal(result.total, 0, value);
    }
    const real = await engine.search({ text: '', filters: { position: ['stagiaire:non'] } });
    assert.ok(real.total > 0);
  });

  test('when the same filters are asked of both engines, then totals and every facet count are equal', async () => {
    const meili = engineFor(indexName);
    await meili.open(documents);
    const embedded = new EmbeddedEngine({ cacheDir: null });
    await embedded.reindex(documents);
    const speakers = [...new Set(documents.map((d) => d.speaker))];
    const filterSets: SearchFilters[] = [
      {},
      { kind: ['comment'] },
      { speaker: speakers.slice(0, 2) },
      { position: ['stagiaire:non', 'stagiaire:oui'] },
      { question: ['appartenance'], speaker: speakers },
      { debate: [documents[0]!.debate], kind: ['argument', 'turn'] },
    ];
    for (const filters of filterSets) {
      const query = { text: '', filters, facets: [...FACET_FIELDS], limit: 5 };
      const [a, b] = [await meili.search(query), await embedded.search(query)];
      assert.equal(a.total, b.total, JSON.stringify(filters));
      for (const field of FACET_FIELDS) assert.deepEqual(a.facets[field] ?? {}, b.facets[field] ?? {}, `${field} for ${JSON.stringify(filters)}`);
      assert.deepEqual(
        a.hits.map((h) => h.document.id),
        b.hits.map((h) => h.document.id),
        `same corpus order for ${JSON.stringify(filters)}`,
      );
    }
    await embedded.close();
  });

  test('when units similar to each unit are asked, then Meilisearch finds some wherever the embedded engine does, sharing marked words, the unit itself left out', async () => {
    await withBothEngines('similar', documents, async (meili, embedded) => {
      const ownGroup = (unit: SearchDocument, other: SearchDocument) => (other.debate === unit.debate ? 1 : 0) + (other.speaker === unit.speaker ? 1 : 0);
      for (const unit of documents) {
        const expected = await embedded.similar(unit.id, 10);
        const found = await meili.similar(unit.id, 10);
        assert.ok(found, `${unit.id}: the unit is in the index`);
        if ((expected?.hits.length ?? 0) > 0) assert.ok(found.hits.length > 0, `${unit.id}: no similar unit, the embedded engine found ${expected?.hits.length}`);
        assert.ok(found.hits.every((h) => h.document.id !== unit.id), `${unit.id}: the unit is among its own similar units`);
        // A unit matched only through a typo ("qualité" for "qualités") has no mark; the others do.
        if (found.hits.length > 0) assert.ok(found.hits.some((h) => h.highlight.includes('<mark>')), `${unit.id}: no similar unit shares a marked word`);
        const groups = found.hits.map((h) => ownGroup(unit, h.document));
        assert.deepEqual(groups, [...groups].sort((a, b) => a - b), `${unit.id}: other debates and speakers come first`);
        assert.ok(found.total >= found.hits.length);
      }
    });
  });

  test('when one word is searched, then Meilisearch finds it through a stem in a question title, never through a typo of a stem, and ranks the page as the embedded engine does', async () => {
    await withBothEngines('one-word', documents, async (meili, embedded) => {
      // "internalisation": one unit says "internalisée"; another holds only its question's title, "… internalisé ou externalisé ?".
      // "offline" (2 units) and "entre" (6): Meilisearch's own order of their units is not the embedded engine's.
      // "competence": its stem "competent" is a typo away from other stems, which Meilisearch matched unless the stem is a phrase.
      // "fonction": one unit holds it twice and "fonctions" once; the word counts its best form, as the embedded engine's derivations.
      for (const text of ['internalisation ', 'offline ', 'entre ', 'competence ', 'fonction ']) {
        const query = { text, limit: 10 };
        const [expected, found] = [await embedded.search(query), await meili.search(query)];
        assert.equal(found.total, expected.total, text);
        assert.deepEqual(found.hits.map((h) => h.document.id), expected.hits.map((h) => h.document.id), text);
      }
      assert.ok((await meili.search({ text: 'internalisation ', limit: 10 })).hits.some((h) => h.document.id === 'genaro-a-qui-appartient'), 'the unit found through its question title');
    });
  });

  test('when a unit shares its one word with another only after its tenth meaningful word, then Meilisearch finds that unit too, as the embedded engine does', async () => {
    // Thirteen words no other unit holds, then the one it shares: a typed query keeps its first ten meaningful words, a similar-units lookup reads the whole text.
    const own = ['abrivent', 'bastingue', 'cabestan', 'drisse', 'empointure', 'falquet', 'gambeyer', 'hauban', 'itague', 'jumelle', 'kanterbrau', 'lazaret', 'misaine'];
    const template = documents[0] as SearchDocument;
    const late = { ...template, id: 'late-a', text: `${own.join(' ')} zostrophe.`, debate: 'late-debate-a', speaker: 'late-speaker-a' };
    const mate = { ...template, id: 'late-b', text: 'La zostrophe revient ici.', debate: 'late-debate-b', speaker: 'late-speaker-b' };
    await withBothEngines('similar-late', [...documents, late, mate], async (meili, embedded) => {
      assert.deepEqual((await embedded.similar('late-a', 10))?.hits.map((h) => h.document.id), ['late-b'], 'the embedded engine finds it');
      const found = await meili.similar('late-a', 10);
      assert.deepEqual(found?.hits.map((h) => h.document.id), ['late-b']);
      assert.match(found?.hits[0]?.highlight ?? '', /<mark>zostrophe<\/mark>/);
    });
  });

  test('when npm run index rebuilds elsewhere, then a running site follows with its catalog, never one without the other', async () => {
    const dataDir = path.join(work, 'data');
    await cp(FIXTURE_DATA_DIR, dataDir, { recursive: true });
    const siteIndex = `${indexName}_site`;
    const { served } = await openServedCorpus(dataDir, engineFor(siteIndex));
    const state = new SiteState(served, { dataDir, createEngine: () => engineFor(siteIndex), logger: silentLogger, retireAfterMs: 10 });
    try {
      state.pollIndex(100);
      const file = path.join(dataDir, 'debates/narocast-0.md');
      await writeFile(file, (await readFile(file, 'utf8')).replace('boulot de stagiaire.', 'boulot de stagiaire tamanoir.'));
      // Another process (npm run index) builds a version from the changed folder.
      const elsewhere = engineFor(siteIndex);
      await elsewhere.reindex(toSearchDocuments((await loadValidCorpus(dataDir)).index));
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && (await state.current.engine.search({ text: 'tamanoir' })).total === 0) await sleep(100);
      const { corpus, engine } = state.current;
      assert.equal((await engine.search({ text: 'tamanoir' })).total, 1);
      assert.match(corpus.unitById.get('seb-pas-stagiaire')?.text ?? '', /tamanoir/);
    } finally {
      await state.close();
    }
  });
});
