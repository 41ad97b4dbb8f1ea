// The key points of a question through the API (issue 23), on the bundled corpus and on the ArgKP
// development split as imported by the README's command: the shape a researcher cites (labels
// quoted from the corpus, each unit under one key point at most, counts that add up), the
// downloads, and the 400s and 404 of bad requests.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { unitCodes } from '../../server/corpus/model.ts';
import type { KeyPointsResponse } from '../../server/services/key-points-service.ts';
import { MeilisearchEngine } from '../../server/search/meilisearch/meilisearch-engine.ts';
import { deleteIndexesOf, liveMeilisearch, NO_MEILISEARCH, throwawayIndexName } from '../helpers/meilisearch.ts';
import { BUNDLED_DATA_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';

describe('GET /api/questions/:id/key-points', () => {
  let app: StartedApp;
  let questionIds: string[];
  let unitText: Map<string, string>;
  let unitsOn: Map<string, Set<string>>;

  before(async () => {
    app = await startApp();
    const { corpus } = await loadValidCorpus(BUNDLED_DATA_DIR);
    questionIds = corpus.questions.map((q) => q.id);
    unitText = new Map();
    unitsOn = new Map(questionIds.map((id) => [id, new Set<string>()]));
    for (const unit of corpus.units) {
      unitText.set(unit.id, unit.text);
      for (const code of unitCodes(unit)) unitsOn.get(code.question)?.add(unit.id);
    }
  });
  after(async () => app?.close());

  const get = (path: string): Promise<Response> => fetch(`${app.baseUrl}${path}`);

  test('when each question of the seed is asked, then every unit of it is under one key point or "other", labels quoted from the corpus, counts that add up', async () => {
    for (const id of questionIds) {
      const response = await get(`/api/questions/${id}/key-points?limit=500`);
      assert.equal(response.status, 200, id);
      const body = (await response.json()) as KeyPointsResponse;
      assert.equal(body.question.id, id);
      assert.ok(body.keyPoints.length <= 30, `${id}: at most 30 key points`);
      const seen = new Set<string>();
      for (const kp of body.keyPoints) {
        assert.equal(unitText.get(kp.labelUnit.id), kp.label, `${id}: the label of key point ${kp.rank} is its unit's text, as written`);
        assert.ok(kp.units.some((u) => u.id === kp.labelUnit.id), `${id}: the label's unit is under its key point`);
        assert.equal(kp.units.length, kp.count);
        assert.equal(kp.bySpeaker.reduce((n, s) => n + s.count, 0), kp.count, `${id}: speakers count every unit once`);
        for (const u of kp.units) {
          assert.ok(!seen.has(u.id), `${id}: ${u.id} under one key point at most`);
          seen.add(u.id);
        }
      }
      for (const other of body.other) for (const u of other.units) {
        assert.ok(!seen.has(u.id), `${id}: ${u.id} in "other" is under no key point`);
        seen.add(u.id);
      }
      assert.equal(seen.size, body.units, `${id}: every unit of the question is listed`);
      assert.equal(body.covered, body.keyPoints.reduce((n, kp) => n + kp.count, 0));
      const expected = unitsOn.get(id) ?? new Set();
      for (const unit of seen) assert.ok(expected.has(unit), `${id}: ${unit} is coded on the question`);
    }
  });

  test('when asked twice, then the same key points come in the same order', async () => {
    const id = questionIds[0]!;
    const first = await (await get(`/api/questions/${id}/key-points`)).json();
    const second = await (await get(`/api/questions/${id}/key-points`)).json();
    assert.deepEqual(second, first);
  });

  test('when downloaded, then the CSV has a row per key point and the JSON the same key points', async () => {
    const id = questionIds[0]!;
    const json = (await (await get(`/api/questions/${id}/key-points?limit=500`)).json()) as KeyPointsResponse;
    const csv = await get(`/api/questions/${id}/key-points?format=csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const rows = parse(await csv.text(), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const data = rows.filter((r) => r.rank !== undefined && /^\d+$/.test(r.rank));
    assert.deepEqual(data.map((r) => r.label), json.keyPoints.map((kp) => kp.label));
    const units = await get(`/api/questions/${id}/key-points?format=csv&table=units`);
    const unitRows = (parse(await units.text(), { columns: true, skip_empty_lines: true }) as Record<string, string>[]).filter((r) => r.unit);
    assert.equal(unitRows.length, json.units, 'one row per unit of the question');
    const download = await get(`/api/questions/${id}/key-points?format=json`);
    assert.equal(download.status, 200);
    assert.ok((await download.text()).includes(json.keyPoints[0]?.label.slice(0, 20) ?? ''), 'the JSON download holds the labels');
  });

  test('when a parameter is wrong or the question unknown, then 400 with a reason or 404', async () => {
    const id = questionIds[0]!;
    for (const query of ['limit=0', 'limit=501', 'page=0', 'point=31', 'point=x', 'format=pdf', 'table=units', 'bogus=1']) {
      const response = await get(`/api/questions/${id}/key-points?${query}`);
      assert.equal(response.status, 400, query);
      const body = (await response.json()) as { error: { message: string } };
      assert.ok(body.error.message.length > 0, `${query}: a reason`);
    }
    assert.equal((await get('/api/questions/no-such-question/key-points')).status, 404);
  });
});

describe('key points on Meilisearch, live', { skip: liveMeilisearch() ? false : NO_MEILISEARCH }, () => {
  const server = liveMeilisearch();
  const indexName = throwawayIndexName('key_points');
  let onMeili: StartedApp;
  let embedded: StartedApp;
  before(async () => {
    if (!server) return;
    onMeili = await startApp({ engine: new MeilisearchEngine({ url: server.url, apiKey: server.apiKey, indexName, timeoutMs: 30_000 }) });
    embedded = await startApp();
  });
  after(async () => {
    await onMeili?.close();
    await embedded?.close();
    if (server) await deleteIndexesOf(server, indexName);
  });

  test('when the site serves on Meilisearch, then every question answers the same key points as on the embedded engine', async () => {
    const ids = ((await (await fetch(`${embedded.baseUrl}/api/questions`)).json()) as { id: string }[]).map((q) => q.id);
    assert.ok(ids.length > 0);
    for (const id of ids) {
      const path = `/api/questions/${id}/key-points?limit=500`;
      const [a, b] = await Promise.all([fetch(`${onMeili.baseUrl}${path}`), fetch(`${embedded.baseUrl}${path}`)]);
      assert.equal(a.status, 200, id);
      assert.deepEqual(await a.json(), await b.json(), id);
    }
  });
});
