// The who-holds-what grid and the compare page model: counts from each unit's codes (a unit coded
// under several positions counts under each), positions nobody took set apart, quotes a few per
// cell with the rest on the cell's own pages, rows of quotes paginated.

import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { CorpusIndex } from '../../server/corpus/model.ts';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { CELL_PAGE_SIZE, CELL_PREVIEW, FORM_SPEAKERS, ROWS_PER_PAGE, compareForm, compareModel } from '../../server/routes/page-models/compare.ts';
import { labelsFor, localText } from '../../server/routes/page-models/shared.ts';
import type { CompareResponse, PositionGroup } from '../../server/services/compare-service.ts';
import { countOf, countPositions, positionKeys, unitCodes } from '../../server/services/position-grid.ts';
import type { UnitHit } from '../../server/services/search-service.ts';
import { ROOT_DIR } from '../helpers/start-app.ts';

let index: CorpusIndex;
before(async () => {
  ({ index } = await loadValidCorpus(path.join(ROOT_DIR, 'data')));
});

function hit(id: string, speaker: string, position: string | null): UnitHit {
  const question = position?.split(':')[0] ?? null;
  const codes = question === null ? [] : [{ question, position, positionLabel: null }];
  return { id, debate: 'd', speaker, speakerName: speaker, question, position, positionLabel: null, codes, kind: 'argument', text: `text ${id}`, textTruncated: false, highlight: `text ${id}`, url: `/u/${id}`, debateTitle: 'D', date: '2010' };
}

describe('countPositions', () => {
  it('when a unit carries several codes, then it counts once under each distinct position, and a question filter keeps only its codes', () => {
    const units = [
      { speaker: 'a', codes: [{ question: 'q', position: 'q:x' }, { question: 'q', position: 'q:y' }, { question: 'r', position: 'r:z' }] },
      { speaker: 'a', codes: [{ question: 'q', position: 'q:x' }, { question: 'q', position: 'q:x' }] },
      { speaker: 'b', codes: [{ question: 'q', position: null }] },
    ];
    const all = countPositions(units);
    assert.equal(countOf(all, 'a', 'q:x'), 2);
    assert.equal(countOf(all, 'a', 'q:y'), 1);
    assert.equal(countOf(all, 'a', 'r:z'), 1);
    assert.equal(countOf(all, 'b', null), 1);
    assert.equal(countOf(all, 'b', 'q:x'), 0);
    const onQ = countPositions(units, 'q');
    assert.equal(countOf(onQ, 'a', 'r:z'), 0);
    assert.equal(countOf(onQ, 'a', 'q:x'), 2);
  });

  it('when a unit has one question and position, then unitCodes gives that one code; with none, one code with neither', () => {
    assert.deepEqual(unitCodes(hit('u', 'a', 'q:x')), [{ question: 'q', position: 'q:x' }]);
    assert.deepEqual(unitCodes({ codes: [] }), [{ question: null, position: null }]);
  });

  it('when a unit has several codes (issue 14), then unitCodes gives every one, in order, and the grid counts it under each', () => {
    const unit = { codes: [{ question: 'q', position: 'q:x', positionLabel: 'X' }, { question: 'r', position: null, positionLabel: null }, { question: 'q', position: 'q:y', positionLabel: 'Y' }] };
    assert.deepEqual(unitCodes(unit), [{ question: 'q', position: 'q:x' }, { question: 'r', position: null }, { question: 'q', position: 'q:y' }]);
    const all = countPositions([{ speaker: 'a', codes: unitCodes(unit) }]);
    assert.deepEqual([countOf(all, 'a', 'q:x'), countOf(all, 'a', 'q:y'), countOf(all, 'a', null)], [1, 1, 1]);
    assert.deepEqual(positionKeys(unitCodes(unit), 'r'), [null]);
  });

  it('when a unit is coded on a question both with and without a position, then it counts under the position only', () => {
    const codes = [{ question: 'q', position: null }, { question: 'q', position: 'q:x' }];
    assert.deepEqual(positionKeys(codes), ['q:x']);
    assert.deepEqual(positionKeys(codes, 'q'), ['q:x']);
    assert.equal(countOf(countPositions([{ speaker: 'a', codes }], 'q'), 'a', null), 0);
  });
});

function comparison(groups: Record<string, [string | null, number][]>, question: string | null): CompareResponse {
  return {
    question: question ? { id: question, title: question, titleEn: question } : null,
    query: '',
    columns: Object.entries(groups).map(([speaker, list]): CompareResponse['columns'][number] => {
      const positions: PositionGroup[] = list.map(([key, n]) => ({
        position: key,
        question: key?.split(':')[0] ?? question,
        label: key,
        labelEn: null,
        count: n,
        units: Array.from({ length: n }, (_, i) => hit(`${speaker}-${key ?? 'none'}-${i}`, speaker, key)),
      }));
      return { speaker, speakerName: speaker, total: list.reduce((t, [, n]) => t + n, 0), truncated: false, positions };
    }),
  };
}

describe('compareModel', () => {
  it('when a question is compared, then the grid lists taken positions with zeros, folds the untaken ones, and names the silent speaker', () => {
    const data = comparison(
      {
        'sebastien-robin': [['appartenance:relations-publiques', 0], ['appartenance:marketing', 0], ['appartenance:agence', 0]],
        sandra: [['appartenance:relations-publiques', 5], ['appartenance:marketing', 0], ['appartenance:agence', 0]],
        genaro: [['appartenance:relations-publiques', 0], ['appartenance:marketing', 1], ['appartenance:agence', 0]],
      },
      'appartenance',
    );
    const model = compareModel(data, labelsFor('fr', index), undefined, { request: { question: 'appartenance', speakers: ['sebastien-robin', 'sandra', 'genaro'] }, cell: undefined, page: 1 });
    assert.deepEqual(model.grid.map((r) => r.cells.map((c) => c.count)), [[0, 5, 0], [0, 0, 1]]);
    assert.deepEqual(model.untaken.map((u) => u.label), ['À une agence conseil']);
    assert.deepEqual(model.absentSpeakers, ['sebastien-robin ne s’exprime pas sur cette question.']);
    assert.deepEqual(model.quoteSpeakers.map((s) => s.id), ['sandra', 'genaro']);
    const sandra = model.rows[0]?.cells[0];
    assert.equal(sandra?.cards.length, CELL_PREVIEW);
    assert.equal(sandra?.moreHref, '/compare?question=appartenance&speaker=sebastien-robin&speaker=sandra&speaker=genaro&cell=sandra&position=appartenance%3Arelations-publiques');
    assert.equal(model.rows[1]?.cells[1]?.moreHref, null);
    assert.equal(model.grid[0]?.cells[1]?.href, '/compare?question=appartenance&speaker=sebastien-robin&speaker=sandra&speaker=genaro#position-appartenance-relations-publiques');
    assert.equal(model.grid[0]?.cells[0]?.href, null);
  });

  it('when a cell is opened, then its quotes are paginated with "n of N" and pages past the end show the last', () => {
    const data = comparison({ a: [['q:x', CELL_PAGE_SIZE + 5]], b: [['q:x', 1]] }, null);
    const state = { request: { speakers: ['a', 'b'] }, cell: { speaker: 'a', position: 'q:x' }, page: 2 };
    const model = compareModel(data, labelsFor('en', index), 'en', state);
    assert.equal(model.cell?.cards.length, 5);
    assert.equal(model.cell?.status, `Arguments ${CELL_PAGE_SIZE + 1} to ${CELL_PAGE_SIZE + 5} of ${CELL_PAGE_SIZE + 5}`);
    assert.equal(model.pagination?.pages, 2);
    assert.equal(model.pagination?.previousHref, '/compare?speaker=a&speaker=b&cell=a&position=q%3Ax&lang=en');
    assert.deepEqual(model.rows, []);
    const far = compareModel(data, labelsFor('en', index), 'en', { ...state, page: 99 });
    assert.equal(far.cell?.cards.length, 5);
  });

  it('when more positions were taken than a page holds, then the rows of quotes are paginated, and a count on the second page links there', () => {
    const many: [string, number][] = Array.from({ length: ROWS_PER_PAGE + 3 }, (_, i) => [`appartenance:p${i}`, 1]);
    const data = comparison({ a: many, b: [] }, 'appartenance');
    const state = { request: { question: 'appartenance', speakers: ['a', 'b'] }, cell: undefined, page: 2 };
    const model = compareModel(data, labelsFor('fr', index), undefined, state);
    assert.equal(model.gridBy, 'position');
    assert.equal(model.grid.length, ROWS_PER_PAGE + 3);
    assert.equal(model.rows.length, 3);
    assert.equal(model.rowsStatus, `Positions ${ROWS_PER_PAGE + 1} à ${ROWS_PER_PAGE + 3} sur ${ROWS_PER_PAGE + 3}`);
    assert.match(model.grid[ROWS_PER_PAGE]?.cells[0]?.href ?? '', /&page=2#position-appartenance-p10$/);
  });

  it('when no question is chosen, then the grid has one row per question (summing its positions), each leading to that question compared', () => {
    const data = comparison({ a: [['stagiaire:non', 2], ['stagiaire:oui', 1], ['appartenance:marketing', 4]], b: [['stagiaire:non', 1]] }, null);
    const model = compareModel(data, labelsFor('fr', index), undefined, { request: { speakers: ['a', 'b'] }, cell: undefined, page: 1 });
    assert.equal(model.gridBy, 'question');
    assert.deepEqual(
      model.grid.map((r) => [r.label, r.cells.map((c) => c.count), r.href]),
      [
        ['Le community management est-il un travail de stagiaire ?', [3, 1], '/compare?question=stagiaire&speaker=a&speaker=b'],
        ['À qui appartient le community management ?', [4, 0], '/compare?question=appartenance&speaker=a&speaker=b'],
      ],
    );
    // The quotes below still go position by position.
    assert.equal(model.rows.length, 3);
  });
});

describe('compareForm', () => {
  it('when the corpus has more speakers than the form offers, then the chosen and the most prolific get a box, and the rest a count', () => {
    const speakers = Array.from({ length: FORM_SPEAKERS + 10 }, (_, i) => ({ id: `s${String(i).padStart(2, '0')}`, name: `S${i}`, aliases: [], units: 1000 - i, debates: 1 }));
    const form = compareForm(labelsFor('fr', index), { speakers: ['s49', 's00'] }, speakers);
    assert.equal(form.allSpeakers.length, FORM_SPEAKERS + 1);
    assert.ok(form.allSpeakers.some((s) => s.id === 's49'), 'a chosen speaker keeps its box');
    assert.ok(!form.allSpeakers.some((s) => s.id === 's45'), 'a quiet speaker has none');
    assert.equal(form.moreSpeakers, 9);
  });
});

describe('localText', () => {
  it('when the page language has a text, then it is used; else the other one, with its language named', () => {
    assert.deepEqual(localText(labelsFor('fr', index), { fr: 'bonjour', en: 'hello' }), { text: 'bonjour', lang: 'fr', note: null });
    assert.deepEqual(localText(labelsFor('fr', index), { fr: '', en: 'hello' }), { text: 'hello', lang: 'en', note: '(en anglais)' });
    assert.deepEqual(localText(labelsFor('en', index), { fr: 'bonjour', en: null }), { text: 'bonjour', lang: 'fr', note: '(in French)' });
    assert.deepEqual(localText(labelsFor('fr', index), { de: 'hallo' }), { text: 'hallo', lang: 'de', note: '(en allemand)' });
    assert.equal(localText(labelsFor('fr', index), { fr: '', en: null }), null);
  });
});
