// Security properties of the real app over loopback: headers (CSP without inline code, no
// framework banner), request limits refused with a reason, and CSV downloads that a spreadsheet
// cannot turn into formulas.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { generateCorpus, writeCorpusFolder } from '../../scripts/bench/generate-corpus.ts';
import { startApp, type StartedApp } from '../helpers/start-app.ts';

interface ErrorBody {
  error: { code: string; message: string };
}

async function get(app: StartedApp, url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${app.baseUrl}${url}`, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Every tag that opens a script, a style or carries an inline handler, javascript: URL or style attribute. */
/** A list route's items, whether it answers a bare array or { <key>: [...] }. */
function listOf<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  const list = (body as Record<string, unknown> | null)?.[key];
  return Array.isArray(list) ? (list as T[]) : [];
}

function inlineCodeIn(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/<script\b[^>]*>/gi)) {
    if (!/\ssrc\s*=/i.test(match[0])) found.push(match[0]);
  }
  for (const match of html.matchAll(/<[a-z][^>]*>/gi)) {
    // Attribute values are text: an escaped "onerror=" inside value="…" is harmless.
    const tag = match[0].replace(/=\s*"[^"]*"|=\s*'[^']*'/g, (value) => (/^=\s*["']\s*javascript:/i.test(value) ? value : '=""'));
    if (/\son[a-z]+\s*=/i.test(tag)) found.push(tag);
    if (/\sstyle\s*=/i.test(tag)) found.push(tag);
    if (/=\s*["']?\s*javascript:/i.test(tag)) found.push(tag);
  }
  for (const match of html.matchAll(/<style\b[^>]*>/gi)) found.push(match[0]);
  return found;
}

describe('when pages and API answers are inspected', () => {
  let app: StartedApp;
  let pages: string[];
  before(async () => {
    app = await startApp();
    const speakers = listOf<{ id: string }>(JSON.parse((await get(app, '/api/speakers')).text), 'speakers');
    const questions = listOf<{ id: string }>(JSON.parse((await get(app, '/api/questions')).text), 'questions');
    const debates = listOf<{ slug: string }>(JSON.parse((await get(app, '/api/debates')).text), 'debates');
    const search = JSON.parse((await get(app, '/api/search?q=stagiaire')).text) as { hits: { id: string }[] };
    const speaker = speakers[0]?.id ?? '';
    const other = speakers[1]?.id ?? '';
    pages = [
      '/',
      '/search?q=stagiaire',
      '/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      `/compare?speaker=${speaker}&speaker=${other}`,
      '/speakers',
      `/speakers/${speaker}`,
      '/questions',
      `/questions/${questions[0]?.id ?? ''}`,
      '/debates',
      `/debates/${debates[0]?.slug ?? ''}`,
      `/u/${search.hits[0]?.id ?? ''}`,
      '/no-such-page',
    ];
  });
  after(async () => app.close());

  test('when any main page is served, then it carries a strict CSP and no x-powered-by', async () => {
    for (const page of pages) {
      const res = await get(app, page, { headers: { accept: 'text/html' } });
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'/, `${page}: ${csp}`);
      assert.match(csp, /object-src 'none'/, page);
      assert.match(csp, /frame-ancestors 'none'/, page);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, page);
      assert.equal(res.headers.get('x-powered-by'), null, page);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', page);
    }
  });

  test('when any main page is served, then every script has a src and no tag carries inline code or style', async () => {
    for (const page of pages) {
      const res = await get(app, page, { headers: { accept: 'text/html' } });
      assert.match(res.headers.get('content-type') ?? '', /text\/html/, page);
      assert.deepEqual(inlineCodeIn(res.text), [], `${page} has inline code the CSP would block`);
    }
  });

  test('when the API answers, then it has no x-powered-by and says nosniff', async () => {
    for (const url of ['/api/search?q=stagiaire', '/api/speakers', '/healthz', '/api/nothing']) {
      const res = await get(app, url);
      assert.equal(res.headers.get('x-powered-by'), null, url);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', url);
    }
  });
});

describe('when a request goes past a limit', () => {
  let app: StartedApp;
  before(async () => {
    app = await startApp();
  });
  after(async () => app.close());

  const refused: [string, string, RegExp][] = [
    ['a query over 500 characters', `/api/search?q=${'a'.repeat(501)}`, /500/],
    ['a filter repeated 21 times', `/api/search?${Array.from({ length: 21 }, (_, i) => `speaker=s${i}`).join('&')}`, /speaker/],
    ['page 0', '/api/search?q=x&page=0', /page/],
    ['a page past the last allowed', '/api/search?q=x&page=10001', /page/],
    ['limit 0', '/api/search?q=x&limit=0', /limit/],
    ['limit 101', '/api/search?q=x&limit=101', /limit/],
    ['a negative limit', '/api/search?q=x&limit=-5', /limit/],
    ['a fractional page', '/api/search?q=x&page=1.5', /page/],
    ['q given twice', '/api/search?q=a&q=b', /q/],
    ['an unknown parameter', '/api/search?q=a&evil=1', /evil/],
    ['a bracketed parameter', '/api/search?q=a&speaker[$ne]=x', /speaker/],
    ['a filter value over 200 characters', `/api/search?speaker=${'s'.repeat(201)}`, /200/],
    ['a comparison of five speakers', '/api/compare?speaker=a&speaker=b&speaker=c&speaker=d&speaker=e', /speaker|4/],
    ['an unknown catalog parameter', '/api/speakers?sort=x', /sort/],
  ];
  for (const [what, url, reason] of refused) {
    test(`when ${what} is sent, then the API answers 400 with a reason`, async () => {
      const res = await get(app, url);
      assert.equal(res.status, 400, `${url} -> ${res.status} ${res.text.slice(0, 200)}`);
      const body = JSON.parse(res.text) as ErrorBody;
      assert.equal(body.error.code, 'bad_request');
      assert.match(body.error.message, reason);
    });
  }

  test('when the search page gets a query over the limit, then it answers a 400 page with the reason', async () => {
    const res = await get(app, `/search?q=${'a'.repeat(501)}`, { headers: { accept: 'text/html' } });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.text, /500/);
  });

  test('when a JSON body over the 16 kB limit is posted, then it is refused with 400 and a reason before any route', async () => {
    // The API takes no bodies; the parser still guards /api so that no route ever reads a large one.
    const big = JSON.stringify({ q: 'x'.repeat(20_000) });
    const res = await get(app, '/api/search', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    assert.equal(res.status, 400);
    const body = JSON.parse(res.text) as ErrorBody;
    assert.equal(body.error.code, 'payload_too_large');
    assert.ok(body.error.message.length > 0);
  });

  test('when a malformed JSON body is posted, then it is refused with 400 and a reason', async () => {
    const res = await get(app, '/api/search', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"q": ' });
    assert.equal(res.status, 400);
    const body = JSON.parse(res.text) as ErrorBody;
    assert.equal(body.error.code, 'bad_request');
    assert.match(body.error.message, /JSON/);
  });

  test('when the URL is larger than the server takes, then it is refused with a 4xx, never a 5xx', async () => {
    const res = await get(app, `/api/search?q=${'a'.repeat(20_000)}`);
    assert.ok(res.status >= 400 && res.status < 500, String(res.status));
  });
});

describe('when search results are downloaded as CSV', () => {
  let app: StartedApp;
  let dir: string;
  const formulas = ['=HYPERLINK("http://evil.example","clic")', '+SUM(1,2)', '-2+3', '@cmd', '\t=1+1'];
  before(async () => {
    const { corpus } = generateCorpus({ units: 300, seed: 3 });
    // Units whose text starts like a formula, each with a word we can search for.
    formulas.forEach((formula, i) => {
      const unit = corpus.units[i * 7];
      if (unit) unit.text = `${formula} formuledanger`;
    });
    dir = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-csv-'));
    await writeCorpusFolder(corpus, dir);
    app = await startApp({ dataDir: dir });
  });
  after(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('when a cell would start with = + - @ or a tab, then it is neutralised with a leading quote', async () => {
    const res = await get(app, '/api/search?q=formuledanger&format=csv');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/csv/);
    const rows = parse(res.text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    const header = rows[0] ?? [];
    const textColumn = header.indexOf('text');
    assert.ok(textColumn >= 0, header.join(','));
    const texts = rows.slice(1).map((r) => r[textColumn] ?? '');
    assert.equal(texts.length, formulas.length, texts.join(' | '));
    for (const text of texts) assert.ok(text.startsWith("'"), `not neutralised: ${text}`);
    for (const row of rows.slice(1)) {
      for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `a cell starts like a formula: ${cell}`);
    }
  });

  test('when a comparison is downloaded as CSV, then no cell starts like a formula', async () => {
    const speakers = listOf<{ id: string }>(JSON.parse((await get(app, '/api/speakers')).text), 'speakers');
    const ids = speakers.slice(0, 3).map((s) => `speaker=${s.id}`).join('&');
    const res = await get(app, `/api/compare?${ids}&format=csv`);
    assert.equal(res.status, 200, res.text.slice(0, 200));
    const rows = parse(res.text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    for (const row of rows) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, cell);
  });
});
