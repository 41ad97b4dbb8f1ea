// A question's key points as the API and the pages serve them (issue 23): the clustering of
// server/analysis/key-points.ts over the question's units, read from the corpus (never from the
// engine: both engines serve the same key points), with counts by speaker and by position and a
// page of units under each key point.
//
// The clustering runs once per corpus and question, on demand, in a worker thread
// (key-point-worker.ts: measured, slices on the event loop still held it too long at 100k units);
// its result is kept as long as the corpus serves (a reload brings a new corpus and so new key points).

import type { AppDeps } from '../app-deps.ts';
import { findPosition, unitCodes, type CorpusIndex, type Question, type Unit } from '../corpus/model.ts';
import { NotFoundError } from '../errors.ts';
import { KEY_POINT_SETTINGS, type KeyPointClusters, type KeyPointInput } from '../analysis/key-points.ts';
import { positionKey } from '../search/documents.ts';
import { unitUrl } from '../permalinks.ts';
import { pageItems, unitsOnQuestion, unitsPage, type QuestionRef, type UnitsPage, type UnitsPaging } from './catalog-service.ts';
import { excerpt } from './excerpt.ts';
import { computeKeyPoints } from './key-point-worker.ts';
import { positionKeys } from './position-grid.ts';

type CorpusDeps = Pick<AppDeps, 'corpus'>;

/** The most key points a question has (a `point` rank above it names none): for the routes, which do not import the analysis. */
export const MAX_KEY_POINTS = KEY_POINT_SETTINGS.maxKeyPoints;

/** A unit under a key point. */
export interface KeyPointUnit {
  id: string;
  speaker: string;
  speakerName: string;
  debate: string;
  /** The position key the unit is grouped under (its first position on the question). */
  position: string | null;
  /** The start of the text, at most about 200 characters (the whole text is at `url`). */
  excerpt: string;
  url: string;
}

export interface KeyPointView {
  /** 1 for the largest key point of the question, and so on. */
  rank: number;
  position: string | null;
  positionLabel: string | null;
  positionLabelEn: string | null;
  /** The label: the text of one of its units, quoted as written (never generated). */
  label: string;
  labelUnit: { id: string; speaker: string; speakerName: string; url: string };
  /** Units under the key point. */
  count: number;
  /** Its share of the question's units, 0..1. */
  share: number;
  /** The most units first. */
  bySpeaker: { speaker: string; name: string; count: number }[];
  /** Each unit counted under every position it takes on the question (a unit may take several). */
  byPosition: { position: string | null; count: number }[];
  units: KeyPointUnit[];
  unitsPage: UnitsPage;
}

export interface KeyPointsResponse {
  question: QuestionRef;
  /** The question's units, every one under one key point at most. */
  units: number;
  /** Units under a key point. */
  covered: number;
  keyPoints: KeyPointView[];
  /** Units under no key point, by position. */
  other: { position: string | null; positionLabel: string | null; count: number; units: KeyPointUnit[]; unitsPage: UnitsPage }[];
  method: { description: string; threshold: number; minSize: number; maxKeyPoints: number };
}

export const KEY_POINT_METHOD =
  'Units grouped within each position: TF-IDF over Snowball stems (IDF over the whole question), pairs above a cosine threshold, densest units as seeds, two passes of reassignment to the closest centroid; label: the unit closest to its centroid, short ones favoured, quoted as written';

/** What the clustering needs of a question's units: each unit once, under its first position there. */
export function keyPointInputs(index: CorpusIndex, question: Question): KeyPointInput[] {
  return unitsOnQuestion(index, question.id).map((unit) => ({
    id: unit.id,
    position: groupedPosition(unit, question),
    text: unit.text,
    language: (index.debateBySlug.get(unit.debate)?.language ?? 'fr').toLowerCase().startsWith('en') ? 'en' : 'fr',
  }));
}

/**
 * Every position key the unit takes on the question (null alone when it takes none): the rule the
 * question's matrix counts by (`positionKeys`), over the unit's codes with their keys qualified.
 */
function positionsTaken(unit: Unit, question: Question): (string | null)[] {
  const codes = unitCodes(unit).map((c) => ({
    question: c.question,
    position: c.question === question.id && findPosition(question, c.position) ? positionKey(question.id, c.position as string) : null,
  }));
  const keys = positionKeys(codes, question.id);
  return keys.length > 0 ? keys : [null];
}

function groupedPosition(unit: Unit, question: Question): string | null {
  return positionsTaken(unit, question)[0] ?? null;
}

const computed = new WeakMap<CorpusIndex, Map<string, Promise<KeyPointClusters>>>();

/** The clusters of a question, computed once per corpus in the key points thread (the first request waits for them). */
export function questionClusters(index: CorpusIndex, question: Question): Promise<KeyPointClusters> {
  let byQuestion = computed.get(index);
  if (!byQuestion) computed.set(index, (byQuestion = new Map()));
  let clusters = byQuestion.get(question.id);
  if (!clusters) {
    clusters = computeKeyPoints(keyPointInputs(index, question));
    // A failure is not kept: the next request tries again.
    clusters.catch(() => byQuestion.delete(question.id));
    byQuestion.set(question.id, clusters);
  }
  return clusters;
}

export interface KeyPointsRequest {
  paging: UnitsPaging;
  /** Only this key point (its rank); 0 for the units under none. Absent: all of them. */
  point?: number;
}

export async function getKeyPoints(deps: CorpusDeps, id: string, request: KeyPointsRequest): Promise<KeyPointsResponse> {
  const index = deps.corpus;
  const question = index.questionById.get(id);
  if (!question) throw new NotFoundError(`unknown question "${id}"`, { key: 'reason.unknownQuestion', vars: { id } });
  const clusters = await questionClusters(index, question);
  // The corpus may have been replaced while the clusters were computed: read them against the one they were made from.
  const total = unitsOnQuestion(index, question.id).length;
  const { paging, point } = request;
  if (point !== undefined && point > clusters.keyPoints.length) {
    throw new NotFoundError(`question "${id}" has ${clusters.keyPoints.length} key points, not ${point}`, { key: 'reason.noKeyPoint', vars: { point, count: clusters.keyPoints.length } });
  }
  const ref = (unitId: string): KeyPointUnit => keyPointUnit(index, question, unitId);
  const positionLabels = (key: string | null) => {
    const position = key ? question.positions.find((p) => positionKey(question.id, p.id) === key) : undefined;
    return { positionLabel: position?.label ?? null, positionLabelEn: position?.labelEn ?? null };
  };
  const keyPoints = clusters.keyPoints
    .map((kp, at): KeyPointView | null => {
      const rank = at + 1;
      if (point !== undefined && point !== rank) return null;
      const bySpeaker = new Map<string, number>();
      const byPosition = new Map<string | null, number>();
      for (const unitId of kp.units) {
        const unit = index.unitById.get(unitId);
        if (!unit) continue;
        bySpeaker.set(unit.speaker, (bySpeaker.get(unit.speaker) ?? 0) + 1);
        for (const key of positionsTaken(unit, question)) byPosition.set(key, (byPosition.get(key) ?? 0) + 1);
      }
      const label = index.unitById.get(kp.labelUnit);
      return {
        rank,
        position: kp.position,
        ...positionLabels(kp.position),
        label: label?.text.trim() ?? '',
        labelUnit: { id: kp.labelUnit, speaker: label?.speaker ?? '', speakerName: speakerName(index, label?.speaker ?? ''), url: unitUrl(kp.labelUnit) },
        count: kp.units.length,
        share: total === 0 ? 0 : kp.units.length / total,
        bySpeaker: [...bySpeaker]
          .map(([speaker, count]) => ({ speaker, name: speakerName(index, speaker), count }))
          .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        byPosition: [...byPosition].map(([position, count]) => ({ position, count })),
        units: pageItems(kp.units, paging).map(ref),
        unitsPage: unitsPage(paging, kp.units.length),
      };
    })
    .filter((kp): kp is KeyPointView => kp !== null);
  const other = point !== undefined && point !== 0 ? [] : clusters.other.map((o) => ({
    position: o.position,
    positionLabel: positionLabels(o.position).positionLabel,
    count: o.units.length,
    units: pageItems(o.units, paging).map(ref),
    unitsPage: unitsPage(paging, o.units.length),
  }));
  return {
    question: { id: question.id, title: question.title, titleEn: question.titleEn },
    units: total,
    covered: clusters.keyPoints.reduce((n, kp) => n + kp.units.length, 0),
    keyPoints: point === 0 ? [] : keyPoints,
    other,
    method: { description: KEY_POINT_METHOD, threshold: KEY_POINT_SETTINGS.threshold, minSize: KEY_POINT_SETTINGS.minSize, maxKeyPoints: KEY_POINT_SETTINGS.maxKeyPoints },
  };
}

function keyPointUnit(index: CorpusIndex, question: Question, id: string): KeyPointUnit {
  const unit = index.unitById.get(id);
  return {
    id,
    speaker: unit?.speaker ?? '',
    speakerName: speakerName(index, unit?.speaker ?? ''),
    debate: unit?.debate ?? '',
    position: unit ? groupedPosition(unit, question) : null,
    excerpt: excerpt(unit?.text ?? ''),
    url: unitUrl(id),
  };
}

function speakerName(index: CorpusIndex, id: string): string {
  return index.speakerById.get(id)?.name ?? id;
}
