// Downloads of a question's key points (issue 23), from the API (`format=csv|json`) and the page
// (`/questions/:id/key-points/export`, also `csv-fr`): `table=points` has one row per key point
// (label, counts, speakers), `table=units` one row per unit with the key point it comes under
// ("other" for none), its whole text and its permalink. Streamed by downloads.ts, capped as every
// download.

import type { Response } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { getKeyPoints, type KeyPointsResponse } from '../services/key-points-service.ts';
import { downloadName, MAX_DOWNLOAD_ROWS, streamRows, type DownloadFormat } from './downloads.ts';
import type { KeyPointTable } from './params.ts';

export const KEY_POINT_ROW_HEADER = ['rank', 'question', 'position', 'position_label', 'label', 'label_unit', 'label_url', 'units', 'share', 'speakers', 'by_speaker', 'by_position'] as const;
export const KEY_POINT_UNIT_ROW_HEADER = ['rank', 'key_point_label', 'question', 'position', 'position_label', 'unit', 'speaker', 'speaker_name', 'debate', 'text', 'url'] as const;

type Row = Record<string, string | number | null>;

export function keyPointRows(analysis: KeyPointsResponse, baseUrl: string): Row[] {
  return analysis.keyPoints.map((kp) => ({
    rank: kp.rank,
    question: analysis.question.id,
    position: kp.position,
    position_label: kp.positionLabel,
    label: kp.label,
    label_unit: kp.labelUnit.id,
    label_url: `${baseUrl}${kp.labelUnit.url}`,
    units: kp.count,
    share: Math.round(kp.share * 10_000) / 10_000,
    speakers: kp.bySpeaker.length,
    by_speaker: kp.bySpeaker.map((s) => `${s.speaker}: ${s.count}`).join('; '),
    by_position: kp.byPosition.map((p) => `${p.position ?? 'none'}: ${p.count}`).join('; '),
  }));
}

/** One row per unit, the key points in rank order then "other"; every unit once. */
export function keyPointUnitRows(deps: Pick<AppDeps, 'corpus'>, analysis: KeyPointsResponse, baseUrl: string): Row[] {
  const rows: Row[] = [];
  const text = (id: string): string => deps.corpus.unitById.get(id)?.text ?? '';
  for (const kp of analysis.keyPoints) {
    for (const u of kp.units) {
      rows.push({ rank: kp.rank, key_point_label: kp.label, question: analysis.question.id, position: u.position, position_label: kp.positionLabel, unit: u.id, speaker: u.speaker, speaker_name: u.speakerName, debate: u.debate, text: text(u.id), url: `${baseUrl}${u.url}` });
    }
  }
  for (const o of analysis.other) {
    for (const u of o.units) {
      rows.push({ rank: 'other', key_point_label: null, question: analysis.question.id, position: u.position, position_label: o.positionLabel, unit: u.id, speaker: u.speaker, speaker_name: u.speakerName, debate: u.debate, text: text(u.id), url: `${baseUrl}${u.url}` });
    }
  }
  return rows;
}

/** Streams one of the two tables of a question's key points. */
export async function sendKeyPoints(res: Response, deps: Pick<AppDeps, 'corpus'>, questionId: string, table: KeyPointTable, format: DownloadFormat, baseUrl: string): Promise<void> {
  // Every unit of every key point (the rows stop at the download cap anyway).
  const analysis = await getKeyPoints(deps, questionId, { paging: { page: 1, limit: MAX_DOWNLOAD_ROWS } });
  const rows = table === 'points' ? keyPointRows(analysis, baseUrl) : keyPointUnitRows(deps, analysis, baseUrl);
  const header = table === 'points' ? KEY_POINT_ROW_HEADER : KEY_POINT_UNIT_ROW_HEADER;
  const total = table === 'points' ? rows.length : analysis.units;
  const what = table === 'points' ? `key points of question "${analysis.question.title}"` : `units by key point of question "${analysis.question.title}"`;
  const filename = downloadName(['question', questionId, table === 'points' ? 'key-points' : 'key-point-units'], format);
  const batches = function* (): Generator<Row[]> {
    for (let at = 0; at < rows.length; at += 500) yield rows.slice(at, at + 500);
  };
  await streamRows(res, format, { what, filename, total, limit: MAX_DOWNLOAD_ROWS, header }, batches());
}
