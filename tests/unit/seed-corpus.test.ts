// The bundled corpus: the Narocast #0 debate must be in it completely and faithfully.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it, before } from 'node:test';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import type { CorpusIndex, Unit } from '../../server/corpus/model.ts';

const seedPath = path.resolve('../shared/seeds/000_2cc18c01b110b402.txt');
const slug = 'narocast-0-community-management';

/** Folds white space so that line breaks and indentation of the source do not count. */
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('the bundled corpus', () => {
  let index: CorpusIndex;
  let warnings: { message: string }[];
  const unit = (id: string): Unit => {
    const found = index.unitById.get(id);
    assert.ok(found, `unit ${id} exists`);
    return found;
  };

  before(async () => {
    ({ index, warnings } = await loadValidCorpus(path.resolve('data')));
  });

  it('when data/ is loaded, then it validates with no error and no warning', () => {
    assert.deepEqual(warnings, []);
    assert.ok(index.debateBySlug.get(slug));
  });

  it('when a unit of the seed debate is compared with the seed, then its text is verbatim', { skip: !existsSeed() && 'the seed is not at ../shared/seeds (run from the project root with shared/ beside it)' }, () => {
    const seed = squash(readFileSync(seedPath, 'utf8'));
    const units = index.unitsByDebate.get(slug) ?? [];
    assert.ok(units.length >= 20, `the debate has its units (${units.length})`);
    for (const u of units) assert.ok(seed.includes(squash(u.text)), `unit ${u.id} is verbatim from the seed`);
  });

  it('when the seed is read, then every bullet of both speakers is a unit of theirs', () => {
    const sebastien = ['seb-pas-stagiaire', 'seb-internaliser', 'seb-ecoute', 'seb-strategie'];
    const sandra = ['sandra-proche-rp', 'sandra-faire-reagir', 'sandra-offline', 'sandra-partenariat'];
    for (const id of sebastien) assert.equal(unit(id).speaker, 'sebastien-robin');
    for (const id of sandra) assert.equal(unit(id).speaker, 'sandra');
    for (const id of [...sebastien, ...sandra]) assert.equal(unit(id).kind, 'argument');
  });

  it('when the framing claim is read, then it is Sébastien saying community management is an old job renamed', () => {
    const claim = unit('seb-propos-initial');
    assert.equal(claim.speaker, 'sebastien-robin');
    assert.equal(claim.question, 'nouveau-nom');
    assert.equal(claim.position, 'ancien-metier');
    assert.match(claim.text, /nouvelle appellation d’un métier qui existe depuis longtemps/);
  });

  it("when the author's view is read, then the fifth P, the artificial function and post-or-skill are his units", () => {
    assert.equal(unit('genaro-5e-p').position, 'marketing');
    assert.match(unit('genaro-5e-p').text, /Brian Solis/);
    assert.equal(unit('genaro-fonction-artificielle').position, 'fonction-transverse');
    assert.equal(unit('genaro-poste-ou-competence').question, 'poste-ou-competence');
    for (const id of ['genaro-5e-p', 'genaro-fonction-artificielle', 'genaro-poste-ou-competence', 'genaro-a-qui-appartient']) {
      assert.equal(unit(id).speaker, 'genaro');
      assert.equal(unit(id).kind, 'author-view');
    }
  });

  it('when the speakers are read, then Sébastien, Sébastien ROBIN and sebmaster are one speaker, and the author is Genaro (naro)', () => {
    const sebastien = index.speakerById.get('sebastien-robin');
    assert.ok(sebastien);
    for (const alias of ['Sébastien', 'Sébastien ROBIN', 'sebmaster']) assert.ok(sebastien.aliases.includes(alias), alias);
    assert.ok(index.speakerById.get('genaro')?.aliases.includes('naro'));
    // The comments keep the signature each was written under.
    assert.equal(unit('comment-seb-effet-de-mode').signedAs, 'Sébastien ROBIN');
    assert.equal(unit('comment-seb-webmaster-2-0').signedAs, 'sebmaster');
    assert.equal(unit('comment-genaro-communaute').signedAs, 'Genaro');
    assert.deepEqual([...index.speakerById.keys()].sort(), ['genaro', 'sandra', 'sebastien-robin', 'yvain-ducrocq']);
  });

  it('when the comment thread is read, then every comment has its author and its reply target', () => {
    const comments = (index.unitsByDebate.get(slug) ?? []).filter((u) => u.kind === 'comment');
    // Six comments in the source (the post counts nine reactions with the three pingbacks);
    // Yvain's first one is split in three parts (continues).
    assert.equal(comments.filter((u) => !u.continues).length, 6);
    assert.equal(unit('comment-seb-effet-de-mode').speaker, 'sebastien-robin');
    assert.equal(unit('comment-seb-webmaster-2-0').speaker, 'sebastien-robin');
    assert.equal(unit('comment-genaro-communaute').replyTo, 'comment-yvain-webmaster');
    assert.equal(unit('comment-yvain-j-ai-vu').replyTo, 'comment-genaro-communaute');
    assert.equal(unit('comment-seb-webmaster-2-0').replyTo, 'comment-yvain-webmaster');
    assert.equal(unit('comment-yvain-homme-a-tout-faire').replyTo, 'comment-seb-webmaster-2-0');
    assert.equal(unit('comment-yvain-strategie').continues, 'comment-yvain-stagiaire');
    assert.deepEqual(unit('comment-yvain-stagiaire').relations, [{ type: 'supports', target: 'seb-pas-stagiaire' }]);
  });

  it('when the pingbacks are read, then they are linked sources of the debate, not speakers', () => {
    const debate = index.debateBySlug.get(slug);
    const pingbacks = debate?.sources.filter((s) => s.kind === 'pingback') ?? [];
    assert.equal(pingbacks.length, 3);
    assert.ok(pingbacks.some((p) => p.title.startsWith('I like PM')));
    for (const s of index.corpus.speakers) assert.doesNotMatch(s.name, /Choblab|I like PM/);
  });

  it('when the questions are read, then the debate argues each of the issue\'s questions with at least two positions', () => {
    for (const id of ['nouveau-nom', 'stagiaire', 'internalisation', 'appartenance', 'poste-ou-competence', 'webmaster-2-0', 'strategie']) {
      const question = index.questionById.get(id);
      assert.ok(question, id);
      assert.ok(question.positions.length >= 2, `${id} has several positions`);
      assert.ok(question.titleEn.length > 0);
    }
    const owners = index.questionById.get('appartenance')?.positions.map((p) => p.id);
    assert.deepEqual(owners, ['communication', 'relations-publiques', 'marketing', 'direction', 'interne', 'agence', 'fonction-transverse']);
  });

  it('when Sébastien and Yvain are compared on the intern question, then both say no', () => {
    const onIntern = index.corpus.units.filter((u) => u.question === 'stagiaire');
    assert.deepEqual(
      onIntern.map((u) => [u.speaker, u.position]).sort(),
      [['sebastien-robin', 'non'], ['yvain-ducrocq', 'non']],
    );
  });
});

function existsSeed(): boolean {
  try {
    readFileSync(seedPath);
    return true;
  } catch {
    return false;
  }
}
