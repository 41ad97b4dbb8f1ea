// Two coders' filled coding sheets, for `npm run agreement` (issue 23): each sheet read into the
// codes its coder ends with, the two checked to cover the same units, and the units they disagree
// on written out as a CSV to settle. The computation itself is server/analysis/agreement.ts.
//
// A coder's codes for a unit are what the sheet's import would give it (server/io/coding-sheet.ts):
// the `codes` column as exported, less `remove`, plus `add`. Every row is a unit the coder coded; a
// row left empty means "no code applies", since a sheet cannot say "skipped". Problems are
// collected with their file:line and thrown together.

import { stringify } from 'csv-stringify/sync';
import { describeValue, type QuestionAgreement } from '../analysis/agreement.ts';
import { neutralizeFormula } from '../csv.ts';
import { formatCode, sameCode, type Question, type UnitCode } from '../corpus/model.ts';
import { codeProblem } from '../corpus/validate.ts';
import { AppError } from '../errors.ts';
import { CODE_SEPARATOR, identifiedRows, sheetHeader } from './coding-sheet.ts';
import { parseCodeList, readCsvRows } from './csv-import.ts';
import { ImportError } from './imported.ts';

/** The sheets cannot be compared; every problem names its file (and line, or the unit). */
export class SheetsError extends AppError {
  readonly problems: string[];
  constructor(problems: string[]) {
    const shown = problems.slice(0, 50);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    super('bad_request', 400, `The coding sheets cannot be compared:\n${shown.map((p) => `  ${p}`).join('\n')}${more}`);
    this.problems = problems;
  }
}

export interface CoderSheetRow {
  id: string;
  /** Line of the row in its file (1 is the header). */
  line: number;
  debate: string;
  speaker: string;
  speakerName: string;
  text: string;
  /** The codes the coder ends with: codes − remove + add, in that order. */
  codes: UnitCode[];
  /** Whether the `codes` column had codes when the sheet was written. */
  prefilled: boolean;
}

export interface CoderSheet {
  file: string;
  rows: CoderSheetRow[];
}

const CODE_COLUMNS = ['codes', 'add', 'remove'] as const;

/** What a sheet is checked against: the corpus it was exported from. */
export interface SheetCorpus {
  questions: ReadonlyMap<string, Question>;
  unitIds: ReadonlySet<string>;
}

/**
 * One filled sheet: the codes of each unit as its coder leaves them. With `corpus`, every unit
 * must be one of its units and every code name one of its questions (and positions), as the
 * import would require: a row split by a spreadsheet or a sheet of another corpus is caught here.
 */
export function readCoderSheet(text: string, file: string, corpus?: SheetCorpus): CoderSheet {
  let rows;
  try {
    rows = readCsvRows(text, file);
  } catch (error) {
    if (error instanceof ImportError) throw new SheetsError(error.problems);
    throw error;
  }
  const { cells, column } = sheetHeader(rows.shift());
  const problems: string[] = [];
  if (column('id') < 0) problems.push(`${file}:1: the sheet has no "id" column (columns: ${cells.join(', ') || 'none'}): is it a coding sheet (npm run export -- --format coding-sheet)?`);
  if (CODE_COLUMNS.every((name) => column(name) < 0)) problems.push(`${file}:1: the sheet has none of the columns ${CODE_COLUMNS.join(', ')}: nothing says how its units are coded`);
  if (problems.length > 0) throw new SheetsError(problems);

  const read: CoderSheetRow[] = [];
  for (const { line, at, id, cell } of identifiedRows(rows, file, column, problems)) {
    if (corpus && !corpus.unitIds.has(id)) {
      problems.push(`${at}: unknown unit "${id}": the corpus has no unit with this id (a sheet of another corpus, or a row cut by a spreadsheet?)`);
      continue;
    }
    const list = (name: (typeof CODE_COLUMNS)[number]): UnitCode[] => {
      const parsed = parseCodeList(cell(name));
      for (const bad of parsed.bad) problems.push(`${at}: ${name}: "${bad}" is not a code ("question:position" or "question")`);
      if (corpus) {
        for (const code of parsed.codes) {
          const problem = codeProblem(code, corpus.questions);
          if (problem) problems.push(`${at}: ${name} "${formatCode(code)}": ${problem}`);
        }
      }
      return parsed.codes;
    };
    const start = list('codes');
    const add = list('add');
    const remove = list('remove');
    for (const code of remove) if (!start.some((c) => sameCode(c, code))) problems.push(`${at}: remove "${formatCode(code)}": unit "${id}" has no such code in its codes column`);
    for (const code of add) if (remove.some((c) => sameCode(c, code))) problems.push(`${at}: "${formatCode(code)}" is both added and removed`);
    const codes: UnitCode[] = [];
    for (const code of [...start.filter((c) => !remove.some((r) => sameCode(r, c))), ...add]) if (!codes.some((c) => sameCode(c, code))) codes.push(code);
    read.push({ id, line, debate: cell('debate'), speaker: cell('speaker'), speakerName: cell('speaker_name'), text: cell('text'), codes, prefilled: start.length > 0 });
  }
  if (read.length === 0 && problems.length === 0) problems.push(`${file}: the sheet has no units`);
  if (problems.length > 0) throw new SheetsError(problems);
  return { file, rows: read };
}

/** How many units a message names one by one before it counts the rest. */
const NAMED_UNITS = 20;

/** Both sheets must hold the same units (in any order): otherwise every unit one of them lacks. */
export function checkSameUnits(a: CoderSheet, b: CoderSheet): void {
  const missing = (from: CoderSheet, other: CoderSheet): CoderSheetRow[] => {
    const ids = new Set(other.rows.map((r) => r.id));
    return from.rows.filter((r) => !ids.has(r.id));
  };
  const notInB = missing(a, b);
  const notInA = missing(b, a);
  if (notInB.length === 0 && notInA.length === 0) return;
  const problems = [
    `${a.file} has ${a.rows.length} units and ${b.file} ${b.rows.length}: ${notInB.length} are not on the second sheet and ${notInA.length} not on the first; ` +
      'compare sheets of the same units (exported with the same filters)',
  ];
  for (const [rows, from, other] of [
    [notInB, a, b],
    [notInA, b, a],
  ] as const) {
    for (const row of rows.slice(0, NAMED_UNITS)) problems.push(`${from.file}:${row.line}: unit "${row.id}" is not on ${other.file}`);
    if (rows.length > NAMED_UNITS) problems.push(`${from.file}: … and ${rows.length - NAMED_UNITS} more units that are not on ${other.file}`);
  }
  throw new SheetsError(problems);
}

/** The disagreements CSV: one row per unit and question the coders disagree on, to settle. */
export const DISAGREEMENT_COLUMNS = ['id', 'debate', 'speaker', 'speaker_name', 'text', 'question', 'codes_a', 'codes_b', 'settled', 'note'] as const;

/**
 * The disagreements as CSV (byte order mark, CRLF, formulas neutralised, as the coding sheet):
 * units in the order of sheet A, then questions in the order given. `settled` and `note` are empty,
 * for the two coders to fill.
 */
export function disagreementsCsv(sheet: CoderSheet, results: readonly QuestionAgreement[]): string {
  const order = new Map(sheet.rows.map((r, i) => [r.id, i]));
  const rowOf = new Map(sheet.rows.map((r) => [r.id, r]));
  const found = results.flatMap((result, q) => result.disagreements.map((d) => ({ ...d, question: result.question, q, at: order.get(d.unit) ?? Infinity })));
  found.sort((x, y) => x.at - y.at || x.q - y.q);
  const rows = found.map((d) => {
    const unit = rowOf.get(d.unit);
    return [d.unit, unit?.debate ?? '', unit?.speaker ?? '', unit?.speakerName ?? '', unit?.text ?? '', d.question, d.a.join(CODE_SEPARATOR), d.b.join(CODE_SEPARATOR), '', ''].map(neutralizeFormula);
  });
  // A bare LF inside a text is quoted too: csv-stringify quotes only its own CRLF (see exportCodingSheet).
  return `\uFEFF${stringify([[...DISAGREEMENT_COLUMNS], ...rows], { record_delimiter: 'windows', quoted_match: /[\r\n]/ })}`;
}

/** A unit's codes on a question as printed: "q:p; q:r", or "(no code)". */
export function describeCodes(codes: readonly string[]): string {
  return describeValue(codes.join(CODE_SEPARATOR));
}
