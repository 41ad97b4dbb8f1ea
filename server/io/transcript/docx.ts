// Word documents (.docx) of transcripts: mammoth reads the paragraphs' text (a well-kept library
// that understands the format, styles and all), then the plain-text reader finds the turns in it.
// Places in messages are paragraph numbers, which is what a reader of the document can find.

import mammoth from 'mammoth';
import { readPlainText, type Layout } from './plain-text.ts';
import type { ReadTranscript } from './cue.ts';

export interface ReadDocx extends ReadTranscript {
  layout: Layout;
  /** "paragraph 12 (line 3 of it)": where a line of the extracted text is in the document. */
  place: (line: number) => string;
}

export async function readDocx(buffer: Buffer, layout?: Layout): Promise<ReadDocx> {
  const { value } = await mammoth.extractRawText({ buffer });
  // mammoth ends each paragraph with a blank line; a line break inside a paragraph stays a "\n".
  const paragraphs = value.replace(/\n+$/, '').split('\n\n');
  const lines: string[] = [];
  const origin: { paragraph: number; line: number }[] = [];
  paragraphs.forEach((paragraph, p) => {
    paragraph.split('\n').forEach((line, l) => {
      lines.push(line);
      origin.push({ paragraph: p + 1, line: l + 1 });
    });
    lines.push('');
    origin.push({ paragraph: p + 1, line: 0 });
  });
  const text = lines.join('\n');
  const read = readPlainText(text, layout);
  const place = (line: number): string => {
    const at = origin[line - 1];
    if (!at) return `paragraph ${paragraphs.length}`;
    return at.line > 1 ? `paragraph ${at.paragraph} (line ${at.line} of it)` : `paragraph ${at.paragraph}`;
  };
  return { ...read, place };
}

/** A .docx is a zip: "PK\x03\x04". Anything else is refused before mammoth tries. */
export function isZip(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
}
