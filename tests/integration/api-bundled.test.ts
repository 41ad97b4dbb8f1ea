// The API over the corpus shipped in data/: whatever it holds, the routes agree with it.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApp, type StartedApp } from '../helpers/start-app.ts';

let app: StartedApp;

before(async () => {
  app = await startApp();
});

after(async () => {
  await app.close();
});

async function json<T>(path: string): Promise<T> {
  const response = await fetch(`${app.baseUrl}${path}`);
  assert.equal(response.status, 200, path);
  return (await response.json()) as T;
}

test('when the bundled corpus is served, then search, health and the catalog count the same units', async () => {
  const units = app.deps.corpus.corpus.units.length;
  assert.ok(units > 0);
  const search = await json<{ total: number }>('/api/search');
  assert.equal(search.total, units);
  const health = await json<{ units: number; status: string }>('/healthz');
  assert.deepEqual(health, { status: 'ok', engine: 'embedded', units });
  const debates = await json<{ units: number }[]>('/api/debates');
  assert.equal(debates.reduce((sum, d) => sum + d.units, 0), units);
});

test('when every speaker, question, debate and unit of the bundled corpus is asked for, then each answers 200', async () => {
  const { corpus } = app.deps.corpus;
  for (const speaker of corpus.speakers) await json(`/api/speakers/${encodeURIComponent(speaker.id)}`);
  for (const question of corpus.questions) await json(`/api/questions/${encodeURIComponent(question.id)}`);
  for (const debate of corpus.debates) await json(`/api/debates/${encodeURIComponent(debate.slug)}`);
  for (const unit of corpus.units.slice(0, 200)) await json(`/api/units/${encodeURIComponent(unit.id)}`);
});

test('when a question of the bundled corpus is compared across its first two speakers, then every position appears in both columns', async (t) => {
  const { corpus } = app.deps.corpus;
  const question = corpus.questions.find((q) => new Set(corpus.units.filter((u) => u.question === q.id).map((u) => u.speaker)).size >= 2);
  if (!question) {
    t.skip('no question of the bundled corpus has two speakers');
    return;
  }
  const speakers = [...new Set(corpus.units.filter((u) => u.question === question.id).map((u) => u.speaker))].slice(0, 2);
  const body = await json<{ columns: { positions: { position: string | null }[] }[] }>(
    `/api/compare?question=${encodeURIComponent(question.id)}&speaker=${speakers.map(encodeURIComponent).join('&speaker=')}`,
  );
  for (const column of body.columns) {
    const keys = column.positions.map((p) => p.position).filter((p) => p !== null);
    assert.deepEqual(keys, question.positions.map((p) => `${question.id}:${p.id}`));
  }
});
