// The corpus model: plain typed data shared by the server, the indexer and every script.
// Nothing here knows about HTTP, files or search engines.

/** The forms an argument unit can take in its source. */
export const UNIT_KINDS = ['argument', 'turn', 'comment', 'author-view'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** How one unit relates to another, besides replying to it. */
export const RELATION_TYPES = ['supports', 'attacks'] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

export const MEDIA = ['video', 'podcast', 'blog-post', 'panel', 'interview', 'transcript', 'article', 'dataset', 'argument-map', 'other'] as const;
export type Medium = (typeof MEDIA)[number];

/** A link out of the corpus: a pingback, an article the author recommends, a licence. */
export interface SourceLink {
  title: string;
  url?: string;
  /** e.g. "pingback", "reading", "licence", "citation" */
  kind?: string;
}

export interface Debate {
  slug: string;
  title: string;
  /**
   * ISO 8601 date with year, month or day precision: "2010", "2010-07" or "2010-07-12"; '' when the
   * source gives no date (such debates sort first).
   */
  date: string;
  medium: Medium;
  sourceUrl?: string;
  /** BCP 47 language tag of the debate's text, e.g. "fr". */
  language: string;
  /** Speaker ids. */
  participants: string[];
  /** Markdown, in the debate's `language`. */
  summary: string;
  /** The summary translated into French or English (front matter `summary-fr`, `summary-en`), Markdown. */
  summaryFr?: string;
  summaryEn?: string;
  /**
   * The recording: an audio or video file, or a page on a video platform (server/media.ts tells
   * which).
   */
  mediaUrl?: string;
  /** Where the time codes' zero is in the recording ("mm:ss" or "hh:mm:ss"): added to every time code. */
  mediaOffset?: string;
  /** Linked sources that are not speakers: pingbacks, recommended readings, licences. */
  sources: SourceLink[];
  /** Free-form attribution or licence note carried from an imported dataset. */
  licence?: string;
  citation?: string;
}

export interface SpeakerLink {
  label?: string;
  url: string;
}

export interface Speaker {
  /** Stable id, kebab-case. */
  id: string;
  name: string;
  /** Other signatures, handles and spellings of the same person. */
  aliases: string[];
  links: SpeakerLink[];
  /** In French (the corpus language), Markdown; may be empty. */
  description: string;
  /** In English, when given: the English pages show it, the French ones fall back to it, marked. */
  descriptionEn?: string;
}

export interface Position {
  /** Unique within its question. */
  id: string;
  label: string;
  /** English label, when the question's language is not English. */
  labelEn?: string;
  /** In French; may be empty. */
  description: string;
  /** In English, when given. */
  descriptionEn?: string;
}

export interface Question {
  id: string;
  /** Title in the corpus language. */
  title: string;
  titleEn: string;
  /** In French, Markdown; may be empty. */
  description: string;
  /** In English, when given. */
  descriptionEn?: string;
  positions: Position[];
}

/** One code of a unit: a question it speaks to, and the position it takes on it (if any). */
export interface UnitCode {
  question: string;
  position?: string;
}

/** A unit's codes: `codes` when set, else the single code its `question`/`position` make. */
export function unitCodes(unit: Pick<Unit, 'question' | 'position' | 'codes'>): UnitCode[] {
  if (unit.codes) return unit.codes;
  if (unit.question === undefined) return [];
  return [unit.position === undefined ? { question: unit.question } : { question: unit.question, position: unit.position }];
}

/**
 * The unit with these codes (duplicates dropped, order kept), `question`/`position` set from the
 * first one (or removed when there is none), so that every reader agrees.
 */
export function withCodes<T extends Pick<Unit, 'question' | 'position' | 'codes'>>(unit: T, codes: readonly UnitCode[]): T {
  const kept: UnitCode[] = [];
  for (const code of codes) if (!kept.some((k) => sameCode(k, code))) kept.push(code.position === undefined ? { question: code.question } : { question: code.question, position: code.position });
  const next = { ...unit, codes: kept };
  delete next.question;
  delete next.position;
  const first = kept[0];
  if (first) {
    next.question = first.question;
    if (first.position !== undefined) next.position = first.position;
  }
  return next;
}

export function sameCode(a: UnitCode, b: UnitCode): boolean {
  return a.question === b.question && (a.position ?? null) === (b.position ?? null);
}

/** A code as written in a `- code:` line, a coding sheet and a position filter: "question:position" or "question". */
export function formatCode(code: UnitCode): string {
  return code.position === undefined ? code.question : `${code.question}:${code.position}`;
}

/** Reads "question:position" or "question"; undefined when a part is empty. */
export function parseCode(text: string): UnitCode | undefined {
  const trimmed = text.trim();
  const at = trimmed.indexOf(':');
  if (at < 0) return trimmed === '' ? undefined : { question: trimmed };
  const question = trimmed.slice(0, at).trim();
  const position = trimmed.slice(at + 1).trim();
  if (question === '' || position === '') return undefined;
  return { question, position };
}

export interface UnitRelation {
  type: RelationType;
  /** Unit id. */
  target: string;
}

export interface Unit {
  /** Stable id, written in the data file: it survives re-imports and edits elsewhere. */
  id: string;
  /** Debate slug. */
  debate: string;
  /** Speaker id. */
  speaker: string;
  kind: UnitKind;
  /** Markdown, verbatim from the source. */
  text: string;
  /** The first code's question and position (`codes[0]`), kept for callers that read one code. */
  question?: string;
  position?: string;
  /**
   * Every code of the unit, in the order written: a unit may answer several questions, or take
   * several positions on one. Absent on units built before codes existed: read through unitCodes().
   */
  codes?: UnitCode[];
  /** "hh:mm:ss" or "mm:ss" into the debate's media. */
  timecode?: string;
  /** Where the unit ends in the media, when the source says ("hh:mm:ss" or "mm:ss"). */
  endTimecode?: string;
  /** Unit id this one answers. */
  replyTo?: string;
  /** Unit id of the previous part, when one comment or turn is split into several units. */
  continues?: string;
  /** The name the unit is signed with in the source ("sebmaster"), one of the speaker's names or aliases. */
  signedAs?: string;
  relations: UnitRelation[];
  /** 1-based order in the debate. */
  order: number;
  /** Where the unit is written, for messages: "data/debates/x.md:42". */
  origin?: SourceOrigin;
}

export interface SourceOrigin {
  file: string;
  line: number;
}

export interface Corpus {
  debates: Debate[];
  speakers: Speaker[];
  questions: Question[];
  /** In debate order, then unit order. */
  units: Unit[];
}

export const emptyCorpus = (): Corpus => ({ debates: [], speakers: [], questions: [], units: [] });

/** Lookups built once over a validated corpus. */
export interface CorpusIndex {
  corpus: Corpus;
  debateBySlug: Map<string, Debate>;
  speakerById: Map<string, Speaker>;
  questionById: Map<string, Question>;
  unitById: Map<string, Unit>;
  unitsByDebate: Map<string, Unit[]>;
  /** Units whose replyTo is the key. */
  repliesTo: Map<string, Unit[]>;
}

export function indexCorpus(corpus: Corpus): CorpusIndex {
  const unitsByDebate = new Map<string, Unit[]>();
  const repliesTo = new Map<string, Unit[]>();
  const unitById = new Map<string, Unit>();
  // One loop, no [key, value] pair per unit: this runs at every start (100k units).
  for (const unit of corpus.units) {
    unitById.set(unit.id, unit);
    pushTo(unitsByDebate, unit.debate, unit);
    if (unit.replyTo) pushTo(repliesTo, unit.replyTo, unit);
  }
  return {
    corpus,
    debateBySlug: new Map(corpus.debates.map((d) => [d.slug, d])),
    speakerById: new Map(corpus.speakers.map((s) => [s.id, s])),
    questionById: new Map(corpus.questions.map((q) => [q.id, q])),
    unitById,
    unitsByDebate,
    repliesTo,
  };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function findPosition(question: Question | undefined, positionId: string | undefined): Position | undefined {
  if (!question || !positionId) return undefined;
  return question.positions.find((p) => p.id === positionId);
}
