// The validator against the valid fixture and against broken copies of it, one per class of
// problem, each asserting the exact file and line reported. Copies live in a temporary folder, so
// their paths in messages are absolute.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { loadCorpus, loadValidCorpus } from '../../server/corpus/load.ts';
import { isRealDate } from '../../server/corpus/validate.ts';
import { InvalidCorpusError } from '../../server/errors.ts';
import type { CorpusProblem } from '../../server/errors.ts';

const VALID = path.resolve('tests/fixtures/corpus-valid');
const NAROCAST = 'debates/narocast-0.md';
const PANEL = 'debates/moderation-panel.md';

type Edit =
  | { file: string; replace: string; with: string }
  | { file: string; write: string }
  | { file: string; remove: true };

/** What a problem must be: `line` is a line number or a text whose first line in the edited file is the line. */
interface Expected {
  file: string;
  line: number | string;
  message: RegExp;
}

const temporary: string[] = [];
after(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function brokenCopy(edits: Edit[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-corpus-'));
  temporary.push(dir);
  await cp(VALID, dir, { recursive: true });
  for (const edit of edits) {
    const file = path.join(dir, edit.file);
    if ('remove' in edit) await rm(file);
    else if ('write' in edit) await writeFile(file, edit.write);
    else {
      const text = await readFile(file, 'utf8');
      assert.ok(text.includes(edit.replace), `the fixture ${edit.file} holds ${JSON.stringify(edit.replace)}`);
      await writeFile(file, text.replace(edit.replace, edit.with));
    }
  }
  return dir;
}

async function lineIn(dir: string, file: string, line: number | string): Promise<number> {
  if (typeof line === 'number') return line;
  const lines = (await readFile(path.join(dir, file), 'utf8')).split(/\r?\n/);
  const at = lines.findIndex((l) => l.includes(line));
  assert.ok(at >= 0, `${file} holds ${JSON.stringify(line)}`);
  return at + 1;
}

/** Asserts that the problems of this severity are exactly the expected ones, in any order. */
async function assertProblems(dir: string, problems: CorpusProblem[], severity: CorpusProblem['severity'], expected: Expected[]): Promise<void> {
  const actual = problems.filter((p) => p.severity === severity);
  const shown = actual.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n');
  assert.equal(actual.length, expected.length, `expected ${expected.length} ${severity}(s), got:\n${shown}`);
  for (const want of expected) {
    const file = path.join(dir, want.file);
    const line = await lineIn(dir, want.file, want.line);
    const found = actual.find((p) => p.file === file && p.line === line && want.message.test(p.message));
    assert.ok(found, `expected ${file}:${line}: ${want.message}, got:\n${shown}`);
  }
}

describe('corpus validation of the valid fixture', () => {
  test('when the fixture is loaded, then it has no problem and every file is read', async () => {
    const { corpus, problems } = await loadCorpus(VALID);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      corpus.speakers.map((s) => s.id),
      ['sebastien-robin', 'genaro', 'sandra', 'yvain-ducrocq', 'alice-martin', 'bob-lee'],
    );
    assert.deepEqual(
      corpus.questions.map((q) => q.id),
      ['stagiaire', 'roi', 'moderation'],
    );
    assert.equal(corpus.units.length, 8);
  });

  test('when units are loaded, then they are in debate date order, numbered 1..n per debate, with their origin', async () => {
    const { corpus } = await loadCorpus(VALID);
    assert.deepEqual(
      corpus.units.map((u) => `${u.debate}#${u.order}`),
      ['narocast-0#1', 'narocast-0#2', 'narocast-0#3', 'narocast-0#4', 'narocast-0#5', 'narocast-0#6', 'moderation-panel#1', 'moderation-panel#2'],
    );
    const first = corpus.units[0];
    assert.deepEqual(first?.origin, { file: path.relative(process.cwd(), path.join(VALID, NAROCAST)), line: 18 });
  });

  test('when a unit carries every attribute, then each lands in the model', async () => {
    const { corpus } = await loadCorpus(VALID);
    const unit = (id: string) => corpus.units.find((u) => u.id === id);
    assert.equal(unit('seb-pas-stagiaire')?.timecode, '01:15');
    assert.equal(unit('seb-pas-stagiaire')?.position, 'non');
    assert.deepEqual(unit('yvain-stagiaire')?.relations, [
      { type: 'supports', target: 'seb-pas-stagiaire' },
      { type: 'supports', target: 'genaro-roi' },
    ]);
    assert.equal(unit('yvain-stagiaire-2')?.continues, 'yvain-stagiaire');
    assert.equal(unit('bob-post')?.replyTo, 'seb-reponse');
    assert.ok(!('question' in (unit('seb-reponse') ?? {})), 'absent attributes are absent, not undefined');
    const debate = corpus.debates.find((d) => d.slug === 'narocast-0');
    assert.equal(debate?.sourceUrl, 'http://www.example.org/narocast-0/');
    assert.equal(debate?.mediaUrl, 'http://www.example.org/video.mp4');
    assert.equal(debate?.summary, 'A bar conversation about **community management**, filmed on an iPhone.');
  });

  test('when a unit has several codes, then the first is its question and position and every one is in codes', async () => {
    const dir = await brokenCopy([{ file: NAROCAST, replace: '- question: stagiaire\n- position: non\n', with: '- question: stagiaire\n- position: non\n- code: roi:oui\n- code: roi\n' }]);
    const { corpus, problems } = await loadCorpus(dir);
    assert.deepEqual(problems, []);
    const unit = corpus.units.find((u) => u.id === 'seb-pas-stagiaire');
    assert.equal(unit?.question, 'stagiaire');
    assert.equal(unit?.position, 'non');
    assert.deepEqual(unit?.codes, [{ question: 'stagiaire', position: 'non' }, { question: 'roi', position: 'oui' }, { question: 'roi' }]);
    const codeOnly = await brokenCopy([{ file: NAROCAST, replace: '- question: stagiaire\n- position: non\n', with: '- code: roi:oui\n' }]);
    const loaded = await loadCorpus(codeOnly);
    const only = loaded.corpus.units.find((u) => u.id === 'seb-pas-stagiaire');
    assert.deepEqual([only?.question, only?.position, only?.codes], ['roi', 'oui', [{ question: 'roi', position: 'oui' }]]);
  });

  test('when loadValidCorpus reads the valid fixture, then it returns an index over it', async () => {
    const { index, warnings } = await loadValidCorpus(VALID);
    assert.deepEqual(warnings, []);
    assert.equal(index.unitById.get('bob-post')?.debate, 'moderation-panel');
    assert.deepEqual(
      index.repliesTo.get('seb-reponse')?.map((u) => u.id),
      ['bob-post'],
    );
  });
});

interface BrokenCase {
  name: string;
  edits: Edit[];
  errors: Expected[];
}

const BROKEN: BrokenCase[] = [
  {
    name: 'an English debate carries a summary-en (its own language)',
    edits: [{ file: PANEL, replace: 'citation: Example et al., 2012\n', with: 'citation: Example et al., 2012\nsummary-fr: Un panel sur la modération.\nsummary-en: A panel on moderation.\n' }],
    errors: [{ file: PANEL, line: 'summary-en: A panel on moderation.', message: /`summary-en` translates the summary into the debate's own language \("en"\)/ }],
  },
  {
    name: 'a description in both languages is not text',
    edits: [{ file: 'questions.yaml', replace: '  description: Whether the function can be handed to short-term interns.\n', with: '  description: Whether the function can be handed to short-term interns.\n  descriptionEn: [a, b]\n' }],
    errors: [{ file: 'questions.yaml', line: '  descriptionEn: [a, b]', message: /`descriptionEn` of question "stagiaire" must be text/ }],
  },
  {
    name: 'a unit is signed with a name that is not one of its speaker\'s',
    edits: [{ file: NAROCAST, replace: '## yvain-stagiaire\n- speaker: yvain-ducrocq\n', with: '## yvain-stagiaire\n- speaker: yvain-ducrocq\n- signed-as: sebmaster\n' }],
    errors: [{ file: NAROCAST, line: '- signed-as: sebmaster', message: /neither the name nor an alias of speaker "yvain-ducrocq"/ }],
  },
  {
    name: 'a speakers file is not YAML',
    edits: [{ file: 'speakers/zz-broken.yaml', write: '- id: carol\n  name: [Carol\n' }],
    errors: [{ file: 'speakers/zz-broken.yaml', line: 3, message: /YAML does not parse/ }],
  },
  {
    name: 'the front matter is not YAML',
    edits: [{ file: PANEL, replace: 'title: Moderation panel', with: 'title: Moderation panel\ntitle: again' }],
    errors: [{ file: PANEL, line: 'title: again', message: /YAML does not parse: Map keys must be unique/ }],
  },
  {
    name: 'a debate has no front matter',
    edits: [{ file: PANEL, replace: '---\nslug', with: 'slug' }],
    errors: [{ file: PANEL, line: 1, message: /must start with front matter/ }],
  },
  {
    name: 'the front matter is not closed',
    edits: [{ file: PANEL, replace: 'citation: Example et al., 2012\n---', with: 'citation: Example et al., 2012' }],
    errors: [{ file: PANEL, line: 1, message: /not closed/ }],
  },
  {
    name: 'a speaker has no name',
    edits: [{ file: 'speakers.yaml', replace: '  name: Sandra\n', with: '' }],
    errors: [{ file: 'speakers.yaml', line: '- id: sandra', message: /speaker "sandra" is missing `name`/ }],
  },
  {
    name: 'a question has no English title',
    edits: [{ file: 'questions.yaml', replace: "  titleEn: Is community management an intern's job?\n", with: '' }],
    errors: [{ file: 'questions.yaml', line: '- id: stagiaire', message: /question "stagiaire" is missing `titleEn`/ }],
  },
  {
    name: 'a question has no position',
    edits: [{ file: 'questions/moderation.yaml', replace: '  positions:\n    - id: pre\n      label: Yes, before publication\n    - id: post\n      label: No, after publication\n', with: '  positions: []\n' }],
    errors: [
      { file: 'questions/moderation.yaml', line: 'positions: []', message: /needs at least one position/ },
      { file: PANEL, line: '- position: pre', message: /unknown position "pre" of question "moderation"/ },
      { file: PANEL, line: '- position: post', message: /unknown position "post" of question "moderation"/ },
    ],
  },
  {
    name: 'a code names an unknown question, an unknown position, is malformed or repeats a code',
    edits: [
      {
        file: NAROCAST,
        replace: '- question: stagiaire\n- position: non\n',
        with: '- question: stagiaire\n- position: non\n- code: nowhere:non\n- code: roi:peut-etre\n- code: roi:\n- code: stagiaire:non\n- code: roi\n- code: roi\n',
      },
    ],
    errors: [
      { file: NAROCAST, line: '- code: nowhere:non', message: /unknown question "nowhere": no question has this id/ },
      { file: NAROCAST, line: '- code: roi:peut-etre', message: /unknown position "peut-etre" of question "roi" \(its positions: oui, non\)/ },
      { file: NAROCAST, line: 25, message: /`code` must be "question-id:position-id" or "question-id", not "roi:"/ },
      { file: NAROCAST, line: '- code: stagiaire:non', message: /has code "stagiaire:non" twice \(first at line 21\)/ },
      { file: NAROCAST, line: 28, message: /has code "roi" twice \(first at line 27\)/ },
    ],
  },
  {
    name: 'the front matter has no title',
    edits: [{ file: PANEL, replace: 'title: Moderation panel\n', with: '' }],
    errors: [{ file: PANEL, line: 1, message: /front matter is missing `title`/ }],
  },
  {
    name: 'a unit has no speaker',
    edits: [{ file: PANEL, replace: '- speaker: alice-martin\n', with: '' }],
    errors: [{ file: PANEL, line: '## alice-pre', message: /unit "alice-pre" is missing `- speaker:`/ }],
  },
  {
    name: 'a unit has no kind',
    edits: [{ file: PANEL, replace: '- kind: argument\n', with: '' }],
    errors: [{ file: PANEL, line: '## alice-pre', message: /unit "alice-pre" is missing `- kind:`/ }],
  },
  {
    name: 'a unit has no text',
    edits: [{ file: PANEL, replace: 'Comments should be read before they are published.\n', with: '' }],
    errors: [{ file: PANEL, line: '## alice-pre', message: /unit "alice-pre" has no text/ }],
  },
  {
    name: 'a unit heading has no id',
    edits: [{ file: PANEL, replace: '## alice-pre', with: '##' }],
    errors: [
      { file: PANEL, line: 16, message: /needs an id/ },
      { file: PANEL, line: '- attacks: alice-pre', message: /`attacks`: unknown unit "alice-pre"/ },
    ],
  },
  {
    name: 'an attribute has no value',
    edits: [{ file: PANEL, replace: '- position: pre', with: '- position:' }],
    errors: [{ file: PANEL, line: '- position:', message: /`position` of unit "alice-pre" has no value/ }],
  },
  {
    name: 'an attribute is written twice',
    edits: [{ file: PANEL, replace: '- position: pre', with: '- position: pre\n- position: post' }],
    errors: [{ file: PANEL, line: '- position: post', message: /has `position` twice \(first at line 20\)/ }],
  },
  {
    name: 'aliases is not a list',
    edits: [{ file: 'speakers.yaml', replace: '  aliases: [Genaro]', with: '  aliases: Genaro' }],
    errors: [{ file: 'speakers.yaml', line: 'aliases: Genaro', message: /`aliases` of speaker "genaro" must be a list/ }],
  },
  {
    name: 'a speaker entry is not a mapping',
    edits: [{ file: 'speakers/imported.yaml', replace: '- id: bob-lee\n  name: Bob Lee', with: '- id: bob-lee\n  name: Bob Lee\n- just a name' }],
    errors: [{ file: 'speakers/imported.yaml', line: '- just a name', message: /a speaker must be a mapping/ }],
  },
  {
    name: 'a speakers file is not a list',
    edits: [{ file: 'speakers/zz-other.yaml', write: 'id: carol\nname: Carol\n' }],
    errors: [{ file: 'speakers/zz-other.yaml', line: 1, message: /must be a list of speakers/ }],
  },
  {
    name: 'a unit has an unknown attribute',
    edits: [{ file: PANEL, replace: '- position: pre', with: '- position: pre\n- postion: pre' }],
    errors: [{ file: PANEL, line: '- postion: pre', message: /unknown attribute `postion` in unit "alice-pre"/ }],
  },
  {
    name: 'a speaker has an unknown field',
    edits: [{ file: 'speakers.yaml', replace: '  name: Sandra', with: '  name: Sandra\n  alias: Sandy' }],
    errors: [{ file: 'speakers.yaml', line: 'alias: Sandy', message: /unknown field `alias` in speaker/ }],
  },
  {
    name: 'a position has an unknown field',
    edits: [{ file: 'questions/moderation.yaml', replace: '      label: Yes, before publication', with: '      label: Yes, before publication\n      lable: typo' }],
    errors: [{ file: 'questions/moderation.yaml', line: 'lable: typo', message: /unknown field `lable` in position of question "moderation"/ }],
  },
  {
    name: 'the front matter has an unknown field',
    edits: [{ file: PANEL, replace: 'medium: panel', with: 'medium: panel\nlang: en' }],
    errors: [{ file: PANEL, line: 'lang: en', message: /unknown field `lang` in front matter/ }],
  },
  {
    name: 'a unit has an unknown kind',
    edits: [{ file: PANEL, replace: '- kind: argument', with: '- kind: claim' }],
    errors: [{ file: PANEL, line: '- kind: claim', message: /unknown kind "claim"/ }],
  },
  {
    name: 'a debate has an unknown medium',
    edits: [{ file: PANEL, replace: 'medium: panel', with: 'medium: radio' }],
    errors: [{ file: PANEL, line: 'medium: radio', message: /unknown medium "radio"/ }],
  },
  {
    name: 'a date does not exist',
    edits: [{ file: PANEL, replace: 'date: 2012-03-14', with: 'date: 2011-02-29' }],
    errors: [{ file: PANEL, line: 'date: 2011-02-29', message: /date "2011-02-29" is not a real/ }],
  },
  {
    name: 'a date has a thirteenth month',
    edits: [{ file: NAROCAST, replace: 'date: 2010-07', with: 'date: 2010-13' }],
    errors: [{ file: NAROCAST, line: 'date: 2010-13', message: /date "2010-13" is not a real/ }],
  },
  {
    name: 'the slug differs from the file name',
    edits: [{ file: PANEL, replace: 'slug: moderation-panel', with: 'slug: moderation' }],
    errors: [{ file: PANEL, line: 'slug: moderation', message: /slug "moderation" differs from the file name/ }],
  },
  {
    name: 'two speakers share an id across files',
    edits: [{ file: 'speakers/imported.yaml', replace: '- id: bob-lee\n  name: Bob Lee', with: '- id: bob-lee\n  name: Bob Lee\n- id: sandra\n  name: Sandra B.' }],
    errors: [{ file: 'speakers/imported.yaml', line: '- id: sandra', message: /duplicate speaker id "sandra" \(first at .*speakers\.yaml:14\)/ }],
  },
  {
    name: 'two questions share an id',
    edits: [{ file: 'questions/moderation.yaml', replace: '- id: moderation', with: '- id: roi' }],
    errors: [
      { file: 'questions/moderation.yaml', line: '- id: roi', message: /duplicate question id "roi" \(first at .*questions\.yaml:13\)/ },
      { file: PANEL, line: 19, message: /unknown question "moderation"/ },
      { file: PANEL, line: 27, message: /unknown question "moderation"/ },
    ],
  },
  {
    name: 'two positions of a question share an id',
    edits: [{ file: 'questions.yaml', replace: '    - id: oui\n      label: Oui, un junior', with: '    - id: non\n      label: Oui, un junior' }],
    errors: [
      { file: 'questions.yaml', line: 10, message: /duplicate position id "non" in question "stagiaire" \(first at .*questions\.yaml:6\)/ },
      { file: NAROCAST, line: 65, message: /unknown position "oui" of question "stagiaire" \(its positions: non, non\)/ },
    ],
  },
  {
    name: 'two units share an id across debates',
    edits: [
      { file: PANEL, replace: '## alice-pre', with: '## sandra-roi' },
      { file: PANEL, replace: '- attacks: alice-pre', with: '- attacks: sandra-roi' },
    ],
    // Debates are read in file name order: moderation-panel.md comes first.
    errors: [{ file: NAROCAST, line: 37, message: /duplicate unit id "sandra-roi" \(first at .*moderation-panel\.md:16\)/ }],
  },
  {
    name: 'a unit names an unknown speaker',
    edits: [{ file: PANEL, replace: '- speaker: bob-lee', with: '- speaker: bob-le' }],
    errors: [{ file: PANEL, line: '- speaker: bob-le', message: /unknown speaker "bob-le"/ }],
  },
  {
    name: 'a debate names an unknown participant',
    edits: [{ file: PANEL, replace: '  - bob-lee', with: '  - bob-lee\n  - carol' }],
    errors: [{ file: PANEL, line: '  - carol', message: /unknown participant "carol"/ }],
  },
  {
    name: 'a unit names an unknown question',
    edits: [{ file: NAROCAST, replace: '- question: roi\n- position: oui', with: '- question: rio\n- position: oui' }],
    errors: [{ file: NAROCAST, line: '- question: rio', message: /unknown question "rio"/ }],
  },
  {
    name: 'a unit names a position its question does not have',
    edits: [{ file: PANEL, replace: '- position: pre', with: '- position: oui' }],
    errors: [{ file: PANEL, line: '- position: oui', message: /unknown position "oui" of question "moderation" \(its positions: pre, post\)/ }],
  },
  {
    name: 'a unit has a position but no question',
    edits: [{ file: PANEL, replace: '- question: moderation\n- position: pre', with: '- position: pre' }],
    errors: [{ file: PANEL, line: '- position: pre', message: /has a position but no question/ }],
  },
  {
    name: 'a unit replies to an unknown unit',
    edits: [{ file: PANEL, replace: '- reply-to: seb-reponse', with: '- reply-to: seb-response' }],
    errors: [{ file: PANEL, line: '- reply-to: seb-response', message: /`reply-to`: unknown unit "seb-response"/ }],
  },
  {
    name: 'a unit continues an unknown unit',
    edits: [{ file: NAROCAST, replace: '- continues: yvain-stagiaire', with: '- continues: yvain' }],
    errors: [{ file: NAROCAST, line: '- continues: yvain', message: /`continues`: unknown unit "yvain"/ }],
  },
  {
    name: 'a unit supports an unknown unit among several',
    edits: [{ file: NAROCAST, replace: '- supports: seb-pas-stagiaire, genaro-roi', with: '- supports: seb-pas-stagiaire, genaro-roy' }],
    errors: [{ file: NAROCAST, line: '- supports:', message: /`supports`: unknown unit "genaro-roy"/ }],
  },
  {
    name: 'a unit attacks an unknown unit',
    edits: [{ file: PANEL, replace: '- attacks: alice-pre', with: '- attacks: alice' }],
    errors: [{ file: PANEL, line: '- attacks: alice', message: /`attacks`: unknown unit "alice"/ }],
  },
  {
    name: 'a unit replies to itself',
    edits: [{ file: PANEL, replace: '- reply-to: seb-reponse', with: '- reply-to: bob-post' }],
    errors: [{ file: PANEL, line: '- reply-to: bob-post', message: /unit "bob-post" replies to itself/ }],
  },
  {
    name: 'a unit continues itself',
    edits: [{ file: NAROCAST, replace: '- continues: yvain-stagiaire', with: '- continues: yvain-stagiaire-2' }],
    errors: [{ file: NAROCAST, line: '- continues: yvain-stagiaire-2', message: /unit "yvain-stagiaire-2" continues itself/ }],
  },
  {
    name: 'a unit id is malformed',
    edits: [
      { file: PANEL, replace: '## alice-pre', with: '## Alice Pre' },
      { file: PANEL, replace: '- attacks: alice-pre', with: '- attacks: Alice Pre' },
    ],
    errors: [{ file: PANEL, line: '## Alice Pre', message: /unit id "Alice Pre" is malformed/ }],
  },
  {
    // Meilisearch refuses a document key over 511 bytes (found against a real server).
    name: 'a unit id is longer than 100 characters',
    edits: [
      { file: PANEL, replace: '## alice-pre', with: '## aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
      { file: PANEL, replace: '- attacks: alice-pre', with: '- attacks: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
    ],
    errors: [{ file: PANEL, line: '## aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', message: /unit id "a{101}" is malformed: use at most 100/ }],
  },
  {
    name: 'a speaker id is malformed',
    edits: [
      { file: 'speakers/imported.yaml', replace: '- id: bob-lee', with: '- id: bob_lee' },
      { file: PANEL, replace: '  - bob-lee', with: '  - bob_lee' },
      { file: PANEL, replace: '- speaker: bob-lee', with: '- speaker: bob_lee' },
    ],
    errors: [{ file: 'speakers/imported.yaml', line: '- id: bob_lee', message: /id "bob_lee" is malformed/ }],
  },
  {
    name: 'a timecode is malformed',
    edits: [{ file: NAROCAST, replace: '- timecode: 01:15', with: '- timecode: 1:75' }],
    errors: [{ file: NAROCAST, line: '- timecode: 1:75', message: /timecode "1:75" must be mm:ss or hh:mm:ss/ }],
  },
  {
    name: 'a link is not an http URL',
    edits: [{ file: 'speakers.yaml', replace: 'url: http://twitter.com/sebmaster', with: 'url: javascript:alert(1)' }],
    errors: [{ file: 'speakers.yaml', line: 'url: javascript:', message: /must be an http\(s\) URL/ }],
  },
  {
    name: 'a language tag is malformed',
    edits: [{ file: PANEL, replace: 'language: en', with: 'language: english please' }],
    errors: [{ file: PANEL, line: 'language: english', message: /is not a BCP 47 tag/ }],
  },
  {
    name: 'a supports list has an empty id',
    edits: [{ file: NAROCAST, replace: '- supports: seb-pas-stagiaire, genaro-roi', with: '- supports: seb-pas-stagiaire,, genaro-roi' }],
    errors: [{ file: NAROCAST, line: '- supports:', message: /comma-separated unit ids/ }],
  },
  {
    name: 'speakers.yaml is missing',
    edits: [
      { file: 'speakers.yaml', remove: true },
      { file: 'speakers/more.yaml', write: '- id: sebastien-robin\n  name: S\n- id: genaro\n  name: G\n- id: sandra\n  name: S\n- id: yvain-ducrocq\n  name: Y\n' },
    ],
    errors: [{ file: 'speakers.yaml', line: 1, message: /speakers\.yaml is missing/ }],
  },
  {
    name: 'questions.yaml is missing',
    edits: [
      { file: 'questions.yaml', remove: true },
      { file: NAROCAST, write: '---\nslug: narocast-0\ntitle: T\ndate: 2010\nmedium: video\nlanguage: fr\nparticipants: [genaro, sebastien-robin, sandra, yvain-ducrocq]\n---\n' },
      { file: PANEL, replace: '- reply-to: seb-reponse\n', with: '' },
    ],
    errors: [{ file: 'questions.yaml', line: 1, message: /questions\.yaml is missing/ }],
  },
];

describe('corpus validation of broken copies', () => {
  for (const broken of BROKEN) {
    test(`when ${broken.name}, then the error points at its file and line`, async () => {
      const dir = await brokenCopy(broken.edits);
      const { problems } = await loadCorpus(dir);
      await assertProblems(dir, problems, 'error', broken.errors);
    });
  }

  test('when a copy has several problems in several files, then every one is reported in file order', async () => {
    const dir = await brokenCopy([
      { file: 'speakers.yaml', replace: '  name: Sandra\n', with: '' },
      { file: PANEL, replace: 'date: 2012-03-14', with: 'date: 2012-02-30' },
      { file: PANEL, replace: '- kind: argument', with: '- kind: claim' },
      { file: NAROCAST, replace: '- reply-to: yvain-stagiaire', with: '- reply-to: nobody' },
    ]);
    const { problems } = await loadCorpus(dir);
    await assertProblems(dir, problems, 'error', [
      { file: 'speakers.yaml', line: '- id: sandra', message: /missing `name`/ },
      { file: NAROCAST, line: '- reply-to: nobody', message: /unknown unit "nobody"/ },
      { file: PANEL, line: 'date: 2012-02-30', message: /not a real/ },
      { file: PANEL, line: '- kind: claim', message: /unknown kind/ },
    ]);
    const files = problems.map((p) => path.relative(dir, p.file));
    assert.deepEqual(files, ['speakers.yaml', PANEL, PANEL, NAROCAST], 'speakers, then debates in name order, each by line');
  });

  test('when a copy has errors, then loadValidCorpus throws InvalidCorpusError listing them', async () => {
    const dir = await brokenCopy([{ file: PANEL, replace: '- kind: argument', with: '- kind: claim' }]);
    await assert.rejects(loadValidCorpus(dir), (error: unknown) => {
      assert.ok(error instanceof InvalidCorpusError);
      assert.equal(error.problems.length, 1);
      assert.match(error.message, /moderation-panel\.md:\d+: unknown kind "claim"/);
      return true;
    });
  });

  test('when the data folder does not exist, then one problem at line 1 is reported instead of a crash', async () => {
    const missing = path.join(os.tmpdir(), 'contrepoint-no-such-corpus');
    const { corpus, problems } = await loadCorpus(missing);
    assert.deepEqual(problems, [{ file: missing, line: 1, message: 'the data folder does not exist', severity: 'error' }]);
    assert.equal(corpus.units.length, 0);
  });
});

describe('corpus warnings', () => {
  test('when a speaker is unused, a question has one position and a question is unused, then each is a warning and the corpus is served', async () => {
    const dir = await brokenCopy([
      { file: 'speakers/imported.yaml', replace: '- id: bob-lee\n  name: Bob Lee', with: '- id: bob-lee\n  name: Bob Lee\n- id: carol\n  name: Carol' },
      { file: 'questions/moderation.yaml', replace: '    - id: post\n      label: No, after publication\n', with: '' },
      { file: PANEL, replace: '- position: post', with: '- position: pre' },
      { file: 'questions/zz-unused.yaml', write: '- id: unused\n  title: T\n  titleEn: T\n  positions:\n    - id: a\n      label: A\n    - id: b\n      label: B\n' },
    ]);
    const { problems } = await loadCorpus(dir);
    await assertProblems(dir, problems, 'error', []);
    await assertProblems(dir, problems, 'warning', [
      { file: 'speakers/imported.yaml', line: '- id: carol', message: /speaker "carol" is used by no unit and no debate/ },
      { file: 'questions/moderation.yaml', line: '- id: moderation', message: /question "moderation" has a single position/ },
      { file: 'questions/zz-unused.yaml', line: 1, message: /question "unused" is used by no unit/ },
    ]);
    const { warnings } = await loadValidCorpus(dir);
    assert.equal(warnings.length, 3);
  });
});

describe('descriptions in two languages', () => {
  test('when descriptionEn repeats description, then it is a warning at its line; a summary-fr of an English debate is read', async () => {
    const dir = await brokenCopy([
      { file: 'questions.yaml', replace: '  description: Whether the function can be handed to short-term interns.\n', with: '  description: Whether the function can be handed to short-term interns.\n  descriptionEn: Whether the function can be handed to short-term interns.\n' },
      { file: PANEL, replace: 'citation: Example et al., 2012\n', with: 'citation: Example et al., 2012\nsummary-fr: Un panel sur la modération.\n' },
    ]);
    const { problems } = await loadCorpus(dir);
    await assertProblems(dir, problems, 'error', []);
    await assertProblems(dir, problems, 'warning', [
      { file: 'questions.yaml', line: '  descriptionEn: Whether', message: /`descriptionEn` of question "stagiaire" repeats `description`/ },
    ]);
    const { index } = await loadValidCorpus(dir);
    assert.equal(index.debateBySlug.get('moderation-panel')?.summaryFr, 'Un panel sur la modération.');
    assert.equal(index.questionById.get('stagiaire')?.descriptionEn, 'Whether the function can be handed to short-term interns.');
  });
});

describe('isRealDate', () => {
  const cases: [string, boolean][] = [
    ['2010', true],
    ['2010-07', true],
    ['2010-07-12', true],
    ['2012-02-29', true],
    ['2011-02-29', false],
    ['2010-00', false],
    ['2010-13', false],
    ['2010-04-31', false],
    ['2010-7', false],
    ['10-07-2010', false],
    ['2010-07-12T10:00', false],
  ];
  for (const [text, real] of cases) {
    test(`when the date is ${text}, then it is ${real ? '' : 'not '}real`, () => {
      assert.equal(isRealDate(text), real);
    });
  }
});

describe('npm run validate', () => {
  const run = promisify(execFile);
  const validate = async (dir: string): Promise<{ code: number; stdout: string }> => {
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/validate.ts', '--data', dir]);
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
    }
  };

  test('when the corpus is valid, then it prints the counts and exits 0', async () => {
    const { code, stdout } = await validate(VALID);
    assert.equal(code, 0);
    assert.equal(stdout.trim(), 'tests/fixtures/corpus-valid: 2 debates, 6 speakers, 3 questions, 8 units; 0 errors, 0 warnings');
  });

  test('when the corpus has errors, then it prints file:line: message for each and exits 1', async () => {
    const dir = await brokenCopy([
      { file: PANEL, replace: '- kind: argument', with: '- kind: claim' },
      { file: 'speakers/imported.yaml', replace: '- id: bob-lee\n  name: Bob Lee', with: '- id: bob-lee\n  name: Bob Lee\n- id: carol\n  name: Carol' },
    ]);
    const { code, stdout } = await validate(dir);
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n');
    const kindLine = await lineIn(dir, PANEL, '- kind: claim');
    assert.deepEqual(lines.slice(0, 2), [
      `${path.join(dir, 'speakers/imported.yaml')}:6: warning: speaker "carol" is used by no unit and no debate`,
      `${path.join(dir, PANEL)}:${kindLine}: unknown kind "claim" (expected one of: argument, turn, comment, author-view)`,
    ]);
    assert.match(lines[2] ?? '', /: 2 debates, 7 speakers, 3 questions, 7 units; 1 error, 1 warning$/);
  });
});
