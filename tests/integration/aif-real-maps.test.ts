// The AIF import on real, untidy maps: three QT30 argument maps of BBC Question Time (DialAM-2024),
// imported with the real command into a copy of the fixture corpus. Each map imports whole: the
// analysts' "Anon: Speaker: text" copies are left out and reported, every speaker is a real
// participant, and the corpus validates.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { runCli, type CliRun } from '../helpers/run-cli.ts';

const MAPS = path.resolve('../shared/datasets/dialam-qt30');
const SKIP = existsSync(path.join(MAPS, 'map4.json')) ? false : `the QT30 maps are not at ${MAPS}`;

/** `npm run import -- ARGS`, in this process (the CLI's own spawned runs are in import-export-cli.test.ts). */
function runImport(args: string[]): Promise<CliRun> {
  return runCli('import', args);
}

const scratch: string[] = [];
after(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

interface RawMap {
  nodes: { nodeID: string; type: string; text: string }[];
  locutions: { nodeID: string }[];
}

describe('AIF import of the real QT30 maps', { skip: SKIP }, () => {
  for (const name of ['map4', 'map5', 'map6']) {
    it(`when ${name}.json is imported, then every spoken locution is a unit of its real speaker, the analyst copies are reported, and the corpus validates`, async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-qt30-'));
      scratch.push(dir);
      const data = path.join(dir, 'data');
      await cp('tests/fixtures/corpus-valid', data, { recursive: true });
      const file = path.join(MAPS, `${name}.json`);
      const run = await runImport(['--format', 'aif', file, '--slug', `qt-${name}`, '--title', `Question Time (${name})`, '--data', data]);
      assert.equal(run.code, 0, run.stderr);

      const raw = JSON.parse(readFileSync(file, 'utf8')) as RawMap;
      const spoken = new Set(raw.locutions.map((l) => l.nodeID));
      const copies = raw.nodes.filter((n) => n.type === 'L' && !spoken.has(n.nodeID));
      assert.ok(copies.length > 0, 'the map has analyst copies');
      assert.match(run.stderr, new RegExp(`${copies.length} L node\\(s\\) only analyse another locution`));

      const { corpus } = await loadValidCorpus(data);
      const units = corpus.units.filter((u) => u.debate === `qt-${name}`);
      assert.deepEqual(units.map((u) => u.id.replace(`qt-${name}-`, '')).sort(), [...spoken].sort(), 'one unit per spoken locution');
      const debate = corpus.debates.find((d) => d.slug === `qt-${name}`);
      assert.equal(debate?.title, `Question Time (${name})`);
      assert.match(debate?.date ?? '', /^20\d\d-\d\d-\d\d$/);
      const names = new Set(units.map((u) => corpus.speakers.find((s) => s.id === u.speaker)?.name));
      for (const speaker of names) assert.ok(speaker && !/^(Anon|Jordan)$/.test(speaker), `a real participant: ${speaker}`);
      for (const unit of units) assert.doesNotMatch(unit.text, /^[\w ]+: /, `the speaker prefix is off ${unit.id}`);
      assert.ok(units.some((u) => u.replyTo), 'transitions became replies');
    });
  }
});
