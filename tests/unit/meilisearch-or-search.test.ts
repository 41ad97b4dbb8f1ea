// The pure half of OR matching on Meilisearch (server/search/meilisearch/or-search.ts): which
// queries are sent, which hits a page needs, and how the pool is ranked and highlighted. What a real
// server answers is pinned by the contract suite when MEILI_URL is set.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SearchResponse } from 'meilisearch';
import type { SearchDocument } from '../../server/search/engine.ts';
import { normaliseQuery } from '../../server/search/query.ts';
import { MAX_QUERY_WORDS } from '../../server/search/settings.ts';
import { languageBits } from '../../server/search/stemming.ts';
import { testDocument } from '../helpers/search-document.ts';
import {
  MIN_WORD_WEIGHT,
  RERANK_POOL,
  TEXT_ATTRIBUTES,
  WordCountCache,
  chooseSimilarWords,
  WHOLE_QUERY_WEIGHT,
  WORD_QUERY_WEIGHT,
  countQueries,
  federatedSearchParams,
  federationWindow,
  planOrSearch,
  SIMILAR_CANDIDATE_WORDS,
  rankDocuments,
  similarCandidateWords,
  toOrSearchResult,
  wordDocumentCounts,
  wordQueries,
  wordQueryWeights,
} from '../../server/search/meilisearch/or-search.ts';
import { STEMMED_METADATA_FIELD, STEMMED_TEXT_FIELD, stemmedText, toIndexedDocument } from '../../server/search/meilisearch/request.ts';

/** An English unit (stemmed as English), otherwise the shared test document. */
function doc(id: string, text: string, extra: Partial<SearchDocument> = {}): SearchDocument {
  return testDocument(id, text, { language: 'en', ...extra });
}

const ids = (documents: readonly SearchDocument[]): string[] => documents.map((d) => d.id);

describe('planOrSearch and the queries sent', () => {
  test('when a question has stop words, then one query per meaningful word is sent, and one per stem that differs', () => {
    const plan = planOrSearch('the school uniforms ');
    assert.deepEqual(
      plan.words.map((w) => w.word),
      ['school', 'uniforms'],
    );
    const queries = wordQueries(plan);
    // "school" stems to itself in English and French; "uniforms" to "uniform" in English.
    assert.deepEqual(
      queries.map((q) => q.q),
      ['school ', 'uniforms ', '"uniform"'],
    );
    // A stem is a phrase: no typos and no prefix, as the embedded engine's stem-mates.
    const stemQuery = queries.find((q) => q.q === '"uniform"');
    assert.deepEqual(stemQuery?.attributesToSearchOn, [STEMMED_TEXT_FIELD, STEMMED_METADATA_FIELD], 'a stem is looked up in the stems only, of the text and of the other fields');
    assert.equal(queries.find((q) => q.q === 'school ')?.attributesToSearchOn, undefined, 'the word itself everywhere');
  });

  test('when a text has more meaningful words than a typed query keeps, then maxWords reads them all (a similar-units lookup), the default the first MAX_QUERY_WORDS', () => {
    const words = Array.from({ length: 15 }, (_, i) => `mot${String.fromCharCode(97 + i)}lettres`);
    const text = `${words.join(' ')} `;
    assert.deepEqual(planOrSearch(text).words.map((w) => w.word), words.slice(0, MAX_QUERY_WORDS));
    assert.deepEqual(planOrSearch(text, { maxWords: SIMILAR_CANDIDATE_WORDS }).words.map((w) => w.word), words);
  });

  test('when the last word is still being typed, then only its query is a prefix (no trailing space)', () => {
    const typing = wordQueries(planOrSearch('confiance journ'));
    assert.equal(typing.find((q) => q.word === 1)?.q, 'journ');
    const complete = (q: { q: string }): boolean => q.q.endsWith(' ') || q.q.endsWith('"');
    assert.ok(typing.filter((q) => q.word === 0).every(complete));
    assert.ok(wordQueries(planOrSearch('confiance journ ')).every(complete), 'a separator typed after it ends the prefix');
  });

  test('when the federated search is built, then the whole query leads, every query carries the filters, and facets are asked of the union', () => {
    const query = normaliseQuery({ text: 'confiance journalistes', filters: { speaker: ['sandra'] }, facets: ['speaker', 'kind'] });
    const plan = planOrSearch(query.text);
    const params = federatedSearchParams(query, plan, 'units_v_1');
    assert.equal(params.queries[0]?.q, 'confiance journalistes');
    assert.equal(params.queries[0]?.federationOptions?.weight, WHOLE_QUERY_WEIGHT);
    assert.equal(params.queries.length, 1 + wordQueries(plan).length);
    for (const q of params.queries) {
      assert.equal(q.indexUid, 'units_v_1');
      assert.equal(q.filter, 'speaker = "sandra"');
    }
    for (const q of params.queries.slice(1)) assert.equal(q.federationOptions?.weight, WORD_QUERY_WEIGHT);
    assert.deepEqual(params.federation.facetsByIndex, { units_v_1: ['speaker', 'kind'] });
    assert.deepEqual({ offset: params.federation.offset, limit: params.federation.limit }, { offset: 0, limit: RERANK_POOL });
    const counts = countQueries(plan, 'units_v_1');
    assert.ok(counts.every((q) => q.limit === 0 && q.filter === undefined), 'counts are corpus-wide, hits not fetched');
  });

  test('when the query is one word, then the whole query is its word query, and only its stems are added; a typed space is kept', () => {
    const query = normaliseQuery({ text: 'uniforms ' });
    const params = federatedSearchParams(query, planOrSearch(query.text), 'u');
    assert.deepEqual(
      params.queries.map((q) => q.q),
      ['uniforms ', '"uniform"'],
    );
  });

  test('when words are weighed, then by idf relative to the rarest, never below the floor', () => {
    const weights = wordQueryWeights({ documents: 1000, wordDocuments: [10, 100, 1000] });
    assert.equal(weights[0], 1);
    assert.ok((weights[1] as number) < 1 && (weights[1] as number) > (weights[2] as number));
    assert.equal(weights[2], MIN_WORD_WEIGHT, 'a word in every unit still counts, last');
    const query = normaliseQuery({ text: 'rare common ' });
    const params = federatedSearchParams(query, planOrSearch(query.text), 'u', [1, 0.25]);
    assert.deepEqual(
      params.queries.map((q) => [q.q, q.federationOptions?.weight]),
      [
        ['rare common ', WHOLE_QUERY_WEIGHT],
        ['rare ', WORD_QUERY_WEIGHT],
        ['"rar"', WORD_QUERY_WEIGHT],
        ['common ', WORD_QUERY_WEIGHT * 0.25],
      ],
    );
  });

  test('when word counts are remembered, then per index version: a new version forgets them', () => {
    const cache = new WordCountCache();
    const q = { indexUid: 'v1', q: 'uniform ', attributesToSearchOn: [STEMMED_TEXT_FIELD] };
    cache.forVersion('v1').set(q, 12);
    assert.equal(cache.forVersion('v1').get(q), 12);
    assert.equal(cache.forVersion('v1').get({ indexUid: 'v1', q: 'uniform ' }), undefined, 'where a word is looked up is part of the key');
    assert.equal(cache.forVersion('v2').get(q), undefined);
    assert.equal(cache.forVersion('v1').get(q), undefined, 'the old version was forgotten');
  });

  test('when a page lies in the pool, then the whole pool is fetched; beyond it, only the page; sorted by date, only the page', () => {
    assert.deepEqual(federationWindow(normaliseQuery({ text: 'x', page: 1, limit: 20 })), { offset: 0, limit: RERANK_POOL, reranked: RERANK_POOL });
    assert.deepEqual(federationWindow(normaliseQuery({ text: 'x', page: 4, limit: 30 })), { offset: 0, limit: 120, reranked: RERANK_POOL });
    assert.deepEqual(federationWindow(normaliseQuery({ text: 'x', page: 6, limit: 20 })), { offset: 100, limit: 20, reranked: 0 });
    assert.deepEqual(federationWindow(normaliseQuery({ text: 'x', page: 1, limit: 20, sort: 'date-desc' })), { offset: 0, limit: 20, reranked: 0 });
  });

  test('when counts come back, then each word takes the most any of its queries found', () => {
    const plan = planOrSearch('uniforms cost ');
    const queries = wordQueries(plan);
    const counts = queries.map((q) => ({ estimatedTotalHits: q.q === '"uniform"' ? 40 : q.q === 'uniforms ' ? 25 : 7 }));
    assert.deepEqual(wordDocumentCounts(plan, counts), [40, 7]);
  });
});

describe('the stemmed copy of the text', () => {
  test('when a unit is indexed, then its stems by its language sit beside its text, distinct', () => {
    assert.equal(stemmedText('Costs, costs and more costs', 'en'), 'cost and more');
    assert.equal(stemmedText('la confiance se gagne lentement', 'fr'), 'la confianc se gagn lent');
    const both = stemmedText('lentement', undefined).split(' ');
    assert.deepEqual(both.sort(), ['lent', 'lentement'], 'an unknown language gets both stems');
    assert.equal(toIndexedDocument(doc('u1', 'Uniforms'))[STEMMED_TEXT_FIELD], 'uniform');
    const titled = toIndexedDocument(testDocument('u2', 'Sans rapport.', { language: 'fr', questionTitle: ['Le community management doit-il être internalisé ?'], speakerName: 'Sébastien' }));
    const metadataStems = titled[STEMMED_METADATA_FIELD].split(' ');
    assert.ok(metadataStems.includes(stemmedText('internalisation', 'fr')), 'a question title\'s word is found by its stem-mates');
    assert.ok(metadataStems.includes(stemmedText('Sébastien', 'fr')), 'and so is a speaker name');
    assert.ok(!metadataStems.includes(stemmedText('rapport', 'fr')), 'the text is not repeated there');
  });
});

describe('rankDocuments: the embedded engine\u2019s rules on the pool', () => {
  const stats = (wordDocuments: number[]): { documents: number; averageTextWords: number; wordDocuments: number[] } => ({ documents: 1000, averageTextWords: 8, wordDocuments });

  test('when units match more distinctive words, then they come first, whatever Meilisearch’s order', () => {
    const plan = planOrSearch('uniforms bullying costs ');
    const pool = [doc('u1', 'Uniforms are ugly.'), doc('u2', 'Uniforms reduce bullying and costs.'), doc('u3', 'Bullying hurts children and uniforms help.')];
    const { ranked } = rankDocuments(plan, pool, stats([100, 50, 80]));
    assert.deepEqual(ids(ranked), ['u2', 'u3', 'u1']);
  });

  test('when two units match the same words, then the rarer word and the shorter text win (BM25)', () => {
    const plan = planOrSearch('uniforms bullying ');
    const rare = rankDocuments(plan, [doc('u1', 'Uniforms matter to many people here.'), doc('u2', 'Bullying matters to many people here.')], stats([400, 10]));
    assert.deepEqual(ids(rare.ranked), ['u2', 'u1'], 'bullying is the rarer word');
    const short = rankDocuments(planOrSearch('bullying '), [doc('u1', 'Bullying is one thing among the many many things that schools must handle.'), doc('u2', 'Bullying is real.')], stats([10]));
    assert.deepEqual(ids(short.ranked), ['u2', 'u1']);
  });

  test('when a unit matches only through its speaker or a title, then it comes after every text match', () => {
    const plan = planOrSearch('sandra confiance ');
    const pool = [doc('u1', 'Rien à voir.', { speakerName: 'Sandra Dupont', language: 'fr' }), doc('u2', 'La confiance compte.', { language: 'fr' })];
    assert.deepEqual(ids(rankDocuments(plan, pool, stats([5, 5])).ranked), ['u2', 'u1']);
  });

  test('when a word is matched through a stem, a typo or as a prefix, then it counts, an exact match counting more than a typo', () => {
    const plan = planOrSearch('uniforms budget ');
    const pool = [doc('u1', 'One budjet.'), doc('u2', 'A uniform budget.'), doc('u3', 'Nothing here.')];
    const { ranked } = rankDocuments(plan, pool, stats([10, 10]));
    assert.deepEqual(ids(ranked), ['u2', 'u1', 'u3']);
    const typing = rankDocuments(planOrSearch('bully'), [doc('u1', 'Nothing.'), doc('u2', 'Bullying.')], stats([3]));
    assert.deepEqual(ids(typing.ranked), ['u2', 'u1']);
  });

  test('when a unit holds a word in several forms, then the word counts its best form alone, as the embedded engine scores derivations', () => {
    // u1: "budget" twice and its stem-mate "budgets" once; u2: "budget" three times, the same length.
    // Summed, u1's three tokens would tie with u2 and corpus order would put u1 first.
    const pool = [doc('u1', 'Budget budget budgets here.', { language: 'en' }), doc('u2', 'Budget budget budget here.', { language: 'en' })];
    assert.deepEqual(ids(rankDocuments(planOrSearch('budget '), pool, stats([10])).ranked), ['u2', 'u1']);
  });

  test('when units tie, then corpus order decides, the same every time', () => {
    const plan = planOrSearch('uniforms ');
    const pool = [doc('u3', 'Uniforms.'), doc('u1', 'Uniforms.'), doc('u2', 'Uniforms.')];
    assert.deepEqual(ids(rankDocuments(plan, pool, stats([3])).ranked), ['u1', 'u2', 'u3']);
  });
});

describe('toOrSearchResult: the page, its highlights, its total', () => {
  const response = (documents: SearchDocument[], total: number): SearchResponse<SearchDocument> =>
    ({ hits: documents, estimatedTotalHits: total, offset: 0, limit: documents.length, processingTimeMs: 1, query: '' }) as unknown as SearchResponse<SearchDocument>;

  test('when a page is in the pool, then it is cut from the ranked pool, the total is the union’s, and every matched word is marked', () => {
    const plan = planOrSearch('uniforms bullying ');
    const pool = [doc('u1', 'Uniforms <b>are</b> ugly.'), doc('u2', 'Uniforms stop bullying.')];
    const result = toOrSearchResult(normaliseQuery({ text: plan.text, limit: 1 }), plan, response(pool, 57), { documents: 100, averageTextWords: 4, wordDocuments: [10, 10] });
    assert.equal(result.total, 57);
    assert.deepEqual(result.hits.map((h) => h.document.id), ['u2']);
    assert.equal(result.hits[0]?.highlight, '<mark>Uniforms</mark> stop <mark>bullying</mark>.');
    const second = toOrSearchResult(normaliseQuery({ text: plan.text, limit: 1, page: 2 }), plan, response(pool, 57), { documents: 100, averageTextWords: 4, wordDocuments: [10, 10] });
    assert.equal(second.hits[0]?.highlight, '<mark>Uniforms</mark> &lt;b&gt;are&lt;/b&gt; ugly.', 'escaped, and only <mark> added');
  });

  test('when a page is beyond the pool, then it is Meilisearch’s merged order from the offset asked', () => {
    const plan = planOrSearch('uniforms ');
    const page = [doc('u9', 'Uniforms again.'), doc('u8', 'Uniforms.')];
    const query = normaliseQuery({ text: plan.text, limit: 2, page: RERANK_POOL / 2 + 1 });
    const result = toOrSearchResult(query, plan, response(page, 500), null);
    assert.deepEqual(result.hits.map((h) => h.document.id), ['u9', 'u8']);
  });
});

describe('facet values asked of both engines', () => {
  test('when a query asks more facet values than any answer holds, then it is clamped to MAX_FACET_VALUES, as the Meilisearch setting', async () => {
    const { MAX_FACET_VALUES } = await import('../../server/search/engine.ts');
    const { meilisearchSettings } = await import('../../server/search/meilisearch/settings.ts');
    assert.equal(normaliseQuery({ text: '', maxFacetValues: 5000 }).maxFacetValues, MAX_FACET_VALUES);
    assert.equal(normaliseQuery({ text: '', maxFacetValues: 7 }).maxFacetValues, 7);
    assert.equal(meilisearchSettings().faceting?.maxValuesPerFacet, MAX_FACET_VALUES, 'the server computes what an answer may hold, no more');
  });
});

describe('similar units on Meilisearch: the words chosen, the texts alone, no typos', () => {
  test('when a unit stands for a lookup, then its distinct meaningful words are candidates, folded, in the order of its text', () => {
    assert.deepEqual(similarCandidateWords('Le Community Management n’est pas un boulot de stagiaire, pas un boulot.'), ['community', 'management', 'boulot', 'stagiaire']);
    assert.deepEqual(similarCandidateWords('à la'), []);
    assert.equal(similarCandidateWords(Array.from({ length: 80 }, (_, i) => `mot${i}`).join(' ')).length, 48, 'bounded');
  });

  test('when the candidates are counted, then the rarest that another unit holds are chosen, at most 12', () => {
    assert.deepEqual(chooseSimilarWords(['alone', 'common', 'rare', 'mid'], [1, 500, 3, 40]), ['rare', 'mid', 'common'], 'a word only the unit holds is left out');
    assert.deepEqual(chooseSimilarWords(['b', 'a'], [2, 2]), ['b', 'a'], 'ties keep the text order');
    const many = Array.from({ length: 20 }, (_, i) => `w${i}`);
    assert.deepEqual(chooseSimilarWords(many, many.map((_, i) => 100 - i)), many.slice(8).reverse());
  });

  test('when the lookup is sent, then the whole query and the word queries look in the text and the stem queries in the stems', () => {
    const plan = planOrSearch('uniforms bullying ', { typos: false });
    const params = federatedSearchParams(normaliseQuery({ text: plan.text, limit: 100, facets: [] }), plan, 'units_v1', undefined, TEXT_ATTRIBUTES);
    for (const query of params.queries) {
      const stems = query.attributesToSearchOn?.includes(STEMMED_TEXT_FIELD);
      assert.deepEqual(query.attributesToSearchOn, stems ? [STEMMED_TEXT_FIELD] : ['text'], String(query.q));
    }
    assert.equal(params.federation?.facetsByIndex, undefined, 'no facets');
  });

  test('when the plan has no typos, then a unit matched only through a typo shares no word and comes last, unmarked', () => {
    const stats = { documents: 1000, averageTextWords: 8, wordDocuments: [10] };
    const pool = [doc('typo', 'Bulying is everywhere.'), doc('same', 'Bullying is everywhere.')];
    const withTypos = rankDocuments(planOrSearch('bullying '), pool, stats);
    assert.deepEqual(ids(withTypos.ranked), ['same', 'typo'], 'a typo counts less, but counts');
    const exact = rankDocuments(planOrSearch('bullying ', { typos: false }), pool, stats);
    assert.deepEqual(ids(exact.ranked), ['same', 'typo']);
    assert.equal(exact.matcher.matches('bulying', languageBits('en')).length, 0, 'no match through a typo');
    assert.ok(exact.matcher.matches('bullying', languageBits('en')).length > 0);
  });
});
