// Reads a transcript file of any supported format into cues: the one entry point the import
// command uses.

import { readFile } from 'node:fs/promises';
import { ImportError } from '../imported.ts';
import type { ReadTranscript } from './cue.ts';
import { isZip, readDocx } from './docx.ts';
import { LAYOUTS, readPlainText, type Layout } from './plain-text.ts';
import { readSrt } from './srt.ts';
import { readVtt } from './vtt.ts';

export const TRANSCRIPT_FORMATS = ['vtt', 'srt', 'transcript', 'docx'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

export function isTranscriptFormat(format: string | undefined): format is TranscriptFormat {
  return (TRANSCRIPT_FORMATS as readonly string[]).includes(format ?? '');
}

export function isLayout(layout: string): layout is Layout {
  return (LAYOUTS as readonly string[]).includes(layout);
}

export interface ReadFile extends ReadTranscript {
  /** The plain-text layout used (detected or given), for text and Word transcripts. */
  layout?: Layout;
  place?: (line: number) => string;
}

export async function readTranscriptFile(file: string, format: TranscriptFormat, layout?: Layout): Promise<ReadFile> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (error) {
    throw new ImportError([`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  if (format === 'docx') {
    if (!isZip(buffer)) throw new ImportError([`${file}: not a Word document (.docx files are zip archives; save a .doc as .docx first)`]);
    try {
      return await readDocx(buffer, layout);
    } catch (error) {
      throw new ImportError([`${file}: the Word document cannot be read (${(error as Error).message})`]);
    }
  }
  const text = buffer.toString('utf8');
  if (text.includes('\uFFFD')) throw new ImportError([`${file}: the file is not UTF-8 text: save it as UTF-8 and import again`]);
  if (format === 'vtt') return readVtt(text);
  if (format === 'srt') return readSrt(text);
  return readPlainText(text, layout);
}
