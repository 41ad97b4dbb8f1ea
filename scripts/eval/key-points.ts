// The "key points" part of `npm run eval` (issue 23): the key points of each ArgKP topic, computed
// by the site's own clustering (server/analysis/key-points.ts) over the arguments imported WITHOUT
// the key-point files, scored against the dataset's labels (labels_dev.csv, match = 1): for each
// gold key point with at least MIN_GOLD arguments, the F1 of the predicted group that matches it
// best, averaged over those key points. Beside it two baselines, so that the figure means something:
// one group per position, and groups by each unit's most widely shared stem.

import { keyPoints, stemCounts, type KeyPointInput } from '../../server/analysis/key-points.ts';
import type { CorpusIndex } from '../../server/corpus/model.ts';
import { keyPointInputs } from '../../server/services/key-points-service.ts';
import { ARGKP_DIR, readArgKp } from './collections.ts';

/** Gold key points with fewer arguments are left out of the mean (the rule). */
export const MIN_GOLD = 3;

export interface GoldKeyPoint {
  id: string;
  text: string;
  /** The question (topic) it belongs to. */
  question: string;
  units: ReadonlySet<string>;
}

export interface KeyPointCollection {
  corpus: CorpusIndex;
  gold: GoldKeyPoint[];
}

export async function loadArgKpKeyPoints(dir: string = ARGKP_DIR): Promise<KeyPointCollection> {
  const { index: corpus, keyPoints: rows, argsByKeyPoint } = await readArgKp(dir);
  const gold: GoldKeyPoint[] = [];
  for (const kp of rows) {
    const args = argsByKeyPoint.get(kp.key_point_id ?? '');
    const first = args ? corpus.unitById.get(args[0] as string) : undefined;
    if (!args || !first?.question) continue;
    gold.push({ id: kp.key_point_id as string, text: kp.key_point ?? '', question: first.question, units: new Set(args) });
  }
  return { corpus, gold };
}

/** Groups of unit ids per question: what a method predicts. */
export type Prediction = Map<string, string[][]>;
export type Method = (inputs: readonly KeyPointInput[]) => string[][];

export const METHODS: readonly { name: string; predict: Method }[] = [
  { name: 'key points (server/analysis/key-points.ts)', predict: (inputs) => keyPoints(inputs).keyPoints.map((kp) => kp.units) },
  { name: 'baseline: one group per position', predict: onePerPosition },
  { name: 'baseline: most widely shared stem', predict: bySharedStem },
];

function onePerPosition(inputs: readonly KeyPointInput[]): string[][] {
  const groups = new Map<string | null, string[]>();
  for (const unit of inputs) groups.set(unit.position, [...(groups.get(unit.position) ?? []), unit.id]);
  return [...groups.values()];
}

/** Each unit under the stem of its text that the most units of its position share. */
function bySharedStem(inputs: readonly KeyPointInput[]): string[][] {
  const stems = inputs.map((u) => [...stemCounts(u.text, u.language).keys()]);
  const df = new Map<string, number>();
  inputs.forEach((u, i) => {
    for (const s of stems[i] ?? []) df.set(`${u.position}\u0000${s}`, (df.get(`${u.position}\u0000${s}`) ?? 0) + 1);
  });
  const groups = new Map<string, string[]>();
  inputs.forEach((u, i) => {
    let best: string | null = null;
    let bestDf = 0;
    for (const s of [...(stems[i] ?? [])].sort()) {
      const d = df.get(`${u.position}\u0000${s}`) ?? 0;
      if (d > bestDf) [best, bestDf] = [s, d];
    }
    if (best === null) return;
    const key = `${u.position}\u0000${best}`;
    groups.set(key, [...(groups.get(key) ?? []), u.id]);
  });
  return [...groups.values()];
}

function f1(gold: ReadonlySet<string>, predicted: readonly string[]): number {
  let both = 0;
  for (const id of predicted) if (gold.has(id)) both++;
  if (both === 0) return 0;
  const precision = both / predicted.length;
  const recall = both / gold.size;
  return (2 * precision * recall) / (precision + recall);
}

export interface KeyPointScore {
  method: string;
  /** Mean over the gold key points with at least MIN_GOLD arguments. */
  meanF1: number;
  goldKeyPoints: number;
  /** Groups the method made, over every question. */
  groups: number;
  /** Share of the arguments put in some group. */
  coverage: number;
  perKeyPoint: Record<string, number>;
}

export function scoreKeyPoints(collection: KeyPointCollection): KeyPointScore[] {
  const { corpus, gold } = collection;
  const scored = gold.filter((g) => g.units.size >= MIN_GOLD);
  const inputs = new Map(corpus.corpus.questions.map((q) => [q.id, keyPointInputs(corpus, q)]));
  const allUnits = [...inputs.values()].reduce((n, list) => n + list.length, 0);
  return METHODS.map(({ name, predict }) => {
    const predicted = new Map([...inputs].map(([q, list]) => [q, predict(list)]));
    const perKeyPoint: Record<string, number> = {};
    for (const g of scored) perKeyPoint[g.id] = Math.max(0, ...(predicted.get(g.question) ?? []).map((group) => f1(g.units, group)));
    const values = Object.values(perKeyPoint);
    const groups = [...predicted.values()].flat();
    return {
      method: name,
      meanF1: values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length,
      goldKeyPoints: scored.length,
      groups: groups.length,
      coverage: allUnits === 0 ? 0 : new Set(groups.flat()).size / allUnits,
      perKeyPoint,
    };
  });
}
