// The transcript readers on fixtures written like the usual tools' exports: what each cue says,
// who says it and when, and where a broken line is. Then turns, speakers and media links.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { describeMedia, displayTimecode, mediaLinkAt } from '../../server/media.ts';
import { ImportError } from '../../server/io/imported.ts';
import { isSpeakerLabel, parseClock, secondsToTimecode, splitSpeakerPrefix } from '../../server/io/transcript/cue.ts';
import { readDocx } from '../../server/io/transcript/docx.ts';
import { importTranscript, parseSpeakerMappings, transcriptFigures } from '../../server/io/transcript/import.ts';
import { detectLayout, readPlainText } from '../../server/io/transcript/plain-text.ts';
import { readSrt } from '../../server/io/transcript/srt.ts';
import { mergeTurns, splitTurns } from '../../server/io/transcript/turns.ts';
import { readVtt } from '../../server/io/transcript/vtt.ts';
import { handTypedInterview, otterLikeInterview } from '../helpers/docx-fixtures.ts';

const DIR = path.resolve('tests/fixtures/transcripts');
const fixture = (name: string): string => readFileSync(path.join(DIR, name), 'utf8');
const summary = (cues: { line: number; start?: number; speaker?: string }[]): string[] => cues.map((c) => `${c.line} ${c.start ?? '-'} ${c.speaker ?? '(none)'}`);

describe('clock times and speaker labels', () => {
  it('reads the clock forms of subtitles and transcripts, and refuses impossible ones', () => {
    assert.equal(parseClock('00:01:02.500'), 62.5);
    assert.equal(parseClock('00:01:02,5'), 62.5);
    assert.equal(parseClock('1:02:03'), 3723);
    assert.equal(parseClock('2:03'), 123);
    assert.equal(parseClock('0:61'), undefined);
    assert.equal(parseClock('1:60:00'), undefined);
    assert.equal(parseClock('00:0x:10'), undefined);
    assert.equal(secondsToTimecode(62.9), '01:02');
    assert.equal(secondsToTimecode(3723), '01:02:03');
  });

  it('takes names, handles and generic labels for speakers, not ordinary sentences with a colon', () => {
    for (const label of ['Sandra', 'SÉBASTIEN ROBIN', 'Speaker 1', 'sebmaster', 'Jean de la Fontaine']) assert.ok(isSpeakerLabel(label), label);
    for (const label of ['Note', 'Bref', 'Il a dit', 'the point is this', 'Why?', '12']) assert.ok(!isSpeakerLabel(label), label);
    assert.deepEqual(splitSpeakerPrefix('Sandra : Bonjour à tous'), { speaker: 'Sandra', rest: 'Bonjour à tous' });
    assert.equal(splitSpeakerPrefix('Il a dit: non'), undefined);
    assert.equal(splitSpeakerPrefix('https://example.org'), undefined);
  });
});

describe('WebVTT', () => {
  it('reads YouTube-like captions: header lines, >> speaker changes, wrapped lines, entities', () => {
    const read = readVtt(fixture('youtube-auto.vtt'));
    assert.deepEqual(read.broken, []);
    assert.deepEqual(summary(read.cues), ['6 1.04 SANDRA', '10 4.31 (none)', '13 7.52 SEBMASTER', '17 11 (none)', '20 14.2 génaro', '23 21 Génaro']);
    assert.equal(read.cues[0]?.text, 'Bonsoir et bienvenue dans ce numéro zéro de Narocast.');
    assert.equal(read.cues[3]?.text, "Il faut de l'expérience & du recul.");
  });

  it('reads voice tags, skips NOTE and STYLE blocks, keeps overlapping voices apart, strips styling', () => {
    const read = readVtt(fixture('descript-voices.vtt'));
    assert.deepEqual(read.broken, []);
    assert.deepEqual(
      read.cues.map((c) => `${c.speaker}: ${c.text}`),
      [
        'Sandra: Welcome, everyone. Tonight: community management.',
        "Sandra: Is it an intern's job?",
        'Sébastien Robin: No. Absolutely not.',
        'Sébastien Robin: It takes years to build a relationship with a community.',
        'Yvain: But',
        'Sébastien Robin: let me finish.',
        "Yvain: Sorry — go on, I'll answer after.",
        'Yvain: Interns can do it, with a good brief.',
      ],
    );
    assert.ok(!read.cues.some((c) => /corrected by hand|color/.test(c.text)));
  });

  it('reports a broken timing and a cue that ends before it starts, by line, and reads the rest', () => {
    const read = readVtt(fixture('broken.vtt'));
    assert.deepEqual(read.broken.map((b) => b.line), [6, 12]);
    assert.match(read.broken[0]?.message ?? '', /00:00:0x\.000.*does not parse/);
    assert.deepEqual(summary(read.cues), ['4 1 Sandra', '10 6 Génaro']);
    assert.deepEqual(readVtt('1\n00:00:01.000 --> 00:00:02.000\nHi\n').broken[0]?.line, 1);
  });
});

describe('SubRip', () => {
  it('reads Aegisub-like subtitles: ASS overrides, italics, font tags, dialogue dashes, French colons', () => {
    const read = readSrt(fixture('aegisub-dialogue.srt'));
    assert.deepEqual(read.broken, []);
    assert.deepEqual(summary(read.cues), ['3 2 SANDRA', '7 5.5 (none)', '11 8 SÉBASTIEN ROBIN', '15 11.25 Génaro', '16 11.25 Sandra', '20 14 GÉNARO', '25 60 SANDRA']);
    assert.equal(read.cues[0]?.text, 'Bienvenue à tous pour ce débat.');
    assert.equal(read.cues[6]?.text, "On s'arrête là.");
  });

  it('reads CRLF subtitles that name nobody', () => {
    const read = readSrt(fixture('no-speakers.srt'));
    assert.deepEqual(summary(read.cues), ['3 0 (none)', '7 2 (none)', '11 6.5 (none)']);
  });

  it('reports a short arrow, a counter that is not a number and text without a timing, by line', () => {
    const read = readSrt(fixture('broken.srt'));
    assert.deepEqual(read.broken.map((b) => b.line), [6, 9, 13]);
    assert.deepEqual(summary(read.cues), ['3 1 Sandra']);
  });
});

describe('plain-text transcripts', () => {
  const layouts: [string, string][] = [
    ['rev-colon-fr.txt', 'colon'],
    ['zoom-bracket-en.txt', 'bracket'],
    ['descript-name-time.txt', 'name-time'],
    ['sonix-name-colon-time.txt', 'name-time'],
    ['otter-block.txt', 'block'],
    ['speaker-lines-fr.txt', 'speaker-lines'],
    ['broken-bracket.txt', 'bracket'],
  ];
  for (const [file, layout] of layouts) {
    it(`detects the ${layout} layout of ${file}`, () => assert.equal(detectLayout(fixture(file)), layout));
  }

  it('colon: keeps the title as preamble, paragraphs, handles and French spacing', () => {
    const read = readPlainText(fixture('rev-colon-fr.txt'));
    assert.equal(read.preamble, "Entretien avec Sébastien Robin — Narocast, juillet 2010\nTranscription relue par l'équipe.");
    assert.deepEqual(summary(read.cues), ['4 - Sandra', '6 - Sébastien Robin', '11 - sebmaster', '13 - Sandra', '16 - SANDRA', '18 - Sébastien']);
    assert.equal(read.cues[1]?.text.split('\n\n').length, 2);
    assert.match(read.cues[3]?.text ?? '', /^Note: on reviendra.*\nBref : passons/);
  });

  it('bracket, name-time and block layouts carry the start times', () => {
    assert.deepEqual(summary(readPlainText(fixture('zoom-bracket-en.txt')).cues).slice(-2), ['9 62 Sandra', '10 64 Yvain']);
    assert.deepEqual(summary(readPlainText(fixture('descript-name-time.txt')).cues).slice(-1), ['12 3723 Génaro']);
    assert.deepEqual(summary(readPlainText(fixture('sonix-name-colon-time.txt')).cues), ['1 1 Sandra', '3 3 Génaro', '5 6 Génaro', '7 10 Sandra']);
    assert.deepEqual(summary(readPlainText(fixture('otter-block.txt')).cues), ['3 0 Speaker 1', '6 4 Speaker 2', '9 12 Speaker 2', '12 65 Speaker 1', '15 69 Speaker 3']);
  });

  it('a layout given explicitly wins over detection', () => {
    const read = readPlainText(fixture('zoom-bracket-en.txt'), 'colon');
    assert.equal(read.layout, 'colon');
    assert.equal(read.cues.length, 0, 'no line starts with a bare "Name:" when read as the colon layout');
  });

  it('reports a broken time and the text it orphans, by line', () => {
    const read = readPlainText(fixture('broken-bracket.txt'));
    assert.deepEqual(read.broken.map((b) => b.line), [2, 3]);
    assert.match(read.broken[0]?.message ?? '', /\[00:0:61\]" is not a time/);
  });
});

describe('Word documents', () => {
  it('reads an Otter-like .docx built by the docx library, with paragraphs and soft breaks', async () => {
    const read = await readDocx(await otterLikeInterview());
    assert.equal(read.layout, 'block');
    assert.equal(read.preamble, 'Entretien — Narocast #0');
    assert.deepEqual(read.cues.map((c) => `${read.place(c.line)} ${c.start} ${c.speaker}`), ['paragraph 2 0 SANDRA', 'paragraph 4 6 SÉBASTIEN ROBIN', 'paragraph 7 31 SANDRA', 'paragraph 9 3723 GÉNARO']);
    assert.equal(read.cues[1]?.text, 'Non. Il faut du temps pour connaître une communauté.\n\nEt une marque qui change de voix tous les six mois la perd.');
    assert.equal(read.cues[3]?.text, 'Oui, avec une nuance.\nLa suite plus tard.');
  });

  it('reports a mistyped time code by paragraph', async () => {
    const read = await readDocx(await handTypedInterview());
    assert.equal(read.layout, 'name-time');
    assert.deepEqual(read.broken.map((b) => read.place(b.line)), ['paragraph 5']);
    assert.equal(read.cues.length, 4);
  });
});

describe('turns', () => {
  it('merges consecutive cues of one speaker, a long pause making a new paragraph', () => {
    const turns = mergeTurns([
      { line: 1, start: 0, end: 2, text: 'Un.', speakerId: 'a' },
      { line: 2, start: 2, end: 4, text: 'Deux.', speakerId: 'a' },
      { line: 3, start: 9, end: 10, text: 'Trois.', speakerId: 'a' },
      { line: 4, start: 10, end: 12, text: 'Autre.', speakerId: 'b' },
    ]);
    assert.equal(turns.length, 2);
    assert.deepEqual(turns[0]?.paragraphs, [
      { text: 'Un. Deux.', start: 0, end: 4 },
      { text: 'Trois.', start: 9, end: 10 },
    ]);
  });

  it('splits a long turn at paragraph boundaries, each part with its own start', () => {
    const long = 'x'.repeat(150);
    const parts = splitTurns(
      [{ speaker: 'a', line: 1, paragraphs: [{ text: long, start: 0, end: 10 }, { text: long, start: 10, end: 20 }, { text: long, start: 20, end: 30 }] }],
      320,
    );
    assert.deepEqual(parts.map((p) => [p.part, p.start, p.end, p.text.length]), [
      [1, 0, 20, 302],
      [2, 20, 30, 150],
    ]);
  });
});

describe('importTranscript', async () => {
  const { corpus } = await loadValidCorpus(path.resolve('tests/fixtures/corpus-valid'));
  const options = { file: 'x.vtt', slug: 'x', date: '2010-07', language: 'fr' };

  it('finds speakers by name and alias, case and accents folded, and signs with the alias', () => {
    const imported = importTranscript(readVtt(fixture('youtube-auto.vtt')), options, corpus);
    assert.deepEqual(imported.units.map((u) => [u.id, u.speaker, u.timecode, u.endTimecode, u.signedAs]), [
      ['x-001', 'sandra', '00:01', '00:08', undefined],
      ['x-002', 'sebastien-robin', '00:07', '00:15', 'sebmaster'],
      ['x-003', 'genaro', '00:14', '00:25', undefined],
    ]);
    assert.deepEqual(imported.speakers, []);
    assert.equal(imported.units[2]?.text, 'Je suis d’accord avec Sébastien.\n\nMais la marque doit rester maître de sa parole.');
    assert.deepEqual(transcriptFigures(imported), { turns: 3, units: 3, speakers: 3, newSpeakers: 0, duration: '00:24' });
  });

  it('stops on unknown speakers, naming each with its first line and count', () => {
    assert.throws(
      () => importTranscript(readPlainText(fixture('otter-block.txt')), options, corpus),
      (error: unknown) => {
        assert.ok(error instanceof ImportError);
        assert.deepEqual(
          error.problems.map((p) => p.split(' (')[0]),
          ['x.vtt:3: unknown speaker "Speaker 1"', 'x.vtt:6: unknown speaker "Speaker 2"', 'x.vtt:15: unknown speaker "Speaker 3"'],
        );
        return true;
      },
    );
  });

  it('maps labels with --speaker, and creates the others only when asked', () => {
    const map = parseSpeakerMappings(['Speaker 1=sandra', 'speaker 2=Sébastien']);
    const imported = importTranscript(readPlainText(fixture('otter-block.txt')), { ...options, speakerMap: map, createSpeakers: true }, corpus);
    assert.deepEqual(imported.units.map((u) => u.speaker), ['sandra', 'sebastien-robin', 'sandra', 'speaker-3']);
    assert.deepEqual(imported.speakers.map((s) => [s.id, s.name]), [['speaker-3', 'Speaker 3']]);
    assert.throws(() => parseSpeakerMappings(['Speaker 1']), ImportError);
    assert.throws(() => importTranscript(readPlainText(fixture('otter-block.txt')), { ...options, speakerMap: parseSpeakerMappings(['Speaker 1=nobody']), createSpeakers: true }, corpus), /"nobody", which is no speaker/);
  });

  it('puts a label that is not a speaker back into the text of the turn before', () => {
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nSandra: On se souvient.\n\n00:00:03.000 --> 00:00:05.000\nRemember: the brand is a person.\n';
    assert.throws(() => importTranscript(readVtt(vtt), options, corpus), /x\.vtt:7: unknown speaker "Remember".*--not-speaker "Remember"/);
    const imported = importTranscript(readVtt(vtt), { ...options, notSpeakers: new Set(['remember']) }, corpus);
    assert.deepEqual(imported.units.map((u) => [u.speaker, u.text]), [['sandra', 'On se souvient. Remember: the brand is a person.']]);
  });

  it('stops on broken lines, or leaves them out with skipBroken', () => {
    assert.throws(() => importTranscript(readVtt(fixture('broken.vtt')), options, corpus), /x\.vtt:6: the cue timing[\s\S]*x\.vtt:12: the cue ends before it starts[\s\S]*--skip-broken/);
    const imported = importTranscript(readVtt(fixture('broken.vtt')), { ...options, skipBroken: true }, corpus);
    assert.equal(imported.units.length, 2);
    assert.ok(imported.warnings.some((w) => w.startsWith('x.vtt:6: ') && w.endsWith('(left out)')));
  });

  it('splits long turns into continuing parts', () => {
    const imported = importTranscript(readPlainText(fixture('zoom-bracket-en.txt')), { ...options, maxTurnChars: 90 }, corpus);
    const parts = imported.units.filter((u) => u.continues);
    assert.ok(parts.length > 0);
    for (const part of parts) assert.match(part.id, /^x-\d{3}-\d$/);
    assert.equal(imported.units.find((u) => u.id === 'x-004-2')?.continues, 'x-004');
  });

  it('refuses an import without a date or without speech', () => {
    assert.throws(() => importTranscript(readVtt('WEBVTT\n'), { file: 'e.vtt', slug: 'e' }, corpus), /no speech found[\s\S]*pass --date/);
  });
});

describe('media', () => {
  it('tells files from platforms and links a time code to the moment, offset added', () => {
    const audio = describeMedia('https://example.org/a/interview.MP3', '00:05');
    assert.deepEqual(audio, { url: 'https://example.org/a/interview.MP3', kind: 'audio', offset: 5 });
    assert.equal(mediaLinkAt(audio, '01:02'), 'https://example.org/a/interview.MP3#t=67');
    assert.equal(describeMedia('https://example.org/v.webm')?.kind, 'video');
    assert.equal(mediaLinkAt(describeMedia('https://www.youtube.com/watch?v=abc'), '1:02:03'), 'https://www.youtube.com/watch?v=abc&t=3723s');
    assert.equal(mediaLinkAt(describeMedia('https://youtu.be/abc'), '00:10'), 'https://youtu.be/abc?t=10s');
    assert.equal(mediaLinkAt(describeMedia('https://vimeo.com/12345'), '00:10'), 'https://vimeo.com/12345#t=10s');
    assert.equal(mediaLinkAt(describeMedia('https://www.dailymotion.com/video/x7'), '00:10'), 'https://www.dailymotion.com/video/x7?start=10');
    assert.equal(mediaLinkAt(describeMedia('https://tube.example.net/w/abcDEF1'), '00:10'), 'https://tube.example.net/w/abcDEF1?start=10s');
    assert.equal(mediaLinkAt(describeMedia('https://example.org/about'), '00:10'), undefined);
    assert.equal(describeMedia('javascript:alert(1)'), undefined);
    assert.equal(mediaLinkAt(undefined, '00:10'), undefined);
  });

  it('shows time codes as people read them', () => {
    assert.equal(displayTimecode('01:02:03'), '1:02:03');
    assert.equal(displayTimecode('00:05'), '0:05');
    assert.equal(displayTimecode('12:30'), '12:30');
  });
});
