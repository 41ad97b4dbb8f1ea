// Writes corpus values in the authoring format of data/README.md, so that imported material is
// plain files that go through the same validator and the same review as a hand-written debate.
// Parsing what these functions write gives back the same values (tests/unit/corpus-write.test.ts),
// except for the unit texts made safe by `safeUnitText` below.

import { Document } from 'yaml';
import type { Debate, Position, Question, SourceLink, Speaker, SpeakerLink, Unit } from './model.ts';
import { formatCode, unitCodes } from './model.ts';

/** The line that opens a unit in a debate file (server/corpus/parse.ts, UNIT_HEADING). */
const UNIT_HEADING_LINE = /^##(?:[ \t]|$)/;

/**
 * Unit and summary text as it can be written into a debate file.
 *
 * A line that starts with `## ` (or is just `##`) would open a new unit. Such a line gets one
 * leading space: CommonMark allows up to three spaces before an ATX heading, so the Markdown still
 * renders the same level-2 heading, while the parser no longer sees a unit heading. The space
 * stays in the text after a round trip; nothing else changes. CRLF becomes LF and leading and
 * trailing blank lines go, as the parser drops them anyway.
 */
export function safeUnitText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let from = 0;
  let to = lines.length;
  while (from < to && (lines[from] ?? '').trim() === '') from++;
  while (to > from && (lines[to - 1] ?? '').trim() === '') to--;
  return lines
    .slice(from, to)
    .map((line) => (UNIT_HEADING_LINE.test(line) ? ` ${line}` : line))
    .join('\n');
}

/** The header comment of a file an import writes, saying where it came from. */
export interface WriteOptions {
  comment?: string;
}

/** A speakers file (`speakers.yaml` or `speakers/<name>.yaml`). */
export function speakersToYaml(speakers: readonly Speaker[], options: WriteOptions = {}): string {
  return yamlDocument(
    speakers.map((s) =>
      compact({
        id: s.id,
        name: s.name,
        aliases: s.aliases.length > 0 ? s.aliases : undefined,
        links: s.links.length > 0 ? s.links.map((l) => compact({ label: l.label, url: l.url } satisfies FieldsOf<SpeakerLink>)) : undefined,
        description: s.description || undefined,
        descriptionEn: s.descriptionEn || undefined,
      } satisfies FieldsOf<Speaker>),
    ),
    options.comment,
  );
}

/** A questions file (`questions.yaml` or `questions/<name>.yaml`). */
export function questionsToYaml(questions: readonly Question[], options: WriteOptions = {}): string {
  return yamlDocument(
    questions.map((q) =>
      compact({
        id: q.id,
        title: q.title,
        titleEn: q.titleEn,
        description: q.description || undefined,
        descriptionEn: q.descriptionEn || undefined,
        positions: q.positions.map((p) =>
          compact({ id: p.id, label: p.label, labelEn: p.labelEn, description: p.description || undefined, descriptionEn: p.descriptionEn || undefined } satisfies FieldsOf<Position>),
        ),
      } satisfies FieldsOf<Question>),
    ),
    options.comment,
  );
}

/** A debate file (`debates/<slug>.md`): front matter, summary, then its units in order. */
export function debateToMarkdown(debate: Debate, units: readonly Unit[], options: WriteOptions = {}): string {
  // Front matter keys differ from the model's names for two fields (source, media).
  const fields = {
    slug: debate.slug,
    title: debate.title,
    date: debate.date === '' ? undefined : debate.date,
    medium: debate.medium,
    sourceUrl: debate.sourceUrl,
    language: debate.language,
    participants: debate.participants,
    mediaUrl: debate.mediaUrl,
    mediaOffset: debate.mediaOffset,
    sources: debate.sources.length > 0 ? debate.sources.map((s) => compact({ title: s.title, kind: s.kind, url: s.url } satisfies FieldsOf<SourceLink>)) : undefined,
    licence: debate.licence,
    citation: debate.citation,
    summaryFr: debate.summaryFr,
    summaryEn: debate.summaryEn,
  } satisfies Omit<FieldsOf<Debate>, 'summary'>;
  const { sourceUrl, mediaUrl, mediaOffset, summaryFr, summaryEn, ...rest } = fields;
  const front = compact({ ...rest, source: sourceUrl, media: mediaUrl, 'media-offset': mediaOffset, 'summary-fr': summaryFr, 'summary-en': summaryEn });
  const order = ['slug', 'title', 'date', 'medium', 'source', 'language', 'participants', 'media', 'media-offset', 'sources', 'licence', 'citation', 'summary-fr', 'summary-en'];
  const ordered = Object.fromEntries(order.filter((key) => key in front).map((key) => [key, front[key as keyof typeof front]]));
  const parts = [`---\n${yamlDocument(ordered, options.comment)}---\n`];
  const summary = safeUnitText(debate.summary);
  if (summary !== '') parts.push(`${summary}\n`);
  for (const unit of units) parts.push(unitToMarkdown(unit));
  return parts.join('\n');
}

/**
 * Each unit field written as an attribute, under its authoring key, in the order of data/README.md.
 * Typed over every field of Unit: a field added to the model does not compile until it is placed
 * here, written some other way (`id`, `text`, `relations`), or known not to be written.
 */
const UNIT_ATTRIBUTES: Record<Exclude<keyof Unit, 'id' | 'text' | 'relations' | 'debate' | 'order' | 'origin' | 'speaker' | 'kind' | 'question' | 'position' | 'codes'>, string> = {
  timecode: 'timecode',
  endTimecode: 'end',
  replyTo: 'reply-to',
  continues: 'continues',
  signedAs: 'signed-as',
};

/** One unit: `## id`, its attributes as `- key: value` lines, a blank line, its text. */
export function unitToMarkdown(unit: Unit): string {
  // The codes: the first as `question`/`position` (as one-code corpora have always written it),
  // every other one as a `code` line.
  const [first, ...others] = unitCodes(unit);
  const attributes: [string, string | undefined][] = [
    ['speaker', unit.speaker],
    ['kind', unit.kind],
    ['question', first?.question],
    ['position', first?.position],
    ...others.map((code): [string, string] => ['code', formatCode(code)]),
    ...Object.entries(UNIT_ATTRIBUTES).map(([field, key]): [string, string | undefined] => [key, unit[field as keyof typeof UNIT_ATTRIBUTES]]),
    ['supports', joinTargets(unit, 'supports')],
    ['attacks', joinTargets(unit, 'attacks')],
  ];
  const lines = [`## ${unit.id}`];
  for (const [key, value] of attributes) {
    // Attribute values are ids, timecodes and names; a line break in one would end the list.
    if (value !== undefined && value !== '') lines.push(`- ${key}: ${value.replace(/\s+/g, ' ').trim()}`);
  }
  return `${lines.join('\n')}\n\n${safeUnitText(unit.text)}\n`;
}

function joinTargets(unit: Unit, type: 'supports' | 'attacks'): string | undefined {
  const targets = unit.relations.filter((r) => r.type === type).map((r) => r.target);
  return targets.length > 0 ? targets.join(', ') : undefined;
}

function yamlDocument(value: unknown, comment: string | undefined): string {
  const doc = new Document(value);
  if (comment) doc.commentBefore = ` ${comment.replace(/\n/g, '\n ')}`;
  // No folding: a reviewer reads one title per line, and diffs stay line-sized.
  return doc.toString({ lineWidth: 0 });
}

/**
 * Every field of T, each possibly undefined: `satisfies FieldsOf<T>` on an object literal makes a
 * field added to the model fail to compile here until the writer writes it.
 */
type FieldsOf<T> = { [K in keyof Required<T>]: unknown };

/** Drops undefined fields so that optional fields are left out rather than written empty. */
function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
