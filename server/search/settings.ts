// Index settings as data, shared by both engines. The embedded engine reads these directly;
// the Meilisearch adapter turns them into the server's settings object.

import type { FacetField, SearchDocument } from './engine.ts';

type TextField = {
  [K in keyof SearchDocument]-?: SearchDocument[K] extends string | null | string[] ? K : never;
}[keyof SearchDocument];

/**
 * Searchable attributes, most important first (Meilisearch ranks by this order).
 * `weight` is the embedded engine's share of the attribute ranking rule.
 */
export const SEARCHABLE_ATTRIBUTES: readonly { field: TextField; weight: number }[] = [
  { field: 'text', weight: 8 },
  { field: 'speakerName', weight: 4 },
  { field: 'speakerAliases', weight: 4 },
  { field: 'positionLabel', weight: 3 },
  { field: 'questionTitle', weight: 2 },
  { field: 'questionTitleEn', weight: 2 },
  { field: 'debateTitle', weight: 1 },
];

export const FILTERABLE_ATTRIBUTES: readonly FacetField[] = ['speaker', 'question', 'position', 'kind', 'debate'];

export const SORTABLE_ATTRIBUTES = ['dateValue', 'order'] as const;

/**
 * Meilisearch's ranking rules with `attribute` moved first: a unit whose own text has the words
 * comes before one that matches only through a speaker name or a title, as in the embedded engine
 * (whose rules are: text before metadata-only, how many distinctive words, BM25; see
 * docs/embedded-engine.md). Then Meilisearch's defaults in their order.
 */
export const RANKING_RULES = ['attribute', 'words', 'typo', 'proximity', 'sort', 'exactness'] as const;

/**
 * Groups of interchangeable expressions. Each group is mutual: any member finds the others.
 * Written in plain text; both engines fold case and accents themselves.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['cm', 'community management', 'community manager', 'gestion de communauté', 'gestionnaire de communauté'],
  ['rp', 'relations publiques', 'public relations', 'pr'],
  ['crm', 'gestion de la relation client', 'customer relationship management'],
  ['rh', 'ressources humaines', 'human resources', 'hr'],
  ['stagiaire', 'intern'],
  ['stratégie', 'strategy'],
  ['médias sociaux', 'réseaux sociaux', 'social media'],
  ['entreprise', 'company'],
  ['agence', 'agency'],
];

/** Meilisearch's `synonyms` setting: every member maps to all the others. */
export function synonymMap(groups: readonly (readonly string[])[] = SYNONYM_GROUPS): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const group of groups) {
    for (const word of group) {
      const others = group.filter((w) => w !== word);
      map[word] = [...new Set([...(map[word] ?? []), ...others])];
    }
  }
  return map;
}

/**
 * Stop words: ignored in a query that has other words (Meilisearch's behaviour), never in a query
 * made only of them. Short, closed-class words only, so that no content word is ever lost.
 */
export const STOP_WORDS_FR = [
  'a', 'à', 'au', 'aux', 'avec', 'ce', 'ces', 'cet', 'cette', 'c', 'd', 'dans', 'de', 'des', 'du', 'elle', 'en', 'est', 'et',
  'eux', 'il', 'ils', 'j', 'je', 'l', 'la', 'le', 'les', 'leur', 'lui', 'm', 'ma', 'mais', 'me', 'mes', 'moi', 'mon', 'n', 'ne',
  'ni', 'nos', 'notre', 'nous', 'on', 'ou', 'où', 'par', 'pas', 'pour', 'qu', 'que', 'qui', 's', 'sa', 'se', 'ses', 'si', 'son',
  'sur', 't', 'ta', 'te', 'tes', 'toi', 'ton', 'tu', 'un', 'une', 'vos', 'votre', 'vous', 'y',
] as const;

export const STOP_WORDS_EN = [
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'has', 'he', 'in', 'is', 'it', 'its', 'of', 'on', 'or',
  'that', 'the', 'their', 'them', 'they', 'this', 'to', 'was', 'were', 'will', 'with',
] as const;

export const STOP_WORDS: readonly string[] = [...new Set<string>([...STOP_WORDS_FR, ...STOP_WORDS_EN])];

/** Typo tolerance, as Meilisearch's defaults: one typo from 5 letters, two from 9. */
export const TYPO_TOLERANCE = {
  enabled: true,
  minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
} as const;

/** Meilisearch reads at most this many words of a query; the embedded engine does the same. */
export const MAX_QUERY_WORDS = 10;

/** Words of a unit's text looked up to find units similar to it, by both engines. */
export const SIMILAR_QUERY_WORDS = 12;

/** Corpus languages indexed with French rules (tokenisation of elisions, folding). */
export const LOCALES = ['fra', 'eng'] as const;

export const DEFAULT_INDEX_NAME = 'units';
