// Property-based fuzzing of every API and page parameter with fast-check, over loopback against
// the real app (bundled corpus, embedded engine). More than 10,000 generated requests per run.
// Properties: never a 5xx; JSON always parses; a 400 always says why in { error: { code, message } };
// an HTML page never reflects a payload unescaped nor carries a script without src.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { loadCorpus } from '../../server/corpus/load.ts';
import { parseDebateFile, parseYamlFile } from '../../server/corpus/parse.ts';
import { validateCorpus } from '../../server/corpus/validate.ts';
import { assertPageStructure } from '../helpers/html-balance.ts';
import { ROOT_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';

const HTML_PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</title><script src=//evil.example/x.js></script>',
  '<a href="javascript:alert(1)">x</a>',
  'javascript:alert(1)',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '<%= process.exit(1) %>',
  '<%- include("/etc/passwd") %>',
  '${process.exit(1)}',
  '{{constructor.constructor("alert(1)")()}}',
  '<!--',
  ']]><![CDATA[',
];

/** Strings aimed at a Meilisearch filter built by concatenation, and at other interpreters. */
const INJECTION_PAYLOADS = [
  '" OR speaker != "',
  'x" OR speaker = "y',
  "' OR '1'='1",
  '\\',
  '\\"',
  '"\\\\" OR 1=1',
  'speaker IN [a, b]',
  'NOT kind = comment',
  '_geoRadius(0, 0, 1)',
  'genaro" AND kind != "x',
  '../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '*',
  '%',
  '',
  ' ',
  '\u0000',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '\ufeff',
  '😀'.repeat(30),
  'é'.normalize('NFD'),
];

/** Valid values, so that generated requests also reach the code behind a successful parse. */
const VALID_VALUES = ['json', 'csv', 'aif', 'fr', 'en', 'relevance', 'date-desc', 'date-asc', 'argument', 'turn', 'comment', 'author-view', 'genaro', 'sandra', 'stagiaire', 'stagiaire:non', 'community', 'stagi', 'communaute'];

const NUMBERS = ['0', '-1', '1', '2', '100', '101', '10000', '10001', '1e3', '0x10', '1.5', '-0', 'NaN', 'Infinity', '9'.repeat(30), '٣', '１', ' 5', '5 ', '+5', '007'];

/** Raw query-string fragments sent without encoding: malformed percent-escapes and invalid UTF-8. */
const RAW_FRAGMENTS = ['%', '%zz', '%C0%AF', '%ED%A0%80', '%FF%FE', '%00', '&&', '==', '=&=', '%E2%80%AE', 'q=%', 'speaker=%25', 'a[b]=c', 'q[]=x', 'speaker[0]=a'];

const PARAM_NAMES = ['q', 'speaker', 'speakers', 'question', 'position', 'kind', 'debate', 'page', 'limit', 'sort', 'format', 'lang'];
const STRANGE_NAMES = ['', 'Q', 'unknown', '__proto__', 'constructor', 'q[]', 'speaker[0]', 'a[b]', 'limit.x', 'évidemment', '<script>'];

/** Replaces lone surrogates, which encodeURIComponent refuses (raw invalid UTF-8 is sent apart). */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const nasty: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)), maxLength: 20 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HTML_PAYLOADS) },
  { weight: 2, arbitrary: fc.constantFrom(...INJECTION_PAYLOADS) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 3, arbitrary: fc.constantFrom(...VALID_VALUES) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.integer({ min: 180, max: 1200 }).map((n) => 'é'.repeat(n)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HTML_PAYLOADS), fc.string({ maxLength: 10 })).map(([p, s]) => `${s}${p}${s}`) },
);

const paramName: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PARAM_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...STRANGE_NAMES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** A list of name=value pairs (names repeat, which makes arrays) plus, sometimes, a raw fragment. */
const queryString: fc.Arbitrary<{ query: string; values: string[] }> = fc
  .tuple(
    fc.array(fc.tuple(paramName, nasty), { maxLength: 6 }),
    fc.option(fc.constantFrom(...RAW_FRAGMENTS), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom(...PARAM_NAMES), fc.integer({ min: 2, max: 40 }), nasty), { nil: undefined }),
  )
  .map(([pairs, raw, repeated]) => {
    const all = [...pairs];
    if (repeated) for (let i = 0; i < repeated[1]; i++) all.push([repeated[0], repeated[2]]);
    const parts = all.map(([name, value]) => `${encodeURIComponent(wellFormed(name))}=${encodeURIComponent(wellFormed(value))}`);
    if (raw) parts.push(raw);
    return { query: parts.join('&'), values: all.map(([, value]) => wellFormed(value)) };
  });

interface Checked {
  status: number;
  contentType: string;
  text: string;
}

let requests = 0;

function describeRequest(url: string, res: Checked): string {
  const shown = url.length > 300 ? `${url.slice(0, 300)}…` : url;
  return `${shown} -> ${res.status} ${res.contentType} ${res.text.slice(0, 300)}`;
}

/** One keep-alive connection pool for the generated requests. */
const agent = new http.Agent({ keepAlive: true });

/**
 * GET with node:http rather than fetch: the same request on the wire (the URL normalised by the
 * WHATWG parser as fetch does, fetch's `accept-language: *`), at a third of the client's CPU
 * (fetch's web streams cost more than the app's answer for 10,000 small requests).
 */
function get(url: string, accept: string): Promise<Checked> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, agent, headers: { accept, 'accept-language': '*' } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'] ?? '', text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    request.on('error', reject);
  });
}

/** Fetches and checks the properties that hold for every answer; returns it for route-specific checks. */
async function check(app: StartedApp, url: string, kind: 'json' | 'html', values: readonly string[]): Promise<Checked> {
  requests++;
  const res = await get(`${app.baseUrl}${url}`, kind === 'html' ? 'text/html' : 'application/json');
  assert.ok(res.status < 500, `5xx: ${describeRequest(url, res)}`);
  // Node's HTTP parser refuses request heads over 16 kB before the app sees them: a 431 with no body.
  if (res.status === 431) return res;
  if (/[/+]json\b/.test(res.contentType)) {
    let body: unknown;
    assert.doesNotThrow(() => (body = JSON.parse(res.text)), `JSON does not parse: ${describeRequest(url, res)}`);
    if (res.status >= 400) {
      const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
      assert.ok(typeof error?.code === 'string' && error.code.length > 0, `no error code: ${describeRequest(url, res)}`);
      assert.ok(typeof error.message === 'string' && error.message.trim().length > 0, `no reason: ${describeRequest(url, res)}`);
    }
    if (res.status === 400) assert.equal((body as { error: { code: string } }).error.code, 'bad_request');
  } else if (res.contentType.includes('text/html')) {
    for (const tag of res.text.matchAll(/<script\b[^>]*>/gi)) {
      assert.match(tag[0], /\ssrc\s*=/i, `inline script in ${describeRequest(url, res)}`);
    }
    for (const tag of res.text.matchAll(/<[a-z][^>]*>/gi)) {
      // Quoted attribute values are text (an escaped payload may hold "onerror=" there): drop them first.
      const bare = tag[0].replace(/"[^"]*"|'[^']*'/g, '""');
      assert.doesNotMatch(bare, /\son[a-z]+\s*=/i, `event handler in ${describeRequest(url, res)}: ${tag[0].slice(0, 200)}`);
    }
    for (const value of values) {
      // A value with markup in it must never come back as it was sent; short values (like "<a")
      // could match the page's own markup, so only distinctive ones are checked.
      const distinctive = /[<>"']/.test(value) && (value.length >= 12 || /<(script|img|svg|iframe)|on\w+=|javascript:|<%/i.test(value));
      if (distinctive) assert.ok(!res.text.includes(value), `payload reflected unescaped: ${JSON.stringify(value)} in ${url}`);
    }
  } else {
    assert.match(res.contentType, /text\/csv/, `unexpected content type: ${describeRequest(url, res)}`);
  }
  return res;
}

describe('when the app is fuzzed with generated requests', () => {
  let app: StartedApp;
  let ids: { speakers: string[]; questions: string[]; debates: string[]; units: string[] };
  before(async () => {
    app = await startApp();
    const json = async <T>(url: string): Promise<T> => (await (await fetch(`${app.baseUrl}${url}`)).json()) as T;
    ids = {
      speakers: listOf<{ id: string }>(await json('/api/speakers'), 'speakers').map((s) => s.id),
      questions: listOf<{ id: string }>(await json('/api/questions'), 'questions').map((q) => q.id),
      debates: listOf<{ slug: string }>(await json('/api/debates'), 'debates').map((d) => d.slug),
      units: (await json<{ hits: { id: string }[] }>('/api/search?limit=100')).hits.map((h) => h.id),
    };
  });
  after(async () => {
    agent.destroy();
    await app.close();
  });

  test('when /api/search gets any parameters, then it never fails with a 5xx and a 400 says why', async () => {
    await fc.assert(
      fc.asyncProperty(queryString, async ({ query, values }) => {
        await check(app, `/api/search?${query}`, 'json', values);
      }),
      { numRuns: 2500 },
    );
  });

  test('when the search pages get any parameters, then they never fail and never reflect a payload', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/search', '/'), queryString, async (route, { query, values }) => {
        await check(app, `${route}?${query}`, 'html', values);
      }),
      { numRuns: 2000 },
    );
  });

  test('when the comparison gets any parameters, in JSON or HTML, then it never fails', async () => {
    const speakerParams = fc
      .array(fc.oneof(fc.constantFrom(...ids.speakers), nasty), { minLength: 0, maxLength: 6 })
      .map((list) => list.map((s) => `speaker=${encodeURIComponent(wellFormed(s))}`).join('&'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/compare', '/compare'), speakerParams, queryString, async (route, speakers, { query, values }) => {
        await check(app, `${route}?${speakers}&${query}`, route.startsWith('/api') ? 'json' : 'html', values);
      }),
      { numRuns: 1500 },
    );
  });

  test('when a catalog path gets any id, then it answers 200, 400 or 404, never a 5xx', async () => {
    const routes = [
      ['/api/speakers/', 'json', 'speakers'],
      ['/api/questions/', 'json', 'questions'],
      ['/api/debates/', 'json', 'debates'],
      ['/api/units/', 'json', 'units'],
      ['/speakers/', 'html', 'speakers'],
      ['/questions/', 'html', 'questions'],
      ['/debates/', 'html', 'debates'],
      ['/u/', 'html', 'units'],
    ] as const;
    const id = fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom(...ids.speakers, ...ids.questions, ...ids.debates, ...ids.units) },
      { weight: 3, arbitrary: nasty.map((s) => encodeURIComponent(wellFormed(s)) || 'x') },
      { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%ED%A0%80', '..', '.', '%2e%2e%2f', 'a%2Fb', '%00') },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), id, fc.option(queryString, { nil: undefined }), async ([prefix, kind], pathId, extra) => {
        const res = await check(app, `${prefix}${pathId}${extra ? `?${extra.query}` : ''}`, kind, [...(extra?.values ?? []), decodeSafely(pathId)]);
        assert.ok([200, 400, 404, 431].includes(res.status), `${prefix}${pathId} -> ${res.status}`);
      }),
      { numRuns: 2500 },
    );
  });

  test('when the catalog lists and exports get any parameters, then they never fail', async () => {
    const lists = fc.constantFrom(
      ['/api/speakers', 'json'],
      ['/api/questions', 'json'],
      ['/api/debates', 'json'],
      ['/speakers', 'html'],
      ['/questions', 'html'],
      ['/debates', 'html'],
    );
    await fc.assert(
      fc.asyncProperty(lists, queryString, async ([route, kind], { query, values }) => {
        await check(app, `${route}?${query}`, kind as 'json' | 'html', values);
      }),
      { numRuns: 1000 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/search', '/api/compare'), queryString, async (route, { query, values }) => {
        await check(app, `${route}?format=csv&${query}`, 'json', values);
      }),
      { numRuns: 500 },
    );
  });

  test('when a question’s key point pages and downloads get any point and parameters, then they answer 200, 400 or 404, never a 5xx', async () => {
    const point = fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom('1', '2', '30', '31', 'other', '0', '-1', '1.5') },
      { weight: 2, arbitrary: nasty.map((s) => encodeURIComponent(wellFormed(s)) || 'x') },
    );
    const question = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids.questions) }, { weight: 1, arbitrary: nasty.map((s) => encodeURIComponent(wellFormed(s)) || 'x') });
    await fc.assert(
      fc.asyncProperty(question, fc.oneof(point, fc.constant('export')), queryString, async (id, where, { query, values }) => {
        const res = await check(app, `/questions/${id}/key-points/${where}?${query}`, 'html', [...values, decodeSafely(where)]);
        assert.ok([200, 400, 404, 431].includes(res.status), `/questions/${id}/key-points/${where} -> ${res.status}`);
      }),
      { numRuns: 600 },
    );
  });

  test('when the run is over, then more than 10,000 requests were generated', () => {
    assert.ok(requests >= 10_000, `only ${requests} requests`);
  });
});

/** A list route's items, whether it answers a bare array or { <key>: [...] }. */
function listOf<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  const list = (body as Record<string, unknown> | null)?.[key];
  return Array.isArray(list) ? (list as T[]) : [];
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Issue 11: the findings of the attack on the running site, as generated cases.

describe('when hostile unit text, methods, charsets, bytes and reply graphs are generated (issue 11)', () => {
  let hostile: StartedApp;
  before(async () => {
    hostile = await startApp({ dataDir: path.join(ROOT_DIR, 'tests/fixtures/corpus-hostile') });
  });
  after(async () => hostile.close());

  test('when any page showing hostile unit text is asked, in any language, then it is balanced and bounded', async () => {
    const pages = ['/debates/hostile-units', '/speakers/alice-martin', '/speakers/bob-lee', '/questions/moderation', '/compare?speakers=alice-martin&speakers=bob-lee', '/search?q=word'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...pages), fc.constantFrom('', 'fr', 'en'), fc.constantFrom('', 'wordone', 'gras', 'jamais', 'lien'), async (page, lang, q) => {
        const base = page.startsWith('/search') ? `/search?q=${q || 'word'}` : page;
        const url = lang ? `${base}${base.includes('?') ? '&' : '?'}lang=${lang}` : base;
        const res = await check(hostile, url, 'html', []);
        assert.equal(res.status, 200, url);
        assertPageStructure(res.text, url);
      }),
      { numRuns: 60 },
    );
  });

  test('when any method is sent to any route, then OPTIONS answers Allow everywhere and nothing is a 5xx', async () => {
    const routes = ['/healthz', '/', '/search', '/compare', '/debates', '/debates/hostile-units', '/speakers', '/questions/moderation', '/api/search', '/api/units/hostile-open-link', '/api/openapi.json'];
    // Every pair, not a sample: one route answering OPTIONS differently is the finding.
    for (const route of routes) {
      for (const method of ['OPTIONS', 'HEAD', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
        requests++;
        const response = await fetch(`${hostile.baseUrl}${route}`, { method });
        await response.arrayBuffer();
        assert.ok(response.status < 500, `${method} ${route} -> ${response.status}`);
        if (method === 'OPTIONS') {
          assert.equal(response.status, 200, `OPTIONS ${route}`);
          assert.equal(response.headers.get('allow'), 'GET, HEAD', `OPTIONS ${route}`);
        }
      }
    }
  });

  test('when a request body declares any charset, then the answer is never a 415 nor a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('utf-8', 'UTF-8', 'latin1', 'latin-9', 'utf-16', 'koi8-r', 'x-unknown', '', '"utf-8"', 'utf-8; x=y'),
        fc.constantFrom('/api/search', '/api/nope', '/healthz', '/search'),
        fc.string({ maxLength: 40 }),
        async (charset, route, body) => {
          requests++;
          const response = await fetch(`${hostile.baseUrl}${route}`, { method: 'POST', headers: { 'content-type': `application/json; charset=${charset}` }, body });
          await response.arrayBuffer();
          assert.ok(response.status !== 415 && response.status < 500, `${route} charset=${charset} -> ${response.status}`);
        },
      ),
      { numRuns: 120 },
    );
  });

  test('when a debate file holds any bytes, then loading never throws and every refused byte is named with file:line', async () => {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-fuzz-bytes-'));
    try {
      const dataDir = path.join(scratch, 'data');
      await cp(path.join(ROOT_DIR, 'tests/fixtures/corpus-valid'), dataDir, { recursive: true });
      const file = path.join(dataDir, 'debates/narocast-0.md');
      const original = await readFile(file);
      const anchor = original.indexOf('On ne mesure pas');
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 12 }), async (bytes) => {
          await writeFile(file, Buffer.concat([original.subarray(0, anchor), Buffer.from(bytes), original.subarray(anchor)]));
          const { problems } = await loadCorpus(dataDir);
          const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
          const invalid = (() => {
            try {
              new TextDecoder('utf-8', { fatal: true }).decode(bytes);
              return false;
            } catch {
              return true;
            }
          })();
          // eslint-disable-next-line no-control-regex -- the reference list of refused characters, written out independently
          const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u.test(text);
          const named = problems.filter((p) => p.severity === 'error' && /narocast-0\.md$/.test(p.file) && p.line >= 1 && /not valid UTF-8|control character/.test(p.message));
          if (invalid || control) assert.ok(named.length > 0, `bytes ${Buffer.from(bytes).toString('hex')} passed validation`);
        }),
        { numRuns: 60 },
      );
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });

  test('when units reply to and continue each other at random, then validation reports a loop exactly when there is one', async () => {
    const speakers = parseYamlFile('speakers.yaml', await readFile(path.join(ROOT_DIR, 'tests/fixtures/corpus-valid/speakers.yaml'), 'utf8'));
    const n = 8;
    await fc.assert(
      fc.property(fc.array(fc.option(fc.nat(n - 1), { nil: undefined }), { minLength: n, maxLength: n }), fc.array(fc.option(fc.nat(n - 1), { nil: undefined }), { minLength: n, maxLength: n }), (replies, continues) => {
        const lines = ['---', 'slug: graph', 'title: Graph', 'date: 2020', 'medium: other', 'language: en', 'participants: [sandra]', '---', ''];
        for (let i = 0; i < n; i++) {
          lines.push(`## u${i}`, '- speaker: sandra', '- kind: comment');
          if (replies[i] !== undefined) lines.push(`- reply-to: u${replies[i]}`);
          if (continues[i] !== undefined) lines.push(`- continues: u${continues[i]}`);
          lines.push('', `Text ${i}.`, '');
        }
        const { problems } = validateCorpus({ speakers: [speakers], questions: [], debates: [parseDebateFile('graph.md', lines.join('\n'))] });
        const loops = problems.filter((p) => /loop/.test(p.message));
        // Reference: a cycle through edges that are not self-loops (those have their own message).
        const edges = (i: number): number[] => [replies[i], continues[i]].filter((t): t is number => t !== undefined && t !== i);
        const state = new Array<number>(n).fill(0);
        const cyclic = (i: number): boolean => {
          if (state[i] === 1) return true;
          if (state[i] === 2) return false;
          state[i] = 1;
          const found = edges(i).some(cyclic);
          state[i] = 2;
          return found;
        };
        const hasCycle = Array.from({ length: n }, (_, i) => i).some((i) => state[i] === 0 && cyclic(i));
        assert.equal(loops.length > 0, hasCycle, `replies ${JSON.stringify(replies)} continues ${JSON.stringify(continues)}: ${loops.map((p) => p.message).join('; ')}`);
        for (const loop of loops) assert.ok(loop.file === 'graph.md' && loop.line > 1);
      }),
      { numRuns: 300 },
    );
  });
});
