// `npm run agreement -- SHEET_A SHEET_B [--out FILE] [--data DIR] [--show N] [--json]`: how far two
// coders agree, from two filled coding sheets of the same units (npm run export -- --format
// coding-sheet, filled by each coder). Prints, per question, the units both coded, the observed
// agreement, Cohen's kappa and Krippendorff's alpha (nominal), then the same per position, and the
// units they disagree on; writes those disagreements as a CSV to settle. Figures go to stdout,
// "wrote FILE" to stderr, as the export does. The method: server/analysis/agreement.ts.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { compareCoders, type Coefficient, type QuestionAgreement } from '../server/analysis/agreement.ts';
import { dataDirFromArgs } from '../server/config.ts';
import { loadValidCorpus } from '../server/corpus/load.ts';
import { SUPPORTED_ENCODINGS } from '../server/corpus/text-checks.ts';
import { InvalidCorpusError } from '../server/errors.ts';
import { checkSameUnits, describeCodes, disagreementsCsv, readCoderSheet, SheetsError, type CoderSheet } from '../server/io/coder-sheet.ts';
import { commandExitCode, isEntryPoint, parseCommandLine, readTextInput, runCommand, UsageError } from './cli.ts';

/** The disagreements CSV cannot be written where asked: a message, exit code 1. */
class OutputError extends Error {}

/** Disagreeing units listed per question unless --show says otherwise; all of them are in the CSV. */
const DEFAULT_SHOWN = 10;
/** The largest sheet read, as for an import. */
const MAX_SHEET_MB = 200;

const USAGE = `Usage: npm run agreement -- SHEET_A SHEET_B [options]

  Two coding sheets of the same units (npm run export -- --format coding-sheet), each filled by
  one coder. A unit's codes are its codes column less remove plus add, as the import reads them.

  --out FILE       the CSV of the disagreements to settle (default: beside SHEET_A, named
                   A-vs-B-disagreements.csv after the two sheets)
  --data DIR       the corpus the sheets were exported from: their units and codes must be in it
                   (default: DATA_DIR or data)
  --show N         disagreeing units listed per question (default ${DEFAULT_SHOWN}; the CSV has all)
  --json           print the figures as JSON instead of tables
  --encoding NAME  encoding of the sheets: ${SUPPORTED_ENCODINGS.join(', ')} (default utf-8)`;

const METHOD = [
  "On each question, a unit's value is the set of its codes on that question, compared whole: two",
  'sets agree only when equal, and "(no code)" is a value like the others; every unit of the',
  "sheets counts. Cohen's kappa and Krippendorff's alpha are nominal. Per position, each unit is a",
  'present/absent decision for that position (one binary variable per code), averaged over positions.',
].join('\n');

async function main(argv: string[], stdout: Writable = process.stdout): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      data: { type: 'string' },
      show: { type: 'string' },
      json: { type: 'boolean' },
      encoding: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError(`give two coding sheets, SHEET_A and SHEET_B (got ${positionals.length} file${positionals.length === 1 ? '' : 's'})`);
  const [fileA, fileB] = positionals as [string, string];
  const shown = values.show === undefined ? DEFAULT_SHOWN : Number(values.show);
  if (!Number.isInteger(shown) || shown < 0) throw new UsageError('--show needs a whole number of units, 0 or more');
  const encoding = (values.encoding ?? 'utf-8').toLowerCase();
  if (!(SUPPORTED_ENCODINGS as readonly string[]).includes(encoding)) throw new UsageError(`--encoding must be one of ${SUPPORTED_ENCODINGS.join(', ')}`);

  const dataDir = dataDirFromArgs(argv, path.resolve(process.env.DATA_DIR ?? 'data'));
  const { corpus } = await loadValidCorpus(dataDir);
  const sheetCorpus = { questions: new Map(corpus.questions.map((q) => [q.id, q])), unitIds: new Set(corpus.units.map((u) => u.id)) };
  // Both sheets are read before either is refused, so that one run lists every problem.
  const read = await Promise.allSettled([fileA, fileB].map(async (file) => readCoderSheet(await readSheetFile(file, encoding), file, sheetCorpus)));
  const problems = read.flatMap((r) => (r.status === 'rejected' && r.reason instanceof SheetsError ? r.reason.problems : []));
  const unexpected = read.find((r) => r.status === 'rejected' && !(r.reason instanceof SheetsError));
  if (unexpected?.status === 'rejected') throw unexpected.reason;
  if (problems.length > 0) throw new SheetsError(problems);
  const [sheetA, sheetB] = read.map((r) => (r as PromiseFulfilledResult<CoderSheet>).value) as [CoderSheet, CoderSheet];
  checkSameUnits(sheetA, sheetB);

  const results = compareCoders(
    { units: sheetA.rows.map((r) => r.id), a: new Map(sheetA.rows.map((r) => [r.id, r.codes])), b: new Map(sheetB.rows.map((r) => [r.id, r.codes])) },
    corpus.questions.map((q) => q.id),
  );
  const out = values.out ?? defaultOut(fileA, fileB);
  const disagreements = results.reduce((sum, r) => sum + r.disagreements.length, 0);
  try {
    await writeFile(out, disagreementsCsv(sheetA, results), 'utf8');
  } catch (error) {
    throw new OutputError(`cannot write the disagreements to ${out} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): name another file with --out`);
  }

  const prefilled = { a: sheetA.rows.filter((r) => r.prefilled).length, b: sheetB.rows.filter((r) => r.prefilled).length };
  if (values.json) {
    stdout.write(`${JSON.stringify({ sheets: { a: fileA, b: fileB }, units: sheetA.rows.length, method: METHOD.replaceAll('\n', ' '), disagreementsFile: out, questions: results }, null, 2)}\n`);
  } else {
    stdout.write(report(sheetA, sheetB, results, { shown, out, prefilled, titles: new Map(corpus.questions.map((q) => [q.id, q.title])) }));
  }
  console.error(`wrote ${out} (${disagreements} disagreement${disagreements === 1 ? '' : 's'} to settle)`);
  return 0;
}

/** Beside the first sheet, named after both: "a-vs-b-disagreements.csv". */
function defaultOut(fileA: string, fileB: string): string {
  const stem = (file: string): string => path.basename(file, path.extname(file));
  return path.join(path.dirname(fileA), `${stem(fileA)}-vs-${stem(fileB)}-disagreements.csv`);
}

/** A sheet as text (scripts/cli.ts readTextInput): at most MAX_SHEET_MB. */
function readSheetFile(file: string, encoding: string): Promise<string> {
  return readTextInput(file, encoding, { maxMb: MAX_SHEET_MB, limitFor: 'a sheet may have', fail: (messages) => new SheetsError(messages) });
}

const figure = (c: Coefficient): string => (c.defined ? c.value.toFixed(3) : 'undefined');
const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** Columns aligned: the first to the left, the others to the right (figures) or left (text). */
function table(rows: readonly (readonly string[])[], indent = '', align: 'figures' | 'text' = 'figures'): string {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  const pad = (cell: string, i: number): string => (i === 0 || align === 'text' ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0));
  return rows.map((row) => `${indent}${row.map(pad).join('  ')}`.trimEnd()).join('\n');
}

interface ReportOptions {
  shown: number;
  out: string;
  prefilled: { a: number; b: number };
  titles: ReadonlyMap<string, string>;
}

function report(a: CoderSheet, b: CoderSheet, results: readonly QuestionAgreement[], options: ReportOptions): string {
  const lines: string[] = [];
  lines.push(`Agreement between two coders on ${a.rows.length} units`, `  A: ${a.file}`, `  B: ${b.file}`);
  if (options.prefilled.a + options.prefilled.b > 0) {
    lines.push(
      `  Units with codes already when the sheets were exported (codes column): ${options.prefilled.a} on A, ${options.prefilled.b} on B.`,
      "  They count as the coder's own unless removed; for independent coding, export units not yet coded.",
    );
  }
  lines.push('', METHOD, '');
  if (results.length === 0) {
    lines.push('Neither coder put a code on any unit: nothing to compare.');
    return `${lines.join('\n')}\n`;
  }
  const notes: string[] = [];
  const note = (question: string, what: string, c: Coefficient): void => {
    if (!c.defined) notes.push(`  ${question}: ${what} undefined: ${c.reason}`);
  };
  lines.push(
    table([
      ['question', 'units', 'both coded', 'A only', 'B only', 'agreement', 'kappa', 'alpha', 'several positions'],
      ...results.map((r) => {
        note(r.question, 'kappa', r.kappa.kappa);
        note(r.question, 'alpha', r.alpha.alpha);
        return [r.question, String(r.units), String(r.codedByBoth), String(r.codedByAOnly), String(r.codedByBOnly), percent(r.kappa.observed), figure(r.kappa.kappa), figure(r.alpha.alpha), String(r.severalPositions)];
      }),
    ]),
  );
  if (notes.length > 0) lines.push('', ...notes);

  lines.push('', 'Per position (present/absent on every unit):');
  for (const r of results) {
    lines.push('', `${r.question}${options.titles.has(r.question) ? `: ${options.titles.get(r.question)}` : ''}`);
    lines.push(
      table(
        [
          ['code', 'A', 'B', 'both', 'agreement', 'kappa', 'alpha'],
          ...r.positions.map((p) => [p.code.includes(':') ? p.code : `${p.code} (no position)`, String(p.codedByA), String(p.codedByB), String(p.codedByBoth), percent(p.kappa.observed), figure(p.kappa.kappa), figure(p.alpha.alpha)]),
          ['mean over positions', '', '', '', '', figure(r.meanPositionKappa), figure(r.meanPositionAlpha)],
        ],
        '  ',
      ),
    );
  }

  const total = results.reduce((sum, r) => sum + r.disagreements.length, 0);
  lines.push('', total === 0 ? 'The coders agree on every unit.' : `Disagreements (${total}, all in ${options.out}):`);
  for (const r of results) {
    if (r.disagreements.length === 0) continue;
    lines.push(`  ${r.question} (${r.disagreements.length}):`);
    const listed = r.disagreements.slice(0, options.shown);
    if (listed.length > 0) lines.push(table(listed.map((d) => [d.unit, `A: ${describeCodes(d.a)}`, `B: ${describeCodes(d.b)}`]), '    ', 'text'));
    if (r.disagreements.length > listed.length) lines.push(`    … and ${r.disagreements.length - listed.length} more in the CSV`);
  }
  return `${lines.join('\n')}\n`;
}

/** `npm run agreement -- ARGS`, in this process: the exit code; the figures go to `stdout`, messages to the console. */
export function runAgreement(argv: string[], stdout: Writable = process.stdout): Promise<number> {
  return commandExitCode(() => main(argv, stdout), USAGE, isExpected);
}

const isExpected = (error: unknown): boolean => error instanceof SheetsError || error instanceof InvalidCorpusError || error instanceof OutputError;

if (isEntryPoint(import.meta.url)) runCommand(() => main(process.argv.slice(2)), USAGE, isExpected);
