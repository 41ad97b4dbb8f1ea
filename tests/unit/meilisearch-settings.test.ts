import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_TOTAL_HITS, meilisearchSettings } from '../../server/search/meilisearch/settings.ts';
import {
  FILTERABLE_ATTRIBUTES,
  RANKING_RULES,
  SEARCHABLE_ATTRIBUTES,
  SORTABLE_ATTRIBUTES,
  STOP_WORDS,
  TYPO_TOLERANCE,
  synonymMap,
} from '../../server/search/settings.ts';
import { FACET_FIELDS, MAX_FACET_VALUES } from '../../server/search/engine.ts';
import { STEMMED_METADATA_FIELD, STEMMED_TEXT_FIELD, sortFor } from '../../server/search/meilisearch/request.ts';

describe('meilisearchSettings', () => {
  const settings = meilisearchSettings();

  test('when built, then searchable attributes follow the shared order, most important first, the stems of the text right after it, the stems of the other fields last', () => {
    assert.deepEqual(
      settings.searchableAttributes?.filter((a) => a !== STEMMED_TEXT_FIELD && a !== STEMMED_METADATA_FIELD),
      SEARCHABLE_ATTRIBUTES.map((a) => a.field),
    );
    assert.deepEqual(settings.searchableAttributes?.slice(0, 2), ['text', STEMMED_TEXT_FIELD]);
    assert.equal(settings.searchableAttributes?.at(-1), STEMMED_METADATA_FIELD);
  });

  test('when built, then every facet field is filterable', () => {
    assert.deepEqual(settings.filterableAttributes, [...FILTERABLE_ATTRIBUTES]);
    for (const field of FACET_FIELDS) assert.ok(settings.filterableAttributes?.includes(field), field);
  });

  test('when built, then every attribute our sorts use is sortable', () => {
    for (const field of SORTABLE_ATTRIBUTES) assert.ok(settings.sortableAttributes?.includes(field), field);
    for (const sort of ['date-desc', 'date-asc', 'relevance'] as const) {
      for (const clause of sortFor(sort, '') ?? []) {
        const [attribute] = clause.split(':');
        assert.ok(settings.sortableAttributes?.includes(attribute as string), `${clause} needs ${attribute} sortable`);
      }
    }
  });

  test('when built, then sort comes first (strict date sorts) and the other rules keep the shared order', () => {
    assert.equal(settings.rankingRules?.[0], 'sort');
    assert.deepEqual(
      settings.rankingRules?.slice(1),
      RANKING_RULES.filter((rule) => rule !== 'sort'),
    );
    assert.equal(settings.rankingRules?.length, RANKING_RULES.length);
  });

  test('when built, then synonyms are mutual and stop words and typo sizes are the shared data', () => {
    assert.deepEqual(settings.synonyms, synonymMap());
    assert.ok(settings.synonyms?.['rp']?.includes('relations publiques'));
    assert.ok(settings.synonyms?.['relations publiques']?.includes('rp'));
    assert.deepEqual(settings.stopWords, [...STOP_WORDS]);
    assert.deepEqual(settings.typoTolerance?.minWordSizeForTypos, { oneTypo: 5, twoTypos: 9 });
    assert.equal(settings.typoTolerance?.enabled, TYPO_TOLERANCE.enabled);
  });

  test('when built, then French rules apply to texts and titles and English to the English title', () => {
    const rules = settings.localizedAttributes ?? [];
    const localesOf = (attribute: string): string[] | undefined => rules.find((r) => r.attributePatterns.includes(attribute))?.locales;
    assert.deepEqual(localesOf('questionTitleEn'), ['eng']);
    for (const attribute of ['text', 'questionTitle', 'positionLabel']) assert.ok(localesOf(attribute)?.includes('fra'), attribute);
    // Each attribute is named by one rule only, so the first-match order cannot surprise.
    const named = rules.flatMap((r) => r.attributePatterns);
    assert.equal(new Set(named).size, named.length);
  });

  test('when built, then totals are exact far beyond the default 1000 and facets are sorted by count', () => {
    assert.equal(settings.pagination?.maxTotalHits, MAX_TOTAL_HITS);
    assert.ok(MAX_TOTAL_HITS >= 1_000_000);
    assert.equal(settings.faceting?.maxValuesPerFacet, MAX_FACET_VALUES, 'the most values an answer holds, which the server finds by count');
    assert.deepEqual(settings.faceting?.sortFacetValuesBy, { '*': 'count' });
  });

  test('when built twice, then the objects are independent (the shared data is never mutated)', () => {
    const first = meilisearchSettings();
    first.stopWords?.push('zzz');
    first.searchableAttributes?.pop();
    const second = meilisearchSettings();
    assert.ok(!second.stopWords?.includes('zzz'));
    assert.equal(second.searchableAttributes?.length, SEARCHABLE_ATTRIBUTES.length + 2);
  });

  test('when serialised, then it is plain JSON (what the client sends)', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(settings)), settings);
  });
});
