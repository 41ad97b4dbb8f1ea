// Downloads: search results and comparisons as CSV (absolute permalinks in the last column) or as
// an AIF argument map. Rows are built from the services' plain data; only here is it sent.

import type { Response } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { toCsv } from '../csv.ts';
import { exportAif } from '../io/export.ts';
import type { CompareResponse } from '../services/compare-service.ts';
import type { SearchQuery } from '../search/engine.ts';
import { MAX_EXPORT_ROWS, searchUnitBatches, type UnitHit } from '../services/search-service.ts';

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
 * Search results as CSV, written page by page as the engine answers (never the whole file in
 * memory, the event loop free between pages), at most MAX_EXPORT_ROWS rows, whole texts. Where it
 * stops is stated before the first byte: X-Total-Count (units matched), X-Export-Limit and
 * X-Export-Truncated (true when rows were left out).
 */
export async function streamSearchCsv(res: Response, deps: Pick<AppDeps, 'engine'>, query: SearchQuery, baseUrl: string): Promise<void> {
  let started = false;
  for await (const { hits, total } of searchUnitBatches(deps, query)) {
    if (!started) {
      started = true;
      res.set('Content-Disposition', 'attachment; filename="contrepoint-search.csv"');
      res.set({ 'X-Total-Count': String(total), 'X-Export-Limit': String(MAX_EXPORT_ROWS), 'X-Export-Truncated': String(total > MAX_EXPORT_ROWS) });
      res.type('text/csv; charset=utf-8');
      res.write(toCsv([...UNIT_CSV_HEADER], []));
    }
    if (hits.length === 0) continue;
    // toCsv writes a BOM and the header only once, above; rows alone here.
    const chunk = toCsv([], hits.map((h) => unitCsvRow(h, baseUrl)), { bom: false }).replace(/^\r\n/, '');
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    if (res.destroyed) return;
  }
  res.end();
}

/** Units as an AIF argument map (server/io/export.ts), in the order given. */
export function sendAif(res: Response, deps: Pick<AppDeps, 'corpus'>, filename: string, unitIds: readonly string[]): void {
  res.set('Content-Disposition', `attachment; filename="${filename}"`);
  res.type('application/json; charset=utf-8').send(JSON.stringify(exportAif(deps.corpus.corpus, { units: unitIds })));
}
