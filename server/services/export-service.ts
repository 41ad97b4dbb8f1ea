// What the site's downloads hold, as plain data: search hits and comparisons as CSV rows (in the
// columns server/io/export.ts names, which the importer recognises), and units as an AIF argument
// map (server/io/export.ts's exportAif, the one `npm run export` writes). The routes send these
// (routes/exports.ts streams them); they never reach into server/io/ themselves (issue 24).

import type { AppDeps } from '../app-deps.ts';
import { COMPARE_CSV_HEADER, UNIT_CSV_HEADER, exportAif } from '../io/export.ts';
import type { AifDocument } from '../io/aif-import.ts';
import type { CompareResponse } from './compare-service.ts';
import type { UnitHit } from './search-service.ts';

export { COMPARE_CSV_HEADER, UNIT_CSV_HEADER };
export type { AifDocument };

/**
 * A hit as a CSV row in UNIT_CSV_HEADER order; `baseUrl` makes the permalink absolute. `question`
 * and `position` are the first code; `codes` lists every one ("question:position" or "question",
 * separated by "; ").
 */
export function unitCsvRow(hit: UnitHit, baseUrl = ''): (string | null)[] {
  const codes = hit.codes.map((c) => c.position ?? c.question).join('; ');
  return [hit.id, hit.debate, hit.speaker, hit.speakerName, hit.question, hit.position, hit.positionLabel, hit.kind, hit.text, `${baseUrl}${hit.url}`, codes];
}

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

/** The units named, in the order given, as an AIF argument map with the participants they need. */
export function unitsAsAif(deps: Pick<AppDeps, 'corpus'>, unitIds: readonly string[]): AifDocument {
  return exportAif(deps.corpus.corpus, { units: unitIds }, deps.corpus.unitById);
}
