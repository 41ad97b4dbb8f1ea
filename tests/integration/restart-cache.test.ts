// A restart on an unchanged corpus reads the corpus cache and the index snapshot instead of parsing
// and indexing (server/corpus-cache.ts, issue 24): it must serve exactly what a cold start serves,
// and any change to a data file (even one that keeps its size and modification time) must bring
// the files back, with a broken file still reported by file and line. Real parts throughout: a
// generated corpus written as files, the real loader, the embedded engine with its cache folder,
// the app over HTTP on port 0.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateCorpus, writeCorpusFolder } from '../../scripts/bench/generate-corpus.ts';
import { buildQueryMix, type BenchQuery } from '../../scripts/bench/queries.ts';
import { assembleApp, listen, type AssembledApp } from '../../server/assemble.ts';
import { loadConfig } from '../../server/config.ts';
import { InvalidCorpusError } from '../../server/errors.ts';
import { silentLogger } from '../../server/logger.ts';
import type { SearchResult } from '../../server/search/engine.ts';
import { withoutTimes } from '../helpers/answers.ts';

const UNITS = 2000;

/** Starts the site as main.ts does, on this data folder, with this cache folder ('' for none). */
async function start(dataDir: string, cacheDir: string): Promise<AssembledApp> {
  // A fixed public address: permalinks in the answers must not differ by the port of each run.
  const environment = { NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, INDEX_CACHE_DIR: cacheDir, PUBLIC_BASE_URL: 'https://contrepoint.test' };
  return assembleApp(loadConfig(environment), { logger: silentLogger });
}

/** The bench's query mix (every kind), answered by the engine the site serves. */
async function benchAnswers(site: AssembledApp, mix: readonly BenchQuery[]): Promise<unknown[]> {
  const engine = site.deps.engine;
  const answers: (SearchResult | SearchResult[])[] = [];
  for (const { queries } of mix) answers.push(queries.length === 1 ? await engine.search(queries[0]!) : await engine.multiSearch(queries));
  return answers.map(withoutTimes);
}

/** The same pages of the JSON API, fetched over HTTP from the site. */
async function apiAnswers(site: AssembledApp, paths: readonly string[]): Promise<unknown[]> {
  const { server, port } = await listen(site.app, 0, '127.0.0.1', site.deps.config.http);
  try {
    const answers: unknown[] = [];
    for (const p of paths) {
      const response = await fetch(`http://127.0.0.1:${port}${p}`);
      assert.equal(response.status, 200, p);
      answers.push(withoutTimes(await response.json()));
    }
    return answers;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function corpusEntries(cacheDir: string): Promise<string[]> {
  return (await readdir(cacheDir)).filter((name) => name.startsWith('corpus-'));
}

describe('restart from the corpus cache', () => {
  let work: string;
  let dataDir: string;
  let cacheDir: string;
  let mix: BenchQuery[];
  let paths: string[];
  let cold: { bench: unknown[]; api: unknown[]; corpus: unknown; warnings: unknown };
  let debateFile: string;
  let unitId: string;
  const generated = generateCorpus({ units: UNITS });

  before(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-restart-'));
    dataDir = path.join(work, 'data');
    cacheDir = path.join(work, 'cache');
    await writeCorpusFolder(generated.corpus, dataDir);
    mix = buildQueryMix(generated.documents, generated.vocabulary, 6);
    const unit = generated.corpus.units[Math.floor(UNITS / 2)]!;
    unitId = unit.id;
    debateFile = path.join(dataDir, 'debates', `${unit.debate}.md`);
    const word = generated.vocabulary[3]!;
    const speaker = generated.corpus.speakers[0]!.id;
    const question = generated.corpus.questions[0]!.id;
    paths = [
      '/api/speakers',
      '/api/questions',
      '/api/debates',
      `/api/speakers/${speaker}`,
      `/api/questions/${question}`,
      `/api/debates/${unit.debate}`,
      `/api/units/${unit.id}`,
      `/api/search?q=${encodeURIComponent(word)}`,
      `/api/search?q=${encodeURIComponent(word)}&speaker=${speaker}&page=2`,
      `/api/units/${unit.id}/similar`,
    ];
    // The reference: a start without any cache folder.
    const site = await start(dataDir, '');
    try {
      assert.equal(site.corpusOrigin, 'files');
      cold = { bench: await benchAnswers(site, mix), api: await apiAnswers(site, paths), corpus: site.deps.corpus.corpus, warnings: site.warnings };
    } finally {
      await site.site.close();
    }
  });
  after(async () => rm(work, { recursive: true, force: true }));

  test('when the site restarts on an unchanged corpus, then it reads the cache and the snapshot and serves exactly what a cold start serves', async () => {
    const first = await start(dataDir, cacheDir);
    try {
      assert.equal(first.corpusOrigin, 'files', 'an empty cache folder: the files are parsed');
      assert.equal(first.opening, 'built');
      assert.deepEqual(await benchAnswers(first, mix), cold.bench);
    } finally {
      await first.site.close();
    }
    assert.equal((await corpusEntries(cacheDir)).length, 1, 'the first start wrote one corpus entry');

    const restart = await start(dataDir, cacheDir);
    try {
      assert.equal(restart.corpusOrigin, 'cache');
      assert.equal(restart.opening, 'reused', 'the index snapshot is found through the cached digest');
      assert.deepStrictEqual(restart.deps.corpus.corpus, cold.corpus, 'the same units, fields and order');
      assert.deepStrictEqual(restart.warnings, cold.warnings);
      const bench = await benchAnswers(restart, mix);
      assert.ok(bench.length >= 50, `${bench.length} bench queries`);
      assert.deepStrictEqual(bench, cold.bench);
      assert.deepStrictEqual(await apiAnswers(restart, paths), cold.api);
    } finally {
      await restart.site.close();
    }
  });

  test('when a data file changes without changing its size or modification time, then the next start parses the files again', async () => {
    const original = await readFile(debateFile, 'utf8');
    const { mtime } = await stat(debateFile);
    const unit = generated.corpus.units.find((u) => u.id === unitId)!;
    // Same length: one letter of the unit's text swapped for another (é and è are both two bytes).
    const at = original.indexOf(unit.text.split('\n')[0]!);
    assert.ok(at > 0, 'the unit text is in its file');
    const letter = original[at]!;
    const changed = `${original.slice(0, at)}${letter === 'q' ? 'z' : 'q'}${original.slice(at + 1)}`;
    assert.equal(Buffer.byteLength(changed), Buffer.byteLength(original));
    await writeFile(debateFile, changed);
    await utimes(debateFile, mtime, mtime);
    try {
      const site = await start(dataDir, cacheDir);
      try {
        assert.equal(site.corpusOrigin, 'files');
        assert.equal(site.opening, 'built');
        assert.notEqual(site.deps.corpus.unitById.get(unitId)?.text, unit.text);
      } finally {
        await site.site.close();
      }
    } finally {
      await writeFile(debateFile, original);
    }
    // Back to the original bytes: parsed again (the cache now holds the changed corpus), then cached.
    const again = await start(dataDir, cacheDir);
    await again.site.close();
    assert.equal(again.corpusOrigin, 'files');
    const cached = await start(dataDir, cacheDir);
    try {
      assert.equal(cached.corpusOrigin, 'cache');
      assert.equal(cached.deps.corpus.unitById.get(unitId)?.text, unit.text);
    } finally {
      await cached.site.close();
    }
  });

  test('when a file is broken after a start, then the restart refuses with its file and line, and the cache does not hide it', async () => {
    const original = await readFile(debateFile, 'utf8');
    const unit = generated.corpus.units.find((u) => u.id === unitId)!;
    const speakerLine = `- speaker: ${unit.speaker}`;
    const at = original.indexOf(`## ${unit.id}`);
    const lineAt = original.indexOf(speakerLine, at);
    assert.ok(at >= 0 && lineAt > at, 'the unit and its speaker line are in the file');
    const line = original.slice(0, lineAt).split('\n').length;
    await writeFile(debateFile, `${original.slice(0, lineAt)}- speaker: nobody-at-all${original.slice(lineAt + speakerLine.length)}`);
    try {
      await assert.rejects(start(dataDir, cacheDir), (error: unknown) => {
        assert.ok(error instanceof InvalidCorpusError);
        const problem = error.problems.find((p) => p.severity === 'error' && p.message.includes('nobody-at-all'));
        assert.ok(problem, error.message);
        assert.equal(path.resolve(problem.file), debateFile);
        assert.equal(problem.line, line);
        return true;
      });
      assert.equal((await corpusEntries(cacheDir)).length, 1, 'an invalid corpus is never cached');
    } finally {
      await writeFile(debateFile, original);
    }
    const fixed = await start(dataDir, cacheDir);
    try {
      assert.equal(fixed.corpusOrigin, 'cache', 'the entry of the valid corpus is still there');
    } finally {
      await fixed.site.close();
    }
  });

  test('when the cache entry is corrupt, then the site parses the files and serves the same answers', async () => {
    const [entry] = await corpusEntries(cacheDir);
    assert.ok(entry);
    const file = path.join(cacheDir, entry);
    const text = await readFile(file, 'latin1');
    await writeFile(file, text.slice(0, Math.floor(text.length / 2)), 'latin1');
    const site = await start(dataDir, cacheDir);
    try {
      assert.equal(site.corpusOrigin, 'files');
      assert.deepStrictEqual(site.deps.corpus.corpus, cold.corpus);
      assert.deepStrictEqual(await benchAnswers(site, mix), cold.bench);
    } finally {
      await site.site.close();
    }
  });
});
