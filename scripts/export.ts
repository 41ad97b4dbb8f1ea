// `npm run export -- --format csv|json|aif|coding-sheet [--speaker X] [--question Y] [--position Z] [--debate D]
//  [--out FILE] [--data DIR]`: writes the corpus, or the units the filters select, to stdout or FILE.
// Each filter may be repeated (values OR-ed); different filters are AND-ed. The corpus must be valid.

import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import path from 'node:path';
import { dataDirFromArgs } from '../server/config.ts';
import { loadValidCorpus } from '../server/corpus/load.ts';
import type { Question } from '../server/corpus/model.ts';
import { InvalidCorpusError } from '../server/errors.ts';
import { exportCodingSheet } from '../server/io/coding-sheet.ts';
import { CSV_EXPORT_COLUMNS, exportAif, exportCsvRows, exportJson, type ExportFilter } from '../server/io/export.ts';
import { commandExitCode, isEntryPoint, parseCommandLine, runCommand, UsageError } from './cli.ts';

/** The most rows a CSV export writes unless --limit says otherwise: stated, and said when reached. */
const DEFAULT_CSV_LIMIT = 1_000_000;

const USAGE = `Usage: npm run export -- --format csv|json|aif|coding-sheet [options]

  coding-sheet     a spreadsheet of units (id, debate, speaker, text, codes) with empty add and
                   remove columns to fill, for npm run import -- --format codes (data/README.md)

  --speaker ID     units of this speaker (repeatable)
  --question ID    units about this question (repeatable)
  --position P     units taking this position: an id, or question:position (repeatable)
  --debate SLUG    units of this debate (repeatable)
  --out FILE       write to FILE instead of stdout
  --data DIR       corpus folder (default: DATA_DIR or data)
  --bom            CSV: start with a UTF-8 byte order mark (for spreadsheets)
  --limit N        CSV: stop after N rows (default ${DEFAULT_CSV_LIMIT.toLocaleString('en')}); the command says when it stops
  --raw            CSV: write cells starting with = + - @ as they are (by default an apostrophe
                   is put before them so a spreadsheet does not run them as formulas)`;


async function main(argv: string[], stdout: Writable = process.stdout): Promise<number> {
  const { values } = parseCommandLine({
    args: argv,
    options: {
      format: { type: 'string' },
      speaker: { type: 'string', multiple: true },
      question: { type: 'string', multiple: true },
      position: { type: 'string', multiple: true },
      debate: { type: 'string', multiple: true },
      out: { type: 'string' },
      data: { type: 'string' },
      bom: { type: 'boolean' },
      raw: { type: 'boolean' },
      limit: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const format = values.format;
  if (format !== 'csv' && format !== 'json' && format !== 'aif' && format !== 'coding-sheet') throw new UsageError('--format must be csv, json, aif or coding-sheet');
  const dataDir = dataDirFromArgs(argv, path.resolve(process.env.DATA_DIR ?? 'data'));
  const { corpus, index } = await loadValidCorpus(dataDir);

  const filter: ExportFilter = {
    ...(values.speaker ? { speaker: values.speaker } : {}),
    ...(values.question ? { question: values.question } : {}),
    ...(values.position ? { position: values.position } : {}),
    ...(values.debate ? { debate: values.debate } : {}),
  };
  // An unknown id is most likely a typo: say so rather than export an empty file.
  const unknown = [
    ...(values.speaker ?? []).filter((s) => !index.speakerById.has(s)).map((s) => `speaker "${s}"`),
    ...(values.question ?? []).filter((q) => !index.questionById.has(q)).map((q) => `question "${q}"`),
    ...(values.debate ?? []).filter((d) => !index.debateBySlug.has(d)).map((d) => `debate "${d}"`),
    ...(values.position ?? []).filter((p) => !positionExists(corpus.questions, p)).map((p) => `position "${p}"`),
  ];
  if (unknown.length > 0) throw new UsageError(`unknown ${unknown.join(', ')}`);

  if (format === 'csv') {
    const limit = values.limit === undefined ? DEFAULT_CSV_LIMIT : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit needs a whole number of rows, at least 1');
    await streamCsv(exportCsvRows(corpus, filter, { neutralizeFormulas: !values.raw }), { bom: values.bom ?? false, limit, out: values.out, stdout });
    return 0;
  }
  const output =
    format === 'coding-sheet'
      ? exportCodingSheet(corpus, filter)
      : `${JSON.stringify(format === 'json' ? exportJson(corpus, filter) : exportAif(corpus, filter), null, 2)}\n`;
  if (values.out) {
    await writeFile(values.out, output, 'utf8');
    console.error(`wrote ${values.out}`);
  } else {
    stdout.write(output);
  }
  return 0;
}

/**
 * Writes the CSV a batch of rows at a time to FILE or stdout, waiting when the stream is full, and
 * stops at `limit` rows, saying so on stderr (stdout may be the CSV itself).
 */
async function streamCsv(selection: { total: number; rows: Generator<string[]> }, options: { bom: boolean; limit: number; out: string | undefined; stdout: Writable }): Promise<void> {
  const stream: Writable = options.out ? createWriteStream(options.out, 'utf8') : options.stdout;
  const write = async (text: string): Promise<void> => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  await write(`${options.bom ? '\uFEFF' : ''}${stringify([[...CSV_EXPORT_COLUMNS]], { record_delimiter: 'unix' })}`);
  let written = 0;
  let batch: string[][] = [];
  for (const row of selection.rows) {
    if (written >= options.limit) break;
    batch.push(row);
    written++;
    if (batch.length === 1000) {
      await write(stringify(batch, { record_delimiter: 'unix' }));
      batch = [];
    }
  }
  if (batch.length > 0) await write(stringify(batch, { record_delimiter: 'unix' }));
  if (options.out) {
    stream.end();
    await once(stream, 'finish');
  }
  const where = options.out ? ` to ${options.out}` : '';
  if (written < selection.total) {
    console.error(`stopped at the limit of ${options.limit.toLocaleString('en')} rows: wrote ${written.toLocaleString('en')} of ${selection.total.toLocaleString('en')} units${where} (--limit N to change it, or narrow the filters)`);
  } else {
    console.error(`wrote ${written.toLocaleString('en')} units${where}`);
  }
}

/** A bare position id exists in some question; "question:position" in that question. */
function positionExists(questions: readonly Question[], wanted: string): boolean {
  const at = wanted.indexOf(':');
  if (at < 0) return questions.some((q) => q.positions.some((p) => p.id === wanted));
  const question = questions.find((q) => q.id === wanted.slice(0, at));
  return question?.positions.some((p) => p.id === wanted.slice(at + 1)) ?? false;
}

/** `npm run export -- ARGS`, in this process: the exit code; the export goes to `stdout`, messages to the console. */
export function runExport(argv: string[], stdout: Writable = process.stdout): Promise<number> {
  return commandExitCode(() => main(argv, stdout), USAGE, (error) => error instanceof InvalidCorpusError);
}

if (isEntryPoint(import.meta.url)) runCommand(() => main(process.argv.slice(2)), USAGE, (error) => error instanceof InvalidCorpusError);
