// Turns parsed corpus files into the model and lists every problem the authoring format forbids
// (data/README.md, "What the validator checks"): each with its file and the line of the offending
// item or attribute, all of them at once, so that one run of `npm run validate` shows the whole job.

import { MEDIA, UNIT_KINDS, formatCode, parseCode, sameCode, withCodes } from './model.ts';
import { ISO_DATE, TIMECODE } from './patterns.ts';
import type { Corpus, Debate, Position, Question, SourceLink, Speaker, SpeakerLink, Unit, UnitCode, UnitRelation } from './model.ts';
import type { ParsedDebateFile, ParsedUnit, ParsedYamlFile, YamlEntry, YamlValue } from './parse.ts';
import type { CorpusProblem } from '../errors.ts';

export interface CorpusFiles {
  speakers: ParsedYamlFile[];
  questions: ParsedYamlFile[];
  debates: ParsedDebateFile[];
}

export interface ValidationResult {
  /** What could be read; only usable when no problem is an error. */
  corpus: Corpus;
  /** The parse problems of the files and the validation problems, by file then line. */
  problems: CorpusProblem[];
}

/** Speaker and question ids: lower-case letters, digits and dashes. */
const REGISTRY_ID = /^[a-z0-9][a-z0-9-]*$/;
/** Unit ids, position ids and slugs: also `_` and `.`, starting with a letter or digit. */
// At most 100 characters: Meilisearch refuses a document key over 511 bytes, and each `.` or `_`
// takes 4 in the key (meilisearch/request.ts documentKey).
const UNIT_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/**
 * The longest text a unit may hold, in UTF-16 code units. A unit is one argument or one turn;
 * this bound keeps every page, hit and export that shows a unit cheap to build (issue 11).
 */
export const MAX_UNIT_TEXT = 100_000;

const SPEAKER_KEYS = ['id', 'name', 'aliases', 'links', 'description', 'descriptionEn'];
const LINK_KEYS = ['label', 'url'];
const QUESTION_KEYS = ['id', 'title', 'titleEn', 'description', 'descriptionEn', 'positions'];
const POSITION_KEYS = ['id', 'label', 'labelEn', 'description', 'descriptionEn'];
const DEBATE_KEYS = ['slug', 'title', 'date', 'medium', 'source', 'language', 'participants', 'media', 'media-offset', 'sources', 'licence', 'citation', 'summary-fr', 'summary-en'];
const SOURCE_KEYS = ['title', 'kind', 'url'];

export function validateCorpus(files: CorpusFiles): ValidationResult {
  const problems = new ProblemList();
  for (const file of [...files.speakers, ...files.questions, ...files.debates]) problems.addAll(file.problems);

  const speakers = files.speakers.flatMap((file) => readList(file, 'speaker', SPEAKER_KEYS, readSpeaker, problems.in(file.file)));
  const questions = files.questions.flatMap((file) => readList(file, 'question', QUESTION_KEYS, readQuestion, problems.in(file.file)));
  const debates = files.debates.map((file) => readDebate(file, problems.in(file.file)));
  const units = debates.flatMap((d) => d.units);

  checkUnique(speakers, 'speaker id', problems);
  checkUnique(questions, 'question id', problems);
  checkUnique(debates.filter((d) => d.value), 'debate slug', problems);
  checkUnique(units, 'unit id', problems);

  const registry: Registry = {
    speakers: new Map(speakers.map((s): [string, Speaker] => [s.id, s.value]).reverse()),
    // Reversed so that the first of duplicate ids wins, as in the duplicate message.
    questions: new Map(questions.map((q): [string, Question] => [q.id, q.value]).reverse()),
    units: new Set(units.map((u) => u.id)),
  };
  for (const debate of debates) checkParticipants(debate, registry, problems.in(debate.file));
  for (const unit of units) checkUnitReferences(unit, registry, problems.in(unit.file));
  checkThreadCycles(units, problems);
  warnUnused(speakers, questions, debates, problems);

  const fileOrder = [...files.speakers, ...files.questions, ...files.debates].map((f) => f.file);
  return {
    corpus: {
      speakers: speakers.map((s) => s.value),
      questions: questions.map((q) => q.value),
      debates: debates.flatMap((d) => (d.value ? [d.value] : [])),
      units: units.flatMap((u) => (u.value ? [u.value] : [])),
    },
    problems: problems.sorted(fileOrder),
  };
}

// ---------------------------------------------------------------------------------------------
// Problems

interface Reporter {
  readonly file: string;
  error(line: number, message: string): void;
  warning(line: number, message: string): void;
}

class ProblemList {
  private readonly list: CorpusProblem[] = [];

  addAll(problems: readonly CorpusProblem[]): void {
    this.list.push(...problems);
  }

  in(file: string): Reporter {
    return {
      file,
      error: (line, message) => this.list.push({ file, line, message, severity: 'error' }),
      warning: (line, message) => this.list.push({ file, line, message, severity: 'warning' }),
    };
  }

  /** By file, in the order the files were read, then by line; equal lines keep their order. */
  sorted(fileOrder: readonly string[]): CorpusProblem[] {
    const rank = (file: string): number => {
      const at = fileOrder.indexOf(file);
      return at < 0 ? fileOrder.length : at;
    };
    return [...this.list].sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the fields of one YAML mapping

interface LocatedText {
  text: string;
  line: number;
}

/** The fields of one YAML mapping, read with messages that name the item and point at the line. */
class Fields {
  private readonly byKey = new Map<string, YamlEntry>();
  /** How messages name the item: "speaker", then `speaker "x"` once its id is known. */
  label: string;

  private constructor(
    readonly line: number,
    entries: readonly YamlEntry[],
    label: string,
    allowed: readonly string[],
    private readonly report: Reporter,
  ) {
    this.label = label;
    for (const entry of entries) {
      if (allowed.includes(entry.key)) this.byKey.set(entry.key, entry);
      else report.error(entry.line, `unknown field \`${entry.key}\` in ${label} (known fields: ${allowed.join(', ')})`);
    }
  }

  static of(value: YamlValue, label: string, allowed: readonly string[], report: Reporter): Fields | undefined {
    if (value.type === 'map') return new Fields(value.line, value.entries, label, allowed, report);
    report.error(value.line, `a ${label} must be a mapping of fields (\`key: value\`)`);
    return undefined;
  }

  /** A warning about this item, at `line`. */
  warn(line: number, message: string): void {
    this.report.warning(line, message);
  }

  lineOf(key: string): number {
    return this.byKey.get(key)?.line ?? this.line;
  }

  /** A text field, trimmed; undefined (reported when required) when absent, empty or not text. */
  text(key: string, required = false): string | undefined {
    const entry = this.present(key, required);
    if (!entry) return undefined;
    if (entry.value.type !== 'scalar') {
      this.report.error(entry.line, `\`${key}\` of ${this.label} must be text`);
      return undefined;
    }
    return entry.value.text.trim();
  }

  /** An id field; a malformed id is reported but returned, so that references to it still resolve. */
  id(key: string, pattern: RegExp, rule: string): string | undefined {
    const id = this.text(key, true);
    if (id !== undefined && !pattern.test(id)) this.report.error(this.lineOf(key), `${key} "${id}" is malformed: ${rule}`);
    return id;
  }

  /** An http(s) URL field, so that no `javascript:` link ever reaches a page. */
  url(key: string, required = false): string | undefined {
    const url = this.text(key, required);
    if (url === undefined || isHttpUrl(url)) return url;
    this.report.error(this.lineOf(key), `\`${key}\` of ${this.label} must be an http(s) URL, not "${url}"`);
    return undefined;
  }

  /** True when the field is written as a list with no item (`[]`). */
  isEmptyList(key: string): boolean {
    const value = this.byKey.get(key)?.value;
    return value?.type === 'list' && value.items.length === 0;
  }

  /** A list of texts, each with its own line. */
  texts(key: string, required = false): LocatedText[] {
    return this.list(key, required).flatMap((item) => {
      if (item.type === 'scalar' && item.value !== null && item.text.trim() !== '') return [{ text: item.text.trim(), line: item.line }];
      this.report.error(item.line, `each item of \`${key}\` of ${this.label} must be a non-empty text`);
      return [];
    });
  }

  /** A list of mappings, each read by `read`; items that cannot be read are reported and left out. */
  records<T>(key: string, label: string, allowed: readonly string[], read: (fields: Fields) => T | undefined, required = false): T[] {
    return this.list(key, required).flatMap((item) => {
      const fields = Fields.of(item, label, allowed, this.report);
      const value = fields ? read(fields) : undefined;
      return value === undefined ? [] : [value];
    });
  }

  private list(key: string, required: boolean): YamlValue[] {
    const entry = this.present(key, required);
    if (!entry) return [];
    if (entry.value.type === 'list') return entry.value.items;
    this.report.error(entry.line, `\`${key}\` of ${this.label} must be a list`);
    return [];
  }

  private present(key: string, required: boolean): YamlEntry | undefined {
    const entry = this.byKey.get(key);
    if (entry && !isEmpty(entry.value)) return entry;
    if (required) this.report.error(entry?.line ?? this.line, `${this.label} is missing \`${key}\``);
    return undefined;
  }
}

function isEmpty(value: YamlValue): boolean {
  return value.type === 'scalar' && (value.value === null || value.text.trim() === '');
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Speakers and questions

interface Located<T> {
  id: string;
  value: T;
  file: string;
  line: number;
}

/** A speakers or questions file is a list of entries; an empty file is an empty list. */
function readList<T>(
  file: ParsedYamlFile,
  label: string,
  keys: readonly string[],
  read: (fields: Fields, report: Reporter) => Located<T> | undefined,
  report: Reporter,
): Located<T>[] {
  const root = file.root;
  if (root === undefined || isEmpty(root)) return [];
  if (root.type !== 'list') {
    report.error(root.line, `the file must be a list of ${label}s (each item starting with \`- id:\`)`);
    return [];
  }
  return root.items.flatMap((item) => {
    const fields = Fields.of(item, label, keys, report);
    const entry = fields ? read(fields, report) : undefined;
    return entry ? [entry] : [];
  });
}

function readSpeaker(fields: Fields, report: Reporter): Located<Speaker> | undefined {
  const id = fields.id('id', REGISTRY_ID, 'use lower-case letters, digits and dashes');
  if (id !== undefined) fields.label = `speaker "${id}"`;
  const speaker: Speaker = {
    id: id ?? '',
    name: fields.text('name', true) ?? '',
    aliases: fields.texts('aliases').map((a) => a.text),
    links: fields.records('links', 'link', LINK_KEYS, readLink),
    description: fields.text('description') ?? '',
  };
  const descriptionEn = readDescriptionEn(fields);
  if (descriptionEn !== undefined) speaker.descriptionEn = descriptionEn;
  return id === undefined ? undefined : { id, value: speaker, file: report.file, line: fields.line };
}

function readLink(fields: Fields): SpeakerLink | undefined {
  const url = fields.url('url', true);
  const label = fields.text('label');
  if (url === undefined) return undefined;
  return label === undefined ? { url } : { label, url };
}

function readQuestion(fields: Fields, report: Reporter): Located<Question> | undefined {
  const id = fields.id('id', REGISTRY_ID, 'use lower-case letters, digits and dashes');
  if (id !== undefined) fields.label = `question "${id}"`;
  const title = fields.text('title', true) ?? '';
  const titleEn = fields.text('titleEn', true) ?? '';
  const description = fields.text('description') ?? '';
  const positions = fields.records('positions', `position of ${fields.label}`, POSITION_KEYS, readPosition, true);
  if (fields.isEmptyList('positions')) report.error(fields.lineOf('positions'), `${fields.label} needs at least one position`);
  checkUnique(
    positions.map((p) => ({ ...p, file: report.file })),
    'position id',
    { in: () => report },
    ` in ${fields.label}`,
  );
  const question: Question = { id: id ?? '', title, titleEn, description, positions: positions.map((p) => p.value) };
  const descriptionEn = readDescriptionEn(fields);
  if (descriptionEn !== undefined) question.descriptionEn = descriptionEn;
  return id === undefined ? undefined : { id, value: question, file: report.file, line: fields.line };
}

function readPosition(fields: Fields): { id: string; line: number; value: Position } | undefined {
  const id = fields.id('id', UNIT_ID, 'use at most 100 lower-case letters, digits, `-`, `_` and `.`');
  const label = fields.text('label', true) ?? '';
  const labelEn = fields.text('labelEn');
  const description = fields.text('description') ?? '';
  const descriptionEn = readDescriptionEn(fields);
  if (id === undefined) return undefined;
  const position: Position = labelEn === undefined ? { id, label, description } : { id, label, labelEn, description };
  if (descriptionEn !== undefined) position.descriptionEn = descriptionEn;
  return { id, line: fields.line, value: position };
}

/**
 * `descriptionEn`: the English description beside the French `description`. The same text in both
 * is a mistake worth a warning: the French pages would show English unmarked (or the reverse).
 */
function readDescriptionEn(fields: Fields): string | undefined {
  const english = fields.text('descriptionEn');
  if (english === undefined || english === '') return undefined;
  const french = fields.text('description');
  if (french !== undefined && french !== '' && french === english) {
    fields.warn(fields.lineOf('descriptionEn'), `\`descriptionEn\` of ${fields.label} repeats \`description\`: \`description\` is the French text (leave it out when there is none)`);
  }
  return english;
}

// ---------------------------------------------------------------------------------------------
// Debates

interface DebateEntry {
  /** The slug of the front matter, else the file name: units keep a debate to point at. */
  id: string;
  value: Debate | undefined;
  file: string;
  line: number;
  participants: LocatedText[];
  units: UnitEntry[];
}

function readDebate(parsed: ParsedDebateFile, report: Reporter): DebateEntry {
  const fileSlug = slugOfFile(parsed.file);
  // A missing front matter field is reported at the opening `---`, where the front matter starts.
  const frontMatter = parsed.frontMatter?.type === 'map' ? { ...parsed.frontMatter, line: parsed.frontMatterLine } : parsed.frontMatter;
  const front = frontMatter ? Fields.of(frontMatter, 'front matter', DEBATE_KEYS, report) : undefined;
  const read = front ? readFrontMatter(front, fileSlug, parsed.summary, report) : undefined;
  const slug = read?.debate?.slug ?? fileSlug;
  let order = 0;
  const units = parsed.units.map((unit) => {
    const entry = readUnit(unit, slug, report);
    if (entry.value) entry.value.order = ++order;
    return entry;
  });
  return { id: slug, value: read?.debate, file: parsed.file, line: parsed.frontMatterLine, participants: read?.participants ?? [], units };
}

function slugOfFile(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.md$/i, '');
}

function readFrontMatter(fields: Fields, fileSlug: string, summary: string, report: Reporter): { debate: Debate | undefined; participants: LocatedText[] } {
  const slug = fields.id('slug', UNIT_ID, 'use at most 100 lower-case letters, digits, `-`, `_` and `.`');
  if (slug !== undefined && slug !== fileSlug) {
    report.error(fields.lineOf('slug'), `slug "${slug}" differs from the file name (expected "${fileSlug}", or rename the file to "${slug}.md")`);
  }
  const title = fields.text('title', true);
  const date = readDate(fields, report);
  const medium = readEnum(fields, 'medium', MEDIA, report);
  const language = readLanguage(fields, report);
  const participants = fields.texts('participants', true);
  const sources = fields.records('sources', 'source', SOURCE_KEYS, readSource);
  const optional = {
    sourceUrl: fields.url('source'),
    mediaUrl: fields.url('media'),
    mediaOffset: readMediaOffset(fields, report),
    licence: fields.text('licence'),
    citation: fields.text('citation'),
    summaryFr: readSummaryTranslation(fields, 'fr', language, report),
    summaryEn: readSummaryTranslation(fields, 'en', language, report),
  };
  if (slug === undefined || title === undefined || date === undefined || medium === undefined || language === undefined) {
    return { debate: undefined, participants };
  }
  const debate: Debate = { slug, title, date, medium, language, participants: participants.map((p) => p.text), summary, sources };
  return { debate: withDefined(debate, optional), participants };
}

/**
 * `summary-fr` / `summary-en`: the summary in the other language. The summary below the front
 * matter is in the debate's `language`, so a translation into that same language is refused.
 */
function readSummaryTranslation(fields: Fields, into: 'fr' | 'en', language: string | undefined, report: Reporter): string | undefined {
  const key = `summary-${into}`;
  const text = fields.text(key);
  if (text === undefined || text === '') return undefined;
  if (language !== undefined && language.toLowerCase().split('-')[0] === into) {
    report.error(fields.lineOf(key), `\`${key}\` translates the summary into the debate's own language ("${language}"): the summary below the front matter is already in it`);
    return undefined;
  }
  return text;
}

function readMediaOffset(fields: Fields, report: Reporter): string | undefined {
  const offset = fields.text('media-offset');
  if (offset === undefined) return undefined;
  if (!TIMECODE.test(offset)) report.error(fields.lineOf('media-offset'), `media-offset "${offset}" must be mm:ss or hh:mm:ss`);
  else if (fields.text('media') === undefined) report.error(fields.lineOf('media-offset'), 'media-offset needs `media`');
  else return offset;
  return undefined;
}

/** The debate's date; '' when the front matter has none (a source that gives no date). */
function readDate(fields: Fields, report: Reporter): string | undefined {
  const date = fields.text('date');
  if (date === undefined) return '';
  if (isRealDate(date)) return date;
  report.error(fields.lineOf('date'), `date "${date}" is not a real YYYY, YYYY-MM or YYYY-MM-DD date`);
  return undefined;
}

/** True for an existing day, month or year written YYYY, YYYY-MM or YYYY-MM-DD. */
export function isRealDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), match[2] ? Number(match[2]) : 1, match[3] ? Number(match[3]) : 1];
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function readEnum<T extends string>(fields: Fields, key: string, allowed: readonly T[], report: Reporter): T | undefined {
  const value = fields.text(key, true);
  if (value === undefined) return undefined;
  if (isOneOf(allowed, value)) return value;
  report.error(fields.lineOf(key), `unknown ${key} "${value}" (expected one of: ${allowed.join(', ')})`);
  return undefined;
}

function readLanguage(fields: Fields, report: Reporter): string | undefined {
  const language = fields.text('language', true);
  if (language === undefined || LANGUAGE_TAG.test(language)) return language;
  report.error(fields.lineOf('language'), `language "${language}" is not a BCP 47 tag such as fr or en-GB`);
  return undefined;
}

function readSource(fields: Fields): SourceLink | undefined {
  const title = fields.text('title', true);
  const kind = fields.text('kind');
  const url = fields.url('url');
  if (title === undefined) return undefined;
  return { title, ...(kind === undefined ? {} : { kind }), ...(url === undefined ? {} : { url }) };
}

function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Units

interface UnitEntry {
  id: string;
  /** Undefined when `speaker`, `kind` or the text is missing or malformed. */
  value: Unit | undefined;
  file: string;
  line: number;
  draft: UnitDraft;
  /** Line of each attribute, for messages about its value. */
  lines: Map<string, number>;
}

/** A unit's attributes as read so far: the model's own fields, any of them still missing. */
type UnitDraft = Partial<Pick<Unit, 'speaker' | 'kind' | 'question' | 'position' | 'timecode' | 'endTimecode' | 'replyTo' | 'continues' | 'signedAs'>> & {
  relations: UnitRelation[];
  /** The `- code:` lines, in order (the `question`/`position` pair is the unit's first code). */
  extraCodes: { code: UnitCode; line: number }[];
};

/** Attributes a unit may repeat: one line per value. */
const REPEATABLE_ATTRIBUTES = new Set(['code']);

/** Reads one attribute value into the draft; returns a message when the value is malformed. */
type AttributeParser = (value: string, draft: UnitDraft) => string | undefined;

const relationParser =
  (type: UnitRelation['type']): AttributeParser =>
  (value, draft) => {
    const targets = value.split(',').map((t) => t.trim());
    if (targets.some((t) => t === '')) return `\`${type}\` must be comma-separated unit ids, not "${value}"`;
    draft.relations.push(...targets.map((target) => ({ type, target })));
    return undefined;
  };

const idParser =
  (key: 'speaker' | 'question' | 'position' | 'replyTo' | 'continues'): AttributeParser =>
  (value, draft) => {
    // Whether the id resolves is a cross-file question, answered once every file is read.
    draft[key] = value;
    return undefined;
  };

const signedAsParser: AttributeParser = (value, draft) => {
  draft.signedAs = value;
  return undefined;
};

const kindParser: AttributeParser = (value, draft) => {
  if (!isOneOf(UNIT_KINDS, value)) return `unknown kind "${value}" (expected one of: ${UNIT_KINDS.join(', ')})`;
  draft.kind = value;
  return undefined;
};

const codeParser: AttributeParser = (value, draft) => {
  const code = parseCode(value);
  if (!code) return `\`code\` must be "question-id:position-id" or "question-id", not "${value}"`;
  // The line is filled in by readAttributes, which knows it.
  draft.extraCodes.push({ code, line: 0 });
  return undefined;
};

const timecodeParser: AttributeParser = (value, draft) => {
  if (!TIMECODE.test(value)) return `timecode "${value}" must be mm:ss or hh:mm:ss`;
  draft.timecode = value;
  return undefined;
};

function timecodeSeconds(timecode: string): number {
  return timecode.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

const endParser: AttributeParser = (value, draft) => {
  if (!TIMECODE.test(value)) return `end "${value}" must be mm:ss or hh:mm:ss`;
  draft.endTimecode = value;
  return undefined;
};

const UNIT_ATTRIBUTES: ReadonlyMap<string, AttributeParser> = new Map([
  ['speaker', idParser('speaker')],
  ['kind', kindParser],
  ['question', idParser('question')],
  ['position', idParser('position')],
  ['code', codeParser],
  ['timecode', timecodeParser],
  ['end', endParser],
  ['reply-to', idParser('replyTo')],
  ['continues', idParser('continues')],
  ['signed-as', signedAsParser],
  ['supports', relationParser('supports')],
  ['attacks', relationParser('attacks')],
]);

function readUnit(parsed: ParsedUnit, debate: string, report: Reporter): UnitEntry {
  const label = parsed.id ? `unit "${parsed.id}"` : 'unit';
  if (!parsed.id) report.error(parsed.line, 'a unit heading needs an id: `## unit-id`');
  else if (!UNIT_ID.test(parsed.id)) report.error(parsed.line, `unit id "${parsed.id}" is malformed: use at most 100 lower-case letters, digits, \`-\`, \`_\` and \`.\`, starting with a letter or digit`);
  const { draft, lines } = readAttributes(parsed, label, report);
  for (const key of ['speaker', 'kind'] as const) if (!lines.has(key)) report.error(parsed.line, `${label} is missing \`- ${key}:\``);
  if (draft.position !== undefined && draft.question === undefined) report.error(lines.get('position') ?? parsed.line, `${label} has a position but no question`);
  if (draft.endTimecode !== undefined && (draft.timecode === undefined || timecodeSeconds(draft.endTimecode) < timecodeSeconds(draft.timecode))) {
    report.error(lines.get('end') ?? parsed.line, `${label} has an end that is not after its timecode`);
  }
  if (parsed.text === '') report.error(parsed.line, `${label} has no text`);
  else if (parsed.text.length > MAX_UNIT_TEXT) {
    report.error(parsed.line, `${label} has ${parsed.text.length.toLocaleString('en')} characters of text, more than the ${MAX_UNIT_TEXT.toLocaleString('en')} a unit may hold: split it into several units`);
  }
  const value = buildUnit(parsed, debate, draft, report.file);
  return { id: parsed.id, value, file: report.file, line: parsed.line, draft, lines };
}

function readAttributes(parsed: ParsedUnit, label: string, report: Reporter): { draft: UnitDraft; lines: Map<string, number> } {
  const draft: UnitDraft = { relations: [], extraCodes: [] };
  const lines = new Map<string, number>();
  for (const { key, value, line } of parsed.attributes) {
    const parse = UNIT_ATTRIBUTES.get(key);
    if (!parse) report.error(line, `unknown attribute \`${key}\` in ${label} (known: ${[...UNIT_ATTRIBUTES.keys()].join(', ')})`);
    else if (lines.has(key) && !REPEATABLE_ATTRIBUTES.has(key)) report.error(line, `${label} has \`${key}\` twice (first at line ${lines.get(key)})`);
    else if (value === '') report.error(line, `\`${key}\` of ${label} has no value`);
    else {
      const message = parse(value, draft);
      if (message) report.error(line, message);
      const added = draft.extraCodes[draft.extraCodes.length - 1];
      if (key === 'code' && !message && added) added.line = line;
    }
    if (parse && !lines.has(key)) lines.set(key, line);
  }
  return { draft, lines };
}

function buildUnit(parsed: ParsedUnit, debate: string, draft: UnitDraft, file: string): Unit | undefined {
  const { speaker, kind, relations, extraCodes, question, position, ...optional } = draft;
  if (!parsed.id || speaker === undefined || kind === undefined || parsed.text === '') return undefined;
  const unit: Unit = { id: parsed.id, debate, speaker, kind, text: parsed.text, relations, order: 0, origin: { file, line: parsed.line } };
  return withCodes(withDefined(unit, optional), draftCodes({ question, position, extraCodes }));
}

/** The unit's codes as written: `question`/`position` first, then each `- code:` line. */
function draftCodes(draft: Pick<UnitDraft, 'question' | 'position' | 'extraCodes'>): UnitCode[] {
  const first: UnitCode[] = draft.question === undefined ? [] : [draft.position === undefined ? { question: draft.question } : { question: draft.question, position: draft.position }];
  return [...first, ...draft.extraCodes.map((c) => c.code)];
}

/** Adds the optional fields that have a value, so that absent ones are absent rather than undefined. */
function withDefined<T extends object>(target: T, optional: Partial<T>): T {
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(target, { [key]: value });
  return target;
}

// ---------------------------------------------------------------------------------------------
// Cross-file checks

interface Registry {
  speakers: Map<string, Speaker>;
  questions: Map<string, Question>;
  units: Set<string>;
}

function checkUnique(
  entries: readonly { id: string; file: string; line: number }[],
  label: string,
  problems: { in(file: string): Reporter },
  where = '',
): void {
  const first = new Map<string, { file: string; line: number }>();
  for (const entry of entries) {
    if (entry.id === '') continue;
    const seen = first.get(entry.id);
    if (seen) problems.in(entry.file).error(entry.line, `duplicate ${label} "${entry.id}"${where} (first at ${seen.file}:${seen.line})`);
    else first.set(entry.id, entry);
  }
}

function checkParticipants(debate: DebateEntry, registry: Registry, report: Reporter): void {
  for (const participant of debate.participants) {
    if (!registry.speakers.has(participant.text)) report.error(participant.line, `unknown participant "${participant.text}": no speaker has this id`);
  }
}

function checkUnitReferences(unit: UnitEntry, registry: Registry, report: Reporter): void {
  const { draft, lines } = unit;
  const at = (key: string): number => lines.get(key) ?? unit.line;
  const speaker = draft.speaker === undefined ? undefined : registry.speakers.get(draft.speaker);
  if (draft.speaker !== undefined && !speaker) report.error(at('speaker'), `unknown speaker "${draft.speaker}": no speaker has this id`);
  // A signature is how the source names the speaker: keeping it among the speaker's names means
  // searching any of them finds every unit of that person.
  if (speaker && draft.signedAs !== undefined && draft.signedAs !== speaker.name && !speaker.aliases.includes(draft.signedAs)) {
    report.error(at('signed-as'), `\`signed-as\` "${draft.signedAs}" is neither the name nor an alias of speaker "${speaker.id}": add it to the speaker's aliases`);
  }
  const question = draft.question === undefined ? undefined : registry.questions.get(draft.question);
  if (draft.question !== undefined && !question) report.error(at('question'), `unknown question "${draft.question}": no question has this id`);
  if (question && draft.position !== undefined && !question.positions.some((p) => p.id === draft.position)) {
    const known = question.positions.map((p) => p.id).join(', ');
    report.error(at('position'), `unknown position "${draft.position}" of question "${question.id}" (its positions: ${known || 'none'})`);
  }
  const seen: { code: UnitCode; line: number }[] = draftCodes({ ...draft, extraCodes: [] }).map((code) => ({ code, line: at('question') }));
  for (const { code, line } of draft.extraCodes) {
    const message = codeProblem(code, registry.questions);
    if (message) report.error(line, message);
    const earlier = seen.find((s) => sameCode(s.code, code));
    if (earlier) report.error(line, `unit "${unit.id}" has code "${formatCode(code)}" twice (first at line ${earlier.line})`);
    else seen.push({ code, line });
  }
  const links: [string, string | undefined][] = [
    ['reply-to', draft.replyTo],
    ['continues', draft.continues],
    ...draft.relations.map((r): [string, string] => [r.type, r.target]),
  ];
  for (const [key, target] of links) {
    if (target === undefined) continue;
    if (!registry.units.has(target)) report.error(at(key), `\`${key}\`: unknown unit "${target}"`);
    else if (target === unit.id && (key === 'reply-to' || key === 'continues')) report.error(at(key), `unit "${unit.id}" ${key === 'reply-to' ? 'replies to' : 'continues'} itself`);
  }
}

/** Why a code does not resolve against the questions, or undefined when it does. */
export function codeProblem(code: UnitCode, questions: ReadonlyMap<string, Question>): string | undefined {
  const question = questions.get(code.question);
  if (!question) return `unknown question "${code.question}": no question has this id`;
  if (code.position !== undefined && !question.positions.some((p) => p.id === code.position)) {
    const known = question.positions.map((p) => p.id).join(', ');
    return `unknown position "${code.position}" of question "${question.id}" (its positions: ${known || 'none'})`;
  }
  return undefined;
}

/**
 * `reply-to` and `continues` must not loop: a thread shown as a tree needs a root. Each unit has at
 * most one of each, so following them from any unit either ends or comes back; every loop (of any
 * length, through either attribute) is reported once, at the attribute of its first unit in file
 * order. A unit pointing at itself is already reported by checkUnitReferences.
 */
function checkThreadCycles(units: readonly UnitEntry[], problems: ProblemList): void {
  const byId = new Map<string, UnitEntry>();
  for (const unit of units) if (unit.id !== '' && !byId.has(unit.id)) byId.set(unit.id, unit);
  const next = (unit: UnitEntry): [string, UnitEntry][] =>
    (['replyTo', 'continues'] as const).flatMap((key) => {
      const target = unit.draft[key];
      const found = target === undefined || target === unit.id ? undefined : byId.get(target);
      return found ? [[key === 'replyTo' ? 'reply-to' : 'continues', found] as [string, UnitEntry]] : [];
    });
  // Iterative depth-first search with three colours: a grey unit reached again closes a loop.
  const colour = new Map<UnitEntry, 'grey' | 'black'>();
  for (const start of byId.values()) {
    if (colour.has(start)) continue;
    const path: { unit: UnitEntry; edges: [string, UnitEntry][]; at: number; via: string }[] = [{ unit: start, edges: next(start), at: 0, via: '' }];
    colour.set(start, 'grey');
    while (path.length > 0) {
      const top = path[path.length - 1]!;
      if (top.at >= top.edges.length) {
        colour.set(top.unit, 'black');
        path.pop();
        continue;
      }
      const [key, target] = top.edges[top.at++]!;
      const seen = colour.get(target);
      if (seen === 'black') continue;
      if (seen === 'grey') {
        const from = path.findIndex((frame) => frame.unit === target);
        const loop = path.slice(from);
        const steps = loop.map((frame, i) => `${frame.unit.id} ${(i + 1 < loop.length ? loop[i + 1]!.via : key) === 'reply-to' ? 'replies to' : 'continues'}`);
        const first = [...loop].sort((a, b) => units.indexOf(a.unit) - units.indexOf(b.unit))[0]!.unit;
        const firstAt = loop.findIndex((frame) => frame.unit === first);
        const firstKey = firstAt + 1 < loop.length ? loop[firstAt + 1]!.via : key;
        problems.in(first.file).error(first.lines.get(firstKey) ?? first.line, `\`reply-to\`/\`continues\` go round in a loop: ${steps.join(' ')} ${target.id}`);
        continue;
      }
      colour.set(target, 'grey');
      path.push({ unit: target, edges: next(target), at: 0, via: key });
    }
  }
}

function warnUnused(speakers: Located<Speaker>[], questions: Located<Question>[], debates: DebateEntry[], problems: ProblemList): void {
  const units = debates.flatMap((d) => d.units);
  const usedSpeakers = new Set([...units.map((u) => u.draft.speaker), ...debates.flatMap((d) => d.participants.map((p) => p.text))]);
  const usedQuestions = new Set(units.flatMap((u) => [u.draft.question, ...u.draft.extraCodes.map((c) => c.code.question)]));
  for (const speaker of speakers) {
    if (!usedSpeakers.has(speaker.id)) problems.in(speaker.file).warning(speaker.line, `speaker "${speaker.id}" is used by no unit and no debate`);
  }
  for (const question of questions) {
    const report = problems.in(question.file);
    if (question.value.positions.length === 1) report.warning(question.line, `question "${question.id}" has a single position`);
    if (!usedQuestions.has(question.id)) report.warning(question.line, `question "${question.id}" is used by no unit`);
  }
}
