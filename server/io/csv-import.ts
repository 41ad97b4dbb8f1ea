// Imports a table of arguments (one row per argument: text, topic, stance, speaker…) as one debate
// of the `dataset` medium. Columns are found by header name; each topic becomes a question with
// the positions `pro` and `con`; rows that name nobody get the explicit anonymous speaker.
// Optional columns carry the rest of a unit (kind, timecode, reply-to, continues, supports,
// attacks, naming rows by their id or units of the corpus), so `npm run export -- --format csv`
// reads back.
//
// Choices, so that a re-import gives the same result and bad input is refused whole:
// - unit ids come from the id column (`<prefix>-<id>`), else from a hash of (topic, text);
// - a row with every cell empty is skipped with a warning (spreadsheets leave them behind);
//   a row with text but a wrong field count, an unknown stance or a repeated id is an error;
// - a repeated row is an error: same id, or, without an id column, same topic and text (up to spacing and Unicode forms, as the id hashes them);
// - a topic whose slug is a question the corpus has reuses it, and a stance that is one of its
//   position ids is kept as it is, so a CSV export of the corpus imports back;
// - key points (IBM ArgKP): the stance and the key points are distinct codes. Each topic gets a
//   second question, "<topic-id>-key-points" ("Key points: <topic>"), whose positions are its key
//   points (`pro-<kp>`/`con-<kp>`, labelled with the key point's text). An argument keeps its stance
//   as its first code (topic:pro or topic:con) and takes one more code per key point it matches
//   (label 1), in the key-point file's order: no key point is dropped;
// - a `codes` column ("question:position; question", as `npm run export -- --format csv` writes
//   it) adds codes on questions of the corpus or of this file;
// - the date is optional: --date, else the earliest of the date column, else none.

import { CsvError, parse } from 'csv-parse/sync';
import { restoreFormula } from '../csv.ts';
import { COMPARE_CSV_HEADER, CSV_EXPORT_COLUMNS, UNIT_CSV_HEADER } from './export.ts';
import { UNIT_KINDS, formatCode, parseCode, withCodes } from '../corpus/model.ts';
import { ISO_DATE_PREFIX } from '../corpus/patterns.ts';
import type { Corpus, Debate, Position, Question, SourceLink, Unit, UnitCode, UnitKind } from '../corpus/model.ts';
import { toTimecode } from './aif-import.ts';
import { UNIT_ID, idPart, slugify, stableHash } from './ids.ts';
import { ImportError, SpeakerResolver, importSummary, stanceLabel, stancePositions, type ImportedDebate, type Stance } from './imported.ts';

export const CSV_FIELDS = ['text', 'topic', 'stance', 'speaker', 'id', 'date', 'source', 'kind', 'timecode', 'reply-to', 'continues', 'signed-as', 'supports', 'attacks', 'codes'] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** Header names recognised for each field, compared case-insensitively with spaces as `_`. */
export const CSV_ALIASES: Record<CsvField, readonly string[]> = {
  text: ['text', 'argument', 'arg', 'claim', 'sentence', 'body', 'content', 'texte'],
  topic: ['topic', 'question', 'motion', 'issue', 'subject', 'sujet'],
  stance: ['stance', 'position', 'side', 'polarity'],
  speaker: ['speaker', 'author', 'user', 'username', 'participant', 'auteur', 'locuteur'],
  id: ['id', 'arg_id', 'argument_id', 'row_id'],
  date: ['date', 'created', 'created_at', 'timestamp'],
  source: ['source', 'url', 'link', 'source_url'],
  kind: ['kind', 'type'],
  timecode: ['timecode', 'time_code', 'offset'],
  'reply-to': ['reply_to', 'in_reply_to', 'parent_id', 'parent'],
  continues: ['continues'],
  'signed-as': ['signed_as', 'signature'],
  supports: ['supports'],
  attacks: ['attacks'],
  codes: ['codes'],
};

/** Without a topic column every unit is without question, which the corpus allows. */
const REQUIRED: readonly CsvField[] = ['text'];

/** Columns that name other rows (by the id column) or units of the corpus. */
const REFERENCE_FIELDS = ['reply-to', 'continues', 'supports', 'attacks'] as const;
type ReferenceField = (typeof REFERENCE_FIELDS)[number];

/** Stance values, folded to lower case, and the position they mean. */
const STANCES: Record<string, Stance> = {
  '1': 'pro',
  '+1': 'pro',
  '-1': 'con',
  pro: 'pro',
  con: 'con',
  favor: 'pro',
  favour: 'pro',
  against: 'con',
  for: 'pro',
  pour: 'pro',
  contre: 'con',
  yes: 'pro',
  no: 'con',
  oui: 'pro',
  non: 'con',
};

export interface KeyPointFiles {
  /** Contents of the key points CSV: key_point_id, key_point, topic, stance. */
  keyPoints: string;
  keyPointsFile: string;
  /** Contents of the labels CSV: arg_id, key_point_id, label (1 = matches). */
  labels: string;
  labelsFile: string;
}

export interface CsvImportOptions {
  /** Name used in messages: "arguments.csv:12: …". */
  file: string;
  slug: string;
  title?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD; else the earliest date of the date column. */
  date?: string;
  /** BCP 47 tag; `en` by default. */
  language?: string;
  /** Header name of a field, when the aliases do not find it. */
  columns?: Partial<Record<CsvField, string>>;
  /** Prefix of unit ids; the slug by default; '' keeps the source ids as they are. */
  idPrefix?: string;
  summary?: string;
  sourceUrl?: string;
  licence?: string;
  licenceUrl?: string;
  citation?: string;
  keyPoints?: KeyPointFiles;
  onProgress?: (done: number, total: number) => void;
}

export interface CsvRow {
  /** 1-based line of the row's first line in the file. */
  line: number;
  cells: string[];
}

/**
 * The field separator, guessed from the header line: spreadsheets set to French write `;`
 * (the comma is their decimal mark), and `.tsv` files use tabs.
 */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const header = (text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '').replace(/"[^"]*"/g, '');
  const count = (c: string): number => header.split(c).length - 1;
  const [best] = ([',', ';', '\t'] as const).map((c) => [c, count(c)] as const).sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

/** The most rows (header included) one CSV import reads: stated, and an error beyond it. */
export const MAX_IMPORT_ROWS = 200_000;

/** The header of `npm run export --format csv` or of the API's search CSV: a file we wrote. */
export function isOwnExportHeader(cells: readonly string[]): boolean {
  const header = cells.map((c) => c.trim().replace(/^\uFEFF/, ''));
  const same = (expected: readonly string[]): boolean => header.length === expected.length && expected.every((name, i) => header[i] === name);
  return same(CSV_EXPORT_COLUMNS) || same(UNIT_CSV_HEADER) || same(COMPARE_CSV_HEADER);
}

/** Parses CSV into rows with their line numbers; broken quoting is an error naming its line. */
export function readCsvRows(text: string, file: string): CsvRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
      bom: true,
      delimiter: detectDelimiter(text),
      // One row past the limit, to tell "exactly at the limit" from "over it".
      to: MAX_IMPORT_ROWS + 1,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new ImportError([`${file}:${line ?? 1}: the CSV does not parse (${describeCsvError(error)})`]);
    }
    throw error;
  }
  if (records.length > MAX_IMPORT_ROWS) {
    throw new ImportError([`${file}: more than ${MAX_IMPORT_ROWS.toLocaleString('en')} rows, the most one import reads: split the file`]);
  }
  const rows: CsvRow[] = [];
  let previousEnd = 0;
  for (const { record, info } of records) {
    rows.push({ line: previousEnd + 1, cells: record });
    previousEnd = info.lines;
  }
  return rows;
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed: look for an unpaired `"`';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a closing quote is followed by other characters: double a `"` inside a quoted field';
    default:
      return error.message.replace(/ at line \d+.*$/s, '');
  }
}

function headerKey(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** Finds each field's column; a named column that is absent is an error, like a missing required one. */
export function mapColumns(header: readonly string[], file: string, named: Partial<Record<CsvField, string>> = {}): Partial<Record<CsvField, number>> {
  const keys = header.map(headerKey);
  const columns: Partial<Record<CsvField, number>> = {};
  const problems: string[] = [];
  for (const field of CSV_FIELDS) {
    const wanted = named[field];
    if (wanted !== undefined) {
      const at = keys.indexOf(headerKey(wanted));
      if (at < 0) problems.push(`${file}:1: no column "${wanted}" for the ${field} (columns: ${header.join(', ')})`);
      else columns[field] = at;
      continue;
    }
    const at = keys.findIndex((k) => CSV_ALIASES[field].includes(k));
    if (at >= 0) columns[field] = at;
  }
  for (const field of REQUIRED) {
    if (columns[field] === undefined && named[field] === undefined) {
      problems.push(
        `${file}:1: missing required column for the ${field}: name it one of ${CSV_ALIASES[field].join(', ')}, or pass --${field}-column NAME (columns: ${header.join(', ')})`,
      );
    }
  }
  if (problems.length > 0) throw new ImportError(problems);
  return columns;
}

export function parseStance(value: string): Stance | undefined {
  return STANCES[value.trim().toLowerCase()];
}

/** Dates in a date column: ISO days or timestamps; anything else is left out with a warning. */
function isoDate(value: string): string | undefined {
  const match = ISO_DATE_PREFIX.exec(value.trim());
  if (!match) return undefined;
  return [match[1], match[2], match[3]].filter((p) => p !== undefined).join('-');
}

interface RowValues {
  line: number;
  text: string;
  topic: string;
  stance?: Stance;
  /** A position id of an existing question, given instead of a stance. */
  position?: string;
  speaker?: string;
  signedAs?: string;
  id?: string;
  date?: string;
  source?: string;
  kind: UnitKind;
  timecode?: string;
  references: Partial<Record<ReferenceField, string[]>>;
  /** Codes of the `codes` column, checked once the questions are known. */
  codes: UnitCode[];
}

/** Imports one CSV file of arguments. Throws ImportError listing every bad row. */
export function importCsv(text: string, options: CsvImportOptions, existing: Corpus): ImportedDebate {
  const file = options.file;
  const language = options.language ?? 'en';
  const rows = readCsvRows(text, file);
  const header = rows.shift();
  if (!header || header.cells.every((c) => c.trim() === '')) throw new ImportError([`${file}:1: the file has no header row`]);
  const columns = mapColumns(header.cells, file, options.columns);
  const hasIds = columns.id !== undefined;
  const problems: string[] = [];
  const warnings: string[] = [];
  const existingQuestions = new Map(existing.questions.map((q) => [q.id, q]));

  // Our exports put an apostrophe before cells a spreadsheet would run ('=…); only in a file we
  // wrote is it ours to remove. A third party's '=literal keeps its apostrophe.
  const ownExport = isOwnExportHeader(header.cells);
  const values = readRowValues(rows, header.cells.length, columns, existingQuestions, file, problems, warnings, ownExport);
  if (values.length === 0 && problems.length === 0) problems.push(`${file}: the file has no rows to import`);
  const unitIds = assignUnitIds(values, hasIds, options.idPrefix ?? options.slug, file, problems);
  resolveReferences(values, unitIds, hasIds, existing, file, problems);
  const keyPoints = options.keyPoints ? readKeyPoints(options.keyPoints, values, hasIds, file, language, problems, warnings) : undefined;
  if (problems.length > 0) throw new ImportError(problems);

  const positionOf = (row: RowValues): string | undefined => row.position ?? row.stance;
  const questions = resolveQuestions(values, positionOf, keyPoints, existingQuestions, language, file, problems);
  checkColumnCodes(values, [...existingQuestions.values(), ...questions.created], file, problems);
  if (problems.length > 0) throw new ImportError(problems);

  const speakers = new SpeakerResolver(existing.speakers, language, true);
  const units = values.map((row, i): Unit => {
    const question = questions.byTopic.get(row.topic);
    const position = positionOf(row);
    const keyPointQuestion = questions.keyPointsByTopic.get(row.topic);
    // The stance first, then one code per matched key point, then the `codes` column.
    const codes: UnitCode[] = [
      ...(question ? [position ? { question: question.id, position } : { question: question.id }] : []),
      ...(keyPointQuestion ? (keyPoints?.positionsByRow.get(row) ?? []).map((p) => ({ question: keyPointQuestion.id, position: p })) : []),
      ...row.codes,
    ];
    const signedAs = row.signedAs ?? speakers.signatureOf(row.speaker);
    options.onProgress?.(i + 1, values.length);
    return withCodes<Unit>({
      id: unitIds[i] ?? '',
      debate: options.slug,
      speaker: speakers.resolve(row.speaker),
      ...(signedAs ? { signedAs } : {}),
      kind: row.kind,
      text: row.text,
      ...(row.timecode ? { timecode: row.timecode } : {}),
      ...(row.references['reply-to']?.[0] ? { replyTo: row.references['reply-to'][0] } : {}),
      ...(row.references.continues?.[0] ? { continues: row.references.continues[0] } : {}),
      relations: [
        ...(row.references.supports ?? []).map((target) => ({ type: 'supports' as const, target })),
        ...(row.references.attacks ?? []).map((target) => ({ type: 'attacks' as const, target })),
      ],
      order: i + 1,
    }, codes);
  });

  const date = options.date ?? earliestDate(values, file, warnings);
  if (!date) warnings.push(`${file}: no date for the debate (no --date and no date column): the debate is written without one`);
  const debate: Debate = {
    slug: options.slug,
    title: options.title ?? baseName(file),
    date: date ?? '',
    medium: 'dataset',
    language,
    participants: [...new Set(units.map((u) => u.speaker))],
    summary:
      options.summary ??
      importSummary(language, { source: baseName(file), units: units.length, questions: questions.byTopic.size, citation: options.citation, licence: options.licence }),
    sources: debateSources(values, options),
    ...(options.sourceUrl ? { sourceUrl: options.sourceUrl } : {}),
    ...(options.licence ? { licence: options.licence } : {}),
    ...(options.citation ? { citation: options.citation } : {}),
  };
  return { debate, speakers: speakers.newSpeakers(), questions: questions.created, units, warnings: [...warnings, ...speakers.notes] };
}

/** Codes of the `codes` column must name a question of the corpus or of this file, and one of its positions. */
function checkColumnCodes(values: readonly RowValues[], questions: readonly Question[], file: string, problems: string[]): void {
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const row of values) {
    for (const code of row.codes) {
      const question = byId.get(code.question);
      if (!question) problems.push(`${file}:${row.line}: code "${formatCode(code)}": unknown question "${code.question}"`);
      else if (code.position !== undefined && !question.positions.some((p) => p.id === code.position)) {
        problems.push(`${file}:${row.line}: code "${formatCode(code)}": unknown position "${code.position}" of question "${question.id}" (its positions: ${question.positions.map((p) => p.id).join(', ')})`);
      }
    }
  }
}

/** A `codes` cell: codes separated by ";" (or line breaks), each "question:position" or "question". */
export function parseCodeList(cell: string): { codes: UnitCode[]; bad: string[] } {
  const codes: UnitCode[] = [];
  const bad: string[] = [];
  for (const part of cell.split(/[;\n]/)) {
    if (part.trim() === '') continue;
    const code = parseCode(part);
    if (code) codes.push(code);
    else bad.push(part.trim());
  }
  return { codes, bad };
}

/** Reads and checks each row's cells; rows with every cell empty are skipped with a warning. */
function readRowValues(
  rows: readonly CsvRow[],
  width: number,
  columns: Partial<Record<CsvField, number>>,
  existingQuestions: ReadonlyMap<string, Question>,
  file: string,
  problems: string[],
  warnings: string[],
  ownExport: boolean,
): RowValues[] {
  const values: RowValues[] = [];
  for (const row of rows) {
    const cell = (field: CsvField): string | undefined => {
      const at = columns[field];
      if (at === undefined) return undefined;
      const value = (row.cells[at] ?? '').trim();
      // restoreFormula: a cell our own export neutralised ('=…) reads back as it was written.
      return ownExport ? restoreFormula(value) : value;
    };
    const at = `${file}:${row.line}`;
    if (row.cells.every((c) => c.trim() === '')) {
      warnings.push(`${at}: empty row skipped`);
      continue;
    }
    if (row.cells.length !== width) {
      problems.push(`${at}: ${row.cells.length} field(s) where the header has ${width}`);
      continue;
    }
    const text = cell('text') ?? '';
    const topic = cell('topic') ?? '';
    if (text === '') problems.push(`${at}: the row has no text`);
    const stanceText = cell('stance');
    if (stanceText && topic === '') problems.push(`${at}: the row has a stance but no topic`);
    // A position id of a question the corpus already has is taken as it is: a CSV export of the
    // corpus reads back with its positions ("oui", "non"), not only pro and con.
    const knownPosition = stanceText ? existingQuestions.get(questionIdOf(topic))?.positions.find((p) => p.id === stanceText) : undefined;
    const stance = stanceText && !knownPosition ? parseStance(stanceText) : undefined;
    if (stanceText && !stance && !knownPosition) {
      problems.push(`${at}: unknown stance "${stanceText}" (expected one of: 1/-1, pro/con, for/against, favor/against, pour/contre, yes/no)`);
    }
    const kindText = cell('kind');
    const kind = kindText ? UNIT_KINDS.find((k) => k === kindText.toLowerCase()) : 'argument';
    if (!kind) problems.push(`${at}: unknown kind "${kindText ?? ''}" (expected one of: ${UNIT_KINDS.join(', ')})`);
    const timecodeText = cell('timecode');
    const timecode = timecodeText ? toTimecode(timecodeText) : undefined;
    if (timecodeText && !timecode) problems.push(`${at}: timecode "${timecodeText}" is not mm:ss, hh:mm:ss or a number of seconds`);
    const references: Partial<Record<ReferenceField, string[]>> = {};
    for (const field of REFERENCE_FIELDS) {
      const targets = (cell(field) ?? '').split(/[\s,]+/).filter(Boolean);
      if (targets.length === 0) continue;
      if ((field === 'reply-to' || field === 'continues') && targets.length > 1) problems.push(`${at}: ${field} names ${targets.length} rows; a unit has one`);
      references[field] = targets;
    }
    const codeList = parseCodeList(cell('codes') ?? '');
    for (const bad of codeList.bad) problems.push(`${at}: code "${bad}" must be "question:position" or "question"`);
    if (text === '' || !kind) continue;
    values.push({
      line: row.line,
      text,
      topic,
      stance,
      ...(knownPosition ? { position: knownPosition.id } : {}),
      speaker: cell('speaker'),
      ...(cell('signed-as') ? { signedAs: cell('signed-as') } : {}),
      id: cell('id'),
      date: cell('date'),
      source: cell('source'),
      kind,
      ...(timecode ? { timecode } : {}),
      references,
      codes: codeList.codes,
    });
  }
  return values;
}

/** Unit ids from the id column, else from a hash of topic and text; a repeated id is a repeated row. */
function assignUnitIds(values: readonly RowValues[], hasIds: boolean, prefix: string, file: string, problems: string[]): string[] {
  const seen = new Map<string, { line: number; exact: string }>();
  return values.map((row) => {
    let source = '';
    if (!hasIds) source = stableHash(row.topic, row.text);
    else if (row.id) source = idPart(row.id);
    else problems.push(`${file}:${row.line}: the row has no id`);
    const id = prefix === '' ? source : `${prefix}-${source}`;
    if (source === '') return id;
    if (!UNIT_ID.test(id)) problems.push(`${file}:${row.line}: the id "${row.id ?? ''}" gives no valid unit id ("${id}")`);
    // The id itself is the key: two texts that differ only in spacing hash to the same id.
    const first = seen.get(id);
    if (first === undefined) seen.set(id, { line: row.line, exact: `${row.topic}\u0000${row.text}` });
    else if (hasIds) problems.push(`${file}:${row.line}: duplicate row: id "${row.id ?? ''}" is already used on line ${first.line}`);
    else if (first.exact === `${row.topic}\u0000${row.text}`) problems.push(`${file}:${row.line}: duplicate row: same topic and text as line ${first.line}`);
    else problems.push(`${file}:${row.line}: duplicate row: same topic and text as line ${first.line} once spacing and Unicode forms are ignored (the unit id is a hash of both)`);
    return id;
  });
}

/** One question per topic, in order of first appearance; one the corpus has is reused. */
function resolveQuestions(
  values: readonly RowValues[],
  positionOf: (row: RowValues) => string | undefined,
  keyPoints: KeyPointResult | undefined,
  existingQuestions: ReadonlyMap<string, Question>,
  language: string,
  file: string,
  problems: string[],
): { byTopic: Map<string, Question>; keyPointsByTopic: Map<string, Question>; created: Question[] } {
  const byTopic = new Map<string, Question>();
  const keyPointsByTopic = new Map<string, Question>();
  const created: Question[] = [];
  for (const row of values) {
    if (row.topic === '' || byTopic.has(row.topic)) continue;
    const id = questionIdOf(row.topic);
    const found = existingQuestions.get(id);
    if (found) {
      // An existing question only needs the positions this file uses.
      const used = new Set(values.filter((v) => v.topic === row.topic).flatMap((v) => positionOf(v) ?? []));
      const missing = [...used].filter((p) => !found.positions.some((q) => q.id === p));
      if (missing.length > 0) problems.push(`${file}:${row.line}: question "${id}" already exists without the position(s) ${missing.join(', ')}: add them to it, or import under another topic`);
      byTopic.set(row.topic, found);
    } else {
      const question: Question = { id, title: row.topic, titleEn: row.topic, description: `Importé de ${baseName(file)}.`, descriptionEn: `Imported from ${baseName(file)}.`, positions: stancePositions(language) };
      byTopic.set(row.topic, question);
      created.push(question);
    }
    const keyPointPositions = keyPoints?.positionsByTopic.get(row.topic) ?? [];
    if (keyPointPositions.length === 0) continue;
    const kpId = `${id}-key-points`;
    const kpFound = existingQuestions.get(kpId);
    if (kpFound) {
      const missing = keyPointPositions.filter((p) => !kpFound.positions.some((q) => q.id === p.id)).map((p) => p.id);
      if (missing.length > 0) problems.push(`${file}:${row.line}: question "${kpId}" already exists without the key point(s) ${missing.join(', ')}: add them to it, or import under another topic`);
      keyPointsByTopic.set(row.topic, kpFound);
      continue;
    }
    const title = `${keyPointsTitle(language)}: ${row.topic}`;
    const kpSource = baseName(keyPoints?.file ?? file);
    const kpQuestion: Question = {
      id: kpId,
      title,
      titleEn: `Key points: ${row.topic}`,
      description: `Les points clés de « ${row.topic} » qu’un argument avance (un code par point clé qu’il rejoint), importés de ${kpSource}.`,
      descriptionEn: `The key points of "${row.topic}" an argument makes (one code per key point it matches), imported from ${kpSource}.`,
      positions: keyPointPositions,
    };
    keyPointsByTopic.set(row.topic, kpQuestion);
    created.push(kpQuestion);
  }
  return { byTopic, keyPointsByTopic, created };
}

function keyPointsTitle(language: string): string {
  return language.toLowerCase().startsWith('fr') ? 'Points clés' : 'Key points';
}

/**
 * Rewrites the targets of reply-to, continues, supports and attacks into unit ids: an id of the
 * file's id column becomes that row's unit id; else it must be a unit id the corpus has.
 */
function resolveReferences(values: RowValues[], unitIds: readonly string[], hasIds: boolean, existing: Corpus, file: string, problems: string[]): void {
  const byRowId = new Map<string, string>();
  if (hasIds) values.forEach((row, i) => row.id && byRowId.set(row.id, unitIds[i] ?? ''));
  const corpusUnits = new Set(existing.units.map((u) => u.id));
  values.forEach((row, i) => {
    for (const field of REFERENCE_FIELDS) {
      const targets = row.references[field];
      if (!targets) continue;
      row.references[field] = targets.map((target) => {
        const mapped = byRowId.get(target) ?? (corpusUnits.has(target) ? target : undefined);
        if (mapped === undefined) problems.push(`${file}:${row.line}: ${field} "${target}" is neither an id of this file nor a unit of the corpus`);
        else if (mapped === unitIds[i]) problems.push(`${file}:${row.line}: ${field} names the row itself`);
        return mapped ?? target;
      });
    }
  });
}

function questionIdOf(topic: string): string {
  return slugify(topic) || `question-${stableHash(topic)}`;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function earliestDate(values: readonly RowValues[], file: string, warnings: string[]): string | undefined {
  let earliest: string | undefined;
  for (const row of values) {
    if (!row.date) continue;
    const date = isoDate(row.date);
    if (!date) {
      warnings.push(`${file}:${row.line}: date "${row.date}" is not an ISO date and is left out`);
      continue;
    }
    if (earliest === undefined || date < earliest) earliest = date;
  }
  return earliest;
}

function debateSources(values: readonly RowValues[], options: CsvImportOptions): SourceLink[] {
  const sources: SourceLink[] = [];
  if (options.licence) sources.push({ title: options.licence, kind: 'licence', ...(options.licenceUrl ? { url: options.licenceUrl } : {}) });
  if (options.citation) sources.push({ title: options.citation, kind: 'citation' });
  const seen = new Set<string>();
  for (const row of values) {
    if (!row.source || seen.has(row.source)) continue;
    seen.add(row.source);
    sources.push({ title: row.source, kind: 'source', ...(/^https?:\/\//i.test(row.source) ? { url: row.source } : {}) });
  }
  return sources;
}

interface KeyPointResult {
  /** The key-points file, for descriptions. */
  file: string;
  /** Each topic's key points, as positions of its key-points question. */
  positionsByTopic: Map<string, Position[]>;
  /** The key points each argument matches, in the key-point file's order. */
  positionsByRow: Map<RowValues, string[]>;
}

/** Reads the key points and their labels into finer positions per topic and a position per argument. */
function readKeyPoints(
  files: KeyPointFiles,
  values: readonly RowValues[],
  hasIds: boolean,
  argumentsFile: string,
  language: string,
  problems: string[],
  warnings: string[],
): KeyPointResult | undefined {
  if (!hasIds) {
    problems.push(`${argumentsFile}:1: key points are matched by argument id: the file needs an id column (such as arg_id)`);
    return undefined;
  }
  const kpFile = files.keyPointsFile;
  const kpRows = readCsvRows(files.keyPoints, kpFile);
  const kpHeader = kpRows.shift();
  const kpColumns = findColumns(kpHeader?.cells ?? [], kpFile, { id: ['key_point_id', 'kp_id', 'id'], text: ['key_point', 'text'], topic: ['topic'], stance: ['stance'] }, problems);
  const labelFile = files.labelsFile;
  const labelRows = readCsvRows(files.labels, labelFile);
  const labelHeader = labelRows.shift();
  const labelColumns = findColumns(labelHeader?.cells ?? [], labelFile, { arg: ['arg_id', 'argument_id'], kp: ['key_point_id', 'kp_id'], label: ['label'] }, problems);
  if (!kpColumns || !labelColumns) return undefined;

  const topics = new Set(values.map((v) => v.topic));
  const keyPoints = new Map<string, { position: Position; topic: string; stance: Stance; order: number }>();
  const positionsByTopic = new Map<string, Position[]>();
  const allKeyPointIds = new Set<string>();
  kpRows.forEach((row, order) => {
    if (row.cells.every((c) => c.trim() === '')) return;
    const get = (k: string): string => (row.cells[kpColumns[k] ?? -1] ?? '').trim();
    const [id, text, topic, stanceText] = [get('id'), get('text'), get('topic'), get('stance')];
    allKeyPointIds.add(id);
    const stance = parseStance(stanceText);
    if (!id || !text || !topic) return void problems.push(`${kpFile}:${row.line}: a key point needs an id, a text and a topic`);
    if (!stance) return void problems.push(`${kpFile}:${row.line}: unknown stance "${stanceText}"`);
    if (keyPoints.has(id)) return void problems.push(`${kpFile}:${row.line}: duplicate key point id "${id}"`);
    if (!topics.has(topic)) {
      warnings.push(`${kpFile}:${row.line}: key point ${id} is about "${topic}", a topic no argument has: left out`);
      return;
    }
    // The stance is the argument's own code; the key point's stance stays in its id and description.
    const position: Position = {
      id: `${stance}-${idPart(id)}`,
      label: text,
      description: `Point clé ${id} (${stanceLabel(stance, 'fr').toLowerCase()}).`,
      descriptionEn: `Key point ${id} (${stanceLabel(stance, 'en')}).`,
    };
    keyPoints.set(id, { position, topic, stance, order });
    const list = positionsByTopic.get(topic) ?? [];
    list.push(position);
    positionsByTopic.set(topic, list);
  });

  const rowById = new Map(values.map((v) => [v.id ?? '', v]));
  const matches = new Map<RowValues, { order: number; positionId: string }[]>();
  for (const row of labelRows) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const get = (k: string): string => (row.cells[labelColumns[k] ?? -1] ?? '').trim();
    const [argId, kpId, label] = [get('arg'), get('kp'), get('label')];
    if (label !== '1' && label !== '0') {
      problems.push(`${labelFile}:${row.line}: label "${label}" must be 1 (matches) or 0`);
      continue;
    }
    const argument = rowById.get(argId);
    const keyPoint = keyPoints.get(kpId);
    if (!argument) problems.push(`${labelFile}:${row.line}: unknown argument id "${argId}"`);
    if (!allKeyPointIds.has(kpId)) problems.push(`${labelFile}:${row.line}: unknown key point id "${kpId}"`);
    if (!argument || !keyPoint || label !== '1') continue;
    if (keyPoint.topic !== argument.topic) {
      problems.push(`${labelFile}:${row.line}: argument ${argId} and key point ${kpId} are about different topics`);
      continue;
    }
    if (argument.stance && argument.stance !== keyPoint.stance) {
      warnings.push(`${labelFile}:${row.line}: argument ${argId} (${argument.stance}) matches key point ${kpId} of the other stance`);
    }
    const list = matches.get(argument) ?? [];
    list.push({ order: keyPoint.order, positionId: keyPoint.position.id });
    matches.set(argument, list);
  }
  const positionsByRow = new Map<RowValues, string[]>();
  let repeated = 0;
  for (const [row, list] of matches) {
    list.sort((a, b) => a.order - b.order);
    const ids = [...new Set(list.map((m) => m.positionId))];
    repeated += list.length - ids.length;
    positionsByRow.set(row, ids);
  }
  if (repeated > 0) warnings.push(`${labelFile}: ${repeated} positive label(s) repeat an argument and key point already matched`);
  return { file: kpFile, positionsByTopic, positionsByRow };
}

function findColumns(header: readonly string[], file: string, wanted: Record<string, readonly string[]>, problems: string[]): Record<string, number> | undefined {
  const keys = header.map(headerKey);
  const found: Record<string, number> = {};
  let ok = true;
  for (const [name, aliases] of Object.entries(wanted)) {
    const at = keys.findIndex((k) => aliases.includes(k));
    if (at < 0) {
      problems.push(`${file}:1: missing required column ${aliases[0] ?? name} (columns: ${header.join(', ')})`);
      ok = false;
    } else found[name] = at;
  }
  return ok ? found : undefined;
}
