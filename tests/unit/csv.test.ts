import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvCell, toCsv, UTF8_BOM } from '../../server/csv.ts';

test('when rows are written, then the output starts with a BOM, uses CRLF and ends with one', () => {
  const csv = toCsv(['a', 'b'], [['1', 2], [null, 'x']]);
  assert.equal(csv, `${UTF8_BOM}a,b\r\n1,2\r\n,x\r\n`);
});

test('when the bom option is false, then no BOM is written', () => {
  assert.equal(toCsv(['a'], [], { bom: false }), 'a\r\n');
});

test('when a cell holds a comma, a quote or a line break, then it is quoted and quotes are doubled', () => {
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('il a dit "non"'), '"il a dit ""non"""');
  assert.equal(csvCell('ligne 1\nligne 2'), '"ligne 1\nligne 2"');
  assert.equal(csvCell('plain'), 'plain');
});

test('when a cell starts like a formula, then it is prefixed with an apostrophe', () => {
  for (const start of ['=', '+', '-', '@', '\t', '\r']) {
    assert.equal(csvCell(`${start}SUM(A1)`).replace(/^"/, '').startsWith(`'${start}`), true, JSON.stringify(start));
  }
  assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
  assert.equal(csvCell('a=b'), 'a=b');
  // A text already opening with apostrophes before a formula character gets one more, or it
  // would read back as the formula alone ("'+" -> "+", found by the export round-trip property).
  assert.equal(csvCell("'+"), "''+");
  assert.equal(csvCell("''=1"), "'''=1");
  assert.equal(csvCell("'abc"), "'abc");
});

test('when a number is negative, then it is written as a number, not neutralised', () => {
  assert.equal(csvCell(-3), '-3');
  assert.equal(csvCell(Number.NaN), '');
});

test('when the output is parsed back, then every cell survives the round trip', () => {
  const rows = [['é, "à"', 'deux\r\nlignes', '', 'ok'], ['=1+1', '-', 'x', '@me']];
  const parsed = parse(toCsv(['w', 'x', 'y', 'z'], rows), { bom: true }) as string[][];
  assert.deepEqual(parsed, [['w', 'x', 'y', 'z'], rows[0], ["'=1+1", "'-", 'x', "'@me"]]);
});

test('when any cells are written, then parsing gives them back, formula-looking ones (after any apostrophes) with one more leading apostrophe', async () => {
  const fc = await import('fast-check');
  fc.assert(
    fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }), { minLength: 3, maxLength: 3 }), { maxLength: 8 }), (rows) => {
      const parsed = parse(toCsv(['a', 'b', 'c'], rows), { bom: true, relax_column_count: false }) as string[][];
      const expected = rows.map((row) => row.map((cell) => (/^'*[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
      assert.deepEqual(parsed.slice(1), expected);
    }),
    { numRuns: 300 },
  );
});
