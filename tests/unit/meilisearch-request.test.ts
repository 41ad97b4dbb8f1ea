// Unit tests of our request shaping and response mapping. The response objects are written by hand
// in the shape Meilisearch documents for POST /indexes/{uid}/search; they test our mapping only.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SearchResponse } from 'meilisearch';
import { DEFAULT_LIMIT, MAX_LIMIT, type SearchDocument, type SearchHit } from '../../server/search/engine.ts';
import fc from 'fast-check';
import { escapeHtml } from '../../server/html.ts';
import { fixtureCorpusOrder, fixtureDocuments } from '../contract/fixture-documents.ts';
import {
  orderSimilar,
  compareCorpusOrder,
  PRIMARY_KEY,
  documentKey,
  toIndexedDocument,
  HIGHLIGHT_POST_TAG as POST,
  HIGHLIGHT_PRE_TAG as PRE,
  highlightHtml,
  normalisePage,
  toSearchParams,
  toSearchResult,
} from '../../server/search/meilisearch/request.ts';

function doc(overrides: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id: 'narocast-0-01',
    text: 'Le community manager est un métier.',
    speaker: 'sandra',
    speakerName: 'Sandra',
    speakerAliases: ['Sandra RP'],
    question: ['stagiaire'],
    questionTitle: ['Le community management est-il un travail de stagiaire ?'],
    questionTitleEn: ["Is community management an intern's job?"],
    position: ['stagiaire:non'],
    positionLabel: ["Non, c'est un travail d'expérience"],
    codes: [{ question: 'stagiaire', position: 'stagiaire:non', positionLabel: "Non, c'est un travail d'expérience" }],
    kind: 'comment',
    debate: 'narocast-0',
    debateTitle: '[Narocast] #0',
    date: '2010-07-12',
    dateValue: 14802,
    order: 1,
    ...overrides,
  };
}

describe('documentKey', () => {
  test('when an id holds only letters, digits and dashes, then the key is the id', () => {
    assert.equal(documentKey('narocast-0-01'), 'narocast-0-01');
  });

  test('when an id holds dots or underscores, then they are encoded into allowed characters', () => {
    assert.equal(documentKey('argkp.arg_1'), 'argkp_2e_arg_5f_1');
    assert.match(documentKey('é.🎙️ x/y'), /^[A-Za-z0-9_-]+$/);
  });

  test('when two ids differ, then their keys differ, and keys use only what Meilisearch accepts (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        assert.match(documentKey(a) || 'x', /^[A-Za-z0-9_-]+$/);
        return a === b || documentKey(a) !== documentKey(b);
      }),
    );
    assert.notEqual(documentKey('a.b'), documentKey('a_b'));
    assert.notEqual(documentKey('a_2e_b'), documentKey('a.b'));
  });

  test('when a document is prepared for indexing, then it keeps its id and gains the key, which a hit does not carry back', () => {
    const indexed = toIndexedDocument(doc({ id: 'a.b' }));
    assert.equal(indexed.id, 'a.b');
    assert.equal(indexed[PRIMARY_KEY], 'a_2e_b');
    const result = toSearchResult({ text: '' }, { hits: [indexed], query: '', processingTimeMs: 0, totalHits: 1 });
    assert.deepEqual(result.hits[0]?.document, doc({ id: 'a.b' }));
  });
});

describe('compareCorpusOrder', () => {
  test('when documents are sorted with it, then they come in corpus order: date, debate, order', () => {
    assert.deepEqual(
      [...fixtureDocuments].sort(compareCorpusOrder).map((d) => d.id),
      fixtureCorpusOrder,
    );
    assert.notDeepEqual(
      fixtureDocuments.map((d) => d.id),
      fixtureCorpusOrder,
      'the fixture is not already in order',
    );
  });
});

describe('toSearchParams', () => {
  test('when a query has text only, then it asks for an exact page of highlighted text', () => {
    const params = toSearchParams({ text: '  community  ' });
    assert.equal(params.q, 'community');
    assert.equal(params.page, 1);
    assert.equal(params.hitsPerPage, DEFAULT_LIMIT);
    assert.equal(params.offset, undefined, 'offset/limit would give estimated totals');
    assert.equal(params.limit, undefined);
    assert.deepEqual(params.attributesToHighlight, ['text']);
    assert.equal(params.highlightPreTag, PRE);
    assert.equal(params.highlightPostTag, POST);
    assert.equal(params.matchingStrategy, 'frequency');
    assert.equal(params.filter, undefined);
    assert.equal(params.facets, undefined);
    assert.equal(params.sort, undefined, 'relevance ranks a text query');
  });

  test('when there is no text, then units come in corpus order: date, debate, order', () => {
    assert.deepEqual(toSearchParams({ text: '   ' }).sort, ['dateValue:asc', 'debate:asc', 'order:asc']);
    assert.deepEqual(toSearchParams({ text: '', sort: 'relevance' }).sort, ['dateValue:asc', 'debate:asc', 'order:asc']);
  });

  test('when filters, facets, page and limit are given, then they are all passed on', () => {
    const params = toSearchParams({
      text: 'rp',
      filters: { speaker: ['a', 'b'], kind: ['comment'] },
      facets: ['position', 'speaker', 'position'],
      page: 3,
      limit: 7,
    });
    assert.equal(params.filter, '(speaker = "a" OR speaker = "b") AND kind = "comment"');
    assert.deepEqual(params.facets, ['speaker', 'position'], 'once each, in facet order');
    assert.equal(params.page, 3);
    assert.equal(params.hitsPerPage, 7);
  });

  test('when sorted by date, then the debate date leads and units keep their order in the debate', () => {
    assert.deepEqual(toSearchParams({ text: '', sort: 'date-desc' }).sort, ['dateValue:desc', 'debate:asc', 'order:asc']);
    assert.deepEqual(toSearchParams({ text: 'rp', sort: 'date-desc' }).sort, ['dateValue:desc', 'debate:asc', 'order:asc']);
    assert.deepEqual(toSearchParams({ text: '', sort: 'date-asc' }).sort, ['dateValue:asc', 'debate:asc', 'order:asc']);
    assert.equal(toSearchParams({ text: 'x', sort: 'relevance' }).sort, undefined);
  });

  test('when page or limit are out of range, then they are brought back in range', () => {
    assert.deepEqual(normalisePage({}), { page: 1, limit: DEFAULT_LIMIT });
    assert.deepEqual(normalisePage({ page: 0, limit: 1000 }), { page: 1, limit: MAX_LIMIT });
    assert.deepEqual(normalisePage({ page: -2, limit: -1 }), { page: 1, limit: 1 });
    assert.deepEqual(normalisePage({ page: 2.7, limit: 5.9 }), { page: 2, limit: 5 });
    assert.deepEqual(normalisePage({ page: Number.NaN, limit: Number.POSITIVE_INFINITY }), { page: 1, limit: 1 });
    assert.deepEqual(normalisePage({ limit: 0 }), { page: 1, limit: 1 });
  });

  test('when a facet is not a facet field, then it is not requested', () => {
    const params = toSearchParams({ text: '', facets: ['speaker', 'text' as never] });
    assert.deepEqual(params.facets, ['speaker']);
  });
});

describe('highlightHtml', () => {
  test('when the text holds HTML, then it is escaped before the marks are added', () => {
    const original = '<script>alert("x")</script> & l\'agence';
    const formatted = `<script>alert("x")</script> & l'${PRE}agence${POST}`;
    assert.equal(highlightHtml(original, formatted), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; l&#39;<mark>agence</mark>');
  });

  test('when the text itself holds <mark>, then it stays text', () => {
    assert.equal(highlightHtml('<mark>x</mark>', `<mark>${PRE}x${POST}</mark>`), '&lt;mark&gt;<mark>x</mark>&lt;/mark&gt;');
  });

  test('when the text contains a placeholder character, then nothing is marked and it is all escaped', () => {
    const original = `a ${PRE}b<`;
    assert.equal(highlightHtml(original, `a ${PRE}${PRE}b${POST}<`), `a ${PRE}b&lt;`);
  });

  test('when there is no formatted text, then the original is escaped', () => {
    assert.equal(highlightHtml('a & b', undefined), 'a &amp; b');
  });

  test('when tags are unbalanced, then the markup is still balanced', () => {
    assert.equal(highlightHtml('ab', `${PRE}a`), '<mark>a</mark>');
    assert.equal(highlightHtml('ab', `a${POST}b`), 'ab');
    assert.equal(highlightHtml('ab', `${PRE}${PRE}a${POST}${POST}b`), '<mark>a</mark>b');
  });

  test('when marks are put anywhere in any text, then the HTML has only balanced <mark> tags and reads back as the text (property)', () => {
    const unescape = (html: string): string =>
      html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'é', '<', '>', '&', '"', "'", ' ', '/', 'm'), maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (original, cuts) => {
          const points = [...new Set(cuts.map((c) => c % (original.length + 1)))].sort((a, b) => a - b);
          let formatted = '';
          let last = 0;
          points.forEach((point, i) => {
            formatted += original.slice(last, point) + (i % 2 === 0 ? PRE : POST);
            last = point;
          });
          formatted += original.slice(last);
          const html = highlightHtml(original, formatted);
          const tags = html.match(/<[^>]*>/g) ?? [];
          assert.ok(tags.every((t) => t === '<mark>' || t === '</mark>'), html);
          assert.equal(tags.filter((t) => t === '<mark>').length, tags.filter((t) => t === '</mark>').length);
          assert.equal(unescape(html.replace(/<\/?mark>/g, '')), original);
        },
      ),
    );
  });

  test('when escaping, then all five HTML-special characters are replaced', () => {
    assert.equal(escapeHtml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
  });
});

describe('toSearchResult', () => {
  const document = doc({ text: 'Le <b>community</b> manager & la marque' });
  const response: SearchResponse<SearchDocument> = {
    hits: [
      {
        ...document,
        _formatted: { ...document, text: `Le <b>${PRE}community${POST}</b> manager & la marque` },
      },
    ],
    query: 'community',
    processingTimeMs: 3,
    hitsPerPage: 5,
    page: 2,
    totalPages: 9,
    totalHits: 42,
    facetDistribution: { speaker: { sandra: 12, seb: 0 }, kind: { comment: 42 }, position: {} },
  };

  test('when a response is mapped, then hits carry our document and safe highlighted HTML', () => {
    const result = toSearchResult({ text: 'community', page: 2, limit: 5, facets: ['speaker', 'kind', 'position', 'debate'] }, response);
    assert.equal(result.hits.length, 1);
    assert.deepEqual(result.hits[0]?.document, document);
    assert.equal(result.hits[0]?.highlight, 'Le &lt;b&gt;<mark>community</mark>&lt;/b&gt; manager &amp; la marque');
    assert.ok(!('_formatted' in (result.hits[0]?.document ?? {})), 'no Meilisearch field leaks into our document');
  });

  test('when a response is mapped, then total is the exact totalHits and the page is ours', () => {
    const result = toSearchResult({ text: 'community', page: 2, limit: 5 }, response);
    assert.equal(result.total, 42);
    assert.equal(result.page, 2);
    assert.equal(result.limit, 5);
    assert.equal(result.query, 'community');
    assert.equal(result.tookMs, 3);
  });

  test('when facets are mapped, then zero counts are dropped and only requested facets appear', () => {
    const result = toSearchResult({ text: 'community', facets: ['speaker', 'position', 'debate'] }, response);
    assert.deepEqual(result.facets, { speaker: { sandra: 12 }, position: {}, debate: {} });
    const none = toSearchResult({ text: 'community' }, response);
    assert.deepEqual(none.facets, {});
  });

  test('when a hit has no codes and no _formatted, then its code lists are empty and its text escaped', () => {
    const bare = doc({ question: [], questionTitle: [], questionTitleEn: [], position: [], positionLabel: [], codes: [], text: 'a<b' });
    const result = toSearchResult({ text: '' }, { hits: [bare], query: '', processingTimeMs: 0, totalHits: 1, page: 1, hitsPerPage: 20, totalPages: 1 });
    assert.deepEqual(result.hits[0]?.document, bare);
    assert.equal(result.hits[0]?.highlight, 'a&lt;b');
  });

  test('when a hit comes from an index written before codes (single values or null), then it reads as lists', () => {
    const old = { ...doc(), question: 'stagiaire', questionTitle: null, questionTitleEn: null, position: 'stagiaire:non', positionLabel: null, codes: undefined } as unknown as SearchDocument;
    const result = toSearchResult({ text: '' }, { hits: [old], query: '', processingTimeMs: 0, totalHits: 1, page: 1, hitsPerPage: 20, totalPages: 1 });
    assert.deepEqual(result.hits[0]?.document.question, ['stagiaire']);
    assert.deepEqual(result.hits[0]?.document.position, ['stagiaire:non']);
    assert.deepEqual(result.hits[0]?.document.questionTitle, []);
    assert.deepEqual(result.hits[0]?.document.codes, []);
  });

  test('when the response has only an estimate (offset pagination), then the estimate is used', () => {
    const result = toSearchResult({ text: 'x' }, { hits: [], query: 'x', processingTimeMs: 1, offset: 0, limit: 20, estimatedTotalHits: 7 });
    assert.equal(result.total, 7);
    assert.deepEqual(result.hits, []);
  });
});

describe('similar units through Meilisearch', () => {
  const hit = (id: string, speaker: string, debate: string): SearchHit => ({
    document: { id, speaker, debate } as SearchDocument,
    highlight: '',
  });

  test('when the answers are ordered, then the unit itself goes and other debates and speakers come first', () => {
    const ordered = orderSimilar({ id: 'u', speaker: 's', debate: 'd' }, [hit('a', 's', 'd'), hit('u', 's', 'd'), hit('b', 't', 'd'), hit('c', 't', 'e'), hit('e', 's', 'e')]);
    assert.deepEqual(
      ordered.map((h) => h.document.id),
      ['c', 'b', 'e', 'a'],
    );
  });
});
