// SubRip (.srt): numbered blocks separated by blank lines, each a counter, a timing line
// (`00:01:02,500 --> 00:01:04,000`) and the text. Subtitle editors (Aegisub, Subtitle Edit) and
// caption services write speakers, when they do, as a "NAME:" prefix or a dialogue dash.

import { textLines, type BrokenLine, type Cue, type ReadTranscript } from './cue.ts';
import { excerpt, looksLikeTiming, readTimedBlock, textBlocks } from './subtitles.ts';

export function readSrt(text: string): ReadTranscript {
  const lines = textLines(text);
  const broken: BrokenLine[] = [];
  const cues: Cue[] = [];
  for (const { block, start: blockStart } of textBlocks(lines)) {
    // The counter is optional in practice; the timing line is what makes a cue.
    const timingAt = looksLikeTiming(block[0] ?? '') ? 0 : looksLikeTiming(block[1] ?? '') ? 1 : -1;
    if (timingAt < 0) {
      broken.push({ line: blockStart + 1, message: `a subtitle without a timing line ("${excerpt(block[0] ?? '')}")` });
      continue;
    }
    if (timingAt === 1 && !/^\s*\d+\s*$/.test(block[0] ?? '')) {
      broken.push({ line: blockStart + 1, message: `"${excerpt(block[0] ?? '')}" should be the subtitle's number` });
      continue;
    }
    readTimedBlock(block, blockStart, timingAt, { noun: 'subtitle', timingExample: '00:01:02,000 --> 00:01:04,000' }, cues, broken);
  }
  return { cues, broken };
}
