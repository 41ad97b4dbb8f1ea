// What every transcript reader produces: cues in file order, each with where it is written, its
// times when the format has them, the speaker label as the file writes it, and its text. Readers
// never decide who a speaker is: labels are resolved against the registry afterwards (turns.ts).

/** One piece of speech as the file writes it: a subtitle cue, a transcript line or paragraph. */
export interface Cue {
  /** 1-based line of the cue in the file (for a .docx, of the extracted text: see `where`). */
  line: number;
  /** Seconds into the recording, when the format gives them. */
  start?: number;
  end?: number;
  /** The speaker as written ("Sandra", "SPEAKER 1"); undefined when the cue names nobody. */
  speaker?: string;
  /** The cue's text, tags removed; paragraphs separated by a blank line. */
  text: string;
  /** The cue starts a new paragraph of its speaker's turn (a blank line, a pause). */
  paragraph?: boolean;
}

/** A line the reader could not make sense of: reported with its place, never a crash. */
export interface BrokenLine {
  line: number;
  message: string;
}

export interface ReadTranscript {
  cues: Cue[];
  broken: BrokenLine[];
  /** Text before the first speaker (a title, a service's header), kept for the debate summary. */
  preamble?: string;
}

/**
 * Seconds of a clock time: `1:02:03`, `01:02:03.500`, `02:03,5` (SRT), `2:03`. Undefined when the
 * text is not one, or a minute or second field is 60 or more.
 */
export function parseClock(text: string): number | undefined {
  const match = /^(?:(\d{1,3}):)?(\d{1,3}):(\d{2})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!match) return undefined;
  const [hours, minutes, seconds] = [Number(match[1] ?? 0), Number(match[2]), Number(match[3])];
  if (seconds >= 60 || (match[1] !== undefined && minutes >= 60)) return undefined;
  const fraction = match[4] ? Number(`0.${match[4]}`) : 0;
  return hours * 3600 + minutes * 60 + seconds + fraction;
}

/** Whole seconds as the corpus writes a timecode: `mm:ss` under an hour, else `hh:mm:ss`. */
export function secondsToTimecode(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  return h > 0 ? `${two(h)}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/**
 * A speaker label at the start of a line ("Sandra: …", "SPEAKER 1: …", "Dr. Jean-Marc Lefèvre: …"),
 * or undefined. Kept strict so that ordinary sentences with a colon ("Note: this…", "Bref : oui")
 * are not taken for speakers: at most five words, each starting with a capital or a digit (or the
 * whole label in capitals), no sentence punctuation. French typography's space before the colon is
 * accepted.
 */
export function splitSpeakerPrefix(line: string): { speaker: string; rest: string } | undefined {
  const match = /^([^:]{1,48}?)\s?:(?:\s+|$)(.*)$/s.exec(line);
  if (!match) return undefined;
  const label = (match[1] ?? '').trim();
  if (!isSpeakerLabel(label)) return undefined;
  return { speaker: label, rest: (match[2] ?? '').trim() };
}

const STOP_LABELS = new Set(['note', 'nb', 'ps', 'bref', 'question', 'réponse', 'reponse', 'answer', 'exemple', 'example', 'attention', 'warning', 'conclusion', 'résumé', 'summary', 'titre', 'title', 'source', 'date', 'http', 'https']);

export function isSpeakerLabel(label: string): boolean {
  if (label === '' || label.length > 48) return false;
  if (/[.!?;:,«»"“”()[\]{}<>=/\\]$/.test(label) || /[!?;«»"“”{}<>=\\]/.test(label)) return false;
  const words = label.split(/\s+/);
  if (words.length > 5) return false;
  if (STOP_LABELS.has(label.toLowerCase())) return false;
  if (/^\d/.test(label)) return false;
  // A handle written in lower case ("sebmaster", "génaro") is one word.
  if (words.length === 1 && /^[\p{L}\d_.@-]{2,24}$/u.test(label)) return true;
  // Each word capitalised, a digit (Speaker 2), a particle (de, du, van, von, le, la), or an initial.
  return words.every((w) => /^[\p{Lu}\d]/u.test(w) || /^(?:de|du|des|la|le|van|von|der|di|da|d'|d’)$/i.test(w) || /^@/.test(w));
}

/** Removes the markup subtitle files put in text: <i>, <b>, <font>, <c.x>, ASS overrides {\an8}. */
export function stripSubtitleTags(text: string): string {
  return decodeEntities(
    text
      .replace(/\{\\[^}]*\}/g, '')
      .replace(/<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>/g, '')
      .replace(/<\/?(?:i|b|u|s|c|font|span|lang|ruby|rt|v)(?:[.\s][^>]*)?>/gi, ''),
  );
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&lrm;|&rlm;/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The lines of a text file: byte order mark removed, any line ending. */
export function textLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/**
 * Speaker and text of one subtitle line: a voice tag was read by the caller; here the common
 * "Name: text" prefix, the dialogue dash ("- Name: text", "- text") and YouTube's ">>" speaker
 * change. `change` says the line marks a new speaker even when it names nobody.
 */
export function subtitleLine(line: string): { speaker?: string; text: string; change: boolean } {
  let text = line.trim();
  let change = false;
  const marker = /^(?:>>|-|–|—)\s*/.exec(text);
  if (marker) {
    text = text.slice(marker[0].length);
    change = true;
  }
  const prefix = splitSpeakerPrefix(text);
  if (prefix) return { speaker: prefix.speaker, text: prefix.rest, change: true };
  return { text, change };
}
