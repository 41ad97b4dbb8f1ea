// `npm run validate [-- --data DIR]`: checks a corpus folder and prints every problem as
// `file:line: message`, then a summary. Exits 1 on any error, so CI and pre-commit can rely on it.

import path from 'node:path';
import { dataDirFromArgs } from '../server/config.ts';
import { loadCorpus } from '../server/corpus/load.ts';
import type { LoadResult } from '../server/corpus/load.ts';
import { formatProblem } from '../server/errors.ts';

/** e.g. "data: 3 debates, 12 speakers, 9 questions, 64 units; 0 errors, 1 warning" */
function summarize(label: string, { corpus, problems }: LoadResult): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const counts = [
    count(corpus.debates.length, 'debate'),
    count(corpus.speakers.length, 'speaker'),
    count(corpus.questions.length, 'question'),
    count(corpus.units.length, 'unit'),
  ];
  return `${label}: ${counts.join(', ')}; ${count(errors, 'error')}, ${count(warnings, 'warning')}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

async function main(): Promise<number> {
  const dataDir = dataDirFromArgs(process.argv.slice(2), process.env.DATA_DIR ?? 'data');
  const result = await loadCorpus(dataDir);
  for (const problem of result.problems) console.log(formatProblem(problem));
  const label = path.relative(process.cwd(), path.resolve(dataDir)) || '.';
  console.log(summarize(label.startsWith('..') ? path.resolve(dataDir) : label, result));
  return result.problems.some((p) => p.severity === 'error') ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
