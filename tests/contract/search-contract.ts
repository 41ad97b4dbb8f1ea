// The search contract: the same assertions for every SearchEngine adapter, over the fixture
// documents. Only what a user can see is asserted (which units, in which order, counts, markup),
// never an engine's internals, so that the embedded engine and Meilisearch answer alike.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_LIMIT, FACET_FIELDS, MAX_LIMIT, facetValues, type FacetCounts, type FacetField, type SearchDocument, type SearchEngine, type SearchQuery, type SearchResult } from '../../server/search/engine.ts';
import { fixtureCorpusOrder, fixtureDocuments } from './fixture-documents.ts';

const ids = (result: SearchResult): string[] => result.hits.map((h) => h.document.id);

function byId(id: string): SearchDocument {
  const doc = fixtureDocuments.find((d) => d.id === id);
  if (!doc) throw new Error(`no fixture document ${id}`);
  return doc;
}

/** Value counts of a field over a list of documents, as facets report them (no null, no zero). */
function countValues(documents: readonly SearchDocument[], field: FacetField): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const doc of documents) {
    for (const value of facetValues(doc, field)) counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

/** The text a highlight shows, once its marks are removed and its entities decoded. */
function unescapeHighlight(html: string): string {
  return html
    .replace(/<\/?mark>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&');
}

function marked(html: string): string[] {
  return [...html.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1] as string);
}

export function runSearchContract(label: string, createEngine: () => Promise<SearchEngine>): void {
  describe(`search contract: ${label}`, () => {
    let engine: SearchEngine;
    const search = (text: string, extra: Omit<SearchQuery, 'text'> = {}): Promise<SearchResult> => engine.search({ limit: MAX_LIMIT, ...extra, text });

    before(async () => {
      engine = await createEngine();
      await engine.reindex(fixtureDocuments);
    });
    after(async () => {
      await engine?.close();
    });

    it('when the index is built, then health is ok and counts every document', async () => {
      const health = await engine.health();
      assert.equal(health.ok, true);
      assert.equal(health.documents, fixtureDocuments.length);
    });

    describe('words', () => {
      it('when a query has or lacks accents, then it finds the same units both ways', async () => {
        const accented = ids(await search('stratégie'));
        assert.deepEqual(ids(await search('strategie')), accented);
        for (const id of ['n0-3', 'ps-3', 'iv-1']) assert.ok(accented.includes(id), `stratégie finds ${id}`);
        const reseaux = ids(await search('reseaux'));
        assert.deepEqual(ids(await search('réseaux')), reseaux);
        assert.ok(reseaux.includes('n0-2') && reseaux.includes('ps-3'), 'réseaux finds "réseaux" and "reseaux"');
        assert.ok(ids(await search('oeuvre')).includes('ps-5'), 'oeuvre finds œuvre');
        assert.ok(ids(await search('cœur')).includes('iv-4'), 'cœur finds coeur');
        assert.ok(ids(await search('STRATÉGIE')).includes('n0-3'), 'capitals are folded');
      });

      it('when a word has a typo, then the intended word is found', async () => {
        assert.ok(ids(await search('stratgie')).includes('n0-3'), 'stratgie finds stratégie');
        const community = ids(await search('comunity managment'));
        assert.ok(community.includes('n0-1') && community.includes('n0-5'), 'comunity managment finds community management');
      });

      it('when the last word is incomplete, then it is completed as a prefix, and only the last word is', async () => {
        const stagiair = ids(await search('stagiair'));
        for (const id of ['n0-1', 'n0-2', 'n0-3', 'iv-3']) assert.ok(stagiair.includes(id), `stagiair finds ${id}`);
        const strat = await search('strat');
        assert.ok(ids(strat).includes('n0-3'), 'strat finds stratégie');
        const n03 = strat.hits.find((h) => h.document.id === 'n0-3');
        assert.ok(n03 && marked(n03.highlight).some((m) => /^strat/i.test(m)), 'the prefix is marked');
        assert.ok(ids(await search('management communi')).includes('n0-1'), 'a last word "communi" completes to community');
        // Every word is optional now (OR matching): an incomplete first word is not completed (no
        // word is marked on its first letters only), and the other words still match.
        const firstIncomplete = await search('communi management');
        assert.ok(ids(firstIncomplete).includes('n0-1'), 'management still matches');
        for (const hit of firstIncomplete.hits) assert.ok(!marked(hit.highlight).some((m) => m.toLowerCase() === 'communi'), `a first word "communi" is not a prefix (${hit.document.id})`);
      });

      it('when a word follows an elision, then it is found without it', async () => {
        const ecoute = await search('ecoute');
        assert.ok(ids(ecoute).includes('n0-1') && ids(ecoute).includes('ps-3'), 'ecoute finds l’écoute');
        const n01 = ecoute.hits.find((h) => h.document.id === 'n0-1');
        assert.ok(n01 && marked(n01.highlight).includes('écoute'), 'the word is marked without its elided article');
        assert.ok(ids(await search('expérience')).includes('n0-1'), 'expérience finds l’expérience');
      });

      it('when a query has stop words besides other words, then they are ignored', async () => {
        assert.deepEqual(ids(await search('la stratégie')), ids(await search('stratégie')));
      });

      it('when a synonym is searched, then units with its other forms are found, multi-word ones too', async () => {
        const cm = await search('cm');
        assert.ok(ids(cm).includes('n0-1'), 'cm finds "community management"');
        assert.ok(ids(cm).includes('n0-4'), 'cm finds cm');
        const community = await search('community management');
        assert.ok(ids(community).includes('n0-4'), '"community management" finds CM');
        const n04 = community.hits.find((h) => h.document.id === 'n0-4');
        assert.ok(n04 && marked(n04.highlight).includes('CM'), 'the synonym is marked');
        const rp = ids(await search('RP'));
        assert.ok(rp.includes('n0-5') && rp.includes('rp-1'), 'RP finds relations publiques');
      });

      it('when a speaker name and a topic are searched together, then that speaker’s units on the topic come first', async () => {
        const result = await search('Sandra RP');
        assert.deepEqual(new Set(ids(result).slice(0, 2)), new Set(['n0-5', 'rp-1']));
        // Units matching one of the two words may follow (a missing word does not end the query), never before.
        for (const hit of result.hits.slice(2)) assert.ok(!(hit.document.speaker === 'sandra' && /\bRP\b|relations publiques/i.test(hit.document.text)), `${hit.document.id} matches both words and should be first`);
        assert.ok(ids(await search('sebmaster')).every((id) => byId(id).speaker === 'seb'), 'an alias finds the speaker');
        assert.equal((await search('sebmaster')).total, fixtureDocuments.filter((d) => d.speaker === 'seb').length);
      });
    });

    describe('ranking', () => {
      it('when some units have all the words, then they come before those missing some, which are listed too', async () => {
        // OR matching on both engines: the embedded engine by its own postings, Meilisearch by a
        // federated multi-search of the whole query and each of its words (or-search.ts).
        const result = await search('confiance journalistes');
        assert.equal(ids(result)[0], 'rp-1', 'both words first');
        assert.deepEqual(ids(result).slice(1).sort(), ['rp-3', 'rp-5'], 'then each unit with one of the words, and nothing else');
        assert.equal(result.total, 3);
      });

      it('when the rarest word of a question is found nowhere, then the units with its other words are still found', async () => {
        const result = await search('confiance introuvablissime');
        assert.deepEqual(ids(result).sort(), ['rp-1', 'rp-3']);
      });

      it('when a word is inflected in a unit, then its stem finds it', async () => {
        // "lent" and rp-3's "lentement" share the French stem "lent"; four letters allow no typo
        // and the trailing space no prefix: only stemming finds it.
        const result = await search('lent ');
        assert.deepEqual(ids(result), ['rp-3']);
        assert.ok(marked((result.hits[0] as SearchResult['hits'][number]).highlight).includes('lentement'), 'the inflected word is marked');
      });

      it('when a word matches exactly in one unit and with a typo in another, then the exact one comes first', async () => {
        const result = ids(await search('budget'));
        assert.deepEqual(result, ['iv-1', 'n0-6']);
      });

      it('when a word is in one unit’s text and only in other units’ question title, then the text match comes first', async () => {
        const result = ids(await search('rémunération'));
        assert.equal(result[0], 'rp-4');
        assert.ok(result.includes('ps-1') && result.includes('ps-2'), 'the question title is searched');
      });

      it('when a query is repeated, then the same units come in the same order every time', async () => {
        // Which of these comes first is ranking quality, measured by `npm run eval`, not asserted here.
        const first = ids(await search('campagne'));
        assert.deepEqual([...first].sort(), ['iv-1', 'n0-6', 'ps-5', 'rp-3']);
        assert.deepEqual(ids(await search('campagne')), first);
        assert.deepEqual(ids(await search('stagiaire')), ids(await search('stagiaire')));
      });
    });

    describe('browsing, sorting and pages', () => {
      it('when the query is empty, then every unit is listed in corpus order', async () => {
        const result = await search('');
        assert.equal(result.total, fixtureDocuments.length);
        assert.deepEqual(ids(result), fixtureCorpusOrder);
      });

      it('when sorted by date, then units come newest or oldest first, ties in corpus order', async () => {
        const desc = await search('', { sort: 'date-desc' });
        const expectedDesc = [...fixtureCorpusOrder].sort((a, b) => byId(b).dateValue - byId(a).dateValue || fixtureCorpusOrder.indexOf(a) - fixtureCorpusOrder.indexOf(b));
        assert.deepEqual(ids(desc), expectedDesc);
        assert.deepEqual(ids(await search('', { sort: 'date-asc' })), fixtureCorpusOrder);
        assert.deepEqual(ids(await search('campagne', { sort: 'date-desc' })), ['iv-1', 'ps-5', 'rp-3', 'n0-6']);
        assert.deepEqual(ids(await search('campagne', { sort: 'date-asc' })), ['n0-6', 'rp-3', 'ps-5', 'iv-1']);
      });

      it('when results are paged, then pages follow each other and the total is exact', async () => {
        const all = await search('');
        const pages: string[] = [];
        for (let page = 1; page <= 4; page++) {
          const result = await search('', { page, limit: 6 });
          assert.equal(result.total, fixtureDocuments.length);
          assert.equal(result.page, page);
          assert.equal(result.limit, 6);
          pages.push(...ids(result));
        }
        assert.deepEqual(pages, ids(all));
        const stagiaire = await search('stagiaire');
        const second = await search('stagiaire', { page: 2, limit: 2 });
        assert.equal(second.total, stagiaire.total);
        assert.deepEqual(ids(second), ids(stagiaire).slice(2, 4));
        assert.deepEqual(ids(await search('stagiaire', { page: 99, limit: 10 })), []);
      });

      it('when no limit or too large a limit is asked, then the default and the maximum apply', async () => {
        const byDefault = await engine.search({ text: '' });
        assert.equal(byDefault.limit, DEFAULT_LIMIT);
        assert.equal(byDefault.page, 1);
        assert.equal(byDefault.hits.length, Math.min(DEFAULT_LIMIT, fixtureDocuments.length));
        assert.equal((await engine.search({ text: '', limit: MAX_LIMIT * 10 })).limit, MAX_LIMIT);
      });
    });

    describe('filters and facets', () => {
      const everyId = (result: SearchResult, predicate: (d: SearchDocument) => boolean): boolean => result.hits.every((h) => predicate(h.document));

      it('when filtered on one value, then only units with it are listed', async () => {
        const result = await search('', { filters: { speaker: ['claire'] } });
        assert.equal(result.total, fixtureDocuments.filter((d) => d.speaker === 'claire').length);
        assert.ok(everyId(result, (d) => d.speaker === 'claire'));
        const position = await search('stagiaire', { filters: { position: ['stagiaire:non'] } });
        assert.deepEqual(new Set(ids(position)), new Set(['n0-1', 'n0-3']));
      });

      it('when a unit has several codes, then a filter on any of them finds it and each facet counts it once', async () => {
        assert.deepEqual(new Set(ids(await search('', { filters: { position: ['rp:remplace'] } }))), new Set(['rp-2', 'iv-5']));
        assert.deepEqual(new Set(ids(await search('', { filters: { position: ['remuneration:bas'] } }))), new Set(['ps-1', 'iv-5']));
        assert.deepEqual(ids(await search('', { filters: { question: ['rp'], position: ['remuneration:bas'] } })), ['iv-5']);
        const both = await search('', { filters: { position: ['rp:remplace', 'remuneration:bas'] }, facets: ['question', 'position'] });
        assert.equal(both.total, 3, 'iv-5 is listed once');
        assert.deepEqual(both.facets.question, { rp: 2, remuneration: 2 });
        assert.deepEqual(both.facets.position, { 'rp:remplace': 2, 'remuneration:bas': 2 });
        const all = await search('', { facets: ['question'] });
        assert.deepEqual(all.facets.question, { stagiaire: 4, rp: 4, remuneration: 3 });
      });

      it('when filtered on several values of one field, then any of them matches', async () => {
        const result = await search('', { filters: { speaker: ['claire', 'john'] } });
        assert.equal(result.total, fixtureDocuments.filter((d) => d.speaker === 'claire' || d.speaker === 'john').length);
        assert.ok(everyId(result, (d) => d.speaker === 'claire' || d.speaker === 'john'));
      });

      it('when filtered on several fields, then all of them must match', async () => {
        const result = await search('', { filters: { speaker: ['sandra', 'seb'], kind: ['turn'], debate: ['narocast-0'] } });
        assert.deepEqual(ids(result), ['n0-1', 'n0-2', 'n0-5']);
        const text = await search('stratégie', { filters: { speaker: ['claire'] } });
        assert.deepEqual(ids(text), ['n0-3']);
      });

      it('when a filter value is unknown, then it matches nothing, without an error', async () => {
        assert.equal((await search('', { filters: { speaker: ['nobody'] } })).total, 0);
        assert.equal((await search('stratégie', { filters: { debate: ['nowhere'] } })).total, 0);
        const mixed = await search('', { filters: { speaker: ['nobody', 'john'] } });
        assert.equal(mixed.total, fixtureDocuments.filter((d) => d.speaker === 'john').length);
      });

      it('when facets are asked, then they count every matching unit, not just the page', async () => {
        const cases: SearchQuery[] = [
          { text: '' },
          { text: 'stagiaire' },
          { text: 'community management' },
          { text: 'campagne', filters: { speaker: ['claire'] } },
          { text: '', filters: { kind: ['comment', 'turn'] } },
        ];
        for (const query of cases) {
          const full = await engine.search({ ...query, limit: MAX_LIMIT, facets: FACET_FIELDS });
          assert.equal(full.total, full.hits.length, 'the fixture fits in one page');
          const small = await engine.search({ ...query, limit: 1, facets: FACET_FIELDS });
          const expected: FacetCounts = {};
          for (const field of FACET_FIELDS) expected[field] = countValues(full.hits.map((h) => h.document), field);
          assert.deepEqual(full.facets, expected, `facets of "${query.text}"`);
          assert.deepEqual(small.facets, expected, `facets of "${query.text}" with one hit per page`);
        }
        const some = await search('', { facets: ['kind'] });
        assert.deepEqual(Object.keys(some.facets), ['kind']);
        assert.deepEqual(some.facets.kind, countValues(fixtureDocuments, 'kind'));
      });

      it('when fewer facet values are wanted than there are, then the most frequent are kept with exact counts, plus the filtered ones', async () => {
        const all = countValues(fixtureDocuments, 'speaker');
        const ranked = Object.entries(all).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
        assert.ok(ranked.length >= 3, 'the fixture has several speakers');
        const top = await search('', { facets: ['speaker'], maxFacetValues: 2 });
        assert.deepEqual(top.facets.speaker, Object.fromEntries(ranked.slice(0, 2)));
        // A value the search filters on stays listed, however rare, so a page can show it ticked.
        const [rarest, rarestCount] = ranked[ranked.length - 1] as [string, number];
        const [first] = ranked[0] as [string, number];
        const filtered = await search('', { facets: ['speaker'], maxFacetValues: 1, filters: { speaker: [first, rarest] } });
        assert.deepEqual(filtered.facets.speaker, { [first]: all[first], [rarest]: rarestCount });
      });
    });

    describe('highlights', () => {
      it('when a unit contains markup, then its highlight is escaped and only <mark> is added', async () => {
        const result = await search('script');
        const hit = result.hits.find((h) => h.document.id === 'n0-4');
        assert.ok(hit, 'script finds the unit');
        assert.ok(!hit.highlight.includes('<script'), 'no raw markup');
        // Which occurrences get a mark is the engine's choice (Meilisearch marks the one in "</script>"
        // only); that the markup around a mark is escaped is the contract.
        assert.match(hit.highlight, /&lt;\/?<mark>script<\/mark>&gt;/);
        assert.match(hit.highlight, /&amp;/);
        assert.match(hit.highlight, /&quot;quoi/);
        assert.equal(unescapeHighlight(hit.highlight), hit.document.text);
      });

      it('when any query is answered, then every highlight is the full text, escaped, with marks on matched words', async () => {
        for (const text of ['stratégie', 'stagiair', 'cm', 'Sandra RP', 'l’écoute', 'campagne budget', '']) {
          const result = await search(text);
          for (const hit of result.hits) {
            assert.equal(unescapeHighlight(hit.highlight), hit.document.text, `highlight of ${hit.document.id} for "${text}"`);
            assert.doesNotMatch(hit.highlight.replace(/<\/?mark>/g, ''), /[<>]/);
          }
        }
        const budget = (await search('budget')).hits.find((h) => h.document.id === 'iv-1');
        assert.ok(budget && marked(budget.highlight).includes('budget'));
        assert.ok((await search('')).hits.every((h) => !h.highlight.includes('<mark>')), 'nothing is marked without a query');
      });
    });

    it('when several searches are sent at once, then each answer equals the single search, in order', async () => {
      const queries: SearchQuery[] = [
        { text: 'stratégie', facets: ['speaker'] },
        { text: '', filters: { speaker: ['john'] } },
        { text: 'relations publiques', filters: { speaker: ['sandra'] }, limit: 1 },
        { text: 'introuvablissime' },
      ];
      const many = await engine.multiSearch(queries);
      assert.equal(many.length, queries.length);
      for (const [i, query] of queries.entries()) {
        const single = await engine.search(query);
        const answer = many[i] as SearchResult;
        assert.deepEqual(ids(answer), ids(single));
        assert.equal(answer.total, single.total);
        assert.deepEqual(answer.facets, single.facets);
        assert.deepEqual(
          answer.hits.map((h) => h.highlight),
          single.hits.map((h) => h.highlight),
        );
      }
      assert.equal((many[3] as SearchResult).total, 0);
    });

    // Last, because it changes the index (and restores it).
    it('when reindexed with other documents, then only those are found', async () => {
      const subset = fixtureDocuments.filter((d) => d.speaker !== 'claire');
      await engine.reindex(subset);
      try {
        assert.equal((await search('')).total, subset.length);
        assert.equal((await engine.health()).documents, subset.length);
        assert.deepEqual(ids(await search('campagne')), ['iv-1']);
      } finally {
        await engine.reindex(fixtureDocuments);
      }
      assert.deepEqual(ids(await search('campagne')).sort(), ['iv-1', 'n0-6', 'ps-5', 'rp-3']);
    });
  });
}
