// Imports an argument map in AIF JSON (the Argument Interchange Format as AIFdb and OVA write it:
// `nodes` with nodeID, text, type and timestamp; `edges` with fromID and toID; optionally
// `locutions` (nodeID, personID, start) and `participants` (participantID, firstname, surname);
// xAIF wraps the same tables in an `AIF` object) as one debate of the `argument-map` medium.
//
// - Each L node (a locution) becomes a unit of kind `turn`, in the order the nodes are written.
//   Its speaker comes from `locutions` + `participants`, else from the "Speaker: text" convention
//   of AIFdb transcripts; that prefix is taken off the unit's text.
// - YA nodes (illocutions) link an L node to the I node (proposition) it asserts. RA (inference)
//   and CA (conflict) nodes between I nodes become `supports` / `attacks` between the units that
//   assert them. TA nodes (transitions) between L nodes become `reply-to`.
// - I nodes that no L node asserts (a map without dialogue) become units of kind `argument`
//   spoken by the anonymous speaker.
// - A timestamp that is an offset ("01:23", "00:01:23", seconds) becomes the unit's timecode;
//   a date-time is a time of annotation, not of speech, and only gives the debate its date (none
//   when the map has no date-time and no --date is given).
// - Real maps are untidy: the import takes what it can use and reports the rest as warnings, and
//   one odd node never sinks the map. A node with no id or an unknown type, an edge or locution
//   naming no node, a repeated node id, or a node with no text is left out; an L node with no
//   speaker (no locution and no "Name: " prefix) is a turn of the anonymous speaker; an L node that
//   only analyses another locution (an analyst's "Anon: Speaker: text" copy, linked to it by a YA
//   node "Analysing", as in the QT30/DialAM maps) is left out, since nobody said it in the debate.
//   Only input that is not an AIF map at all, or holds nothing to import, is refused.

import type { Corpus, Debate, Unit, UnitRelation } from '../corpus/model.ts';
import { TIMECODE } from '../corpus/patterns.ts';
import { UNIT_ID, idPart, nameKey, stableHash } from './ids.ts';
import { ImportError, SpeakerResolver, importSummary, type ImportedDebate } from './imported.ts';

export const AIF_NODE_TYPES = ['I', 'L', 'RA', 'CA', 'MA', 'TA', 'YA', 'PA'] as const;
export type AifNodeType = (typeof AIF_NODE_TYPES)[number];

export interface AifNode {
  nodeID: string;
  text: string;
  type: AifNodeType;
  timestamp?: string;
}

export interface AifEdge {
  edgeID: string;
  fromID: string;
  toID: string;
}

export interface AifLocution {
  nodeID: string;
  personID: string;
  timestamp?: string;
  start?: string;
}

export interface AifParticipant {
  participantID: string;
  firstname: string;
  surname: string;
}

export interface AifDocument {
  nodes: AifNode[];
  edges: AifEdge[];
  locutions: AifLocution[];
  participants: AifParticipant[];
}

export interface AifImportOptions {
  /** Name used in messages. */
  file: string;
  slug: string;
  title?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD; else the day of the earliest date-time timestamp. */
  date?: string;
  language?: string;
  /** Prefix of unit ids; the slug by default; '' keeps node ids as they are. */
  idPrefix?: string;
  summary?: string;
  sourceUrl?: string;
  mediaUrl?: string;
  licence?: string;
  citation?: string;
}

/**
 * Reads AIF JSON into typed tables. A malformed node, edge or locution is left out and reported in
 * `warnings`; only a file that is not AIF JSON at all is refused.
 */
export function readAif(text: string, file: string, warnings: string[] = []): AifDocument {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportError([`${file}: not JSON: ${(error as Error).message}`]);
  }
  const root = isRecord(json) && isRecord(json.AIF) ? json.AIF : isRecord(json) && isRecord(json.aif) ? json.aif : json;
  if (!isRecord(root) || !Array.isArray(root.nodes) || !Array.isArray(root.edges)) {
    throw new ImportError([`${file}: not AIF JSON: expected an object with \`nodes\` and \`edges\` lists (or an \`AIF\` object holding them)`]);
  }
  const problems = warnings;
  const nodes: AifNode[] = [];
  root.nodes.forEach((raw, i) => {
    const id = isRecord(raw) ? idText(raw.nodeID) : undefined;
    if (!isRecord(raw) || id === undefined) return void problems.push(`${file}: nodes[${i}] has no nodeID: left out`);
    const written = typeof raw.type === 'string' ? raw.type.trim() : '';
    const type = written.toUpperCase();
    if (!isNodeType(type)) {
      return void problems.push(`${file}: node ${id}: unknown node type "${written}" (expected one of: ${AIF_NODE_TYPES.join(', ')}): left out`);
    }
    const timestamp = idText(raw.timestamp);
    nodes.push({ nodeID: id, text: typeof raw.text === 'string' ? raw.text : '', type, ...(timestamp ? { timestamp } : {}) });
  });
  const edges: AifEdge[] = [];
  root.edges.forEach((raw, i) => {
    const from = isRecord(raw) ? idText(raw.fromID) : undefined;
    const to = isRecord(raw) ? idText(raw.toID) : undefined;
    const edgeID = (isRecord(raw) ? idText(raw.edgeID) : undefined) ?? `#${i}`;
    if (from === undefined || to === undefined) return void problems.push(`${file}: edge ${edgeID} needs a fromID and a toID: left out`);
    edges.push({ edgeID, fromID: from, toID: to });
  });
  const locutions: AifLocution[] = [];
  for (const raw of Array.isArray(root.locutions) ? root.locutions : []) {
    const nodeID = isRecord(raw) ? idText(raw.nodeID) : undefined;
    const personID = isRecord(raw) ? idText(raw.personID) : undefined;
    if (!isRecord(raw) || nodeID === undefined || personID === undefined) continue;
    const timestamp = idText(raw.timestamp);
    const start = idText(raw.start);
    locutions.push({ nodeID, personID, ...(timestamp ? { timestamp } : {}), ...(start ? { start } : {}) });
  }
  const participants: AifParticipant[] = [];
  for (const raw of Array.isArray(root.participants) ? root.participants : []) {
    const participantID = isRecord(raw) ? idText(raw.participantID) : undefined;
    if (!isRecord(raw) || participantID === undefined) continue;
    participants.push({ participantID, firstname: typeof raw.firstname === 'string' ? raw.firstname : '', surname: typeof raw.surname === 'string' ? raw.surname : '' });
  }
  return { nodes, edges, locutions, participants };
}

/** Imports one AIF map. Throws ImportError naming every bad node or edge. */
export function importAif(text: string, options: AifImportOptions, existing: Corpus): ImportedDebate {
  const { file } = options;
  const language = options.language ?? 'en';
  const warnings: string[] = [];
  const graph = readGraph(readAif(text, file, warnings), file, warnings);
  const speakers = new SpeakerResolver(existing.speakers, language);
  const { units, unitByNode, timestamps } = readUnits(graph, options, speakers, warnings);
  linkRelations(graph, unitByNode, file, warnings);
  linkReplies(graph, unitByNode, file, warnings);
  const ignored = graph.doc.nodes.filter((n) => n.type === 'MA' || n.type === 'PA').length;
  if (ignored > 0) warnings.push(`${file}: ${ignored} MA/PA node(s) (rephrase, preference) have no counterpart in the corpus: left out`);

  const date = options.date ?? earliestDay(timestamps);
  if (!date) warnings.push(`${file}: no date for the debate (no --date and no date-time timestamp in the map): the debate is written without one`);
  const source = file.split(/[\\/]/).pop() ?? file;
  const debate: Debate = {
    slug: options.slug,
    title: options.title ?? source,
    date: date ?? '',
    medium: 'argument-map',
    language,
    participants: [...new Set(units.map((u) => u.speaker))],
    summary: options.summary ?? importSummary(language, { source, units: units.length, citation: options.citation, licence: options.licence }),
    sources: [
      ...(options.licence ? [{ title: options.licence, kind: 'licence' }] : []),
      ...(options.citation ? [{ title: options.citation, kind: 'citation' }] : []),
    ],
    ...(options.sourceUrl ? { sourceUrl: options.sourceUrl } : {}),
    ...(options.mediaUrl ? { mediaUrl: options.mediaUrl } : {}),
    ...(options.licence ? { licence: options.licence } : {}),
    ...(options.citation ? { citation: options.citation } : {}),
  };
  return { debate, speakers: speakers.newSpeakers(), questions: [], units, warnings: [...warnings, ...speakers.notes] };
}

/** The map as a graph: nodes by id and each node's neighbours along the edges. */
interface AifGraph {
  doc: AifDocument;
  file: string;
  nodeById: Map<string, AifNode>;
  sources(id: string): AifNode[];
  targets(id: string): AifNode[];
}

/** Indexes the edges; a repeated node id, or an edge or locution naming no node, is left out with a warning. */
function readGraph(source: AifDocument, file: string, warnings: string[]): AifGraph {
  const problems = warnings;
  const nodeById = new Map<string, AifNode>();
  const nodes: AifNode[] = [];
  for (const node of source.nodes) {
    if (nodeById.has(node.nodeID)) {
      problems.push(`${file}: node ${node.nodeID} is defined twice: the first is kept`);
      continue;
    }
    nodeById.set(node.nodeID, node);
    nodes.push(node);
  }
  const doc: AifDocument = { ...source, nodes, locutions: source.locutions.filter((l) => nodeById.has(l.nodeID)) };
  const incoming = new Map<string, AifNode[]>();
  const outgoing = new Map<string, AifNode[]>();
  for (const edge of doc.edges) {
    const from = nodeById.get(edge.fromID);
    const to = nodeById.get(edge.toID);
    if (!from) problems.push(`${file}: edge ${edge.edgeID} comes from node ${edge.fromID}, which does not exist: left out`);
    if (!to) problems.push(`${file}: edge ${edge.edgeID} goes to node ${edge.toID}, which does not exist: left out`);
    if (!from || !to) continue;
    push(outgoing, from.nodeID, to);
    push(incoming, to.nodeID, from);
  }
  for (const locution of source.locutions) {
    if (!nodeById.has(locution.nodeID)) problems.push(`${file}: a locution names node ${locution.nodeID}, which does not exist: left out`);
  }
  return { doc, file, nodeById, sources: (id) => incoming.get(id) ?? [], targets: (id) => outgoing.get(id) ?? [] };
}

/**
 * One unit per L node, in node order, then one per I node no L node asserts; returns how to find
 * the unit that stands for a node (an I node stands for the L node asserting it).
 */
function readUnits(
  graph: AifGraph,
  options: AifImportOptions,
  speakers: SpeakerResolver,
  warnings: string[],
): { units: Unit[]; unitByNode: (node: AifNode) => Unit | undefined; timestamps: string[] } {
  const { doc, file, nodeById } = graph;
  const problems: string[] = [];
  // L nodes whose only part is to analyse another locution (YA "Analysing" from this L node to
  // another L node): an analyst's copy of what someone said, not something said in the debate.
  const analysing = new Set<string>();
  for (const ya of doc.nodes.filter((n) => n.type === 'YA')) {
    const froms = graph.sources(ya.nodeID).filter((n) => n.type === 'L');
    if (froms.length === 0 || !graph.targets(ya.nodeID).some((n) => n.type === 'L')) continue;
    for (const from of froms) analysing.add(from.nodeID);
  }
  for (const id of [...analysing]) {
    const asserts = graph.targets(id).some((ya) => ya.type === 'YA' && graph.targets(ya.nodeID).some((n) => n.type === 'I'));
    const answered = graph.targets(id).some((n) => n.type === 'TA') || graph.sources(id).some((n) => n.type === 'TA');
    if (asserts || answered || locutionOfNode(doc, id)) analysing.delete(id);
  }
  if (analysing.size > 0) {
    warnings.push(`${file}: ${analysing.size} L node(s) only analyse another locution (an analyst's copy such as "Anon: Speaker: text"): left out`);
  }
  // Which I node each L node asserts, through YA nodes.
  const assertedBy = new Map<string, AifNode>();
  for (const ya of doc.nodes.filter((n) => n.type === 'YA')) {
    for (const l of graph.sources(ya.nodeID).filter((n) => n.type === 'L')) {
      for (const i of graph.targets(ya.nodeID).filter((n) => n.type === 'I')) {
        if (!assertedBy.has(i.nodeID)) assertedBy.set(i.nodeID, l);
      }
    }
  }
  const assertedText = new Map<string, string>();
  for (const [iId, l] of assertedBy) if (!assertedText.has(l.nodeID)) assertedText.set(l.nodeID, nodeById.get(iId)?.text.trim() ?? '');

  const participantName = new Map(doc.participants.map((p) => [p.participantID, `${p.firstname} ${p.surname}`.replace(/\s+/g, ' ').trim()]));
  const locutionOf = new Map(doc.locutions.map((l) => [l.nodeID, l]));
  const prefix = options.idPrefix ?? options.slug;
  const unitIdOf = new Map<string, string>();
  const nodeOfUnitId = new Map<string, string>();
  const unitId = (node: AifNode): string | undefined => {
    const part = idPart(node.nodeID) || `node-${stableHash(node.nodeID)}`;
    const id = prefix === '' ? part : `${prefix}-${part}`;
    if (!UNIT_ID.test(id)) {
      // The prefix is the user's: a bad one is a bad command, not an odd node.
      problems.push(`${file}: node ${node.nodeID} gives no valid unit id ("${id}")`);
      return undefined;
    }
    const clash = nodeOfUnitId.get(id);
    if (clash !== undefined && clash !== node.nodeID) {
      warnings.push(`${file}: nodes ${clash} and ${node.nodeID} give the same unit id "${id}": node ${node.nodeID} left out`);
      return undefined;
    }
    nodeOfUnitId.set(id, node.nodeID);
    unitIdOf.set(node.nodeID, id);
    return id;
  };

  const units: Unit[] = [];
  const timestamps: string[] = [];
  for (const node of doc.nodes) {
    if (node.type !== 'L' || analysing.has(node.nodeID)) continue;
    const locution = locutionOf.get(node.nodeID);
    const named = locution ? participantName.get(locution.personID) : undefined;
    const prefixed = splitSpeakerPrefix(node.text);
    let name: string | undefined;
    let body = node.text.trim();
    if (named) {
      name = named;
      body = stripNamePrefix(node.text, named) ?? body;
    } else if (prefixed) {
      name = prefixed.name;
      body = prefixed.text;
    } else if (locution) {
      warnings.push(`${file}: L node ${node.nodeID} has no speaker (its locution names person ${locution.personID}, who is not in \`participants\`): a turn of the anonymous speaker`);
    } else {
      warnings.push(`${file}: L node ${node.nodeID} has no speaker (no locution names its person, and its text does not start with "Name: "): a turn of the anonymous speaker`);
    }
    if (body === '') body = assertedText.get(node.nodeID) ?? '';
    if (body === '') {
      warnings.push(`${file}: L node ${node.nodeID} has no text: left out`);
      continue;
    }
    const id = unitId(node);
    if (id === undefined) continue;
    const offsets = [locution?.start, node.timestamp, locution?.timestamp].filter((t): t is string => t !== undefined);
    const timecode = offsets.map(toTimecode).find((t) => t !== undefined);
    timestamps.push(...offsets);
    const signedAs = speakers.signatureOf(name);
    units.push({
      id,
      debate: options.slug,
      speaker: name === undefined ? speakers.anonymous() : speakers.resolve(name),
      ...(signedAs ? { signedAs } : {}),
      kind: 'turn',
      text: body,
      ...(timecode ? { timecode } : {}),
      relations: [],
      order: units.length + 1,
    });
  }
  // Propositions nobody utters in the map: a monological argument map.
  for (const node of doc.nodes) {
    if (node.type !== 'I' || assertedBy.has(node.nodeID)) continue;
    if (node.text.trim() === '') {
      warnings.push(`${file}: I node ${node.nodeID} has no text: left out`);
      continue;
    }
    const id = unitId(node);
    if (id === undefined) continue;
    if (node.timestamp) timestamps.push(node.timestamp);
    units.push({ id, debate: options.slug, speaker: speakers.anonymous(), kind: 'argument', text: node.text.trim(), relations: [], order: units.length + 1 });
  }
  if (units.length === 0 && problems.length === 0) problems.push(`${file}: the map has no L or I node to import`);
  if (problems.length > 0) throw new ImportError(problems);

  const unitById = new Map(units.map((u) => [u.id, u]));
  const unitByNode = (node: AifNode): Unit | undefined => {
    const owner = node.type === 'I' ? (assertedBy.get(node.nodeID) ?? node) : node;
    const id = unitIdOf.get(owner.nodeID);
    return id === undefined ? undefined : unitById.get(id);
  };
  return { units, unitByNode, timestamps };
}

/** RA (inference) and CA (conflict) nodes between propositions: supports and attacks. */
function linkRelations(graph: AifGraph, unitByNode: (node: AifNode) => Unit | undefined, file: string, warnings: string[]): void {
  for (const scheme of graph.doc.nodes.filter((n) => n.type === 'RA' || n.type === 'CA')) {
    const type: UnitRelation['type'] = scheme.type === 'RA' ? 'supports' : 'attacks';
    const froms = graph.sources(scheme.nodeID).filter((n) => n.type === 'I' || n.type === 'L');
    for (const to of graph.targets(scheme.nodeID)) {
      // An RA or CA aimed at another scheme (an undercutter) has no unit to point at.
      const target = to.type === 'I' || to.type === 'L' ? unitByNode(to) : undefined;
      if (!target) {
        warnings.push(`${file}: ${scheme.type} node ${scheme.nodeID} points at ${to.type} node ${to.nodeID}, which no unit stands for: left out`);
        continue;
      }
      for (const from of froms) {
        const source = unitByNode(from);
        if (!source) continue;
        if (source === target) {
          warnings.push(`${file}: ${scheme.type} node ${scheme.nodeID} links unit ${source.id} to itself: left out`);
          continue;
        }
        if (!source.relations.some((r) => r.type === type && r.target === target.id)) source.relations.push({ type, target: target.id });
      }
    }
  }
}

/** TA (transition) nodes from an earlier locution to the one that answers it: reply-to. */
function linkReplies(graph: AifGraph, unitByNode: (node: AifNode) => Unit | undefined, file: string, warnings: string[]): void {
  for (const ta of graph.doc.nodes.filter((n) => n.type === 'TA')) {
    const earlier = graph.sources(ta.nodeID).filter((n) => n.type === 'L');
    for (const later of graph.targets(ta.nodeID).filter((n) => n.type === 'L')) {
      const reply = unitByNode(later);
      const answered = earlier.map(unitByNode).find((u) => u !== undefined && u !== reply);
      if (!reply || !answered) continue;
      if (reply.replyTo && reply.replyTo !== answered.id) {
        warnings.push(`${file}: L node ${later.nodeID} answers several locutions: reply-to keeps the first`);
        continue;
      }
      reply.replyTo = answered.id;
    }
  }
}

/** "Sandra: je pense que…" → { name: "Sandra", text: "je pense que…" }; names are short and start with a letter. */
export function splitSpeakerPrefix(text: string): { name: string; text: string } | undefined {
  const match = /^\s*(\p{L}[\p{L}\p{M}\d .'’-]{0,60}?)\s*:\s+([\s\S]*\S)\s*$/u.exec(text);
  if (!match) return undefined;
  const name = (match[1] ?? '').trim();
  if (name.split(/\s+/).length > 5) return undefined;
  return { name, text: match[2] ?? '' };
}

/**
 * The text after "<name>:" when the text starts with that speaker's name, compared as names are
 * (case, accents and spacing folded), so that any name works, even one with digits or symbols.
 */
export function stripNamePrefix(text: string, name: string): string | undefined {
  const start = text.trimStart();
  const wanted = nameKey(name);
  if (wanted === '') return undefined;
  for (let at = start.indexOf(':'); at >= 0 && at <= name.length * 2 + 8; at = start.indexOf(':', at + 1)) {
    if (nameKey(start.slice(0, at)) === wanted) return /^:\s+([\s\S]*\S)\s*$/.exec(start.slice(at))?.[1];
  }
  return undefined;
}

/** An offset into the media as a timecode ("mm:ss" or "hh:mm:ss"); undefined for a date-time. */
export function toTimecode(value: string): string | undefined {
  const text = value.trim();
  // Already a timecode the corpus accepts: keep it as written.
  if (TIMECODE.test(text)) return text;
  let seconds: number | undefined;
  const clock = /^(?:(\d{1,2}):)?(\d{1,3}):([0-5]\d)(?:[.,]\d+)?$/.exec(text);
  if (clock) seconds = Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  else if (/^\d+(?:\.\d+)?$/.test(text)) seconds = Math.floor(Number(text));
  if (seconds === undefined || !Number.isFinite(seconds) || seconds >= 100 * 3600) return undefined;
  const two = (n: number): string => String(n).padStart(2, '0');
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  return h > 0 ? `${two(h)}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

function earliestDay(timestamps: readonly string[]): string | undefined {
  const days = timestamps.map((t) => /^(\d{4}-\d{2}-\d{2})[T ]/.exec(t.trim())?.[1]).filter((d): d is string => d !== undefined);
  return days.sort()[0];
}

function locutionOfNode(doc: AifDocument, id: string): boolean {
  return doc.locutions.some((l) => l.nodeID === id);
}

function isNodeType(type: string): type is AifNodeType {
  return (AIF_NODE_TYPES as readonly string[]).includes(type);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Node ids are numbers in AIFdb and strings in OVA: both are read as text. */
function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
