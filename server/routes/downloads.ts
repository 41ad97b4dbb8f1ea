// Downloads from every reading view: a search's results, a comparison, a question's units and its
// speaker × position matrix, as CSV (comma, or semicolon for spreadsheets set to French; both with a
// byte order mark) or JSON, and a search's results as citations (BibTeX, RIS, CSL-JSON). Rows are
// streamed as they are read, up to MAX_DOWNLOAD_ROWS: the X-Export-* headers say the total and
// whether the file stops short, and the file itself says so in its last row (CSV) or its header
// object (JSON). File names say what is inside.

import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Response } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { unitCodes, type Unit } from '../corpus/model.ts';
import { csvLine, UTF8_BOM, type CsvCell, type CsvDelimiter } from '../csv.ts';
import { MAX_LIMIT, type SearchQuery } from '../search/engine.ts';
import { normaliseQuery } from '../search/query.ts';
import { formatCitations, CITATION_FILE, type CitationFormat } from '../services/citation-formats.ts';
import { citationRecord } from '../services/citations.ts';
import type { CompareResponse } from '../services/compare-service.ts';
import type { QuestionDetail } from '../services/catalog-service.ts';
import { MAX_EXPORT_ROWS } from '../services/search-service.ts';
import { unitUrl } from './links.ts';

/** A download holds at most this many rows (the API's CSV cap too); past it, it stops and says so. */
export const MAX_DOWNLOAD_ROWS = MAX_EXPORT_ROWS;
/** A citation download (a search's results) holds at most this many entries. */
export const MAX_CITATION_ROWS = 1_000;

export const DOWNLOAD_FORMATS = ['csv', 'csv-fr', 'json'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/**
 * The columns of a unit row, the same in every view's download. `question` and `position` are the
 * unit's first code (on a question's download, the code it is listed under); `codes` lists every
 * one ("question:position" or "question", separated by "; ").
 */
export const UNIT_ROW_HEADER = [
  'id',
  'debate',
  'debate_title',
  'date',
  'speaker',
  'speaker_name',
  'signed_as',
  'question',
  'question_title',
  'position',
  'position_label',
  'kind',
  'timecode',
  'text',
  'url',
  'codes',
] as const;
export type UnitRow = Record<(typeof UNIT_ROW_HEADER)[number], string | null>;

export const MATRIX_ROW_HEADER = ['question', 'question_title', 'speaker', 'speaker_name', 'position', 'position_label', 'units'] as const;

export function unitRow(deps: Pick<AppDeps, 'corpus'>, unit: Unit, baseUrl: string): UnitRow {
  const index = deps.corpus;
  const debate = index.debateBySlug.get(unit.debate);
  const question = unit.question ? index.questionById.get(unit.question) : undefined;
  const position = question?.positions.find((p) => p.id === unit.position);
  return {
    id: unit.id,
    debate: unit.debate,
    debate_title: debate?.title ?? null,
    date: debate?.date ?? null,
    speaker: unit.speaker,
    speaker_name: index.speakerById.get(unit.speaker)?.name ?? null,
    signed_as: unit.signedAs ?? null,
    question: question?.id ?? null,
    question_title: question?.title ?? null,
    position: question && position ? `${question.id}:${position.id}` : null,
    position_label: position?.label ?? null,
    kind: unit.kind,
    timecode: unit.timecode ?? null,
    text: unit.text,
    url: `${baseUrl}${unitUrl(unit.id)}`,
    codes: unitCodes(unit)
      .map((c) => (c.position ? `${c.question}:${c.position}` : c.question))
      .join('; '),
  };
}

/** A file name part from free text: lower case ASCII words joined by "-", at most 40 characters. */
export function fileSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

/** "contrepoint-search-stagiaire-speaker-sandra" + "-fr.csv" etc. */
export function downloadName(parts: readonly string[], format: DownloadFormat | CitationFormat): string {
  const stem = ['contrepoint', ...parts.map(fileSlug).filter(Boolean)].join('-');
  switch (format) {
    case 'csv':
      return `${stem}.csv`;
    case 'csv-fr':
      return `${stem}-point-virgule.csv`;
    case 'json':
      return `${stem}.json`;
    default:
      return `${stem}.${CITATION_FILE[format].ext}`;
  }
}

/** What a stream of rows is, for the JSON header and the truncation note. */
export interface DownloadInfo {
  what: string;
  filename: string;
  total: number;
  limit: number;
  header: readonly string[];
}

type Row = Record<string, CsvCell>;

/**
 * Streams rows as CSV or JSON. `pages` yields rows in batches (awaited one after the other, so a
 * long download leaves the event loop free between batches); it stops at the limit.
 */
export async function streamRows(res: Response, format: DownloadFormat, info: DownloadInfo, pages: AsyncIterable<Row[]> | Iterable<Row[]>): Promise<void> {
  const truncated = info.total > info.limit;
  const shown = Math.min(info.total, info.limit);
  res.set({
    'Content-Disposition': `attachment; filename="${info.filename}"`,
    'X-Export-Limit': String(info.limit),
    'X-Export-Total': String(info.total),
    'X-Export-Truncated': String(truncated),
  });
  const delimiter: CsvDelimiter = format === 'csv-fr' ? ';' : ',';
  if (format === 'json') {
    res.type('application/json; charset=utf-8');
    res.write(`{"export":${JSON.stringify({ what: info.what, total: info.total, rows: shown, limit: info.limit, truncated, generated: new Date().toISOString() })},"rows":[`);
  } else {
    res.type('text/csv; charset=utf-8');
    res.write(UTF8_BOM + csvLine(info.header, delimiter));
  }
  let written = 0;
  try {
    for await (const batch of pages) {
      let chunk = '';
      for (const row of batch) {
        if (written >= info.limit) break;
        chunk += format === 'json' ? `${written > 0 ? ',' : ''}\n${JSON.stringify(row)}` : csvLine(info.header.map((name) => row[name]), delimiter);
        written++;
      }
      // Give other requests a turn between batches, so that a 10,000-row download never holds
      // the event loop.
      if (chunk) await writeInTurn(res, chunk);
      if (written >= info.limit || res.destroyed) break;
    }
  } catch (error) {
    // The headers and some rows are gone: the only honest end is to cut the connection, so that
    // the client sees a failed download rather than a file that looks complete.
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  if (format === 'json') res.end('\n]}\n');
  else {
    // The file says itself that it stops short: a last row, in the first column.
    const note = truncated ? csvLine([`# stopped at ${written} of ${info.total} rows (limit ${info.limit}); narrow the selection for the rest`], delimiter) : '';
    res.end(note);
  }
}

/**
 * Writes one chunk of a streamed download, then lets the event loop turn: waits for a slow client
 * to drain (backpressure), or for a client that left to close, rather than for ever.
 */
export async function writeInTurn(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk) && !res.destroyed) {
    // Whichever comes first; the other listener goes with it (a long download to a slow client
    // waits hundreds of times on the same response).
    await new Promise<void>((resolve) => {
      const done = (): void => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.once('drain', done);
      res.once('close', done);
    });
  }
  await nextTurn();
}

/** A search's every match, page by page (100 at a time), as unit rows, up to `limit`. */
export async function* searchRowPages(deps: Pick<AppDeps, 'engine' | 'corpus'>, query: SearchQuery, baseUrl: string, limit: number): AsyncGenerator<UnitRow[]> {
  let sent = 0;
  for (let page = 1; sent < limit; page++) {
    const result = await deps.engine.search(normaliseQuery({ ...query, facets: [], page, limit: MAX_LIMIT }));
    const rows = result.hits.map((h) => deps.corpus.unitById.get(h.document.id)).filter((u): u is Unit => u !== undefined).map((u) => unitRow(deps, u, baseUrl));
    sent += rows.length;
    yield rows;
    if (result.hits.length < MAX_LIMIT || page * MAX_LIMIT >= result.total) break;
  }
}

/** How many units a search matches (the first page's total), for the headers sent before the rows. */
export async function searchTotal(deps: Pick<AppDeps, 'engine'>, query: SearchQuery): Promise<number> {
  return (await deps.engine.search(normaliseQuery({ ...query, facets: [], page: 1, limit: 1 }))).total;
}

/** Unit rows of a list of ids, in batches of 500; `extra(id, i)` adds or overrides columns of the i-th. */
export function* unitRowPages(deps: Pick<AppDeps, 'corpus'>, ids: readonly string[], baseUrl: string, extra: (id: string, index: number) => Row = () => ({})): Generator<Row[]> {
  for (let at = 0; at < ids.length; at += 500) {
    const rows: Row[] = [];
    ids.slice(at, at + 500).forEach((id, i) => {
      const unit = deps.corpus.unitById.get(id);
      if (!unit) return;
      const more = extra(id, at + i);
      // A row listed under another of the unit's codes names that question's title too.
      const title = typeof more.question === 'string' ? { question_title: deps.corpus.questionById.get(more.question)?.title ?? null } : {};
      rows.push({ ...unitRow(deps, unit, baseUrl), ...more, ...title });
    });
    yield rows;
  }
}

/** A question's speaker × position counts, one row per cell (zeros included: who did not take a position is data too). */
export function matrixRows(question: QuestionDetail): Row[] {
  const names = new Map(question.matrix.speakers.map((s) => [s.id, s.name]));
  const labels = new Map(question.matrix.positions.map((p) => [p.key, p.label]));
  return question.matrix.cells.map((cell) => ({
    question: question.id,
    question_title: question.title,
    speaker: cell.speaker,
    speaker_name: names.get(cell.speaker) ?? cell.speaker,
    position: cell.position,
    position_label: cell.position ? (labels.get(cell.position) ?? cell.position) : null,
    units: cell.count,
  }));
}

/**
 * The units of a comparison, column by column, with the compared speaker in front; `columns(id, i)`
 * gives the i-th row's compared speaker and the code it is listed under (a unit with several codes
 * is listed under each, issue 14).
 */
export function compareUnitRows(comparison: CompareResponse): { ids: string[]; columns: (id: string, index: number) => Row } {
  const ids: string[] = [];
  const extra: Row[] = [];
  for (const c of comparison.columns) {
    for (const group of c.positions) {
      for (const unit of group.units) {
        ids.push(unit.id);
        extra.push(group.question ? { compared_speaker: c.speaker, question: group.question, position: group.position, position_label: group.label } : { compared_speaker: c.speaker });
      }
    }
  }
  return { ids, columns: (_id, index) => extra[index] ?? {} };
}

/** A search's results as citations: one file, one entry per unit, at most MAX_CITATION_ROWS. */
export async function sendSearchCitations(res: Response, deps: Pick<AppDeps, 'engine' | 'corpus'>, query: SearchQuery, baseUrl: string, format: CitationFormat, filename: string): Promise<void> {
  const total = await searchTotal(deps, query);
  const records = [];
  for await (const rows of searchRowPages(deps, query, baseUrl, MAX_CITATION_ROWS)) {
    for (const row of rows) {
      const unit = deps.corpus.unitById.get(row.id!);
      if (unit && records.length < MAX_CITATION_ROWS) records.push(citationRecord(deps.corpus, unit, baseUrl));
    }
  }
  res.set({
    'Content-Disposition': `attachment; filename="${filename}"`,
    'X-Export-Limit': String(MAX_CITATION_ROWS),
    'X-Export-Total': String(total),
    'X-Export-Truncated': String(total > MAX_CITATION_ROWS),
  });
  res.type(CITATION_FILE[format].type).send(formatCitations(format, records));
}
