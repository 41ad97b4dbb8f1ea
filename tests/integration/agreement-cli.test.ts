// `npm run agreement` end to end: two coders' sheets made by the real exporter (npm run export --
// --format coding-sheet) on the bundled corpus, then filled as each coder would in a spreadsheet;
// the figures printed for a question are checked against kappa and alpha computed by hand here,
// the disagreements against the CSV written. Every kind of sheet that cannot be compared is refused
// with its file:line. The runs go through the script's entry function in this process
// (tests/helpers/run-cli.ts); one spawns the real script for its exit code and streams.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { DISAGREEMENT_COLUMNS } from '../../server/io/coder-sheet.ts';
import { runCli, spawnScript } from '../helpers/run-cli.ts';
import { BUNDLED_DATA_DIR } from '../helpers/start-app.ts';

type Sheet = string[][];

let dir: string;
let sheet: Sheet;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-agreement-'));
  const out = path.join(dir, 'sheet.csv');
  const run = await runCli('export', ['--format', 'coding-sheet', '--debate', 'narocast-0-community-management', '--data', BUNDLED_DATA_DIR, '--out', out]);
  assert.equal(run.code, 0, run.stderr);
  sheet = parse(await readFile(out, 'utf8'), { bom: true }) as Sheet;
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A copy of the exported sheet filled as a coder would: `add`/`remove` cells of named units; rows dropped or edited by `transform`. */
async function filled(name: string, edits: Record<string, { add?: string; remove?: string }>, transform: (rows: Sheet) => Sheet = (rows) => rows): Promise<string> {
  const header = sheet[0] as string[];
  const [idAt, addAt, removeAt] = ['id', 'add', 'remove'].map((c) => header.indexOf(c)) as [number, number, number];
  const rows = sheet.map((row, i) => {
    const edit = i === 0 ? undefined : edits[row[idAt] as string];
    if (!edit) return row;
    const copy = [...row];
    if (edit.add !== undefined) copy[addAt] = edit.add;
    if (edit.remove !== undefined) copy[removeAt] = edit.remove;
    return copy;
  });
  const file = path.join(dir, name);
  await writeFile(file, `\uFEFF${stringify(transform(rows), { record_delimiter: 'windows' })}`);
  return file;
}

/** The line each row of a CSV file starts on (texts may hold line breaks), by its first cell. */
async function startLines(file: string): Promise<{ line: number; id: string }[]> {
  const records = parse(await readFile(file, 'utf8'), { bom: true, info: true, relax_column_count: true }) as unknown as { record: string[]; info: { lines: number } }[];
  let previousEnd = 0;
  return records.map(({ record, info }) => {
    const start = previousEnd + 1;
    previousEnd = info.lines;
    return { line: start, id: record[0] ?? '' };
  });
}

const agreement = (args: string[]) => runCli('agreement', [...args, '--data', BUNDLED_DATA_DIR]);

describe('the sheets the coders fill', () => {
  it('when a unit text holds a line break, then the exported sheet quotes it, so a spreadsheet reads one row per unit', async () => {
    const text = await readFile(path.join(dir, 'sheet.csv'), 'utf8');
    // A reader that ends a row at any line break outside quotes (spreadsheets, Python's csv).
    const strict = parse(text, { bom: true, record_delimiter: ['\r\n', '\n'], relax_column_count: true }) as Sheet;
    assert.equal(strict.length, sheet.length);
    assert.ok(sheet.some((row) => /\n/.test(row[4] ?? '')), 'the bundled debate has a unit text with a line break');
  });
});

describe('npm run agreement on two filled sheets', () => {
  // The bundled debate has 24 units; three take stagiaire:non (seb-pas-stagiaire,
  // comment-yvain-stagiaire, comment-seb-webmaster-2-0). Coder A adds it to sandra-offline; coder B
  // removes it from comment-seb-webmaster-2-0 and gives genaro-qualites-du-debat stagiaire:oui.
  let a: string;
  let b: string;
  before(async () => {
    a = await filled('coder-a.csv', { 'sandra-offline': { add: 'stagiaire:non' } });
    b = await filled('coder-b.csv', { 'comment-seb-webmaster-2-0': { remove: 'stagiaire:non' }, 'genaro-qualites-du-debat': { add: 'stagiaire:oui' } });
  });

  it('when the coders differ on one question, then its kappa and alpha are those computed by hand, and the other questions agree', async () => {
    const run = await agreement([a, b]);
    assert.equal(run.code, 0, run.stderr);
    // Pairs over the 24 units: non-non 2, non-none 2 (comment-seb-webmaster-2-0, sandra-offline),
    // none-oui 1, none-none 19. p_o = 21/24. A: non 4, none 20; B: non 2, oui 1, none 21.
    const po = 21 / 24;
    const pe = (4 * 2 + 20 * 21) / (24 * 24);
    const kappa = (po - pe) / (1 - pe);
    // Coincidences: n = 48; non 6, none 41, oui 1; three units differ (6 mismatched pairs).
    const alpha = 1 - (47 * 6) / (48 * 48 - (36 + 41 * 41 + 1));
    assert.equal(kappa.toFixed(3), '0.514');
    assert.equal(alpha.toFixed(3), '0.519');
    const row = run.stdout.split('\n').find((line) => line.startsWith('stagiaire '));
    // question, units, both coded, A only, B only, agreement, kappa, alpha, several positions
    assert.deepEqual(row?.trim().split(/\s+/), ['stagiaire', '24', '2', '2', '1', `${(po * 100).toFixed(1)}%`, kappa.toFixed(3), alpha.toFixed(3), '0']);
    const nouveauNom = run.stdout.split('\n').find((line) => line.startsWith('nouveau-nom '));
    assert.deepEqual(nouveauNom?.trim().split(/\s+/).slice(5, 8), ['100.0%', '1.000', '1.000']);
    assert.match(run.stdout, /On each question, a unit's value is the set of its codes on that question, compared whole/);
    // Per position: stagiaire:non is present for A on 4 units, for B on 2, both 2.
    assert.match(run.stdout, /\n {2}stagiaire:non +4 +2 +2 +91\.7% /);
    assert.match(run.stdout, /\n {2}stagiaire:oui +0 +1 +0 +95\.8% +0\.000 /);
    assert.match(run.stdout, /Units with codes already when the sheets were exported \(codes column\): 20 on A, 20 on B/);
    assert.match(run.stdout, /Disagreements \(3, all in .*coder-a-vs-coder-b-disagreements\.csv\):/);
    assert.match(run.stdout, /genaro-qualites-du-debat +A: \(no code\) +B: stagiaire:oui/);
    assert.match(run.stderr, /wrote .*coder-a-vs-coder-b-disagreements\.csv \(3 disagreements to settle\)/);
  });

  it('when the run ends, then the disagreements CSV beside sheet A lists each unit and question to settle, in sheet order', async () => {
    const run = await agreement([a, b]);
    assert.equal(run.code, 0, run.stderr);
    const rows = parse(await readFile(path.join(dir, 'coder-a-vs-coder-b-disagreements.csv'), 'utf8'), { bom: true }) as Sheet;
    assert.deepEqual(rows[0], [...DISAGREEMENT_COLUMNS]);
    const order = sheet.slice(1).map((r) => r[0]);
    const units = rows.slice(1).map((r) => r[0] as string);
    assert.deepEqual(units, [...units].sort((x, y) => order.indexOf(x) - order.indexOf(y)));
    const byUnit = new Map(rows.slice(1).map((r) => [r[0], r]));
    assert.deepEqual(byUnit.get('sandra-offline')?.slice(5), ['stagiaire', 'stagiaire:non', '', '', '']);
    assert.deepEqual(byUnit.get('comment-seb-webmaster-2-0')?.slice(5), ['stagiaire', 'stagiaire:non', '', '', '']);
    assert.deepEqual(byUnit.get('genaro-qualites-du-debat')?.slice(5), ['stagiaire', '', 'stagiaire:oui', '', '']);
    assert.match(byUnit.get('sandra-offline')?.[4] ?? '', /offline/);
    assert.equal(rows.length, 4);
  });

  it('when --json and --out are given, then the figures are JSON and the CSV goes where asked', async () => {
    const out = path.join(dir, 'elsewhere.csv');
    const run = await agreement([a, b, '--json', '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { units: number; disagreementsFile: string; questions: { question: string; kappa: { kappa: { defined: boolean; value: number } }; disagreements: unknown[] }[] };
    assert.equal(json.units, 24);
    assert.equal(json.disagreementsFile, out);
    const stagiaire = json.questions.find((q) => q.question === 'stagiaire');
    assert.equal(stagiaire?.kappa.kappa.value.toFixed(3), '0.514');
    assert.equal(stagiaire?.disagreements.length, 3);
    assert.match(await readFile(out, 'utf8'), /genaro-qualites-du-debat/);
  });

  it('when one coder gives a unit a second position, then the question counts it and the position table shows the partial agreement', async () => {
    const c = await filled('coder-c.csv', { 'seb-propos-initial': { add: 'nouveau-nom:effet-de-mode' } });
    const run = await agreement([a, c, '--show', '0']);
    assert.equal(run.code, 0, run.stderr);
    const row = run.stdout.split('\n').find((line) => line.startsWith('nouveau-nom '));
    assert.equal(row?.trim().split(/\s+/).at(-1), '1');
    // nouveau-nom:ancien-metier is on seb-propos-initial for both: that position agrees fully.
    assert.match(run.stdout, /\n {2}nouveau-nom:ancien-metier +1 +1 +1 +100\.0% +1\.000 +1\.000/);
    assert.match(run.stdout, / {2}nouveau-nom \(1\):\n {4}… and 1 more in the CSV/);
  });
});

describe('npm run agreement refuses sheets it cannot compare', () => {
  it('when the sheets do not cover the same units, then it names the file, line and id of each missing unit and exits 1', async () => {
    const a = await filled('full.csv', {});
    const b = await filled('short.csv', {}, (rows) => rows.filter((r) => r[0] !== 'sandra-offline' && r[0] !== 'seb-ecoute'));
    const line = (await startLines(a)).find((l) => l.id === 'sandra-offline')?.line;
    const run = await agreement([a, b]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /The coding sheets cannot be compared:/);
    assert.match(run.stderr, /full\.csv has 24 units and .*short\.csv 22: 2 are not on the second sheet and 0 not on the first/);
    assert.ok(run.stderr.includes(`full.csv:${line}: unit "sandra-offline" is not on ${b}`), run.stderr);
    assert.match(run.stderr, /unit "seb-ecoute" is not on/);
  });

  it('when a sheet has a bad, unknown or impossible code, an unknown, repeated or missing unit id, then every problem is listed with its file:line', async () => {
    const b = await filled(
      'bad.csv',
      {
        'sandra-offline': { add: 'stagiaire:peut-etre' },
        'seb-ecoute': { add: 'pas une question:' },
        'seb-strategie': { remove: 'stagiaire:non' },
        'sandra-faire-reagir': { add: 'stagiaire:non', remove: 'stagiaire:non' },
      },
      (rows) => [...rows, ['Yvain', '', '', '', 'a row a spreadsheet cut in two'], rows[2] as string[], ['', 'narocast-0-community-management']],
    );
    const lines = await startLines(b);
    const at = (id: string): number => lines.find((l) => l.id === id)?.line ?? -1;
    const [cut, duplicate, noId] = lines.slice(-3);
    const run = await agreement([await filled('ok.csv', {}), b]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`bad\\.csv:${at('sandra-offline')}: add "stagiaire:peut-etre": unknown position "peut-etre" of question "stagiaire"`));
    assert.match(run.stderr, new RegExp(`bad\\.csv:${at('seb-ecoute')}: add: "pas une question:" is not a code`));
    assert.match(run.stderr, new RegExp(`bad\\.csv:${at('seb-strategie')}: remove "stagiaire:non": unit "seb-strategie" has no such code`));
    assert.match(run.stderr, new RegExp(`bad\\.csv:${at('sandra-faire-reagir')}: "stagiaire:non" is both added and removed`));
    assert.match(run.stderr, new RegExp(`bad\\.csv:${cut?.line}: unknown unit "Yvain": the corpus has no unit with this id`));
    assert.match(run.stderr, new RegExp(`bad\\.csv:${duplicate?.line}: unit "${sheet[2]?.[0]}" is already on line 3`));
    assert.match(run.stderr, new RegExp(`bad\\.csv:${noId?.line}: the row has no unit id`));
  });

  it('when a file is not a coding sheet or does not exist, then it says so; both sheets are checked in one run', async () => {
    const other = path.join(dir, 'other.csv');
    await writeFile(other, 'name,score\nx,1\n');
    const run = await agreement([other, path.join(dir, 'missing.csv')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /other\.csv:1: the sheet has no "id" column \(columns: name, score\)/);
    assert.match(run.stderr, /other\.csv:1: the sheet has none of the columns codes, add, remove/);
    assert.match(run.stderr, /missing\.csv: cannot read the file \(ENOENT\)/);
  });

  it('when the disagreements cannot be written where asked, then it says so and exits 1', async () => {
    const a = await filled('w.csv', {});
    const run = await agreement([a, a, '--out', path.join(dir, 'no-such-folder', 'out.csv')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^cannot write the disagreements to .*no-such-folder.*out\.csv \(ENOENT\): name another file with --out/);
  });

  it('when one sheet or an unknown option is given, then the usage is printed and the exit code is 2', async () => {
    const one = await agreement([path.join(dir, 'x.csv')]);
    assert.equal(one.code, 2);
    assert.match(one.stderr, /give two coding sheets, SHEET_A and SHEET_B \(got 1 file\)/);
    assert.match(one.stderr, /Usage: npm run agreement -- SHEET_A SHEET_B/);
    const bad = await agreement(['a.csv', 'b.csv', '--show', 'many']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--show needs a whole number/);
  });

  it('when run as a real process, then figures go to stdout, the CSV note to stderr, and a bad sheet exits 1', async () => {
    const a = await filled('proc-a.csv', { 'sandra-offline': { add: 'stagiaire:non' } });
    const b = await filled('proc-b.csv', {});
    const ok = await spawnScript('agreement', [a, b, '--data', BUNDLED_DATA_DIR]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^Agreement between two coders on 24 units/);
    assert.match(ok.stdout, /Disagreements \(1, /);
    assert.match(ok.stderr, /wrote .*proc-a-vs-proc-b-disagreements\.csv \(1 disagreement to settle\)/);
    const short = await filled('proc-short.csv', {}, (rows) => rows.slice(0, -1));
    const refused = await spawnScript('agreement', [a, short, '--data', BUNDLED_DATA_DIR]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /is not on .*proc-short\.csv/);
    assert.equal(refused.stdout, '');
  });
});
