import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexCorpus, type Corpus, type Unit } from '../../server/corpus/model.ts';
import { debatePageModel, type ThreadNode } from '../../server/routes/page-models/debate.ts';
import { labelsFor } from '../../server/routes/page-models/shared.ts';
import { DEBATE_PAGE_UNITS, debateLayout, getDebatePage, getUnitContext, unitPlace } from '../../server/services/debate-pages.ts';

/**
 * One debate: 5 arguments, then a thread of 70 comments each answering the one before (a chain
 * that must cross page boundaries), a comment split in two parts, and 10 lone comments.
 */
function threadCorpus(): Corpus {
  const units: Unit[] = [];
  const add = (unit: Omit<Unit, 'debate' | 'order' | 'relations'> & Partial<Pick<Unit, 'relations'>>): void => {
    units.push({ debate: 'long-thread', order: units.length + 1, relations: [], ...unit });
  };
  for (let i = 1; i <= 5; i++) add({ id: `arg-${i}`, speaker: i % 2 ? 'ana' : 'bob', kind: 'argument', text: `Argument ${i}` });
  for (let i = 1; i <= 70; i++) add({ id: `c-${i}`, speaker: i % 2 ? 'ana' : 'bob', kind: 'comment', text: `Comment ${i} in the chain`, ...(i > 1 ? { replyTo: `c-${i - 1}` } : {}) });
  add({ id: 'split-1', speaker: 'bob', kind: 'comment', text: 'First part' });
  add({ id: 'split-2', speaker: 'bob', kind: 'comment', text: 'Second part', continues: 'split-1' });
  for (let i = 1; i <= 10; i++) add({ id: `lone-${i}`, speaker: 'ana', kind: 'comment', text: `Lone comment ${i}`, relations: i === 1 ? [{ type: 'supports', target: 'arg-1' }] : [] });
  return {
    debates: [{ slug: 'long-thread', title: 'A long thread', date: '2020-01', medium: 'blog-post', language: 'en', participants: ['ana', 'bob'], summary: '', sources: [] }],
    speakers: [
      { id: 'ana', name: 'Ana', aliases: [], links: [], description: '' },
      { id: 'bob', name: 'Bob', aliases: [], links: [], description: '' },
    ],
    questions: [],
    units,
  };
}

describe('debate pages', () => {
  const index = indexCorpus(threadCorpus());
  const deps = { corpus: index };

  it('when a debate is cut into pages, then every unit is on exactly one page and no page holds much more than the page size', () => {
    const layout = debateLayout(index, 'long-thread');
    assert.equal(layout.pages, Math.ceil(index.corpus.units.length / DEBATE_PAGE_UNITS));
    const seen: string[] = [];
    for (let page = 1; page <= layout.pages; page++) {
      const shown = getDebatePage(deps, 'long-thread', page);
      const ids = shown.entries.flatMap((e) => [e.id, ...e.parts]);
      assert.ok(ids.length <= DEBATE_PAGE_UNITS, `page ${page} holds ${ids.length} units`);
      assert.equal(shown.lastUnit - shown.firstUnit + 1, ids.length);
      seen.push(...ids);
    }
    assert.deepEqual([...seen].sort(), index.corpus.units.map((u) => u.id).sort());
    assert.equal(new Set(seen).size, seen.length);
  });

  it('when a thread crosses a page boundary, then the next page names the parent it continues and the previous one says replies follow', () => {
    const page1 = getDebatePage(deps, 'long-thread', 1);
    const page2 = getDebatePage(deps, 'long-thread', 2);
    const lastOnPage1 = page1.entries.at(-1)!;
    const firstOnPage2 = page2.entries[0]!;
    assert.equal(firstOnPage2.parent, lastOnPage1.id);
    assert.equal(page2.contextBefore.get(firstOnPage2.id)?.ref.id, lastOnPage1.id);
    assert.equal(page2.contextBefore.get(firstOnPage2.id)?.page, 1);
    assert.deepEqual(page1.continuedAfter.get(lastOnPage1.id), { count: 1, page: 2 });

    const model = debatePageModel(labelsFor('en', index, 'http://x'), page2, undefined);
    const root = model.comments[0] as ThreadNode;
    assert.match(root.context?.text ?? '', /^Continues a thread from page 1, in reply to$/);
    assert.equal(root.context?.href, `/debates/long-thread#${lastOnPage1.id}`);
    assert.equal(model.rangeText, `Units ${page2.firstUnit}–${page2.lastUnit} of ${index.corpus.units.length}`);
    assert.equal(model.pagination?.page, 2);
    const page1Model = debatePageModel(labelsFor('en', index, 'http://x'), page1, undefined);
    const deepest = (nodes: ThreadNode[]): ThreadNode => (nodes.at(-1)!.replies.length > 0 ? deepest(nodes.at(-1)!.replies) : nodes.at(-1)!);
    assert.equal(deepest(page1Model.comments).more?.href, '/debates/long-thread?page=2');
  });

  it('when a comment is split, then its parts stay with it on one page', () => {
    const place1 = unitPlace(deps, 'split-1');
    const place2 = unitPlace(deps, 'split-2');
    assert.equal(place1.page, place2.page);
    const entry = debateLayout(index, 'long-thread').entries.find((e) => e.id === 'split-1');
    assert.deepEqual(entry?.parts, ['split-2']);
  });

  it('when a relation points to a unit on another page, then its link leaves the page for that unit', () => {
    const place = unitPlace(deps, 'lone-1');
    assert.notEqual(place.page, unitPlace(deps, 'arg-1').page);
    const model = debatePageModel(labelsFor('en', index, 'http://x'), getDebatePage(deps, 'long-thread', place.page), undefined);
    const findCard = (nodes: ThreadNode[]): ThreadNode | undefined => nodes.find((n) => n.card.id === 'lone-1') ?? nodes.map((n) => findCard(n.replies)).find(Boolean);
    const lone = findCard(model.comments);
    assert.equal(lone?.card.relations[0]?.refs[0]?.href, '/u/arg-1');
  });

  it('when a page past the end is asked for, then it is a NotFoundError naming the number of pages', () => {
    assert.throws(() => getDebatePage(deps, 'long-thread', 99), /has 2 pages; there is no page 99/);
  });

  it('when a unit’s context is asked for, then it has its neighbours in the source and its page', () => {
    const context = getUnitContext(deps, 'c-60', { baseUrl: 'http://x' });
    assert.equal(context.previous?.id, 'c-59');
    assert.equal(context.next?.id, 'c-61');
    assert.equal(context.unit.replyTo?.id, 'c-59');
    assert.deepEqual(context.unit.replies.map((r) => r.id), ['c-61']);
    assert.equal(context.place.page, 2);
    const first = getUnitContext(deps, 'arg-1');
    assert.equal(first.previous, null);
  });
});
