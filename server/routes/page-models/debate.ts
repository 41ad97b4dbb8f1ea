// The debate page: units laid out in sections (arguments by speaker, transcript turns, the author's
// views, comment threads), each card with its citation and relations.

import type { Lang } from '../../i18n.ts';
import type { DebateWithDetails, UnitView } from '../../services/catalog-service.ts';
import { homeCard, type Labels, type UnitCard } from './shared.ts';

export interface ThreadNode {
  card: UnitCard;
  replies: ThreadNode[];
}

export interface DebatePageModel {
  arguments: { speaker: string; speakerName: string; speakerHref: string; cards: UnitCard[] }[];
  turns: UnitCard[];
  authorViews: UnitCard[];
  comments: ThreadNode[];
}

/**
 * Lays a debate out in sections. A unit that `continues` another is folded into the card of the
 * part it continues (one comment split to carry several positions reads as one comment), and a
 * comment that replies to another comment is nested under the card holding its target.
 */
export function debatePageModel(labels: Labels, debate: DebateWithDetails, baseUrl: string, lang: Lang | undefined): DebatePageModel {
  const units = debate.units;
  const inDebate = new Map(units.map((u) => [u.id, u]));
  // The head of each chain of `continues`, and the card of every unit by id.
  const headOf = (unit: UnitView): UnitView => {
    let current = unit;
    const seen = new Set<string>();
    while (current.continues && inDebate.has(current.continues) && !seen.has(current.id)) {
      seen.add(current.id);
      current = inDebate.get(current.continues)!;
    }
    return current;
  };
  const cards = new Map<string, UnitCard>();
  const heads: UnitView[] = [];
  for (const unit of units) {
    const head = headOf(unit);
    if (head.id === unit.id) {
      cards.set(unit.id, homeCard(labels, unit, debate.details.get(unit.id)!, baseUrl, lang));
      heads.push(unit);
    }
  }
  const cardOfUnit = new Map<string, UnitCard>();
  for (const unit of units) {
    const headCard = cards.get(headOf(unit).id)!;
    if (headOf(unit).id !== unit.id) headCard.parts.push(homeCard(labels, unit, debate.details.get(unit.id)!, baseUrl, lang));
    cardOfUnit.set(unit.id, headCard);
  }

  const model: DebatePageModel = { arguments: [], turns: [], authorViews: [], comments: [] };
  const nodes = new Map<string, ThreadNode>();
  for (const head of heads) {
    const card = cards.get(head.id)!;
    switch (head.kind) {
      case 'argument': {
        let group = model.arguments.find((g) => g.speaker === head.speaker);
        if (!group) {
          group = { speaker: head.speaker, speakerName: head.speakerName, speakerHref: card.speakerHref, cards: [] };
          model.arguments.push(group);
        }
        group.cards.push(card);
        break;
      }
      case 'turn':
        model.turns.push(card);
        break;
      case 'author-view':
        model.authorViews.push(card);
        break;
      case 'comment': {
        const node: ThreadNode = { card, replies: [] };
        nodes.set(head.id, node);
        // Replies come after what they answer in a debate, so the parent node already exists.
        const parentCard = head.replyTo ? cardOfUnit.get(head.replyTo) : undefined;
        const parent = parentCard ? nodes.get(parentCard.id) : undefined;
        if (parent) parent.replies.push(node);
        else model.comments.push(node);
        break;
      }
    }
  }
  return model;
}
