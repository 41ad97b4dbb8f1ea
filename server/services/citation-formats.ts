// A unit's citation (citations.ts) in the formats reference managers read: CSL-JSON (Zotero,
// Pandoc, citeproc), BibTeX (biblatex `@online`, UTF-8) and RIS. One record in, text out; a list of
// records gives one file with one entry each. Checked in tests by parsing the output back with
// citation-js.

import type { CitationRecord } from './citations.ts';

export const CITATION_FORMATS = ['bibtex', 'ris', 'csl-json'] as const;
export type CitationFormat = (typeof CITATION_FORMATS)[number];

/** File extension and media type of each format. */
export const CITATION_FILE: Readonly<Record<CitationFormat, { ext: string; type: string }>> = {
  bibtex: { ext: 'bib', type: 'application/x-bibtex; charset=utf-8' },
  ris: { ext: 'ris', type: 'application/x-research-info-systems; charset=utf-8' },
  'csl-json': { ext: 'json', type: 'application/vnd.citationstyles.csl+json; charset=utf-8' },
};

/** What the unit is, in English words (the formats' notes are in one fixed language, like the API). */
export function kindNote(record: CitationRecord): string {
  const signed = record.signedAs ? ` (signed "${record.signedAs}")` : '';
  switch (record.kind) {
    case 'argument':
      return record.reportedBy ? `Summary by ${record.reportedBy} of what ${record.speakerName}${signed} said` : `Argument by ${record.speakerName}${signed}`;
    case 'turn':
      return `Transcript turn by ${record.speakerName}${signed}${record.timecode ? ` at ${record.timecode}` : ''}`;
    case 'comment':
      return `Comment by ${record.speakerName}${signed}`;
    case 'author-view':
      return `Author's view, ${record.speakerName}${signed}`;
  }
}

function notes(record: CitationRecord): string[] {
  const lines = [kindNote(record)];
  if (record.sourceUrl) lines.push(`Source: ${record.sourceUrl}${record.sourceAuthor ? ` (${record.sourceAuthor}${record.sourceHost ? `, ${record.sourceHost}` : ''})` : ''}`);
  if (record.datasetCitation) lines.push(`Dataset: ${record.datasetCitation}`);
  if (record.licence) lines.push(`Licence: ${record.licence}${record.licenceUrl ? ` (${record.licenceUrl})` : ''}`);
  return lines;
}

function dateParts(date: string): number[] {
  return date
    .split('-')
    .filter(Boolean)
    .map((part) => Number(part))
    .filter((n) => Number.isInteger(n));
}

/** A citation key BibTeX accepts: letters, digits, "-", "_", ":" only. */
export function citationKey(record: CitationRecord): string {
  const id = record.id.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9_:-]+/g, '-');
  return `contrepoint:${id}`;
}

function cslType(record: CitationRecord): string {
  if (record.medium === 'dataset') return 'dataset';
  if (record.kind === 'turn') return 'speech';
  if (record.kind === 'comment') return 'post';
  return record.medium === 'blog-post' ? 'post-weblog' : 'document';
}

export interface CslItem {
  id: string;
  type: string;
  title: string;
  author: { literal: string }[];
  'container-title': string;
  issued?: { 'date-parts': number[][] };
  accessed: { 'date-parts': number[][] };
  URL: string;
  publisher?: string;
  note: string;
  abstract: string;
  language?: string;
  genre: string;
  source?: string;
}

export function toCslItem(record: CitationRecord): CslItem {
  const issued = dateParts(record.date);
  return {
    id: citationKey(record),
    type: cslType(record),
    title: record.excerpt,
    author: [{ literal: record.speakerName }],
    'container-title': record.debateTitle,
    ...(issued.length > 0 ? { issued: { 'date-parts': [issued] } } : {}),
    accessed: { 'date-parts': [dateParts(record.accessed)] },
    URL: record.url,
    ...(record.sourceHost ? { publisher: record.sourceHost } : {}),
    note: notes(record).join('\n'),
    abstract: record.text,
    ...(record.language ? { language: record.language } : {}),
    genre: kindNote(record),
    ...(record.sourceUrl ? { source: record.sourceUrl } : {}),
  };
}

export function toCslJson(records: readonly CitationRecord[]): string {
  return `${JSON.stringify(records.map(toCslItem), null, 2)}\n`;
}

// ---------------------------------------------------------------- BibTeX

/** BibTeX's special characters escaped; braces balanced by construction (every brace is escaped). */
export function bibtexEscape(text: string): string {
  return text
    .replace(/\\/g, '\\textbackslash{}')
    .replace(/([{}])/g, '\\$1')
    .replace(/\\textbackslash\\\{\\\}/g, '\\textbackslash{}')
    .replace(/([&%$#_])/g, '\\$1')
    .replace(/~/g, '\\textasciitilde{}')
    .replace(/\^/g, '\\textasciicircum{}')
    .replace(/\s+/g, ' ')
    .trim();
}

function bibtexEntry(record: CitationRecord): string {
  const [year, month] = dateParts(record.date);
  const fields: [string, string][] = [
    // Double braces: a name as written, never split into first and last names.
    ['author', `{${bibtexEscape(record.speakerName)}}`],
    ['title', bibtexEscape(record.excerpt)],
    ['titleaddon', bibtexEscape(kindNote(record))],
    ['howpublished', bibtexEscape(record.debateTitle)],
    ...(record.sourceHost ? ([['organization', bibtexEscape(record.sourceHost)]] as [string, string][]) : []),
    ...(year ? ([['year', String(year)]] as [string, string][]) : []),
    ...(month ? ([['month', String(month)]] as [string, string][]) : []),
    ...(record.date ? ([['date', record.date]] as [string, string][]) : []),
    ['url', record.url],
    ['urldate', record.accessed],
    ...(record.language ? ([['langid', record.language]] as [string, string][]) : []),
    ['note', bibtexEscape(notes(record).join('. '))],
  ];
  const body = fields.map(([name, value]) => `  ${name} = {${value}}`).join(',\n');
  return `@online{${citationKey(record)},\n${body}\n}\n`;
}

export function toBibtex(records: readonly CitationRecord[]): string {
  return records.map(bibtexEntry).join('\n');
}

// ---------------------------------------------------------------- RIS

function risType(record: CitationRecord): string {
  if (record.medium === 'dataset') return 'DATA';
  if (record.kind === 'turn') return 'SOUND';
  if (record.medium === 'blog-post' || record.kind === 'comment') return 'BLOG';
  return 'ELEC';
}

/** One RIS line: tag, two spaces, a dash, a space; the value on one line. */
function risLine(tag: string, value: string): string {
  return `${tag}  - ${value.replace(/\s+/g, ' ').trim()}`;
}

function risEntry(record: CitationRecord): string {
  const parts = dateParts(record.date);
  const lines = [
    risLine('TY', risType(record)),
    risLine('ID', citationKey(record)),
    risLine('AU', record.speakerName),
    risLine('TI', record.excerpt),
    risLine('T2', record.debateTitle),
    ...(parts[0] ? [risLine('PY', String(parts[0]))] : []),
    ...(parts.length > 0 ? [risLine('DA', `${parts[0]}/${parts[1] ? String(parts[1]).padStart(2, '0') : ''}/${parts[2] ? String(parts[2]).padStart(2, '0') : ''}/`)] : []),
    ...(record.sourceHost ? [risLine('PB', record.sourceHost)] : []),
    risLine('UR', record.url),
    risLine('Y2', record.accessed.replace(/-/g, '/')),
    ...(record.language ? [risLine('LA', record.language)] : []),
    risLine('AB', record.text),
    ...notes(record).map((n) => risLine('N1', n)),
    'ER  - ',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export function toRis(records: readonly CitationRecord[]): string {
  return records.map(risEntry).join('\r\n');
}

export function formatCitations(format: CitationFormat, records: readonly CitationRecord[]): string {
  switch (format) {
    case 'bibtex':
      return toBibtex(records);
    case 'ris':
      return toRis(records);
    case 'csl-json':
      return toCslJson(records);
  }
}
