// A unit's own page (/u/:id): the unit as a card, what it answers and what answers it, the units
// around it in the source, its relations, its citation with downloads, and a link to its place in
// the paged debate. A slot for similar arguments is filled when a list is given (none yet).

import type { Lang } from '../../i18n.ts';
import type { UnitRef } from '../../services/catalog-service.ts';
import type { UnitContext } from '../../services/debate-pages.ts';
import { buildHref, unitUrl } from '../links.ts';
import { debatePageHref } from './debate.ts';
import { homeCard, type Labels, type UnitCard } from './shared.ts';

export interface RefLink {
  href: string;
  speakerName: string;
  kindLabel: string;
  excerpt: string;
}

export interface UnitPageModel {
  title: string;
  card: UnitCard;
  debateTitle: string;
  /** The unit at its place in the full debate: the right page, with the anchor. */
  placeHref: string;
  placeText: string;
  replyTo: RefLink | null;
  replies: RefLink[];
  previous: RefLink | null;
  next: RefLink | null;
  /** Similar arguments (issue 9): shown when a list is given, left out otherwise. */
  similar: RefLink[] | null;
}

export function unitPageModel(labels: Labels, context: UnitContext, lang: Lang | undefined, similar: readonly UnitRef[] | null = null): UnitPageModel {
  const link = (ref: UnitRef): RefLink => ({
    href: buildHref(unitUrl(ref.id), {}, lang),
    speakerName: ref.speakerName,
    kindLabel: labels.t(`kind.${ref.kind}`),
    excerpt: ref.excerpt,
  });
  const card = homeCard(labels, context.view, context.unit, lang, { showContinuation: true });
  // On its own page the card is not at home: relations link to other units' pages, the debate is named.
  card.anchorId = null;
  card.showDebate = true;
  card.debateHref = debatePageHref(context.place.debate, context.place.page, lang, context.place.anchor);
  for (const line of card.relations) for (const ref of line.refs) if (ref.href.startsWith('#')) ref.href = buildHref(unitUrl(decodeURIComponent(ref.href.slice(1))), {}, lang);
  return {
    title: `${context.unit.speakerName} – ${context.unit.debateTitle}`,
    card,
    debateTitle: context.unit.debateTitle,
    placeHref: card.debateHref,
    placeText: labels.t('unitPage.inDebate', { page: context.place.page, pages: context.place.pages }),
    replyTo: context.unit.replyTo ? link(context.unit.replyTo) : null,
    replies: context.unit.replies.map(link),
    previous: context.previous ? link(context.previous) : null,
    next: context.next ? link(context.next) : null,
    similar: similar ? similar.map(link) : null,
  };
}
