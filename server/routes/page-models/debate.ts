// The debate page, one page of its reading order at a time (services/debate-pages.ts): units laid out
// in sections (arguments by speaker, transcript turns, the author's views, comment threads), each
// card with its citation and relations. A reply whose parent is on an earlier page says so, with a
// link to it; a comment whose replies go on to a later page says how many and where.

import type { Lang } from '../../i18n.ts';
import type { DebatePage } from '../../services/debate-pages.ts';
import { buildHref, unitUrl } from '../links.ts';
import { pagination, type Pagination } from './search.ts';
import { homeCard, type Labels, type UnitCard } from './shared.ts';

export interface ThreadNode {
  card: UnitCard;
  replies: ThreadNode[];
  /** This reply's parent is on an earlier page: who it answers, and a link there. */
  context: { text: string; speakerName: string; excerpt: string; href: string } | null;
  /** Replies to this comment continue on a later page. */
  more: { text: string; href: string } | null;
}

export interface DebatePageModel {
  arguments: { speaker: string; speakerName: string; speakerHref: string; cards: UnitCard[] }[];
  turns: UnitCard[];
  authorViews: UnitCard[];
  comments: ThreadNode[];
  pagination: Pagination | null;
  /** "Units 51–100 of 932", or null on a debate that fits one page. */
  rangeText: string | null;
}

/** A debate page's link: `page` only from 2 on, so that page 1 keeps the debate's plain address. */
export function debatePageHref(slug: string, page: number, lang: Lang | undefined, unitId?: string): string {
  const href = buildHref(`/debates/${encodeURIComponent(slug)}`, { page: page > 1 ? page : undefined }, lang);
  return unitId === undefined ? href : `${href}#${encodeURIComponent(unitId)}`;
}

export function debatePageModel(labels: Labels, debate: DebatePage, lang: Lang | undefined): DebatePageModel {
  const card = (id: string): UnitCard => {
    const home = homeCard(labels, debate.units.get(id)!, debate.details.get(id)!, lang);
    // A relation to a unit of this debate on another page leaves this page: link to the unit's page.
    for (const line of home.relations) {
      for (const ref of line.refs) {
        const target = decodeURIComponent(ref.href.startsWith('#') ? ref.href.slice(1) : '');
        if (target && !debate.units.has(target)) ref.href = buildHref(unitUrl(target), {}, lang);
      }
    }
    return home;
  };
  const model: DebatePageModel = {
    arguments: [],
    turns: [],
    authorViews: [],
    comments: [],
    pagination: pagination(debate.page, debate.pages, 1, (page) => debatePageHref(debate.slug, page, lang)),
    rangeText: debate.pages > 1 ? labels.t('reading.range', { first: debate.firstUnit, last: debate.lastUnit, total: debate.unitCount }) : null,
  };
  const nodes = new Map<string, ThreadNode>();
  for (const entry of debate.entries) {
    const head = card(entry.id);
    for (const part of entry.parts) head.parts.push(card(part));
    switch (entry.section) {
      case 'arguments': {
        let group = model.arguments.find((g) => g.speaker === entry.speaker);
        if (!group) {
          group = { speaker: entry.speaker, speakerName: head.speakerName, speakerHref: head.speakerHref, cards: [] };
          model.arguments.push(group);
        }
        group.cards.push(head);
        break;
      }
      case 'turns':
        model.turns.push(head);
        break;
      case 'authorViews':
        model.authorViews.push(head);
        break;
      case 'comments': {
        const before = debate.contextBefore.get(entry.id);
        const after = debate.continuedAfter.get(entry.id);
        const node: ThreadNode = {
          card: head,
          replies: [],
          context: before
            ? {
                text: labels.t('debate.threadFrom', { page: before.page }),
                speakerName: before.ref.speakerName,
                excerpt: before.ref.excerpt,
                href: debatePageHref(debate.slug, before.page, lang, before.ref.id),
              }
            : null,
          more: after ? { text: labels.t('debate.threadMore', { count: after.count, page: after.page }), href: debatePageHref(debate.slug, after.page, lang) } : null,
        };
        nodes.set(entry.id, node);
        const parent = entry.parent ? nodes.get(entry.parent) : undefined;
        if (parent) parent.replies.push(node);
        else model.comments.push(node);
        break;
      }
    }
  }
  return model;
}

