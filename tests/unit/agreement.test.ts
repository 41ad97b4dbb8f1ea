// Cohen's kappa and Krippendorff's alpha (server/analysis/agreement.ts) against values computed by
// hand here, with p_o, p_e and the coincidences written out, and against published worked examples:
// - Cohen's kappa: the worked example of Wikipedia's "Cohen's kappa" article (50 grant proposals,
//   two readers, yes/no: 20 yes-yes, 5 yes-no, 10 no-yes, 15 no-no; p_o = 0.7, p_e = 0.5, κ = 0.4);
// - Krippendorff's alpha: the examples of K. Krippendorff, "Computing Krippendorff's
//   Alpha-Reliability" (2011, Annenberg School for Communication, University of Pennsylvania,
//   https://repository.upenn.edu/asc_papers/43): A, binary data, two observers, 10 units
//   (α = 0.095); B, nominal data, two observers, 12 units (α = 0.692); C, nominal data, four
//   observers, 12 units with missing values (α = 0.743); and the computational example of
//   Wikipedia's "Krippendorff's alpha" article (three coders, 15 units, α = 0.691).
// The published data and figures were checked against transcriptions of these sources (the
// paper's examples as other implementations' tests carry them), and recomputed by hand below.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  NO_CODE,
  PairTable,
  codesOn,
  cohenKappa,
  compareCoders,
  krippendorffAlphaNominal,
  twoCoderAlpha,
  type Coefficient,
} from '../../server/analysis/agreement.ts';
import { parseCode, type UnitCode } from '../../server/corpus/model.ts';

const close = (actual: number, expected: number, digits = 9): void => assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} ≈ ${expected}`);

function value(coefficient: Coefficient): number {
  assert.ok(coefficient.defined, `expected a value, got: ${coefficient.defined ? '' : coefficient.reason}`);
  return coefficient.value;
}

/** Two coders' values written as two strings of one-letter values, a unit per letter ("." = not coded). */
function pairs(a: string, b: string): PairTable {
  assert.equal(a.length, b.length);
  return PairTable.of([...a].map((x, i) => [x, b[i] as string] as const));
}

describe("Cohen's kappa", () => {
  it("when the table is Wikipedia's 50 proposals, then p_o = 0.7, p_e = 0.5 and kappa = 0.4", () => {
    const table = new PairTable();
    table.add('yes', 'yes', 20);
    table.add('yes', 'no', 5);
    table.add('no', 'yes', 10);
    table.add('no', 'no', 15);
    const result = cohenKappa(table);
    assert.equal(result.units, 50);
    close(result.observed, 0.7);
    // Reader A said yes 25 times of 50, B 30: p_e = 0.5·0.6 + 0.5·0.4.
    close(result.expected, 0.5 * 0.6 + 0.5 * 0.4);
    close(value(result.kappa), 0.4);
  });

  it('when three values are used, then kappa is (p_o − p_e)/(1 − p_e) with the marginals written out', () => {
    // x-x 4, y-y 3, x-y 1, y-z 1, z-z 1: p_o = 8/10. A: x 5, y 4, z 1; B: x 4, y 4, z 2.
    const result = cohenKappa(pairs('xxxxyyyxyz', 'xxxxyyyyzz'));
    close(result.observed, 0.8);
    const pe = 0.5 * 0.4 + 0.4 * 0.4 + 0.1 * 0.2;
    close(result.expected, pe);
    close(value(result.kappa), (0.8 - pe) / (1 - pe));
    close(value(result.kappa), 0.42 / 0.62);
  });

  it('when the coders always differ on two values, then kappa is −1; when they always agree, 1', () => {
    close(value(cohenKappa(pairs('xyxy', 'yxyx')).kappa), -1);
    close(value(cohenKappa(pairs('xyzx', 'xyzx')).kappa), 1);
  });

  it('when both coders give every unit one and the same value, then kappa is undefined and says why, not NaN', () => {
    const result = cohenKappa(pairs('xxxx', 'xxxx'));
    close(result.observed, 1);
    close(result.expected, 1);
    assert.equal(result.kappa.defined, false);
    assert.match(result.kappa.defined ? '' : result.kappa.reason, /same value \(x\).*chance agreement is 1/);
    assert.equal(cohenKappa(new PairTable()).kappa.defined, false);
  });

  it('when each coder uses one value but not the same, then kappa is 0 (p_o = p_e = 0)', () => {
    const result = cohenKappa(pairs('xxx', 'yyy'));
    close(result.expected, 0);
    close(value(result.kappa), 0);
  });
});

describe("Krippendorff's alpha (nominal)", () => {
  it('when the data are Krippendorff (2011) example A (binary, two observers), then alpha = 0.095', () => {
    const a = '0100000010';
    const b = '1110010000';
    // Coincidences: o_00 = 10, o_11 = 2, o_01 = o_10 = 4; n_0 = 14, n_1 = 6, n = 20:
    // α = 1 − (n − 1)·o_01 / (n_0·n_1) = 1 − 19·4 / (14·6).
    const result = twoCoderAlpha(pairs(a, b));
    assert.equal(result.pairable, 20);
    close(value(result.alpha), 1 - (19 * 4) / (14 * 6));
    assert.equal(value(result.alpha).toFixed(3), '0.095');
    // The general form (any number of coders) gives the same.
    close(value(krippendorffAlphaNominal([...a].map((x, i) => [x, b[i]])).alpha), value(result.alpha));
    // And kappa on the same data, by hand: p_o = 6/10; A: 0 ×8, 1 ×2; B: 0 ×6, 1 ×4.
    const pe = 0.8 * 0.6 + 0.2 * 0.4;
    close(value(cohenKappa(pairs(a, b)).kappa), (0.6 - pe) / (1 - pe));
  });

  it('when the data are Krippendorff (2011) example B (nominal, two observers, 12 units), then alpha = 0.692', () => {
    const result = twoCoderAlpha(pairs('aabbdcccedda', 'babbbccceddd'));
    // Values: a 4, b 6, c 6, d 6, e 2 (n = 24); three units differ: Σ_{c≠k} o_ck = 6.
    close(value(result.alpha), 1 - (23 * 6) / (24 * 24 - (16 + 36 + 36 + 36 + 4)));
    assert.equal(value(result.alpha).toFixed(3), '0.692');
  });

  it('when the data are Krippendorff (2011) example C (four observers, missing values), then alpha = 0.743', () => {
    // Observers A to D (rows) by units 1 to 12; undefined where the observer gave no value.
    const rows = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, undefined, undefined, undefined],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, undefined, 3],
      [undefined, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, undefined],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, undefined],
    ];
    const units = rows[0]!.map((_, u) => rows.map((row) => (row[u] === undefined ? undefined : String(row[u]))));
    const result = krippendorffAlphaNominal(units);
    // Unit 12 has one value (not pairable): n = 40 pairable values.
    assert.equal(result.pairable, 40);
    assert.equal(value(result.alpha).toFixed(3), '0.743');
  });

  it("when the data are Wikipedia's computational example (three coders, 15 units, missing values), then alpha = 0.691", () => {
    // Wikipedia, "Krippendorff's alpha", section "A computational example"; "*" = no value.
    const rows = ['* * * * * 3 4 1 2 1 1 3 3 * 3', '1 * 2 1 3 3 4 3 * * * * * * *', '* * 2 1 3 4 4 * 2 1 1 3 3 * 4'].map((row) => row.split(' ').map((v) => (v === '*' ? undefined : v)));
    const units = rows[0]!.map((_, u) => rows.map((row) => row[u]));
    assert.equal(value(krippendorffAlphaNominal(units).alpha).toFixed(3), '0.691');
  });

  it('when the same three-value table as kappa is used, then alpha follows from the coincidences written out', () => {
    // o_xx 8, o_yy 6, o_zz 2, o_xy = o_yx = 1, o_yz = o_zy = 1; n_x 9, n_y 8, n_z 3, n = 20.
    const result = twoCoderAlpha(pairs('xxxxyyyxyz', 'xxxxyyyyzz'));
    close(result.observedDisagreement, 4 / 20);
    close(result.expectedDisagreement, (400 - (81 + 64 + 9)) / (20 * 19));
    close(value(result.alpha), 1 - (19 * 4) / (400 - 154));
  });

  it('when every pairable value is the same, then alpha is undefined and says why; with no pairable unit too', () => {
    const same = twoCoderAlpha(pairs('xxx', 'xxx'));
    assert.equal(same.alpha.defined, false);
    assert.match(same.alpha.defined ? '' : same.alpha.reason, /every pairable value is the same \(x\)/);
    const lonely = krippendorffAlphaNominal([['x', undefined], [undefined, 'y']]);
    assert.equal(lonely.pairable, 0);
    assert.equal(lonely.alpha.defined, false);
  });

  it('when two coders code every unit, then the two-coder table and the general form agree, and swapping coders changes nothing', () => {
    const values = fc.constantFrom('p', 'q', 'r', NO_CODE);
    fc.assert(
      fc.property(fc.array(fc.tuple(values, values), { minLength: 1, maxLength: 40 }), (units) => {
        const table = PairTable.of(units);
        const swapped = PairTable.of(units.map(([a, b]) => [b, a] as const));
        const fromTable = twoCoderAlpha(table).alpha;
        const general = krippendorffAlphaNominal(units.map(([a, b]) => [a, b]));
        assert.equal(fromTable.defined, general.alpha.defined);
        if (fromTable.defined && general.alpha.defined) close(fromTable.value, general.alpha.value);
        const kappa = cohenKappa(table).kappa;
        const kappaSwapped = cohenKappa(swapped).kappa;
        assert.equal(kappa.defined, kappaSwapped.defined);
        if (kappa.defined && kappaSwapped.defined) {
          close(kappa.value, kappaSwapped.value);
          assert.ok(kappa.value <= 1 + 1e-12 && kappa.value >= -1 - 1e-12);
        }
      }),
    );
  });
});

/** A unit's codes from "q:p; q:r". */
const codes = (text: string): UnitCode[] => text.split(';').flatMap((part) => parseCode(part) ?? []);

describe('two coders compared question by question', () => {
  // u2 has two positions for A; u4 is coded by B only; u5 takes the question without a position.
  const units = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
  const a = new Map(Object.entries({ u1: codes('q:p'), u2: codes('q:r; q:p'), u3: codes('q:r'), u4: [], u5: codes('q'), u6: codes('other:x') }));
  const b = new Map(Object.entries({ u1: codes('q:p'), u2: codes('q:p'), u3: codes('q:p'), u4: codes('q:r'), u5: codes('q'), u6: codes('other:x') }));
  const [q, other] = compareCoders({ units, a, b }, ['q', 'other']);

  it('when a unit has several positions, then its set is one value: kappa and alpha by hand', () => {
    assert.equal(q?.question, 'q');
    assert.equal(q.units, 6);
    assert.equal(q.codedByBoth, 4);
    assert.equal(q.codedByAOnly, 0);
    assert.equal(q.codedByBOnly, 1);
    assert.equal(q.severalPositions, 1);
    // Agree on u1, u5, u6 (no code from either): p_o = 3/6.
    close(q.kappa.observed, 0.5);
    // A: q:p 1, "q:p; q:r" 1, q:r 1, none 2, q 1; B: q:p 3, q:r 1, none 1, q 1.
    close(q.kappa.expected, (1 * 3 + 1 * 1 + 2 * 1 + 1 * 1) / 36);
    close(value(q.kappa.kappa), (0.5 - 7 / 36) / (1 - 7 / 36));
    close(value(q.kappa.kappa), 11 / 29);
    // n = 12; totals q:p 4, the pair 1, q:r 2, none 3, q 2; three units differ.
    close(value(q.alpha.alpha), 1 - (11 * 6) / (144 - (16 + 1 + 4 + 9 + 4)));
    close(value(q.alpha.alpha), 0.4);
    assert.deepEqual(q.disagreements, [
      { unit: 'u2', a: ['q:p', 'q:r'], b: ['q:p'] },
      { unit: 'u3', a: ['q:r'], b: ['q:p'] },
      { unit: 'u4', a: [], b: ['q:r'] },
    ]);
  });

  it('when positions are taken one by one, then each is a present/absent decision over every unit', () => {
    assert.deepEqual(
      q?.positions.map((p) => [p.code, p.codedByA, p.codedByB, p.codedByBoth]),
      [
        ['q', 1, 1, 1],
        ['q:p', 2, 3, 2],
        ['q:r', 2, 1, 0],
      ],
    );
    const [bare, p, r] = q?.positions ?? [];
    // q:p: present-present 2, absent-present 1, absent-absent 3: p_o 5/6, p_e (2·3 + 4·3)/36.
    close(value(p!.kappa.kappa), (5 / 6 - 0.5) / 0.5);
    close(value(p!.alpha.alpha), 1 - (11 * 2) / (144 - (25 + 49)));
    // q:r: present-absent 2, absent-present 1, absent-absent 3: p_o 3/6, p_e (2·1 + 4·5)/36.
    close(value(r!.kappa.kappa), (0.5 - 22 / 36) / (1 - 22 / 36));
    close(value(r!.alpha.alpha), 1 - (11 * 6) / (144 - (9 + 81)));
    close(value(bare!.kappa.kappa), 1);
    close(value(q!.meanPositionKappa), (1 + 2 / 3 - 2 / 7) / 3);
    close(value(q!.meanPositionAlpha), (1 + 48 / 70 - 2 / 9) / 3);
  });

  it('when both coders agree on every unit of a question and use one code, then kappa is 1 on the question and undefined nowhere', () => {
    assert.equal(other?.question, 'other');
    // u6 other:x for both, the five others no code for both: two values, perfect agreement.
    close(value(other!.kappa.kappa), 1);
    close(value(other!.alpha.alpha), 1);
    assert.deepEqual(other!.disagreements, []);
  });

  it('when every unit has the same code from both coders, then the question has no defined kappa or alpha, with the reason', () => {
    const all = new Map(units.map((u) => [u, codes('q:p')]));
    const [only] = compareCoders({ units, a: all, b: all });
    assert.equal(only?.kappa.kappa.defined, false);
    assert.equal(only?.alpha.alpha.defined, false);
    assert.equal(only?.meanPositionKappa.defined, false);
    assert.match(only?.meanPositionKappa.defined ? '' : (only?.meanPositionKappa.reason ?? ''), /no position has a defined kappa/);
  });

  it('when codes are typed in another order or a bare question sits beside a position, then the value is the same', () => {
    assert.deepEqual(codesOn(codes('q:r; q:p; q'), 'q'), ['q:p', 'q:r']);
    assert.deepEqual(codesOn(codes('q; other:x'), 'q'), ['q']);
    assert.deepEqual(codesOn(codes('other:x'), 'q'), []);
  });

  it('when questions are not in the given order, then the corpus order comes first and the rest by id', () => {
    const x = new Map([['u1', codes('zeta:a; alpha:b; mid:c')]]);
    assert.deepEqual(
      compareCoders({ units: ['u1'], a: x, b: new Map() }, ['mid']).map((r) => r.question),
      ['mid', 'alpha', 'zeta'],
    );
  });
});
