// GET /api/units/:id/similar and the /u/:id/similar page, against the real app on port 0 over the
// fixture corpus: the unit itself is never listed, a bad limit is a 400 with a reason, an unknown
// unit a 404, and every unit of a debate page links to its similar units.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FIXTURE_DATA_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';

describe('similar units over HTTP', () => {
  let app: StartedApp;
  before(async () => {
    app = await startApp({ dataDir: FIXTURE_DATA_DIR });
  });
  after(async () => app.close());

  const get = async (path: string): Promise<{ status: number; body: unknown; text: string }> => {
    const response = await fetch(`${app.baseUrl}${path}`);
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // HTML
    }
    return { status: response.status, body, text };
  };

  it('when similar units are asked, then the other units on the same point are listed, never the unit itself', async () => {
    const res = await get('/api/units/seb-pas-stagiaire/similar?limit=3');
    assert.equal(res.status, 200);
    const body = res.body as { unit: string; total: number; limit: number; hits: { id: string; highlight: string; url: string }[] };
    assert.equal(body.unit, 'seb-pas-stagiaire');
    assert.equal(body.limit, 3);
    const ids = body.hits.map((h) => h.id);
    assert.ok(!ids.includes('seb-pas-stagiaire'), 'the unit itself is excluded');
    assert.ok(ids.includes('yvain-stagiaire'), 'the other unit about interns is found');
    assert.ok(body.hits.length <= 3 && body.total >= body.hits.length);
    assert.ok(body.hits.every((h) => h.highlight.includes('<mark>')), 'each hit shows why it is there');
  });

  it('when a search matches a unit only through its metadata, then the hit says where, escaped and marked', async () => {
    const res = await get('/api/search?q=discussions');
    const body = res.body as { hits: { id: string; highlight: string; matchedIn?: { field: string; highlight: string }[] }[] };
    assert.ok(body.hits.length > 0);
    for (const hit of body.hits) {
      if (hit.highlight.includes('<mark>')) continue;
      assert.ok(hit.matchedIn && hit.matchedIn.some((m) => m.highlight.includes('<mark>')), `${hit.id} shows why it is a hit`);
    }
    const page = await get('/search?q=discussions&lang=en');
    assert.match(page.text, /class="unit-matched-in">Found outside the text: debate: <span>\[Narocast\] #0 – <mark>Discussions<\/mark>/);
  });

  it('when the limit is bad, then the answer is 400 with a reason', async () => {
    for (const limit of ['0', '101', 'abc', '2.5', '-1']) {
      const res = await get(`/api/units/seb-pas-stagiaire/similar?limit=${limit}`);
      assert.equal(res.status, 400, `limit=${limit}`);
      assert.match((res.body as { error: { message: string } }).error.message, /limit/);
    }
    assert.equal((await get('/api/units/seb-pas-stagiaire/similar?sort=x')).status, 400, 'an unknown parameter');
  });

  it('when the unit is unknown, then the answer is 404', async () => {
    const res = await get('/api/units/no-such-unit/similar');
    assert.equal(res.status, 404);
    assert.equal(res.status, 404);
    assert.equal((await get('/u/no-such-unit/similar')).status, 404);
  });

  it('when a unit’s similar page is opened, then it lists them, and the debate page links to it', async () => {
    const page = await get('/u/seb-pas-stagiaire/similar?lang=fr');
    assert.equal(page.status, 200);
    assert.match(page.text, /Arguments similaires/);
    assert.match(page.text, /data-unit="yvain-stagiaire"/);
    assert.doesNotMatch(page.text, /data-unit="seb-pas-stagiaire"/);
    const debate = await get('/debates/narocast-0?lang=fr');
    assert.match(debate.text, /href="\/u\/seb-pas-stagiaire\/similar\?lang=fr"/);
  });
});
