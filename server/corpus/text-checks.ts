// What a corpus or import file may hold as text: valid UTF-8 (or a declared encoding converted on
// import), and no invisible control characters. NUL, BEL and the like have no place in a debate
// and break tools downstream; bidi overrides (U+202A-U+202E, U+2066-U+2069) make text display in
// an order that differs from what it says (the "Trojan Source" trick).

/** C0 controls but tab, line feed and carriage return; DEL; C1 controls; bidi embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/gu;

/** Encodings `--encoding` accepts (WHATWG labels, as Node's TextDecoder reads them). */
export const SUPPORTED_ENCODINGS = ['utf-8', 'latin1', 'iso-8859-1', 'iso-8859-15', 'windows-1252', 'utf-16le'] as const;

export interface DecodeProblem {
  line: number;
  message: string;
}

/** How a control character is named in a message: U+0000, U+202E… */
export function describeCharacter(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Decodes bytes as `encoding` (UTF-8 by default). Invalid UTF-8 is an error on the line of the
 * first bad byte (never a silent U+FFFD); with another declared encoding every byte is valid.
 */
export function decodeText(bytes: Uint8Array, encoding = 'utf-8'): { text: string } | { problem: DecodeProblem } {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { problem: { line: firstInvalidLine(bytes, encoding), message: `the file is not valid ${decoder.encoding.toUpperCase()}${encoding === 'utf-8' ? ' (save it as UTF-8, or import it with --encoding latin1 or another)' : ''}` } };
  }
}

/** The line (1-based) of the first line that does not decode. */
function firstInvalidLine(bytes: Uint8Array, encoding: string): number {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      start = i + 1;
      line++;
    }
  }
  return 1;
}

/** Every line holding a forbidden control character, with the characters found there. */
export function findControlCharacters(text: string, maxProblems = 20): DecodeProblem[] {
  const problems: DecodeProblem[] = [];
  FORBIDDEN_CONTROL.lastIndex = 0;
  if (!FORBIDDEN_CONTROL.test(text)) return problems;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && problems.length < maxProblems; i++) {
    const found = (lines[i] ?? '').match(FORBIDDEN_CONTROL);
    if (found) {
      const names = [...new Set(found.map(describeCharacter))].join(', ');
      problems.push({ line: i + 1, message: `control character ${names} in the text (invisible or reordering characters are not allowed): remove it` });
    }
  }
  return problems;
}

/** Removes forbidden control characters; says how many were removed. */
export function stripControlCharacters(text: string): { text: string; removed: number } {
  let removed = 0;
  const cleaned = text.replace(FORBIDDEN_CONTROL, () => {
    removed++;
    return '';
  });
  return { text: cleaned, removed };
}
