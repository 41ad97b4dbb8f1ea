import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestError } from '../../server/errors.ts';
import { parseCompareParams, parseSearchParams, parseSimilarParams } from '../../server/routes/params.ts';
import { DEFAULT_SIMILAR_LIMIT, MAX_LIMIT } from '../../server/search/engine.ts';
import { normaliseQuery } from '../../server/search/query.ts';

const rejects = (params: Record<string, unknown>, pattern: RegExp): void => {
  assert.throws(() => parseSearchParams(params), (error: unknown) => error instanceof BadRequestError && pattern.test(error.message));
};

test('when nothing is given, then the defaults apply and every facet is asked for', () => {
  // The parser leaves page, limit and sort absent; server/search/query.ts applies the defaults, once.
  const { maxFacetValues: _, ...query } = normaliseQuery(parseSearchParams({}));
  assert.deepEqual(query, {
    text: '',
    filters: { speaker: [], question: [], position: [], kind: [], debate: [] },
    facets: ['speaker', 'question', 'position', 'kind', 'debate'],
    page: 1,
    limit: 20,
    sort: 'relevance',
  });
});

test('when every parameter is given, then each is read into the query', () => {
  const query = parseSearchParams({
    q: '  stagiaire ',
    speaker: ['genaro', 'sandra', 'genaro', ''],
    question: 'roi',
    position: 'roi:non',
    kind: 'turn',
    debate: 'narocast-0',
    page: '3',
    limit: '100',
    sort: 'date-desc',
    format: 'csv',
    lang: 'en',
  });
  assert.equal(query.text, 'stagiaire');
  assert.deepEqual(query.filters, { speaker: ['genaro', 'sandra'], question: ['roi'], position: ['roi:non'], kind: ['turn'], debate: ['narocast-0'] });
  assert.equal(query.page, 3);
  assert.equal(query.limit, 100);
  assert.equal(query.sort, 'date-desc');
  assert.equal(query.format, 'csv');
  assert.equal(query.lang, 'en');
});

test('when page is 0, negative, not a number or over 10 000, then it is a bad request naming page', () => {
  for (const page of ['0', '-1', 'abc', '1.5', '10001', '1e3', ' 2x']) rejects({ page }, /"page"/);
  assert.equal(parseSearchParams({ page: '10000' }).page, 10_000);
});

test('when limit is outside 1..100, then it is a bad request naming limit', () => {
  for (const limit of ['0', '101', 'ten']) rejects({ limit }, /"limit"/);
  assert.equal(parseSearchParams({ limit: '1' }).limit, 1);
});

test('when a parameter name is unknown, then the error names it', () => {
  rejects({ foo: 'bar' }, /unknown parameter "foo"/);
  rejects({ 'speaker[x]': 'bar' }, /unknown parameter "speaker\[x\]"/);
});

test('when a scalar parameter is repeated, then it is a bad request', () => {
  rejects({ q: ['a', 'b'] }, /"q" may be given only once/);
  rejects({ page: ['1', '2'] }, /"page"/);
});

test('when q is longer than 500 characters, then it is refused; at 500 it is accepted', () => {
  rejects({ q: 'a'.repeat(501) }, /"q" is longer than 500/);
  assert.equal(parseSearchParams({ q: 'a'.repeat(500) }).text.length, 500);
});

test('when q holds control characters, then they become spaces', () => {
  assert.equal(parseSearchParams({ q: 'community\u0000management\tcm\u007f' }).text, 'community management cm');
});

test('when a filter value holds a control character or is too long, then it is refused', () => {
  rejects({ speaker: 'gen\u0001aro' }, /control character/);
  rejects({ debate: 'x'.repeat(201) }, /longer than 200/);
});

test('when a filter has more than 20 values, then it is refused', () => {
  rejects({ speaker: Array.from({ length: 21 }, (_, i) => `s${i}`) }, /at most 20/);
  assert.equal(parseSearchParams({ speaker: Array.from({ length: 20 }, (_, i) => `s${i}`) }).filters?.speaker?.length, 20);
});

test('when sort, format or lang is not one of its values, then it is refused', () => {
  rejects({ sort: 'random' }, /"sort" must be one of relevance, date-desc, date-asc/);
  rejects({ format: 'xml' }, /"format"/);
  rejects({ lang: 'de' }, /"lang"/);
});

test('when a value is not a string (a nested object), then it is refused', () => {
  rejects({ speaker: { a: 'b' } }, /plain text/);
});

test('when empty form fields are sent, then they count as absent', () => {
  const query = parseSearchParams({ q: '', page: '', limit: '', sort: '', format: '', speaker: '' });
  assert.equal(normaliseQuery(query).page, 1);
  assert.equal(normaliseQuery(query).sort, 'relevance');
  assert.deepEqual(query.filters, {});
  assert.equal(query.format, undefined);
});

test('when compare speakers come as repeats and as a comma list, then both are merged without duplicates', () => {
  const request = parseCompareParams({ speaker: ['genaro', 'sandra'], speakers: 'sandra, yvain-ducrocq', question: 'roi', q: ' x ' });
  assert.deepEqual(request.speakers, ['genaro', 'sandra', 'yvain-ducrocq']);
  assert.equal(request.question, 'roi');
  assert.equal(request.q, 'x');
});

test('when compare is given an unknown parameter or two questions, then it is a bad request', () => {
  assert.throws(() => parseCompareParams({ page: '1' }), /unknown parameter "page"/);
  assert.throws(() => parseCompareParams({ question: ['a', 'b'] }), /"question" may be given only once/);
});

test('when similar units are asked for, then limit is a whole number from 1 to MAX_LIMIT, the default when absent', () => {
  assert.deepEqual(parseSimilarParams({}), { limit: DEFAULT_SIMILAR_LIMIT });
  assert.deepEqual(parseSimilarParams({ limit: '3', lang: 'en' }), { limit: 3, lang: 'en' });
  assert.deepEqual(parseSimilarParams({ limit: String(MAX_LIMIT) }), { limit: MAX_LIMIT });
  for (const limit of ['0', String(MAX_LIMIT + 1), 'abc', '2.5', '-1', ['2', '3']]) {
    assert.throws(() => parseSimilarParams({ limit }), (error: unknown) => error instanceof BadRequestError && /"limit"/.test(error.message), `limit=${String(limit)}`);
  }
  assert.throws(() => parseSimilarParams({ sort: 'date-asc' }), /unknown parameter "sort"/);
  assert.deepEqual(parseSimilarParams({ utm_source: 'x' }, 'lenient'), { limit: DEFAULT_SIMILAR_LIMIT });
});
