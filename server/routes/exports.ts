// Downloads: search results and comparisons as CSV (absolute permalinks in the last column) or as
// an AIF argument map. Rows and maps are built by the export service from the services' plain
// data (services/export-service.ts); only here are they sent.

import type { Response } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { toCsv, type CsvCell } from '../csv.ts';
import { UNIT_CSV_HEADER, unitCsvRow, unitsAsAif } from '../services/export-service.ts';
import type { SearchQuery } from '../search/engine.ts';
import { MAX_EXPORT_ROWS, searchUnitBatches, type UnitHit } from '../services/search-service.ts';
import { streamRows, writeInTurn } from './downloads.ts';

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
 * Units as an AIF argument map (services/export-service.ts), in the order given, streamed: the same JSON as JSON.stringify of the document, written a
 * few hundred items at a time, so that a 10,000-unit map (about 40,000 nodes and edges) never
 * holds the event loop (it held it 0.2 s at 100k units when written in one piece).
 */
export async function sendAif(res: Response, deps: Pick<AppDeps, 'corpus'>, filename: string, unitIds: readonly string[]): Promise<void> {
  const map = unitsAsAif(deps, unitIds);
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
