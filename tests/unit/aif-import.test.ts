import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { emptyCorpus } from '../../server/corpus/model.ts';
import type { Corpus } from '../../server/corpus/model.ts';
import { importAif, splitSpeakerPrefix, toTimecode, type AifImportOptions } from '../../server/io/aif-import.ts';
import { ImportError } from '../../server/io/imported.ts';

const DIALOGUE = readFileSync('tests/fixtures/aif/dialogue.json', 'utf8');
const base: AifImportOptions = { file: 'map.json', slug: 'teletravail', language: 'fr' };

function run(text: string, options: Partial<AifImportOptions> = {}, existing: Corpus = emptyCorpus()): ReturnType<typeof importAif> {
  return importAif(text, { ...base, ...options }, existing);
}

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ImportError, `expected an ImportError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('the import should have been refused');
}

/** A minimal map: one L node asserting one I node, plus whatever a test adds. */
function map(extra: { nodes?: unknown[]; edges?: unknown[]; locutions?: unknown[] } = {}): string {
  return JSON.stringify({
    nodes: [{ nodeID: 1, text: 'Ana: Oui.', type: 'L' }, { nodeID: 2, text: 'Oui', type: 'I' }, { nodeID: 3, text: 'Asserting', type: 'YA' }, ...(extra.nodes ?? [])],
    edges: [{ edgeID: 1, fromID: 1, toID: 3 }, { edgeID: 2, fromID: 3, toID: 2 }, ...(extra.edges ?? [])],
    locutions: extra.locutions ?? [],
  });
}

describe('AIF import', () => {
  it('when a dialogue map is imported, then each L node is a unit with its speaker, text and timecode, in node order', () => {
    const result = run(DIALOGUE);
    assert.deepEqual(
      result.units.map((u) => [u.id, u.speaker, u.kind, u.timecode ?? null, u.order]),
      [
        ['teletravail-101', 'alice-martin', 'turn', '00:00:05', 1],
        ['teletravail-111', 'bruno-petit', 'turn', '00:01:10', 2],
        ['teletravail-121', 'alice-martin', 'turn', '02:05', 3],
        ['teletravail-131', 'chloe', 'turn', null, 4],
      ],
    );
    assert.equal(result.units[0]?.text, 'Le télétravail rend les équipes plus productives.');
    assert.equal(result.units[3]?.text, 'Les messageries remplacent une partie des échanges.');
  });

  it('when speakers come from participants or from the "Name: text" convention, then each becomes one speaker', () => {
    const result = run(DIALOGUE);
    assert.deepEqual(result.speakers.map((s) => [s.id, s.name]), [['alice-martin', 'Alice Martin'], ['bruno-petit', 'Bruno Petit'], ['chloe', 'Chloé']]);
    assert.deepEqual(result.debate.participants, ['alice-martin', 'bruno-petit', 'chloe']);
  });

  it('when RA, CA and TA nodes link the map, then units get supports, attacks and reply-to', () => {
    const result = run(DIALOGUE);
    const byId = new Map(result.units.map((u) => [u.id, u]));
    assert.deepEqual(byId.get('teletravail-111')?.relations, [{ type: 'attacks', target: 'teletravail-101' }]);
    assert.deepEqual(byId.get('teletravail-121')?.relations, [{ type: 'supports', target: 'teletravail-101' }]);
    assert.deepEqual(byId.get('teletravail-131')?.relations, [{ type: 'attacks', target: 'teletravail-111' }]);
    assert.deepEqual(
      result.units.map((u) => u.replyTo ?? null),
      [null, 'teletravail-101', 'teletravail-111', 'teletravail-111'],
    );
  });

  it('when node timestamps are date-times, then the debate takes the earliest day and MA nodes are left out with a warning', () => {
    const result = run(DIALOGUE);
    assert.equal(result.debate.date, '2021-03-04');
    assert.equal(result.debate.medium, 'argument-map');
    assert.deepEqual(result.warnings, ['map.json: 1 MA/PA node(s) (rephrase, preference) have no counterpart in the corpus: left out']);
  });

  it('when a speaker already exists under another id, then the import reuses it instead of creating one', () => {
    const existing: Corpus = { ...emptyCorpus(), speakers: [{ id: 'alice', name: 'Alice Martin', aliases: [], links: [], description: '' }] };
    const result = run(DIALOGUE, {}, existing);
    assert.equal(result.units[0]?.speaker, 'alice');
    assert.deepEqual(result.speakers.map((s) => s.id), ['bruno-petit', 'chloe']);
  });

  it('when the map is wrapped in an xAIF `AIF` object, then it imports the same', () => {
    const wrapped = JSON.stringify({ AIF: JSON.parse(DIALOGUE), text: '' });
    assert.deepEqual(run(wrapped).units, run(DIALOGUE).units);
  });

  it('when a map has only I nodes, then each is an argument of the anonymous speaker', () => {
    const text = JSON.stringify({
      nodes: [{ nodeID: 'a', text: 'Claim', type: 'I' }, { nodeID: 'b', text: 'Reason', type: 'I' }, { nodeID: 'r', text: 'Default Inference', type: 'RA' }],
      edges: [{ edgeID: 1, fromID: 'b', toID: 'r' }, { edgeID: 2, fromID: 'r', toID: 'a' }],
    });
    const result = run(text, { date: '2020' });
    assert.deepEqual(result.units.map((u) => [u.id, u.speaker, u.kind, u.relations]), [
      ['teletravail-a', 'anonymous', 'argument', []],
      ['teletravail-b', 'anonymous', 'argument', [{ type: 'supports', target: 'teletravail-a' }]],
    ]);
  });

  it('when an edge points at a node that does not exist, then the edge is left out with a warning naming it, and the map imports', () => {
    const result = run(map({ edges: [{ edgeID: 9, fromID: 2, toID: 77 }] }), { date: '2020' });
    assert.equal(result.units.length, 1);
    assert.ok(result.warnings.includes('map.json: edge 9 goes to node 77, which does not exist: left out'), result.warnings.join('\n'));
  });

  it('when a node has an unknown type or no id, then it is left out with a warning, and the rest imports', () => {
    const result = run(map({ nodes: [{ nodeID: 8, text: 'x', type: 'ZZ' }, { text: 'no id', type: 'L' }] }), { date: '2020' });
    assert.deepEqual(result.units.map((u) => u.text), ['Oui.']);
    assert.ok(result.warnings.includes('map.json: node 8: unknown node type "ZZ" (expected one of: I, L, RA, CA, MA, TA, YA, PA): left out'), result.warnings.join('\n'));
    assert.ok(result.warnings.includes('map.json: nodes[4] has no nodeID: left out'), result.warnings.join('\n'));
  });

  it('when an L node has no locution and no "Name:" prefix, then it is a turn of the anonymous speaker, with a warning', () => {
    const result = run(map({ nodes: [{ nodeID: 5, text: 'just words', type: 'L' }] }), { date: '2020' });
    assert.deepEqual(result.units.map((u) => [u.id, u.speaker, u.text]), [
      ['teletravail-1', 'ana', 'Oui.'],
      ['teletravail-5', 'anonymous', 'just words'],
    ]);
    assert.ok(result.warnings.includes('map.json: L node 5 has no speaker (no locution names its person, and its text does not start with "Name: "): a turn of the anonymous speaker'));
  });

  it('when a locution names a person missing from participants, then the L node is a turn of the anonymous speaker, with a warning', () => {
    const result = run(map({ nodes: [{ nodeID: 5, text: 'words', type: 'L' }], locutions: [{ nodeID: 5, personID: 42 }] }), { date: '2020' });
    assert.equal(result.units.find((u) => u.id === 'teletravail-5')?.speaker, 'anonymous');
    assert.ok(result.warnings.some((w) => /L node 5 has no speaker \(its locution names person 42, who is not in `participants`\)/.test(w)));
  });

  it('when a node id is repeated or a node has no text, then the first is kept and the empty one left out', () => {
    const result = run(map({ nodes: [{ nodeID: 1, text: 'Bob: again', type: 'L' }, { nodeID: 6, text: '  ', type: 'I' }] }), { date: '2020' });
    assert.deepEqual(result.units.map((u) => u.text), ['Oui.']);
    assert.ok(result.warnings.includes('map.json: node 1 is defined twice: the first is kept'));
    assert.ok(result.warnings.includes('map.json: I node 6 has no text: left out'));
  });

  it('when an L node only analyses another locution (an analyst copy), then it is left out and reported', () => {
    const result = run(
      map({
        nodes: [
          { nodeID: 10, text: 'Anon: Ana: Oui.', type: 'L' },
          { nodeID: 11, text: 'Analysing', type: 'YA' },
        ],
        edges: [
          { edgeID: 10, fromID: 10, toID: 11 },
          { edgeID: 11, fromID: 11, toID: 1 },
        ],
      }),
      { date: '2020' },
    );
    assert.deepEqual(result.units.map((u) => [u.id, u.speaker]), [['teletravail-1', 'ana']]);
    assert.ok(result.warnings.some((w) => /1 L node\(s\) only analyse another locution/.test(w)), result.warnings.join('\n'));
  });

  it('when the file is not JSON or has no nodes, then it says so', () => {
    assert.match(problemsOf(() => run('{ nodes: ')).join(), /^map\.json: not JSON/);
    assert.match(problemsOf(() => run('{"edges": []}')).join(), /^map\.json: not AIF JSON/);
  });

  it('when the map has no date-time and no date option, then the debate has no date and a warning says so', () => {
    const result = run(map());
    assert.equal(result.debate.date, '');
    assert.ok(result.warnings.some((w) => /no date for the debate/.test(w)));
  });

  it('when offsets are written in different ways, then they become corpus timecodes; date-times do not', () => {
    assert.deepEqual(['01:15', '1:02:03', '75', '3725.4', '00:00:05.250', '2021-03-04 10:00:00', 'soon'].map(toTimecode), [
      '01:15',
      '1:02:03',
      '01:15',
      '01:02:05',
      '00:05',
      undefined,
      undefined,
    ]);
  });

  it('when a text starts with a short name and a colon, then it is read as the speaker; a long sentence is not', () => {
    assert.deepEqual(splitSpeakerPrefix('Jean-Luc Mélenchon: Bonjour.'), { name: 'Jean-Luc Mélenchon', text: 'Bonjour.' });
    assert.equal(splitSpeakerPrefix('Il a dit une chose très longue et pas un nom du tout: voilà'), undefined);
    assert.equal(splitSpeakerPrefix('pas de deux-points'), undefined);
  });
});
