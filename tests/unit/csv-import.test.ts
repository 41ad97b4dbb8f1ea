import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyCorpus } from '../../server/corpus/model.ts';
import type { Corpus } from '../../server/corpus/model.ts';
import { importCsv, parseStance, type CsvImportOptions } from '../../server/io/csv-import.ts';
import { ImportError } from '../../server/io/imported.ts';

const base: CsvImportOptions = { file: 'args.csv', slug: 'demo', date: '2024' };

function run(text: string, options: Partial<CsvImportOptions> = {}, existing: Corpus = emptyCorpus()): ReturnType<typeof importCsv> {
  return importCsv(text, { ...base, ...options }, existing);
}

/** The ImportError's problems, failing the test when the import succeeds. */
function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ImportError, `expected an ImportError, got ${String(error)}`);
    assert.match(error.message, /^Nothing was imported/);
    return error.problems;
  }
  assert.fail('the import should have been refused');
}

describe('CSV import', () => {
  it('when headers use common aliases in any case, then text, topic, stance, speaker and id are found', () => {
    const result = run('ARG_ID,Argument,Topic,Stance,Author\n7,Uniforms cost less,School uniforms,1,Ada Lovelace\n');
    assert.equal(result.units.length, 1);
    const [unit] = result.units;
    assert.deepEqual(
      { id: unit?.id, text: unit?.text, question: unit?.question, position: unit?.position, speaker: unit?.speaker, kind: unit?.kind },
      { id: 'demo-7', text: 'Uniforms cost less', question: 'school-uniforms', position: 'pro', speaker: 'ada-lovelace', kind: 'argument' },
    );
    assert.deepEqual(result.speakers.map((s) => [s.id, s.name]), [['ada-lovelace', 'Ada Lovelace']]);
    assert.deepEqual(result.questions.map((q) => [q.id, q.title, q.positions.map((p) => p.id)]), [['school-uniforms', 'School uniforms', ['pro', 'con']]]);
  });

  it('when a French spreadsheet writes `;`, a byte order mark and CRLF, then the file reads the same', () => {
    const result = run('\uFEFFtexte;sujet;position\r\n"Oui, bien sûr";Faut-il ?;pour\r\nNon;Faut-il ?;contre\r\n');
    assert.deepEqual(result.units.map((u) => [u.text, u.position]), [['Oui, bien sûr', 'pro'], ['Non', 'con']]);
  });

  it('when a file is tab-separated, then tabs separate the fields', () => {
    const result = run('text\ttopic\tstance\nA, with a comma\tM\t-1\n');
    assert.deepEqual(result.units.map((u) => [u.text, u.question, u.position]), [['A, with a comma', 'm', 'con']]);
  });

  it('when columns have unusual names, then options name them', () => {
    const result = run('claimtext,motion_name,side\nA,M,against\n', { columns: { text: 'claimtext', topic: 'motion_name', stance: 'side' } });
    assert.equal(result.units[0]?.text, 'A');
    assert.equal(result.units[0]?.position, 'con');
  });

  it('when a named column is absent, then the message names it and lists the columns', () => {
    const problems = problemsOf(() => run('text,topic\nA,M\n', { columns: { stance: 'polarite' } }));
    assert.deepEqual(problems, ['args.csv:1: no column "polarite" for the stance (columns: text, topic)']);
  });

  it('when every stance spelling is used, then each maps to pro or con', () => {
    const pro = ['1', '+1', 'pro', 'Favor', 'for', 'Pour', 'yes', 'oui'];
    const con = ['-1', 'con', 'against', 'CONTRE', 'no', 'non'];
    assert.deepEqual(pro.map(parseStance), pro.map(() => 'pro'));
    assert.deepEqual(con.map(parseStance), con.map(() => 'con'));
    assert.equal(parseStance('maybe'), undefined);
  });

  it('when a stance is unknown, then the error names its line and value', () => {
    const problems = problemsOf(() => run('text,topic,stance\nA,M,1\nB,M,peut-être\n'));
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^args\.csv:3: unknown stance "peut-être" \(expected one of: 1\/-1, pro\/con/);
  });

  it('when the text column is missing, then the error says which column is required', () => {
    const problems = problemsOf(() => run('topic,stance\nM,1\n'));
    assert.match(problems[0] ?? '', /^args\.csv:1: missing required column for the text: name it one of text, argument/);
  });

  it('when a quote is never closed, then the error names the line where parsing stopped', () => {
    const problems = problemsOf(() => run('text,topic\nA,M\n"B,M\nC,M\n'));
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^args\.csv:\d+: the CSV does not parse \(a quoted field is never closed/);
  });

  it('when a closing quote is followed by text, then the error names that line', () => {
    const problems = problemsOf(() => run('text,topic\nA,M\n"B"x,M\n'));
    assert.match(problems[0] ?? '', /^args\.csv:3: the CSV does not parse \(a closing quote is followed by other characters/);
  });

  it('when rows are empty, then they are skipped with a warning naming their line', () => {
    const result = run('text,topic\nA,M\n\n,\nB,M\n');
    assert.equal(result.units.length, 2);
    assert.deepEqual(result.warnings, ['args.csv:3: empty row skipped', 'args.csv:4: empty row skipped']);
  });

  it('when a row has the wrong number of fields, then the error names its line', () => {
    const problems = problemsOf(() => run('text,topic\nA,M\nB,M,extra\n'));
    assert.deepEqual(problems, ['args.csv:3: 3 field(s) where the header has 2']);
  });

  it('when a quoted text spans lines, then the next rows keep their own line numbers', () => {
    const problems = problemsOf(() => run('text,topic,stance\n"two\nlines",M,1\nB,M,bad\n'));
    assert.deepEqual(problems.map((p) => p.split(': ')[0]), ['args.csv:4']);
  });

  it('when a row repeats an id, then the error names both lines', () => {
    const problems = problemsOf(() => run('id,text,topic\n1,A,M\n2,B,M\n1,C,M\n'));
    assert.deepEqual(problems, ['args.csv:4: duplicate row: id "1" is already used on line 2']);
  });

  it('when there is no id column and a row repeats topic and text, then it is a duplicate', () => {
    const problems = problemsOf(() => run('text,topic\nSame,M\nOther,M\nSame,M\n'));
    assert.deepEqual(problems, ['args.csv:4: duplicate row: same topic and text as line 2']);
  });

  it('when several rows are bad, then every problem is listed at once', () => {
    const problems = problemsOf(() => run('text,topic,stance\n,M,1\nA,,1\nB,M,zz\n'));
    assert.equal(problems.length, 3);
  });

  it('when rows name no speaker, then they get the explicit anonymous speaker', () => {
    const result = run('text,topic,speaker\nA,M,\nB,M,Bob\n');
    assert.deepEqual(result.units.map((u) => u.speaker), ['anonymous', 'bob']);
    assert.deepEqual(result.speakers.map((s) => [s.id, s.name]), [['anonymous', 'Anonymous contributor'], ['bob', 'Bob']]);
    assert.deepEqual(result.debate.participants, ['anonymous', 'bob']);
  });

  it('when the dataset is French, then positions and the anonymous speaker are labelled in French', () => {
    const result = run('texte,sujet,position\nA,Faut-il ?,pour\n', { language: 'fr', columns: { text: 'texte', topic: 'sujet' } });
    assert.deepEqual(result.questions[0]?.positions.map((p) => [p.id, p.label, p.labelEn]), [['pro', 'Pour', 'For'], ['con', 'Contre', 'Against']]);
    assert.equal(result.speakers[0]?.name, 'Contributeur anonyme');
  });

  it('when a speaker is known by an alias and a question exists, then both are reused and not written again', () => {
    const existing: Corpus = {
      ...emptyCorpus(),
      speakers: [{ id: 'sebastien-robin', name: 'Sébastien Robin', aliases: ['sebmaster'], links: [], description: '' }],
      questions: [{ id: 'school-uniforms', title: 'School uniforms', titleEn: 'School uniforms', description: '', positions: [{ id: 'pro', label: 'Oui', description: '' }, { id: 'con', label: 'Non', description: '' }] }],
    };
    const result = run('text,topic,author,stance\nA,School uniforms,SEBMASTER,no\nB,School uniforms,sébastien robin,yes\n', {}, existing);
    assert.deepEqual(result.units.map((u) => [u.speaker, u.signedAs ?? null]), [['sebastien-robin', 'sebmaster'], ['sebastien-robin', null]], 'an alias is kept as the signature');
    assert.equal(result.units[0]?.question, 'school-uniforms');
    assert.deepEqual(result.speakers, []);
    assert.deepEqual(result.questions, []);
  });

  it('when a new name gives the id of a different known speaker, then it stays a separate speaker and a warning says so', () => {
    const existing: Corpus = { ...emptyCorpus(), speakers: [{ id: 'jean-dupont', name: 'J. Dupont', aliases: [], links: [], description: '' }] };
    const result = run('text,topic,speaker\nA,M,Jean Dupont\n', {}, existing);
    const id = result.units[0]?.speaker ?? '';
    assert.match(id, /^jean-dupont-[0-9a-f]{6}$/);
    assert.deepEqual(result.speakers.map((s) => [s.id, s.name]), [[id, 'Jean Dupont']]);
    assert.deepEqual(result.warnings, [`"Jean Dupont" became speaker ${id}, apart from jean-dupont ("J. Dupont"): if they are one person, add "Jean Dupont" to the aliases of jean-dupont and import again`]);
  });

  it('when an existing question lacks a needed position, then the import is refused with the question named', () => {
    const existing: Corpus = {
      ...emptyCorpus(),
      questions: [{ id: 'm', title: 'M', titleEn: 'M', description: '', positions: [{ id: 'oui', label: 'Oui', description: '' }] }],
    };
    const problems = problemsOf(() => run('text,topic,stance\nA,M,1\nB,M,oui\n', {}, existing));
    assert.deepEqual(problems, ['args.csv:2: question "m" already exists without the position(s) pro: add them to it, or import under another topic']);
  });

  it('when the stance column holds position ids of an existing question, then they are kept as they are', () => {
    const existing: Corpus = {
      ...emptyCorpus(),
      questions: [{ id: 'stagiaire', title: 'Stagiaire ?', titleEn: 'Intern?', description: '', positions: [{ id: 'oui', label: 'Oui', description: '' }, { id: 'non', label: 'Non', description: '' }] }],
    };
    const result = run('text,question,position\nA,stagiaire,non\nB,stagiaire,oui\n', {}, existing);
    assert.deepEqual(result.units.map((u) => [u.question, u.position]), [['stagiaire', 'non'], ['stagiaire', 'oui']]);
    assert.deepEqual(result.questions, []);
  });

  it('when the same file is imported twice, even reordered, then unit ids are the same', () => {
    const first = run('text,topic\nAlpha,M\nBeta,N\n');
    const second = run('text,topic\nBeta,N\nAlpha,M\n');
    const idOf = (r: ReturnType<typeof run>, text: string): string | undefined => r.units.find((u) => u.text === text)?.id;
    assert.equal(idOf(first, 'Alpha'), idOf(second, 'Alpha'));
    assert.equal(idOf(first, 'Beta'), idOf(second, 'Beta'));
    assert.match(idOf(first, 'Alpha') ?? '', /^demo-[0-9a-f]{12}$/);
  });

  it('when no date is given and a date column exists, then the debate takes the earliest; without either, it has none and a warning says so', () => {
    const withColumn = run('text,topic,date\nA,M,2021-03-04T10:00:00Z\nB,M,2020-12-01\n', { date: undefined });
    assert.equal(withColumn.debate.date, '2020-12-01');
    const undated = run('text,topic\nA,M\n', { date: undefined });
    assert.equal(undated.debate.date, '');
    assert.ok(undated.warnings.some((w) => /no date for the debate/.test(w)), undated.warnings.join('\n'));
  });

  it('when a codes column is given, then each code is added after the stance, and unknown ones are errors naming the line', () => {
    const result = run('text,topic,stance,codes\nA,M,pro,m:con; m\nB,M,con,\n');
    assert.deepEqual(result.units[0]?.codes, [{ question: 'm', position: 'pro' }, { question: 'm', position: 'con' }, { question: 'm' }]);
    assert.deepEqual(result.units[1]?.codes, [{ question: 'm', position: 'con' }]);
    assert.deepEqual(problemsOf(() => run('text,topic,stance,codes\nA,M,pro,m:\n')), ['args.csv:2: code "m:" must be "question:position" or "question"']);
    assert.deepEqual(problemsOf(() => run('text,topic,stance,codes\nA,M,pro,nowhere:x\nB,M,con,m:maybe\n')), [
      'args.csv:2: code "nowhere:x": unknown question "nowhere"',
      'args.csv:3: code "m:maybe": unknown position "maybe" of question "m" (its positions: pro, con)',
    ]);
  });

  it('when licence, citation and a source column are given, then the debate carries them', () => {
    const result = run('text,topic,url\nA,M,https://example.org/a\nB,M,https://example.org/a\n', { licence: 'CC BY 4.0', licenceUrl: 'https://creativecommons.org/licenses/by/4.0/', citation: 'Doe 2024' });
    assert.equal(result.debate.licence, 'CC BY 4.0');
    assert.equal(result.debate.citation, 'Doe 2024');
    assert.equal(result.debate.medium, 'dataset');
    assert.deepEqual(result.debate.sources, [
      { title: 'CC BY 4.0', kind: 'licence', url: 'https://creativecommons.org/licenses/by/4.0/' },
      { title: 'Doe 2024', kind: 'citation' },
      { title: 'https://example.org/a', kind: 'source', url: 'https://example.org/a' },
    ]);
  });

  it('when relation columns name rows by id or units of the corpus, then they become reply-to, supports and attacks', () => {
    const existing: Corpus = { ...emptyCorpus(), units: [{ id: 'old-unit', debate: 'x', speaker: 's', kind: 'turn', text: 't', relations: [], order: 1 }] };
    const result = run('id,text,topic,kind,timecode,reply_to,supports,attacks\n1,A,M,turn,75,,,\n2,B,M,comment,01:02:03,1,1 old-unit,\n3,C,M,,,2,,"1, 2"\n', {}, existing);
    assert.deepEqual(
      result.units.map((u) => [u.id, u.kind, u.timecode ?? null, u.replyTo ?? null, u.relations.map((r) => `${r.type} ${r.target}`)]),
      [
        ['demo-1', 'turn', '01:15', null, []],
        ['demo-2', 'comment', '01:02:03', 'demo-1', ['supports demo-1', 'supports old-unit']],
        ['demo-3', 'argument', null, 'demo-2', ['attacks demo-1', 'attacks demo-2']],
      ],
    );
  });

  it('when a relation names nothing known, itself, or a unit kind is unknown, then each error names its line', () => {
    const problems = problemsOf(() => run('id,text,topic,kind,reply_to,supports\n1,A,M,turn,9,\n2,B,M,speech,,\n3,C,M,,,3\n'));
    assert.deepEqual(problems, [
      'args.csv:3: unknown kind "speech" (expected one of: argument, turn, comment, author-view)',
      'args.csv:2: reply-to "9" is neither an id of this file nor a unit of the corpus',
      'args.csv:4: supports names the row itself',
    ]);
  });

  it('when there is no topic column, then the units have no question; a stance without a topic is an error', () => {
    const result = run('text\nA\nB\n');
    assert.deepEqual(result.units.map((u) => u.question ?? null), [null, null]);
    assert.deepEqual(result.questions, []);
    assert.deepEqual(problemsOf(() => run('text,topic,stance\nA,,1\n')), ['args.csv:2: the row has a stance but no topic']);
  });

  describe('key points', () => {
    // Made-up rows in the shape of IBM ArgKP (arguments, key points, labels); no dataset text.
    const args = 'arg_id,argument,topic,stance\na1,Guns protect homes,Ban guns,-1\na2,Guns kill children,Ban guns,1\na3,Hunting is a tradition,Ban guns,-1\na4,Something else,Ban guns,1\n';
    const keyPoints = 'key_point_id,key_point,topic,stance\nkp_0,Guns give self protection,Ban guns,-1\nkp_1,Guns cause accidents,Ban guns,1\nkp_2,Guns are part of culture,Ban guns,-1\n';
    const labels = 'arg_id,key_point_id,label\na1,kp_0,1\na1,kp_2,0\na2,kp_1,1\na3,kp_2,1\na3,kp_0,1\na4,kp_1,0\n';
    const withKeyPoints = (l = labels, k = keyPoints): ReturnType<typeof run> =>
      run(args, { keyPoints: { keyPoints: k, keyPointsFile: 'kp.csv', labels: l, labelsFile: 'labels.csv' } });

    it('when key points are given, then the topic keeps pro and con and its key points are the positions of a second question', () => {
      const result = withKeyPoints();
      assert.deepEqual(result.questions.map((q) => q.id), ['ban-guns', 'ban-guns-key-points']);
      assert.deepEqual(result.questions[0]?.positions.map((p) => p.id), ['pro', 'con']);
      assert.equal(result.questions[1]?.title, 'Key points: Ban guns');
      assert.deepEqual(
        result.questions[1]?.positions.map((p) => [p.id, p.label, p.descriptionEn ?? '']),
        [
          ['con-kp_0', 'Guns give self protection', 'Key point kp_0 (Against).'],
          ['pro-kp_1', 'Guns cause accidents', 'Key point kp_1 (For).'],
          ['con-kp_2', 'Guns are part of culture', 'Key point kp_2 (Against).'],
        ],
      );
      // Described in both languages: `description` is the French text (data/README.md).
      assert.equal(result.questions[1]?.positions[0]?.description, 'Point clé kp_0 (contre).');
      assert.deepEqual(result.questions[0]?.positions.map((p) => p.descriptionEn ?? ''), ['', '']);
    });

    it('when an argument matches key points, then its stance is its first code and each key point one more code; none is dropped', () => {
      const result = withKeyPoints();
      const kp = (position: string) => ({ question: 'ban-guns-key-points', position });
      assert.deepEqual(
        result.units.map((u) => [u.id, u.codes]),
        [
          ['demo-a1', [{ question: 'ban-guns', position: 'con' }, kp('con-kp_0')]],
          ['demo-a2', [{ question: 'ban-guns', position: 'pro' }, kp('pro-kp_1')]],
          // Two key points, both kept, in the key-point file's order.
          ['demo-a3', [{ question: 'ban-guns', position: 'con' }, kp('con-kp_0'), kp('con-kp_2')]],
          ['demo-a4', [{ question: 'ban-guns', position: 'pro' }]],
        ],
      );
      assert.deepEqual(result.units.map((u) => u.position), ['con', 'pro', 'con', 'pro']);
      assert.deepEqual(result.warnings, []);
    });

    it('when a label names an unknown argument or key point, then the error names the labels line', () => {
      const problems = problemsOf(() => withKeyPoints('arg_id,key_point_id,label\na1,kp_0,1\nzz,kp_0,1\na1,kp_9,1\n'));
      assert.deepEqual(problems, ['labels.csv:3: unknown argument id "zz"', 'labels.csv:4: unknown key point id "kp_9"']);
    });

    it('when the arguments have no id column, then key points are refused with the reason', () => {
      const problems = problemsOf(() =>
        run('argument,topic\nA,Ban guns\n', { keyPoints: { keyPoints, keyPointsFile: 'kp.csv', labels, labelsFile: 'labels.csv' } }),
      );
      assert.match(problems[0] ?? '', /key points are matched by argument id: the file needs an id column/);
    });
  });
});
