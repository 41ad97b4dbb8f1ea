import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { loadCorpus } from '../../server/corpus/load.ts';
import { safeUnitText } from '../../server/corpus/write.ts';
import { applyImport, listTree } from '../../server/io/apply-import.ts';
import { importCsv } from '../../server/io/csv-import.ts';
import { ImportError } from '../../server/io/imported.ts';

const FIXTURE = path.resolve('tests/fixtures/corpus-valid');
const scratch: string[] = [];
after(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function corpusCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'apply-import-'));
  scratch.push(dir);
  await cp(FIXTURE, path.join(dir, 'data'), { recursive: true });
  return path.join(dir, 'data');
}

function csvImport(data: string, slug: string, csv: string, force = false): ReturnType<typeof applyImport> {
  return applyImport(data, { slug, force, sourceName: `${slug}.csv` }, (existing) => importCsv(csv, { file: `${slug}.csv`, slug, date: '2024' }, existing));
}

describe('applying an import to a corpus folder', () => {
  it('when a second import shares topics and names nobody, then it reuses the questions and the anonymous speaker and writes only its debate', async () => {
    const data = await corpusCopy();
    const first = await csvImport(data, 'first', 'text,topic,stance\nA,Shared topic,1\n');
    assert.deepEqual(first.written.sort(), [path.join('debates', 'first.md'), path.join('questions', 'first.yaml'), path.join('speakers', 'first.yaml')].sort());
    const second = await csvImport(data, 'second', 'text,topic,stance\nB,Shared topic,-1\n');
    assert.deepEqual(second.written, [path.join('debates', 'second.md')]);
    const { corpus, problems } = await loadCorpus(data);
    assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
    assert.deepEqual(corpus.units.filter((u) => u.debate === 'second').map((u) => [u.speaker, u.question, u.position]), [['anonymous', 'shared-topic', 'con']]);
  });

  it('when a forced re-import no longer needs a file of the earlier one, then that file is removed', async () => {
    const data = await corpusCopy();
    await csvImport(data, 'again', 'text,topic,speaker\nA,New topic,Zoé Nouvelle\n');
    // The same debate now by a speaker the corpus knows: no speakers file is needed any more.
    const result = await csvImport(data, 'again', 'text,topic,speaker\nA,New topic,Sébastien Robin\n', true);
    assert.deepEqual(result.removed, [path.join('speakers', 'again.yaml')]);
    assert.ok(!(await listTree(data)).includes(path.join('speakers', 'again.yaml')));
    assert.deepEqual((await loadCorpus(data)).problems.filter((p) => p.severity === 'error'), []);
  });

  it('when the written files are read, then they start with a comment saying where they came from', async () => {
    const data = await corpusCopy();
    await csvImport(data, 'commented', 'text,topic\nA,T\n');
    const debate = await readFile(path.join(data, 'debates', 'commented.md'), 'utf8');
    assert.match(debate, /^---\n# Written by `npm run import` from commented\.csv\./);
  });

  it('when the corpus already has an error, then the import is refused and names it', async () => {
    const data = await corpusCopy();
    await rm(path.join(data, 'speakers.yaml'));
    await assert.rejects(csvImport(data, 'x', 'text,topic\nA,T\n'), (error: unknown) => {
      assert.ok(error instanceof ImportError);
      assert.match(error.message, /has errors before the import/);
      assert.match(error.message, /speakers\.yaml is missing/);
      return true;
    });
    assert.ok(!(await listTree(data)).some((f) => f.includes('x.')));
  });

  it('when the data folder does not exist, then the import says so', async () => {
    const missing = path.join(os.tmpdir(), 'contrepoint-no-such-folder');
    await assert.rejects(csvImport(missing, 'x', 'text\nA\n'), /contrepoint-no-such-folder: the data folder does not exist/);
  });

  it('when the slug is malformed or the file has no rows, then nothing is written', async () => {
    const data = await corpusCopy();
    const before = await listTree(data);
    await assert.rejects(csvImport(data, 'Bad Slug', 'text,topic\nA,T\n'), /slug "Bad Slug" is malformed/);
    await assert.rejects(csvImport(data, 'empty', 'text,topic\n'), /empty\.csv: the file has no rows to import/);
    assert.deepEqual(await listTree(data), before);
  });

  it('when two rows differ only in spacing, then the import names the duplicate row and writes nothing (found by the property below)', async () => {
    // Their ids, a hash of topic and text up to spacing, are equal: the import used to go ahead and
    // fail validation on a duplicate unit id in a temporary file instead of naming the CSV line.
    const data = await corpusCopy();
    const before = await listTree(data);
    const csv = stringify([['text', 'topic', 'stance'], ['---\n---', 'Sujet deux ?', '1'], ['---\n\n---', 'Sujet deux ?', '1']]);
    await assert.rejects(csvImport(data, 'spacing', csv), /spacing\.csv:\d+: duplicate row: same topic and text as line 2 once spacing and Unicode forms are ignored/);
    assert.deepEqual(await listTree(data), before);
  });

  it('when any table of arguments is imported, then the corpus loads clean with every text as written (## lines indented)', async () => {
    const text = fc
      .array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('## heading', '- speaker: x', '---', '')), { minLength: 1, maxLength: 4 })
      .map((lines) => lines.join('\n').replace(/\r/g, '').trim())
      .filter((t) => t !== '');
    const row = fc.record({ text, topic: fc.constantFrom('Topic one', 'Sujet deux ?', ''), stance: fc.constantFrom('1', '-1', 'pour', 'against', ''), speaker: fc.constantFrom('', 'Ana', 'Sébastien Robin') });
    // Rows must differ once spacing and Unicode forms are ignored: the unit id hashes topic and text
    // that way, and rows equal up to spacing are refused as duplicates (pinned below).
    const key = (t: string): string => t.normalize('NFC').trim().replace(/\s+/g, ' ');
    const rows = fc.uniqueArray(row, { minLength: 1, maxLength: 6, selector: (r) => `${key(r.topic)}\u0000${key(r.text)}` }).map((list) => list.filter((r) => r.topic !== '' || r.stance === ''));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(rows.filter((list) => list.length > 0), async (list) => {
        const data = await corpusCopy();
        const slug = `prop-${run++}`;
        const csv = stringify([['text', 'topic', 'stance', 'speaker'], ...list.map((r) => [r.text, r.topic, r.stance, r.speaker])]);
        await csvImport(data, slug, csv);
        const { corpus, problems } = await loadCorpus(data);
        assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
        const units = corpus.units.filter((u) => u.debate === slug);
        assert.deepEqual(units.map((u) => u.text), list.map((r) => safeUnitText(r.text)));
      }),
      { numRuns: 25 },
    );
  });
});
