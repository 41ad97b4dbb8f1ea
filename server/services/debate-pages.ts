// A debate read page by page. The layout is the order in which its page shows the units (arguments
// grouped by speaker, transcript turns, the author's views, comment threads depth first), cut into
// pages of about DEBATE_PAGE_UNITS units. A unit that continues another travels with it; a reply
// that lands on a later page than its parent carries a reference to it, so a page boundary always
// says where a thread came from. Built once per corpus index and debate, from the raw units only:
// the cards of one page are all that is resolved per request.

import type { AppDeps } from '../app-deps.ts';
import type { CorpusIndex, Unit } from '../corpus/model.ts';
import { NotFoundError } from '../errors.ts';
import { unitUrl } from '../permalinks.ts';
import { getDebate, getUnit, type DebateDetail, type UnitDetail, type UnitRef, type UnitView } from './catalog-service.ts';

type CorpusDeps = Pick<AppDeps, 'corpus'>;

/** Units shown on one page of a debate (a thread or a split comment may make a page a little longer). */
export const DEBATE_PAGE_UNITS = 50;

export type DebateSection = 'arguments' | 'turns' | 'authorViews' | 'comments';

/** One card in the debate's reading order: a head unit, with the ids of its continuation parts. */
export interface LayoutEntry {
  id: string;
  section: DebateSection;
  speaker: string;
  /** Depth in a comment thread (0 for a top-level comment and every other section). */
  depth: number;
  /** The card this one replies to (comments only), when it is in the same debate. */
  parent: string | null;
  parts: string[];
  page: number;
}

export interface DebateLayout {
  entries: LayoutEntry[];
  pages: number;
  /** The page every unit of the debate (heads and parts) is on. */
  pageOfUnit: Map<string, number>;
  /** The card (head entry) holding each unit. */
  headOfUnit: Map<string, string>;
}

const layoutCache = new WeakMap<CorpusIndex, Map<string, DebateLayout>>();

export function debateLayout(index: CorpusIndex, slug: string, pageUnits = DEBATE_PAGE_UNITS): DebateLayout {
  let perIndex = layoutCache.get(index);
  if (!perIndex) layoutCache.set(index, (perIndex = new Map()));
  const key = `${slug} ${pageUnits}`;
  const cached = perIndex.get(key);
  if (cached) return cached;
  const layout = buildLayout(index.unitsByDebate.get(slug) ?? [], pageUnits);
  perIndex.set(key, layout);
  return layout;
}

function buildLayout(units: readonly Unit[], pageUnits: number): DebateLayout {
  const byId = new Map(units.map((u) => [u.id, u]));
  const headOf = (unit: Unit): Unit => {
    let current = unit;
    const seen = new Set<string>();
    while (current.continues && byId.has(current.continues) && !seen.has(current.id)) {
      seen.add(current.id);
      current = byId.get(current.continues)!;
    }
    return current;
  };
  const headOfUnit = new Map<string, string>();
  const parts = new Map<string, string[]>();
  const heads: Unit[] = [];
  for (const unit of units) {
    const head = headOf(unit);
    headOfUnit.set(unit.id, head.id);
    if (head.id === unit.id) heads.push(unit);
    else {
      const list = parts.get(head.id);
      if (list) list.push(unit.id);
      else parts.set(head.id, [unit.id]);
    }
  }
  const entry = (unit: Unit, section: DebateSection, depth = 0, parent: string | null = null): LayoutEntry => ({
    id: unit.id,
    section,
    speaker: unit.speaker,
    depth,
    parent,
    parts: parts.get(unit.id) ?? [],
    page: 0,
  });

  // Arguments grouped by speaker in order of first appearance, then turns, views, comment threads.
  const argumentGroups = new Map<string, LayoutEntry[]>();
  const turns: LayoutEntry[] = [];
  const views: LayoutEntry[] = [];
  const children = new Map<string, Unit[]>();
  const roots: Unit[] = [];
  for (const head of heads) {
    switch (head.kind) {
      case 'argument': {
        const group = argumentGroups.get(head.speaker);
        if (group) group.push(entry(head, 'arguments'));
        else argumentGroups.set(head.speaker, [entry(head, 'arguments')]);
        break;
      }
      case 'turn':
        turns.push(entry(head, 'turns'));
        break;
      case 'author-view':
        views.push(entry(head, 'authorViews'));
        break;
      case 'comment': {
        const parentHead = head.replyTo ? headOfUnit.get(head.replyTo) : undefined;
        // Only a comment answering a comment card that comes before it nests (as on the full page).
        const parentUnit = parentHead ? byId.get(parentHead) : undefined;
        if (parentUnit && parentUnit.kind === 'comment' && parentUnit.order < head.order) {
          const list = children.get(parentUnit.id);
          if (list) list.push(head);
          else children.set(parentUnit.id, [head]);
        } else roots.push(head);
        break;
      }
    }
  }
  const comments: LayoutEntry[] = [];
  // Depth first, without recursion (a long chain of replies must not overflow the stack).
  const stack: { unit: Unit; depth: number; parent: string | null }[] = roots.map((unit) => ({ unit, depth: 0, parent: null })).reverse();
  while (stack.length > 0) {
    const { unit, depth, parent } = stack.pop()!;
    comments.push(entry(unit, 'comments', depth, parent));
    const replies = children.get(unit.id) ?? [];
    for (let i = replies.length - 1; i >= 0; i--) stack.push({ unit: replies[i]!, depth: depth + 1, parent: unit.id });
  }
  const entries = [...[...argumentGroups.values()].flat(), ...turns, ...views, ...comments];

  const pageOfUnit = new Map<string, number>();
  let page = 1;
  let onPage = 0;
  for (const e of entries) {
    const size = 1 + e.parts.length;
    if (onPage > 0 && onPage + size > pageUnits) {
      page++;
      onPage = 0;
    }
    e.page = page;
    onPage += size;
    pageOfUnit.set(e.id, page);
    for (const part of e.parts) pageOfUnit.set(part, page);
  }
  return { entries, pages: entries.length === 0 ? 1 : page, pageOfUnit, headOfUnit };
}

/** One page of a debate: its front matter, the page's entries and the detail of each unit on it. */
export interface DebatePage extends Omit<DebateDetail, 'units' | 'relations'> {
  page: number;
  pages: number;
  /** Units in the debate, all pages. */
  unitCount: number;
  /** 1-based position of the first and last unit of this page in the reading order. */
  firstUnit: number;
  lastUnit: number;
  entries: LayoutEntry[];
  units: Map<string, UnitView>;
  details: Map<string, UnitDetail>;
  /** For a reply whose parent card is on an earlier page: that parent, and its page. */
  contextBefore: Map<string, { ref: UnitRef; page: number }>;
  /** For a card whose replies go on to a later page: how many, and the first of those pages. */
  continuedAfter: Map<string, { count: number; page: number }>;
}

export function getDebatePage(deps: CorpusDeps, slug: string, page: number, options: { baseUrl?: string } = {}): DebatePage {
  const index = deps.corpus;
  if (!index.debateBySlug.has(slug)) throw new NotFoundError(`unknown debate "${slug}"`, { key: 'reason.unknownDebate', vars: { id: slug } });
  const layout = debateLayout(index, slug);
  if (page > layout.pages) throw new NotFoundError(`debate "${slug}" has ${layout.pages} page${layout.pages === 1 ? '' : 's'}; there is no page ${page}`, { key: 'reason.noPage', vars: { page, pages: layout.pages } });
  const { units: _all, relations: _relations, ...front } = getDebate(deps, slug, { withUnits: false });
  const entries = layout.entries.filter((e) => e.page === page);
  const units = new Map<string, UnitView>();
  const details = new Map<string, UnitDetail>();
  for (const id of entries.flatMap((e) => [e.id, ...e.parts])) {
    const detail = getUnit(deps, id, options);
    details.set(id, detail);
    units.set(id, viewOf(index, detail));
  }
  const onPage = new Set(entries.map((e) => e.id));
  const contextBefore = new Map<string, { ref: UnitRef; page: number }>();
  for (const e of entries) {
    if (e.parent && !onPage.has(e.parent)) {
      const parent = getUnit(deps, e.parent, options);
      contextBefore.set(e.id, { ref: { id: parent.id, speaker: parent.speaker, speakerName: parent.speakerName, debate: parent.debate, debateTitle: parent.debateTitle, kind: parent.kind, excerpt: excerptOf(parent.text), url: parent.url }, page: layout.pageOfUnit.get(parent.id) ?? 1 });
    }
  }
  const continuedAfter = new Map<string, { count: number; page: number }>();
  for (const e of layout.entries) {
    if (e.page <= page || !e.parent || !onPage.has(e.parent)) continue;
    const seen = continuedAfter.get(e.parent);
    if (seen) seen.count++;
    else continuedAfter.set(e.parent, { count: 1, page: e.page });
  }
  let before = 0;
  for (const e of layout.entries) {
    if (e.page >= page) break;
    before += 1 + e.parts.length;
  }
  const onThisPage = entries.reduce((n, e) => n + 1 + e.parts.length, 0);
  return {
    ...front,
    page,
    pages: layout.pages,
    unitCount: index.unitsByDebate.get(slug)?.length ?? 0,
    firstUnit: onThisPage === 0 ? 0 : before + 1,
    lastUnit: before + onThisPage,
    entries,
    units,
    details,
    contextBefore,
    continuedAfter,
  };
}

function excerptOf(text: string, length = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${(space > length * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The list view of a unit, from its detail (what cards are made of). */
function viewOf(index: CorpusIndex, detail: UnitDetail): UnitView {
  const unit = index.unitById.get(detail.id)!;
  const { debateInfo: _d, questionInfo: _q, replyTo, replies, continues, continuedBy: _cb, relations: _r, citation: _c, ...rest } = detail;
  return {
    ...rest,
    replyTo: replyTo?.id ?? null,
    continues: continues?.id ?? null,
    replies: replies.map((r) => r.id),
    relations: unit.relations.map((r) => ({ type: r.type, target: r.target })),
  };
}

/** Where a unit sits in its debate: the page and the anchor of the card holding it. */
export function unitPlace(deps: CorpusDeps, id: string): { debate: string; page: number; pages: number; anchor: string } {
  const unit = deps.corpus.unitById.get(id);
  if (!unit) throw new NotFoundError(`unknown unit "${id}"`, { key: 'reason.unknownUnit', vars: { id } });
  const layout = debateLayout(deps.corpus, unit.debate);
  return { debate: unit.debate, page: layout.pageOfUnit.get(id) ?? 1, pages: layout.pages, anchor: id };
}

/** What the unit's own page shows: the unit, its neighbours in the source, and its place in the debate. */
export interface UnitContext {
  unit: UnitDetail;
  view: UnitView;
  /** The units just before and after it in the source's order (the debate file's order). */
  previous: UnitRef | null;
  next: UnitRef | null;
  place: { debate: string; page: number; pages: number; anchor: string };
  debate: { slug: string; title: string; mediaUrl: string | null; mediaOffset: string | null; licence: string | null; citation: string | null };
}

export function getUnitContext(deps: CorpusDeps, id: string, options: { baseUrl?: string } = {}): UnitContext {
  const index = deps.corpus;
  const unit = getUnit(deps, id, options);
  const siblings = index.unitsByDebate.get(unit.debate) ?? [];
  // Units of a debate are in source order; find this one's position without scanning twice.
  const at = siblings[unit.order - 1]?.id === id ? unit.order - 1 : siblings.findIndex((u) => u.id === id);
  const refOf = (u: Unit | undefined): UnitRef | null =>
    u ? { id: u.id, speaker: u.speaker, speakerName: index.speakerById.get(u.speaker)?.name ?? u.speaker, debate: u.debate, debateTitle: unit.debateTitle, kind: u.kind, excerpt: excerptOf(u.text), url: unitUrl(u.id) } : null;
  const debate = index.debateBySlug.get(unit.debate);
  return {
    unit,
    view: viewOf(index, unit),
    previous: at > 0 ? refOf(siblings[at - 1]) : null,
    next: at >= 0 ? refOf(siblings[at + 1]) : null,
    place: unitPlace(deps, id),
    debate: {
      slug: unit.debate,
      title: unit.debateTitle,
      mediaUrl: debate?.mediaUrl ?? null,
      mediaOffset: debate?.mediaOffset ?? null,
      licence: debate?.licence ?? null,
      citation: debate?.citation ?? null,
    },
  };
}
