// `npm run import` and `npm run export` on temporary copies of the valid fixture corpus, run in
// this process through the scripts' own entry functions (tests/helpers/run-cli.ts), and once each
// as a real child process for the exit code and the streams: the IBM ArgKP dev split and a hand-made AIF map import and validate; every kind
// of bad input is refused with a message naming its row or node, and leaves the corpus untouched.

import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadCorpus, loadValidCorpus } from '../../server/corpus/load.ts';
import { toSearchDocuments } from '../../server/search/documents.ts';
import { EmbeddedEngine } from '../../server/search/embedded/embedded-engine.ts';
import { ARGKP_DIR as ARGKP, ARGKP_IMPORT_ARGS as ARGKP_ARGS, ARGKP_SKIP } from '../helpers/argkp-corpus.ts';
import { copyCorpus, runCli, snapshotFolder, spawnScript, type CliRun } from '../helpers/run-cli.ts';

const FIXTURE = path.resolve('tests/fixtures/corpus-valid');
const AIF_FIXTURE = path.resolve('tests/fixtures/aif/dialogue.json');

/** The script in this process: same arguments, output and exit code, without a new Node and tsx. */
const runScript = runCli;

const scratch: string[] = [];
after(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

/** A fresh copy of the valid fixture corpus, and a folder for input files. */
async function workspace(): Promise<{ data: string; inputs: string }> {
  const { data, dir } = await copyCorpus(FIXTURE, 'contrepoint-import-cli-');
  scratch.push(dir);
  return { data, inputs: dir };
}

describe('npm run import: the IBM ArgKP dev split', { skip: ARGKP_SKIP }, () => {
  let data = '';
  let first: CliRun;

  before(async () => {
    ({ data } = await workspace());
    first = await runScript('import', [...ARGKP_ARGS, '--data', data]);
  });

  it('when imported with its key points, then it writes the three files and the corpus validates clean', async () => {
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /wrote .*debates[/\\]argkp-dev\.md/);
    assert.match(first.stdout, /wrote .*speakers[/\\]argkp-dev\.yaml/);
    assert.match(first.stdout, /wrote .*questions[/\\]argkp-dev\.yaml/);
    // 4 topics (stance pro/con) and 4 key-point questions, one per topic.
    assert.match(first.stdout, /932 units, 8 new questions, 1 new speakers/);
    const { problems } = await loadCorpus(data);
    assert.deepEqual(problems, []);
  });

  it('when loaded, then the debate has 932 units on 4 topics, with its title, licence and citation', async () => {
    const { corpus } = await loadValidCorpus(data);
    const units = corpus.units.filter((u) => u.debate === 'argkp-dev');
    assert.equal(units.length, 932);
    assert.equal(new Set(units.map((u) => u.question)).size, 4);
    assert.equal(corpus.debates.find((d) => d.slug === 'argkp-dev')?.title, 'IBM Debater ArgKP, development split');
    assert.ok(units.every((u) => u.speaker === 'anonymous' && u.kind === 'argument'));
    const debate = corpus.debates.find((d) => d.slug === 'argkp-dev');
    assert.equal(debate?.licence, 'CDLA-Sharing-1.0');
    assert.match(debate?.citation ?? '', /^Bar-Haim et al\.,.*ACL 2020$/);
    assert.equal(debate?.medium, 'dataset');
    // The stance and the key points are distinct codes: the topic keeps pro and con, each
    // topic's key points are the positions of its own key-points question.
    const uniform = corpus.questions.find((q) => q.id === 'we-should-abandon-the-use-of-school-uniform');
    assert.deepEqual(uniform?.positions.map((p) => p.id), ['pro', 'con']);
    const uniformKeyPoints = corpus.questions.find((q) => q.id === 'we-should-abandon-the-use-of-school-uniform-key-points');
    assert.equal(uniformKeyPoints?.positions.length, 10);
    const arg40 = units.find((u) => u.id === 'argkp-dev-arg_4_0');
    assert.deepEqual(arg40?.codes?.slice(0, 2), [
      { question: 'we-should-abandon-the-use-of-school-uniform', position: 'con' },
      { question: 'we-should-abandon-the-use-of-school-uniform-key-points', position: 'con-kp_4_1' },
    ]);
  });

  it('when the key points are counted, then every positive label is a code and every argument keeps its stance', async () => {
    const { corpus } = await loadValidCorpus(data);
    const units = corpus.units.filter((u) => u.debate === 'argkp-dev');
    const labels = parse(await readFile(path.join(ARGKP, 'labels_dev.csv'), 'utf8'), { columns: true }) as { arg_id: string; key_point_id: string; label: string }[];
    const positive = labels.filter((l) => l.label === '1');
    const keyPointCodes = units.flatMap((u) => (u.codes ?? []).filter((c) => c.question.endsWith('-key-points')));
    assert.equal(keyPointCodes.length, positive.length);
    // Each positive pair is a code of its argument, none lost for arguments matching several.
    const codesOf = new Map(units.map((u) => [u.id, new Set((u.codes ?? []).map((c) => c.position))]));
    for (const label of positive) {
      const stance = (codesOf.get(`argkp-dev-${label.arg_id}`) ?? new Set()).has(`pro-${label.key_point_id}`) || codesOf.get(`argkp-dev-${label.arg_id}`)?.has(`con-${label.key_point_id}`);
      assert.ok(stance, `${label.arg_id} has key point ${label.key_point_id}`);
    }
    const several = units.filter((u) => (u.codes ?? []).filter((c) => c.question.endsWith('-key-points')).length > 1);
    assert.equal(several.length, 67);
    // Every argument keeps its stance as its first code, as the arguments file gives it.
    const args = parse(await readFile(path.join(ARGKP, 'arguments_dev.csv'), 'utf8'), { columns: true }) as { arg_id: string; stance: string }[];
    const byId = new Map(units.map((u) => [u.id, u]));
    for (const arg of args) {
      const unit = byId.get(`argkp-dev-${arg.arg_id}`);
      assert.equal(unit?.position, arg.stance === '1' ? 'pro' : 'con', arg.arg_id);
      assert.ok(!(unit?.question ?? '').endsWith('-key-points'));
    }
  });

  it('when imported with no --date and no date column, then the debate is written without a date and validates', async () => {
    const { data: other } = await workspace();
    const args = ARGKP_ARGS.filter((a, i) => a !== '--date' && ARGKP_ARGS[i - 1] !== '--date');
    const run = await runScript('import', [...args, '--data', other]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /no date for the debate/);
    const { corpus } = await loadValidCorpus(other);
    const debate = corpus.debates.find((d) => d.slug === 'argkp-dev');
    assert.equal(debate?.date, '');
    assert.equal(debate?.title, 'IBM Debater ArgKP, development split');
  });

  it('when indexed by the embedded engine, then its units are found by a search', async () => {
    const { index } = await loadValidCorpus(data);
    const engine = new EmbeddedEngine();
    try {
      await engine.reindex(toSearchDocuments(index));
      const result = await engine.search({ text: 'uniform bullying', filters: { debate: ['argkp-dev'] }, facets: ['position'] });
      assert.ok(result.total > 0, 'some units match');
      assert.ok(result.hits.every((h) => h.document.debate === 'argkp-dev'));
      assert.ok(result.hits.some((h) => h.document.id === 'argkp-dev-arg_4_0'));
      const all = await engine.search({ text: '', filters: { debate: ['argkp-dev'] }, limit: 1 });
      assert.equal(all.total, 932);
    } finally {
      await engine.close();
    }
  });

  it('when imported again without --force, then it is refused and nothing changes', async () => {
    const before = await snapshotFolder(data);
    const again = await runScript('import', [...ARGKP_ARGS, '--data', data]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /argkp-dev\.md already exists: pass --force to replace it/);
    assert.deepEqual(await snapshotFolder(data), before);
  });

  it('when imported again with --force, then the files are the same, ids included', async () => {
    const before = await snapshotFolder(data);
    const again = await runScript('import', [...ARGKP_ARGS, '--data', data, '--force']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(await snapshotFolder(data), before);
  });
});

describe('npm run import: an AIF map', () => {
  it('when the hand-made dialogue is imported, then its speakers and relations are in the corpus', async () => {
    const { data } = await workspace();
    const run = await runScript('import', ['--format', 'aif', AIF_FIXTURE, '--data', data, '--slug', 'teletravail', '--language', 'fr', '--title', 'Télétravail']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /4 units, 0 new questions, 2 new speakers, 3 supports\/attacks, 3 replies/);
    assert.match(run.stderr, /warning: .*MA\/PA node/);
    const { corpus, problems } = await loadCorpus(data);
    assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
    const units = corpus.units.filter((u) => u.debate === 'teletravail');
    // Alice Martin is already a speaker of the fixture corpus: reused, not duplicated.
    assert.deepEqual(units.map((u) => u.speaker), ['alice-martin', 'bruno-petit', 'alice-martin', 'chloe']);
    assert.deepEqual(
      units.map((u) => [u.replyTo ?? null, u.relations.map((r) => `${r.type} ${r.target}`)]),
      [
        [null, []],
        ['teletravail-101', ['attacks teletravail-101']],
        ['teletravail-111', ['supports teletravail-101']],
        ['teletravail-111', ['attacks teletravail-111']],
      ],
    );
    const speakersFile = await readFile(path.join(data, 'speakers', 'teletravail.yaml'), 'utf8');
    assert.match(speakersFile, /name: Bruno Petit/);
    assert.doesNotMatch(speakersFile, /Alice/);
  });

  it('when a debate is exported as AIF and imported back, then it has the same units, speakers and relations', async () => {
    const { data, inputs } = await workspace();
    const out = path.join(inputs, 'narocast.json');
    const exported = await runScript('export', ['--format', 'aif', '--debate', 'narocast-0', '--out', out, '--data', data]);
    assert.equal(exported.code, 0, exported.stderr);
    const imported = await runScript('import', ['--format', 'aif', out, '--data', data, '--slug', 'rt', '--date', '2010-07']);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /0 new speakers/);
    const { corpus, problems } = await loadCorpus(data);
    assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
    const original = corpus.units.filter((u) => u.debate === 'narocast-0');
    const copy = corpus.units.filter((u) => u.debate === 'rt');
    const inDebate = new Set(original.map((u) => u.id));
    const prefixed = (id: string | undefined): string | undefined => (id && inDebate.has(id) ? `rt-${id}` : undefined);
    assert.deepEqual(
      copy.map((u) => ({ id: u.id, speaker: u.speaker, text: u.text, timecode: u.timecode, replyTo: u.replyTo, relations: u.relations })),
      original.map((u) => ({
        id: `rt-${u.id}`,
        speaker: u.speaker,
        text: u.text,
        timecode: u.timecode,
        replyTo: prefixed(u.replyTo),
        relations: u.relations.filter((r) => inDebate.has(r.target)).map((r) => ({ type: r.type, target: `rt-${r.target}` })),
      })),
    );
    assert.ok(copy.some((u) => u.relations.length > 0) && copy.some((u) => u.replyTo), 'the debate has relations and replies to compare');
  });
});

describe('npm run import: bad input is refused and nothing is written', () => {
  const cases: { name: string; format: 'csv' | 'aif'; input: string; message: RegExp }[] = [
    { name: 'a CSV without a text column', format: 'csv', input: 'topic,stance\nM,1\n', message: /bad\.csv:1: missing required column for the text/ },
    { name: 'a CSV with broken quoting', format: 'csv', input: 'text,topic\nA,M\n"B"x,M\n', message: /bad\.csv:3: the CSV does not parse/ },
    { name: 'a CSV with a duplicate row', format: 'csv', input: 'text,topic\nA,M\nB,M\nA,M\n', message: /bad\.csv:4: duplicate row: same topic and text as line 2/ },
    { name: 'a CSV with an unknown stance', format: 'csv', input: 'text,topic,stance\nA,M,1\nB,M,maybe\n', message: /bad\.csv:3: unknown stance "maybe"/ },
    {
      // One odd node never sinks a map (tests/unit/aif-import.test.ts), but a map with nothing usable is refused.
      name: 'an AIF map with no node it can use',
      format: 'aif',
      input: JSON.stringify({ nodes: [{ nodeID: 1, text: 'Ana: oui', type: 'XX' }], edges: [{ edgeID: 5, fromID: 1, toID: 9 }] }),
      message: /bad\.json: the map has no L or I node to import/,
    },
    {
      name: 'a file that is not an AIF map',
      format: 'aif',
      input: JSON.stringify({ nodes: 'none' }),
      message: /bad\.json: not AIF JSON/,
    },
    {
      // Every row is fine on its own, but one id is already a unit of the corpus: the validator
      // of the whole corpus refuses it, so the check happens before anything is written.
      name: 'a CSV whose unit id is already in the corpus',
      format: 'csv',
      input: 'id,text,topic\nalice-pre,A,M\n',
      message: /would not validate with this import:\n.*duplicate unit id "alice-pre"/i,
    },
  ];

  for (const c of cases) {
    it(`when importing ${c.name}, then the message names the problem and the corpus is unchanged`, async () => {
      const { data, inputs } = await workspace();
      const input = path.join(inputs, c.format === 'csv' ? 'bad.csv' : 'bad.json');
      await writeFile(input, c.input);
      const before = await snapshotFolder(data);
      const extra = c.name.includes('already in the corpus') ? ['--id-prefix', ''] : [];
      const run = await runScript('import', ['--format', c.format, input, '--data', data, '--date', '2024', ...extra]);
      assert.equal(run.code, 1, run.stdout);
      assert.match(run.stderr, /^Nothing was imported:/);
      assert.match(run.stderr, c.message);
      assert.deepEqual(await snapshotFolder(data), before);
    });
  }

  it('when a CSV has empty rows, then they are skipped with a warning and the rest is imported', async () => {
    const { data, inputs } = await workspace();
    const input = path.join(inputs, 'gaps.csv');
    await writeFile(input, 'text,topic\nA,M\n,\n\nB,M\n');
    const run = await runScript('import', ['--format', 'csv', input, '--data', data, '--date', '2024']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /warning: .*gaps\.csv:3: empty row skipped/);
    assert.match(run.stderr, /warning: .*gaps\.csv:4: empty row skipped/);
    assert.match(run.stdout, /as gaps: 2 units/);
  });

  it('when --dry-run is given, then the import is checked and reported but nothing is written', async () => {
    const { data } = await workspace();
    const before = await snapshotFolder(data);
    const run = await runScript('import', ['--format', 'aif', AIF_FIXTURE, '--data', data, '--slug', 'essai', '--dry-run']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /would write .*debates[/\\]essai\.md/);
    assert.deepEqual(await snapshotFolder(data), before);
  });

  it('when the input file cannot be read, then the message names it and nothing is written', async () => {
    const { data, inputs } = await workspace();
    const before = await snapshotFolder(data);
    const run = await runScript('import', ['--format', 'csv', path.join(inputs, 'missing.csv'), '--data', data]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /missing\.csv: cannot read the file \(ENOENT\)/);
    assert.deepEqual(await snapshotFolder(data), before);
  });

  it('when the format is missing, then the usage is printed with exit code 2', async () => {
    const run = await spawnScript('import', ['some.csv']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--format must be csv, aif, codes, vtt, srt, transcript or docx/);
    assert.match(run.stderr, /Usage: npm run import/);
  });
});

describe('npm run export', () => {
  it('when exporting CSV for one speaker to stdout, then only their units are written', async () => {
    const run = await spawnScript('export', ['--format', 'csv', '--speaker', 'sebastien-robin', '--data', FIXTURE]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^id,debate,order,speaker,/);
    assert.ok(lines.length > 1);
    assert.ok(lines.slice(1).every((l) => l.includes(',sebastien-robin,') || !/^[a-z]/.test(l)));
  });

  it('when exporting JSON to a file, then the file holds units, speakers, questions and debates', async () => {
    const { inputs } = await workspace();
    const out = path.join(inputs, 'all.json');
    const run = await runScript('export', ['--format', 'json', '--question', 'stagiaire', '--out', out, '--data', FIXTURE]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(await readFile(out, 'utf8')) as { units: { question?: string }[]; questions: { id: string }[] };
    assert.ok(json.units.length > 0 && json.units.every((u) => u.question === 'stagiaire'));
    assert.deepEqual(json.questions.map((q) => q.id), ['stagiaire']);
  });

  it('when filters name an unknown speaker or position, then it says so with exit code 2', async () => {
    const run = await runScript('export', ['--format', 'csv', '--speaker', 'nobody', '--position', 'roi:peut-etre', '--data', FIXTURE]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown speaker "nobody", position "roi:peut-etre"/);
  });

  it('when filtering by a qualified position as AIF, then only those units are in the map', async () => {
    const run = await runScript('export', ['--format', 'aif', '--position', 'roi:non', '--data', FIXTURE]);
    assert.equal(run.code, 0, run.stderr);
    const aif = JSON.parse(run.stdout) as { nodes: { nodeID: string; type: string }[] };
    assert.deepEqual(aif.nodes.filter((n) => n.type === 'L').map((n) => n.nodeID), ['genaro-roi']);
  });
});
