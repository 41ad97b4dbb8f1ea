// `npm run export -- --format csv|json|aif|coding-sheet [--speaker X] [--question Y] [--position Z] [--debate D]
//  [--out FILE] [--data DIR]`: writes the corpus, or the units the filters select, to stdout or FILE.
// Each filter may be repeated (values OR-ed); different filters are AND-ed. The corpus must be valid.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dataDirFromArgs } from '../server/config.ts';
import { loadValidCorpus } from '../server/corpus/load.ts';
import type { Question } from '../server/corpus/model.ts';
import { InvalidCorpusError } from '../server/errors.ts';
import { exportCodingSheet } from '../server/io/coding-sheet.ts';
import { exportAif, exportCsv, exportJson, type ExportFilter } from '../server/io/export.ts';
import { runCommand, UsageError } from './cli.ts';

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
  --raw            CSV: write cells starting with = + - @ as they are (by default an apostrophe
                   is put before them so a spreadsheet does not run them as formulas)`;


async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
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
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
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

  const output =
    format === 'coding-sheet'
      ? exportCodingSheet(corpus, filter)
      : format === 'csv'
        ? exportCsv(corpus, filter, { bom: values.bom ?? false, neutralizeFormulas: !values.raw })
        : `${JSON.stringify(format === 'json' ? exportJson(corpus, filter) : exportAif(corpus, filter), null, 2)}\n`;
  if (values.out) {
    await writeFile(values.out, output, 'utf8');
    console.error(`wrote ${values.out}`);
  } else {
    process.stdout.write(output);
  }
  return 0;
}

/** A bare position id exists in some question; "question:position" in that question. */
function positionExists(questions: readonly Question[], wanted: string): boolean {
  const at = wanted.indexOf(':');
  if (at < 0) return questions.some((q) => q.positions.some((p) => p.id === wanted));
  const question = questions.find((q) => q.id === wanted.slice(0, at));
  return question?.positions.some((p) => p.id === wanted.slice(at + 1)) ?? false;
}

runCommand(() => main(process.argv.slice(2)), USAGE, (error) => error instanceof InvalidCorpusError);
