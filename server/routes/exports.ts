// Downloads: search results and comparisons as CSV (absolute permalinks in the last column) or as
// an AIF argument map. Rows are built from the services' plain data; only here is it sent.

import type { Response } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { toCsv, type CsvCell } from '../csv.ts';
import { exportAif } from '../io/export.ts';
import type { CompareResponse } from '../services/compare-service.ts';
import type { SearchQuery } from '../search/engine.ts';
import { MAX_EXPORT_ROWS, searchUnitBatches, type UnitHit } from '../services/search-service.ts';
import { streamRows, writeInTurn } from './downloads.ts';

export const UNIT_CSV_HEADER = ['id', 'debate', 'speaker', 'speakerName', 'question', 'position', 'positionLabel', 'kind', 'text', 'url', 'codes'] as const;

/**
 * A hit as a CSV row in UNIT_CSV_HEADER order; `baseUrl` makes the permalink absolute. `question`
 * and `position` are the first code; `codes` lists every one ("question:position" or "question",
 * separated by "; ").
 */
export function unitCsvRow(hit: UnitHit, baseUrl = ''): (string | null)[] {
  const codes = hit.codes.map((c) => c.position ?? c.question).join('; ');
  return [hit.id, hit.debate, hit.speaker, hit.speakerName, hit.question, hit.position, hit.positionLabel, hit.kind, hit.text, `${baseUrl}${hit.url}`, codes];
}

export const COMPARE_CSV_HEADER = ['speaker', 'speakerName', 'position', 'positionLabel', 'id', 'debate', 'question', 'kind', 'text', 'url'] as const;

/**
 * One row per unit, column by column; a position a speaker did not take gives a row without unit.
 * Hits carry cropped text: `fullText` gives a unit's whole text back for the download.
 */
export function compareCsvRows(response: CompareResponse, baseUrl = '', fullText: (id: string) => string | undefined = () => undefined): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (const column of response.columns) {
    for (const group of column.positions) {
      if (group.units.length === 0) {
        rows.push([column.speaker, column.speakerName, group.position, group.label, null, null, group.question, null, null, null]);
      }
      for (const unit of group.units) {
        rows.push([column.speaker, column.speakerName, group.position, group.label, unit.id, unit.debate, group.question ?? unit.question, unit.kind, fullText(unit.id) ?? unit.text, `${baseUrl}${unit.url}`]);
      }
    }
  }
  return rows;
}

/** The unit ids of a comparison, column by column: what its AIF download holds. */
export function compareUnitIds(response: CompareResponse): string[] {
  return response.columns.flatMap((c) => c.positions.flatMap((p) => p.units.map((u) => u.id)));
}

export function sendCsv(res: Response, filename: string, header: readonly string[], rows: readonly (readonly (string | null)[])[]): void {
  res.set('Content-Disposition', `attachment; filename="${filename}"`);
  res.type('text/csv; charset=utf-8').send(toCsv(header, rows));
}

/**
 * Search results as CSV (the API's columns, UNIT_CSV_HEADER), written page by page as the engine
 * answers through the one streaming helper of every download (routes/downloads.ts streamRows: never
 * the whole file in memory, backpressure, the event loop free between pages, the connection cut if
 * the engine fails half way), at most MAX_EXPORT_ROWS rows, whole texts. Where it stops is stated
 * before the first byte, X-Total-Count (units matched) beside the X-Export-* headers, and in the
 * file's last row when rows were left out. The first page is asked for before anything is sent, so
 * an engine that is down is still a clean 503.
 */
export async function streamSearchCsv(res: Response, deps: Pick<AppDeps, 'engine'>, query: SearchQuery, baseUrl: string): Promise<void> {
  const batches = searchUnitBatches(deps, query)[Symbol.asyncIterator]();
  const first = await batches.next();
  const total = first.done ? 0 : first.value.total;
  const toRow = (hit: UnitHit): Record<string, CsvCell> => Object.fromEntries(UNIT_CSV_HEADER.map((name, i) => [name, unitCsvRow(hit, baseUrl)[i] ?? null]));
  async function* rows(): AsyncGenerator<Record<string, CsvCell>[]> {
    if (first.done) return;
    yield first.value.hits.map(toRow);
    for (let next = await batches.next(); !next.done; next = await batches.next()) yield next.value.hits.map(toRow);
  }
  res.set('X-Total-Count', String(total));
  await streamRows(res, 'csv', { what: 'search results', filename: 'contrepoint-search.csv', total, limit: MAX_EXPORT_ROWS, header: UNIT_CSV_HEADER }, rows());
}

/** AIF items written per chunk, with a turn of the event loop between chunks. */
const AIF_CHUNK = 500;

/**
 * Units as an AIF argument map (server/io/export.ts), in the order given, streamed: the same JSON as JSON.stringify of the document, written a
 * few hundred items at a time, so that a 10,000-unit map (about 40,000 nodes and edges) never
 * holds the event loop (it held it 0.2 s at 100k units when written in one piece).
 */
export async function sendAif(res: Response, deps: Pick<AppDeps, 'corpus'>, filename: string, unitIds: readonly string[]): Promise<void> {
  const map = exportAif(deps.corpus.corpus, { units: unitIds }, deps.corpus.unitById);
  res.set('Content-Disposition', `attachment; filename="${filename}"`);
  res.type('application/json; charset=utf-8');
  const lists = [
    ['nodes', map.nodes],
    ['edges', map.edges],
    ['locutions', map.locutions],
    ['participants', map.participants],
  ] as const;
  for (const [i, [name, items]] of lists.entries()) {
    res.write(`${i === 0 ? '{' : '],'}${JSON.stringify(name)}:[`);
    for (let at = 0; at < items.length; at += AIF_CHUNK) {
      const chunk = (at > 0 ? ',' : '') + items.slice(at, at + AIF_CHUNK).map((item: unknown) => JSON.stringify(item)).join(',');
      await writeInTurn(res, chunk);
      if (res.destroyed) return;
    }
  }
  res.end(']}');
}
