// What a citation of one unit says, as plain data: who said it (the speaker's canonical name and the
// signature as published), in what form (a summary by the post's author of what someone said, a
// comment, a transcript turn at its time code), where (the debate, its source, the source's host
// and author), when, the permalink and the access date, and for an imported dataset its reference
// and licence. The text in each language (citationText, below) and the BibTeX, RIS and
// CSL-JSON downloads (citation-formats.ts) are all written from this one record.

import type { CorpusIndex, Unit, UnitKind } from '../corpus/model.ts';
import { NotFoundError } from '../errors.ts';
import { formatDate, t, type Lang } from '../i18n.ts';
import { displayTimecode } from '../media.ts';
import { unitUrl } from '../permalinks.ts';
import { excerpt } from './excerpt.ts';

export interface CitationRecord {
  /** The unit id: the citation key is made from it. */
  id: string;
  speakerName: string;
  /** The signature in the source when it differs from the canonical name ("sebmaster"). */
  signedAs: string | null;
  kind: UnitKind;
  /** For an argument summarised by the publisher of the source (the debate's author-view speaker): that person. */
  reportedBy: string | null;
  /** The start of the unit's text, as a title. */
  excerpt: string;
  /** The whole text (Markdown as written), for the formats that carry an abstract. */
  text: string;
  debateTitle: string;
  debateSlug: string;
  medium: string;
  /** ISO date of the debate (year, month or day precision). */
  date: string;
  timecode: string | null;
  /** The publication the unit was taken from, and its host name and author when known. */
  sourceUrl: string | null;
  sourceHost: string | null;
  sourceAuthor: string | null;
  /** Absolute permalink. */
  url: string;
  /** ISO date (day) the reader accessed the permalink. */
  accessed: string;
  /** Imported dataset: how its makers ask to be cited, and its licence (with a URL when given). */
  datasetCitation: string | null;
  licence: string | null;
  licenceUrl: string | null;
  language: string;
  question: string | null;
}

const authorCache = new WeakMap<CorpusIndex, Map<string, string | null>>();

/** The publisher of a debate: the speaker of its author's views, when it has some. */
export function debateAuthor(index: CorpusIndex, slug: string): string | null {
  let perIndex = authorCache.get(index);
  if (!perIndex) authorCache.set(index, (perIndex = new Map()));
  if (perIndex.has(slug)) return perIndex.get(slug) ?? null;
  const view = (index.unitsByDebate.get(slug) ?? []).find((u) => u.kind === 'author-view');
  const name = view ? (index.speakerById.get(view.speaker)?.name ?? view.speaker) : null;
  perIndex.set(slug, name);
  return name;
}

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

export function citationRecord(index: CorpusIndex, unit: Unit, baseUrl: string, accessed: Date = new Date()): CitationRecord {
  const debate = index.debateBySlug.get(unit.debate);
  const speakerName = index.speakerById.get(unit.speaker)?.name ?? unit.speaker;
  const author = debateAuthor(index, unit.debate);
  const licenceSource = debate?.sources.find((s) => s.kind === 'licence');
  return {
    id: unit.id,
    speakerName,
    signedAs: unit.signedAs && unit.signedAs !== speakerName ? unit.signedAs : null,
    kind: unit.kind,
    reportedBy: unit.kind === 'argument' && author && author !== speakerName ? author : null,
    excerpt: excerpt(unit.text, 120),
    text: unit.text,
    debateTitle: debate?.title ?? unit.debate,
    debateSlug: unit.debate,
    medium: debate?.medium ?? 'other',
    date: debate?.date ?? '',
    timecode: unit.timecode ?? null,
    sourceUrl: debate?.sourceUrl ?? null,
    sourceHost: hostOf(debate?.sourceUrl),
    sourceAuthor: author,
    url: `${baseUrl}${unitUrl(unit.id)}`,
    accessed: accessed.toISOString().slice(0, 10),
    datasetCitation: debate?.citation ?? null,
    licence: debate?.licence ?? licenceSource?.title ?? null,
    licenceUrl: licenceSource?.url ?? null,
    language: debate?.language ?? '',
    question: unit.question ?? null,
  };
}

export function unitCitationRecord(index: CorpusIndex, id: string, baseUrl: string, accessed?: Date): CitationRecord {
  const unit = index.unitById.get(id);
  if (!unit) throw new NotFoundError(`unknown unit "${id}"`, { key: 'reason.unknownUnit', vars: { id } });
  return citationRecord(index, unit, baseUrl, accessed);
}

/** What the unit is, in a language: "résumé par Genaro des propos de Sébastien Robin". */
export function kindPhrase(lang: Lang, record: CitationRecord): string {
  const tr = t(lang);
  const name = record.signedAs ? tr('cite.signed', { name: record.speakerName, signature: record.signedAs }) : record.speakerName;
  switch (record.kind) {
    case 'argument':
      return record.reportedBy ? tr('cite.summary', { author: record.reportedBy, name }) : tr('cite.argument', { name });
    case 'turn':
      return record.timecode ? tr('cite.turnAt', { name, time: displayTimecode(record.timecode) }) : tr('cite.turn', { name });
    case 'comment':
      return tr('cite.comment', { name });
    case 'author-view':
      return tr('cite.authorView', { name });
  }
}

/**
 * How to cite a unit, in a language (the pages' cards in theirs, the API's `citation` in English): what it is and who said it (canonical name and
 * signature), the debate, its author and host, the date, the source, the dataset and its licence,
 * the permalink and the access date.
 */
export function citationText(lang: Lang, record: CitationRecord): string {
  const tr = t(lang);
  const fr = lang === 'fr';
  const colon = fr ? '\u00a0:' : ':';
  const title = fr ? `«\u00a0${record.debateTitle}\u00a0»` : `“${record.debateTitle}”`;
  const kind = kindPhrase(lang, record);
  const publisher = [record.sourceAuthor, record.sourceHost].filter(Boolean).join(', ');
  const where = [publisher ? `${title} (${publisher})` : title, record.date ? formatDate(lang, record.date) : ''].filter(Boolean).join(', ');
  const parts = [`${kind[0]!.toUpperCase()}${kind.slice(1)}, ${tr('unit.in')} ${where}`];
  if (record.sourceUrl) parts.push(`${tr('debate.source')}${colon} ${record.sourceUrl}`);
  if (record.datasetCitation) parts.push(`${tr('cite.dataset')}${colon} ${record.datasetCitation}`);
  if (record.licence) parts.push(`${tr('debate.licence')}${colon} ${record.licence}${record.licenceUrl ? ` (${record.licenceUrl})` : ''}`);
  parts.push(`${tr('unit.permalink')}${colon} ${record.url} (${tr('cite.accessed', { date: formatDate(lang, record.accessed) })})`);
  return `${parts.join('. ')}.`;
}
