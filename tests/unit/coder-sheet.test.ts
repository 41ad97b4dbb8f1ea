// Reading a coder's filled sheet (server/io/coder-sheet.ts): the codes it ends with, what a
// spreadsheet does to a sheet (semicolons, neutralised formulas), the bounded list of missing units,
// and the disagreements CSV.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { compareCoders } from '../../server/analysis/agreement.ts';
import { checkSameUnits, DISAGREEMENT_COLUMNS, disagreementsCsv, readCoderSheet, SheetsError, type CoderSheet } from '../../server/io/coder-sheet.ts';

const HEADER = 'id,debate,speaker,speaker_name,text,codes,code_labels,add,remove,note';

function sheetOf(file: string, rows: string[]): CoderSheet {
  return readCoderSheet(`\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`, file);
}

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof SheetsError, String(error));
    return error.problems;
  }
  assert.fail('expected the sheet to be refused');
}

describe('a coder sheet', () => {
  it('when codes are removed and added, then the unit ends with codes − remove + add, once each, and a prefilled row is told', () => {
    const sheet = sheetOf('a.csv', ['u1,d,s,S,text,q:p; q:r,,q:x; q:p,q:r,', 'u2,d,s,S,text,,,q,,', 'u3,d,s,S,text,,,,,']);
    assert.deepEqual(
      sheet.rows.map((r) => [r.id, r.line, r.codes, r.prefilled]),
      [
        ['u1', 2, [{ question: 'q', position: 'p' }, { question: 'q', position: 'x' }], true],
        ['u2', 3, [{ question: 'q' }], false],
        ['u3', 4, [], false],
      ],
    );
  });

  it('when a spreadsheet saved it with semicolons and the text was a neutralised formula, then it reads the same', () => {
    const sheet = readCoderSheet(`${HEADER.replaceAll(',', ';')}\n"u1";d;s;S;'=1+1;;;q:p;;\n`, 'fr.csv');
    assert.equal(sheet.rows[0]?.text, '=1+1');
    assert.deepEqual(sheet.rows[0]?.codes, [{ question: 'q', position: 'p' }]);
  });

  it('when the sheet has no rows, then it is refused with the file named', () => {
    assert.deepEqual(problems(() => sheetOf('empty.csv', [])), ['empty.csv: the sheet has no units']);
  });

  it('when many units are missing from the other sheet, then twenty are named with their line and the rest counted', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `u${i}`);
    const full = sheetOf('full.csv', ids.map((id) => `${id},d,s,S,t,,,,,`));
    const part = sheetOf('part.csv', ['u0,d,s,S,t,,,,,', 'extra,d,s,S,t,,,,,']);
    const found = problems(() => checkSameUnits(full, part));
    assert.equal(found[0], 'full.csv has 30 units and part.csv 2: 29 are not on the second sheet and 1 not on the first; compare sheets of the same units (exported with the same filters)');
    assert.equal(found[1], 'full.csv:3: unit "u1" is not on part.csv');
    assert.equal(found.filter((p) => /^full\.csv:\d+: /.test(p)).length, 20);
    assert.ok(found.includes('full.csv: … and 9 more units that are not on part.csv'));
    assert.ok(found.includes('part.csv:3: unit "extra" is not on full.csv'));
    assert.doesNotThrow(() => checkSameUnits(full, sheetOf('shuffled.csv', [...ids].reverse().map((id) => `${id},d,s,S,t,,,,,`))));
  });

  it('when disagreements are written, then each is a row in sheet order with its text, formulas neutralised and line breaks quoted', () => {
    const a = sheetOf('a.csv', ['u1,d,s,S,"=HYPERLINK(""x"")",,,q:p,,', 'u2,d,s,S,"two\nlines",,,q:p; r:x,,']);
    const b = sheetOf('b.csv', ['u2,d,s,S,"two\nlines",,,q:r,,', 'u1,d,s,S,x,,,,,']);
    const results = compareCoders({ units: a.rows.map((r) => r.id), a: new Map(a.rows.map((r) => [r.id, r.codes])), b: new Map(b.rows.map((r) => [r.id, r.codes])) }, ['r', 'q']);
    const csv = disagreementsCsv(a, results);
    assert.ok(csv.startsWith('\uFEFF'));
    const rows = parse(csv, { bom: true, record_delimiter: ['\r\n', '\n'] }) as string[][];
    assert.deepEqual(rows, [
      [...DISAGREEMENT_COLUMNS],
      ['u1', 'd', 's', 'S', `'=HYPERLINK("x")`, 'q', 'q:p', '', '', ''],
      ['u2', 'd', 's', 'S', 'two\nlines', 'r', 'r:x', '', '', ''],
      ['u2', 'd', 's', 'S', 'two\nlines', 'q', 'q:p', 'q:r', '', ''],
    ]);
  });
});
