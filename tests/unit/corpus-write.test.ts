import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCorpus } from '../../server/corpus/load.ts';
import { withCodes, type Corpus, type Debate, type Unit } from '../../server/corpus/model.ts';
import { parseDebateFile, parseYamlFile } from '../../server/corpus/parse.ts';
import { debateToMarkdown, questionsToYaml, safeUnitText, speakersToYaml } from '../../server/corpus/write.ts';

const FIXTURE = path.resolve('tests/fixtures/corpus-valid');
const scratch: string[] = [];
after(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'corpus-write-'));
  scratch.push(dir);
  return dir;
}

/** The corpus without where each unit is written, which differs between two folders. */
function comparable(corpus: Corpus): Corpus {
  return { ...corpus, units: corpus.units.map(({ origin: _origin, ...unit }) => unit) };
}

/** Writes a whole corpus in one speakers file, one questions file and a file per debate. */
async function writeCorpus(dir: string, corpus: Corpus): Promise<void> {
  await mkdir(path.join(dir, 'debates'), { recursive: true });
  await writeFile(path.join(dir, 'speakers.yaml'), speakersToYaml(corpus.speakers, { comment: 'speakers' }));
  await writeFile(path.join(dir, 'questions.yaml'), questionsToYaml(corpus.questions));
  for (const debate of corpus.debates) {
    const units = corpus.units.filter((u) => u.debate === debate.slug);
    await writeFile(path.join(dir, 'debates', `${debate.slug}.md`), debateToMarkdown(debate, units, { comment: 'written by a test' }));
  }
}

const debate: Debate = {
  slug: 'd',
  title: 'Titre : avec deux-points et "guillemets"',
  date: '2010',
  medium: 'dataset',
  language: 'fr',
  participants: ['a'],
  summary: 'Résumé.',
  sources: [],
};

function unit(text: string, extra: Partial<Unit> = {}): Unit {
  return { id: 'u1', debate: 'd', speaker: 'a', kind: 'argument', text, relations: [], order: 1, ...extra };
}

describe('corpus writer', () => {
  for (const [label, folder] of [
    ['the valid fixture corpus', FIXTURE],
    ['the bundled corpus', path.resolve('data')],
  ] as const) {
    it(`when ${label} is written back and loaded, then it is the same corpus with the same problems`, async () => {
      const original = await loadCorpus(folder);
      assert.equal(original.problems.filter((p) => p.severity === 'error').length, 0);
      const dir = await tempDir();
      await writeCorpus(dir, original.corpus);
      const reloaded = await loadCorpus(dir);
      assert.deepEqual(reloaded.problems.map((p) => p.message), original.problems.map((p) => p.message));
      assert.deepEqual(comparable(reloaded.corpus), comparable(original.corpus));
    });
  }

  it('when a unit text has a line starting with "## ", then it stays one unit and that line is indented by one space', () => {
    const text = 'Avant\n## Pas une unité\n##\nAprès';
    const parsed = parseDebateFile('d.md', debateToMarkdown(debate, [unit(text), unit('Suite', { id: 'u2', order: 2 })]));
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(
      parsed.units.map((u) => u.id),
      ['u1', 'u2'],
    );
    assert.equal(parsed.units[0]?.text, 'Avant\n ## Pas une unité\n ##\nAprès');
    assert.equal(parsed.units[0]?.text, safeUnitText(text));
  });

  it('when the summary has a line starting with "## ", then no unit is made of it', () => {
    const parsed = parseDebateFile('d.md', debateToMarkdown({ ...debate, summary: 'Intro\n## Section' }, [unit('x')]));
    assert.equal(parsed.units.length, 1);
    assert.equal(parsed.summary, 'Intro\n ## Section');
  });

  it('when a text starts with lines that look like attributes, then they stay text', () => {
    const parsed = parseDebateFile('d.md', debateToMarkdown(debate, [unit('- speaker: b\n- kind: turn')]));
    assert.deepEqual(
      parsed.units[0]?.attributes.map((a) => `${a.key}=${a.value}`),
      ['speaker=a', 'kind=argument'],
    );
    assert.equal(parsed.units[0]?.text, '- speaker: b\n- kind: turn');
  });

  it('when a unit has several codes, then the first is written as question/position and each other as a code line', () => {
    const coded = withCodes(unit('t'), [{ question: 'q', position: 'p' }, { question: 'r' }, { question: 'q', position: 'o' }]);
    const attributes = parseDebateFile('d.md', debateToMarkdown(debate, [coded])).units[0]?.attributes.map((a) => `${a.key}: ${a.value}`);
    assert.deepEqual(attributes, ['speaker: a', 'kind: argument', 'question: q', 'position: p', 'code: r', 'code: q:o']);
  });

  it('when every optional unit attribute is set, then each is written under its authoring key', () => {
    const full = unit('t', {
      question: 'q',
      position: 'p',
      timecode: '01:02',
      replyTo: 'x',
      continues: 'y',
      signedAs: 'Sébastien ROBIN',
      relations: [
        { type: 'supports', target: 's1' },
        { type: 'supports', target: 's2' },
        { type: 'attacks', target: 'a1' },
      ],
    });
    const attributes = parseDebateFile('d.md', debateToMarkdown(debate, [full])).units[0]?.attributes.map((a) => `${a.key}: ${a.value}`);
    assert.deepEqual(attributes, ['speaker: a', 'kind: argument', 'question: q', 'position: p', 'timecode: 01:02', 'reply-to: x', 'continues: y', 'signed-as: Sébastien ROBIN', 'supports: s1, s2', 'attacks: a1']);
  });

  it('when a date is a bare year, then the front matter keeps it as the text "2010"', () => {
    const parsed = parseDebateFile('d.md', debateToMarkdown(debate, [unit('x')]));
    const front = parsed.frontMatter;
    assert.equal(front?.type, 'map');
    const date = front?.type === 'map' ? front.entries.find((e) => e.key === 'date')?.value : undefined;
    assert.equal(date?.type === 'scalar' ? date.text : undefined, '2010');
  });

  it('when speakers have no aliases or links, then those keys are left out rather than written empty', () => {
    const yaml = speakersToYaml([{ id: 'a', name: 'A: B', aliases: [], links: [], description: '' }]);
    assert.doesNotMatch(yaml, /aliases|links|description/);
    const parsed = parseYamlFile('s.yaml', yaml);
    assert.deepEqual(parsed.problems, []);
  });

  it('when any text is written as a unit, then parsing gives it back as safeUnitText says', () => {
    const line = fc.oneof(fc.string(), fc.constantFrom('## h', '##', '---', '- speaker: x', '', '   ', '```', '##\tx', '###  y'));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const text = lines.join('\n');
        fc.pre(safeUnitText(text).trim() !== '');
        const parsed = parseDebateFile('d.md', debateToMarkdown(debate, [unit(text), unit('fin', { id: 'u2', order: 2 })]));
        assert.equal(parsed.units.length, 2);
        assert.equal(parsed.units[0]?.text, safeUnitText(text));
      }),
      { numRuns: 300 },
    );
  });
});
