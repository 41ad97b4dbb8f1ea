// WebVTT (https://www.w3.org/TR/webvtt1/): the header, then blocks separated by blank lines. A cue
// block is an optional identifier, a timing line and its text; NOTE, STYLE and REGION blocks are
// skipped. Speakers come from voice tags (`<v Sandra>`) or a "Name:" prefix in the text, which is
// what most transcription services write.

import { textLines, type BrokenLine, type Cue, type ReadTranscript } from './cue.ts';
import { excerpt, looksLikeTiming, readTimedBlock, textBlocks } from './subtitles.ts';

export function readVtt(text: string): ReadTranscript {
  const lines = textLines(text);
  const broken: BrokenLine[] = [];
  const cues: Cue[] = [];
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) broken.push({ line: 1, message: 'a WebVTT file starts with a "WEBVTT" line' });
  let at = 1;
  // The header may go on until the first blank line.
  while (at < lines.length && (lines[at] ?? '').trim() !== '') at++;
  for (const { block, start: blockStart } of textBlocks(lines, at)) {
    const first = block[0] ?? '';
    if (/^(?:NOTE|STYLE|REGION)(?:\s|$)/.test(first)) continue;
    const timingAt = looksLikeTiming(first) ? 0 : looksLikeTiming(block[1] ?? '') ? 1 : -1;
    if (timingAt < 0) {
      broken.push({ line: blockStart + 1, message: `a cue without a timing line ("${excerpt(first)}")` });
      continue;
    }
    readTimedBlock(block, blockStart, timingAt, { noun: 'cue', timingExample: '00:01:02.000 --> 00:01:04.000' }, cues, broken);
  }
  return { cues, broken };
}
