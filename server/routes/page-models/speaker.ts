// The speaker page: the positions the speaker took, question by question (each a link to the
// matching search), then every unit of theirs.

import type { Lang } from '../../i18n.ts';
import type { SpeakerDetail } from '../../services/catalog-service.ts';
import { questionHref, searchHref } from '../links.ts';
import { localMarkdown, MAX_PAGE_UNITS, positionLabel, questionTitle, truncationNote, viewCard, type Labels, type LocalText, type TruncationNote, type UnitCard } from './shared.ts';

export interface SpeakerPageModel {
  title: string;
  speaker: SpeakerDetail;
  description: (LocalText & { html: string }) | null;
  positions: {
    questionTitle: string;
    questionHref: string;
    positions: { label: string; count: number; href: string }[];
    unpositioned: number;
  }[];
  /** The first MAX_PAGE_UNITS units of `unitTotal`. */
  cards: UnitCard[];
  unitTotal: number;
  truncated: TruncationNote | null;
}

export function speakerPageModel(labels: Labels, speaker: SpeakerDetail, lang: Lang | undefined): SpeakerPageModel {
  const positions = speaker.positions.map((entry) => ({
    questionTitle: questionTitle(labels, entry.question.id),
    questionHref: questionHref(entry.question.id, lang),
    positions: entry.positions.map((p) => ({
      label: positionLabel(labels, p.key),
      count: p.count,
      href: searchHref({ speaker: speaker.id, question: entry.question.id, position: p.key }, lang),
    })),
    unpositioned: entry.unpositioned,
  }));
  return {
    title: speaker.name,
    speaker,
    description: localMarkdown(labels, { fr: speaker.description, en: speaker.descriptionEn }),
    positions,
    cards: speaker.units.slice(0, MAX_PAGE_UNITS).map((u) => viewCard(labels, u, lang)),
    unitTotal: speaker.units.length,
    truncated: truncationNote(speaker.units.length, searchHref({ speaker: speaker.id }, lang)),
  };
}
