// The two test collections of `npm run eval`:
// - ArgKP (IBM Debater, development split): the arguments imported through the project's own CSV
//   import WITHOUT the key-point files, so no key point's text reaches a unit's position label;
//   each key point is a query, the arguments labelled 1 against it are relevant (grade 1). For
//   "similar arguments", each argument matched to a key point is a query and the other arguments
//   matched to any of its key points are relevant.
// - The seed debate with hand-made graded French judgments (data/eval/seed-judgments.yaml).

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import YAML from 'yaml';
import { z } from 'zod';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { emptyCorpus, indexCorpus, type CorpusIndex } from '../../server/corpus/model.ts';
import { toSearchDocuments } from '../../server/search/documents.ts';
import type { SearchDocument } from '../../server/search/engine.ts';
import { importCsv } from '../../server/io/csv-import.ts';
import type { Judgments } from './metrics.ts';

export interface EvalQuery {
  id: string;
  text: string;
  /** 'keywords' or 'question' for the French judgments; 'key-point' for ArgKP. */
  kind: string;
  judgments: Judgments;
}

export interface SimilarQuery {
  unitId: string;
  judgments: Judgments;
}

export interface Collection {
  name: string;
  documents: SearchDocument[];
  queries: EvalQuery[];
  /** Absent when the collection has no judgments of similar units. */
  similar?: SimilarQuery[];
}

export const ARGKP_DIR = path.resolve(import.meta.dirname, '../../../shared/datasets/ibm-argkp-dev');
export const SEED_DATA_DIR = path.resolve(import.meta.dirname, '../../data');
export const SEED_JUDGMENTS = path.resolve(import.meta.dirname, '../../data/eval/seed-judgments.yaml');

function readRecords(text: string): Record<string, string>[] {
  return parseCsv(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** The ArgKP arguments as imported (without the key-point files), its key points, and which arguments each matches. */
export interface ArgKpData {
  index: CorpusIndex;
  /** The rows of key_points_dev.csv. */
  keyPoints: Record<string, string>[];
  /** Key point id → the arguments labelled 1 against it, in the order of labels_dev.csv. */
  argsByKeyPoint: Map<string, string[]>;
  /** Argument id → the key points it is labelled 1 against. */
  keyPointsByArg: Map<string, string[]>;
}

const argKpReads = new Map<string, Promise<ArgKpData>>();

/** Reads and imports the ArgKP split once per folder: the search and the key-point evaluations share it. */
export function readArgKp(dir: string = ARGKP_DIR): Promise<ArgKpData> {
  let read = argKpReads.get(dir);
  if (!read) {
    read = importArgKp(dir);
    // A failure is not kept: the next call reads again.
    read.catch(() => argKpReads.delete(dir));
    argKpReads.set(dir, read);
  }
  return read;
}

async function importArgKp(dir: string): Promise<ArgKpData> {
  const argumentsFile = path.join(dir, 'arguments_dev.csv');
  const imported = importCsv(await readFile(argumentsFile, 'utf8'), { file: argumentsFile, slug: 'argkp-dev', date: '2020', language: 'en', idPrefix: '' }, emptyCorpus());
  const index = indexCorpus({ debates: [imported.debate], speakers: imported.speakers, questions: imported.questions, units: imported.units });
  const keyPoints = readRecords(await readFile(path.join(dir, 'key_points_dev.csv'), 'utf8'));
  const labels = readRecords(await readFile(path.join(dir, 'labels_dev.csv'), 'utf8'));
  const argsByKeyPoint = new Map<string, string[]>();
  const keyPointsByArg = new Map<string, string[]>();
  for (const { arg_id: arg, key_point_id: kp, label } of labels) {
    if (label !== '1' || !arg || !kp) continue;
    if (!index.unitById.has(arg)) throw new Error(`${dir}/labels_dev.csv: argument ${arg} is not among the imported units`);
    argsByKeyPoint.set(kp, [...(argsByKeyPoint.get(kp) ?? []), arg]);
    keyPointsByArg.set(arg, [...(keyPointsByArg.get(arg) ?? []), kp]);
  }
  return { index, keyPoints, argsByKeyPoint, keyPointsByArg };
}

export async function loadArgKp(dir: string = ARGKP_DIR): Promise<Collection> {
  const { index, keyPoints, argsByKeyPoint, keyPointsByArg } = await readArgKp(dir);
  const documents = toSearchDocuments(index);
  const queries: EvalQuery[] = keyPoints
    .filter((k) => (argsByKeyPoint.get(k.key_point_id ?? '') ?? []).length > 0)
    .map((k) => ({
      id: k.key_point_id as string,
      text: k.key_point as string,
      kind: 'key-point',
      judgments: new Map((argsByKeyPoint.get(k.key_point_id as string) ?? []).map((arg) => [arg, 1])),
    }));
  const similar: SimilarQuery[] = [];
  for (const [arg, kps] of keyPointsByArg) {
    const others = new Set(kps.flatMap((kp) => argsByKeyPoint.get(kp) ?? []));
    others.delete(arg);
    if (others.size > 0) similar.push({ unitId: arg, judgments: new Map([...others].map((id) => [id, 1])) });
  }
  return { name: 'ArgKP dev (key points as queries)', documents, queries, similar };
}

const JudgmentFile = z.object({
  queries: z
    .array(
      z.object({
        id: z.string().min(1),
        query: z.string().min(1),
        kind: z.enum(['keywords', 'question']),
        relevant: z.record(z.string(), z.union([z.literal(1), z.literal(2)])),
      }),
    )
    .min(1),
});

export async function loadSeedJudgments(dataDir: string = SEED_DATA_DIR, file: string = SEED_JUDGMENTS): Promise<Collection> {
  const { index } = await loadValidCorpus(dataDir);
  const documents = toSearchDocuments(index);
  const parsed = JudgmentFile.safeParse(YAML.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const known = new Set(documents.map((d) => d.id));
  const queries = parsed.data.queries.map((q): EvalQuery => {
    for (const id of Object.keys(q.relevant)) if (!known.has(id)) throw new Error(`${file}: query ${q.id} judges unknown unit ${id}`);
    return { id: q.id, text: q.query, kind: q.kind, judgments: new Map(Object.entries(q.relevant)) };
  });
  return { name: 'Seed debate, French judgments', documents, queries };
}
