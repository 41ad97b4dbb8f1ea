// Issue 11, findings 4 and 5, against the real app on port 0: pages ignore parameters they do not
// know (tracking parameters on shared links) while the JSON API stays strict; permalinks never come
// from the client's Host header; answers say how they may be cached.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startApp, type StartedApp } from '../helpers/start-app.ts';

/** A GET with a forged Host header (fetch does not let a caller set Host). */
function getWithHost(baseUrl: string, path: string, host: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const url = new URL(path, baseUrl);
  return rawGet(baseUrl, `${url.pathname}${url.search}`, { host, 'x-forwarded-host': host, 'x-forwarded-proto': 'https' });
}

/** A GET whose path is sent as written (fetch would normalise it), with the headers given. */
function rawGet(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

const TRACKERS = 'utm_source=newsletter&utm_medium=email&fbclid=IwAR0abc&gclid=1&mc_eid=x';

describe('pages with tracking parameters', () => {
  let app: StartedApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.close());

  for (const path of [
    '/',
    '/search?q=stagiaire',
    '/compare?speaker=sandra&speaker=genaro',
    '/compare',
    '/questions',
    '/speakers',
    '/speakers/genaro',
    '/debates',
    '/debates/narocast-0-community-management',
  ]) {
    it(`when ${path} carries utm_source, fbclid and gclid, then the page answers 200 as without them`, async () => {
      const res = await fetch(`${app.baseUrl}${path}${path.includes('?') ? '&' : '?'}${TRACKERS}`);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    });
  }

  it('when a permalink carries a tracker, then it still opens the unit’s page, linked to its place in the debate', async () => {
    const res = await fetch(`${app.baseUrl}/u/seb-pas-stagiaire?${TRACKERS}`, { redirect: 'manual' });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /href="\/debates\/narocast-0-community-management#seb-pas-stagiaire"/);
  });

  it('when a page gets a known parameter with a bad value beside a tracker, then it is still a 400', async () => {
    const res = await fetch(`${app.baseUrl}/search?page=0&utm_source=x`);
    assert.equal(res.status, 400);
  });

  it('when the JSON API gets a tracking parameter, then it stays strict: 400 naming it', async () => {
    for (const path of ['/api/search?q=stagiaire&fbclid=1', '/api/compare?speaker=sandra&speaker=genaro&gclid=1', '/api/speakers?utm_source=x']) {
      const res = await fetch(`${app.baseUrl}${path}`);
      assert.equal(res.status, 400, path);
      const body = (await res.json()) as { error: { message: string } };
      assert.match(body.error.message, /unknown parameter "(fbclid|gclid|utm_source)"/);
    }
  });
});

describe('permalinks and a forged Host header', () => {
  describe('with PUBLIC_BASE_URL set', () => {
    let app: StartedApp;
    const PUBLIC = 'https://contrepoint.example/kb';
    before(async () => {
      app = await startApp({ publicBaseUrl: `${PUBLIC}/` });
    });
    after(() => app.close());

    it('when the API gives a citation, then the permalink uses the configured base, not the Host header', async () => {
      const res = await getWithHost(app.baseUrl, '/api/units/seb-pas-stagiaire', 'evil.example');
      assert.equal(res.status, 200);
      const unit = JSON.parse(res.text) as { citation: string };
      assert.doesNotMatch(res.text, /evil\.example/);
      assert.match(unit.citation, /Permalink: https:\/\/contrepoint\.example\/kb\/u\/seb-pas-stagiaire \(accessed [^)]+\)\.$/);
    });

    it('when the debate page shows a <cite>, then its permalink uses the configured base', async () => {
      const res = await getWithHost(app.baseUrl, '/debates/narocast-0-community-management', 'evil.example');
      assert.equal(res.status, 200);
      assert.doesNotMatch(res.text, /evil\.example/);
      assert.match(res.text, /https:\/\/contrepoint\.example\/kb\/u\/seb-pas-stagiaire/);
    });

    it('when search and compare are downloaded as CSV, then every permalink uses the configured base', async () => {
      for (const path of ['/api/search?q=stagiaire&format=csv', '/api/compare?speaker=sandra&speaker=genaro&format=csv']) {
        const res = await getWithHost(app.baseUrl, path, 'evil.example');
        assert.equal(res.status, 200, path);
        assert.doesNotMatch(res.text, /evil\.example/, path);
        assert.match(res.text, /https:\/\/contrepoint\.example\/kb\/u\//, path);
      }
    });
  });

  describe('without PUBLIC_BASE_URL', () => {
    let app: StartedApp;
    before(async () => {
      app = await startApp();
    });
    after(() => app.close());

    it('when the Host header is forged, then permalinks use the address the server listens on', async () => {
      const res = await getWithHost(app.baseUrl, '/api/units/seb-pas-stagiaire', 'evil.example');
      assert.equal(res.status, 200);
      assert.doesNotMatch(res.text, /evil\.example/);
      const unit = JSON.parse(res.text) as { citation: string };
      assert.ok(unit.citation.includes(`Permalink: ${app.baseUrl}/u/seb-pas-stagiaire (accessed `), unit.citation);
      const csv = await getWithHost(app.baseUrl, '/api/search?q=stagiaire&format=csv', 'evil.example');
      assert.doesNotMatch(csv.text, /evil\.example/);
      const page = await getWithHost(app.baseUrl, '/debates/narocast-0-community-management', 'evil.example');
      assert.doesNotMatch(page.text, /evil\.example/);
    });
  });
});

describe('the language switch of a page reached by an odd path', () => {
  let app: StartedApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.close());

  it('when the path resolves to //another.site (sent as written, as a proxy may pass it), then the language link stays on this site', async () => {
    for (const path of ['/.//evil.example', '/.//evil.example/x?q=1', '/%2e//evil.example']) {
      const { text } = await rawGet(app.baseUrl, path);
      const link = /<a [^>]*href="([^"]*lang=en[^"]*)"[^>]*hreflang="en"|<a [^>]*hreflang="en"[^>]*href="([^"]*)"/.exec(text);
      const href = link?.[1] ?? link?.[2];
      assert.ok(href, `${path}: a language link`);
      assert.match(href, /^\/(?!\/)/, `${path}: ${href}`);
    }
  });
});

describe('caching headers', () => {
  let app: StartedApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.close());

  it('when a page is served, then caches must revalidate it and key it by language', async () => {
    const res = await fetch(`${app.baseUrl}/search?q=stagiaire`);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.match(res.headers.get('vary') ?? '', /Accept-Language/i);
    assert.ok(res.headers.get('etag'), 'an ETag lets a revalidation answer 304');
  });

  it('when the API answers, then caches must revalidate it', async () => {
    const res = await fetch(`${app.baseUrl}/api/search?q=stagiaire`);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
  });

  it('when health is asked, then it is never cached', async () => {
    const res = await fetch(`${app.baseUrl}/healthz`);
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });
});
