import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AppDeps } from '../../server/app-deps.ts';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { NotFoundError } from '../../server/errors.ts';
import { getDebate, getQuestion, getSpeaker, getUnit, listDebates, listQuestions, listSpeakers } from '../../server/services/catalog-service.ts';
import { excerpt } from '../../server/services/excerpt.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/corpus-valid');
let deps: Pick<AppDeps, 'corpus'>;

before(async () => {
  deps = { corpus: (await loadValidCorpus(FIXTURE)).index };
});

test('when speakers are listed, then they come sorted by name with unit and debate counts', () => {
  const speakers = listSpeakers(deps);
  assert.deepEqual(
    speakers.map((s) => s.name),
    ['Alice Martin', 'Bob Lee', 'Génaro', 'Sandra', 'Sébastien Robin', 'Yvain Ducrocq'],
  );
  const seb = speakers.find((s) => s.id === 'sebastien-robin');
  assert.deepEqual({ units: seb?.units, debates: seb?.debates }, { units: 2, debates: 1 });
});

test('when a speaker is read, then their positions per question are counted', () => {
  const yvain = getSpeaker(deps, 'yvain-ducrocq');
  assert.equal(yvain.units.length, 2);
  const stagiaire = yvain.positions.find((p) => p.question.id === 'stagiaire');
  assert.deepEqual(stagiaire?.positions.map((p) => [p.key, p.count]), [['stagiaire:non', 1], ['stagiaire:oui', 1]]);
  assert.deepEqual(yvain.debates.map((d) => d.slug), ['narocast-0']);
  const seb = getSpeaker(deps, 'sebastien-robin');
  assert.deepEqual(seb.links, [{ label: 'Twitter', url: 'http://twitter.com/sebmaster' }]);
  assert.deepEqual(seb.aliases, ['Sébastien', 'sebmaster']);
});

test('when an unknown id is asked of any reader, then NotFoundError is thrown', () => {
  assert.throws(() => getSpeaker(deps, 'nobody'), NotFoundError);
  assert.throws(() => getQuestion(deps, 'nothing'), NotFoundError);
  assert.throws(() => getDebate(deps, 'nowhere'), NotFoundError);
  assert.throws(() => getUnit(deps, 'no-unit'), NotFoundError);
});

test('when questions are listed, then each position carries its unit count', () => {
  const questions = listQuestions(deps);
  assert.deepEqual(questions.map((q) => q.id), ['stagiaire', 'roi', 'moderation']);
  const stagiaire = questions[0]!;
  assert.deepEqual(stagiaire.positions.map((p) => [p.key, p.count]), [['stagiaire:non', 2], ['stagiaire:oui', 1]]);
  assert.equal(stagiaire.units, 3);
  assert.equal(stagiaire.speakers, 2);
});

test('when a question is read, then its matrix is dense and its groups follow the position order', () => {
  const question = getQuestion(deps, 'stagiaire');
  assert.deepEqual(question.matrix.positions.map((p) => p.key), ['stagiaire:non', 'stagiaire:oui']);
  assert.deepEqual(question.matrix.speakers.map((s) => s.id), ['sebastien-robin', 'yvain-ducrocq']);
  assert.equal(question.matrix.cells.length, 4);
  assert.deepEqual(
    question.matrix.cells.find((c) => c.speaker === 'sebastien-robin' && c.position === 'stagiaire:oui'),
    { speaker: 'sebastien-robin', position: 'stagiaire:oui', count: 0 },
  );
  assert.deepEqual(question.groups.map((g) => [g.position, g.units.map((u) => u.id)]), [
    ['stagiaire:non', ['seb-pas-stagiaire', 'yvain-stagiaire']],
    ['stagiaire:oui', ['yvain-stagiaire-2']],
  ]);
});

test('when debates are listed, then the newest comes first with its unit count', () => {
  assert.deepEqual(listDebates(deps).map((d) => [d.slug, d.units]), [['moderation-panel', 2], ['narocast-0', 6]]);
});

test('when a debate is read, then its units come in order with replies and relations touching them', () => {
  const debate = getDebate(deps, 'narocast-0');
  assert.deepEqual(debate.units.map((u) => u.order), [1, 2, 3, 4, 5, 6]);
  const yvain = debate.units.find((u) => u.id === 'yvain-stagiaire');
  assert.deepEqual(yvain?.replies, ['seb-reponse']);
  assert.equal(debate.sourceUrl, 'http://www.example.org/narocast-0/');
  assert.ok(debate.relations.some((r) => r.source === 'bob-post' && r.type === 'attacks' && r.target === 'alice-pre') === false);
  assert.ok(debate.relations.some((r) => r.source === 'genaro-roi' && r.type === 'attacks' && r.target === 'sandra-roi'));
  assert.deepEqual(debate.participants.map((p) => p.id), ['genaro', 'sebastien-robin', 'sandra', 'yvain-ducrocq']);
});

test('when a unit is read, then replies, continuations and relations both ways are resolved', () => {
  const unit = getUnit(deps, 'yvain-stagiaire', { baseUrl: 'https://example.org' });
  assert.deepEqual(unit.replies.map((r) => r.id), ['seb-reponse']);
  assert.deepEqual(unit.continuedBy.map((r) => r.id), ['yvain-stagiaire-2']);
  assert.deepEqual(unit.relations.supports.map((r) => r.id), ['seb-pas-stagiaire', 'genaro-roi']);
  assert.equal(unit.position, 'stagiaire:non');

  const sandra = getUnit(deps, 'sandra-roi');
  assert.deepEqual(sandra.relations.attackedBy.map((r) => r.id), ['genaro-roi']);
  const genaro = getUnit(deps, 'genaro-roi');
  assert.deepEqual(genaro.relations.supportedBy.map((r) => r.id), ['yvain-stagiaire']);
  assert.deepEqual(genaro.relations.attacks.map((r) => r.id), ['sandra-roi']);

  const second = getUnit(deps, 'yvain-stagiaire-2');
  assert.equal(second.continues?.id, 'yvain-stagiaire');
  const bob = getUnit(deps, 'bob-post');
  assert.equal(bob.replyTo?.id, 'seb-reponse');
});

test('when a unit is cited, then the citation names what it is, the speaker, debate, host, date, source, permalink and access date, as an English page does', () => {
  const unit = getUnit(deps, 'seb-pas-stagiaire', { baseUrl: 'https://example.org' });
  const accessed = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date());
  assert.equal(
    unit.citation,
    `Turn by Sébastien Robin at 1:15, in “[Narocast] #0 – Discussions sur le Community Management” (example.org), July 2010. Source: http://www.example.org/narocast-0/. Permalink: https://example.org/u/seb-pas-stagiaire (accessed ${accessed}).`,
  );
});

test('when a text is long, then its excerpt is cut at a word and ends with an ellipsis', () => {
  const cut = excerpt(`${'mot '.repeat(100)}fin`, 50);
  assert.ok(cut.length <= 51);
  assert.ok(cut.endsWith('mot…'));
  assert.equal(excerpt('court\n\ntexte'), 'court texte');
});
