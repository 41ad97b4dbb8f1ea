// Plain-text transcripts, in the layouts transcription services and researchers write. Each layout
// is a way to write the line that opens a speaker's turn; the lines after it, up to the next such
// line, are the turn's text (a blank line starts a new paragraph). Text before the first turn (a
// title, a service's header) is kept as the preamble.
//
//   colon           Sandra: Bonjour à tous.                       (Rev, hand-typed interviews)
//   bracket         [00:01:23] Sandra: Bonjour à tous.           (Zoom, Temi, Happy Scribe)
//   name-time       Sandra (00:01:23): Bonjour à tous.           (Descript, Trint; also "Sandra: [00:01:23] …", Sonix)
//   block           SANDRA  00:01:23     then the paragraph      (Otter.ai, Word exports)
//   speaker-lines   Sandra               then the paragraph      (no times)

import { isSpeakerLabel, parseClock, splitSpeakerPrefix, textLines, type BrokenLine, type Cue, type ReadTranscript } from './cue.ts';
import { excerpt } from './subtitles.ts';

export const LAYOUTS = ['colon', 'bracket', 'name-time', 'block', 'speaker-lines'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** What opens a turn: the speaker (undefined: a timed line of the same speaker), a time, the text on the line. */
interface Opening {
  speaker?: string;
  start?: number;
  rest: string;
}

const CLOCK = String.raw`\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`;
/** Something in brackets or after a name that is meant as a time but is not one: "[00:1:23]", "(1:2x:00)". */
const TIMEISH = String.raw`\d[\d:.,x ]{2,}`;

// Built once: the readers run them on every line.
const BRACKET_OPEN = new RegExp(String.raw`^[\[(]?(${CLOCK})[\])]?\s+(.*)$`);
const BRACKET_BROKEN = new RegExp(String.raw`^[\[(](${TIMEISH})[\])]`);
const NAME_TIME_AFTER = new RegExp(String.raw`^(.{1,48}?)\s*[\[(](${CLOCK})[\])]\s*:?(?:\s+(.*))?$`);
const NAME_TIME_BEFORE = new RegExp(String.raw`^(.{1,48}?)\s?:\s*[\[(](${CLOCK})[\])](?:\s+(.*))?$`);
const NAME_TIME_BROKEN = new RegExp(String.raw`^(.{1,48}?)\s*[\[(](${TIMEISH})[\])]\s*:`);
const BLOCK_OPEN = new RegExp(String.raw`^(.{1,48}?)\s+[\[(]?(${CLOCK})[\])]?\s*$`);
const BLOCK_BROKEN = new RegExp(String.raw`^(.{1,48}?)\s{2,}[\[(]?(${TIMEISH})[\])]?\s*$`);
const ANY_CLOCK = new RegExp(CLOCK);

interface LayoutRules {
  /** The line opens a turn (`next` is the line after, for layouts whose opening stands alone). */
  open(line: string, next: string | undefined): Opening | undefined;
  /** The line was meant to open a turn but its time is broken. */
  broken(line: string): string | undefined;
}

function clockOr(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseClock(text);
}

const RULES: Record<Layout, LayoutRules> = {
  colon: {
    open: (line) => {
      const prefix = splitSpeakerPrefix(line);
      return prefix ? { speaker: prefix.speaker, rest: prefix.rest } : undefined;
    },
    broken: () => undefined,
  },
  bracket: {
    open: (line) => {
      const match = BRACKET_OPEN.exec(line);
      const start = clockOr(match?.[1]);
      if (!match || start === undefined) return undefined;
      const prefix = splitSpeakerPrefix(match[2] ?? '');
      return prefix ? { speaker: prefix.speaker, start, rest: prefix.rest } : { start, rest: (match[2] ?? '').trim() };
    },
    broken: (line) => {
      const match = BRACKET_BROKEN.exec(line);
      return match && parseClock(match[1] ?? '') === undefined ? `"${match[0]}" is not a time (expected [hh:mm:ss] or [mm:ss])` : undefined;
    },
  },
  'name-time': {
    open: (line) => {
      const after = NAME_TIME_AFTER.exec(line);
      const before = NAME_TIME_BEFORE.exec(line);
      const match = before ?? after;
      const start = clockOr(match?.[2]);
      const speaker = (match?.[1] ?? '').trim();
      if (!match || start === undefined || !isSpeakerLabel(speaker)) return undefined;
      return { speaker, start, rest: (match[3] ?? '').trim() };
    },
    broken: (line) => {
      const match = NAME_TIME_BROKEN.exec(line);
      if (!match || !isSpeakerLabel((match[1] ?? '').trim()) || parseClock(match[2] ?? '') !== undefined) return undefined;
      return `"${match[2] ?? ''}" after ${(match[1] ?? '').trim()} is not a time (expected hh:mm:ss or mm:ss)`;
    },
  },
  block: {
    open: (line, next) => {
      const match = BLOCK_OPEN.exec(line.trim());
      const start = clockOr(match?.[2]);
      const speaker = (match?.[1] ?? '').trim().replace(/\s*:$/, '');
      if (!match || start === undefined || !isSpeakerLabel(speaker) || next === undefined) return undefined;
      return { speaker, start, rest: '' };
    },
    broken: (line) => {
      const match = BLOCK_BROKEN.exec(line.trim());
      if (!match || !isSpeakerLabel((match[1] ?? '').trim()) || parseClock(match[2] ?? '') !== undefined) return undefined;
      return `"${(match[2] ?? '').trim()}" after ${(match[1] ?? '').trim()} is not a time (expected hh:mm:ss or mm:ss)`;
    },
  },
  'speaker-lines': {
    open: (line, next) => {
      const label = line.trim().replace(/\s?:$/, '');
      if (next === undefined || next.trim() === '' || ANY_CLOCK.test(label) || label.split(/\s+/).length > 4 || !isSpeakerLabel(label)) return undefined;
      return { speaker: label, rest: '' };
    },
    broken: () => undefined,
  },
};

/** The layout whose openings match the most lines; ties go to the more specific one. */
export function detectLayout(text: string): Layout {
  const lines = textLines(text);
  const order: Layout[] = ['bracket', 'name-time', 'block', 'colon', 'speaker-lines'];
  let best: Layout = 'colon';
  let bestCount = 0;
  for (const layout of order) {
    const count = countOpenings(lines, layout);
    if (count > bestCount) [best, bestCount] = [layout, count];
  }
  return best;
}

function countOpenings(lines: readonly string[], layout: Layout): number {
  let count = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const opening = RULES[layout].open(line, nextTextLine(lines, i));
    if (opening?.speaker !== undefined) count++;
  });
  return count;
}

/** The next non-blank line, for layouts whose opening line stands alone before its paragraph. */
function nextTextLine(lines: readonly string[], at: number): string | undefined {
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() !== '') return line;
  }
  return undefined;
}

export function readPlainText(text: string, layout: Layout = detectLayout(text)): ReadTranscript & { layout: Layout } {
  const lines = textLines(text);
  const rules = RULES[layout];
  const cues: Cue[] = [];
  const broken: BrokenLine[] = [];
  const preamble: string[] = [];
  let current: Cue | undefined;
  let newParagraph = false;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') {
      newParagraph = true;
      return;
    }
    const opening = rules.open(line, nextTextLine(lines, i));
    if (opening) {
      current = { line: i + 1, ...(opening.speaker !== undefined ? { speaker: opening.speaker } : {}), ...(opening.start !== undefined ? { start: opening.start } : {}), text: opening.rest, paragraph: true };
      cues.push(current);
      newParagraph = false;
      return;
    }
    const problem = rules.broken(line);
    if (problem) {
      broken.push({ line: i + 1, message: `${problem}: "${excerpt(line)}"` });
      // What follows until the next opening belongs to nobody we know: leave it out with the line.
      current = undefined;
      return;
    }
    if (!current) {
      if (cues.length === 0) preamble.push(line);
      else broken.push({ line: i + 1, message: `text that follows a broken line and belongs to no turn: "${excerpt(line)}"` });
      newParagraph = false;
      return;
    }
    const separator = current.text === '' ? '' : newParagraph ? '\n\n' : '\n';
    current.text += separator + line;
    newParagraph = false;
  });
  return { cues: cues.filter((c) => c.text.trim() !== ''), broken, layout, ...(preamble.length > 0 ? { preamble: preamble.join('\n') } : {}) };
}
