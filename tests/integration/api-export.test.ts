// AIF downloads from the API: a search's or a comparison's units as an argument map, built by
// server/io/export.ts, that the AIF importer reads back.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { importAif, type AifDocument } from '../../server/io/aif-import.ts';
import { emptyCorpus } from '../../server/corpus/model.ts';
import { FIXTURE_DATA_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';

let app: StartedApp;
before(async () => {
  app = await startApp({ dataDir: FIXTURE_DATA_DIR });
});
after(async () => {
  await app?.close();
});

async function getAif(path: string): Promise<{ response: Response; aif: AifDocument }> {
  const response = await fetch(`${app.baseUrl}${path}`);
  assert.equal(response.status, 200, await response.clone().text());
  return { response, aif: (await response.json()) as AifDocument };
}

describe('AIF downloads', () => {
  test('when a search asks for format=aif, then every matching unit is an L node of a downloadable map', async () => {
    const { response, aif } = await getAif('/api/search?debate=narocast-0&format=aif&limit=1');
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.match(response.headers.get('content-disposition') ?? '', /attachment; filename="contrepoint-search\.json"/);
    const expected = app.deps.corpus.corpus.units.filter((u) => u.debate === 'narocast-0').map((u) => u.id);
    assert.deepEqual(aif.nodes.filter((n) => n.type === 'L').map((n) => n.nodeID).sort(), [...expected].sort(), 'page and limit are ignored');
    const ids = new Set(aif.nodes.map((n) => n.nodeID));
    assert.ok(aif.edges.every((e) => ids.has(e.fromID) && ids.has(e.toID)));
  });

  test('when the downloaded map is imported, then it gives back the units with their speakers and relations', async () => {
    const { aif } = await getAif('/api/search?debate=narocast-0&format=aif');
    const corpus = app.deps.corpus.corpus;
    const back = importAif(JSON.stringify(aif), { file: 'download.json', slug: 'x', idPrefix: '', date: '2010' }, { ...emptyCorpus(), speakers: corpus.speakers });
    assert.deepEqual(back.speakers, []);
    for (const unit of back.units) {
      const original = app.deps.corpus.unitById.get(unit.id);
      assert.equal(unit.speaker, original?.speaker);
      assert.equal(unit.text, original?.text);
    }
    const genaro = back.units.find((u) => u.id === 'genaro-roi');
    assert.deepEqual(genaro?.relations, [{ type: 'attacks', target: 'sandra-roi' }]);
  });

  test('when a comparison asks for format=aif, then the map holds the compared units and the relations between them', async () => {
    const { response, aif } = await getAif('/api/compare?speaker=genaro&speaker=sandra&question=roi&format=aif');
    assert.match(response.headers.get('content-disposition') ?? '', /contrepoint-compare\.json/);
    assert.deepEqual(aif.nodes.filter((n) => n.type === 'L').map((n) => n.nodeID).sort(), ['genaro-roi', 'sandra-roi']);
    assert.equal(aif.nodes.filter((n) => n.type === 'CA').length, 1);
    assert.deepEqual(aif.participants.map((p) => `${p.firstname} ${p.surname}`.trim()).sort(), ['Génaro', 'Sandra']);
  });

  test('when format is not json, csv or aif, then the request is refused', async () => {
    const response = await fetch(`${app.baseUrl}/api/search?format=xml`);
    assert.equal(response.status, 400);
  });
});
