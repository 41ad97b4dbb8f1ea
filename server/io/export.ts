// Exports the corpus, or the part of it a filter selects, as CSV (one row per unit), JSON (the
// model's own shape) or AIF JSON (an argument map other tools such as OVA and AIFdb read).
// The same functions serve `npm run export` and the site's downloads.

import { stringify } from 'csv-stringify/sync';
import { neutralizeFormula } from '../csv.ts';
import { formatCode, unitCodes, type Corpus, type Debate, type Question, type Speaker, type Unit } from '../corpus/model.ts';
import type { AifDocument, AifEdge, AifLocution, AifNode, AifParticipant } from './aif-import.ts';

/** Several values of one field are OR-ed, different fields AND-ed; an absent or empty list filters nothing. */
export interface ExportFilter {
  speaker?: readonly string[];
  question?: readonly string[];
  /** A position id ("non", any question) or a position key qualified by its question ("stagiaire:non"). */
  position?: readonly string[];
  debate?: readonly string[];
  /** Unit ids, e.g. the hits of a search; the export keeps their order. */
  units?: readonly string[];
}

/** A unit as exported: the model's unit without where it is written on disk. */
export type ExportedUnit = Omit<Unit, 'origin'>;

export interface CorpusExport {
  units: ExportedUnit[];
  speakers: Speaker[];
  questions: Question[];
  debates: Debate[];
}

/** The selected units with the speakers, questions and debates they refer to; everything when unfiltered. */
export function selectCorpus(corpus: Corpus, filter: ExportFilter = {}, unitById?: ReadonlyMap<string, Unit>): CorpusExport {
  // Sets, because a search export can name thousands of units in a corpus of many more.
  const asSet = (list: readonly string[] | undefined): Set<string> | undefined => (list && list.length > 0 ? new Set(list) : undefined);
  const [speakers, questions, debates, unitIds] = [asSet(filter.speaker), asSet(filter.question), asSet(filter.debate), asSet(filter.units)];
  const positions = filter.position && filter.position.length > 0 ? filter.position : undefined;
  const filtered = Boolean(speakers || questions || debates || unitIds || positions);
  // Named units only, with the corpus's index at hand (a download from the site): look them up
  // in their order rather than read the whole corpus (100,000 units) and sort the selection.
  const byLookup = unitIds && unitById && !speakers && !questions && !debates && !positions;
  const units = byLookup ? [...unitIds].flatMap((id) => unitById.get(id) ?? []) : selectUnits();
  if (!byLookup && filter.units && unitIds) {
    // Named units (a search's hits) keep the order they were named in: the ranking.
    const rank = new Map(filter.units.map((id, i) => [id, i]));
    units.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
  }
  const exported = units.map(withoutOrigin);
  if (!filtered) return { units: exported, speakers: corpus.speakers, questions: corpus.questions, debates: corpus.debates };
  const speakerIds = new Set(units.map((u) => u.speaker));
  const questionIds = new Set(units.flatMap((u) => unitCodes(u).map((c) => c.question)));
  const debateSlugs = new Set(units.map((u) => u.debate));
  return {
    units: exported,
    speakers: corpus.speakers.filter((s) => speakerIds.has(s.id)),
    questions: corpus.questions.filter((q) => questionIds.has(q.id)),
    debates: corpus.debates.filter((d) => debateSlugs.has(d.slug)),
  };

  function selectUnits(): Unit[] {
    return corpus.units.filter((unit) => {
      if (speakers && !speakers.has(unit.speaker)) return false;
      if (questions && !unitCodes(unit).some((c) => questions.has(c.question))) return false;
      if (positions && !positions.some((p) => positionMatches(unit, p))) return false;
      if (debates && !debates.has(unit.debate)) return false;
      if (unitIds && !unitIds.has(unit.id)) return false;
      return true;
    });
  }
}

/** Whether any code of the unit takes this position. */
function positionMatches(unit: Unit, wanted: string): boolean {
  const at = wanted.indexOf(':');
  return unitCodes(unit).some((c) => {
    if (c.position === undefined) return false;
    if (at < 0) return c.position === wanted;
    return c.question === wanted.slice(0, at) && c.position === wanted.slice(at + 1);
  });
}

function withoutOrigin(unit: Unit): ExportedUnit {
  const { origin: _origin, ...rest } = unit;
  return { ...rest, relations: rest.relations.map((r) => ({ ...r })) };
}

/** `{ units, speakers, questions, debates }`, ready for JSON.stringify. */
export function exportJson(corpus: Corpus, filter: ExportFilter = {}): CorpusExport {
  return selectCorpus(corpus, filter);
}

export const CSV_EXPORT_COLUMNS = [
  'id',
  'debate',
  'order',
  'speaker',
  'speaker_name',
  'kind',
  'question',
  'question_title',
  'position',
  'position_label',
  'codes',
  'timecode',
  'reply_to',
  'continues',
  'signed_as',
  'supports',
  'attacks',
  'text',
] as const;

/**
 * The columns of the site's search download (`/api/search?format=csv`): one row per hit, the first
 * code in question and position, every code in `codes`. Here rather than in the export service
 * that writes the rows because the CSV importer (csv-import.ts) recognises the file by them.
 */
export const UNIT_CSV_HEADER = ['id', 'debate', 'speaker', 'speakerName', 'question', 'position', 'positionLabel', 'kind', 'text', 'url', 'codes'] as const;

/** The columns of the comparison download (`/api/compare?format=csv`), which the importer recognises too. */
export const COMPARE_CSV_HEADER = ['speaker', 'speakerName', 'position', 'positionLabel', 'id', 'debate', 'question', 'kind', 'text', 'url'] as const;

export interface CsvExportOptions {
  /** Prefix a UTF-8 byte order mark, for spreadsheets that otherwise read UTF-8 as Latin-1. */
  bom?: boolean;
  /**
   * Neutralise cells a spreadsheet would run as a formula (a leading apostrophe before = + - @);
   * on by default. `npm run import` removes that apostrophe again, so the file still round-trips.
   */
  neutralizeFormulas?: boolean;
}

/**
 * One row per unit, RFC 4180 quoting; `id`, `text`, `question`, `position`, `codes` and `speaker`
 * read back with `npm run import`.
 */
export function exportCsv(corpus: Corpus, filter: ExportFilter = {}, options: CsvExportOptions = {}): string {
  const { rows } = exportCsvRows(corpus, filter, options);
  const csv = stringify([[...CSV_EXPORT_COLUMNS], ...rows], { record_delimiter: 'unix' });
  return options.bom ? `\uFEFF${csv}` : csv;
}

/**
 * The rows of exportCsv (without the header), made one at a time, so that a command can write
 * them as a stream and stop at a limit; `total` is how many units the filter selects.
 */
export function exportCsvRows(corpus: Corpus, filter: ExportFilter = {}, options: CsvExportOptions = {}): { total: number; rows: Generator<string[]> } {
  const selection = selectCorpus(corpus, filter);
  const speakerName = new Map(corpus.speakers.map((s) => [s.id, s.name]));
  const questionById = new Map(corpus.questions.map((q) => [q.id, q]));
  const row = (unit: Unit): string[] => {
    const question = unit.question ? questionById.get(unit.question) : undefined;
    const position = question?.positions.find((p) => p.id === unit.position);
    const targets = (type: string): string =>
      unit.relations
        .filter((r) => r.type === type)
        .map((r) => r.target)
        .join(' ');
    const cells = [
      unit.id,
      unit.debate,
      String(unit.order),
      unit.speaker,
      speakerName.get(unit.speaker) ?? unit.speaker,
      unit.kind,
      unit.question ?? '',
      question?.title ?? '',
      unit.position ?? '',
      position?.label ?? '',
      // Every code, the first included: `question` and `position` above are the first one.
      unitCodes(unit).map(formatCode).join('; '),
      unit.timecode ?? '',
      unit.replyTo ?? '',
      unit.continues ?? '',
      unit.signedAs ?? '',
      targets('supports'),
      targets('attacks'),
      unit.text,
    ];
    return options.neutralizeFormulas === false ? cells : cells.map(neutralizeFormula);
  };
  function* rows(): Generator<string[]> {
    for (const unit of selection.units) yield row(unit);
  }
  return { total: selection.units.length, rows: rows() };
}

/**
 * An AIF map of the selection: per unit an L node (its locution, "Name: text", with the speaker in
 * `locutions` and `participants`), an I node (its content) and the YA node between them; an RA
 * node per `supports`, a CA node per `attacks` (between I nodes), a TA node per `reply-to`
 * (between L nodes). L node ids are the unit ids, so an import with an empty id prefix keeps them.
 * Relations to units outside the selection are left out: an AIF map has no dangling edges.
 */
export function exportAif(corpus: Corpus, filter: ExportFilter = {}, unitById?: ReadonlyMap<string, Unit>): AifDocument {
  const selection = selectCorpus(corpus, filter, unitById);
  const speakerById = new Map(corpus.speakers.map((s) => [s.id, s]));
  const inSelection = new Set(selection.units.map((u) => u.id));
  const nodes: AifNode[] = [];
  const edges: AifEdge[] = [];
  const locutions: AifLocution[] = [];
  const participants: AifParticipant[] = [];
  const participantOf = new Map<string, string>();
  const edge = (fromID: string, toID: string): void => {
    edges.push({ edgeID: String(edges.length + 1), fromID, toID });
  };
  const iNode = (unitId: string): string => `i.${unitId}`;

  for (const unit of selection.units) {
    const speaker = speakerById.get(unit.speaker);
    const name = speaker?.name ?? unit.speaker;
    let personID = participantOf.get(unit.speaker);
    if (personID === undefined) {
      personID = String(participants.length + 1);
      participantOf.set(unit.speaker, personID);
      const [firstname = '', ...rest] = name.split(/\s+/);
      participants.push({ participantID: personID, firstname, surname: rest.join(' ') });
    }
    nodes.push({ nodeID: unit.id, text: `${name}: ${unit.text}`, type: 'L', ...(unit.timecode ? { timestamp: unit.timecode } : {}) });
    nodes.push({ nodeID: iNode(unit.id), text: unit.text, type: 'I' });
    nodes.push({ nodeID: `ya.${unit.id}`, text: 'Asserting', type: 'YA' });
    edge(unit.id, `ya.${unit.id}`);
    edge(`ya.${unit.id}`, iNode(unit.id));
    locutions.push({ nodeID: unit.id, personID, ...(unit.timecode ? { start: unit.timecode } : {}) });
  }
  for (const unit of selection.units) {
    for (const [n, relation] of unit.relations.entries()) {
      if (!inSelection.has(relation.target)) continue;
      const [type, text] = relation.type === 'supports' ? (['RA', 'Default Inference'] as const) : (['CA', 'Default Conflict'] as const);
      const id = `${type.toLowerCase()}.${unit.id}.${n + 1}`;
      nodes.push({ nodeID: id, text, type });
      edge(iNode(unit.id), id);
      edge(id, iNode(relation.target));
    }
    if (unit.replyTo && inSelection.has(unit.replyTo)) {
      const id = `ta.${unit.id}`;
      nodes.push({ nodeID: id, text: 'Default Transition', type: 'TA' });
      edge(unit.replyTo, id);
      edge(id, unit.id);
    }
  }
  return { nodes, edges, locutions, participants };
}
