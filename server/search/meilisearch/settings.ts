// The Meilisearch index settings, built from the data both engines share (server/search/settings.ts).
// Nothing here is tuned for Meilisearch alone except what only Meilisearch has: locales, pagination
// and faceting limits.

import type { Settings } from 'meilisearch';
import { MAX_FACET_VALUES } from '../engine.ts';
import {
  FILTERABLE_ATTRIBUTES,
  RANKING_RULES,
  SEARCHABLE_ATTRIBUTES,
  SORTABLE_ATTRIBUTES,
  STOP_WORDS,
  TYPO_TOLERANCE,
  synonymMap,
} from '../settings.ts';
import { STEMMED_METADATA_FIELD, STEMMED_TEXT_FIELD } from './request.ts';

/**
 * Meilisearch counts hits exactly (`totalHits`) only up to this number; its default, 1000, would
 * make our totals lie on a large corpus. A million units is far beyond any corpus we expect.
 */
export const MAX_TOTAL_HITS = 1_000_000;

/** Facet values the server computes per field: the most an answer holds (MAX_FACET_VALUES). */
export const MAX_VALUES_PER_FACET = MAX_FACET_VALUES;

/**
 * Which attributes are tokenised with which language rules. The debates are mostly French, and
 * French rules split elisions ("l'entreprise" into "l" and "entreprise"). English is allowed beside
 * French for the texts because imported debates (IBM ArgKP) are English; `questionTitleEn` is
 * English only. Names and aliases get no locale: they are not sentences in any language.
 */
export const LOCALIZED_ATTRIBUTES: readonly { attributePatterns: readonly string[]; locales: readonly string[] }[] = [
  { attributePatterns: ['questionTitleEn'], locales: ['eng'] },
  { attributePatterns: ['text'], locales: ['fra', 'eng'] },
  { attributePatterns: ['questionTitle', 'positionLabel', 'debateTitle'], locales: ['fra'] },
];

/**
 * The shared sortable attributes, plus `debate`: two debates of the same date are listed debate by
 * debate (by slug, as the corpus orders them) instead of interleaving their units by order.
 */
export const MEILISEARCH_SORTABLE_ATTRIBUTES: readonly string[] = [...SORTABLE_ATTRIBUTES, 'debate'];

/**
 * The shared ranking rules with `sort` moved first: a date sort is strict (newest first really is
 * newest first, relevance only orders units of the same date), as in the embedded engine. Without
 * a sort in the query the rule does nothing, so relevance ranking is the shared one.
 */
export const MEILISEARCH_RANKING_RULES: readonly string[] = ['sort', ...RANKING_RULES.filter((rule) => rule !== 'sort')];

/**
 * The shared searchable attributes with the stems of the text right after the text: a unit found
 * through a stem of a query word ranks as a text match, before speaker names and titles. The stems
 * of those other fields come last.
 */
export const MEILISEARCH_SEARCHABLE_ATTRIBUTES: readonly string[] = [
  ...SEARCHABLE_ATTRIBUTES.flatMap((a) => (a.field === 'text' ? [a.field, STEMMED_TEXT_FIELD] : [a.field])),
  STEMMED_METADATA_FIELD,
];

export function meilisearchSettings(): Settings {
  return {
    searchableAttributes: [...MEILISEARCH_SEARCHABLE_ATTRIBUTES],
    filterableAttributes: [...FILTERABLE_ATTRIBUTES],
    sortableAttributes: [...MEILISEARCH_SORTABLE_ATTRIBUTES],
    rankingRules: [...MEILISEARCH_RANKING_RULES],
    synonyms: synonymMap(),
    stopWords: [...STOP_WORDS],
    typoTolerance: {
      enabled: TYPO_TOLERANCE.enabled,
      minWordSizeForTypos: { ...TYPO_TOLERANCE.minWordSizeForTypos },
    },
    localizedAttributes: LOCALIZED_ATTRIBUTES.map((rule) => ({
      attributePatterns: [...rule.attributePatterns],
      locales: [...rule.locales],
    })),
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET, sortFacetValuesBy: { '*': 'count' } },
  };
}
