// The zod parameter schemas of routes/query-schema.ts and params.ts (issue 24): a bad value is a
// BadRequestError whose English message and reason (key and variables, for the pages' language)
// are the ones the hand-written checks gave, and one schema serves the strict API and the lenient pages.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { BadRequestError, type Reason } from '../../server/errors.ts';
import { parseCompareParams, parseItemParams, parseKeyPointParams, parseKeyPointRank, parsePagedParams, parseQuestionTable, downloadFormat, ITEM_QUERY } from '../../server/routes/params.ts';
import { integerParamOr, listParam, parseQuery, textParam } from '../../server/routes/query-schema.ts';

function refusal(run: () => unknown): { message: string; reason: Reason | undefined } {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof BadRequestError, String(error));
    return { message: error.message, reason: error.reason };
  }
  assert.fail('no error');
}

test('when a value breaks a rule, then the message and the reason name the parameter with the same variables as before', () => {
  assert.deepEqual(refusal(() => parseItemParams({ limit: '501' })), {
    message: 'parameter "limit" must be a whole number from 1 to 500',
    reason: { key: 'reason.integer', vars: { name: 'limit', min: 1, max: 500 } },
  });
  assert.deepEqual(refusal(() => parseItemParams({ lang: 'de' })), {
    message: 'parameter "lang" must be one of fr, en',
    reason: { key: 'reason.oneOf', vars: { name: 'lang', allowed: 'fr, en' } },
  });
  assert.deepEqual(refusal(() => parseItemParams({ page: ['1', '2'] })), { message: 'parameter "page" may be given only once', reason: { key: 'reason.once', vars: { name: 'page' } } });
  assert.deepEqual(refusal(() => parseItemParams({ page: { a: '1' } })), { message: 'parameter "page" must be a plain text value', reason: { key: 'reason.plainText', vars: { name: 'page' } } });
  assert.deepEqual(refusal(() => parseItemParams({ nope: '1' })), {
    message: 'unknown parameter "nope"; allowed: lang, page, limit',
    reason: { key: 'reason.unknownParam', vars: { name: 'nope', allowed: 'lang, page, limit' } },
  });
  assert.deepEqual(refusal(() => parseCompareParams({ speaker: Array.from({ length: 21 }, (_, i) => `s${i}`) })), {
    message: 'parameter "speaker" may be given at most 20 times',
    reason: { key: 'reason.tooMany', vars: { name: 'speaker', max: 20 } },
  });
});

test('when the pages read a query, then unknown names are ignored but known values are still checked', () => {
  assert.deepEqual(parsePagedParams({ utm_source: 'x', page: '3' }, 'lenient'), { page: 3 });
  assert.throws(() => parsePagedParams({ utm_source: 'x' }), /unknown parameter "utm_source"/);
  assert.throws(() => parsePagedParams({ utm_source: 'x', page: '0' }, 'lenient'), /"page" must be a whole number from 1 to 10000/);
});

test('when compare gets one question twice, or beside an empty one, then it is one question; two different ones are refused', () => {
  assert.equal(parseCompareParams({ question: ['roi', 'roi'] }).question, 'roi');
  assert.equal(parseCompareParams({ question: ['', 'roi'] }).question, 'roi');
  assert.throws(() => parseCompareParams({ question: ['roi', 'autre'] }), /"question" may be given only once/);
});

test('when a key point is named by rank or as other, then it is its rank or 0; past the last rank it is refused', () => {
  assert.equal(parseKeyPointParams({ point: 'other' }).point, 0);
  assert.equal(parseKeyPointParams({ point: '30' }).point, 30);
  assert.throws(() => parseKeyPointParams({ point: '31' }), /"point" must be a whole number from 1 to 30/);
  assert.equal(parseKeyPointRank('point', '4', 5), 4);
  assert.throws(() => parseKeyPointRank('point', '6', 5), /from 1 to 5/);
  assert.throws(() => parseKeyPointParams({ table: 'units' }), /"table" needs "format"/);
  assert.deepEqual(parseKeyPointParams({}), { page: 1, limit: 20, table: 'points' });
});

test('when a download has no format or a bad table, then the messages are the download ones', () => {
  assert.throws(() => downloadFormat({}), /parameter "format" is required: one of /);
  assert.equal(parseQuestionTable(undefined), 'units');
  assert.throws(() => parseQuestionTable('rows'), /"table" must be one of units, matrix/);
});

test('when a schema is written as JSON Schema, then it says what the check enforces', () => {
  const json = (schema: z.ZodType): unknown => {
    const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'output' }) as Record<string, unknown>;
    return rest;
  };
  assert.deepEqual(json(integerParamOr(1, 500, 100)), { type: 'integer', minimum: 1, maximum: 500, default: 100 });
  assert.deepEqual(json(listParam()), { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 200 } });
  assert.deepEqual(json(textParam(500)), { type: 'string', maxLength: 500 });
  // And the checks match: 500 passes, 501 does not.
  assert.equal(parseQuery(ITEM_QUERY, { limit: '500' }).limit, 500);
  assert.throws(() => parseQuery(ITEM_QUERY, { limit: '501' }), BadRequestError);
});
