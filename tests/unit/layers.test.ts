// The layers of docs/architecture.md, checked on the import statements of server/**/*.ts and
// scripts/*.ts (issue 24): a module may import only from the layers its row of LAYER_RULES names.
// The rule is data; a new folder needs a row in LAYERS (the test fails on a file in no layer).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Which layer a file is in: the first row whose test matches its path (relative to the repository, with /). */
const LAYERS: readonly { layer: string; matches: (file: string) => boolean }[] = [
  // The corpus cache (a start's validated corpus and digest, kept between starts) belongs to starting the site.
  { layer: 'entry', matches: (f) => ['server/main.ts', 'server/assemble.ts', 'server/cluster.ts', 'server/corpus-cache.ts'].includes(f) },
  { layer: 'app', matches: (f) => ['server/app.ts', 'server/error-handler.ts', 'server/http-server.ts', 'server/site-state.ts'].includes(f) },
  { layer: 'page-models', matches: (f) => f.startsWith('server/routes/page-models/') },
  { layer: 'routes', matches: (f) => f.startsWith('server/routes/') },
  { layer: 'services', matches: (f) => f.startsWith('server/services/') },
  { layer: 'analysis', matches: (f) => f.startsWith('server/analysis/') },
  { layer: 'embedded', matches: (f) => f.startsWith('server/search/embedded/') },
  { layer: 'meilisearch', matches: (f) => f.startsWith('server/search/meilisearch/') },
  { layer: 'search', matches: (f) => f.startsWith('server/search/') },
  { layer: 'corpus', matches: (f) => f.startsWith('server/corpus/') },
  { layer: 'io', matches: (f) => f.startsWith('server/io/') },
  // config, errors, i18n, html, markdown, csv, logger, media, permalinks, paths, numbering, app-deps, and the
  // code fingerprint in plain JavaScript (the launcher, scripts/start.mjs, uses it too).
  { layer: 'leaves', matches: (f) => /^server\/[^/]+\.(ts|mjs)$/.test(f) },
  { layer: 'scripts', matches: (f) => f.startsWith('scripts/') },
];

/**
 * Layer → what its modules may import: other layers by name, or single files by path (the
 * exceptions docs/architecture.md names). A module may always import from its own layer, and any
 * package (a bare specifier such as `express` or `node:fs`).
 */
const LAYER_RULES: Readonly<Record<string, readonly string[]>> = {
  entry: ['app', 'routes', 'page-models', 'services', 'analysis', 'search', 'embedded', 'meilisearch', 'corpus', 'io', 'leaves'],
  // The site's state reloads the corpus through the corpus cache, as the start does.
  app: ['routes', 'search', 'corpus', 'leaves', 'server/corpus-cache.ts'],
  // Routes reach io/ only through a service (services/export-service.ts), and the analysis
  // only through services/key-points-service.ts.
  routes: ['page-models', 'services', 'search', 'corpus', 'leaves'],
  'page-models': ['services', 'search', 'corpus', 'leaves', 'server/routes/links.ts', 'server/routes/params.ts'],
  services: ['analysis', 'search', 'corpus', 'io', 'leaves'],
  analysis: ['search', 'corpus', 'leaves'],
  // search/ holds the engine-neutral layer and create-engine.ts, which picks an adapter.
  search: ['embedded', 'meilisearch', 'corpus', 'leaves'],
  embedded: ['search', 'leaves'],
  meilisearch: ['search', 'leaves'],
  corpus: ['leaves'],
  // The coders' sheets (io/coder-sheet.ts) return the agreement's own types.
  io: ['corpus', 'analysis', 'leaves'],
  // The model's types and patterns (i18n names kinds, media and facet fields), and app-deps's types.
  leaves: ['server/corpus/model.ts', 'server/corpus/patterns.ts', 'server/search/engine.ts'],
  scripts: ['entry', 'app', 'services', 'analysis', 'search', 'embedded', 'meilisearch', 'corpus', 'io', 'leaves'],
};

function layerOf(file: string): string | undefined {
  return LAYERS.find((row) => row.matches(file))?.layer;
}

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** Every module a file imports or re-exports (static, type-only and dynamic), as repository paths; packages left out. */
function localImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true);
  return importedFiles
    .map((ref) => ref.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => path.posix.normalize(path.posix.join(path.posix.dirname(file), name)));
}

export function layerViolations(files: readonly string[], imports: (file: string) => readonly string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const layer = layerOf(file);
    if (!layer) {
      problems.push(`${file} is in no layer: add it to LAYERS in tests/unit/layers.test.ts and to docs/architecture.md`);
      continue;
    }
    const allowed = LAYER_RULES[layer] ?? [];
    for (const target of imports(file)) {
      if (!target.startsWith('server/')) continue;
      const targetLayer = layerOf(target);
      if (targetLayer === layer || allowed.includes(target) || (targetLayer !== undefined && allowed.includes(targetLayer))) continue;
      problems.push(`${file} (${layer}) imports ${target} (${targetLayer ?? 'no layer'}): ${layer} may import ${allowed.join(', ')}`);
    }
  }
  return problems;
}

const FILES = [...tsFiles('server'), ...tsFiles('scripts')];

test('when the server and scripts are read, then every module is in a layer and imports only what its layer may', () => {
  assert.ok(FILES.length > 80, `read ${FILES.length} files`);
  const problems = layerViolations(FILES, localImports);
  assert.deepEqual(problems, []);
});

test('when the import statements are read, then static, type-only, re-exported and dynamic imports all count', () => {
  // The reader itself, on the files issue 24 was about: a regression would pass the rule unseen.
  assert.ok(localImports('server/routes/api.ts').includes('server/services/search-service.ts'));
  assert.ok(localImports('server/routes/links.ts').includes('server/permalinks.ts'), 'a re-export counts');
  assert.ok(localImports('server/app-deps.ts').includes('server/search/engine.ts'), 'a type-only import counts');
});

test('when a service imports a route, or a route an io module, then the rule names the file, its layer and what it may import', () => {
  const imports: Record<string, string[]> = {
    'server/services/search-service.ts': ['server/routes/links.ts'],
    'server/routes/exports.ts': ['server/io/export.ts', 'server/services/export-service.ts'],
    'server/io/csv-import.ts': ['server/routes/exports.ts'],
    'server/routes/page-models/search.ts': ['server/routes/links.ts', 'server/routes/pages.ts'],
    'server/brand-new/thing.ts': [],
  };
  const problems = layerViolations(['server/services/search-service.ts', 'server/routes/exports.ts', 'server/io/csv-import.ts', 'server/routes/page-models/search.ts'], (f) => imports[f] ?? []);
  assert.deepEqual(problems, [
    'server/services/search-service.ts (services) imports server/routes/links.ts (routes): services may import analysis, search, corpus, io, leaves',
    'server/routes/exports.ts (routes) imports server/io/export.ts (io): routes may import page-models, services, search, corpus, leaves',
    'server/io/csv-import.ts (io) imports server/routes/exports.ts (routes): io may import corpus, analysis, leaves',
    'server/routes/page-models/search.ts (page-models) imports server/routes/pages.ts (routes): page-models may import services, search, corpus, leaves, server/routes/links.ts, server/routes/params.ts',
  ]);
  assert.match(layerViolations(['lib/thing.ts'], () => [])[0] ?? '', /in no layer/);
});
