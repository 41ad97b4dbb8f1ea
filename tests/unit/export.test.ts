import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { loadCorpus } from '../../server/corpus/load.ts';
import { emptyCorpus, type Corpus } from '../../server/corpus/model.ts';
import { importAif } from '../../server/io/aif-import.ts';
import { importCsv } from '../../server/io/csv-import.ts';
import { nameKey } from '../../server/io/ids.ts';
import { CSV_EXPORT_COLUMNS, exportAif, exportCsv, exportJson, selectCorpus } from '../../server/io/export.ts';

let corpus: Corpus;
before(async () => {
  const loaded = await loadCorpus('tests/fixtures/corpus-valid');
  assert.equal(loaded.problems.filter((p) => p.severity === 'error').length, 0);
  corpus = loaded.corpus;
});

describe('export selection', () => {
  it('when no filter is given, then everything is exported, unused speakers included', () => {
    const all = selectCorpus(corpus);
    assert.equal(all.units.length, corpus.units.length);
    assert.equal(all.speakers.length, corpus.speakers.length);
    assert.equal(all.debates.length, corpus.debates.length);
  });

  it('when filtering by speaker, then only their units and what those units refer to are exported', () => {
    const part = selectCorpus(corpus, { speaker: ['sebastien-robin'] });
    assert.ok(part.units.length > 0);
    assert.ok(part.units.every((u) => u.speaker === 'sebastien-robin'));
    assert.deepEqual(part.speakers.map((s) => s.id), ['sebastien-robin']);
    assert.deepEqual(
      part.questions.map((q) => q.id).sort(),
      [...new Set(part.units.flatMap((u) => (u.question ? [u.question] : [])))].sort(),
    );
  });

  it('when filtering by position, then a bare id matches any question and question:position only that question', () => {
    const bare = selectCorpus(corpus, { position: ['non'] });
    const qualified = selectCorpus(corpus, { position: ['roi:non'] });
    assert.ok(bare.units.every((u) => u.position === 'non'));
    assert.ok(qualified.units.length > 0 && qualified.units.every((u) => u.question === 'roi' && u.position === 'non'));
    assert.ok(bare.units.length > qualified.units.length);
  });

  it('when filters of different fields are combined, then they are AND-ed', () => {
    const part = selectCorpus(corpus, { debate: ['narocast-0'], question: ['stagiaire'] });
    assert.ok(part.units.length > 0);
    assert.ok(part.units.every((u) => u.debate === 'narocast-0' && u.question === 'stagiaire'));
  });

  it('when units are named by id, then they are exported in the order they were named', () => {
    const ids = corpus.units.slice(0, 3).map((u) => u.id).reverse();
    assert.deepEqual(selectCorpus(corpus, { units: ids }).units.map((u) => u.id), ids);
  });

  it('when exporting JSON, then units carry no file location', () => {
    const json = exportJson(corpus);
    assert.deepEqual(Object.keys(json), ['units', 'speakers', 'questions', 'debates']);
    assert.ok(json.units.every((u) => !('origin' in u)));
    assert.deepEqual(JSON.parse(JSON.stringify(json)).units[0].id, corpus.units[0]?.id);
  });
});

describe('CSV export', () => {
  it('when exported and read back, then each row has the unit id, speaker, relations and exact multi-line text', () => {
    const rows = parse(exportCsv(corpus), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, corpus.units.length);
    assert.deepEqual(Object.keys(rows[0] ?? {}), [...CSV_EXPORT_COLUMNS]);
    for (const unit of corpus.units) {
      const row = rows.find((r) => r.id === unit.id);
      assert.equal(row?.text, unit.text);
      assert.equal(row?.speaker, unit.speaker);
      assert.equal(row?.supports, unit.relations.filter((r) => r.type === 'supports').map((r) => r.target).join(' '));
    }
  });

  it('when a CSV export is imported back into the corpus, then texts, speakers, kinds, positions and relations are the same', () => {
    const csv = exportCsv(corpus);
    const back = importCsv(csv, { file: 'export.csv', slug: 'again', date: '2020' }, corpus);
    assert.deepEqual(back.speakers, []);
    assert.deepEqual(back.questions, []);
    // Targets inside the file become the new rows' ids; the file holds the whole corpus here.
    const renamed = (id: string | undefined): string | undefined => (id === undefined ? undefined : `again-${id}`);
    const shape = (u: Corpus['units'][number], rename: (id: string | undefined) => string | undefined): unknown => ({
      id: rename(u.id),
      speaker: u.speaker,
      kind: u.kind,
      question: u.question,
      position: u.position,
      timecode: u.timecode,
      replyTo: rename(u.replyTo),
      continues: rename(u.continues),
      relations: u.relations.map((r) => ({ type: r.type, target: rename(r.target) })),
      text: u.text,
    });
    assert.deepEqual(back.units.map((u) => shape(u, (id) => id)), corpus.units.map((u) => shape(u, renamed)));
  });

  it('when a text starts like a spreadsheet formula, then the export neutralises it and the import reads it back as written', () => {
    const risky = ['=HYPERLINK("http://evil.example")', '+33 1 23', '-1 point', '@SUM(A1)'];
    const source: Corpus = { ...corpus, units: corpus.units.slice(0, risky.length).map((u, i) => ({ ...u, text: risky[i] ?? u.text, relations: [], replyTo: undefined, continues: undefined })) };
    const rows = parse(exportCsv(source), { columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((r) => r.text), risky.map((t) => `'${t}`));
    const raw = parse(exportCsv(source, {}, { neutralizeFormulas: false }), { columns: true }) as Record<string, string>[];
    assert.deepEqual(raw.map((r) => r.text), risky);
    const back = importCsv(exportCsv(source), { file: 'export.csv', slug: 'again', date: '2020' }, corpus);
    assert.deepEqual(back.units.map((u) => u.text), risky);
  });

  it('when the bom option is set, then the file starts with the UTF-8 byte order mark', () => {
    assert.ok(exportCsv(corpus, {}, { bom: true }).startsWith('\uFEFF'));
    assert.ok(!exportCsv(corpus).startsWith('\uFEFF'));
  });
});

describe('AIF export', () => {
  it('when exported, then every unit has an L node, an I node and a YA node, and no edge dangles', () => {
    const aif = exportAif(corpus);
    const ids = new Set(aif.nodes.map((n) => n.nodeID));
    assert.equal(ids.size, aif.nodes.length, 'node ids are unique');
    const count = (type: string): number => aif.nodes.filter((n) => n.type === type).length;
    assert.equal(count('L'), corpus.units.length);
    assert.equal(count('I'), corpus.units.length);
    assert.equal(count('YA'), corpus.units.length);
    assert.equal(count('RA'), corpus.units.flatMap((u) => u.relations.filter((r) => r.type === 'supports')).length);
    assert.equal(count('CA'), corpus.units.flatMap((u) => u.relations.filter((r) => r.type === 'attacks')).length);
    assert.equal(count('TA'), corpus.units.filter((u) => u.replyTo).length);
    for (const edge of aif.edges) assert.ok(ids.has(edge.fromID) && ids.has(edge.toID), `edge ${edge.edgeID} dangles`);
    assert.equal(aif.locutions.length, corpus.units.length);
    const people = new Set(aif.participants.map((p) => p.participantID));
    assert.ok(aif.locutions.every((l) => people.has(l.personID)));
  });

  it('when a filter leaves out a relation target, then that relation is not exported', () => {
    const aif = exportAif(corpus, { speaker: ['yvain-ducrocq'] });
    assert.equal(aif.nodes.filter((n) => n.type === 'RA' || n.type === 'CA' || n.type === 'TA').length, 0);
    const ids = new Set(aif.nodes.map((n) => n.nodeID));
    assert.ok(aif.edges.every((e) => ids.has(e.fromID) && ids.has(e.toID)));
  });

  it('when the AIF export is imported back, then it gives the same units, speakers and relations', () => {
    const aif = exportAif(corpus);
    const others: Corpus = { debates: [], questions: [], units: [], speakers: corpus.speakers };
    const back = importAif(JSON.stringify(aif), { file: 'export.json', slug: 'round-trip', idPrefix: '', date: '2020' }, others);
    assert.deepEqual(back.speakers, [], 'every speaker is recognised by name');
    // What an AIF map carries: ids, speakers, texts, order, timecodes, replies and relations;
    // kinds, questions and positions have no AIF counterpart.
    const shape = (u: Corpus['units'][number]): unknown => ({
      id: u.id,
      speaker: u.speaker,
      text: u.text,
      timecode: u.timecode,
      replyTo: u.replyTo,
      relations: [...u.relations].sort((a, b) => `${a.type}${a.target}`.localeCompare(`${b.type}${b.target}`)),
    });
    assert.deepEqual(back.units.map(shape), corpus.units.map(shape));
    assert.deepEqual(back.units.map((u) => u.order), corpus.units.map((_, i) => i + 1));
  });
});

describe('round trips of any corpus', () => {
  const name = fc.stringMatching(/^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 #.'-]{0,16}[A-Za-zÀ-ÿ0-9]$/);
  const line = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('## titre', 'Sandra: oui', '"quoted, with comma"', '=1+1', '- item', ''));
  const text = fc
    .array(line, { minLength: 1, maxLength: 4 })
    .map((lines) => lines.join('\n').replace(/\r/g, '').trim())
    .filter((t) => t !== '');
  const arbitraryCorpus = fc
    .record({
      names: fc.uniqueArray(name, { minLength: 1, maxLength: 4, selector: (n) => nameKey(n) }),
      units: fc.array(
        fc.record({
          speaker: fc.nat(),
          signed: fc.boolean(),
          text,
          timecode: fc.option(fc.constantFrom('01:15', '1:02:03', '00:05'), { nil: undefined }),
          replyTo: fc.option(fc.nat(), { nil: undefined }),
          supports: fc.uniqueArray(fc.nat(), { maxLength: 2 }),
          attacks: fc.uniqueArray(fc.nat(), { maxLength: 2 }),
        }),
        { minLength: 1, maxLength: 10 },
      ),
    })
    .map(({ names, units }): Corpus => {
      const speakers = names.map((n, i) => ({ id: `s${i}`, name: n, aliases: [`Alias ${i}`], links: [], description: '' }));
      const n = units.length;
      const other = (i: number, k: number): string | undefined => (n > 1 && k % n !== i ? `u${k % n}` : undefined);
      return {
        debates: [{ slug: 'd', title: 'D', date: '2020', medium: 'dataset', language: 'fr', participants: [], summary: '', sources: [] }],
        speakers,
        questions: [],
        units: units.map((u, i) => {
          const replyTo = u.replyTo === undefined ? undefined : other(i, u.replyTo);
          const targets = (list: number[]): string[] => [...new Set(list.map((k) => other(i, k)).filter((t): t is string => t !== undefined))];
          const speaker = u.speaker % speakers.length;
          return {
            id: `u${i}`,
            debate: 'd',
            speaker: `s${speaker}`,
            ...(u.signed ? { signedAs: `Alias ${speaker}` } : {}),
            kind: 'turn' as const,
            text: u.text,
            ...(u.timecode ? { timecode: u.timecode } : {}),
            ...(replyTo ? { replyTo } : {}),
            relations: [
              ...targets(u.supports).map((target) => ({ type: 'supports' as const, target })),
              ...targets(u.attacks).map((target) => ({ type: 'attacks' as const, target })),
            ],
            order: i + 1,
          };
        }),
      };
    });
  const sortedRelations = (u: Corpus['units'][number]): string[] => u.relations.map((r) => `${r.type} ${r.target}`).sort();
  const shape = (u: Corpus['units'][number]): unknown => ({ id: u.id, speaker: u.speaker, text: u.text, timecode: u.timecode, replyTo: u.replyTo, relations: sortedRelations(u) });

  it('when any corpus is exported as AIF and imported back, then units, speakers and relations are the same', () => {
    fc.assert(
      fc.property(arbitraryCorpus, (source) => {
        const back = importAif(JSON.stringify(exportAif(source)), { file: 'x.json', slug: 'd', idPrefix: '', date: '2020' }, { ...emptyCorpus(), speakers: source.speakers });
        assert.deepEqual(back.speakers, []);
        assert.deepEqual(back.units.map(shape), source.units.map(shape));
      }),
      { numRuns: 150 },
    );
  });

  it("when a text opens with an apostrophe before a formula character, then the CSV round trip keeps it (found by the property below)", () => {
    const source: Corpus = {
      debates: [{ slug: 'd', title: 'D', date: '2020', medium: 'dataset', language: 'fr', participants: [], summary: '', sources: [] }],
      speakers: [{ id: 's0', name: 'ÀÀ', aliases: ['Alias 0'], links: [], description: '' }],
      questions: [],
      units: ["'+", "'=1+1", "''-", '+', "'texte"].map((text, i) => ({ id: `u${i}`, debate: 'd', speaker: 's0', kind: 'turn' as const, text, relations: [], order: i + 1 })),
    };
    const back = importCsv(exportCsv(source), { file: 'x.csv', slug: 'd', idPrefix: '', date: '2020' }, { ...emptyCorpus(), speakers: source.speakers });
    assert.deepEqual(back.units.map((u) => u.text), ["'+", "'=1+1", "''-", '+', "'texte"]);
  });

  it('when any corpus is exported as CSV and imported back, then units, speakers and relations are the same', () => {
    fc.assert(
      fc.property(arbitraryCorpus, (source) => {
        const back = importCsv(exportCsv(source), { file: 'x.csv', slug: 'd', idPrefix: '', date: '2020' }, { ...emptyCorpus(), speakers: source.speakers });
        assert.deepEqual(back.speakers, []);
        assert.deepEqual(back.units.map(shape), source.units.map(shape));
        assert.deepEqual(back.units.map((u) => u.kind), source.units.map((u) => u.kind));
        assert.deepEqual(back.units.map((u) => u.signedAs), source.units.map((u) => u.signedAs));
      }),
      { numRuns: 150 },
    );
  });
});
