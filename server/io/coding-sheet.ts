// The coding sheet: a spreadsheet round trip for coding units by hand, as qualitative researchers
// do. `npm run export -- --format coding-sheet` writes one row per unit with its existing codes and
// empty `add` and `remove` columns; `npm run import -- --format codes FILE` applies the filled sheet
// to the debate files. The sheet is checked whole first (every problem with its file:line), then
// the edited debate files are validated with the rest of the corpus in a scratch copy; nothing is
// written on any error. Only the code lines of the changed units are rewritten: the rest of each
// file stays byte for byte as it was.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { neutralizeFormula, restoreFormula } from '../csv.ts';
import { loadCorpus } from '../corpus/load.ts';
import { findPosition, formatCode, sameCode, unitCodes, type Corpus, type Question, type Unit, type UnitCode } from '../corpus/model.ts';
import { normalizeText, parseDebateFile } from '../corpus/parse.ts';
import { codeProblem } from '../corpus/validate.ts';
import { formatProblem } from '../errors.ts';
import { moveIntoPlace } from './apply-import.ts';
import { parseCodeList, readCsvRows, type CsvRow } from './csv-import.ts';
import { selectCorpus, type ExportFilter } from './export.ts';
import { ImportError } from './imported.ts';

/**
 * The sheet's columns. `id` names the unit; `codes` is what it had when the sheet was written
 * (checked on import, so a stale sheet is refused rather than applied to changed units);
 * `add` and `remove` are filled by the coder; `note` is free and ignored.
 */
export const CODING_SHEET_COLUMNS = ['id', 'debate', 'speaker', 'speaker_name', 'text', 'codes', 'code_labels', 'add', 'remove', 'note'] as const;

/** How codes are listed in one cell: "question:position; question". */
export const CODE_SEPARATOR = '; ';

function codeLabel(questions: ReadonlyMap<string, Question>, code: UnitCode): string {
  const question = questions.get(code.question);
  const position = findPosition(question, code.position);
  if (!question) return formatCode(code);
  return position ? `${question.title} → ${position.label}` : question.title;
}

/** The sheet as CSV, with a byte order mark for spreadsheets; cells that look like formulas are neutralised. */
export function exportCodingSheet(corpus: Corpus, filter: ExportFilter = {}): string {
  const selection = selectCorpus(corpus, filter);
  const speakerName = new Map(corpus.speakers.map((s) => [s.id, s.name]));
  const questions = new Map(corpus.questions.map((q) => [q.id, q]));
  const rows = selection.units.map((unit) => {
    const codes = unitCodes(unit);
    return [
      unit.id,
      unit.debate,
      unit.speaker,
      speakerName.get(unit.speaker) ?? unit.speaker,
      unit.text,
      codes.map(formatCode).join(CODE_SEPARATOR),
      codes.map((c) => codeLabel(questions, c)).join(CODE_SEPARATOR),
      '',
      '',
      '',
    ].map(neutralizeFormula);
  });
  // quoted_match: csv-stringify quotes a cell holding its record delimiter (CRLF) but not a bare LF,
  // which spreadsheets and most CSV readers take for the end of the row.
  return `\uFEFF${stringify([[...CODING_SHEET_COLUMNS], ...rows], { record_delimiter: 'windows', quoted_match: /[\r\n]/ })}`;
}

export interface CodeChange {
  unit: string;
  debate: string;
  added: UnitCode[];
  removed: UnitCode[];
  codes: UnitCode[];
}

export interface CodingSheetResult {
  /** Units whose codes change, in sheet order. */
  changes: CodeChange[];
  /** Rows read (units named), changed or not. */
  rows: number;
  /** Debate files rewritten (or that would be, on a dry run), relative to the data folder. */
  written: string[];
  /** Things that do not stop the import: a code added that the unit already has. */
  warnings: string[];
}

const REQUIRED_COLUMNS = ['id'] as const;

/** A filled sheet's header: its cells as written, and where a column is by its normalised name ("Speaker name" is speaker_name). */
export function sheetHeader(header: CsvRow | undefined): { cells: string[]; column: (name: string) => number } {
  const cells = header?.cells ?? [];
  const keys = cells.map((c) => c.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  return { cells, column: (name) => keys.indexOf(name) };
}

/** A row of a filled sheet with its unit id: where it is (file:line) and its cells by column name. */
export interface SheetRow {
  line: number;
  at: string;
  id: string;
  /** The cell of this column, trimmed, a formula guard taken off; '' when the sheet has no such column. */
  cell: (name: string) => string;
}

/**
 * The rows of a filled sheet (header taken off), blank rows skipped; a row without an id, or with
 * the id of an earlier row, is a problem (pushed to `problems`) and not given.
 */
export function* identifiedRows(rows: readonly CsvRow[], file: string, column: (name: string) => number, problems: string[]): Generator<SheetRow> {
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const at = `${file}:${row.line}`;
    const cell = (name: string): string => {
      const index = column(name);
      return index < 0 ? '' : restoreFormula((row.cells[index] ?? '').trim());
    };
    const id = cell('id');
    if (id === '') {
      problems.push(`${at}: the row has no unit id`);
      continue;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push(`${at}: unit "${id}" is already on line ${first}`);
      continue;
    }
    seen.set(id, row.line);
    yield { line: row.line, at, id, cell };
  }
}

/**
 * Reads a filled sheet against the corpus: every problem is collected (file:line) and thrown
 * together; otherwise the new codes of each changed unit.
 */
export function readCodingSheet(text: string, file: string, corpus: Corpus): { changes: CodeChange[]; rows: number; warnings: string[] } {
  const rows = readCsvRows(text, file);
  const { cells, column } = sheetHeader(rows.shift());
  const problems: string[] = [];
  for (const name of REQUIRED_COLUMNS) if (column(name) < 0) problems.push(`${file}:1: the sheet has no "${name}" column (columns: ${cells.join(', ')})`);
  if (column('add') < 0 && column('remove') < 0) problems.push(`${file}:1: the sheet has neither an "add" nor a "remove" column`);
  if (problems.length > 0) throw new ImportError(problems);

  const units = new Map(corpus.units.map((u) => [u.id, u]));
  const questions = new Map(corpus.questions.map((q) => [q.id, q]));
  const changes: CodeChange[] = [];
  const warnings: string[] = [];
  let count = 0;
  for (const { at, id, cell } of identifiedRows(rows, file, column, problems)) {
    count++;
    const unit = units.get(id);
    if (!unit) {
      problems.push(`${at}: unknown unit "${id}"`);
      continue;
    }
    const current = unitCodes(unit);
    if (column('codes') >= 0) {
      const listed = parseCodeList(cell('codes'));
      const same = listed.bad.length === 0 && listed.codes.length === current.length && listed.codes.every((c, i) => sameCode(c, current[i] as UnitCode));
      if (!same) {
        problems.push(
          `${at}: the codes column of unit "${id}" (${cell('codes') || 'none'}) is not what the corpus has (${current.map(formatCode).join(CODE_SEPARATOR) || 'none'}): ` +
            'change codes with the add and remove columns, on a sheet exported from the corpus as it is now',
        );
        continue;
      }
    }
    const read = (name: 'add' | 'remove'): UnitCode[] => {
      const list = parseCodeList(cell(name));
      for (const bad of list.bad) problems.push(`${at}: ${name}: "${bad}" is not a code ("question:position" or "question")`);
      return list.codes.filter((code) => {
        const problem = codeProblem(code, questions);
        if (problem) problems.push(`${at}: ${name} "${formatCode(code)}": ${problem}`);
        return !problem;
      });
    };
    const add = read('add');
    const remove = read('remove');
    const removed: UnitCode[] = [];
    for (const code of remove) {
      if (!current.some((c) => sameCode(c, code))) problems.push(`${at}: remove "${formatCode(code)}": unit "${id}" has no such code`);
      else if (!removed.some((c) => sameCode(c, code))) removed.push(code);
    }
    const kept = current.filter((c) => !removed.some((r) => sameCode(r, c)));
    const added: UnitCode[] = [];
    for (const code of add) {
      if (removed.some((r) => sameCode(r, code))) problems.push(`${at}: "${formatCode(code)}" is both added and removed`);
      else if (kept.some((c) => sameCode(c, code)) || added.some((c) => sameCode(c, code))) warnings.push(`${at}: unit "${id}" already has "${formatCode(code)}": left as it is`);
      else added.push(code);
    }
    if (added.length > 0 || removed.length > 0) changes.push({ unit: id, debate: unit.debate, added, removed, codes: [...kept, ...added] });
  }
  if (problems.length > 0) throw new ImportError(problems);
  return { changes, rows: count, warnings };
}

/** The code lines a unit is written with: the first code as question/position, the others as code lines. */
function codeLines(codes: readonly UnitCode[]): string[] {
  const [first, ...others] = codes;
  if (!first) return [];
  return [`- question: ${first.question}`, ...(first.position === undefined ? [] : [`- position: ${first.position}`]), ...others.map((c) => `- code: ${formatCode(c)}`)];
}

const CODE_KEYS = new Set(['question', 'position', 'code']);

/** A debate file with the code lines of the given units replaced, every other line untouched. */
export function rewriteCodes(text: string, file: string, codesByUnit: ReadonlyMap<string, readonly UnitCode[]>): string {
  const normal = normalizeText(text);
  const lines = normal.split('\n');
  const parsed = parseDebateFile(file, normal);
  // Bottom up, so that earlier line numbers stay right.
  const edits: { at: number; remove: number[]; insert: string[] }[] = [];
  for (const unit of parsed.units) {
    const codes = codesByUnit.get(unit.id);
    if (!codes) continue;
    const old = unit.attributes.filter((a) => CODE_KEYS.has(a.key)).map((a) => a.line);
    // New lines go where the old ones were, else after the kind (or the last attribute).
    const anchor = unit.attributes.find((a) => a.key === 'kind') ?? unit.attributes[unit.attributes.length - 1];
    const at = old.length > 0 ? Math.min(...old) : (anchor?.line ?? unit.line) + 1;
    edits.push({ at, remove: old, insert: codeLines(codes) });
  }
  for (const edit of edits.sort((a, b) => b.at - a.at)) {
    for (const line of [...edit.remove].sort((a, b) => b - a)) lines.splice(line - 1, 1);
    lines.splice(edit.at - 1, 0, ...edit.insert);
  }
  return lines.join('\n');
}

export interface ApplyCodingSheetOptions {
  file: string;
  dryRun?: boolean;
}

/** Reads, checks and applies a filled sheet to the corpus in `dataDir`: everything or nothing. */
export async function applyCodingSheet(dataDir: string, text: string, options: ApplyCodingSheetOptions): Promise<CodingSheetResult> {
  const root = path.resolve(dataDir);
  const before = await loadCorpus(root);
  const errorsBefore = before.problems.filter((p) => p.severity === 'error');
  if (errorsBefore.length > 0) throw new ImportError([`the corpus in ${dataDir} has errors before the import (run npm run validate):`, ...errorsBefore.map(formatProblem)]);
  const { changes, rows, warnings } = readCodingSheet(text, options.file, before.corpus);

  const byDebate = new Map<string, Map<string, UnitCode[]>>();
  for (const change of changes) {
    const map = byDebate.get(change.debate) ?? new Map<string, UnitCode[]>();
    map.set(change.unit, change.codes);
    byDebate.set(change.debate, map);
  }
  const files = new Map<string, string>();
  for (const [debate, codes] of byDebate) {
    const relative = path.join('debates', `${debate}.md`);
    files.set(relative, rewriteCodes(await readFile(path.join(root, relative), 'utf8'), relative, codes));
  }
  if (files.size === 0) return { changes, rows, written: [], warnings };

  const scratch = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-codes-'));
  try {
    const copy = path.join(scratch, 'data');
    await cp(root, copy, { recursive: true });
    for (const [relative, content] of files) await writeFile(path.join(copy, relative), content, 'utf8');
    const after = await loadCorpus(copy);
    const errors = after.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      const shown = errors.map((p) => formatProblem({ ...p, file: path.join(dataDir, path.relative(copy, path.resolve(p.file))) }));
      throw new ImportError(['the corpus would not validate with these codes:', ...shown]);
    }
    const changed = new Map(after.corpus.units.map((u): [string, Unit] => [u.id, u]));
    for (const change of changes) {
      // The files say what the sheet asked: a guard against a rewrite that lost a line.
      const written = unitCodes(changed.get(change.unit) ?? { codes: [] });
      if (written.length !== change.codes.length || !written.every((c, i) => sameCode(c, change.codes[i] as UnitCode))) {
        throw new Error(`rewriting the codes of unit "${change.unit}" did not give the codes asked for`);
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  if (!options.dryRun) await moveIntoPlace(root, files);
  return { changes, rows, written: [...files.keys()], warnings };
}
