// What WebVTT and SubRip share: a cue's timing line, and the speakers inside its text.

import { parseClock, stripSubtitleTags, subtitleLine, type BrokenLine, type Cue } from './cue.ts';

/** A label for "someone else, unnamed": a dialogue dash or `>>` that names nobody. */
export const UNNAMED = '';

/** `00:01:02.500 --> 00:01:04.000 align:start` (WebVTT) or `00:01:02,500 --> 00:01:04,000` (SRT). */
export function parseTiming(line: string): { start: number; end: number } | undefined {
  const match = /^\s*(\S+)\s+-->\s+(\S+)(?:\s+.*)?$/.exec(line);
  if (!match) return undefined;
  const start = parseClock(match[1] ?? '');
  const end = parseClock(match[2] ?? '');
  if (start === undefined || end === undefined) return undefined;
  return { start, end };
}

/** The blocks of `lines` separated by blank lines, from line `from` on, each with the index of its first line. */
export function* textBlocks(lines: readonly string[], from = 0): Generator<{ block: string[]; start: number }> {
  let at = from;
  while (at < lines.length) {
    while (at < lines.length && (lines[at] ?? '').trim() === '') at++;
    const start = at;
    while (at < lines.length && (lines[at] ?? '').trim() !== '') at++;
    if (at > start) yield { block: lines.slice(start, at), start };
  }
}

/** Looks like a timing line, whether or not it parses: so a broken one is reported, not read as text. */
export function looksLikeTiming(line: string): boolean {
  return /-->/.test(line) || /^\s*\d{1,2}:\d{2}[:.,]\d{2}.*-[->]/.test(line);
}

/**
 * The cues of one subtitle's text: one per voice (`<v Name>…</v>`, WebVTT) or per speaker prefix
 * ("Name: …", "- Name: …", ">> …"); lines without either belong to the speaker before them.
 */
export function cuesOfPayload(lines: readonly string[], firstLine: number, start: number, end: number): Cue[] {
  const cues: Cue[] = [];
  const voiced = /<v(?:\.[^\s>]*)?\s+([^>]+)>/i;
  lines.forEach((raw, i) => {
    const line = firstLine + i;
    // A line may hold several voices: "<v A>Oui.</v> <v B>Non.</v>".
    const parts = raw.split(/(?=<v[\s.])/i).filter((p) => p.trim() !== '');
    for (const part of parts) {
      const voice = voiced.exec(part);
      if (voice) {
        const text = stripSubtitleTags(part).trim();
        cues.push({ line, start, end, speaker: (voice[1] ?? '').trim(), text });
        continue;
      }
      const read = subtitleLine(stripSubtitleTags(part));
      const last = cues[cues.length - 1];
      if (!read.change && last) {
        last.text = `${last.text} ${read.text}`.trim();
        continue;
      }
      cues.push({ line, start, end, ...(read.speaker !== undefined ? { speaker: read.speaker } : read.change ? { speaker: UNNAMED } : {}), text: read.text });
    }
  });
  return cues.filter((c) => c.text !== '');
}

/** A line cut to 60 characters, for messages. */
export function excerpt(line: string): string {
  const trimmed = line.trim();
  return trimmed.length > 60 ? `${trimmed.slice(0, 57)}…` : trimmed;
}

/** How a format's messages name one block ("cue", "subtitle") and show a timing line. */
export interface BlockWording {
  noun: string;
  timingExample: string;
}

/**
 * One block of a subtitle file whose timing line is at `timingAt`: its cues, or the reason it is
 * broken (line numbers in the file). WebVTT and SRT differ only in how a block starts.
 */
export function readTimedBlock(block: readonly string[], blockStart: number, timingAt: number, wording: BlockWording, cues: Cue[], broken: BrokenLine[]): void {
  const timingLine = blockStart + timingAt + 1;
  const timing = parseTiming(block[timingAt] ?? '');
  if (!timing) {
    broken.push({ line: timingLine, message: `the ${wording.noun} timing "${excerpt(block[timingAt] ?? '')}" does not parse (expected ${wording.timingExample})` });
    return;
  }
  if (timing.end < timing.start) {
    broken.push({ line: timingLine, message: `the ${wording.noun} ends before it starts` });
    return;
  }
  cues.push(...cuesOfPayload(block.slice(timingAt + 1), timingLine + 1, timing.start, timing.end));
}
