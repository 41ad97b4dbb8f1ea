// French/English-aware text processing shared by the embedded engine (indexing, queries) and its
// highlights. The rules follow what Meilisearch's tokenizer does with Latin script, so that both
// engines agree on what a "word" is: case and accents folded, elisions split off, hyphens and
// punctuation as separators, digits kept.

/** A word of a text: its folded form and where it sits in the ORIGINAL string, [start, end). */
export interface Token {
  /** Lower case, without diacritics: what is indexed and compared. */
  folded: string;
  start: number;
  end: number;
}

/**
 * Elided French words: "l’écoute" is indexed as "ecoute". The elided part carries no meaning of its
 * own (and would be a stop word anyway), so it is dropped rather than kept as a token.
 */
export const ELISIONS: ReadonlySet<string> = new Set(['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu']);

const COMBINING_MARKS = /\p{Mn}/gu;
const LIGATURES = /[œæßŒÆ’ʼ`]/g;
const LIGATURE_REPLACEMENTS: Record<string, string> = { œ: 'oe', Œ: 'oe', æ: 'ae', Æ: 'ae', ß: 'ss', '’': "'", ʼ: "'", '`': "'" };
const NON_ASCII = /[\u0080-\uffff]/;

/** Lower case, diacritics stripped (NFD), œ → oe, æ → ae, ß → ss, typographic apostrophes → '. */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  // Most words are plain ASCII: skip the normalisation, which costs more than the rest together.
  if (!NON_ASCII.test(lower)) return lower;
  // Ligatures after the marks are stripped: "ǣ" decomposes to "æ" + macron, and must fold as "ae"
  // at once (folding is idempotent).
  return lower
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(LIGATURES, (c) => LIGATURE_REPLACEMENTS[c] ?? c)
    .normalize('NFC');
}

/**
 * Character classes by UTF-16 code unit: 1 = part of a word (letter, digit, combining mark),
 * 2 = apostrophe (a word separator that may end an elision), 0 = separator. Computed lazily per
 * code unit and cached, because the Unicode property regex is slow to run for every character.
 */
const WORD = 1;
const APOSTROPHE = 2;
const classes = new Uint8Array(65536);
const classified = new Uint8Array(65536);
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

function classOf(code: number): number {
  if (classified[code] === 1) return classes[code] ?? 0;
  let cls = 0;
  if (code === 0x27 || code === 0x2019 || code === 0x2bc || code === 0x60) cls = APOSTROPHE;
  // Surrogate halves (emoji and rare scripts) are treated as separators.
  else if (code < 0xd800 || code > 0xdfff) cls = WORD_CHAR.test(String.fromCharCode(code)) ? WORD : 0;
  classes[code] = cls;
  classified[code] = 1;
  return cls;
}

/**
 * Calls `onWord(start, end)` for every word of `text`, elided prefixes already skipped. The
 * callback form lets the indexer avoid allocating a token object per word.
 */
export function scanWords(text: string, onWord: (start: number, end: number) => void): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    while (i < length && classOf(text.charCodeAt(i)) !== WORD) i++;
    if (i >= length) break;
    const start = i;
    while (i < length && classOf(text.charCodeAt(i)) === WORD) i++;
    const end = i;
    // "l’" + letter: an elision, skip it; the following word is scanned by the next iteration.
    if (
      end - start <= 7 &&
      end + 1 < length &&
      classOf(text.charCodeAt(end)) === APOSTROPHE &&
      classOf(text.charCodeAt(end + 1)) === WORD &&
      ELISIONS.has(foldText(text.slice(start, end)))
    ) {
      continue;
    }
    onWord(start, end);
  }
}

/** The words of a text with their folded forms and their offsets in the original string. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scanWords(text, (start, end) => {
    const folded = foldText(text.slice(start, end));
    if (folded !== '') tokens.push({ folded, start, end });
  });
  return tokens;
}

/** The folded words of a text, in order (a query, a synonym). */
export function foldedWords(text: string): string[] {
  return tokenize(text).map((t) => t.folded);
}

/**
 * How many UTF-16 code units of `word` (an original, unfolded word) make up its first
 * `foldedLength` folded characters: the part of "Stratégie" to mark for the prefix "strat".
 */
export function originalPrefixLength(word: string, foldedLength: number): number {
  let folded = 0;
  let i = 0;
  while (i < word.length && folded < foldedLength) {
    folded += foldText(word[i] ?? '').length;
    i++;
    // Keep combining marks with the letter they belong to.
    while (i < word.length && foldText(word[i] ?? '') === '') i++;
  }
  return i;
}

/** Damerau-Levenshtein (optimal string alignment) distance, for small checks (the embedded engine's vocabulary walks its own rows; the Meilisearch adapter compares a page's words). */
export function editDistance(a: string, b: string): number {
  const w = b.length + 1;
  const d = new Int32Array((a.length + 1) * w);
  for (let i = 0; i <= a.length; i++) d[i * w] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((d[(i - 1) * w + j] as number) + 1, (d[i * w + j - 1] as number) + 1, (d[(i - 1) * w + j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (d[(i - 2) * w + j - 2] as number) + 1);
      d[i * w + j] = v;
    }
  }
  return d[a.length * w + b.length] as number;
}
