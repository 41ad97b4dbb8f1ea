// `npm run import -- --format csv|aif <file> [--data DIR] [--slug S] [--title T] [--force] …`
// Turns a dataset (CSV of arguments) or an argument map (AIF JSON) into corpus files in the
// authoring format: debates/<slug>.md, plus speakers/<slug>.yaml and questions/<slug>.yaml when it
// brings new ones. Everything is validated with the rest of the corpus before anything is written,
// and nothing is written when there is any error. Run with --help for every option.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { dataDirFromArgs } from '../server/config.ts';
import { importAif } from '../server/io/aif-import.ts';
import { applyImport } from '../server/io/apply-import.ts';
import { CSV_FIELDS, importCsv, type CsvField, type KeyPointFiles } from '../server/io/csv-import.ts';
import { slugify } from '../server/io/ids.ts';
import { ImportError } from '../server/io/imported.ts';
import { decodeText, findControlCharacters, stripControlCharacters, SUPPORTED_ENCODINGS } from '../server/corpus/text-checks.ts';
import { MAX_IMPORT_ROWS } from '../server/io/csv-import.ts';
import { MAX_SLUG_LENGTH } from '../server/io/apply-import.ts';
import { runCommand, UsageError } from './cli.ts';

/** The largest input file an import reads. */
const MAX_INPUT_MB = 200;

const USAGE = `Usage: npm run import -- --format csv|aif FILE [options]

  --data DIR            corpus folder (default: DATA_DIR or data)
  --slug S              debate slug and name of the written files (default: from FILE)
  --title T             debate title (default: the file name)
  --date YYYY[-MM[-DD]] debate date (default: earliest date found in the input)
  --language TAG        language of the text, BCP 47 (default: en)
  --encoding NAME       encoding of the input files: ${SUPPORTED_ENCODINGS.join(', ')} (default: utf-8;
                        invalid UTF-8 is an error naming its line)
  --force               replace the files of an earlier import with the same slug (only files an
                        import wrote: a hand-written file is never replaced)
  --dry-run             check everything and say what would be written, but write nothing
  --id-prefix P         prefix of unit ids (default: the slug; '' keeps source ids)
  --summary TEXT        debate summary (Markdown)
  --source-url URL      where the material was published
  --licence TEXT        licence of the material (with --licence-url URL)
  --citation TEXT       how to cite the material
  --media-url URL       recording (AIF)
CSV only:
  --key-points FILE     key points CSV (key_point_id,key_point,topic,stance): finer positions
  --labels FILE         labels CSV (arg_id,key_point_id,label): which argument matches which key point
  Limits: at most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows and ${MAX_INPUT_MB} MB per file, a slug of at most ${MAX_SLUG_LENGTH} characters.
  --FIELD-column NAME   header of a column the usual names do not find, FIELD being one of
                        ${CSV_FIELDS.join(', ')}
                        (text is required; reply-to, continues, supports and attacks name rows
                        by their id, or units of the corpus)`;

const options = {
  format: { type: 'string' },
  encoding: { type: 'string' },
  data: { type: 'string' },
  slug: { type: 'string' },
  title: { type: 'string' },
  date: { type: 'string' },
  language: { type: 'string' },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'id-prefix': { type: 'string' },
  summary: { type: 'string' },
  'source-url': { type: 'string' },
  licence: { type: 'string' },
  'licence-url': { type: 'string' },
  citation: { type: 'string' },
  'media-url': { type: 'string' },
  'key-points': { type: 'string' },
  labels: { type: 'string' },
  help: { type: 'boolean' },
  ...Object.fromEntries(CSV_FIELDS.map((f) => [`${f}-column`, { type: 'string' }])),
} as const;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const format = values.format;
  if (format !== 'csv' && format !== 'aif') throw new UsageError('--format must be csv or aif');
  const [input, ...extra] = positionals;
  if (!input || extra.length > 0) throw new UsageError('give exactly one input file');
  if (format === 'aif' && (values['key-points'] || values.labels)) throw new UsageError('--key-points and --labels are for CSV');
  if (Boolean(values['key-points']) !== Boolean(values.labels)) throw new UsageError('--key-points and --labels go together');

  const dataDir = dataDirFromArgs(argv, path.resolve(process.env.DATA_DIR ?? 'data'));
  const slug = values.slug ?? slugify(path.basename(input).replace(/\.[^.]+$/, ''));
  if (!slug) throw new UsageError('cannot derive a slug from the file name: pass --slug');
  if (slug.length > MAX_SLUG_LENGTH) throw new UsageError(`--slug is ${slug.length} characters long: at most ${MAX_SLUG_LENGTH}`);
  const encoding = (values.encoding ?? 'utf-8').toLowerCase();
  if (!(SUPPORTED_ENCODINGS as readonly string[]).includes(encoding)) throw new UsageError(`--encoding must be one of ${SUPPORTED_ENCODINGS.join(', ')}`);
  const readInput = (file: string): Promise<string> => readInputFile(file, encoding);
  const text = await readInput(input);
  const common = {
    file: input,
    slug,
    ...(values.title !== undefined ? { title: values.title } : {}),
    ...(values.date !== undefined ? { date: values.date } : {}),
    ...(values.language !== undefined ? { language: values.language } : {}),
    ...(values['id-prefix'] !== undefined ? { idPrefix: values['id-prefix'] } : {}),
    ...(values.summary !== undefined ? { summary: values.summary } : {}),
    ...(values['source-url'] !== undefined ? { sourceUrl: values['source-url'] } : {}),
    ...(values.licence !== undefined ? { licence: values.licence } : {}),
    ...(values.citation !== undefined ? { citation: values.citation } : {}),
  };

  let progress: cliProgress.SingleBar | undefined;
  const onProgress = (done: number, total: number): void => {
    // A bar only helps on a terminal and for inputs that take a moment.
    if (!process.stderr.isTTY || total < 500) return;
    if (!progress) {
      progress = new cliProgress.SingleBar({ stream: process.stderr, format: 'importing [{bar}] {value}/{total} rows' }, cliProgress.Presets.shades_classic);
      progress.start(total, 0);
    }
    progress.update(done);
    if (done === total) progress.stop();
  };

  let keyPoints: KeyPointFiles | undefined;
  if (values['key-points'] && values.labels) {
    keyPoints = {
      keyPoints: await readInput(values['key-points']),
      keyPointsFile: values['key-points'],
      labels: await readInput(values.labels),
      labelsFile: values.labels,
    };
  }
  const columns: Partial<Record<CsvField, string>> = {};
  for (const field of CSV_FIELDS) {
    const name = (values as Record<string, unknown>)[`${field}-column`];
    if (typeof name === 'string') columns[field] = name;
  }

  const result = await applyImport(dataDir, { slug, force: values.force ?? false, dryRun: values['dry-run'] ?? false, sourceName: path.basename(input) }, (existing) =>
    format === 'csv'
      ? importCsv(
          text,
          {
            ...common,
            columns,
            onProgress,
            ...(values['licence-url'] !== undefined ? { licenceUrl: values['licence-url'] } : {}),
            ...(keyPoints ? { keyPoints } : {}),
          },
          existing,
        )
      : importAif(text, { ...common, ...(values['media-url'] !== undefined ? { mediaUrl: values['media-url'] } : {}) }, existing),
  );
  progress?.stop();

  const { imported } = result;
  for (const warning of [...imported.warnings, ...result.warnings]) console.error(`warning: ${warning}`);
  const shown = (relative: string): string => {
    const full = path.resolve(dataDir, relative);
    const fromHere = path.relative(process.cwd(), full);
    return fromHere.startsWith('..') ? full : fromHere;
  };
  const [wrote, removed] = values['dry-run'] ? ['would write', 'would remove'] : ['wrote', 'removed'];
  for (const file of result.written) console.log(`${wrote} ${shown(file)}`);
  for (const file of result.removed) console.log(`${removed} ${shown(file)} (no longer needed by this import)`);
  const relations = imported.units.reduce((n, u) => n + u.relations.length, 0);
  const replies = imported.units.filter((u) => u.replyTo).length;
  console.log(
    `imported "${imported.debate.title}" as ${slug}: ${imported.units.length} units, ${imported.questions.length} new questions, ` +
      `${imported.speakers.length} new speakers, ${relations} supports/attacks, ${replies} replies`,
  );
  return 0;
}

/**
 * An input file as text: at most MAX_INPUT_MB, decoded from `encoding` (invalid UTF-8 is an error
 * with its line, never U+FFFD), control characters (NUL, BEL, bidi overrides…) removed with a
 * warning naming their lines.
 */
async function readInputFile(file: string, encoding: string): Promise<string> {
  let bytes: Buffer;
  try {
    const { size } = await stat(file);
    if (size > MAX_INPUT_MB * 1024 * 1024) throw new ImportError([`${file}: ${Math.round(size / 1024 / 1024)} MB, more than the ${MAX_INPUT_MB} MB an import reads: split the file`]);
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError([`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  const decoded = decodeText(bytes, encoding);
  if ('problem' in decoded) throw new ImportError([`${file}:${decoded.problem.line}: ${decoded.problem.message}`]);
  const found = findControlCharacters(decoded.text);
  if (found.length === 0) return decoded.text;
  const { text, removed } = stripControlCharacters(decoded.text);
  const lines = found.map((p) => p.line);
  console.error(`warning: ${file}:${lines[0]}: removed ${removed} control character(s) (NUL, BEL, bidi overrides…) on line(s) ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ', …' : ''}`);
  return text;
}

runCommand(() => main(process.argv.slice(2)), USAGE, (error) => error instanceof ImportError);
