// The index vocabulary: every folded word, sorted, so that a term id is its rank in that order.
// Sorting buys three things without any extra structure: a prefix is a contiguous range (two binary
// searches), words sharing a first letter are contiguous (Meilisearch's typo rule keeps the first
// letter), and walking the sorted list is walking a trie, so the edit-distance table of a shared
// prefix is computed once and a hopeless prefix skips its whole subtree.

import { LANGUAGE_BIT, STEM_LANGUAGES, stem, type StemLanguage } from '../stemming.ts';

/** Stems of every term, aligned with the terms (IndexData.stemsFr / stemsEn). */
export interface TermStems {
  fr: readonly string[];
  en: readonly string[];
}

export interface StemMatch {
  term: number;
  /** Language bits (stemming.ts) under which the term shares the word's stem. */
  languages: number;
}

export interface TypoMatch {
  term: number;
  typos: number;
}

export class Vocabulary {
  /** Folded words in ascending code-unit order; a term id is an index into this array. */
  readonly terms: readonly string[];
  /** Number of documents containing each term, to cap very short prefixes to the common words. */
  readonly documentFrequency: Uint32Array;

  /** Prefixes with precomputed postings → their index in IndexData.prefixKeys. */
  private readonly prefixLists: Map<string, number>;

  private readonly longestTerm: number;
  /**
   * Length of the prefix each term shares with the term before it (0 for the first), capped at
   * 65535: the typo walk reads it to reuse rows and to skip a hopeless subtree without comparing
   * strings or binary-searching.
   */
  private readonly sharedWithPrevious: Uint16Array;
  /** Per language, stem → the terms with that stem (only stems shared by several terms, or differing from their term). */
  private readonly termsByStem: Record<StemLanguage, Map<string, number[]>>;
  /** Per language, the stem of each term (computed once at build): a query word that is a term is not stemmed again. */
  private readonly stemOfTerm: Record<StemLanguage, readonly string[]>;

  constructor(terms: readonly string[], documentFrequency: Uint32Array, prefixKeys: readonly string[] = [], stems?: TermStems) {
    this.terms = terms;
    this.documentFrequency = documentFrequency;
    this.prefixLists = new Map(prefixKeys.map((key, i) => [key, i]));
    this.longestTerm = terms.reduce((longest, t) => Math.max(longest, t.length), 0);
    this.sharedWithPrevious = new Uint16Array(terms.length);
    for (let t = 1; t < terms.length; t++) {
      const a = terms[t - 1] as string;
      const b = terms[t] as string;
      const limit = Math.min(a.length, b.length, 0xffff);
      let common = 0;
      while (common < limit && a.charCodeAt(common) === b.charCodeAt(common)) common++;
      this.sharedWithPrevious[t] = common;
    }
    this.termsByStem = { fr: new Map(), en: new Map() };
    this.stemOfTerm = { fr: stems?.fr ?? terms.map((t) => stem(t, 'fr')), en: stems?.en ?? terms.map((t) => stem(t, 'en')) };
    for (const language of STEM_LANGUAGES) {
      const list = this.stemOfTerm[language];
      const map = this.termsByStem[language];
      list.forEach((s, t) => {
        const known = map.get(s);
        if (known) known.push(t);
        else map.set(s, [t]);
      });
    }
  }

  /**
   * Terms sharing the word's French or English stem (the word itself included when it is a term),
   * each with the languages under which they do: a query is stemmed both ways.
   */
  stemMatches(word: string): StemMatch[] {
    const found = new Map<number, number>();
    const known = this.find(word);
    for (const language of STEM_LANGUAGES) {
      const wordStem = known >= 0 ? (this.stemOfTerm[language][known] as string) : stem(word, language);
      for (const term of this.termsByStem[language].get(wordStem) ?? []) found.set(term, (found.get(term) ?? 0) | LANGUAGE_BIT[language]);
    }
    return [...found].map(([term, languages]) => ({ term, languages }));
  }

  /** Index of the precomputed postings of this prefix, or -1. */
  prefixList(prefix: string): number {
    return this.prefixLists.get(prefix) ?? -1;
  }

  get size(): number {
    return this.terms.length;
  }

  /** Term id of an exact word, or -1. */
  find(word: string): number {
    const at = this.lowerBound(word);
    return this.terms[at] === word ? at : -1;
  }

  /** First index whose term is >= word. */
  lowerBound(word: string, from = 0, to = this.terms.length): number {
    let lo = from;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.terms[mid] as string) < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** [from, to) of the terms that start with `prefix`. */
  prefixRange(prefix: string, from = 0, to = this.terms.length): [number, number] {
    const start = this.lowerBound(prefix, from, to);
    // '\uffff' sorts after every code unit that can follow the prefix.
    const end = this.lowerBound(`${prefix}\uffff`, start, to);
    return [start, end];
  }

  /**
   * Terms within `maxTypos` Damerau-Levenshtein edits of `word` (of a prefix of the term when
   * `prefix` is set), following Meilisearch: a term must share the first letter; with two typos
   * allowed, a term with another first letter is accepted at one edit and counted as two typos.
   * The word itself is not returned (it is the exact match). `otherFirstLetter` false skips the
   * other first letters: the costliest part, a walk over nearly the whole vocabulary.
   */
  typoMatches(word: string, maxTypos: number, prefix: boolean, otherFirstLetter = true): TypoMatch[] {
    const first = word[0];
    // A word longer than every term plus the typos cannot match (and would cost a large table).
    if (maxTypos <= 0 || first === undefined || word.length > this.longestTerm + maxTypos) return [];
    const out: TypoMatch[] = [];
    const [from, to] = this.prefixRange(first);
    this.walk(word, maxTypos, prefix, from, to, out);
    if (maxTypos >= 2 && otherFirstLetter) {
      // Other first letters: one edit, counted as two typos.
      const found: TypoMatch[] = [];
      this.walk(word, 1, prefix, 0, from, found);
      this.walk(word, 1, prefix, to, this.terms.length, found);
      for (const m of found) if (m.typos === 1) out.push({ term: m.term, typos: 2 });
    }
    return out;
  }

  /**
   * Walks terms [from, to) like a trie: rows of the edit-distance table are indexed by the term's
   * characters (columns by the word's), so consecutive sorted terms reuse the rows of their common
   * prefix, and when a row's minimum exceeds the budget no longer term with that prefix can match.
   */
  private walk(word: string, max: number, prefix: boolean, from: number, to: number, out: TypoMatch[]): void {
    const n = word.length;
    const width = n + 1;
    const maxRows = n + max + 1;
    // rows[r * width + c] = distance between term[0..r) and word[0..c).
    const rows = new Int32Array((maxRows + 1) * width);
    for (let c = 0; c <= n; c++) rows[c] = c;
    const wordCodes = new Int32Array(n);
    for (let c = 0; c < n; c++) wordCodes[c] = word.charCodeAt(c);
    // Best distance of the word against a prefix of the term, per row (prefix mode).
    const prefixBest = new Int32Array(maxRows + 1).fill(max + 1);
    prefixBest[0] = n;

    const shared = this.sharedWithPrevious;
    let validRows = 0; // rows 1..validRows are computed for the previous term walked
    let common = 0; // prefix length the current term shares with the previous term walked
    let i = from;
    while (i < to) {
      const term = this.terms[i] as string;
      // Rows of the shared prefix are still valid (`common` never exceeds the previous term's length).
      let row = Math.min(common, validRows, term.length);
      let dead = -1;
      // Too long for a whole-word match: only possible in prefix mode, handled below.
      const rowLimit = Math.min(term.length, maxRows - 1);
      while (row < rowLimit) {
        const r = row + 1;
        const tc = term.charCodeAt(row);
        const base = r * width;
        const above = row * width;
        rows[base] = r;
        let rowMin = r;
        for (let c = 1; c <= n; c++) {
          const cost = wordCodes[c - 1] === tc ? 0 : 1;
          let v = Math.min((rows[above + c] as number) + 1, (rows[base + c - 1] as number) + 1, (rows[above + c - 1] as number) + cost);
          if (r > 1 && c > 1 && tc === wordCodes[c - 2] && term.charCodeAt(row - 1) === wordCodes[c - 1]) {
            v = Math.min(v, (rows[(r - 2) * width + c - 2] as number) + 1);
          }
          rows[base + c] = v;
          if (v < rowMin) rowMin = v;
        }
        prefixBest[r] = Math.min(prefixBest[r - 1] as number, rows[base + n] as number);
        row = r;
        if (rowMin > max) {
          dead = r;
          break;
        }
      }
      validRows = row;
      if (dead >= 0) {
        // No term starting with term[0..dead) can get closer: skip them all (the following terms
        // sharing at least `dead` letters with this one), except that in prefix mode they all
        // match already if the shorter prefix term[0..dead - 1) did.
        let stop = i + 1;
        while (stop < to && (shared[stop] as number) >= dead) stop++;
        const reached = prefixBest[dead - 1] as number;
        if (prefix && reached > 0 && reached <= max) for (let k = i; k < stop; k++) out.push({ term: k, typos: reached });
        // The next term shares fewer than `dead` letters with every skipped term: what it shares
        // with this one is its own shared length.
        common = stop < to ? (shared[stop] as number) : 0;
        i = stop;
        validRows = dead - 1;
        continue;
      }
      let distance: number;
      if (prefix) distance = prefixBest[row] as number;
      else distance = term.length <= maxRows - 1 ? (rows[term.length * width + n] as number) : max + 1;
      // Distance 0 is the exact word or, in prefix mode, a plain extension: reported elsewhere.
      if (distance > 0 && distance <= max) out.push({ term: i, typos: distance });
      i++;
      common = i < to ? (shared[i] as number) : 0;
    }
  }
}
