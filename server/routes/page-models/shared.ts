// What every page model shares: labels in the page's language and the unit card (partials/unit.ejs)
// built from a search hit or a catalog unit. Page models are plain functions from the services'
// results to what a view prints; views only loop and print. One module per page beside this one.

import { UNIT_KINDS, type CorpusIndex, type UnitKind } from '../../corpus/model.ts';
import { formatDate, kindLabel, languageName, t, type Lang, type Translate } from '../../i18n.ts';
import { cropHighlight } from '../../html.ts';
import { renderMarkdown } from '../../markdown.ts';
import type { FacetField } from '../../search/engine.ts';
import { splitPositionKey } from '../../search/documents.ts';
import type { UnitDetail, UnitRef, UnitView } from '../../services/catalog-service.ts';
import type { UnitHit } from '../../services/search-service.ts';
import { CITATION_FILE, CITATION_FORMATS, type CitationFormat } from '../../services/citation-formats.ts';
import { citationRecord, citationText } from '../../services/citations.ts';
import { buildHref, debateHref, questionHref, speakerHref, unitUrl } from '../links.ts';

export interface Labels {
  lang: Lang;
  t: Translate;
  index: CorpusIndex;
  /** The absolute base of permalinks in citations (links.ts publicBaseUrl); '' for relative ones. */
  baseUrl: string;
}

export function labelsFor(lang: Lang, index: CorpusIndex, baseUrl = ''): Labels {
  return { lang, t: t(lang), index, baseUrl };
}

/**
 * A text of the corpus (a description, a summary) in the page's language, or else in another one,
 * said plainly: `lang` for the lang attribute, `note` such as "(en anglais)" to print beside it.
 */
export interface LocalText {
  text: string;
  lang: string;
  note: string | null;
}

/** `texts` by language tag, the preferred first after the page's own; empty texts count as absent. */
export function localText(labels: Labels, texts: Readonly<Record<string, string | null | undefined>>): LocalText | null {
  const own = texts[labels.lang];
  if (own) return { text: own, lang: labels.lang, note: null };
  for (const [lang, text] of Object.entries(texts)) {
    if (text) return { text, lang, note: labels.t('lang.fallback', { language: languageName(labels.lang, lang) }) };
  }
  return null;
}

/** The same, with the text rendered from Markdown (sanitised). */
export function localMarkdown(labels: Labels, texts: Readonly<Record<string, string | null | undefined>>): (LocalText & { html: string }) | null {
  const local = localText(labels, texts);
  return local ? { ...local, html: renderMarkdown(local.text) } : null;
}

export function questionTitle(labels: Labels, id: string | null): string {
  if (!id) return '';
  const question = labels.index.questionById.get(id);
  if (!question) return id;
  return labels.lang === 'en' ? question.titleEn : question.title;
}

/** A position key "question:position" as a label in the page's language (English when given). */
export function positionLabel(labels: Labels, key: string | null): string {
  if (!key) return '';
  const parts = splitPositionKey(key);
  const question = parts ? labels.index.questionById.get(parts.question) : undefined;
  const position = question?.positions.find((p) => p.id === parts?.position);
  if (!position) return key;
  return labels.lang === 'en' ? (position.labelEn ?? position.label) : position.label;
}

export function facetValueLabel(labels: Labels, field: FacetField, value: string): string {
  switch (field) {
    case 'speaker':
      return labels.index.speakerById.get(value)?.name ?? value;
    case 'question':
      return questionTitle(labels, value);
    case 'position':
      return positionLabel(labels, value);
    case 'kind':
      return (UNIT_KINDS as readonly string[]).includes(value) ? kindLabel(labels.lang, value as UnitKind) : value;
    case 'debate':
      return labels.index.debateBySlug.get(value)?.title ?? value;
  }
}

export interface RelationLine {
  label: string;
  refs: { href: string; speakerName: string; excerpt: string }[];
  /** Refs not shown (a card lists at most MAX_CARD_REFS per line). */
  more: number;
}

/** The most units one relation line of a card lists (a unit may have thousands of replies). */
export const MAX_CARD_REFS = 10;

/** One unit as `partials/unit.ejs` shows it, whatever page it is on. */
export interface UnitCard {
  id: string;
  /** The language of the unit's text (its debate's), for a `lang` attribute when the page's differs. */
  textLang: string | null;
  /** Set on pages where the unit is at home (its debate), so that /u/<id> lands on it. */
  anchorId: string | null;
  permalink: string;
  debateHref: string;
  speaker: string;
  speakerName: string;
  speakerHref: string;
  kind: string;
  kindLabel: string;
  /** The first code (see `codes`). */
  questionTitle: string;
  questionHref: string | null;
  positionLabel: string;
  /** One badge per code: the position taken (titled by its question), or the question alone. */
  codes: CodeBadge[];
  debateTitle: string;
  date: string;
  timecode: string | null;
  /** The signature in the source, shown when it differs from the speaker's name. */
  signedAs: string | null;
  /** Sanitised HTML: the engine's escaped highlight, or the Markdown module's output. */
  bodyHtml: string;
  showDebate: boolean;
  citation: string | null;
  /** Downloads of this unit's citation (BibTeX, RIS, CSL-JSON). */
  citeDownloads: { label: string; href: string; download: string }[];
  relations: RelationLine[];
  /** Continuation parts of a split comment, shown inside the same card. */
  parts: UnitCard[];
  /** Search hits matching only through metadata: where the words are (engine markup, HTML-safe). */
  matchedIn?: { field: string; highlight: string }[];
}

/** What a card needs of a unit, whether it comes from a search hit or from the catalog. */
type CardSource = Pick<UnitView, 'id' | 'debate' | 'debateTitle' | 'date' | 'speaker' | 'speakerName' | 'question' | 'position' | 'kind'> & {
  codes: readonly { question: string; position: string | null }[];
};

export interface CodeBadge {
  /** The position's label, or the question's title for a code on the question alone. */
  label: string;
  questionTitle: string;
  href: string;
  /** Whether the code takes a position (badge style). */
  positioned: boolean;
}

function codeBadges(labels: Labels, codes: CardSource['codes'], lang: Lang | undefined): CodeBadge[] {
  return codes.map((code) => ({
    label: code.position ? positionLabel(labels, code.position) : questionTitle(labels, code.question),
    questionTitle: questionTitle(labels, code.question),
    href: questionHref(code.question, lang),
    positioned: code.position !== null,
  }));
}

function baseCard(labels: Labels, unit: CardSource, bodyHtml: string, lang: Lang | undefined): UnitCard {
  return {
    id: unit.id,
    textLang: labels.index.debateBySlug.get(unit.debate)?.language ?? null,
    anchorId: null,
    permalink: unitUrl(unit.id),
    debateHref: debateHref(unit.debate, lang, unit.id),
    speaker: unit.speaker,
    speakerName: unit.speakerName,
    speakerHref: speakerHref(unit.speaker, lang),
    kind: unit.kind,
    kindLabel: kindLabel(labels.lang, unit.kind),
    questionTitle: questionTitle(labels, unit.question),
    questionHref: unit.question ? questionHref(unit.question, lang) : null,
    positionLabel: positionLabel(labels, unit.position),
    codes: codeBadges(labels, unit.codes, lang),
    debateTitle: unit.debateTitle,
    date: formatDate(labels.lang, unit.date),
    timecode: null,
    signedAs: null,
    bodyHtml,
    showDebate: true,
    citation: citationFor(labels, unit.id),
    citeDownloads: citeDownloads(unit.id, lang),
    relations: [],
    parts: [],
  };
}

/** A unit's citation in the page's language, or null for an id the corpus does not hold. */
export function citationFor(labels: Labels, id: string): string | null {
  const unit = labels.index.unitById.get(id);
  return unit ? citationText(labels.lang, citationRecord(labels.index, unit, labels.baseUrl)) : null;
}

export function citeDownloads(id: string, lang: Lang | undefined): UnitCard['citeDownloads'] {
  return CITATION_FORMATS.map((format) => ({
    label: CITATION_FORMAT_LABELS[format],
    href: buildHref(`${unitUrl(id)}/cite`, { format }, lang),
    download: `${id}.${CITATION_FILE[format].ext}`,
  }));
}

export const CITATION_FORMAT_LABELS: Readonly<Record<CitationFormat, string>> = { bibtex: 'BibTeX', ris: 'RIS', 'csl-json': 'CSL-JSON' };

/** A search hit: the engine's highlight as a snippet, or its Markdown rendered (comparison columns). */
export function hitCard(labels: Labels, hit: UnitHit, lang: Lang | undefined, body: 'highlight' | 'markdown' = 'highlight'): UnitCard {
  const card = baseCard(labels, hit, body === 'highlight' ? cropHighlight(hit.highlight, SNIPPET_LENGTH, SNIPPET_LEAD) : renderMarkdown(hit.text), lang);
  return hit.matchedIn ? { ...card, matchedIn: hit.matchedIn } : card;
}

export const SNIPPET_LENGTH = 400;
const SNIPPET_LEAD = 120;

/** A signature worth showing: one that differs from the speaker's display name. */
function signatureOf(unit: Pick<UnitView, 'signedAs' | 'speakerName'>): string | null {
  return unit.signedAs && unit.signedAs !== unit.speakerName ? unit.signedAs : null;
}

/** A unit outside its debate (speaker and question pages): Markdown body, link to its place. */
export function viewCard(labels: Labels, unit: UnitView, lang: Lang | undefined): UnitCard {
  return { ...baseCard(labels, unit, renderMarkdown(unit.text), lang), timecode: unit.timecode, signedAs: signatureOf(unit) };
}

function refLink(ref: UnitRef, homeDebate: string | null, lang: Lang | undefined): RelationLine['refs'][number] {
  // Inside the same debate page, a fragment link moves without reloading.
  const href = ref.debate === homeDebate ? `#${encodeURIComponent(ref.id)}` : buildHref(unitUrl(ref.id), {}, lang);
  return { href, speakerName: ref.speakerName, excerpt: ref.excerpt };
}

/** A unit on its own debate page: anchor, citation and every relation, both ways (from its `detail`). */
export function homeCard(labels: Labels, unit: UnitView, detail: UnitDetail, lang: Lang | undefined, options: { showContinuation?: boolean } = {}): UnitCard {
  const line = (key: Parameters<Translate>[0], refs: readonly UnitRef[]): RelationLine | null =>
    refs.length > 0
      ? { label: labels.t(key), refs: refs.slice(0, MAX_CARD_REFS).map((r) => refLink(r, unit.debate, lang)), more: Math.max(0, refs.length - MAX_CARD_REFS) }
      : null;
  const relations = [
    line('unit.replyTo', detail.replyTo ? [detail.replyTo] : []),
    options.showContinuation ? line('unit.continues', detail.continues ? [detail.continues] : []) : null,
    line('unit.supports', detail.relations.supports),
    line('unit.attacks', detail.relations.attacks),
    line('unit.supportedBy', detail.relations.supportedBy),
    line('unit.attackedBy', detail.relations.attackedBy),
    line('unit.replies', detail.replies),
  ].filter((r): r is RelationLine => r !== null);
  return {
    ...viewCard(labels, unit, lang),
    anchorId: unit.id,
    showDebate: false,
    relations,
  };
}
