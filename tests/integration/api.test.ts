// The JSON API over HTTP: the real app on port 0, the real corpus loader and embedded engine,
// the small valid fixture corpus.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { openApiDocument } from '../../server/routes/openapi.ts';
import { createApiRouter } from '../../server/routes/api.ts';
import { FIXTURE_DATA_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';

let app: StartedApp;

before(async () => {
  app = await startApp({ dataDir: FIXTURE_DATA_DIR });
});

after(async () => {
  await app.close();
});

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }> {
  const response = await fetch(`${app.baseUrl}${path}`, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}

interface ErrorBody {
  error: { code: string; message: string };
}

function assertError(body: unknown, code: string, message?: RegExp): void {
  const error = (body as ErrorBody).error;
  assert.equal(typeof error, 'object', JSON.stringify(body));
  assert.deepEqual(Object.keys(error).sort(), ['code', 'message']);
  assert.equal(error.code, code);
  if (message) assert.match(error.message, message);
}

interface Hit {
  id: string;
  speaker: string;
  position: string | null;
  highlight: string;
  url: string;
  text: string;
}
interface SearchBody {
  query: string;
  filters: Record<string, string[]>;
  sort: string;
  total: number;
  page: number;
  limit: number;
  hits: Hit[];
  facets: Record<string, Record<string, number>>;
}

describe('GET /api/search', () => {
  test('when nothing is asked, then every unit is counted, the first page listed and all five facets present', async () => {
    const res = await get('/api/search');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const body = res.json() as SearchBody;
    assert.equal(body.total, 8);
    assert.equal(body.page, 1);
    assert.equal(body.limit, 20);
    assert.equal(body.hits.length, 8);
    assert.deepEqual(Object.keys(body.facets), ['speaker', 'question', 'position', 'kind', 'debate']);
    assert.equal(body.facets.debate?.['narocast-0'], 6);
    const hit = body.hits.find((h) => h.id === 'seb-pas-stagiaire');
    assert.ok(hit);
    assert.equal(hit.url, '/u/seb-pas-stagiaire');
    assert.equal(hit.position, 'stagiaire:non');
    for (const key of ['id', 'debate', 'speaker', 'speakerName', 'question', 'position', 'positionLabel', 'kind', 'text', 'highlight', 'url', 'debateTitle', 'date']) {
      assert.ok(key in hit, `hit has ${key}`);
    }
  });

  test('when a word is searched, then matching units come back with the word marked', async () => {
    const body = (await get('/api/search?q=stagiaire')).json() as SearchBody;
    assert.ok(body.total >= 2);
    assert.ok(body.hits.some((h) => h.id === 'seb-pas-stagiaire'));
    assert.ok(body.hits.some((h) => /<mark>stagiaire<\/mark>/i.test(h.highlight)));
    assert.equal(body.query, 'stagiaire');
  });

  test('when filters are given, then only matching units come back and the query echoes them', async () => {
    const body = (await get('/api/search?speaker=genaro&speaker=sandra&question=roi')).json() as SearchBody;
    assert.equal(body.total, 2);
    assert.deepEqual(body.hits.map((h) => h.speaker).sort(), ['genaro', 'sandra']);
    assert.deepEqual(body.filters.speaker, ['genaro', 'sandra']);
    const position = (await get('/api/search?position=stagiaire:oui')).json() as SearchBody;
    assert.deepEqual(position.hits.map((h) => h.id), ['yvain-stagiaire-2']);
  });

  test('when limit and page are given, then the page is cut accordingly', async () => {
    const first = (await get('/api/search?limit=3')).json() as SearchBody;
    const third = (await get('/api/search?limit=3&page=3')).json() as SearchBody;
    assert.equal(first.hits.length, 3);
    assert.equal(third.hits.length, 2);
    assert.equal(third.page, 3);
    assert.equal(new Set([...first.hits, ...third.hits].map((h) => h.id)).size, 5);
  });

  test('when a facet value is unknown, then the answer is 200 with no hits and every facet field', async () => {
    const res = await get('/api/search?speaker=nobody-at-all');
    assert.equal(res.status, 200);
    const body = res.json() as SearchBody;
    assert.equal(body.total, 0);
    assert.deepEqual(body.hits, []);
    assert.deepEqual(Object.keys(body.facets), ['speaker', 'question', 'position', 'kind', 'debate']);
  });

  for (const [query, name] of [
    ['page=0', 'page'],
    ['page=abc', 'page'],
    ['page=10001', 'page'],
    ['limit=101', 'limit'],
    ['limit=0', 'limit'],
    ['sort=random', 'sort'],
    ['foo=bar', 'foo'],
    ['speaker[x]=genaro', 'speaker[x]'],
    ['q=a&q=b', 'q'],
  ] as const) {
    test(`when the query is "${query}", then the answer is 400 naming ${name}`, async () => {
      const res = await get(`/api/search?${query}`);
      assert.equal(res.status, 400);
      assertError(res.json(), 'bad_request', new RegExp(`"${name.replace(/[[\]]/g, '\\$&')}"`));
    });
  }

  test('when the query string is odd but well encoded, then the answer is never a 500', async () => {
    for (const query of ['q', '=x', '&&&', 'q=%00stagiaire']) {
      const res = await get(`/api/search?${query}`);
      assert.equal(res.status, 200, `${query}: ${res.text.slice(0, 200)}`);
    }
    const control = await get('/api/search?speaker=%00');
    assert.equal(control.status, 400);
    assertError(control.json(), 'bad_request', /control character/);
  });

  test('when q is over 500 characters, then the answer is 400', async () => {
    const res = await get(`/api/search?q=${'a'.repeat(501)}`);
    assert.equal(res.status, 400);
    assertError(res.json(), 'bad_request', /500/);
  });

  test('when q holds <script>, then the raw answer never holds it unescaped', async () => {
    const q = encodeURIComponent('<script>alert(1)</script> stagiaire');
    for (const path of [`/api/search?q=${q}`, `/api/search?${q}=1`, `/api/units/${q}`, `/api/nothing/${q}`]) {
      const res = await get(path);
      assert.ok(!res.text.includes('<script>'), `${path}: ${res.text.slice(0, 200)}`);
    }
    const body = (await get(`/api/search?q=${q}`)).json() as SearchBody;
    assert.equal(body.query, '<script>alert(1)</script> stagiaire');
  });

  test('when format=csv, then a CSV download of every match comes with the header row', async () => {
    const res = await fetch(`${app.baseUrl}/api/search?format=csv&limit=2`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="contrepoint-search\.csv"$/);
    // Read as bytes: Response.text() would drop the byte order mark.
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    assert.ok(text.startsWith('id,debate,speaker,speakerName,question,position,positionLabel,kind,text,url,codes\r\n'));
    const rows = parse(text) as string[][];
    assert.equal(rows.length, 1 + 8, 'page and limit are ignored: every match is exported');
    const seb = rows.find((r) => r[0] === 'seb-pas-stagiaire');
    assert.equal(seb?.[5], 'stagiaire:non');
    assert.equal(seb?.[9], `${app.baseUrl}/u/seb-pas-stagiaire`);
  });
});

describe('GET /api/compare', () => {
  interface CompareBody {
    question: { id: string } | null;
    columns: { speaker: string; positions: { position: string | null; units: { id: string }[] }[] }[];
  }

  test('when two speakers are compared on a question, then every position appears in every column', async () => {
    const res = await get('/api/compare?speaker=genaro&speaker=sandra&question=roi');
    assert.equal(res.status, 200);
    const body = res.json() as CompareBody;
    assert.equal(body.question?.id, 'roi');
    assert.deepEqual(body.columns.map((c) => c.speaker), ['genaro', 'sandra']);
    for (const column of body.columns) assert.deepEqual(column.positions.map((p) => p.position), ['roi:oui', 'roi:non']);
    const genaro = body.columns[0]!;
    assert.deepEqual(genaro.positions.map((p) => p.units.map((u) => u.id)), [[], ['genaro-roi']]);
  });

  test('when no question is given, then units are grouped by the positions found', async () => {
    const body = (await get('/api/compare?speakers=yvain-ducrocq,sebastien-robin')).json() as CompareBody;
    assert.equal(body.question, null);
    const yvain = body.columns[0]!;
    assert.deepEqual(yvain.positions.map((p) => p.position), ['stagiaire:non', 'stagiaire:oui']);
    const seb = body.columns[1]!;
    assert.deepEqual(seb.positions.map((p) => [p.position, p.units.map((u) => u.id)]), [
      ['stagiaire:non', ['seb-pas-stagiaire']],
      [null, ['seb-reponse']],
    ]);
  });

  test('when fewer than two or more than four speakers are given, then the answer is 400', async () => {
    for (const query of ['speaker=genaro', '', 'speakers=genaro,sandra,sebastien-robin,yvain-ducrocq,bob-lee']) {
      const res = await get(`/api/compare?${query}`);
      assert.equal(res.status, 400, query);
      assertError(res.json(), 'bad_request', /2 to 4/);
    }
  });

  test('when a speaker or the question is unknown, then the answer is 404 naming it', async () => {
    const speaker = await get('/api/compare?speaker=genaro&speaker=ghost');
    assert.equal(speaker.status, 404);
    assertError(speaker.json(), 'not_found', /ghost/);
    const question = await get('/api/compare?speaker=genaro&speaker=sandra&question=nope');
    assert.equal(question.status, 404);
    assertError(question.json(), 'not_found', /nope/);
  });

  test('when format=csv, then a row per unit and a row per position not taken come back', async () => {
    const res = await get('/api/compare?speaker=genaro&speaker=sandra&question=roi&format=csv');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /contrepoint-compare\.csv/);
    const rows = parse(res.text, { bom: true }) as string[][];
    assert.deepEqual(rows[0], ['speaker', 'speakerName', 'position', 'positionLabel', 'id', 'debate', 'question', 'kind', 'text', 'url']);
    assert.equal(rows.length, 1 + 4);
    assert.deepEqual(rows.find((r) => r[0] === 'genaro' && r[2] === 'roi:oui')?.[4], '');
  });
});

describe('catalog routes', () => {
  test('when the lists are asked for, then each names its items', async () => {
    const speakers = (await get('/api/speakers')).json() as { id: string }[];
    assert.equal(speakers.length, 6);
    const questions = (await get('/api/questions')).json() as { id: string }[];
    assert.deepEqual(questions.map((q) => q.id), ['stagiaire', 'roi', 'moderation']);
    const debates = (await get('/api/debates')).json() as { slug: string; units: number }[];
    assert.deepEqual(debates.map((d) => d.slug), ['moderation-panel', 'narocast-0']);
  });

  test('when one item is asked for, then it comes with its details', async () => {
    const speaker = (await get('/api/speakers/sebastien-robin')).json() as { name: string; units: unknown[] };
    assert.equal(speaker.name, 'Sébastien Robin');
    assert.equal(speaker.units.length, 2);
    const question = (await get('/api/questions/roi')).json() as { matrix: { cells: unknown[] } };
    assert.equal(question.matrix.cells.length, 4);
    const debate = (await get('/api/debates/narocast-0')).json() as { units: { id: string }[]; summary: string };
    assert.equal(debate.units[0]?.id, 'seb-pas-stagiaire');
    assert.match(debate.summary, /\*\*community management\*\*/);
    const unit = (await get('/api/units/genaro-roi')).json() as { relations: { attacks: { id: string }[]; supportedBy: { id: string }[] }; citation: string };
    assert.deepEqual(unit.relations.attacks.map((r) => r.id), ['sandra-roi']);
    assert.deepEqual(unit.relations.supportedBy.map((r) => r.id), ['yvain-stagiaire']);
    assert.match(unit.citation, new RegExp(`Permalink: ${app.baseUrl}/u/genaro-roi \\(accessed \\d{1,2} [A-Z][a-z]+ \\d{4}\\)\\.$`));
  });

  for (const path of ['/api/speakers/nobody', '/api/questions/nothing', '/api/debates/nowhere', '/api/units/no-such-unit']) {
    test(`when ${path} is asked for, then the answer is 404 with the error shape`, async () => {
      const res = await get(path);
      assert.equal(res.status, 404);
      assertError(res.json(), 'not_found', /unknown/);
    });
  }

  test('when a catalog route gets an unknown parameter, then the answer is 400', async () => {
    const res = await get('/api/speakers?page=2');
    assert.equal(res.status, 400);
    assertError(res.json(), 'bad_request', /"page"/);
  });
});

describe('errors, headers and health', () => {
  test('when an API path does not exist, then the answer is a JSON 404', async () => {
    const res = await get('/api/nothing-here', { accept: 'text/html' });
    assert.equal(res.status, 404);
    assertError(res.json(), 'not_found');
  });

  test('when a query string has a malformed percent-encoding, then the API and the pages answer 400 with a reason; a well-encoded "%" is searched', async () => {
    for (const query of ['q=%E0%A4%A', 'q=%', 'speaker=%ED%A0%80', 'q=ok&%zz=1']) {
      const api = await get(`/api/search?${query}`);
      assert.equal(api.status, 400, query);
      assertError(api.json(), 'bad_request', /malformed percent-encoding/);
    }
    const page = await get('/search?q=%E0%A4%A', { accept: 'text/html' });
    assert.equal(page.status, 400);
    assert.match(page.text, /encodage « % » mal formé/);
    assert.equal((await get('/api/search?q=100%25')).status, 200);
  });

  test('when an API path is written in capitals, then its errors are JSON as well (Express matches routes whatever their case)', async () => {
    const res = await get('/API/search?page=0', { accept: 'text/html' });
    assert.equal(res.status, 400);
    assertError(res.json(), 'bad_request', /"page"/);
  });

  test('when a page does not exist and HTML is preferred, then an HTML 404 escapes the path', async () => {
    const res = await get(`/nothing/${encodeURIComponent('<script>x</script>')}`, { accept: 'text/html' });
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.ok(!res.text.includes('<script>x'), res.text.slice(0, 300));
  });

  test('when a page does not exist and JSON is preferred, then the answer is JSON', async () => {
    const res = await get('/nothing', { accept: 'application/json' });
    assert.equal(res.status, 404);
    assertError(res.json(), 'not_found');
  });

  test('when a path parameter is badly percent-encoded, then the answer is 400, not 500', async () => {
    const res = await get('/api/units/%E0%A4%A');
    assert.equal(res.status, 400);
    assertError(res.json(), 'bad_request');
  });

  test('when a JSON body is too large, then the answer is 400 with the reason; malformed JSON is 400', async () => {
    const big = await fetch(`${app.baseUrl}/api/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q: 'x'.repeat(20_000) }) });
    assert.equal(big.status, 400);
    assertError(await big.json(), 'payload_too_large', /too large/);
    const bad = await fetch(`${app.baseUrl}/api/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"q":' });
    assert.equal(bad.status, 400);
    assertError(await bad.json(), 'bad_request', /JSON/);
  });

  test('when any answer is sent, then there is no x-powered-by and a strict CSP', async () => {
    const res = await get('/api/speakers');
    assert.equal(res.headers.get('x-powered-by'), null);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });

  test('when a static file is asked for, then it is served from public/ and nothing outside it is', async () => {
    const css = await get('/static/style.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    for (const path of ['/static/%2e%2e/package.json', '/static/..%2fpackage.json', '/static/', '/static/nothing.js']) {
      const res = await get(path, { accept: 'application/json' });
      assert.equal(res.status, 404, path);
      assert.ok(!res.text.includes('"dependencies"'), path);
    }
  });

  test('when /healthz is asked, then it reports the engine and the indexed units', async () => {
    const res = await get('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { status: 'ok', engine: 'embedded', units: 8 });
  });
});

describe('GET /api/openapi.json', () => {
  const samples: Record<string, string> = { '{id}': 'genaro', '{slug}': 'narocast-0' };
  const sampleFor = (path: string): string => {
    if (path.startsWith('/api/units/')) return '/api/units/genaro-roi';
    if (path.startsWith('/api/questions/')) return '/api/questions/roi';
    if (path === '/api/compare') return '/api/compare?speaker=genaro&speaker=sandra';
    return path.replace(/\{\w+\}/g, (m) => samples[m] ?? m);
  };

  test('when it is fetched, then it is an OpenAPI 3.1 document listing every route', async () => {
    const res = await get('/api/openapi.json');
    assert.equal(res.status, 200);
    const doc = res.json() as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(Object.keys(doc.paths).sort(), [
      '/api/compare',
      '/api/debates',
      '/api/debates/{slug}',
      '/api/openapi.json',
      '/api/questions',
      '/api/questions/{id}',
      '/api/questions/{id}/key-points',
      '/api/search',
      '/api/speakers',
      '/api/speakers/{id}',
      '/api/units/{id}',
      '/api/units/{id}/similar',
      '/healthz',
    ]);
    assert.ok(doc.components.schemas.Error);
  });

  test('when the API router is inspected, then each of its routes is documented with its method', () => {
    const router = createApiRouter(app.deps) as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    const routes = router.stack.filter((layer) => layer.route).map((layer) => layer.route!);
    assert.ok(routes.length >= 10);
    const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
    for (const route of routes) {
      const documented = `/api${route.path.replace(/:(\w+)/g, '{$1}')}`;
      for (const method of Object.keys(route.methods)) assert.ok(paths[documented]?.[method], `${method} ${documented} is documented`);
    }
  });

  test('when every documented path is called, then each answers 200, and every $ref resolves', async () => {
    for (const path of Object.keys(openApiDocument().paths)) {
      const res = await get(sampleFor(path));
      assert.equal(res.status, 200, `${path}: ${res.text.slice(0, 200)}`);
    }
    const refs = [...JSON.stringify(openApiDocument()).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    assert.ok(refs.length > 10);
    for (const name of refs) assert.ok(name in openApiDocument().components.schemas, name);
  });
});
