// Browsing the corpus: speakers, questions, debates and units, read straight from the corpus index
// (no search engine involved, so these pages work even when the engine is down).

import type { AppDeps } from '../app-deps.ts';
import { findPosition, unitCodes, type CorpusIndex, type Debate, type Medium, type Question, type SourceLink, type SpeakerLink, type Unit, type UnitCode, type UnitKind } from '../corpus/model.ts';
import { NotFoundError } from '../errors.ts';
import { positionKey } from '../search/documents.ts';
import { unitUrl } from '../permalinks.ts';
import { citationRecord, citationText } from './citations.ts';
import { excerpt } from './excerpt.ts';
import { countOf, countPositions, positionKeys, unitCodes as positionCodes } from './position-grid.ts';

type CorpusDeps = Pick<AppDeps, 'corpus'>;

/** A unit as lists show it. */
export interface UnitView {
  id: string;
  debate: string;
  debateTitle: string;
  date: string;
  speaker: string;
  speakerName: string;
  /** The first code's question (see `codes` for all of them). */
  question: string | null;
  /** The first code's qualified key "question:position". */
  position: string | null;
  positionLabel: string | null;
  positionLabelEn: string | null;
  /** Every code of the unit, in the order written. */
  codes: CodeView[];
  kind: UnitKind;
  /** Markdown, verbatim. */
  text: string;
  timecode: string | null;
  /** The name the unit is signed with in the source, when it has one. */
  signedAs: string | null;
  order: number;
  replyTo: string | null;
  continues: string | null;
  /** Ids of the units answering this one. */
  replies: string[];
  relations: { type: 'supports' | 'attacks'; target: string }[];
  url: string;
}

/** One code of a unit: a question, and the position taken on it when there is one. */
export interface CodeView {
  question: string;
  questionTitle: string;
  questionTitleEn: string;
  /** Qualified key "question:position", or null for a code on the question alone. */
  position: string | null;
  positionLabel: string | null;
  positionLabelEn: string | null;
}

/** A short reference to another unit (a reply, a relation target). */
export interface UnitRef {
  id: string;
  speaker: string;
  speakerName: string;
  debate: string;
  debateTitle: string;
  kind: UnitKind;
  /** The start of the text, plain Markdown, at most about 200 characters. */
  excerpt: string;
  url: string;
}

export interface SpeakerSummary {
  id: string;
  name: string;
  aliases: string[];
  units: number;
  debates: number;
}

export interface QuestionRef {
  id: string;
  title: string;
  titleEn: string;
}

export interface PositionCount {
  /** Qualified key "question:position". */
  key: string;
  id: string;
  label: string;
  labelEn: string | null;
  /** In French; `descriptionEn` in English (null when not given). */
  description: string;
  descriptionEn: string | null;
  count: number;
}

export interface SpeakerDetail {
  id: string;
  name: string;
  aliases: string[];
  links: SpeakerLink[];
  description: string;
  descriptionEn: string | null;
  debates: DebateSummary[];
  /** Per question the speaker spoke to: the positions taken (count > 0 only), and units on it without position. */
  positions: { question: QuestionRef; positions: PositionCount[]; unpositioned: number }[];
  units: UnitView[];
  /** Set when the units were asked for a page at a time (the API): which page `units` holds. */
  unitsPage?: UnitsPage;
}

/** A page of an item's units: the API answers one page, never every unit of a 20,000-unit debate. */
export interface UnitsPaging {
  page: number;
  limit: number;
}

export interface UnitsPage extends UnitsPaging {
  /** Units of the item in all (each unit once per group it is listed under, for a question). */
  total: number;
  pages: number;
}

export function unitsPage(paging: UnitsPaging, total: number): UnitsPage {
  return { page: paging.page, limit: paging.limit, total, pages: Math.max(1, Math.ceil(total / paging.limit)) };
}

/** The items of one page (empty past the last page), or all of them without paging. */
export function pageItems<T>(items: readonly T[], paging: UnitsPaging | undefined): readonly T[] {
  if (!paging) return items;
  const start = (paging.page - 1) * paging.limit;
  return items.slice(start, start + paging.limit);
}

export interface QuestionSummary extends QuestionRef {
  description: string;
  descriptionEn: string | null;
  positions: PositionCount[];
  units: number;
  speakers: number;
}

export interface QuestionDetail extends QuestionSummary {
  matrix: {
    speakers: { id: string; name: string }[];
    positions: { key: string; label: string; labelEn: string | null }[];
    /** Dense: one cell per speaker × position, count 0 included; `position` null counts units without position. */
    cells: { speaker: string; position: string | null; count: number }[];
  };
  /** Every position in order, then units without position if any. With paging, each group holds its units on the page. */
  groups: { position: string | null; label: string | null; labelEn: string | null; units: UnitView[] }[];
  unitsPage?: UnitsPage;
}

export interface DebateSummary {
  slug: string;
  title: string;
  date: string;
  medium: Medium;
  language: string;
  units: number;
}

export interface DebateDetail extends Omit<DebateSummary, 'units'> {
  sourceUrl: string | null;
  mediaUrl: string | null;
  mediaOffset: string | null;
  participants: { id: string; name: string }[];
  /** Markdown, in the debate's language; the translations into French and English when given. */
  summary: string;
  summaryFr: string | null;
  summaryEn: string | null;
  sources: SourceLink[];
  licence: string | null;
  citation: string | null;
  /** In debate order, each with the ids of its replies. */
  units: UnitView[];
  /** Relations between units, in and out of this debate, touching its units (those of the page, with paging). */
  relations: { source: string; type: 'supports' | 'attacks'; target: string }[];
  unitsPage?: UnitsPage;
}

/** A unit with its neighbours resolved: what the permalink page shows. */
export interface UnitDetail extends Omit<UnitView, 'replyTo' | 'replies' | 'continues' | 'relations'> {
  debateInfo: { slug: string; title: string; date: string; medium: Medium; sourceUrl: string | null; mediaUrl: string | null };
  questionInfo: QuestionRef | null;
  replyTo: UnitRef | null;
  replies: UnitRef[];
  /** The previous part, when a comment is split into several units. */
  continues: UnitRef | null;
  /** The next parts. */
  continuedBy: UnitRef[];
  /** Outgoing (this unit supports / attacks) and incoming (supported / attacked by). */
  relations: { supports: UnitRef[]; attacks: UnitRef[]; supportedBy: UnitRef[]; attackedBy: UnitRef[] };
  /** "Speaker, “Debate title”, date. Source: URL. Permalink: URL" */
  citation: string;
}

// Reverse lookups built once per corpus index; the index is immutable once served.
interface Reverse {
  incoming: Map<string, { type: 'supports' | 'attacks'; source: string }[]>;
  continuedBy: Map<string, Unit[]>;
  unitsBySpeaker: Map<string, Unit[]>;
  unitsByQuestion: Map<string, Unit[]>;
}
const reverseCache = new WeakMap<CorpusIndex, Reverse>();

function reverse(index: CorpusIndex): Reverse {
  const cached = reverseCache.get(index);
  if (cached) return cached;
  const built: Reverse = { incoming: new Map(), continuedBy: new Map(), unitsBySpeaker: new Map(), unitsByQuestion: new Map() };
  for (const unit of index.corpus.units) {
    for (const relation of unit.relations) push(built.incoming, relation.target, { type: relation.type, source: unit.id });
    if (unit.continues) push(built.continuedBy, unit.continues, unit);
    push(built.unitsBySpeaker, unit.speaker, unit);
    const codes = unitCodes(unit);
    // Most units have no code or one: no Set for them (this runs over every unit at start).
    if (codes.length === 1) push(built.unitsByQuestion, (codes[0] as UnitCode).question, unit);
    else if (codes.length > 1) for (const question of new Set(codes.map((c) => c.question))) push(built.unitsByQuestion, question, unit);
  }
  reverseCache.set(index, built);
  return built;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function speakerName(index: CorpusIndex, id: string): string {
  return index.speakerById.get(id)?.name ?? id;
}

function toCodeView(index: CorpusIndex, code: UnitCode): CodeView | undefined {
  const question = index.questionById.get(code.question);
  if (!question) return undefined;
  const position = findPosition(question, code.position);
  return {
    question: question.id,
    questionTitle: question.title,
    questionTitleEn: question.titleEn,
    position: position ? positionKey(question.id, position.id) : null,
    positionLabel: position?.label ?? null,
    positionLabelEn: position?.labelEn ?? null,
  };
}

/** The position ids a unit takes on a question (undefined for a code on the question alone). */
function positionsOn(unit: Unit, questionId: string): (string | undefined)[] {
  return unitCodes(unit)
    .filter((c) => c.question === questionId)
    .map((c) => c.position);
}

/** Whether a unit speaks to a question without taking any position on it. */
function unpositionedOn(unit: Unit, question: Question): boolean {
  const positions = positionsOn(unit, question.id);
  return positions.length > 0 && positions.every((p) => !findPosition(question, p));
}

export function toUnitView(index: CorpusIndex, unit: Unit): UnitView {
  const codes = unitCodes(unit)
    .map((c) => toCodeView(index, c))
    .filter((c): c is CodeView => c !== undefined);
  const first = codes[0];
  const debate = index.debateBySlug.get(unit.debate);
  return {
    id: unit.id,
    debate: unit.debate,
    debateTitle: debate?.title ?? unit.debate,
    date: debate?.date ?? '',
    speaker: unit.speaker,
    speakerName: speakerName(index, unit.speaker),
    question: first?.question ?? null,
    position: first?.position ?? null,
    positionLabel: first?.positionLabel ?? null,
    positionLabelEn: first?.positionLabelEn ?? null,
    codes,
    kind: unit.kind,
    text: unit.text,
    timecode: unit.timecode ?? null,
    signedAs: unit.signedAs ?? null,
    order: unit.order,
    replyTo: unit.replyTo ?? null,
    continues: unit.continues ?? null,
    replies: (index.repliesTo.get(unit.id) ?? []).map((u) => u.id),
    relations: unit.relations.map((r) => ({ type: r.type, target: r.target })),
    url: unitUrl(unit.id),
  };
}

function toUnitRef(index: CorpusIndex, unit: Unit): UnitRef {
  return {
    id: unit.id,
    speaker: unit.speaker,
    speakerName: speakerName(index, unit.speaker),
    debate: unit.debate,
    debateTitle: index.debateBySlug.get(unit.debate)?.title ?? unit.debate,
    kind: unit.kind,
    excerpt: excerpt(unit.text),
    url: unitUrl(unit.id),
  };
}

function refById(index: CorpusIndex, id: string | undefined): UnitRef | null {
  const unit = id ? index.unitById.get(id) : undefined;
  return unit ? toUnitRef(index, unit) : null;
}

/** Short references to these units (unknown ids left out), for lists such as similar arguments. */
export function refsById(index: CorpusIndex, ids: readonly string[]): UnitRef[] {
  return ids.map((id) => refById(index, id)).filter((r): r is UnitRef => r !== null);
}

function debateSummary(index: CorpusIndex, debate: Debate): DebateSummary {
  return {
    slug: debate.slug,
    title: debate.title,
    date: debate.date,
    medium: debate.medium,
    language: debate.language,
    units: index.unitsByDebate.get(debate.slug)?.length ?? 0,
  };
}

function questionRef(question: Question): QuestionRef {
  return { id: question.id, title: question.title, titleEn: question.titleEn };
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

// ---------------------------------------------------------------- speakers

/**
 * The lists of speakers, questions and debates depend on the corpus alone: each is built once per
 * corpus (held as long as the corpus is) and handed out as a copy of the array. At 100k units the
 * list of 2,000 speakers took about 100 ms to build, and the compare form asks for it every time.
 */
export interface CorpusLists {
  speakers?: SpeakerSummary[];
  questions?: QuestionSummary[];
  debates?: DebateSummary[];
}

const listCache = new WeakMap<CorpusIndex, CorpusLists>();

function cachedList<K extends keyof CorpusLists>(index: CorpusIndex, key: K, build: () => NonNullable<CorpusLists[K]>): NonNullable<CorpusLists[K]> {
  let lists = listCache.get(index);
  if (!lists) {
    lists = {};
    listCache.set(index, lists);
  }
  const list = lists[key] ?? build();
  lists[key] = list;
  return [...list] as NonNullable<CorpusLists[K]>;
}

/** The three lists of this corpus, built now when they are not yet (the corpus cache keeps them between starts). */
export function catalogLists(index: CorpusIndex): Required<CorpusLists> {
  const deps = { corpus: index };
  return { speakers: listSpeakers(deps), questions: listQuestions(deps), debates: listDebates(deps) };
}

/** Lists read back from the corpus cache for this very corpus (same files, same code): not built again. */
export function seedCatalogLists(index: CorpusIndex, lists: Required<CorpusLists>): void {
  listCache.set(index, { speakers: lists.speakers, questions: lists.questions, debates: lists.debates });
}

/**
 * Builds what the catalog keeps per corpus (who answers whom, units by speaker and question, the
 * lists) before the corpus serves, so that no request pays for it (about 150 ms at 100k units).
 */
export function prepareCatalog(index: CorpusIndex): void {
  const deps = { corpus: index };
  reverse(index);
  listSpeakers(deps);
  listQuestions(deps);
  listDebates(deps);
}

export function listSpeakers(deps: CorpusDeps): SpeakerSummary[] {
  const index = deps.corpus;
  return cachedList(index, 'speakers', () => {
    const { unitsBySpeaker } = reverse(index);
    const participantOf = new Map<string, string[]>();
    for (const debate of index.corpus.debates) for (const id of debate.participants) push(participantOf, id, debate.slug);
    return index.corpus.speakers
      .map((speaker) => {
        const units = unitsBySpeaker.get(speaker.id) ?? [];
        const debates = new Set(units.map((u) => u.debate));
        for (const slug of participantOf.get(speaker.id) ?? []) debates.add(slug);
        return { id: speaker.id, name: speaker.name, aliases: [...speaker.aliases], units: units.length, debates: debates.size };
      })
      .sort((a, b) => collator.compare(a.name, b.name));
  });
}

export function getSpeaker(deps: CorpusDeps, id: string, paging?: UnitsPaging): SpeakerDetail {
  const index = deps.corpus;
  const speaker = index.speakerById.get(id);
  if (!speaker) throw new NotFoundError(`unknown speaker "${id}"`, { key: 'reason.unknownSpeaker', vars: { id: id } });
  const units = reverse(index).unitsBySpeaker.get(id) ?? [];
  // One pass over the units (not one per debate: at 100k units that held the event loop 150 ms).
  const unitsInDebate = new Map<string, number>();
  for (const unit of units) unitsInDebate.set(unit.debate, (unitsInDebate.get(unit.debate) ?? 0) + 1);
  const debates = index.corpus.debates.filter((d) => d.participants.includes(id) || unitsInDebate.has(d.slug));

  const positions: SpeakerDetail['positions'] = [];
  const unitsOnQuestion = new Map<string, Unit[]>();
  // Each unit once per question it has a code on (a unit can carry several codes, issue 14).
  for (const unit of units) for (const question of new Set(unitCodes(unit).map((c) => c.question))) push(unitsOnQuestion, question, unit);
  for (const question of index.corpus.questions) {
    const onQuestion = unitsOnQuestion.get(question.id) ?? [];
    if (onQuestion.length === 0) continue;
    const counts = question.positions
      .map((p) => ({ ...positionCount(question, p.id, onQuestion) }))
      .filter((p) => p.count > 0);
    const unpositioned = onQuestion.filter((u) => unpositionedOn(u, question)).length;
    positions.push({ question: questionRef(question), positions: counts, unpositioned });
  }

  return {
    id: speaker.id,
    name: speaker.name,
    aliases: [...speaker.aliases],
    links: speaker.links.map((l) => ({ ...l })),
    description: speaker.description,
    descriptionEn: speaker.descriptionEn ?? null,
    debates: debates.map((d) => ({ ...debateSummary(index, d), units: unitsInDebate.get(d.slug) ?? 0 })),
    positions,
    units: pageItems(units, paging).map((u) => toUnitView(index, u)),
    ...(paging ? { unitsPage: unitsPage(paging, units.length) } : {}),
  };
}

function positionCount(question: Question, positionId: string, units: readonly Unit[]): PositionCount {
  const position = findPosition(question, positionId)!;
  return {
    key: positionKey(question.id, position.id),
    id: position.id,
    label: position.label,
    labelEn: position.labelEn ?? null,
    description: position.description,
    descriptionEn: position.descriptionEn ?? null,
    count: units.filter((u) => positionsOn(u, question.id).includes(position.id)).length,
  };
}

/**
 * positionCount for each of the question's positions, in one pass over the units instead of one
 * per position (the list of questions is built at every start). A unit's codes are distinct, so
 * each code on a position counts its unit once.
 */
function positionCounts(question: Question, units: readonly Unit[]): PositionCount[] {
  const counts = new Map<string, number>(question.positions.map((p) => [p.id, 0]));
  for (const unit of units) {
    for (const code of unitCodes(unit)) {
      if (code.question !== question.id || code.position === undefined) continue;
      const count = counts.get(code.position);
      if (count !== undefined) counts.set(code.position, count + 1);
    }
  }
  return question.positions.map((p) => ({ ...positionCount(question, p.id, []), count: counts.get(p.id) ?? 0 }));
}

// ---------------------------------------------------------------- questions

function questionSummary(index: CorpusIndex, question: Question): QuestionSummary {
  const units = reverse(index).unitsByQuestion.get(question.id) ?? [];
  return {
    ...questionRef(question),
    description: question.description,
    descriptionEn: question.descriptionEn ?? null,
    positions: positionCounts(question, units),
    units: units.length,
    speakers: new Set(units.map((u) => u.speaker)).size,
  };
}

/** A question's units, in corpus order (each once, whatever its codes there). */
export function unitsOnQuestion(index: CorpusIndex, id: string): readonly Unit[] {
  return reverse(index).unitsByQuestion.get(id) ?? [];
}

export function listQuestions(deps: CorpusDeps): QuestionSummary[] {
  return cachedList(deps.corpus, 'questions', () => deps.corpus.corpus.questions.map((q) => questionSummary(deps.corpus, q)));
}

export function getQuestion(deps: CorpusDeps, id: string, paging?: UnitsPaging): QuestionDetail {
  const index = deps.corpus;
  const question = index.questionById.get(id);
  if (!question) throw new NotFoundError(`unknown question "${id}"`, { key: 'reason.unknownQuestion', vars: { id: id } });
  const units = reverse(index).unitsByQuestion.get(id) ?? [];
  const views = units.map((u) => toUnitView(index, u));
  // A unit is listed once under each position key it is counted under in the matrix
  // (`positionKeys`: "no position" only when it takes none on this question). One pass.
  const listed = new Map<string | null, UnitView[]>([...question.positions.map((p): [string, UnitView[]] => [positionKey(id, p.id), []]), [null, []]]);
  for (const view of views) for (const key of positionKeys(positionCodes(view), id)) listed.get(key)?.push(view);
  const unpositioned = listed.get(null) ?? [];
  const hasUnpositioned = unpositioned.length > 0;

  const speakerIds = [...new Set(units.map((u) => u.speaker))];
  const speakers = speakerIds.map((s) => ({ id: s, name: speakerName(index, s) })).sort((a, b) => collator.compare(a.name, b.name));
  const positions = question.positions.map((p) => ({ key: positionKey(id, p.id), label: p.label, labelEn: p.labelEn ?? null }));
  // One pass over the units; a unit counts under each of its codes (position-grid.ts).
  const counts = countPositions(views.map((v) => ({ speaker: v.speaker, codes: positionCodes(v) })), id);
  const cells: QuestionDetail['matrix']['cells'] = [];
  for (const speaker of speakers) {
    for (const position of positions) cells.push({ speaker: speaker.id, position: position.key, count: countOf(counts, speaker.id, position.key) });
    if (hasUnpositioned) cells.push({ speaker: speaker.id, position: null, count: countOf(counts, speaker.id, null) });
  }

  const groups: QuestionDetail['groups'] = question.positions.map((p) => ({
    position: positionKey(id, p.id),
    label: p.label,
    labelEn: p.labelEn ?? null,
    units: listed.get(positionKey(id, p.id)) ?? [],
  }));
  if (hasUnpositioned) groups.push({ position: null, label: null, labelEn: null, units: unpositioned });

  const summary = { ...questionSummary(index, question), matrix: { speakers, positions, cells } };
  if (!paging) return { ...summary, groups };
  // The page is cut from the groups read in order, as the question page reads them.
  const total = groups.reduce((n, g) => n + g.units.length, 0);
  const start = (paging.page - 1) * paging.limit;
  const paged = groupsOnPage(groups, start, start + paging.limit).map(({ group, units }) => ({ ...group, units }));
  return { ...summary, groups: paged, unitsPage: unitsPage(paging, total) };
}

/**
 * Groups of units read one after the other, cut to the page [start, end) of the whole sequence:
 * each group with its units on that page (none when the page is elsewhere), `from` the index of
 * the first of them in the group, and `before` how many units the groups before it hold. The API's
 * paged question and the question page cut their pages here.
 */
export function groupsOnPage<U, G extends { units: readonly U[] }>(groups: readonly G[], start: number, end: number): { group: G; units: G['units'][number][]; from: number; before: number }[] {
  let before = 0;
  return groups.map((group) => {
    const from = Math.min(Math.max(start - before, 0), group.units.length);
    const to = Math.max(from, Math.min(end - before, group.units.length));
    const cut = { group, units: group.units.slice(from, to), from, before };
    before += group.units.length;
    return cut;
  });
}

// ---------------------------------------------------------------- debates

/** Newest first; debates of the same date by title. */
export function listDebates(deps: CorpusDeps): DebateSummary[] {
  return cachedList(deps.corpus, 'debates', () =>
    deps.corpus.corpus.debates.map((d) => debateSummary(deps.corpus, d)).sort((a, b) => (a.date === b.date ? collator.compare(a.title, b.title) : a.date < b.date ? 1 : -1)),
  );
}

/** A debate with its units; `withUnits: false` leaves `units` and `relations` empty (a paged reader resolves its own). */
export function getDebate(deps: CorpusDeps, slug: string, options: { withUnits?: boolean; paging?: UnitsPaging } = {}): DebateDetail {
  const index = deps.corpus;
  const debate = index.debateBySlug.get(slug);
  if (!debate) throw new NotFoundError(`unknown debate "${slug}"`, { key: 'reason.unknownDebate', vars: { id: slug } });
  const withUnits = options.withUnits ?? true;
  const all = withUnits ? (index.unitsByDebate.get(slug) ?? []) : [];
  const units = pageItems(all, options.paging);
  const { incoming } = reverse(index);
  const relations: DebateDetail['relations'] = [];
  const seen = new Set<string>();
  const addRelation = (source: string, type: 'supports' | 'attacks', target: string): void => {
    const key = `${source} ${type} ${target}`;
    if (seen.has(key)) return;
    seen.add(key);
    relations.push({ source, type, target });
  };
  for (const unit of units) {
    for (const r of unit.relations) addRelation(unit.id, r.type, r.target);
    for (const r of incoming.get(unit.id) ?? []) addRelation(r.source, r.type, unit.id);
  }
  const participantIds = [...new Set([...debate.participants, ...(index.unitsByDebate.get(slug) ?? []).map((u) => u.speaker)])];
  return {
    ...debateSummary(index, debate),
    sourceUrl: debate.sourceUrl ?? null,
    mediaUrl: debate.mediaUrl ?? null,
    mediaOffset: debate.mediaOffset ?? null,
    participants: participantIds.map((id) => ({ id, name: speakerName(index, id) })),
    summary: debate.summary,
    summaryFr: debate.summaryFr ?? null,
    summaryEn: debate.summaryEn ?? null,
    sources: debate.sources.map((s) => ({ ...s })),
    licence: debate.licence ?? null,
    citation: debate.citation ?? null,
    units: units.map((u) => toUnitView(index, u)),
    relations,
    ...(options.paging ? { unitsPage: unitsPage(options.paging, all.length) } : {}),
  };
}

// ---------------------------------------------------------------- units

export function getUnit(deps: CorpusDeps, id: string, options: { baseUrl?: string } = {}): UnitDetail {
  const index = deps.corpus;
  const unit = index.unitById.get(id);
  if (!unit) throw new NotFoundError(`unknown unit "${id}"`, { key: 'reason.unknownUnit', vars: { id: id } });
  const { replyTo: _r, replies: _rs, continues: _c, relations: _rel, ...view } = toUnitView(index, unit);
  const debate = index.debateBySlug.get(unit.debate);
  const question = unit.question ? index.questionById.get(unit.question) : undefined;
  const { incoming, continuedBy } = reverse(index);
  const targets = (type: 'supports' | 'attacks'): UnitRef[] => refsById(index, unit.relations.filter((r) => r.type === type).map((r) => r.target));
  const sources = (type: 'supports' | 'attacks'): UnitRef[] => refsById(index, (incoming.get(id) ?? []).filter((r) => r.type === type).map((r) => r.source));

  return {
    ...view,
    debateInfo: {
      slug: unit.debate,
      title: debate?.title ?? unit.debate,
      date: debate?.date ?? '',
      medium: debate?.medium ?? 'other',
      sourceUrl: debate?.sourceUrl ?? null,
      mediaUrl: debate?.mediaUrl ?? null,
    },
    questionInfo: question ? questionRef(question) : null,
    replyTo: refById(index, unit.replyTo),
    replies: (index.repliesTo.get(id) ?? []).map((u) => toUnitRef(index, u)),
    continues: refById(index, unit.continues),
    continuedBy: (continuedBy.get(id) ?? []).map((u) => toUnitRef(index, u)),
    relations: { supports: targets('supports'), attacks: targets('attacks'), supportedBy: sources('supports'), attackedBy: sources('attacks') },
    citation: unitCitation(index, unit, options.baseUrl ?? ''),
  };
}

/** How to cite a unit: speaker, debate title, date, source URL and permalink. */
/** The unit's citation in English (the API's `citation`): the same text as an English page's card. */
export function unitCitation(index: CorpusIndex, unit: Unit, baseUrl = ''): string {
  return citationText('en', citationRecord(index, unit, baseUrl));
}
