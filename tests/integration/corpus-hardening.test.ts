// Issue 11, findings 7, 8, 9 and the unit size bound of finding 2: what the loader and the
// validator (the one door to a served corpus) refuse or warn about, with file and line.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { loadCorpus } from '../../server/corpus/load.ts';
import { MAX_UNIT_TEXT } from '../../server/corpus/validate.ts';
import { FIXTURE_DATA_DIR, ROOT_DIR } from '../helpers/start-app.ts';

const scratchDirs: string[] = [];
let dataDir = '';

beforeEach(async () => {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-hardening-'));
  scratchDirs.push(scratch);
  dataDir = path.join(scratch, 'data');
  await cp(FIXTURE_DATA_DIR, dataDir, { recursive: true });
});
after(async () => {
  for (const dir of scratchDirs) await rm(dir, { recursive: true, force: true });
});

const debateFile = (): string => path.join(dataDir, 'debates/narocast-0.md');

async function replaceInDebate(from: string, to: string | Buffer): Promise<void> {
  const bytes = await readFile(debateFile());
  const at = bytes.indexOf(from);
  assert.ok(at >= 0, `fixture has no "${from}"`);
  const replacement = typeof to === 'string' ? Buffer.from(to) : to;
  await writeFile(debateFile(), Buffer.concat([bytes.subarray(0, at), replacement, bytes.subarray(at + Buffer.byteLength(from))]));
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

const errors = async (): Promise<string[]> =>
  (await loadCorpus(dataDir)).problems.filter((p) => p.severity === 'error').map((p) => `${path.basename(p.file)}:${p.line}: ${p.message}`);

describe('encodings and control characters (finding 7)', () => {
  it('when a debate file holds invalid UTF-8 bytes, then validation fails at that file and line', async () => {
    const line = lineOf(await readFile(debateFile(), 'utf8'), 'On ne mesure pas');
    await replaceInDebate('On ne mesure pas', Buffer.from([0x4f, 0x6e, 0x20, 0xe9, 0x20, 0x6d, 0x65, 0x73, 0x75, 0x72, 0x65, 0x20, 0x70, 0x61, 0x73]));
    const found = await errors();
    assert.ok(found.some((e) => e.startsWith(`narocast-0.md:${line}: the file is not valid UTF-8`)), found.join('\n'));
  });

  for (const [name, character] of [
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['a bidi override (U+202E)', '\u202E'],
    ['a bidi isolate (U+2066)', '\u2066'],
  ] as const) {
    it(`when unit text holds ${name}, then validation fails at its line, naming the character`, async () => {
      const line = lineOf(await readFile(debateFile(), 'utf8'), 'On ne mesure pas');
      await replaceInDebate('On ne mesure pas', `On ne ${character}mesure pas`);
      const found = await errors();
      const code = `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      assert.ok(found.some((e) => e.startsWith(`narocast-0.md:${line}: control character ${code}`)), found.join('\n'));
    });
  }

  it('when a registry holds a control character, then validation names the registry file and line', async () => {
    const registry = path.join(dataDir, 'speakers.yaml');
    const text = await readFile(registry, 'utf8');
    await writeFile(registry, text.replace('name: Sandra', 'name: San\u0000dra'));
    const found = await errors();
    assert.ok(found.some((e) => e.startsWith(`speakers.yaml:${lineOf(text, 'name: Sandra')}: control character U+0000`)), found.join('\n'));
  });

  it('when `npm run validate` meets invalid UTF-8, then it exits non-zero with file:line', async () => {
    await replaceInDebate('On ne mesure pas', Buffer.from([0xff, 0xfe, 0x41]));
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'scripts/validate.ts'), '--data', dataDir], { cwd: ROOT_DIR, encoding: 'utf8' });
    assert.notEqual(run.status, 0);
    assert.match(run.stdout + run.stderr, /narocast-0\.md:\d+: the file is not valid UTF-8/);
  });
});

describe('symlinks and empty corpora (finding 8)', () => {
  it('when a debate file is a symbolic link, then it is followed and its units load', async () => {
    const outside = path.join(path.dirname(dataDir), 'mounted-narocast-0.md');
    await rename(debateFile(), outside);
    await symlink(outside, debateFile());
    const { corpus, problems } = await loadCorpus(dataDir);
    assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
    assert.ok(corpus.units.some((u) => u.id === 'seb-pas-stagiaire'), 'units of the symlinked debate are missing');
  });

  it('when the corpus has no debate at all, then loading warns about it', async () => {
    await rm(path.join(dataDir, 'debates'), { recursive: true });
    const { problems } = await loadCorpus(dataDir);
    assert.ok(problems.some((p) => p.severity === 'warning' && /the corpus has no debate/.test(p.message)), JSON.stringify(problems));
  });
});

describe('reply and continuation loops (finding 9)', () => {
  it('when two units reply to each other, then validation reports the loop at file:line', async () => {
    const text = await readFile(debateFile(), 'utf8');
    await writeFile(debateFile(), text.replace('- position: oui\n', '- position: oui\n- reply-to: genaro-roi\n').replace('- attacks: sandra-roi\n', '- attacks: sandra-roi\n- reply-to: sandra-roi\n'));
    const found = await errors();
    const loops = found.filter((e) => /loop/.test(e));
    assert.equal(loops.length, 1, found.join('\n'));
    assert.match(loops[0] ?? '', /^narocast-0\.md:\d+: .*genaro-roi replies to sandra-roi replies to genaro-roi/);
  });

  it('when three units loop through reply-to and continues, then the loop of any length is reported once', async () => {
    const text = await readFile(debateFile(), 'utf8');
    const edited = text
      .replace('- timecode: 01:15\n', '- timecode: 01:15\n- continues: sandra-roi\n')
      .replace('- attacks: sandra-roi\n', '- attacks: sandra-roi\n- reply-to: seb-pas-stagiaire\n')
      .replace('- position: oui\n', '- position: oui\n- reply-to: genaro-roi\n');
    await writeFile(debateFile(), edited);
    const loops = (await errors()).filter((e) => /loop/.test(e));
    assert.equal(loops.length, 1, loops.join('\n'));
    assert.match(loops[0] ?? '', new RegExp(`^narocast-0\\.md:${lineOf(edited, '- continues: sandra-roi')}: `));
  });

  it('when replies form a long chain without a loop, then nothing is reported', async () => {
    const text = await readFile(debateFile(), 'utf8');
    await writeFile(debateFile(), text.replace('- position: oui\n', '- position: oui\n- reply-to: genaro-roi\n'));
    assert.deepEqual(await errors(), []);
  });
});

describe('unit size (finding 2)', () => {
  it(`when a unit holds more than ${MAX_UNIT_TEXT} characters, then validation refuses it at its heading`, async () => {
    const text = await readFile(debateFile(), 'utf8');
    await writeFile(debateFile(), text.replace('On ne mesure pas une relation en euros.', 'mot '.repeat(MAX_UNIT_TEXT / 4 + 10)));
    const found = await errors();
    assert.ok(found.some((e) => e.startsWith(`narocast-0.md:${lineOf(text, '## genaro-roi')}: unit "genaro-roi" has 100,040 characters`)), found.join('\n'));
  });
});
