import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { CorpusIndex } from '../../server/corpus/model.ts';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { buildHref } from '../../server/routes/links.ts';
import { debatePageModel, type ThreadNode } from '../../server/routes/page-models/debate.ts';
import { pagination, searchStateHref, type SearchState } from '../../server/routes/page-models/search.ts';
import { CHART_MAX_SPEAKERS, MATRIX_ROWS, positionChart } from '../../server/routes/page-models/question.ts';
import { cropHighlight } from '../../server/html.ts';
import { facetValueLabel, labelsFor, positionLabel } from '../../server/routes/page-models/shared.ts';
import { getDebatePage } from '../../server/services/debate-pages.ts';
import { speakerPageModel } from '../../server/routes/page-models/speaker.ts';
import { getSpeaker, type SpeakerDetail } from '../../server/services/catalog-service.ts';
import { ROOT_DIR } from '../helpers/start-app.ts';

let index: CorpusIndex;

before(async () => {
  ({ index } = await loadValidCorpus(path.join(ROOT_DIR, 'data')));
});

const EMPTY_FILTERS = { speaker: [], question: [], position: [], kind: [], debate: [] };

describe('buildHref', () => {
  it('when params are empty or missing, then they are left out and the path stays bare', () => {
    assert.equal(buildHref('/search', { q: '', page: undefined, sort: null }), '/search');
  });

  it('when a param repeats or needs encoding, then each value is its own encoded pair', () => {
    assert.equal(buildHref('/search', { speaker: ['a b', 'c&d'], position: 'q:p' }), '/search?speaker=a+b&speaker=c%26d&position=q%3Ap');
  });

  it('when a language was chosen, then it is carried last', () => {
    assert.equal(buildHref('/questions', {}, 'en'), '/questions?lang=en');
    assert.equal(buildHref('/search', { q: 'x' }, 'fr'), '/search?q=x&lang=fr');
  });
});

describe('searchStateHref', () => {
  const state: SearchState = { q: 'cm', filters: { ...EMPTY_FILTERS, speaker: ['sandra'] }, sort: 'relevance', page: 3, limit: 20 };

  it('when defaults are in the state, then they are left out of the URL', () => {
    assert.equal(searchStateHref({ ...state, filters: EMPTY_FILTERS, page: 1 }, undefined), '/search?q=cm');
  });

  it('when a change is given, then the rest of the state is kept', () => {
    assert.equal(searchStateHref(state, undefined, { page: 4 }), '/search?q=cm&speaker=sandra&page=4');
    assert.equal(searchStateHref(state, 'en', { sort: 'date-desc', page: 1 }), '/search?q=cm&speaker=sandra&sort=date-desc&lang=en');
    assert.equal(searchStateHref({ ...state, limit: 5 }, undefined), '/search?q=cm&speaker=sandra&limit=5&page=3');
  });
});

describe('pagination', () => {
  const href = (page: number): string => `/p/${page}`;

  it('when everything fits on one page, then there is no pagination', () => {
    assert.equal(pagination(1, 20, 20, href), null);
    assert.equal(pagination(1, 0, 20, href), null);
  });

  it('when on a middle page of many, then first, last and two either side are linked with gaps between', () => {
    const p = pagination(10, 400, 20, href);
    assert.ok(p);
    assert.deepEqual(p.links.map((l) => l?.page ?? null), [1, null, 8, 9, 10, 11, 12, null, 20]);
    assert.equal(p.links.find((l) => l?.current)?.page, 10);
    assert.equal(p.previousHref, '/p/9');
    assert.equal(p.nextHref, '/p/11');
  });

  it('when on the first or last page, then there is no previous or next link', () => {
    assert.equal(pagination(1, 100, 20, href)?.previousHref, null);
    assert.equal(pagination(5, 100, 20, href)?.nextHref, null);
  });

  it('when the page is past the end, then the previous link leads back to the last real page', () => {
    const p = pagination(9, 100, 20, href);
    assert.ok(p);
    assert.equal(p.previousHref, '/p/5');
    assert.equal(p.nextHref, null);
  });
});

describe('labels', () => {
  it('when a position key is labelled, then the English label is used in English and the French one otherwise', () => {
    assert.equal(positionLabel(labelsFor('fr', index), 'stagiaire:non'), "Non, ce n'est pas un travail de stagiaire");
    assert.equal(positionLabel(labelsFor('en', index), 'stagiaire:non'), "No, it is not an intern's job");
    assert.equal(positionLabel(labelsFor('en', index), 'nowhere:none'), 'nowhere:none');
  });

  it('when facet values are labelled, then ids become names, titles and kind labels', () => {
    const fr = labelsFor('fr', index);
    assert.equal(facetValueLabel(fr, 'speaker', 'sebastien-robin'), 'Sébastien Robin');
    assert.equal(facetValueLabel(fr, 'kind', 'author-view'), 'avis de l’auteur');
    assert.equal(facetValueLabel(labelsFor('en', index), 'question', 'stagiaire'), "Is community management an intern's job?");
    assert.equal(facetValueLabel(fr, 'debate', 'narocast-0-community-management'), '[Narocast] #0 – Discussions sur le Community Management');
    assert.equal(facetValueLabel(fr, 'kind', 'unknown-kind'), 'unknown-kind');
  });
});

describe('debatePageModel', () => {
  const model = () => debatePageModel(labelsFor('fr', index, 'http://x'), getDebatePage({ corpus: index }, 'narocast-0-community-management', 1, { baseUrl: 'http://x' }), undefined);

  function ids(nodes: ThreadNode[]): unknown[] {
    return nodes.map((n) => (n.replies.length > 0 ? [n.card.id, ids(n.replies)] : n.card.id));
  }

  it('when the debate is laid out, then every unit appears exactly once, as a card or a part of one', () => {
    const m = model();
    const seen: string[] = [];
    const collect = (card: { id: string; parts: { id: string }[] }): void => {
      seen.push(card.id, ...card.parts.map((p) => p.id));
    };
    m.arguments.forEach((g) => g.cards.forEach(collect));
    m.turns.forEach(collect);
    m.authorViews.forEach(collect);
    const walk = (nodes: ThreadNode[]): void => nodes.forEach((n) => (collect(n.card), walk(n.replies)));
    walk(m.comments);
    const expected = (index.unitsByDebate.get('narocast-0-community-management') ?? []).map((u) => u.id);
    assert.deepEqual([...seen].sort(), [...expected].sort());
  });

  it('when arguments are grouped, then each speaker has one group in order of first appearance', () => {
    const speakers = model().arguments.map((g) => g.speaker);
    assert.equal(new Set(speakers).size, speakers.length);
    assert.deepEqual(speakers.slice(0, 2), ['sebastien-robin', 'sandra']);
  });

  it('when a comment continues another, then it is a part of the first one’s card', () => {
    const node = model().comments.find((n) => n.card.id === 'comment-yvain-webmaster');
    assert.ok(node);
    assert.deepEqual(node.card.parts.map((p) => p.id), ['comment-yvain-stagiaire', 'comment-yvain-strategie']);
  });

  it('when comments reply to comments, then the thread nests them under what they answer', () => {
    const tree = ids(model().comments);
    assert.deepEqual(
      tree.find((n) => Array.isArray(n) && n[0] === 'comment-yvain-webmaster'),
      ['comment-yvain-webmaster', [['comment-genaro-communaute', ['comment-yvain-j-ai-vu']], ['comment-seb-webmaster-2-0', ['comment-yvain-homme-a-tout-faire']]]],
    );
  });

  it('when a unit relates to others, then both directions are listed with in-page links', () => {
    const seb = model().arguments.flatMap((g) => g.cards).find((c) => c.id === 'seb-pas-stagiaire');
    assert.ok(seb);
    assert.equal(seb.anchorId, 'seb-pas-stagiaire');
    assert.deepEqual(seb.relations.map((r) => [r.label, r.refs.map((x) => x.href)]), [['Soutenu par', ['#comment-yvain-stagiaire']]]);
    assert.match(seb.citation ?? '', /^Résumé par Genaro des propos de Sébastien Robin, dans «\u00a0\[Narocast\] #0 .*\u00a0» \(Genaro, narominded\.com\), juillet 2010\. Source\u00a0: http:\/\/www\.narominded\.com\/.*\. Lien permanent\u00a0: http:\/\/x\/u\/seb-pas-stagiaire \(consulté le \d+ \S+ \d{4}\)\.$/);
  });
});

describe('cropHighlight', () => {
  it('when the highlight is short, then it is returned unchanged', () => {
    assert.equal(cropHighlight('a <mark>b</mark> &amp; c', 400), 'a <mark>b</mark> &amp; c');
  });

  it('when the match is far into a long text, then the snippet starts near it, on a word, with ellipses', () => {
    const html = `${'mot '.repeat(200)}<mark>cible</mark> ${'suite '.repeat(200)}`;
    const snippet = cropHighlight(html, 100, 30);
    assert.match(snippet, /^…mot /);
    assert.match(snippet, /<mark>cible<\/mark>/);
    assert.match(snippet, /suite…$/);
    assert.ok(snippet.replace(/<\/?mark>/g, '').length <= 102);
  });

  it('when the cut falls inside a mark or an entity, then tags stay balanced and entities whole', () => {
    const html = `${'&lt;x&gt; '.repeat(30)}<mark>${'long'.repeat(40)}</mark> fin`;
    const snippet = cropHighlight(html, 60, 10);
    assert.equal((snippet.match(/<mark>/g) ?? []).length, (snippet.match(/<\/mark>/g) ?? []).length);
    assert.doesNotMatch(snippet.replace(/&(lt|gt|amp);/g, ''), /&/);
    assert.doesNotMatch(snippet.replace(/<\/?mark>/g, ''), /[<>]/);
  });

  it('when nothing is marked, then the start of the text is kept', () => {
    const snippet = cropHighlight('début '.repeat(100), 50, 10);
    assert.match(snippet, /^début/);
    assert.match(snippet, /…$/);
  });
});

describe('speakerPageModel, paged', () => {
  const detail = (debates: number, questions: number, units: number): SpeakerDetail => {
    const base = getSpeaker({ corpus: index }, 'sebastien-robin');
    const unit = base.units[0]!;
    return {
      ...base,
      debates: Array.from({ length: debates }, (_, i) => ({ slug: `d-${i}`, title: `D ${i}`, date: '2020', medium: 'other' as const, language: 'fr', units: 1 })),
      positions: Array.from({ length: questions }, (_, i) => ({ question: { id: `q-${i}`, title: `Q ${i}`, titleEn: `Q ${i}` }, positions: [], unpositioned: 1 })),
      units: Array.from({ length: units }, (_, i) => ({ ...unit, id: `u-${i}` })),
    };
  };

  it('when a speaker has many units, then a page shows 50 with "n of N" and links to the next page', () => {
    const model = speakerPageModel(labelsFor('fr', index), detail(3, 3, 120), undefined, 2);
    assert.ok(model);
    assert.equal(model.cards.length, 50);
    assert.equal(model.cards[0]?.id, 'u-50');
    assert.equal(model.rangeText, 'Unités 51 à 100 sur 120');
    assert.equal(model.pagination?.nextHref, '/speakers/sebastien-robin?page=3');
    assert.equal(model.pagination?.previousHref, '/speakers/sebastien-robin');
    // Debates and positions are on page 1 only.
    assert.equal(model.firstPage, false);
    assert.deepEqual(model.debates, []);
    assert.equal(speakerPageModel(labelsFor('fr', index), detail(3, 3, 120), undefined, 4), null);
  });

  it('when a speaker took part in many debates and questions, then page 1 lists 30 of each and says how many more there are', () => {
    const model = speakerPageModel(labelsFor('fr', index), detail(41, 31, 10), undefined, 1);
    assert.ok(model);
    assert.equal(model.debates.length, 30);
    assert.equal(model.positions.length, 30);
    assert.equal(model.more?.text, 'Et 11 autres débats et 1 autre question : tout voir dans la recherche');
    assert.equal(model.more?.href, '/search?speaker=sebastien-robin');
    assert.equal(speakerPageModel(labelsFor('en', index), detail(2, 2, 10), undefined, 1)?.more, null);
  });
});

describe('positionChart', () => {
  const columns = [{ key: 'q:yes', label: 'Oui' }, { key: null, label: 'Sans position' }];
  const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Speaker ${i + 1}`, cells: [{ count: n - i }, { count: 1 }] }));

  it('when the question has no more speakers than the chart draws, then there is no note', () => {
    const chart = positionChart(labelsFor('en', index), 'Q', columns, rowsOf(12));
    assert.equal(chart?.bars.length, 12);
    assert.equal(chart?.note, null);
  });

  it('when the table lists every speaker but the chart only the busiest, then the note sends the reader to the table', () => {
    const chart = positionChart(labelsFor('en', index), 'Q', columns, rowsOf(45), 45);
    assert.equal(chart?.bars.length, CHART_MAX_SPEAKERS);
    assert.equal(chart?.note, `The chart shows the ${CHART_MAX_SPEAKERS} most prolific of 45 speakers; the table lists them all.`);
  });

  it('when the question has more speakers than the table lists, then the note says the table holds the busiest and the download all', () => {
    const chart = positionChart(labelsFor('fr', index), 'Q', columns, rowsOf(MATRIX_ROWS), 75);
    assert.equal(chart?.bars.length, CHART_MAX_SPEAKERS);
    assert.equal(chart?.note, `Le graphique montre les ${CHART_MAX_SPEAKERS} intervenants les plus prolixes sur 75, le tableau les ${MATRIX_ROWS} plus prolixes ; le téléchargement du tableau les donne tous.`);
  });
});
