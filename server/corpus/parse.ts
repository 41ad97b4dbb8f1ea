// Reads the corpus files (data/README.md) into plain located values: every YAML node and every unit
// attribute keeps its line, so that the validator can point at the exact line of a problem.
// Parsing is only about syntax. It never throws: it returns what it could read plus the problems
// met, and leaves every question of meaning (required fields, references, enums) to validate.ts.

import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { CorpusProblem } from '../errors.ts';

export type YamlValue = YamlScalar | YamlList | YamlMap;

export interface YamlScalar {
  type: 'scalar';
  line: number;
  value: string | number | boolean | null;
  /** The scalar as written: `2010` stays "2010", `007` stays "007". */
  text: string;
}

export interface YamlList {
  type: 'list';
  line: number;
  items: YamlValue[];
}

export interface YamlMap {
  type: 'map';
  line: number;
  entries: YamlEntry[];
}

export interface YamlEntry {
  key: string;
  /** The line of the key, which is where an author looks for the attribute. */
  line: number;
  value: YamlValue;
}

export interface ParsedYamlFile {
  file: string;
  /** Undefined for an empty file. */
  root: YamlValue | undefined;
  problems: CorpusProblem[];
}

export interface UnitAttribute {
  key: string;
  value: string;
  line: number;
}

export interface ParsedUnit {
  /** As written after `## `, possibly empty or malformed: validate.ts checks it. */
  id: string;
  /** Line of the `## id` heading. */
  line: number;
  attributes: UnitAttribute[];
  /** Markdown, verbatim, without leading and trailing blank lines. */
  text: string;
}

export interface ParsedDebateFile {
  file: string;
  /** Undefined when the front matter is missing, unclosed or does not parse. */
  frontMatter: YamlValue | undefined;
  /** Line of the opening `---` (1 when there is none). */
  frontMatterLine: number;
  summary: string;
  units: ParsedUnit[];
  problems: CorpusProblem[];
}

/** Removes a byte-order mark and turns CRLF (and lone CR) line endings into LF. */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Parses one speakers or questions file. */
export function parseYamlFile(file: string, text: string): ParsedYamlFile {
  const { root, problems } = parseYamlText(file, normalizeText(text), 0);
  return { file, root, problems };
}

/**
 * Parses YAML whose first line is line `lineOffset + 1` of `file` (front matter starts below its
 * `---`), so that every line it reports is a line of the file.
 */
function parseYamlText(file: string, text: string, lineOffset: number): { root: YamlValue | undefined; problems: CorpusProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line + lineOffset;
  const problems: CorpusProblem[] = doc.errors.map((e) => ({
    file,
    line: (e.linePos?.[0].line ?? 1) + lineOffset,
    message: `YAML does not parse: ${firstLine(e.message)}`,
    severity: 'error',
  }));
  if (problems.length > 0 || doc.contents === null) return { root: undefined, problems };
  const converter = new NodeConverter(doc, lineOf, (line, message) => problems.push({ file, line, message, severity: 'error' }));
  return { root: converter.convert(doc.contents as YamlNode, lineOf(0)), problems };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

/** Turns yaml's node tree into YamlValue, resolving aliases and rejecting non-scalar keys. */
class NodeConverter {
  // Each alias copies its anchor's subtree, so aliases of aliases grow exponentially (the
  // "billion laughs"); bounding their number and the depth keeps any file cheap to read.
  private static readonly MAX_DEPTH = 64;
  private static readonly MAX_ALIASES = 100;
  private aliases = 0;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lineOf: (offset: number) => number,
    private readonly report: (line: number, message: string) => void,
  ) {}

  convert(node: YamlNode | null | undefined, fallbackLine: number, depth = 0): YamlValue {
    const line = node?.range ? this.lineOf(node.range[0]) : fallbackLine;
    if (!node) return { type: 'scalar', line, value: null, text: '' };
    if (depth > NodeConverter.MAX_DEPTH) {
      this.report(line, 'YAML nests too deeply');
      return { type: 'scalar', line, value: null, text: '' };
    }
    if (isAlias(node)) {
      if (++this.aliases > NodeConverter.MAX_ALIASES) {
        if (this.aliases === NodeConverter.MAX_ALIASES + 1) this.report(line, `YAML uses more than ${NodeConverter.MAX_ALIASES} aliases`);
        return { type: 'scalar', line, value: null, text: '' };
      }
      const target = node.resolve(this.doc);
      return { ...this.convert(target as YamlNode | undefined, line, depth + 1), line };
    }
    if (isScalar(node)) return scalarValue(node.value, node.source, line);
    if (isSeq(node)) return { type: 'list', line, items: node.items.map((item) => this.convert(item as YamlNode, line, depth + 1)) };
    if (isMap(node)) return { type: 'map', line, entries: this.entries(node.items, line, depth) };
    return { type: 'scalar', line, value: null, text: '' };
  }

  private entries(pairs: readonly { key: unknown; value: unknown }[], mapLine: number, depth: number): YamlEntry[] {
    const entries: YamlEntry[] = [];
    for (const pair of pairs) {
      const keyNode = pair.key as YamlNode | null;
      const line = keyNode?.range ? this.lineOf(keyNode.range[0]) : mapLine;
      if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
        this.report(line, 'a key must be a plain name');
        continue;
      }
      entries.push({ key: String(keyNode.value), line, value: this.convert(pair.value as YamlNode | null, line, depth + 1) });
    }
    return entries;
  }
}

function scalarValue(value: unknown, source: string | undefined, line: number): YamlScalar {
  if (value === null || value === undefined) return { type: 'scalar', line, value: null, text: '' };
  if (typeof value === 'string') return { type: 'scalar', line, value, text: value };
  if (typeof value === 'number' || typeof value === 'boolean') {
    return { type: 'scalar', line, value, text: source ?? String(value) };
  }
  // Tags such as !!binary or a YAML 1.1 timestamp: keep what was written.
  return { type: 'scalar', line, value: source ?? String(value), text: source ?? String(value) };
}

const FENCE = /^---[ \t]*$/;
const UNIT_HEADING = /^##(?:[ \t]+(.*)|[ \t]*)$/;
const ATTRIBUTE = /^- ([A-Za-z][\w-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$/;

/** Parses one debate file: front matter, summary, units. */
export function parseDebateFile(file: string, text: string): ParsedDebateFile {
  const lines = normalizeText(text).split('\n');
  const problems: CorpusProblem[] = [];
  const front = readFrontMatter(file, lines, problems);
  const body = splitUnits(lines, front.bodyStart);
  return {
    file,
    frontMatter: front.value,
    frontMatterLine: 1,
    summary: trimBlankLines(body.summary).join('\n'),
    units: body.units,
    problems,
  };
}

interface FrontMatter {
  value: YamlValue | undefined;
  /** Index (0-based) of the first line after the front matter. */
  bodyStart: number;
}

function readFrontMatter(file: string, lines: string[], problems: CorpusProblem[]): FrontMatter {
  if (!FENCE.test(lines[0] ?? '')) {
    problems.push({ file, line: 1, message: 'the file must start with front matter between two `---` lines', severity: 'error' });
    return { value: undefined, bodyStart: 0 };
  }
  const close = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (close < 0) {
    problems.push({ file, line: 1, message: 'the front matter is not closed by a `---` line', severity: 'error' });
    return { value: undefined, bodyStart: lines.length };
  }
  const parsed = parseYamlText(file, lines.slice(1, close).join('\n'), 1);
  problems.push(...parsed.problems);
  return { value: parsed.root, bodyStart: close + 1 };
}

function splitUnits(lines: string[], start: number): { summary: string[]; units: ParsedUnit[] } {
  const summary: string[] = [];
  const units: ParsedUnit[] = [];
  let current: { unit: ParsedUnit; body: string[]; inAttributes: boolean } | undefined;
  const finish = (): void => {
    if (current) current.unit.text = trimBlankLines(current.body).join('\n');
  };
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = UNIT_HEADING.exec(line);
    if (heading) {
      finish();
      current = { unit: { id: (heading[1] ?? '').trim(), line: i + 1, attributes: [], text: '' }, body: [], inAttributes: true };
      units.push(current.unit);
      continue;
    }
    if (!current) {
      summary.push(line);
      continue;
    }
    const attribute = current.inAttributes ? ATTRIBUTE.exec(line) : null;
    if (attribute) {
      current.unit.attributes.push({ key: attribute[1] ?? '', value: attribute[2] ?? '', line: i + 1 });
    } else if (current.inAttributes && current.unit.attributes.length === 0 && line.trim() === '') {
      // Tolerate blank lines between the heading and its attributes.
      continue;
    } else {
      // The attribute list ends at the first other line; everything after is the unit's text.
      current.inAttributes = false;
      current.body.push(line);
    }
  }
  finish();
  return { summary, units };
}

function trimBlankLines(lines: string[]): string[] {
  let from = 0;
  let to = lines.length;
  while (from < to && (lines[from] ?? '').trim() === '') from++;
  while (to > from && (lines[to - 1] ?? '').trim() === '') to--;
  return lines.slice(from, to);
}
