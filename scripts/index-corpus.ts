// `npm run index [-- --data DIR]`: validates the corpus and rebuilds the configured engine's index
// from it (Meilisearch when MEILI_URL is set, else the embedded engine's cache). The previous
// index keeps serving until the new one is complete. Any failure: one clear line, exit 1.
// `runIndex` is the whole command with its environment and error stream given, so that tests can
// run it in their own process (tests/helpers/run-cli.ts).

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import { ConfigError, dataDirFromArgs, loadConfig, type EngineConfig } from '../server/config.ts';
import { loadValidCorpus } from '../server/corpus/load.ts';
import { InvalidCorpusError, formatProblem } from '../server/errors.ts';
import { createSearchEngine } from '../server/search/create-engine.ts';
import { toSearchDocuments } from '../server/search/documents.ts';
import type { IndexProgress } from '../server/search/engine.ts';
import { displayUrl } from '../server/search/meilisearch/errors.ts';
import { isEntryPoint } from './cli.ts';

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Relative to the working directory when inside it, else absolute. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function describeEngine(engine: EngineConfig): string {
  switch (engine.kind) {
    case 'embedded':
      return engine.cacheDir ? `the embedded engine (cache ${displayPath(engine.cacheDir)})` : 'the embedded engine';
    case 'meilisearch':
      return `Meilisearch index "${engine.indexName}" at ${displayUrl(engine.url)}`;
  }
}

/** A bar on a terminal; elsewhere (CI, pipes) a line at most every second and at the end. */
function progressReporter(stderr: NodeJS.WritableStream & { isTTY?: boolean }): { onProgress: IndexProgress; stop(): void } {
  if (stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: stderr, format: 'indexing [{bar}] {percentage}% | {value}/{total} units | {duration_formatted}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress(done, total) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  let lastLine = 0;
  return {
    onProgress(done, total) {
      const now = performance.now();
      if (done !== total && now - lastLine < 1000) return;
      lastLine = now;
      stderr.write(`indexing: ${done}/${total} units\n`);
    },
    stop() {},
  };
}

async function main(argv: readonly string[], env: NodeJS.ProcessEnv, stderr: NodeJS.WritableStream & { isTTY?: boolean }): Promise<void> {
  const started = performance.now();
  const config = loadConfig(env);
  const dataDir = dataDirFromArgs(argv, config.dataDir);

  const { corpus, index, warnings } = await loadValidCorpus(dataDir);
  for (const warning of warnings) console.error(formatProblem(warning));
  const documents = toSearchDocuments(index);
  const loaded = performance.now();

  console.error(`Indexing ${count(documents.length, 'unit')} into ${describeEngine(config.engine)}`);
  const engine = createSearchEngine(config.engine);
  const progress = progressReporter(stderr);
  try {
    await engine.reindex(documents, progress.onProgress);
  } finally {
    progress.stop();
    await engine.close();
  }
  const indexed = performance.now();

  const counts = [
    count(corpus.units.length, 'unit'),
    count(corpus.speakers.length, 'speaker'),
    count(corpus.questions.length, 'question'),
    count(corpus.debates.length, 'debate'),
  ];
  console.log(`Indexed ${counts.join(', ')} into ${describeEngine(config.engine)}.`);
  console.log(`Time: ${seconds(indexed - started)} (corpus ${seconds(loaded - started)}, index ${seconds(indexed - loaded)})`);
}

function report(error: unknown): void {
  if (error instanceof InvalidCorpusError) {
    for (const problem of error.problems) console.error(formatProblem(problem));
    const errors = error.problems.filter((p) => p.severity === 'error').length;
    console.error(`npm run index: the corpus has ${count(errors, 'error')}: nothing was indexed (run npm run validate)`);
  } else if (error instanceof ConfigError) {
    console.error(`npm run index: ${error.problems.join('; ')}`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`npm run index: ${message.split('\n')[0]}`);
  }
}

/**
 * The command: its exit code, 0 or 1. `env` is read for the configuration (process.env from the
 * shell); progress lines go to `stderr`, messages to the console.
 */
export async function runIndex(argv: readonly string[], env: NodeJS.ProcessEnv, stderr: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): Promise<number> {
  try {
    await main(argv, env, stderr);
    return 0;
  } catch (error) {
    report(error);
    return 1;
  }
}

if (isEntryPoint(import.meta.url)) {
  void runIndex(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
