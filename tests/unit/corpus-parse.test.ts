// The parser alone: lines of every item, front matter offsets, unit splitting, CRLF and BOM, and
// that no input makes it throw.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { loadCorpus } from '../../server/corpus/load.ts';
import { parseDebateFile, parseYamlFile } from '../../server/corpus/parse.ts';
import type { YamlMap, YamlValue } from '../../server/corpus/parse.ts';

function asMap(value: YamlValue | undefined): YamlMap {
  assert.equal(value?.type, 'map');
  return value as YamlMap;
}

function entry(map: YamlMap, key: string): { line: number; value: YamlValue } {
  const found = map.entries.find((e) => e.key === key);
  assert.ok(found, `the map has ${key}`);
  return found;
}

describe('parseYamlFile', () => {
  const text = ['# a comment', '- id: one', '  name: One', '  aliases:', '    - Uno', '    - Eins', '- id: two', '  year: 2010', '  code: 007', '  empty:', '  flag: true'].join('\n');

  test('when a list of mappings is parsed, then each item, key and list item has its line', () => {
    const { root, problems } = parseYamlFile('s.yaml', text);
    assert.deepEqual(problems, []);
    assert.equal(root?.type, 'list');
    const [one, two] = root?.type === 'list' ? root.items : [];
    assert.equal(asMap(one).line, 2);
    assert.equal(asMap(two).line, 7);
    assert.equal(entry(asMap(one), 'name').line, 3);
    const aliases = entry(asMap(one), 'aliases').value;
    assert.deepEqual(
      aliases.type === 'list' ? aliases.items.map((i) => [i.line, i.type === 'scalar' ? i.text : '']) : [],
      [
        [5, 'Uno'],
        [6, 'Eins'],
      ],
    );
  });

  test('when scalars are numbers, booleans or empty, then their text is kept as written', () => {
    const root = parseYamlFile('s.yaml', text).root;
    const two = asMap(root?.type === 'list' ? root.items[1] : undefined);
    assert.deepEqual(entry(two, 'year').value, { type: 'scalar', line: 8, value: 2010, text: '2010' });
    assert.deepEqual(entry(two, 'code').value, { type: 'scalar', line: 9, value: 7, text: '007' });
    assert.deepEqual(entry(two, 'empty').value, { type: 'scalar', line: 10, value: null, text: '' });
    assert.deepEqual(entry(two, 'flag').value, { type: 'scalar', line: 11, value: true, text: 'true' });
  });

  test('when an alias is used, then it is resolved to its anchor value', () => {
    const { root, problems } = parseYamlFile('s.yaml', '- id: a\n  name: &n Alice\n- id: b\n  name: *n\n');
    assert.deepEqual(problems, []);
    const second = asMap(root?.type === 'list' ? root.items[1] : undefined);
    assert.deepEqual(entry(second, 'name').value, { type: 'scalar', line: 4, value: 'Alice', text: 'Alice' });
  });

  test('when the YAML does not parse, then every error is reported with its line and no root', () => {
    const { root, problems } = parseYamlFile('s.yaml', '- id: a\n  name: x\n  name: y\n- id: b\n name: z\n');
    assert.equal(root, undefined);
    assert.deepEqual(
      problems.map((p) => [p.file, p.line, p.severity]),
      [
        ['s.yaml', 3, 'error'],
        ['s.yaml', 5, 'error'],
      ],
    );
    assert.match(problems[0]?.message ?? '', /^YAML does not parse: Map keys must be unique$/);
  });

  test('when aliases nest exponentially (billion laughs), then parsing stops early with a problem', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(10).fill(`*${'abcdefghi'[i - 1]}`).join(', ')}]`);
    const started = performance.now();
    const { problems } = parseYamlFile('bomb.yaml', levels.join('\n'));
    assert.ok(performance.now() - started < 2000, 'parsing is quick');
    assert.deepEqual(problems.map((p) => p.message), ['YAML uses more than 100 aliases']);
  });

  test('when the file is empty, then there is no root and no problem', () => {
    assert.deepEqual(parseYamlFile('s.yaml', ''), { file: 's.yaml', root: undefined, problems: [] });
  });

  test('when the file has a BOM and CRLF line endings, then it parses as the LF file does', () => {
    const crlf = '\uFEFF' + text.replace(/\n/g, '\r\n');
    assert.deepEqual(parseYamlFile('s.yaml', crlf), parseYamlFile('s.yaml', text));
  });
});

const DEBATE = [
  '---', // 1
  'slug: d', // 2
  'title: "A: title"', // 3
  'participants:', // 4
  '  - alice', // 5
  '---', // 6
  '', // 7
  'The summary, in **Markdown**.', // 8
  '', // 9
  '## first', // 10
  '- speaker: alice', // 11
  '- kind: turn', // 12
  '- supports: a, b', // 13
  '', // 14
  'Text with a heading:', // 15
  '', // 16
  '### inside', // 17
  '', // 18
  '- a list: item', // 19
  '##not-a-heading', // 20
  '', // 21
  '## second  ', // 22
  '- speaker: bob', // 23
  'Text right after the attributes.', // 24
  '', // 25
].join('\n');

describe('parseDebateFile', () => {
  test('when a debate is parsed, then front matter lines are lines of the file', () => {
    const parsed = parseDebateFile('d.md', DEBATE);
    assert.deepEqual(parsed.problems, []);
    const front = asMap(parsed.frontMatter);
    assert.equal(entry(front, 'slug').line, 2);
    assert.deepEqual(entry(front, 'title').value, { type: 'scalar', line: 3, value: 'A: title', text: 'A: title' });
    const participants = entry(front, 'participants').value;
    assert.equal(participants.type === 'list' ? participants.items[0]?.line : 0, 5);
  });

  test('when a debate is parsed, then the summary is the Markdown before the first unit', () => {
    assert.equal(parseDebateFile('d.md', DEBATE).summary, 'The summary, in **Markdown**.');
  });

  test('when a debate is parsed, then each unit has its heading line, attribute lines and verbatim text', () => {
    const { units } = parseDebateFile('d.md', DEBATE);
    assert.deepEqual(units, [
      {
        id: 'first',
        line: 10,
        attributes: [
          { key: 'speaker', value: 'alice', line: 11 },
          { key: 'kind', value: 'turn', line: 12 },
          { key: 'supports', value: 'a, b', line: 13 },
        ],
        text: 'Text with a heading:\n\n### inside\n\n- a list: item\n##not-a-heading',
      },
      { id: 'second', line: 22, attributes: [{ key: 'speaker', value: 'bob', line: 23 }], text: 'Text right after the attributes.' },
    ]);
  });

  test('when the file has a BOM and CRLF line endings, then it parses as the LF file does', () => {
    const crlf = '\uFEFF' + DEBATE.replace(/\n/g, '\r\n');
    assert.deepEqual(parseDebateFile('d.md', crlf), parseDebateFile('d.md', DEBATE));
  });

  test('when the front matter YAML is broken, then its line is a line of the file', () => {
    const { problems, frontMatter, units } = parseDebateFile('d.md', DEBATE.replace('  - alice', '  - [alice'));
    assert.equal(frontMatter, undefined);
    assert.equal(problems.length, 1);
    assert.ok((problems[0]?.line ?? 0) >= 5 && (problems[0]?.line ?? 0) <= 6, `line ${problems[0]?.line} is within the front matter`);
    assert.equal(units.length, 2, 'units are still read');
  });

  test('when the front matter is missing, then the problem is at line 1 and units are still read', () => {
    const { problems, units } = parseDebateFile('d.md', '## only\n- speaker: a\n\nText.\n');
    assert.deepEqual(problems.map((p) => [p.line, p.severity]), [[1, 'error']]);
    assert.deepEqual(units.map((u) => [u.id, u.line]), [['only', 1]]);
  });

  test('when blank lines separate a heading from its attributes, then the attributes are still read', () => {
    const { units } = parseDebateFile('d.md', '---\nslug: d\n---\n## u\n\n- speaker: a\n- kind: turn\n\n- not: an attribute\n');
    assert.deepEqual(units[0]?.attributes.map((a) => [a.key, a.line]), [
      ['speaker', 6],
      ['kind', 7],
    ]);
    assert.equal(units[0]?.text, '- not: an attribute');
  });

  test('when a unit heading has no id, then it is still a unit, with an empty id', () => {
    const { units } = parseDebateFile('d.md', '---\nslug: d\n---\n##\n- speaker: a\n\nText.\n');
    assert.deepEqual(units.map((u) => [u.id, u.line]), [['', 4]]);
  });
});

describe('the parser on any input', () => {
  test('when given arbitrary text, then neither parser throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        parseDebateFile('x.md', text);
        parseYamlFile('x.yaml', text);
        parseDebateFile('x.md', `---\n${text}\n---\n${text}`);
      }),
      { numRuns: 300 },
    );
  });

  test('when unit texts have no `## ` line, then each is read back verbatim', () => {
    // Leading blanks are trimmed from the text below, so " ##" would become a heading line: refused too.
    const line = fc.string({ maxLength: 40 }).filter((l) => !/^\s*##/.test(l) && !/[\r\n\u2028\u2029]/.test(l));
    // Trimmed, because the parser drops the blank lines around a unit's text.
    const textArb = fc
      .array(line, { minLength: 1, maxLength: 6 })
      .map((lines) => lines.join('\n').trim())
      .filter((t) => t !== '');
    fc.assert(
      fc.property(fc.array(textArb, { minLength: 1, maxLength: 4 }), (texts) => {
        const file = ['---', 'slug: x', '---', ...texts.flatMap((t, i) => [`## u${i}`, '- speaker: a', '', t, ''])].join('\n');
        const { units, problems } = parseDebateFile('x.md', file);
        assert.deepEqual(problems, []);
        assert.deepEqual(
          units.map((u) => u.text),
          texts,
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('loading a corpus written with CRLF and BOMs', () => {
  test('when every fixture file has a BOM and CRLF endings, then the corpus is the same', async () => {
    const valid = path.resolve('tests/fixtures/corpus-valid');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-crlf-'));
    try {
      await cp(valid, dir, { recursive: true });
      for (const name of await readdir(dir, { recursive: true })) {
        if (!/\.(md|yaml)$/.test(name)) continue;
        const file = path.join(dir, name);
        await writeFile(file, '\uFEFF' + (await readFile(file, 'utf8')).replace(/\n/g, '\r\n'));
      }
      const [lf, crlf] = await Promise.all([loadCorpus(valid), loadCorpus(dir)]);
      assert.deepEqual(crlf.problems, []);
      const withoutOrigin = (r: typeof lf) => r.corpus.units.map((u) => ({ ...u, origin: u.origin?.line }));
      assert.deepEqual(withoutOrigin(crlf), withoutOrigin(lf));
      assert.deepEqual(crlf.corpus.debates, lf.corpus.debates);
      assert.deepEqual(crlf.corpus.speakers, lf.corpus.speakers);
      assert.deepEqual(crlf.corpus.questions, lf.corpus.questions);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
