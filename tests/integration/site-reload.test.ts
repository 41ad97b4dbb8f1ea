// Reloading the corpus without a restart: the pages' catalog and the search index switch together,
// from a watched data folder or from an index that `npm run index` built in another process.
// Real parts throughout: the corpus loader, the embedded engine with its snapshot folder, the
// index command run as a child process.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { Logger } from '../../server/app-deps.ts';
import { EmbeddedEngine } from '../../server/search/embedded/embedded-engine.ts';
import { SiteState, openServedCorpus } from '../../server/site-state.ts';
import { FIXTURE_DATA_DIR, ROOT_DIR } from '../helpers/start-app.ts';

const run = promisify(execFile);
const DEBATE = 'debates/narocast-0.md';
const ORIGINAL = 'Le Community Management n’est pas un boulot de stagiaire.';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), error: (m) => lines.push(`error ${m}`) };
}

async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(50);
  }
}

async function searchTotal(state: SiteState, text: string): Promise<number> {
  return (await state.current.engine.search({ text })).total;
}

function unitText(state: SiteState, id: string): string | undefined {
  return state.current.corpus.unitById.get(id)?.text;
}

describe('site state', () => {
  let work: string;
  let dataDir: string;
  let cacheDir: string;
  before(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-reload-'));
    dataDir = path.join(work, 'data');
    cacheDir = path.join(work, 'cache');
    await cp(FIXTURE_DATA_DIR, dataDir, { recursive: true });
  });
  after(async () => rm(work, { recursive: true, force: true }));

  const edit = async (from: string, to: string): Promise<void> => {
    const file = path.join(dataDir, DEBATE);
    const text = await readFile(file, 'utf8');
    assert.ok(text.includes(from), `the fixture holds «${from}»`);
    await writeFile(file, text.replace(from, to));
  };

  test('when the site starts twice on the same corpus, then the second start reuses the stored index', async () => {
    const first = await openServedCorpus(dataDir, new EmbeddedEngine({ cacheDir }));
    assert.equal(first.opening, 'built');
    const second = await openServedCorpus(dataDir, new EmbeddedEngine({ cacheDir }));
    assert.equal(second.opening, 'reused');
    assert.equal(second.served.digest, first.served.digest);
    await edit(ORIGINAL, 'Le Community Management n’est pas un boulot de stagiaire, dit-il.');
    const third = await openServedCorpus(dataDir, new EmbeddedEngine({ cacheDir }));
    assert.equal(third.opening, 'built', 'a changed corpus is reindexed');
    assert.notEqual(third.served.digest, first.served.digest);
    await Promise.all([first, second, third].map((o) => o.served.engine.close()));
  });

  test('when a reload is asked for, then catalog and search switch together, and an invalid corpus changes nothing', async () => {
    const logger = recordingLogger();
    const { served } = await openServedCorpus(dataDir, new EmbeddedEngine({ cacheDir }));
    const state = new SiteState(served, { dataDir, createEngine: () => new EmbeddedEngine({ cacheDir }), logger, retireAfterMs: 10 });
    try {
      assert.equal(await searchTotal(state, 'zygomorphe'), 0);
      await edit('boulot de stagiaire, dit-il.', 'boulot de stagiaire zygomorphe.');
      const before = state.current;
      const outcome = await state.reload('test');
      assert.equal(outcome.status, 'reloaded');
      assert.notEqual(state.current, before);
      assert.equal(await searchTotal(state, 'zygomorphe'), 1);
      assert.match(unitText(state, 'seb-pas-stagiaire') ?? '', /zygomorphe/);

      // A broken file: the reload is refused with file:line, and the previous pair keeps serving.
      await edit('- speaker: sebastien-robin', '- speaker: nobody-at-all');
      const servedBefore = state.current;
      const refused = await state.reload('test');
      assert.equal(refused.status, 'invalid');
      assert.equal(state.current, servedBefore);
      assert.ok(logger.lines.some((l) => /narocast-0\.md:\d+: .*nobody-at-all/.test(l)), logger.lines.join('\n'));
      assert.equal(await searchTotal(state, 'zygomorphe'), 1);
      await edit('- speaker: nobody-at-all', '- speaker: sebastien-robin');
    } finally {
      await state.close();
    }
  });

  test('when the data folder is watched and a file changes, then the site serves the new corpus by itself', async () => {
    const logger = recordingLogger();
    const { served } = await openServedCorpus(dataDir, new EmbeddedEngine({ cacheDir }));
    const state = new SiteState(served, { dataDir, createEngine: () => new EmbeddedEngine({ cacheDir }), logger, retireAfterMs: 10 });
    try {
      state.watchDataFolder(100);
      await edit('stagiaire zygomorphe.', 'stagiaire ornithorynque.');
      await waitFor(async () => (await searchTotal(state, 'ornithorynque')) === 1);
      assert.match(unitText(state, 'seb-pas-stagiaire') ?? '', /ornithorynque/);
      assert.equal(await searchTotal(state, 'zygomorphe'), 0);
      assert.ok(logger.lines.some((l) => l.includes('data files changed')), logger.lines.join('\n'));
    } finally {
      await state.close();
    }
  });

  test('when npm run index rebuilds the index in another process, then the running site reloads catalog and index', async () => {
    const logger = recordingLogger();
    const { served } = await openServedCorpus(dataDir, new EmbeddedEngine({ cacheDir }));
    const state = new SiteState(served, { dataDir, createEngine: () => new EmbeddedEngine({ cacheDir }), logger, retireAfterMs: 10 });
    try {
      state.pollIndex(100);
      await edit('stagiaire ornithorynque.', 'stagiaire tamanoir.');
      // The site is not watching the folder: it still serves the old corpus.
      await sleep(300);
      assert.equal(await searchTotal(state, 'tamanoir'), 0);
      await run(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'scripts/index-corpus.ts'), '--data', dataDir], {
        cwd: ROOT_DIR,
        env: { ...process.env, MEILI_URL: '', INDEX_CACHE_DIR: cacheDir, LOG_LEVEL: 'silent' },
      });
      await waitFor(async () => (await searchTotal(state, 'tamanoir')) === 1);
      assert.match(unitText(state, 'seb-pas-stagiaire') ?? '', /tamanoir/);
      assert.ok(logger.lines.some((l) => /index reused/.test(l)), `the site loaded the index the command built:\n${logger.lines.join('\n')}`);
    } finally {
      await state.close();
    }
  });
});
