// Issue 11, findings 7, 10 and 11 for `npm run import` (on a copy of the fixture corpus, run in
// this process through the script's own entry function, and as a child process for Ctrl-C): encodings, control characters, --force against hand-written files, a too-long slug,
// Ctrl-C during an import, a third party's '=literal cell, and the stated row limit.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { MAX_IMPORT_ROWS } from '../../server/io/csv-import.ts';
import { copyCorpus, runCli, snapshotFolder, type CliRun } from '../helpers/run-cli.ts';
import { FIXTURE_DATA_DIR, ROOT_DIR } from '../helpers/start-app.ts';

/** `npm run import -- ARGS`, in this process: same arguments, output and exit code. */
function runImport(args: string[]): Promise<CliRun> {
  return runCli('import', args);
}

const scratch: string[] = [];
after(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function workspace(): Promise<{ data: string; dir: string }> {
  const { data, dir } = await copyCorpus(FIXTURE_DATA_DIR, 'contrepoint-import-hardening-');
  scratch.push(dir);
  return { data, dir };
}

const COMMON = ['--date', '2020', '--language', 'fr'];

describe('import: encodings and control characters (finding 7)', () => {
  it('when a CSV is Latin-1 and no encoding is declared, then the import fails naming the file and line, and writes nothing', async () => {
    const { data, dir } = await workspace();
    const input = path.join(dir, 'latin.csv');
    await writeFile(input, Buffer.from('text,topic\nUn avis,Politique\nCaf\xe9 cr\xe8me,D\xe9bat\n', 'latin1'));
    const before = await snapshotFolder(data);
    const run = await runImport(['--format', 'csv', input, '--data', data, ...COMMON]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /latin\.csv:3: the file is not valid UTF-8/);
    assert.deepEqual(await snapshotFolder(data), before);
  });

  it('when a Latin-1 CSV is imported with --encoding latin1, then the accents are read right', async () => {
    const { data, dir } = await workspace();
    const input = path.join(dir, 'latin.csv');
    await writeFile(input, Buffer.from('text,topic\nCaf\xe9 cr\xe8me,D\xe9bat\n', 'latin1'));
    const run = await runImport(['--format', 'csv', input, '--data', data, '--encoding', 'latin1', ...COMMON]);
    assert.equal(run.code, 0, run.stderr);
    const { corpus } = await loadValidCorpus(data);
    assert.ok(corpus.units.some((u) => u.text === 'Café crème'), 'the text was not decoded from Latin-1');
    assert.ok(corpus.questions.some((q) => q.id === 'debat' && q.title === 'Débat'), corpus.questions.map((q) => q.id).join(', '));
  });

  it('when a CSV holds NUL, BEL and a bidi override, then they are removed with a warning naming the lines', async () => {
    const { data, dir } = await workspace();
    const input = path.join(dir, 'controls.csv');
    await writeFile(input, 'text,topic\nun\u0000 avis,Politique\nun \u0007autre\u202E avis,Politique\n');
    const run = await runImport(['--format', 'csv', input, '--data', data, ...COMMON]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /warning: .*controls\.csv:2: removed 3 control character\(s\).*line\(s\) 2, 3/);
    const { corpus } = await loadValidCorpus(data);
    assert.ok(corpus.units.some((u) => u.text === 'un avis'));
    assert.ok(corpus.units.some((u) => u.text === 'un autre avis'));
  });
});

describe('import: --force and hand-written files (finding 10)', () => {
  it('when --force names the slug of a hand-written debate, then the import refuses and the debate is intact', async () => {
    const { data, dir } = await workspace();
    const input = path.join(dir, 'x.csv');
    await writeFile(input, 'text,topic\nUn avis,Politique\n');
    const before = await snapshotFolder(data);
    const run = await runImport(['--format', 'csv', input, '--data', data, '--slug', 'narocast-0', '--force', ...COMMON]);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stderr, /narocast-0\.md was not written by an import/);
    assert.deepEqual(await snapshotFolder(data), before);
  });

  it('when --force names the slug of an earlier import, then it is replaced as before', async () => {
    const { data, dir } = await workspace();
    const input = path.join(dir, 'x.csv');
    await writeFile(input, 'text,topic\nUn avis,Politique\n');
    assert.equal((await runImport(['--format', 'csv', input, '--data', data, '--slug', 'mine', ...COMMON])).code, 0);
    await writeFile(input, 'text,topic\nUn autre avis,Politique\n');
    const again = await runImport(['--format', 'csv', input, '--data', data, '--slug', 'mine', '--force', ...COMMON]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(await readFile(path.join(data, 'debates/mine.md'), 'utf8'), /Un autre avis/);
  });
});

describe('import: rough edges (finding 11)', () => {
  it('when --slug is 300 characters long, then the import says so clearly (no stack trace) and writes nothing', async () => {
    const { data, dir } = await workspace();
    const input = path.join(dir, 'x.csv');
    await writeFile(input, 'text,topic\nUn avis,Politique\n');
    const run = await runImport(['--format', 'csv', input, '--data', data, '--slug', 'a'.repeat(300), ...COMMON]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--slug is 300 characters long: at most 100/);
    assert.doesNotMatch(run.stderr, /ENAMETOOLONG|\n\s+at /);
  });

  it("when a third party's CSV cell is '=literal, then the apostrophe is kept", async () => {
    const { data, dir } = await workspace();
    const input = path.join(dir, 'formula.csv');
    await writeFile(input, "text,topic\n'=literal,Politique\n");
    const run = await runImport(['--format', 'csv', input, '--data', data, ...COMMON]);
    assert.equal(run.code, 0, run.stderr);
    const { corpus } = await loadValidCorpus(data);
    assert.ok(corpus.units.some((u) => u.text === "'=literal"), corpus.units.map((u) => u.text).join(' | '));
  });

  it(`when a CSV has more than ${MAX_IMPORT_ROWS} rows, then the import refuses it with the stated limit`, async () => {
    const { data, dir } = await workspace();
    const input = path.join(dir, 'huge.csv');
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 5 }, (_, i) => `avis ${i},Politique`);
    await writeFile(input, `text,topic\n${rows.join('\n')}\n`);
    const run = await runImport(['--format', 'csv', input, '--data', data, ...COMMON]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /huge\.csv: more than 200,000 rows, the most one import reads/);
  });

  it('when the import is interrupted with Ctrl-C (SIGINT), then its temporary copy of the corpus is removed and nothing is written', async () => {
    const { data, dir } = await workspace();
    const tmp = path.join(dir, 'tmp');
    await mkdir(tmp);
    // Enough rows that the import is still at work when the signal comes.
    const input = path.join(dir, 'big.csv');
    await writeFile(input, `text,topic,speaker\n${Array.from({ length: 60_000 }, (_, i) => `avis numéro ${i},Sujet ${i % 50},Personne ${i % 300}`).join('\n')}\n`);
    const before = await snapshotFolder(data);
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', '--format', 'csv', input, '--data', data, ...COMMON], {
      cwd: ROOT_DIR,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Wait until the scratch copy exists, then interrupt (tsx keeps a cache of its own there too).
    const copies = async (): Promise<string[]> => (await readdir(tmp)).filter((name) => name.startsWith('contrepoint-import-'));
    const deadline = Date.now() + 60_000;
    while ((await copies()).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok((await copies()).length > 0, 'the import never made its temporary copy');
    child.kill('SIGINT');
    const code = await exited;
    assert.equal(code, 130, stderr);
    assert.deepEqual(await copies(), [], 'the temporary copy is left behind');
    assert.deepEqual(await snapshotFolder(data), before);
  });
});

describe('export: a stated row limit, said when reached (finding 2)', () => {
  /** `npm run export -- ARGS`, in this process. */
  const runExport = (args: string[]): Promise<CliRun> => runCli('export', args);

  it('when a CSV export reaches --limit, then it stops there and says how many units it left out', async () => {
    const run = await runExport(['--format', 'csv', '--data', FIXTURE_DATA_DIR, '--limit', '3']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(parse(run.stdout).length, 4, 'header and 3 rows');
    assert.match(run.stderr, /stopped at the limit of 3 rows: wrote 3 of 8 units/);
  });

  it('when a CSV export is under the limit, then it writes every unit and says how many', async () => {
    const { dir } = await workspace();
    const out = path.join(dir, 'all.csv');
    const run = await runExport(['--format', 'csv', '--data', FIXTURE_DATA_DIR, '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /wrote 8 units to .*all\.csv/);
    assert.equal(parse(await readFile(out, 'utf8')).length, 9, 'header and 8 rows');
  });
});
