// The coding sheet round trip, end to end, with the real commands on a copy of the bundled corpus:
// export a sheet, fill a copy as a coder would in a spreadsheet, import it, validate, and see the
// new codes on the site (HTTP, real app on port 0). Every kind of bad sheet is refused with its
// file:line, and writes nothing. The filled sheet's import and the validation run as child
// processes; the export and the refused sheets run the same commands in this process
// (tests/helpers/run-cli.ts), without a new Node and tsx each.

import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { CODING_SHEET_COLUMNS, rewriteCodes } from '../../server/io/coding-sheet.ts';
import { copyCorpus, runCli, snapshotFolder, spawnScript } from '../helpers/run-cli.ts';
import { BUNDLED_DATA_DIR, startApp } from '../helpers/start-app.ts';

/** The script in this process: same arguments, output and exit code. */
const runScript = runCli;

const scratch: string[] = [];
after(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function workspace(): Promise<{ data: string; dir: string }> {
  const { data, dir } = await copyCorpus(BUNDLED_DATA_DIR, 'contrepoint-coding-sheet-');
  scratch.push(dir);
  return { data, dir };
}

type Sheet = string[][];

function readSheet(text: string): Sheet {
  return parse(text, { bom: true }) as Sheet;
}

/** Fills the sheet as a coder would: `add`/`remove` cells of named units. */
function fill(sheet: Sheet, edits: Record<string, { add?: string; remove?: string }>): string {
  const header = sheet[0] as string[];
  const [idAt, addAt, removeAt] = ['id', 'add', 'remove'].map((c) => header.indexOf(c));
  const rows = sheet.map((row, i) => {
    if (i === 0) return row;
    const edit = edits[row[idAt as number] as string];
    if (!edit) return row;
    const copy = [...row];
    if (edit.add !== undefined) copy[addAt as number] = edit.add;
    if (edit.remove !== undefined) copy[removeAt as number] = edit.remove;
    return copy;
  });
  return stringify(rows);
}

describe('the coding sheet round trip', () => {
  let data: string;
  let dir: string;
  let sheet: Sheet;

  before(async () => {
    ({ data, dir } = await workspace());
    const out = path.join(dir, 'sheet.csv');
    const run = await runScript('export', ['--format', 'coding-sheet', '--debate', 'narocast-0-community-management', '--data', data, '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    sheet = readSheet(await readFile(out, 'utf8'));
  });

  it('when exported, then the sheet has one row per unit with its existing codes and empty columns to fill', async () => {
    assert.deepEqual(sheet[0], [...CODING_SHEET_COLUMNS]);
    const { corpus } = await loadValidCorpus(data);
    assert.equal(sheet.length - 1, corpus.units.length);
    const row = sheet.find((r) => r[0] === 'seb-internaliser');
    assert.deepEqual(row?.slice(0, 4), ['seb-internaliser', 'narocast-0-community-management', 'sebastien-robin', 'Sébastien Robin']);
    assert.match(row?.[4] ?? '', /^La fonction devrait être internalisée/);
    assert.equal(row?.[5], 'internalisation:interne; appartenance:interne');
    assert.match(row?.[6] ?? '', /Internalisé dans l'entreprise; À qui appartient le community management \? → À l'entreprise elle-même/);
    assert.deepEqual(row?.slice(7), ['', '', '']);
  });

  it('when a filled copy is imported, then the codes change as asked, the corpus validates and the site shows them', async () => {
    const filled = path.join(dir, 'filled.csv');
    await writeFile(
      filled,
      fill(sheet, {
        // Additions (a position and a question alone) and a removal, the first code included.
        'sandra-offline': { add: 'appartenance:relations-publiques; strategie' },
        'seb-propos-initial': { remove: 'nouveau-nom:ancien-metier', add: 'nouveau-nom:effet-de-mode' },
        'genaro-definitions': { add: 'poste-ou-competence' },
      }),
    );
    const before = await readFile(path.join(data, 'debates/narocast-0-community-management.md'), 'utf8');
    const run = await spawnScript('import', ['--format', 'codes', filled, '--data', data]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /sandra-offline: \+appartenance:relations-publiques \+strategie/);
    assert.match(run.stdout, /seb-propos-initial: \+nouveau-nom:effet-de-mode -nouveau-nom:ancien-metier/);
    assert.match(run.stdout, /24 rows read: 3 units changed, 4 codes added, 1 codes removed, in 1 debate files/);

    const validate = await spawnScript('validate', ['--data', data]);
    assert.equal(validate.code, 0, validate.stdout + validate.stderr);
    const { corpus } = await loadValidCorpus(data);
    const unit = (id: string) => corpus.units.find((u) => u.id === id);
    assert.deepEqual(unit('sandra-offline')?.codes, [
      { question: 'nature-du-travail', position: 'offline-et-online' },
      { question: 'appartenance', position: 'relations-publiques' },
      { question: 'strategie' },
    ]);
    assert.deepEqual(unit('seb-propos-initial')?.codes, [{ question: 'nouveau-nom', position: 'effet-de-mode' }]);
    assert.equal(unit('seb-propos-initial')?.position, 'effet-de-mode');

    // Only the code lines of the three units changed: every other line is as it was.
    const after = await readFile(path.join(data, 'debates/narocast-0-community-management.md'), 'utf8');
    const expected = before
      .replace('## sandra-offline\n- speaker: sandra\n- kind: argument\n- question: nature-du-travail\n- position: offline-et-online\n', (m) => `${m}- code: appartenance:relations-publiques\n- code: strategie\n`)
      .replace('- question: nouveau-nom\n- position: ancien-metier\n', '- question: nouveau-nom\n- position: effet-de-mode\n')
      .replace('## genaro-definitions\n- speaker: genaro\n- kind: author-view\n', (m) => `${m}- question: poste-ou-competence\n`);
    assert.notEqual(expected, before);
    assert.equal(after, expected);

    const app = await startApp({ dataDir: data });
    try {
      const search = (await (await fetch(`${app.baseUrl}/api/search?position=${encodeURIComponent('appartenance:relations-publiques')}`)).json()) as { hits: { id: string }[] };
      assert.deepEqual(search.hits.map((h) => h.id).sort(), ['sandra-offline', 'sandra-proche-rp']);
      const compare = (await (await fetch(`${app.baseUrl}/api/compare?question=appartenance&speaker=sandra&speaker=genaro`)).json()) as {
        columns: { speaker: string; positions: { position: string; units: { id: string }[] }[] }[];
      };
      const rp = compare.columns.find((c) => c.speaker === 'sandra')?.positions.find((p) => p.position === 'appartenance:relations-publiques');
      assert.deepEqual(rp?.units.map((u) => u.id), ['sandra-proche-rp', 'sandra-offline']);
      const page = await (await fetch(`${app.baseUrl}/debates/narocast-0-community-management`)).text();
      const card = page.slice(page.indexOf('data-unit="sandra-offline"'));
      assert.match(card.slice(0, card.indexOf('</header>')), /Aux relations publiques/);
    } finally {
      await app.close();
    }
  });

  describe('bad sheets', () => {
    const cases: { name: string; edit: (sheet: Sheet) => string; message: RegExp }[] = [
      {
        name: 'an unknown unit',
        edit: (s) => stringify([...s, ['no-such-unit', '', '', '', '', '', '', 'strategie', '', '']]),
        message: /sheet\.csv:\d+: unknown unit "no-such-unit"/,
      },
      { name: 'an unknown question', edit: (s) => fill(s, { 'sandra-offline': { add: 'nowhere:x' } }), message: /sheet\.csv:\d+: add "nowhere:x": unknown question "nowhere"/ },
      {
        name: 'an unknown position',
        edit: (s) => fill(s, { 'sandra-offline': { add: 'appartenance:partout' } }),
        message: /sheet\.csv:\d+: add "appartenance:partout": unknown position "partout" of question "appartenance" \(its positions: communication, /,
      },
      { name: 'a malformed code', edit: (s) => fill(s, { 'sandra-offline': { add: 'appartenance:' } }), message: /sheet\.csv:\d+: add: "appartenance:" is not a code/ },
      { name: 'the removal of a code the unit lacks', edit: (s) => fill(s, { 'sandra-offline': { remove: 'strategie' } }), message: /sheet\.csv:\d+: remove "strategie": unit "sandra-offline" has no such code/ },
      {
        name: 'a unit twice',
        edit: (s) => stringify([...s, [...(s.find((r) => r[0] === 'sandra-offline') as string[])]]),
        message: /sheet\.csv:\d+: unit "sandra-offline" is already on line \d+/,
      },
      {
        name: 'a stale codes column',
        edit: (s) => stringify(s.map((r) => (r[0] === 'sandra-offline' ? r.map((c, i) => (i === 5 ? 'strategie' : c)) : r))),
        message: /sheet\.csv:\d+: the codes column of unit "sandra-offline" \(strategie\) is not what the corpus has/,
      },
      { name: 'no id column', edit: (s) => stringify(s.map((r) => r.slice(1))), message: /sheet\.csv:1: the sheet has no "id" column/ },
    ];
    for (const { name, edit, message } of cases) {
      it(`when the sheet has ${name}, then the import is refused naming the line, and nothing is written`, async () => {
        const { data: fresh, dir: freshDir } = await workspace();
        const file = path.join(freshDir, 'sheet.csv');
        // A good edit on another row: nothing at all is applied when any row is bad.
        const good = readSheet(fill(sheet, { 'genaro-definitions': { add: 'poste-ou-competence' } }));
        await writeFile(file, edit(good));
        const state = await snapshotFolder(fresh);
        const run = await runScript('import', ['--format', 'codes', file, '--data', fresh]);
        assert.equal(run.code, 1, run.stdout);
        assert.match(run.stderr, /Nothing was imported/);
        assert.match(run.stderr, message);
        assert.deepEqual(await snapshotFolder(fresh), state);
      });
    }
  });

  it('when the code lines of a unit are rewritten, then a unit without codes gets them after its kind', () => {
    const text = '---\nslug: d\n---\n\n## a\n- speaker: s\n- kind: turn\n- reply-to: b\n\nText.\n';
    const out = rewriteCodes(text, 'd.md', new Map([['a', [{ question: 'q', position: 'p' }, { question: 'r' }]]]));
    assert.equal(out, '---\nslug: d\n---\n\n## a\n- speaker: s\n- kind: turn\n- question: q\n- position: p\n- code: r\n- reply-to: b\n\nText.\n');
  });
});

describe('a debate without a date', () => {
  it('when its front matter has no date, then it validates and its pages show no empty date', async () => {
    const { data } = await workspace();
    const file = path.join(data, 'debates/narocast-0-community-management.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('date: 2010-07\n', ''));
    const { corpus } = await loadValidCorpus(data);
    assert.equal(corpus.debates[0]?.date, '');
    const app = await startApp({ dataDir: data });
    try {
      const list = await (await fetch(`${app.baseUrl}/debates`)).text();
      assert.match(list, /<p class="meta">vidéo · /i);
      const page = await (await fetch(`${app.baseUrl}/debates/narocast-0-community-management`)).text();
      assert.doesNotMatch(page, /<time datetime="">/);
    } finally {
      await app.close();
    }
  });
});
