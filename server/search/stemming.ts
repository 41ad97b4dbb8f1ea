// French and English stemming (Snowball, through `snowball-stemmers`: the reference algorithms,
// ISC licence, no dependencies). Stems are computed on folded words, as everything the engine
// compares: "écouter" and "l'écoute" both fold then stem to "ecout", "regulation" and "regulate"
// to "regul". A unit is stemmed by its debate's language; a query, which has no language, both ways.

import snowball, { type Stemmer } from 'snowball-stemmers';

export const STEM_LANGUAGES = ['fr', 'en'] as const;
export type StemLanguage = (typeof STEM_LANGUAGES)[number];

/** Language bits of a document: which stems may match it. */
export const LANGUAGE_BIT: Record<StemLanguage, number> = { fr: 1, en: 2 };
export const ANY_LANGUAGE = 3;

const stemmers: Record<StemLanguage, Stemmer> = { fr: snowball.newStemmer('french'), en: snowball.newStemmer('english') };

/** Words shorter than this are not stemmed (nor stem-matched): "us" must not meet "use". */
export const MIN_STEMMED_LENGTH = 4;

const DIGIT = /\d/;

/** The stem of a folded word in a language, or the word itself when it is too short or holds digits. */
export function stem(word: string, language: StemLanguage): string {
  if (word.length < MIN_STEMMED_LENGTH || DIGIT.test(word)) return word;
  return stemmers[language].stem(word);
}

/** The language bits of a debate's BCP 47 tag: French, English, or both when unknown. */
export function languageBits(tag: string | undefined): number {
  const primary = (tag ?? '').toLowerCase().split('-')[0];
  if (primary === 'fr') return LANGUAGE_BIT.fr;
  if (primary === 'en') return LANGUAGE_BIT.en;
  return ANY_LANGUAGE;
}

/** Stems already computed, by language: a corpus or a page repeats its words (bounded: cleared when full). */
const STEM_CACHE_SIZE = 200_000;
const stemCache: Record<StemLanguage, Map<string, string>> = { fr: new Map(), en: new Map() };

/** stem(word, language), remembered. */
export function cachedStem(word: string, language: StemLanguage): string {
  const cache = stemCache[language];
  let stemmed = cache.get(word);
  if (stemmed === undefined) {
    stemmed = stem(word, language);
    if (cache.size >= STEM_CACHE_SIZE) cache.clear();
    cache.set(word, stemmed);
  }
  return stemmed;
}

/** The languages whose stems apply to a document of these language bits. */
export function stemLanguagesOf(bits: number): StemLanguage[] {
  return STEM_LANGUAGES.filter((language) => (bits & LANGUAGE_BIT[language]) !== 0);
}
