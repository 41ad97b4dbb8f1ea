// Highlights, for both engines: the unit text fully HTML-escaped, with the words the query matched
// wrapped in <mark>. Computed only for the hits of the page, from the original text, so the offsets
// are those of what the reader sees (accents, capitals and elisions intact).

import { escapeHtml } from '../html.ts';
import { originalPrefixLength, scanWords, tokenize, type Token } from './text.ts';

/** What to mark in a text for one query, whichever engine matched it. */
export interface HighlightSpec {
  /** Folded words marked whole: exact words, stem-mates, typo matches, single-word synonyms. */
  words: Set<string>;
  /** The last query word, when it is a prefix: words starting with it are marked on that part. */
  prefix: string | null;
  /** Multi-word synonyms (folded words), every word of an occurrence is marked. */
  phrases: string[][];
}

/** The folded words of a text as the index stored them (its forward index), so that a highlight need not fold the text again. */
export interface IndexedWords {
  terms: readonly string[];
  tokens: Uint32Array;
  from: number;
  to: number;
}

export function highlightText(text: string, spec: HighlightSpec | null, indexed?: IndexedWords): string {
  if (!spec) return escapeHtml(text);
  const tokens = (indexed && tokensFromIndex(text, indexed)) || tokenize(text);
  // [start, end) ranges to mark, in order and without overlap.
  const marks: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const phraseLength = matchPhrase(tokens, i, spec.phrases);
    if (phraseLength > 0) {
      for (let k = i; k < i + phraseLength; k++) {
        const t = tokens[k] as Token;
        marks.push([t.start, t.end]);
      }
      i += phraseLength - 1;
      continue;
    }
    const token = tokens[i] as Token;
    if (spec.words.has(token.folded)) marks.push([token.start, token.end]);
    else if (spec.prefix !== null && token.folded.startsWith(spec.prefix)) {
      const word = text.slice(token.start, token.end);
      marks.push([token.start, token.start + originalPrefixLength(word, spec.prefix.length)]);
    }
  }
  let html = '';
  let at = 0;
  for (const [start, end] of marks) {
    html += `${escapeHtml(text.slice(at, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>`;
    at = end;
  }
  return html + escapeHtml(text.slice(at));
}

/** Length of the longest phrase starting at token i, or 0. */
function matchPhrase(tokens: readonly Token[], i: number, phrases: readonly string[][]): number {
  let best = 0;
  for (const phrase of phrases) {
    if (phrase.length <= best || i + phrase.length > tokens.length) continue;
    if (phrase.every((w, k) => tokens[i + k]?.folded === w)) best = phrase.length;
  }
  return best;
}

/**
 * The same tokens as tokenize(text), their folded forms read from the forward index instead of
 * folded again (folding accented words is the costly part of a highlight): the index scanned the
 * same text with the same scanner, one term per word. Null if the counts disagree.
 */
function tokensFromIndex(text: string, { terms, tokens, from, to }: IndexedWords): Token[] | null {
  const out: Token[] = [];
  let at = from;
  let ok = true;
  scanWords(text, (start, end) => {
    if (at >= to) {
      ok = false;
      return;
    }
    const folded = terms[tokens[at++] as number] as string;
    if (folded !== '') out.push({ folded, start, end });
  });
  return ok && at === to ? out : null;
}
