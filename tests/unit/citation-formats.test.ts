import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import type { CorpusIndex } from '../../server/corpus/model.ts';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { citationKey, kindNote, toBibtex, toCslJson, toRis } from '../../server/services/citation-formats.ts';
import { citationRecord, unitCitationRecord, type CitationRecord } from '../../server/services/citations.ts';
import { ROOT_DIR } from '../helpers/start-app.ts';

let index: CorpusIndex;
before(async () => {
  ({ index } = await loadValidCorpus(path.join(ROOT_DIR, 'data')));
});

const ACCESSED = new Date('2026-12-01T10:00:00Z');

/** A record with every character BibTeX and RIS could choke on. */
function nasty(): CitationRecord {
  const record = unitCitationRecord(index, 'seb-pas-stagiaire', 'https://contrepoint.example', ACCESSED);
  return { ...record, id: 'weird id/é', excerpt: 'Braces {open and} 50% & #1 _x_ $5 \\back ~tilde^ "quoted"\nsecond line', speakerName: 'Zoé {Lefèvre} & Co' };
}

async function parse(text: string, type: string): Promise<Record<string, unknown>[]> {
  return (await Cite.async(text, { forceType: type })).data;
}

describe('citation records', () => {
  it('when an argument sits in a post with an author’s view, then it is the author’s summary of what the speaker said', () => {
    const record = unitCitationRecord(index, 'seb-pas-stagiaire', 'http://x', ACCESSED);
    assert.equal(record.speakerName, 'Sébastien Robin');
    assert.equal(record.reportedBy, 'Genaro');
    assert.equal(record.sourceHost, 'narominded.com');
    assert.equal(record.accessed, '2026-12-01');
    assert.equal(record.url, 'http://x/u/seb-pas-stagiaire');
    assert.equal(kindNote(record), 'Summary by Genaro of what Sébastien Robin said');
  });

  it('when a comment is signed with another name, then the signature and the canonical name are both kept', () => {
    const signed = index.corpus.units.find((u) => u.kind === 'comment' && u.signedAs && u.signedAs !== index.speakerById.get(u.speaker)?.name);
    assert.ok(signed, 'the seed has a comment signed with an alias');
    const record = citationRecord(index, signed, 'http://x', ACCESSED);
    assert.equal(record.signedAs, signed.signedAs);
    assert.equal(record.reportedBy, null);
    assert.match(kindNote(record), new RegExp(`^Comment by ${record.speakerName} \\(signed "${signed.signedAs}"\\)$`));
  });

  it('when the unit is a transcript turn, then its time code is part of what it is', () => {
    const record: CitationRecord = { ...unitCitationRecord(index, 'seb-pas-stagiaire', 'http://x', ACCESSED), kind: 'turn', timecode: '01:02' };
    assert.equal(kindNote(record), 'Transcript turn by Sébastien Robin at 01:02');
  });
});

describe('BibTeX', () => {
  it('when every unit of the seed is written, then a BibTeX parser reads back one entry each with author, title, URL, date and access date', async () => {
    const records = index.corpus.units.map((u) => citationRecord(index, u, 'https://contrepoint.example', ACCESSED));
    const text = toBibtex(records);
    const entries = await parse(text, '@bibtex/text');
    assert.equal(entries.length, records.length);
    // biblatex's access date (citation-js does not map urldate back, so it is read in the text).
    assert.equal(text.match(/^ {2}urldate = \{2026-12-01\},$/gm)?.length, records.length);
    const seb = entries.find((e) => e.id === 'contrepoint:seb-pas-stagiaire');
    assert.ok(seb);
    assert.deepEqual(seb.author, [{ literal: 'Sébastien Robin' }].map((a) => ({ family: a.literal })));
    assert.equal(seb.URL, 'https://contrepoint.example/u/seb-pas-stagiaire');
    assert.deepEqual((seb.issued as { 'date-parts': number[][] })['date-parts'], [[2010, 7]]);
    assert.match(String(seb.note), /Summary by Genaro of what Sébastien Robin said/);
  });

  it('when the text holds braces, percent, ampersand, backslash and a line break, then it is escaped and reads back as written', async () => {
    const record = nasty();
    const [entry] = await parse(toBibtex([record]), '@bibtex/text');
    assert.ok(entry);
    assert.equal(entry.id, citationKey(record));
    assert.match(citationKey(record), /^contrepoint:[A-Za-z0-9_:-]+$/);
    assert.equal(entry.title, 'Braces {open and} 50% & #1 _x_ $5 \\back ~tilde^ "quoted" second line');
    assert.deepEqual(entry.author, [{ family: 'Zoé {Lefèvre} & Co' }]);
  });
});

describe('RIS', () => {
  it('when units are written, then a RIS parser reads back each entry with its author, title, URL and year', async () => {
    const records = [unitCitationRecord(index, 'seb-pas-stagiaire', 'http://x', ACCESSED), nasty()];
    const text = toRis(records);
    assert.match(text, /^TY {2}- /);
    assert.ok(text.split('\r\n').every((line) => line === '' || /^[A-Z][A-Z0-9] {2}- /.test(line)), 'every line is TAG  - value');
    const entries = await parse(text, '@ris/file');
    assert.equal(entries.length, 2);
    assert.deepEqual(entries[0]?.author, [{ literal: 'Sébastien Robin' }]);
    assert.equal(entries[0]?.URL, 'http://x/u/seb-pas-stagiaire');
    assert.deepEqual((entries[0]?.issued as { 'date-parts': number[][] })['date-parts'][0]?.[0], 2010);
    assert.equal(entries[1]?.title, 'Braces {open and} 50% & #1 _x_ $5 \\back ~tilde^ "quoted" second line');
  });
});

describe('CSL-JSON', () => {
  it('when units are written, then citation-js accepts the items as CSL and renders a bibliography naming the speaker', async () => {
    const records = [unitCitationRecord(index, 'seb-pas-stagiaire', 'http://x', ACCESSED)];
    const items = JSON.parse(toCslJson(records)) as Record<string, unknown>[];
    assert.equal(items[0]?.type, 'document');
    assert.equal(items[0]?.genre, 'Summary by Genaro of what Sébastien Robin said');
    const cite = await Cite.async(items);
    assert.equal(cite.data.length, 1);
    assert.equal(cite.data[0]?.URL, 'http://x/u/seb-pas-stagiaire');
    const bibtex = cite.format('bibtex');
    assert.match(bibtex, /Sébastien Robin/);
  });
});
