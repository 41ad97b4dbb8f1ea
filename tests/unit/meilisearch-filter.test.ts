import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { BadRequestError } from '../../server/errors.ts';
import type { SearchFilters } from '../../server/search/engine.ts';
import { buildFilter, quoteFilterValue } from '../../server/search/meilisearch/filter.ts';

/**
 * Reads back a quoted literal the way Meilisearch's filter parser does: from the opening quote to
 * the first unescaped quote, unescaping `\"` and `\\`. Returns the value and where it ends.
 */
function readLiteral(expression: string, start: number): { value: string; end: number } {
  assert.equal(expression[start], '"', `a literal starts at ${start}`);
  let value = '';
  for (let i = start + 1; i < expression.length; i++) {
    const c = expression[i] as string;
    if (c === '\\') {
      const next = expression[i + 1];
      assert.ok(next === '"' || next === '\\', `only \\" and \\\\ are escapes, got \\${next}`);
      value += next;
      i++;
    } else if (c === '"') {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  assert.fail('unterminated literal');
}

/** Splits `field = "v"` clauses outside literals, checking the whole string is our grammar only. */
function parseFilter(expression: string): { field: string; value: string }[][] {
  const groups: { field: string; value: string }[][] = [];
  let i = 0;
  const expect = (text: string): void => {
    assert.equal(expression.slice(i, i + text.length), text, `expected ${JSON.stringify(text)} at ${i}`);
    i += text.length;
  };
  const term = (): { field: string; value: string } => {
    const match = /^[a-z]+ = /.exec(expression.slice(i));
    assert.ok(match, `a field at ${i}`);
    const field = match[0].slice(0, -3);
    i += match[0].length;
    const literal = readLiteral(expression, i);
    i = literal.end;
    return { field, value: literal.value };
  };
  for (;;) {
    if (expression[i] === '(') {
      i++;
      const group = [term()];
      while (expression.slice(i, i + 4) === ' OR ') {
        i += 4;
        group.push(term());
      }
      expect(')');
      groups.push(group);
    } else {
      groups.push([term()]);
    }
    if (i === expression.length) return groups;
    expect(' AND ');
  }
}

const HOSTILE = [
  'plain',
  'with "quotes" inside',
  'back\\slash',
  'ends with backslash\\',
  '\\"',
  '" OR speaker != "',
  'a" OR speaker EXISTS OR speaker = "b',
  '(speaker = "x")',
  '[brackets] {braces} <angle>',
  'NOT speaker IN ["a", "b"]',
  "single 'quotes'",
  'Sébastien Rôbin 中文 🎙️ عربي',
  'line one\nline two\r\nline three',
  'tab\there',
  '\u0000null byte',
  '',
  ' ',
  'x'.repeat(10_000),
];

describe('quoteFilterValue', () => {
  test('when a value holds quotes and backslashes, then they are escaped and the literal reads back as the value', () => {
    assert.equal(quoteFilterValue('a"b\\c'), '"a\\"b\\\\c"');
    for (const value of HOSTILE) {
      const quoted = quoteFilterValue(value);
      const literal = readLiteral(quoted, 0);
      assert.equal(literal.value, value);
      assert.equal(literal.end, quoted.length, 'the literal ends exactly at the end');
    }
  });

  test('when a value holds a lone surrogate, then it is replaced (the server would reject the JSON)', () => {
    assert.equal(quoteFilterValue('a\uD800b'), '"a\uFFFDb"');
    assert.equal(quoteFilterValue('\uDC00'), '"\uFFFD"');
    assert.equal(quoteFilterValue('🎙️'), '"🎙️"', 'a well-formed pair is kept');
  });

  test('when any string is quoted, then it reads back as itself (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (value) => {
        const quoted = quoteFilterValue(value);
        const literal = readLiteral(quoted, 0);
        return literal.value === value && literal.end === quoted.length;
      }),
    );
  });
});

describe('buildFilter', () => {
  test('when nothing is filtered, then there is no filter', () => {
    assert.equal(buildFilter(undefined), undefined);
    assert.equal(buildFilter({}), undefined);
    assert.equal(buildFilter({ speaker: [], kind: [] }), undefined);
  });

  test('when one field has one value, then it is a single clause', () => {
    assert.equal(buildFilter({ speaker: ['sandra'] }), 'speaker = "sandra"');
  });

  test('when one field has several values, then they are OR-ed in brackets', () => {
    assert.equal(buildFilter({ speaker: ['a', 'b'] }), '(speaker = "a" OR speaker = "b")');
  });

  test('when several fields are filtered, then they are AND-ed in facet order whatever the key order', () => {
    const filter = buildFilter({ kind: ['comment'], position: ['stagiaire:non'], speaker: ['a', 'b'] });
    assert.equal(filter, '(speaker = "a" OR speaker = "b") AND position = "stagiaire:non" AND kind = "comment"');
  });

  test('when a value is repeated, then it appears once', () => {
    assert.equal(buildFilter({ speaker: ['a', 'a'] }), 'speaker = "a"');
  });

  test('when values are hostile, then the filter keeps our shape and every value reads back intact', () => {
    const filters: SearchFilters = { speaker: HOSTILE, debate: ['" OR debate != "', 'x'] };
    const filter = buildFilter(filters);
    assert.ok(filter);
    const groups = parseFilter(filter);
    assert.equal(groups.length, 2);
    assert.deepEqual(
      groups[0]?.map((t) => t.value),
      HOSTILE,
    );
    assert.ok(groups[0]?.every((t) => t.field === 'speaker'));
    assert.deepEqual(groups[1], [
      { field: 'debate', value: '" OR debate != "' },
      { field: 'debate', value: 'x' },
    ]);
  });

  test('when an injection tries to close the quote, then it stays inside the literal', () => {
    const filter = buildFilter({ speaker: ['" OR speaker != "'] });
    assert.equal(filter, 'speaker = "\\" OR speaker != \\""');
    assert.deepEqual(parseFilter(filter as string), [[{ field: 'speaker', value: '" OR speaker != "' }]]);
  });

  test('when a 10,000-character value is filtered, then it is kept whole', () => {
    const value = 'é"\\'.repeat(3334).slice(0, 10_000);
    const filter = buildFilter({ question: [value] }) as string;
    assert.deepEqual(parseFilter(filter), [[{ field: 'question', value }]]);
  });

  test('when a field is not a facet field, then it is rejected with a bad request', () => {
    const hostile = { 'speaker = "x" OR id': ['y'] } as unknown as SearchFilters;
    assert.throws(() => buildFilter(hostile), BadRequestError);
    assert.throws(() => buildFilter({ text: ['x'] } as unknown as SearchFilters), /Cannot filter on "text"/);
    assert.throws(() => buildFilter(JSON.parse('{"__proto__": ["x"]}') as SearchFilters), BadRequestError);
  });

  test('when a field is only inherited from a prototype, then it is ignored', () => {
    const inherited = Object.create({ speaker: ['x'] }) as SearchFilters;
    assert.equal(buildFilter(inherited), undefined);
  });

  test('when a value is not text, then it is rejected', () => {
    assert.throws(() => buildFilter({ speaker: [42] } as unknown as SearchFilters), BadRequestError);
    assert.throws(() => buildFilter({ speaker: 'a' } as unknown as SearchFilters), BadRequestError);
  });

  test('when filters are random, then the expression always parses back to exactly the given values (property)', () => {
    const values = fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { maxLength: 4 });
    fc.assert(
      fc.property(fc.record({ speaker: values, question: values, kind: values }, { requiredKeys: [] }), (filters) => {
        const filter = buildFilter(filters);
        const expected = (['speaker', 'question', 'kind'] as const)
          .map((field) => [...new Set(filters[field] ?? [])].map((value) => ({ field, value: quoteFilterValue(value) })))
          .filter((group) => group.length > 0);
        if (expected.length === 0) return filter === undefined;
        const parsed = parseFilter(filter as string).map((group) => group.map((t) => ({ field: t.field, value: quoteFilterValue(t.value) })));
        assert.deepEqual(parsed, expected);
        return true;
      }),
    );
  });
});
