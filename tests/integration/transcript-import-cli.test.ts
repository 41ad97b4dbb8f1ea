// `npm run import -- --format vtt|srt|transcript|docx` on temporary copies of the valid fixture
// corpus, run in this process through the script's own entry function (tests/helpers/run-cli.ts),
// and once as a real child process (the refused Word transcript): every transcript fixture imports into the authoring format, the corpus
// validates and round-trips through `npm run export -- --format json`; unknown speakers, broken
// lines and bad options are refused by file:line and leave the corpus as it was.

import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import type { Unit } from '../../server/corpus/model.ts';
import { handTypedInterview, otterLikeInterview } from '../helpers/docx-fixtures.ts';
import { copyCorpus, runCli, snapshotFolder, spawnScript, type CliRun } from '../helpers/run-cli.ts';

const FIXTURE = path.resolve('tests/fixtures/corpus-valid');
const TRANSCRIPTS = path.resolve('tests/fixtures/transcripts');

/** The script in this process: same arguments, output and exit code, without a new Node and tsx. */
const run = runCli;

const scratch: string[] = [];
after(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function workspace(): Promise<{ data: string; dir: string }> {
  const { data, dir } = await copyCorpus(FIXTURE, 'contrepoint-transcript-cli-');
  scratch.push(dir);
  return { data, dir };
}

/** Imports, then checks the corpus validates and that the JSON export gives back the imported units. */
async function importAndRoundTrip(data: string, args: string[], slug: string): Promise<{ run: CliRun; units: Unit[] }> {
  const imported = await run('import', ['--data', data, '--date', '2010-07', '--slug', slug, ...args]);
  assert.equal(imported.code, 0, imported.stderr);
  const { corpus } = await loadValidCorpus(data);
  const units = corpus.units.filter((u) => u.debate === slug);
  assert.ok(units.length > 0);
  const exported = await run('export', ['--data', data, '--format', 'json', '--debate', slug]);
  assert.equal(exported.code, 0, exported.stderr);
  const json = JSON.parse(exported.stdout) as { units: Unit[]; debates: { slug: string }[] };
  assert.deepEqual(
    json.units,
    units.map(({ origin: _origin, ...rest }) => rest),
  );
  assert.deepEqual(
    json.debates.map((d) => d.slug),
    [slug],
  );
  return { run: imported, units };
}

/** "speaker start end signed-as continues", empty fields at the end left out. */
const brief = (units: Unit[]): string[] =>
  units.map((u) => {
    const fields = [u.speaker, u.timecode ?? '-', u.endTimecode ?? '-', u.signedAs ?? '-', u.continues ?? '-'];
    while (fields[fields.length - 1] === '-') fields.pop();
    return fields.join(' ');
  });

describe('npm run import -- --format vtt|srt|transcript|docx', () => {
  it('imports WebVTT fixtures (YouTube-like, Descript-like voices, Otter-like names) with media', async () => {
    const { data } = await workspace();
    const youtube = await importAndRoundTrip(
      data,
      ['--format', 'vtt', path.join(TRANSCRIPTS, 'youtube-auto.vtt'), '--language', 'fr', '--media', 'https://www.youtube.com/watch?v=abc', '--media-offset', '0:05'],
      'yt',
    );
    assert.deepEqual(brief(youtube.units), ['sandra 00:01 00:08', 'sebastien-robin 00:07 00:15 sebmaster', 'genaro 00:14 00:25']);
    assert.match(youtube.run.stdout, /imported "youtube-auto\.vtt" as yt: 3 turns in 3 units, 3 speakers \(0 new\), 00:24 of recording/);
    const written = await readFile(path.join(data, 'debates/yt.md'), 'utf8');
    assert.match(written, /^media: https:\/\/www\.youtube\.com\/watch\?v=abc\nmedia-offset: 00:05$/m);
    assert.match(written, /^## yt-002\n- speaker: sebastien-robin\n- kind: turn\n- timecode: 00:07\n- end: 00:15\n- signed-as: sebmaster\n\nLe community management/m);

    const descript = await importAndRoundTrip(data, ['--format', 'vtt', path.join(TRANSCRIPTS, 'descript-voices.vtt'), '--media', 'https://example.org/panel.mp4'], 'descript');
    assert.deepEqual(brief(descript.units), ['sandra 00:00 00:07', 'sebastien-robin 00:06 00:12', 'yvain-ducrocq 00:12 00:14 Yvain', 'sebastien-robin 00:12 00:14', 'yvain-ducrocq 00:13 01:08 Yvain']);
    assert.equal(descript.units[4]?.text, "Sorry — go on, I'll answer after.\n\nInterns can do it, with a good brief.");

    const otter = await importAndRoundTrip(data, ['--format', 'vtt', path.join(TRANSCRIPTS, 'otter-names.vtt'), '--speaker', 'Speaker 1=sandra', '--speaker', 'Speaker 2=Yvain'], 'otter-vtt');
    assert.deepEqual(brief(otter.units), ['sandra 00:00 00:10', 'yvain-ducrocq 00:09 00:19', 'sandra 01:05 01:10']);
  });

  it('imports SubRip fixtures: Aegisub-like French dialogue, Sonix-like labels created, subtitles that name nobody', async () => {
    const { data } = await workspace();
    const aegisub = await importAndRoundTrip(data, ['--format', 'srt', path.join(TRANSCRIPTS, 'aegisub-dialogue.srt'), '--language', 'fr'], 'aegisub');
    assert.deepEqual(brief(aegisub.units), ['sandra 00:02 00:08', 'sebastien-robin 00:08 00:12', 'genaro 00:11 00:14', 'sandra 00:11 00:14', 'genaro 00:14 00:20', 'sandra 01:00 01:03']);

    const sonix = await importAndRoundTrip(data, ['--format', 'srt', path.join(TRANSCRIPTS, 'sonix-speakers.srt'), '--create-speakers'], 'sonix');
    assert.deepEqual(brief(sonix.units), ['speaker-1 00:00 00:04', 'speaker-2 00:03 00:12', 'speaker-1 00:12 00:17', 'speaker-2 00:16 00:22']);
    assert.match(sonix.run.stdout, /wrote .*speakers\/sonix\.yaml/);
    assert.match(await readFile(path.join(data, 'speakers/sonix.yaml'), 'utf8'), /- id: speaker-1\n {2}name: Speaker 1/);

    const nobody = await importAndRoundTrip(data, ['--format', 'srt', path.join(TRANSCRIPTS, 'no-speakers.srt'), '--speaker', '?=genaro'], 'nobody');
    assert.deepEqual(brief(nobody.units), ['genaro 00:00 00:09']);
  });

  it('imports plain-text fixtures in each layout, detected or chosen, with long turns split', async () => {
    const { data } = await workspace();
    const rev = await importAndRoundTrip(data, ['--format', 'transcript', path.join(TRANSCRIPTS, 'rev-colon-fr.txt'), '--language', 'fr'], 'rev');
    assert.deepEqual(brief(rev.units), ['sandra', 'sebastien-robin', 'sandra', 'sebastien-robin - - Sébastien']);
    assert.match(rev.run.stdout, /\(layout colon\): 4 turns in 4 units, 2 speakers \(0 new\), no time codes/);
    const { corpus } = await loadValidCorpus(data);
    assert.match(corpus.debates.find((d) => d.slug === 'rev')?.summary ?? '', /^Entretien avec Sébastien Robin/);

    const zoom = await importAndRoundTrip(data, ['--format', 'transcript', path.join(TRANSCRIPTS, 'zoom-bracket-en.txt')], 'zoom');
    assert.deepEqual(brief(zoom.units), ['sandra 00:02', 'yvain-ducrocq 00:09', 'sandra 00:15', 'yvain-ducrocq 00:17', 'sandra 01:02', 'yvain-ducrocq 01:04 - Yvain']);
    assert.equal(zoom.units[3]?.text, 'In 2009 a brand I worked for answered an angry customer with a press release.\nThe customer posted the answer everywhere.\n\nIt took us months to recover.');

    // A turn of about 3,000 characters in six paragraphs: split under the 2,500 default, at a paragraph.
    const long = await importAndRoundTrip(data, ['--format', 'transcript', path.join(TRANSCRIPTS, 'long-turn-fr.txt'), '--language', 'fr'], 'long');
    assert.deepEqual(brief(long.units), ['sandra 00:00', 'sebastien-robin 00:06', 'sebastien-robin - - - long-002', 'sandra 04:31']);
    assert.ok((long.units[1]?.text.length ?? 0) <= 2500);
    assert.match(long.units[2]?.text ?? '', /^[A-Z]/);
    assert.match(long.run.stderr, /1 long turn part\(s\) split at paragraph boundaries/);
    const shorter = await importAndRoundTrip(data, ['--format', 'transcript', path.join(TRANSCRIPTS, 'long-turn-fr.txt'), '--language', 'fr', '--max-turn-chars', '700'], 'shorter');
    assert.ok(shorter.units.length > 4);
    assert.ok(shorter.units.filter((u) => u.continues).every((u, i, parts) => u.continues === (i === 0 ? 'shorter-002' : parts[i - 1]?.id)));

    const descript = await importAndRoundTrip(data, ['--format', 'transcript', path.join(TRANSCRIPTS, 'descript-name-time.txt')], 'descript-text');
    assert.deepEqual(brief(descript.units).slice(-1), ['genaro 01:02:03']);
    const sonix = await importAndRoundTrip(data, ['--format', 'transcript', path.join(TRANSCRIPTS, 'sonix-name-colon-time.txt'), '--layout', 'name-time'], 'sonix-text');
    assert.deepEqual(brief(sonix.units), ['sandra 00:01', 'genaro 00:03', 'sandra 00:10']);
    const otter = await importAndRoundTrip(
      data,
      ['--format', 'transcript', path.join(TRANSCRIPTS, 'otter-block.txt'), '--speaker', 'Speaker 1=sandra', '--speaker', 'Speaker 2=sebmaster', '--speaker', 'Speaker 3=Yvain Ducrocq'],
      'otter-text',
    );
    assert.deepEqual(brief(otter.units), ['sandra 00:00', 'sebastien-robin 00:04', 'sandra 01:05', 'yvain-ducrocq 01:09']);
    const lines = await importAndRoundTrip(data, ['--format', 'transcript', path.join(TRANSCRIPTS, 'speaker-lines-fr.txt'), '--layout', 'speaker-lines'], 'lines');
    assert.deepEqual(brief(lines.units), ['genaro', 'sandra', 'genaro', 'yvain-ducrocq - - Yvain']);
  });

  it('imports Word documents built with the docx library', async () => {
    const { data, dir } = await workspace();
    const otterDocx = path.join(dir, 'entretien.docx');
    await writeFile(otterDocx, await otterLikeInterview());
    const otter = await importAndRoundTrip(data, ['--format', 'docx', otterDocx, '--language', 'fr', '--media', 'https://vimeo.com/123'], 'entretien');
    assert.deepEqual(brief(otter.units), ['sandra 00:00', 'sebastien-robin 00:06', 'sandra 00:31', 'genaro 01:02:03']);
    assert.match(otter.run.stdout, /\(layout block\): 4 turns in 4 units, 3 speakers \(0 new\), 01:02:03 of recording/);

    const typed = path.join(dir, 'typed.docx');
    await writeFile(typed, await handTypedInterview());
    const before = await snapshotFolder(data);
    const refused = await spawnScript('import', ['--data', data, '--date', '2010', '--format', 'docx', typed]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /typed\.docx: paragraph 5: "00:0x:10" after Sandra is not a time/);
    assert.deepEqual(await snapshotFolder(data), before);
    const skipped = await importAndRoundTrip(data, ['--format', 'docx', typed, '--skip-broken'], 'typed');
    assert.deepEqual(brief(skipped.units), ['sandra 00:02', 'yvain-ducrocq 00:05', 'sandra 00:14']);
    assert.match(skipped.run.stderr, /warning: .*typed\.docx: paragraph 5: .*\(left out\)/);
  });

  it('refuses unknown speakers, broken lines, a fake .docx and bad options, writing nothing', async () => {
    const { data, dir } = await workspace();
    const before = await snapshotFolder(data);
    const cases: [string[], RegExp, number][] = [
      [['--format', 'transcript', path.join(TRANSCRIPTS, 'otter-block.txt')], /otter-block\.txt:3: unknown speaker "Speaker 1" \(2 cue\(s\)\)[\s\S]*otter-block\.txt:15: unknown speaker "Speaker 3"/, 1],
      [['--format', 'transcript', path.join(TRANSCRIPTS, 'broken-bracket.txt')], /broken-bracket\.txt:2: "\[00:0:61\]" is not a time[\s\S]*broken-bracket\.txt:3: text that follows[\s\S]*broken-bracket\.txt:5: unknown speaker "Stranger Danger"/, 1],
      [['--format', 'vtt', path.join(TRANSCRIPTS, 'broken.vtt')], /broken\.vtt:6: the cue timing[\s\S]*broken\.vtt:12: the cue ends before it starts/, 1],
      [['--format', 'srt', path.join(TRANSCRIPTS, 'broken.srt')], /broken\.srt:6: [\s\S]*broken\.srt:9: "three" should be the subtitle's number[\s\S]*broken\.srt:13: a subtitle without a timing line/, 1],
      [['--format', 'docx', path.join(TRANSCRIPTS, 'zoom-bracket-en.txt')], /not a Word document/, 1],
      [['--format', 'vtt', path.join(TRANSCRIPTS, 'youtube-auto.vtt'), '--media-offset', '0:05'], /--media-offset needs --media/, 2],
      [['--format', 'vtt', path.join(TRANSCRIPTS, 'youtube-auto.vtt'), '--layout', 'colon'], /--layout is for plain-text and Word/, 2],
      [['--format', 'vtt', path.join(TRANSCRIPTS, 'youtube-auto.vtt'), '--media', 'ftp://example.org/a.mp3'], /`media` of front matter must be an http\(s\) URL/, 1],
      [['--format', 'vtt', path.join(dir, 'missing.vtt')], /missing\.vtt: cannot read the file \(ENOENT\)/, 1],
      [['--format', 'csv', path.join(TRANSCRIPTS, 'youtube-auto.vtt'), '--speaker', 'a=b', '--layout', 'colon'], /--layout, --speaker: for transcripts \(vtt, srt, transcript, docx\) only/, 2],
    ];
    for (const [args, message, code] of cases) {
      const result = await run('import', ['--data', data, '--date', '2010', ...args]);
      assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.deepEqual(await snapshotFolder(data), before, `${args.join(' ')} changed the corpus`);
    }
  });
});
