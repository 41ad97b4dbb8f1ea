// `npm run import -- --format csv|aif|codes|vtt|srt|transcript|docx <file> [--data DIR] [--slug S] …`
// Turns a dataset (CSV of arguments), an argument map (AIF JSON) or a transcript (subtitles, a text
// or Word transcript) into corpus files in the
// authoring format: debates/<slug>.md, plus speakers/<slug>.yaml and questions/<slug>.yaml when it
// brings new ones. Everything is validated with the rest of the corpus before anything is written,
// and nothing is written when there is any error. Run with --help for every option.

import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { dataDirFromArgs } from '../server/config.ts';
import { importAif } from '../server/io/aif-import.ts';
import { applyImport, MAX_SLUG_LENGTH } from '../server/io/apply-import.ts';
import { applyCodingSheet } from '../server/io/coding-sheet.ts';
import { CSV_FIELDS, importCsv, MAX_IMPORT_ROWS, type CsvField, type KeyPointFiles } from '../server/io/csv-import.ts';
import { nameKey, slugify } from '../server/io/ids.ts';
import { ImportError } from '../server/io/imported.ts';
import { SUPPORTED_ENCODINGS } from '../server/corpus/text-checks.ts';
import { importTranscript, parseSpeakerMappings, transcriptFigures } from '../server/io/transcript/import.ts';
import { isLayout, isTranscriptFormat, readTranscriptFile } from '../server/io/transcript/read.ts';
import { parseClock, secondsToTimecode } from '../server/io/transcript/cue.ts';
import { formatCode, MEDIA, type Medium } from '../server/corpus/model.ts';
import { commandExitCode, isEntryPoint, parseCommandLine, readTextInput, runCommand, UsageError } from './cli.ts';

/** The largest input file an import reads. */
const MAX_INPUT_MB = 200;

const USAGE = `Usage: npm run import -- --format csv|aif|codes|vtt|srt|transcript|docx FILE [options]

  --format codes applies a filled coding sheet (npm run export -- --format coding-sheet) to the
  units of the corpus: the codes of its add and remove columns; only --data and --dry-run apply.

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
  --media-url URL       recording (AIF; for transcripts, same as --media)
CSV only:
  --key-points FILE     key points CSV (key_point_id,key_point,topic,stance): finer positions
  --labels FILE         labels CSV (arg_id,key_point_id,label): which argument matches which key point
  Limits: at most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows and ${MAX_INPUT_MB} MB per file, a slug of at most ${MAX_SLUG_LENGTH} characters.
  --FIELD-column NAME   header of a column the usual names do not find, FIELD being one of
                        ${CSV_FIELDS.join(', ')}
                        (text is required; reply-to, continues, supports and attacks name rows
                        by their id, or units of the corpus)
Transcripts (vtt: WebVTT, srt: SubRip, transcript: plain text, docx: Word):
  --date is required. Each turn becomes a unit of kind turn with its time code.
  --layout L            plain text and Word: colon, bracket, name-time, block or speaker-lines
                        (default: detected; see data/README.md)
  --speaker "LABEL=ID"  the file's speaker LABEL is the speaker ID (or name, alias) of the corpus;
                        repeatable; "?=ID" for cues that name nobody
  --not-speaker LABEL   LABEL is not a speaker but the start of a sentence ("Remember: …"):
                        kept in the text; repeatable
  --create-speakers     create the speakers the corpus does not know (in speakers/<slug>.yaml)
                        instead of stopping
  --skip-broken         leave broken lines out with a warning instead of stopping
  --medium M            the debate's medium (default: transcript)
  --media URL           the recording: an audio or video file, or a video platform page
  --media-offset T      where the transcript's 00:00 is in the recording (mm:ss or hh:mm:ss)
  --max-turn-chars N    split longer turns at paragraph boundaries (default: 2500)`;

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
  media: { type: 'string' },
  'media-offset': { type: 'string' },
  layout: { type: 'string' },
  speaker: { type: 'string', multiple: true },
  'create-speakers': { type: 'boolean' },
  'not-speaker': { type: 'string', multiple: true },
  'skip-broken': { type: 'boolean' },
  medium: { type: 'string' },
  'max-turn-chars': { type: 'string' },
  'key-points': { type: 'string' },
  labels: { type: 'string' },
  help: { type: 'boolean' },
  ...Object.fromEntries(CSV_FIELDS.map((f) => [`${f}-column`, { type: 'string' }])),
} as const;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine({ args: argv, options, allowPositionals: true, strict: true });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const format = values.format;
  const [input, ...extra] = positionals;
  if (isTranscriptFormat(format)) {
    if (!input || extra.length > 0) throw new UsageError('give exactly one input file');
    return importTranscriptCommand(argv, input, format, values);
  }
  if (format !== 'csv' && format !== 'aif' && format !== 'codes') throw new UsageError('--format must be csv, aif, codes, vtt, srt, transcript or docx');
  const transcriptOnly = (['media', 'media-offset', 'layout', 'speaker', 'not-speaker', 'create-speakers', 'skip-broken', 'medium', 'max-turn-chars'] as const).filter((o) => values[o] !== undefined);
  if (transcriptOnly.length > 0) throw new UsageError(`${transcriptOnly.map((o) => `--${o}`).join(', ')}: for transcripts (vtt, srt, transcript, docx) only`);
  if (!input || extra.length > 0) throw new UsageError('give exactly one input file');
  const encoding = (values.encoding ?? 'utf-8').toLowerCase();
  if (!(SUPPORTED_ENCODINGS as readonly string[]).includes(encoding)) throw new UsageError(`--encoding must be one of ${SUPPORTED_ENCODINGS.join(', ')}`);
  if (format === 'codes') return importCodes(input, dataDirFromArgs(argv, path.resolve(process.env.DATA_DIR ?? 'data')), values['dry-run'] ?? false, encoding);
  if (format === 'aif' && (values['key-points'] || values.labels)) throw new UsageError('--key-points and --labels are for CSV');
  if (Boolean(values['key-points']) !== Boolean(values.labels)) throw new UsageError('--key-points and --labels go together');

  const dataDir = dataDirFromArgs(argv, path.resolve(process.env.DATA_DIR ?? 'data'));
  const slug = values.slug ?? slugify(path.basename(input).replace(/\.[^.]+$/, ''));
  if (!slug) throw new UsageError('cannot derive a slug from the file name: pass --slug');
  if (slug.length > MAX_SLUG_LENGTH) throw new UsageError(`--slug is ${slug.length} characters long: at most ${MAX_SLUG_LENGTH}`);
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

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true; strict: true }>>['values'];

/** `--format vtt|srt|transcript|docx`: reads the cues, then the same all-or-nothing write as the others. */
async function importTranscriptCommand(argv: string[], input: string, format: 'vtt' | 'srt' | 'transcript' | 'docx', values: Values): Promise<number> {
  const layout = values.layout;
  if (layout !== undefined && (format === 'vtt' || format === 'srt')) throw new UsageError('--layout is for plain-text and Word transcripts');
  if (layout !== undefined && !isLayout(layout)) throw new UsageError('--layout must be colon, bracket, name-time, block or speaker-lines');
  const medium = values.medium;
  if (medium !== undefined && !(MEDIA as readonly string[]).includes(medium)) throw new UsageError(`--medium must be one of ${MEDIA.join(', ')}`);
  const offsetSeconds = values['media-offset'] !== undefined ? parseClock(values['media-offset']) : undefined;
  if (values['media-offset'] !== undefined && offsetSeconds === undefined) throw new UsageError('--media-offset must be mm:ss or hh:mm:ss');
  const media = values.media ?? values['media-url'];
  if (offsetSeconds !== undefined && !media) throw new UsageError('--media-offset needs --media');
  const maxTurnChars = values['max-turn-chars'] !== undefined ? Number(values['max-turn-chars']) : undefined;
  if (maxTurnChars !== undefined && !(Number.isInteger(maxTurnChars) && maxTurnChars >= 200)) throw new UsageError('--max-turn-chars must be a whole number of at least 200');

  const dataDir = dataDirFromArgs(argv, path.resolve(process.env.DATA_DIR ?? 'data'));
  const slug = values.slug ?? slugify(path.basename(input).replace(/\.[^.]+$/, ''));
  if (!slug) throw new UsageError('cannot derive a slug from the file name: pass --slug');
  if (slug.length > MAX_SLUG_LENGTH) throw new UsageError(`--slug is ${slug.length} characters long: at most ${MAX_SLUG_LENGTH}`);
  const read = await readTranscriptFile(input, format, layout !== undefined && isLayout(layout) ? layout : undefined);
  const speakerMap = parseSpeakerMappings(values.speaker ?? []);
  const result = await applyImport(dataDir, { slug, force: values.force ?? false, dryRun: values['dry-run'] ?? false, sourceName: path.basename(input) }, (existing) =>
    importTranscript(
      read,
      {
        file: input,
        slug,
        ...(values.title !== undefined ? { title: values.title } : {}),
        ...(values.date !== undefined ? { date: values.date } : {}),
        ...(values.language !== undefined ? { language: values.language } : {}),
        ...(medium !== undefined ? { medium: medium as Medium } : {}),
        ...(values['id-prefix'] !== undefined ? { idPrefix: values['id-prefix'] } : {}),
        ...(values.summary !== undefined ? { summary: values.summary } : {}),
        ...(values['source-url'] !== undefined ? { sourceUrl: values['source-url'] } : {}),
        ...(values.licence !== undefined ? { licence: values.licence } : {}),
        ...(values.citation !== undefined ? { citation: values.citation } : {}),
        ...(media ? { mediaUrl: media } : {}),
        ...(offsetSeconds !== undefined ? { mediaOffset: secondsToTimecode(offsetSeconds) } : {}),
        speakerMap,
        notSpeakers: new Set((values['not-speaker'] ?? []).map(nameKey)),
        createSpeakers: values['create-speakers'] ?? false,
        skipBroken: values['skip-broken'] ?? false,
        ...(maxTurnChars !== undefined ? { maxTurnChars } : {}),
        ...(read.place ? { place: read.place } : {}),
      },
      existing,
    ),
  );
  const { imported } = result;
  for (const warning of [...imported.warnings, ...result.warnings]) console.error(`warning: ${warning}`);
  const [wrote, removed] = values['dry-run'] ? ['would write', 'would remove'] : ['wrote', 'removed'];
  for (const file of result.written) console.log(`${wrote} ${path.join(dataDir, file)}`);
  for (const file of result.removed) console.log(`${removed} ${path.join(dataDir, file)} (no longer needed by this import)`);
  const figures = transcriptFigures(imported);
  console.log(
    `imported "${imported.debate.title}" as ${slug}${read.layout ? ` (layout ${read.layout})` : ''}: ${figures.turns} turns in ${figures.units} units, ` +
      `${figures.speakers} speakers (${figures.newSpeakers} new), ${figures.duration ? `${figures.duration} of recording` : 'no time codes'}`,
  );
  return 0;
}

/** `--format codes`: applies a filled coding sheet and says what changed. */
async function importCodes(input: string, dataDir: string, dryRun: boolean, encoding: string): Promise<number> {
  const result = await applyCodingSheet(dataDir, await readInputFile(input, encoding), { file: input, dryRun });
  for (const warning of result.warnings) console.error(`warning: ${warning}`);
  for (const change of result.changes) {
    const parts = [...change.added.map((c) => `+${formatCode(c)}`), ...change.removed.map((c) => `-${formatCode(c)}`)];
    console.log(`${change.unit}: ${parts.join(' ')}`);
  }
  const [wrote] = dryRun ? ['would rewrite'] : ['rewrote'];
  for (const file of result.written) console.log(`${wrote} ${path.join(dataDir, file)}`);
  const added = result.changes.reduce((n, c) => n + c.added.length, 0);
  const removed = result.changes.reduce((n, c) => n + c.removed.length, 0);
  console.log(`${result.rows} rows read: ${result.changes.length} units changed, ${added} codes added, ${removed} codes removed, in ${result.written.length} debate files`);
  return 0;
}

/** An input file as text (scripts/cli.ts readTextInput): at most MAX_INPUT_MB. */
function readInputFile(file: string, encoding: string): Promise<string> {
  return readTextInput(file, encoding, { maxMb: MAX_INPUT_MB, limitFor: 'an import reads: split the file', fail: (messages) => new ImportError(messages) });
}

/** `npm run import -- ARGS`, in this process: the exit code; messages go to the console. */
export function runImport(argv: string[]): Promise<number> {
  return commandExitCode(() => main(argv), USAGE, (error) => error instanceof ImportError);
}

if (isEntryPoint(import.meta.url)) runCommand(() => main(process.argv.slice(2)), USAGE, (error) => error instanceof ImportError);
