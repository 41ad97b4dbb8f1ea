// Imports a transcript (WebVTT, SubRip, a plain-text or Word transcript, read into cues by the
// readers beside this file) as one debate whose units are turns. Speakers are people of the
// registry, found by id, name or alias with case and accents folded ("SEBMASTER", "sébastien
// robin" and "Sebastien" are one person), or mapped with --speaker "Speaker 1=sandra". A label
// that finds nobody stops the import, naming its first line, unless the import may create
// speakers (then they go to the import's speakers file). Cues that name nobody at all (a subtitle
// file without speakers) continue the speaker before them, or belong to the anonymous speaker.
//
// Unit ids are `<prefix>-<turn number>` (three digits or more), and `<prefix>-<turn>-<part>` for
// the parts of a long turn after the first: importing the same file again gives the same ids.

import type { Corpus, Debate, Medium, Unit } from '../../corpus/model.ts';
import { nameKey } from '../ids.ts';
import { ANONYMOUS_ID, ImportError, SpeakerResolver, importSummary, type ImportedDebate } from '../imported.ts';
import { secondsToTimecode, type ReadTranscript } from './cue.ts';
import { UNNAMED } from './subtitles.ts';
import { MAX_TURN_CHARS, mergeTurns, splitTurns, type SpokenCue } from './turns.ts';

/** The label that stands for cues naming nobody, in --speaker ("?=sandra"). */
export const UNNAMED_LABEL = '?';

export interface TranscriptImportOptions {
  /** Name used in messages: "interview.vtt:12: …". */
  file: string;
  slug: string;
  title?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD: required, transcripts rarely carry their date. */
  date?: string;
  language?: string;
  medium?: Medium;
  idPrefix?: string;
  summary?: string;
  sourceUrl?: string;
  licence?: string;
  citation?: string;
  /** The recording, and where the transcript's zero is in it ("mm:ss" or "hh:mm:ss"). */
  mediaUrl?: string;
  mediaOffset?: string;
  /** Speaker labels of the file (folded) → a speaker id, name or alias of the corpus. */
  speakerMap?: ReadonlyMap<string, string>;
  /**
   * Labels that are not speakers but words of the text ("Remember: …" read as a speaker): put back
   * into the text, which continues the turn before. Folded like speaker names.
   */
  notSpeakers?: ReadonlySet<string>;
  /** Create the speakers the registry does not know, in the import's speakers file. */
  createSpeakers?: boolean;
  /** Leave broken lines out with a warning instead of stopping. */
  skipBroken?: boolean;
  maxTurnChars?: number;
  /** Where a line is, for messages; "line N" by default (a .docx says its paragraph). */
  place?: (line: number) => string;
}

/** Parses `--speaker "Speaker 1=sandra"` values into the map the import takes. */
export function parseSpeakerMappings(values: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const value of values) {
    const at = value.lastIndexOf('=');
    const [label, target] = [value.slice(0, at).trim(), value.slice(at + 1).trim()];
    if (at < 0 || label === '' || target === '') throw new ImportError([`--speaker "${value}": write LABEL=SPEAKER, for example --speaker "Speaker 1=sandra"`]);
    map.set(nameKey(label), target);
  }
  return map;
}

export function importTranscript(read: ReadTranscript, options: TranscriptImportOptions, existing: Corpus): ImportedDebate {
  const file = options.file;
  const at = (line: number): string => (options.place ? `${file}: ${options.place(line)}` : `${file}:${line}`);
  const language = options.language ?? 'en';
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const broken of read.broken) {
    if (options.skipBroken) warnings.push(`${at(broken.line)}: ${broken.message} (left out)`);
    else problems.push(`${at(broken.line)}: ${broken.message}`);
  }
  if (read.broken.length > 0 && !options.skipBroken) problems.push(`${file}: fix the line(s) above, or pass --skip-broken to leave them out`);
  if (read.cues.length === 0) problems.push(`${file}: no speech found in the file`);
  if (!options.date) problems.push(`${file}: no date for the debate: pass --date YYYY[-MM[-DD]]`);

  const spoken = resolveSpeakers(read, options, existing, at, problems, warnings);
  if (problems.length > 0) throw new ImportError(problems);

  const prefix = options.idPrefix ?? options.slug;
  const parts = splitTurns(mergeTurns(spoken.cues), options.maxTurnChars ?? MAX_TURN_CHARS);
  const digits = Math.max(3, String(parts[parts.length - 1]?.turn ?? 0).length);
  const idOf = (turn: number, part: number): string => `${prefix === '' ? 't' : `${prefix}-`}${String(turn).padStart(digits, '0')}${part > 1 ? `-${part}` : ''}`;
  const units = parts.map((part, i): Unit => {
    const start = part.start !== undefined ? secondsToTimecode(part.start) : undefined;
    const end = part.end !== undefined && part.start !== undefined ? secondsToTimecode(Math.ceil(part.end)) : undefined;
    return {
      id: idOf(part.turn, part.part),
      debate: options.slug,
      speaker: part.speaker,
      ...(part.signedAs ? { signedAs: part.signedAs } : {}),
      kind: 'turn',
      text: part.text,
      ...(start ? { timecode: start } : {}),
      ...(start && end && end !== start ? { endTimecode: end } : {}),
      ...(part.part > 1 ? { continues: idOf(part.turn, part.part - 1) } : {}),
      relations: [],
      order: i + 1,
    };
  });
  const splitCount = parts.filter((p) => p.part > 1).length;
  if (splitCount > 0) warnings.push(`${file}: ${splitCount} long turn part(s) split at paragraph boundaries (each continues the one before)`);

  const source = file.split(/[\\/]/).pop() ?? file;
  const summary = options.summary ?? [read.preamble, importSummary(language, { source, units: units.length, citation: options.citation, licence: options.licence })].filter(Boolean).join('\n\n');
  const debate: Debate = {
    slug: options.slug,
    title: options.title ?? source,
    date: options.date ?? '',
    medium: options.medium ?? 'transcript',
    language,
    participants: [...new Set(units.map((u) => u.speaker))],
    summary,
    sources: [],
    ...(options.sourceUrl ? { sourceUrl: options.sourceUrl } : {}),
    ...(options.mediaUrl ? { mediaUrl: options.mediaUrl } : {}),
    ...(options.mediaOffset ? { mediaOffset: options.mediaOffset } : {}),
    ...(options.licence ? { licence: options.licence } : {}),
    ...(options.citation ? { citation: options.citation } : {}),
  };
  return { debate, speakers: spoken.created, questions: [], units, warnings: [...warnings, ...spoken.notes] };
}

/**
 * Gives each cue a speaker id. A label is looked up in --speaker first, then among the registry's
 * ids, names and aliases (folded); a cue without a label continues the speaker before it.
 */
function resolveSpeakers(
  read: ReadTranscript,
  options: TranscriptImportOptions,
  existing: Corpus,
  at: (line: number) => string,
  problems: string[],
  warnings: string[],
): { cues: SpokenCue[]; created: ReturnType<SpeakerResolver['newSpeakers']>; notes: string[] } {
  const resolver = new SpeakerResolver(existing.speakers, options.language ?? 'en');
  const known = new Set(existing.speakers.flatMap((s) => [s.id, s.name, ...s.aliases].map(nameKey)));
  const map = options.speakerMap ?? new Map<string, string>();
  const used = new Set<string>();
  const unknown = new Map<string, { label: string; line: number; count: number }>();
  const badTargets = new Set<string>();
  const cache = new Map<string, { id: string; signedAs?: string } | undefined>();

  const lookup = (label: string, line: number): { id: string; signedAs?: string } | undefined => {
    const key = label === UNNAMED ? UNNAMED_LABEL : nameKey(label);
    if (cache.has(key)) {
      const seen = unknown.get(key);
      if (seen) seen.count++;
      return cache.get(key);
    }
    let found: { id: string; signedAs?: string } | undefined;
    const target = map.get(key);
    if (target !== undefined) {
      used.add(key);
      if (known.has(nameKey(target))) found = { id: resolver.resolve(target) };
      else if (!badTargets.has(target)) {
        badTargets.add(target);
        problems.push(`--speaker maps "${label || UNNAMED_LABEL}" to "${target}", which is no speaker id, name or alias of the corpus`);
      }
    } else if (label === UNNAMED) {
      found = { id: resolver.anonymous() };
    } else if (known.has(key)) {
      const signedAs = resolver.signatureOf(label);
      found = { id: resolver.resolve(label), ...(signedAs ? { signedAs } : {}) };
    } else if (options.createSpeakers) {
      found = { id: resolver.resolve(label) };
    } else {
      unknown.set(key, { label, line, count: 1 });
    }
    cache.set(key, found);
    return found;
  };

  const cues: SpokenCue[] = [];
  let previous: { id: string; signedAs?: string } | undefined;
  let unnamedCount = 0;
  for (const written of read.cues) {
    const notSpeaker = written.speaker !== undefined && written.speaker !== UNNAMED && options.notSpeakers?.has(nameKey(written.speaker));
    const cue = notSpeaker ? { ...written, speaker: undefined, text: `${written.speaker}: ${written.text}` } : written;
    let speaker: { id: string; signedAs?: string } | undefined;
    if (cue.speaker === undefined) {
      speaker = previous ?? lookup(UNNAMED, cue.line);
      if (!previous) unnamedCount++;
    } else {
      speaker = lookup(cue.speaker, cue.line);
    }
    if (!speaker) continue;
    previous = speaker;
    cues.push({ ...cue, speakerId: speaker.id, ...(speaker.signedAs ? { signedAs: speaker.signedAs } : {}) });
  }
  for (const { label, line, count } of unknown.values()) {
    problems.push(
      `${at(line)}: unknown speaker "${label}" (${count} cue(s)): add "${label}" to the aliases of a speaker, map it with --speaker "${label}=ID", ` +
        `pass --create-speakers, or --not-speaker "${label}" if it is part of the text`,
    );
  }
  for (const key of map.keys()) if (!used.has(key)) warnings.push(`--speaker: no speaker label "${key}" in ${options.file}`);
  if (unnamedCount > 0 && !map.has(UNNAMED_LABEL)) {
    warnings.push(`${options.file}: ${unnamedCount} cue(s) name nobody and go to the ${ANONYMOUS_ID} speaker: map them with --speaker "${UNNAMED_LABEL}=ID"`);
  }
  return { cues, created: resolver.newSpeakers(), notes: resolver.notes };
}

/** What the import's summary line says: turns, parts, speakers and the time the turns span. */
export function transcriptFigures(imported: ImportedDebate): { turns: number; units: number; speakers: number; newSpeakers: number; duration?: string } {
  const seconds = (t: string): number => t.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  const starts = imported.units.flatMap((u) => (u.timecode ? [seconds(u.timecode)] : []));
  const ends = imported.units.flatMap((u) => [u.endTimecode, u.timecode].flatMap((t) => (t ? [seconds(t)] : [])));
  const duration = starts.length > 0 ? secondsToTimecode(Math.max(...ends) - Math.min(...starts)) : undefined;
  return {
    turns: imported.units.filter((u) => !u.continues).length,
    units: imported.units.length,
    speakers: new Set(imported.units.map((u) => u.speaker)).size,
    newSpeakers: imported.speakers.length,
    ...(duration ? { duration } : {}),
  };
}
