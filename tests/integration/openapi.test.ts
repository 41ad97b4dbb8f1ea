// /api/openapi.json against the app that serves it (issue 24): every route the Express app serves
// under /api (and /healthz) is in the document with its method, every documented path is served,
// and every query parameter the document lists is accepted by its route over HTTP (a valid value
// from its own schema is not a 400), while a name it does not list is refused.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { openApiDocument, type OpenApiParameter } from '../../server/routes/openapi.ts';
import { FIXTURE_DATA_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';

let app: StartedApp;

before(async () => {
  app = await startApp({ dataDir: FIXTURE_DATA_DIR });
});

after(async () => {
  await app.close();
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  match(path: string): boolean;
}

/** The routes of an Express app, walked through its router and the routers mounted in it, as "method path". */
function servedRoutes(): string[] {
  const expressApp = createApp(app.deps) as unknown as { router: { stack: Layer[] } };
  const routes: string[] = [];
  const walk = (stack: readonly Layer[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) routes.push(`${method} ${prefix}${layer.route.path}`);
      } else if (layer.handle.stack) {
        // Express 5 keeps no mount path on a layer: the API router is the one that matches /api/… and not /….
        const mountedAtApi = layer.match('/api/probe') && !layer.match('/probe');
        walk(layer.handle.stack, mountedAtApi ? `${prefix}/api` : prefix);
      }
    }
  };
  walk(expressApp.router.stack, '');
  return routes;
}

type Operation = { operationId: string; parameters?: OpenApiParameter[] };
const paths = openApiDocument().paths as Record<string, Record<string, Operation>>;
const documented = Object.entries(paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
/** The API's routes and the health check: the pages answer HTML and are not in the document. */
const isApiRoute = (route: string): boolean => / \/api\//.test(route) || route.endsWith(' /healthz');
const toOpenApi = (route: string): string => route.replace(/:(\w+)/g, '{$1}');

/** Ids of the fixture corpus for the path parameters and the id-valued query parameters. */
const PATH_SAMPLES: Record<string, Record<string, string>> = {
  '/api/speakers/{id}': { id: 'genaro' },
  '/api/questions/{id}': { id: 'roi' },
  '/api/questions/{id}/key-points': { id: 'roi' },
  '/api/debates/{slug}': { slug: 'narocast-0' },
  '/api/units/{id}': { id: 'genaro-roi' },
  '/api/units/{id}/similar': { id: 'genaro-roi' },
};
const QUERY_SAMPLES: Record<string, string> = { q: 'stagiaire', speaker: 'genaro', speakers: 'genaro,sandra', question: 'roi', position: 'roi:non', kind: 'turn', debate: 'narocast-0' };
/** What a route needs besides the parameter under test: a comparison needs two speakers. */
const BASE_QUERY: Record<string, string> = { '/api/compare': 'speaker=genaro&speaker=sandra' };

/** A valid value of a parameter, from its own JSON Schema (an enum's values, a number's bounds) or a fixture id. */
function sampleValues(parameter: OpenApiParameter): string[] {
  const schema = parameter.schema as { type?: string; enum?: string[]; minimum?: number; maximum?: number; anyOf?: { type?: string; const?: string; minimum?: number }[]; items?: { enum?: string[] } };
  if (schema.enum) return schema.enum;
  if (schema.type === 'integer') return [String(schema.minimum ?? 1), String(schema.maximum ?? schema.minimum ?? 1)];
  if (schema.anyOf) return schema.anyOf.map((s) => (s.const !== undefined ? s.const : String(s.minimum ?? 1)));
  if (schema.items?.enum) return [schema.items.enum[0]!];
  const sample = QUERY_SAMPLES[parameter.name];
  assert.ok(sample, `a sample value for the parameter "${parameter.name}"`);
  return [sample];
}

function urlOf(path: string, query: string): string {
  const filled = path.replace(/\{(\w+)\}/g, (_m, name: string) => PATH_SAMPLES[path]?.[name] ?? name);
  const all = [BASE_QUERY[path], query].filter(Boolean).join('&');
  return all ? `${filled}?${all}` : filled;
}

async function get(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${app.baseUrl}${url}`);
  return { status: response.status, text: await response.text() };
}

describe('GET /api/openapi.json against the app', () => {
  test('when the app is walked, then every route it serves under /api and /healthz is documented with its method, and every documented one is served', () => {
    const served = servedRoutes().filter(isApiRoute).map(toOpenApi);
    assert.ok(served.length >= 13, served.join('\n'));
    assert.deepEqual([...new Set(served)].sort(), [...documented].sort());
  });

  test('when the document is fetched, then it is the one the route table gives', async () => {
    const res = await get('/api/openapi.json');
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.text), JSON.parse(JSON.stringify(openApiDocument())));
  });

  test('when each documented query parameter is sent with a valid value, then its route does not answer 400', async () => {
    let checked = 0;
    for (const [path, methods] of Object.entries(paths)) {
      const parameters = (methods.get?.parameters ?? []).filter((p) => p.in === 'query');
      for (const parameter of parameters) {
        for (const value of sampleValues(parameter)) {
          // `table` other than its default is a download's: it needs `format`.
          const extra = parameter.name === 'table' && value !== 'points' ? '&format=csv' : '';
          const url = urlOf(path, `${encodeURIComponent(parameter.name)}=${encodeURIComponent(value)}${extra}`);
          const res = await get(url);
          // Accepted: an answer, or a 404 for what the fixture lacks (a key point rank past its last), never a 400 or a failure.
          assert.ok(res.status === 200 || res.status === 404, `${url}: ${res.status} ${res.text.slice(0, 200)}`);
          checked += 1;
        }
      }
    }
    assert.ok(checked > 40, `${checked} parameter values checked`);
  });

  test('when a documented number is one past its bound or an enum gets a value outside it, then the route answers 400 naming the parameter', async () => {
    let checked = 0;
    for (const [path, methods] of Object.entries(paths)) {
      for (const parameter of (methods.get?.parameters ?? []).filter((p) => p.in === 'query')) {
        const schema = parameter.schema as { type?: string; enum?: string[]; minimum?: number; maximum?: number };
        const outside = [
          ...(schema.type === 'integer' && schema.maximum !== undefined ? [String(schema.maximum + 1)] : []),
          ...(schema.type === 'integer' && schema.minimum !== undefined ? [String(schema.minimum - 1)] : []),
          ...(schema.enum ? ['not-one-of-them'] : []),
        ];
        for (const value of outside) {
          const url = urlOf(path, `${parameter.name}=${value}`);
          const res = await get(url);
          assert.equal(res.status, 400, url);
          assert.match((JSON.parse(res.text) as { error: { message: string } }).error.message, new RegExp(`^parameter "${parameter.name}" must be`), url);
          checked += 1;
        }
      }
    }
    assert.ok(checked > 30, `${checked} values checked`);
  });

  test('when a route with query parameters is sent a name its document does not list, then it is a 400 listing the documented names', async () => {
    for (const [path, methods] of Object.entries(paths)) {
      const parameters = (methods.get?.parameters ?? []).filter((p) => p.in === 'query');
      if (parameters.length === 0) continue;
      const res = await get(urlOf(path, 'undocumented=1'));
      assert.equal(res.status, 400, path);
      const { error } = JSON.parse(res.text) as { error: { message: string } };
      assert.equal(error.message, `unknown parameter "undocumented"; allowed: ${parameters.map((p) => p.name).join(', ')}`, path);
    }
  });

  test('when the document itself is asked with an unknown parameter, then it is a 400 too (only /healthz ignores them)', async () => {
    const res = await get('/api/openapi.json?zz=1');
    assert.equal(res.status, 400);
    assert.match((JSON.parse(res.text) as { error: { message: string } }).error.message, /^unknown parameter "zz"/);
    const withoutParameters = Object.entries(paths).filter(([, methods]) => (methods.get?.parameters ?? []).every((p) => p.in !== 'query')).map(([path]) => path);
    assert.deepEqual(withoutParameters, ['/healthz']);
  });
});
