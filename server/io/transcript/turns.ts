// From cues to turns: consecutive cues of one speaker become one turn, with the start of its first
// cue and the end of its last; a turn longer than a limit is split at paragraph boundaries into
// parts, each part after the first continuing the one before it.

import type { Cue } from './cue.ts';

/** A pause this long (seconds) between two cues of one speaker starts a new paragraph. */
export const PARAGRAPH_PAUSE = 3;
/** Turns longer than this (characters) are split at paragraph boundaries. */
export const MAX_TURN_CHARS = 2500;

export interface Paragraph {
  text: string;
  start?: number;
  end?: number;
}

export interface Turn {
  /** Speaker id, already resolved. */
  speaker: string;
  /** The name the source signs the turn with, when it is an alias of the speaker. */
  signedAs?: string;
  /** Line of the turn's first cue. */
  line: number;
  paragraphs: Paragraph[];
}

export interface TurnPart {
  /** 1-based turn number in the file. */
  turn: number;
  /** 1-based part number in its turn. */
  part: number;
  speaker: string;
  signedAs?: string;
  line: number;
  text: string;
  start?: number;
  end?: number;
}

/** A cue whose speaker is resolved to an id. */
export interface SpokenCue extends Cue {
  speakerId: string;
  signedAs?: string;
}

/** Merges consecutive cues of one speaker; overlapping speech stays in file order. */
export function mergeTurns(cues: readonly SpokenCue[]): Turn[] {
  const turns: Turn[] = [];
  let current: Turn | undefined;
  for (const cue of cues) {
    if (!current || current.speaker !== cue.speakerId) {
      current = { speaker: cue.speakerId, ...(cue.signedAs ? { signedAs: cue.signedAs } : {}), line: cue.line, paragraphs: [] };
      turns.push(current);
    }
    const last = current.paragraphs[current.paragraphs.length - 1];
    const paused = last?.end !== undefined && cue.start !== undefined && cue.start - last.end >= PARAGRAPH_PAUSE;
    if (!last || cue.paragraph || paused) {
      // A cue's own paragraphs (plain text keeps the file's blank lines) stay paragraphs.
      const pieces = cue.text.split(/\n{2,}/);
      pieces.forEach((text, i) => current?.paragraphs.push({ text, ...(i === 0 && cue.start !== undefined ? { start: cue.start } : {}), ...(cue.end !== undefined ? { end: cue.end } : {}) }));
    } else {
      last.text = `${last.text} ${cue.text}`;
      if (cue.end !== undefined) last.end = Math.max(last.end ?? cue.end, cue.end);
      if (last.start === undefined && cue.start !== undefined) last.start = cue.start;
    }
  }
  return turns;
}

/** Splits each turn longer than `maxChars` at paragraph boundaries; a single long paragraph stays whole. */
export function splitTurns(turns: readonly Turn[], maxChars = MAX_TURN_CHARS): TurnPart[] {
  const parts: TurnPart[] = [];
  turns.forEach((turn, t) => {
    const groups: Paragraph[][] = [];
    let group: Paragraph[] = [];
    let size = 0;
    for (const paragraph of turn.paragraphs) {
      const length = paragraph.text.length + 2;
      if (group.length > 0 && size + length > maxChars) {
        groups.push(group);
        group = [];
        size = 0;
      }
      group.push(paragraph);
      size += length;
    }
    if (group.length > 0) groups.push(group);
    groups.forEach((paragraphs, p) => {
      const starts = paragraphs.map((x) => x.start).filter((x): x is number => x !== undefined);
      const ends = paragraphs.map((x) => x.end).filter((x): x is number => x !== undefined);
      parts.push({
        turn: t + 1,
        part: p + 1,
        speaker: turn.speaker,
        ...(turn.signedAs ? { signedAs: turn.signedAs } : {}),
        line: turn.line,
        text: paragraphs.map((x) => x.text.trim()).join('\n\n'),
        ...(starts.length > 0 ? { start: Math.min(...starts) } : {}),
        ...(ends.length > 0 ? { end: Math.max(...ends) } : {}),
      });
    });
  });
  return parts;
}
