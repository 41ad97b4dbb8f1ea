// Key points of a question (issue 23): the question's units grouped, position by position, into the
// few points they come down to. Computed from the corpus alone (the units' text, folded and stemmed
// as the embedded engine does), so that both engines serve the same key points.
//
// The method, deterministic from start to end (ties broken by unit order):
// 1. each unit becomes a TF-IDF vector over its stems (stop words dropped), IDF taken over the
//    whole question, so that the words of its topic, used on every side ("school", "uniform"),
//    weigh little (measured with step 2's 25 %: 0.442 against 0.412 with an IDF within each
//    position, docs/relevance.md);
// 2. every pair of units sharing a stem gets its cosine (through an inverted index, the stems in
//    more than maxDocumentShare of the position's units left out: they carry little weight and
//    would cost n² at scale);
// 3. seeds: the unit with the most similar neighbours (sum of cosines ≥ threshold) opens a group
//    with its neighbours not yet taken, and so on down the list;
// 4. refinement: each unit moves to the group whose centroid it is closest to (or to "other" below
//    the threshold), twice; groups smaller than MIN_SIZE dissolve into "other";
// 5. at most MAX_KEY_POINTS groups a question, the largest; the label of a group is one of its
//    units, quoted as written: the one closest to the centroid, favouring short ones ("the unit that
//    states it most concisely").
//
// The work is written as a generator that yields now and then, so that the site can run it in
// slices that give the event loop back (runSliced), and scripts and tests in one go (runAll).

import { setImmediate as nextTurn } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { stem, type StemLanguage } from '../search/stemming.ts';
import { FOLDED_STOP_WORDS } from '../search/query-words.ts';
import { foldText, scanWords } from '../search/text.ts';
import { numbering } from '../numbering.ts';

export interface KeyPointSettings {
  /** Cosine above which two units (or a unit and a group's centroid) say the same thing. */
  threshold: number;
  /** Cosine to a centroid under which a unit goes to "other" during refinement. */
  centroidThreshold: number;
  /** Smallest group kept as a key point. */
  minSize: number;
  /** Key points of one question, at most. */
  maxKeyPoints: number;
  /** Stems in more than this share of a position's units are left out of the pair search. */
  maxDocumentShare: number;
  /** Refinement passes. */
  passes: number;
  /** Groups whose centroids are closer than this are merged (centroid linkage), before each pass. */
  mergeThreshold: number;
}

export const KEY_POINT_SETTINGS: Readonly<KeyPointSettings> = Object.freeze({
  threshold: 0.2,
  centroidThreshold: 0.1,
  minSize: 3,
  maxKeyPoints: 30,
  // 0.4: the best of a sweep (0.15–0.6) once the IDF is the question's (docs/relevance.md).
  maxDocumentShare: 0.4,
  passes: 2,
  mergeThreshold: 0.4,
});

/** What the clustering needs of a unit. */
export interface KeyPointInput {
  id: string;
  /** The position key the unit is grouped under (null: units without a position). */
  position: string | null;
  text: string;
  language: StemLanguage;
}

export interface KeyPointGroup {
  position: string | null;
  /** Id of the unit quoted as the label. */
  labelUnit: string;
  /** Unit ids, the most central first. */
  units: string[];
}

export interface KeyPointClusters {
  /** The largest first (ties: label unit order). */
  keyPoints: KeyPointGroup[];
  /** Units under no key point, by position, in input order. */
  other: { position: string | null; units: string[] }[];
}

/** The stems a text's content words reduce to, with their counts. */
export function stemCounts(text: string, language: StemLanguage): Map<string, number> {
  const counts = new Map<string, number>();
  scanWords(text, (start, end) => {
    const folded = foldText(text.slice(start, end));
    if (folded.length < 2 || FOLDED_STOP_WORDS.has(folded) || /^\d+$/.test(folded)) return;
    const s = stem(folded, language);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  });
  return counts;
}

/** Word count of a text, for the conciseness of a label. */
function wordCount(text: string): number {
  let n = 0;
  scanWords(text, () => n++);
  return n;
}

interface Vector {
  terms: Int32Array;
  weights: Float64Array;
}

/** A work step: yields between slices of work; the runner decides whether to pause there. */
type Work<T> = Generator<void, T, void>;

/** Runs the work in one go (scripts, tests). */
export function runAll<T>(work: Work<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** Runs the work in slices of at most about `sliceMs`, giving the event loop a turn between them. */
export async function runSliced<T>(work: Work<T>, sliceMs = 10): Promise<T> {
  let started = performance.now();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (performance.now() - started >= sliceMs) {
      await nextTurn();
      started = performance.now();
    }
  }
}

/** The key points of one question's units (each unit listed once, under its own position). */
export function* keyPointWork(units: readonly KeyPointInput[], settings: Readonly<KeyPointSettings> = KEY_POINT_SETTINGS): Work<KeyPointClusters> {
  const byPosition = new Map<string | null, KeyPointInput[]>();
  for (const unit of units) {
    const list = byPosition.get(unit.position);
    if (list) list.push(unit);
    else byPosition.set(unit.position, [unit]);
  }
  // Each unit's stems once, and how many of the question's units hold each stem (for its IDF).
  const stemsOf = new Map<KeyPointInput, Map<string, number>>();
  const questionDf = new Map<string, number>();
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as KeyPointInput;
    const stems = stemCounts(unit.text, unit.language);
    stemsOf.set(unit, stems);
    for (const s of stems.keys()) questionDf.set(s, (questionDf.get(s) ?? 0) + 1);
    // Stemming is the costliest work per unit (a cold stemmer: about 0.6 ms a unit): short steps.
    if (i % 50 === 49) yield;
  }
  const weigh: StemWeights = { stemsOf, idf: (s) => Math.log((units.length + 1) / ((questionDf.get(s) ?? 0) + 0.5)) };
  const groups: (KeyPointGroup & { order: number })[] = [];
  const other = new Map<string | null, Set<string>>();
  for (const [position, members] of byPosition) {
    const found = yield* clusterPosition(members, settings, weigh);
    for (const g of found) groups.push({ position, labelUnit: g.label, units: g.units, order: g.order });
    const taken = new Set(found.flatMap((g) => g.units));
    other.set(position, new Set(members.filter((m) => !taken.has(m.id)).map((m) => m.id)));
  }
  groups.sort((a, b) => b.units.length - a.units.length || a.order - b.order);
  const kept = groups.slice(0, settings.maxKeyPoints);
  for (const dropped of groups.slice(settings.maxKeyPoints)) for (const id of dropped.units) other.get(dropped.position)?.add(id);
  const inputOrder = new Map(units.map((u, i) => [u.id, i]));
  return {
    keyPoints: kept.map(({ position, labelUnit, units: ids }) => ({ position, labelUnit, units: ids })),
    other: [...byPosition.keys()]
      .map((position) => ({ position, units: [...(other.get(position) ?? [])].sort((a, b) => (inputOrder.get(a) ?? 0) - (inputOrder.get(b) ?? 0)) }))
      .filter((o) => o.units.length > 0),
  };
}

/** The key points of a question, in one go. */
export function keyPoints(units: readonly KeyPointInput[], settings: Readonly<KeyPointSettings> = KEY_POINT_SETTINGS): KeyPointClusters {
  return runAll(keyPointWork(units, settings));
}

/** What the vectors are made of: each unit's stems with their counts, and a stem's IDF over the question. */
interface StemWeights {
  stemsOf: ReadonlyMap<KeyPointInput, ReadonlyMap<string, number>>;
  idf(stem: string): number;
}

function* clusterPosition(members: readonly KeyPointInput[], settings: Readonly<KeyPointSettings>, weigh: StemWeights): Work<{ label: string; units: string[]; order: number }[]> {
  const n = members.length;
  if (n < settings.minSize) return [];
  // 1. TF-IDF vectors, the IDF over the question.
  // Each stem of the position numbered (a term id) in the order first met.
  const termStems: string[] = [];
  const termId = numbering(termStems);
  const counts: Map<number, number>[] = [];
  const words: number[] = [];
  for (let i = 0; i < n; i++) {
    const unit = members[i] as KeyPointInput;
    const byTerm = new Map<number, number>();
    for (const [s, c] of weigh.stemsOf.get(unit) as ReadonlyMap<string, number>) byTerm.set(termId(s), c);
    counts.push(byTerm);
    words.push(wordCount(unit.text));
    if (i % 500 === 499) yield;
  }
  const df = new Int32Array(termStems.length);
  for (const c of counts) for (const t of c.keys()) df[t] = (df[t] ?? 0) + 1;
  const idf = Float64Array.from(termStems, (s) => weigh.idf(s));
  const vectors: Vector[] = counts.map((c) => {
    const terms = Int32Array.from(c.keys()).sort();
    const weights = Float64Array.from(terms, (t) => (1 + Math.log(c.get(t) ?? 1)) * (idf[t] ?? 0));
    let norm = 0;
    for (const w of weights) norm += w * w;
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] ?? 0) / norm;
    return { terms, weights };
  });
  yield;

  // 2. Neighbours above the threshold, through postings of the stems shared by few enough units.
  const maxDf = Math.max(3, Math.floor(settings.maxDocumentShare * n));
  const postings: { unit: number; weight: number }[][] = Array.from({ length: termStems.length }, () => []);
  for (let i = 0; i < n; i++) {
    const v = vectors[i] as Vector;
    for (let k = 0; k < v.terms.length; k++) {
      const t = v.terms[k] as number;
      if ((df[t] ?? 0) > 1 && (df[t] ?? 0) <= maxDf) postings[t]?.push({ unit: i, weight: v.weights[k] as number });
    }
  }
  const neighbours: { unit: number; sim: number }[][] = Array.from({ length: n }, () => []);
  const density = new Float64Array(n);
  const scratch = new Float64Array(n);
  const touched: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = vectors[i] as Vector;
    for (let k = 0; k < v.terms.length; k++) {
      const list = postings[v.terms[k] as number] ?? [];
      const w = v.weights[k] as number;
      for (const p of list) {
        if (p.unit <= i) continue;
        if (scratch[p.unit] === 0) touched.push(p.unit);
        scratch[p.unit] = (scratch[p.unit] ?? 0) + w * p.weight;
      }
    }
    for (const j of touched) {
      const sim = scratch[j] ?? 0;
      scratch[j] = 0;
      if (sim >= settings.threshold) {
        neighbours[i]?.push({ unit: j, sim });
        neighbours[j]?.push({ unit: i, sim });
        density[i] = (density[i] ?? 0) + sim;
        density[j] = (density[j] ?? 0) + sim;
      }
    }
    touched.length = 0;
    if (i % 200 === 199) yield;
  }

  // 3. Seeds, the densest first.
  const byDensity = Array.from({ length: n }, (_, i) => i).sort((a, b) => (density[b] ?? 0) - (density[a] ?? 0) || a - b);
  const groupOf = new Int32Array(n).fill(-1);
  let groupCount = 0;
  for (const i of byDensity) {
    if (groupOf[i] !== -1) continue;
    const free = (neighbours[i] ?? []).filter((nb) => groupOf[nb.unit] === -1);
    if (free.length + 1 < settings.minSize) continue;
    groupOf[i] = groupCount;
    for (const nb of free) groupOf[nb.unit] = groupCount;
    groupCount++;
  }
  yield;

  // 4. Refinement: every unit to its closest centroid, or to "other".
  let centroids = centroidsOf(vectors, groupOf, groupCount);
  for (let pass = 0; pass < settings.passes; pass++) {
    const merged = yield* mergeGroups(groupOf, centroids, settings.mergeThreshold);
    groupCount = merged;
    centroids = centroidsOf(vectors, groupOf, groupCount);
    const centroidPostings = new Map<number, { group: number; weight: number }[]>();
    centroids.forEach((c, g) => {
      for (const [t, w] of c) {
        const list = centroidPostings.get(t);
        if (list) list.push({ group: g, weight: w });
        else centroidPostings.set(t, [{ group: g, weight: w }]);
      }
    });
    const score = new Float64Array(centroids.length);
    for (let i = 0; i < n; i++) {
      score.fill(0);
      const v = vectors[i] as Vector;
      for (let k = 0; k < v.terms.length; k++) for (const p of centroidPostings.get(v.terms[k] as number) ?? []) score[p.group] = (score[p.group] ?? 0) + (v.weights[k] as number) * p.weight;
      let best = -1;
      let bestScore = settings.centroidThreshold;
      for (let g = 0; g < score.length; g++) if ((score[g] ?? 0) > bestScore) [best, bestScore] = [g, score[g] ?? 0];
      groupOf[i] = best;
      if (i % 500 === 499) yield;
    }
    // Dissolve groups too small, renumber the others.
    const sizes = new Int32Array(centroids.length);
    for (const g of groupOf) if (g >= 0) sizes[g] = (sizes[g] ?? 0) + 1;
    const renumber = new Int32Array(centroids.length).fill(-1);
    let next = 0;
    for (let g = 0; g < sizes.length; g++) if ((sizes[g] ?? 0) >= settings.minSize) renumber[g] = next++;
    for (let i = 0; i < n; i++) groupOf[i] = (groupOf[i] ?? -1) >= 0 ? (renumber[groupOf[i] as number] ?? -1) : -1;
    groupCount = next;
    centroids = centroidsOf(vectors, groupOf, groupCount);
    yield;
  }

  // 5. Members by closeness to their centroid; the label the closest, short ones favoured.
  const result: { label: string; units: string[]; order: number }[] = [];
  for (let g = 0; g < groupCount; g++) {
    const centroid = centroids[g] as Map<number, number>;
    const scored: { i: number; sim: number; label: number }[] = [];
    for (let i = 0; i < n; i++) {
      if (groupOf[i] !== g) continue;
      const v = vectors[i] as Vector;
      let sim = 0;
      for (let k = 0; k < v.terms.length; k++) sim += (v.weights[k] as number) * (centroid.get(v.terms[k] as number) ?? 0);
      scored.push({ i, sim, label: sim * conciseness(words[i] ?? 0) });
    }
    scored.sort((a, b) => b.sim - a.sim || a.i - b.i);
    const label = [...scored].sort((a, b) => b.label - a.label || a.i - b.i)[0];
    if (!label) continue;
    result.push({ label: (members[label.i] as KeyPointInput).id, units: scored.map((s) => (members[s.i] as KeyPointInput).id), order: label.i });
  }
  return result;
}

/** 1 up to 20 words, then less and less: a label should be read at a glance. */
function conciseness(words: number): number {
  return words <= 20 ? 1 : Math.sqrt(20 / words);
}

function centroidsOf(vectors: readonly Vector[], groupOf: Int32Array, groupCount: number): Map<number, number>[] {
  const sums = Array.from({ length: groupCount }, () => new Map<number, number>());
  groupOf.forEach((g, i) => {
    if (g < 0) return;
    const sum = sums[g] as Map<number, number>;
    const v = vectors[i] as Vector;
    for (let k = 0; k < v.terms.length; k++) sum.set(v.terms[k] as number, (sum.get(v.terms[k] as number) ?? 0) + (v.weights[k] as number));
  });
  return sums.map((sum) => {
    let norm = 0;
    for (const w of sum.values()) norm += w * w;
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of sum) sum.set(t, w / norm);
    return sum;
  });
}

/**
 * Merges, again and again, the two groups whose centroids are the closest while above `threshold`
 * (sizes weigh the merged centroid). Renumbers groupOf; returns the number of groups left.
 */
function* mergeGroups(groupOf: Int32Array, centroids: Map<number, number>[], threshold: number): Work<number> {
  const k = centroids.length;
  if (k < 2) return k;
  const sizes = new Float64Array(k);
  for (const g of groupOf) if (g >= 0) sizes[g] = (sizes[g] ?? 0) + 1;
  // Sums (not normalised) so that a merge is an addition.
  const sums = centroids.map((c, g) => new Map([...c].map(([t, w]) => [t, w * (sizes[g] ?? 1)])));
  const alive = new Uint8Array(k).fill(1);
  const parent = Int32Array.from({ length: k }, (_, g) => g);
  const norm = (m: Map<number, number>): number => Math.sqrt([...m.values()].reduce((a, w) => a + w * w, 0)) || 1;
  // Each group's norm once, and again only for the group a merge changes.
  const norms = Float64Array.from(sums, norm);
  const cos = (a: number, b: number): number => {
    const [x, y] = [sums[a] as Map<number, number>, sums[b] as Map<number, number>];
    const [small, large] = x.size < y.size ? [x, y] : [y, x];
    let dot = 0;
    for (const [t, w] of small) dot += w * (large.get(t) ?? 0);
    return dot / ((norms[a] as number) * (norms[b] as number));
  };
  for (;;) {
    let best = threshold;
    let pair: [number, number] | null = null;
    for (let a = 0; a < k; a++) {
      if (!alive[a]) continue;
      for (let b = a + 1; b < k; b++) {
        if (!alive[b]) continue;
        const sim = cos(a, b);
        if (sim > best) [best, pair] = [sim, [a, b]];
      }
      yield;
    }
    if (!pair) break;
    const [a, b] = pair;
    const into = sums[a] as Map<number, number>;
    for (const [t, w] of sums[b] as Map<number, number>) into.set(t, (into.get(t) ?? 0) + w);
    norms[a] = norm(into);
    alive[b] = 0;
    parent[b] = a;
  }
  const root = (g: number): number => {
    while (parent[g] !== g) g = parent[g] as number;
    return g;
  };
  const renumber = new Int32Array(k).fill(-1);
  let next = 0;
  for (let g = 0; g < k; g++) if (alive[g]) renumber[g] = next++;
  for (let i = 0; i < groupOf.length; i++) if ((groupOf[i] ?? -1) >= 0) groupOf[i] = renumber[root(groupOf[i] as number)] ?? -1;
  return next;
}
