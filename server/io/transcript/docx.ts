// Word documents (.docx) of transcripts: mammoth reads the paragraphs (a well-kept library
// that understands the format, styles and all), then the plain-text reader finds the turns in it.
// Places in messages are paragraph numbers (counting paragraphs with text), which a reader of the
// document can find. Tables are read cell by cell, one paragraph each.

import mammoth from 'mammoth';
import { readPlainText, type Layout } from './plain-text.ts';
import type { ReadTranscript } from './cue.ts';

export interface ReadDocx extends ReadTranscript {
  layout: Layout;
  /** "paragraph 12 (line 3 of it)": where a line of the extracted text is in the document. */
  place: (line: number) => string;
}

export async function readDocx(buffer: Buffer, layout?: Layout): Promise<ReadDocx> {
  // HTML rather than raw text: raw text drops soft line breaks (Shift+Enter), which some
  // transcripts use between a speaker's heading and the speech.
  const { value } = await mammoth.convertToHtml({ buffer });
  const paragraphs = htmlParagraphs(value);
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

/** The text of each paragraph, heading and list item of mammoth's HTML, soft breaks as "\n". */
function htmlParagraphs(html: string): string[] {
  return html
    .replace(/<br\s*\/?>/g, '\n')
    .split(/<\/(?:p|h[1-6]|li)>/)
    .map((block) =>
      block
        .replace(/<[^>]*>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&')
        .trim(),
    )
    .filter((text) => text !== '');
}

/** A .docx is a zip: "PK\x03\x04". Anything else is refused before mammoth tries. */
export function isZip(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
}
