// The HTML pages over HTTP, against the real app (real corpus loader, real embedded engine) on
// port 0, with the bundled corpus in data/.

import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURE_DATA_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';

let app: StartedApp;

before(async () => {
  app = await startApp();
});

after(async () => {
  await app?.close();
});

interface Page {
  status: number;
  headers: Headers;
  text: string;
}

async function get(path: string, headers: Record<string, string> = {}): Promise<Page> {
  const response = await fetch(`${app.baseUrl}${path}`, { redirect: 'manual', headers: { Accept: 'text/html', ...headers } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The HTML from an element (found by its id) to the end of the page. */
function section(html: string, fromId: string): string {
  const at = html.indexOf(`id="${fromId}"`);
  assert.ok(at >= 0, `no element with id ${fromId}`);
  return html.slice(at);
}

const DEBATE = 'narocast-0-community-management';

describe('search page', () => {
  it('when / is opened with no language preference, then it is the French search page with every unit listed', async () => {
    const page = await get('/');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(page.text, /<html lang="fr">/);
    assert.match(page.text, /Rechercher dans les débats/);
    assert.match(page.text, /<label for="q"[^>]*>Rechercher des arguments<\/label>/);
    const total = app.deps.corpus.corpus.units.length;
    assert.match(page.text, new RegExp(`${total} résultats`));
  });

  it('when a query matches, then results show highlighted snippets, speaker, position badge, debate and permalink', async () => {
    const page = await get('/search?q=stagiaire');
    assert.equal(page.status, 200);
    assert.match(page.text, /<mark>stagiaire<\/mark>/i);
    assert.match(page.text, /résultats? pour « stagiaire »/);
    assert.match(page.text, /href="\/u\/seb-pas-stagiaire"/);
    assert.match(page.text, /class="unit-speaker" href="\/speakers\/sebastien-robin">Sébastien Robin</);
    assert.match(page.text, /class="badge badge-position"[^>]*>Non, ce n&#39;est pas un travail de stagiaire</);
    assert.match(page.text, new RegExp(`href="/debates/${DEBATE}#seb-pas-stagiaire"`));
  });

  it('when facets are listed, then each value is a toggle link with a count that keeps the query', async () => {
    const page = await get('/search?q=stagiaire');
    const facets = section(page.text, 'facets');
    // seb-pas-stagiaire, and his "pti jeune" comment, coded on the question too.
    assert.match(facets, /href="\/search\?q=stagiaire&amp;speaker=sebastien-robin"[^>]*>.*Sébastien Robin.*<span class="facet-count">2<\/span>/);
    assert.match(facets, /href="\/search\?q=stagiaire&amp;position=stagiaire%3Anon"/);
    // A position's question is named beside it: several questions have a "Non".
    assert.match(facets, /Non, ce n&#39;est pas un travail de stagiaire <span class="facet-hint">Le community management est-il un travail de stagiaire \?<\/span>/);
    for (const label of ['Intervenant', 'Question', 'Position', 'Type', 'Débat']) assert.match(facets, new RegExp(`<h3 id="facet-\\w+">${label}</h3>`));
  });

  it('when a filter is active, then its link removes it, the rest of the state stays, and results are filtered', async () => {
    const page = await get('/search?q=stagiaire&speaker=yvain-ducrocq&sort=date-desc');
    assert.equal(page.status, 200);
    assert.match(page.text, /1 résultat pour/);
    assert.match(page.text, /class="facet-link is-selected" href="\/search\?q=stagiaire&amp;sort=date-desc"/);
    assert.match(page.text, /class="chip" href="\/search\?q=stagiaire&amp;sort=date-desc"/);
    assert.match(page.text, /<input type="hidden" name="speaker" value="yvain-ducrocq">/);
    assert.doesNotMatch(page.text, /href="\/u\/seb-pas-stagiaire"/);
  });

  it('when results span pages, then pagination links carry the state and mark the current page', async () => {
    const first = await get('/search?limit=5');
    assert.match(first.text, /<nav class="pagination" aria-label="Pagination">/);
    assert.match(first.text, /href="\/search\?limit=5&amp;page=2" rel="next"/);
    const second = await get('/search?limit=5&page=2');
    assert.match(second.text, /href="\/search\?limit=5&amp;page=2" aria-current="page"/);
    assert.match(second.text, /href="\/search\?limit=5" rel="prev"/);
    assert.match(second.text, /<ol class="hit-list" start="6">/);
  });

  it('when a search page past the last is asked, then it is a 404 naming the last page, as on the reading pages', async () => {
    const api = await get('/api/search?q=stagiaire&limit=5');
    const pages = Math.ceil((JSON.parse(api.text) as { total: number }).total / 5);
    assert.ok(pages >= 1);
    assert.equal((await get(`/search?q=stagiaire&limit=5&page=${pages}`)).status, 200, 'the last page');
    const past = await get(`/search?q=stagiaire&limit=5&page=${pages + 1}`);
    assert.equal(past.status, 404);
    assert.match(past.text, new RegExp(`la dernière est la page ${pages}`));
    assert.equal((await get('/search?q=xyzzyquux&page=2')).status, 404, 'a search without results has only page 1');
  });

  it('when nothing matches, then an empty state suggests queries and facets', async () => {
    const page = await get('/search?q=xyzzyquux');
    assert.equal(page.status, 200);
    assert.match(page.text, /Aucun résultat/);
    assert.match(page.text, /href="\/search\?q=stagiaire"/);
    assert.match(page.text, /href="\/search\?question=[a-z-]+"/);
    assert.match(page.text, /href="\/search\?speaker=[a-z-]+"/);
  });

  it('when q holds a <script>, then it is escaped everywhere on the page', async () => {
    const hostile = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>';
    const page = await get(`/search?q=${encodeURIComponent(hostile)}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /<script>alert/);
    assert.doesNotMatch(page.text, /<img src=x/);
    assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('when page=0 or a bad sort is given, then the page is a 400 HTML error giving the reason in the page’s language, the API in English', async () => {
    // An unknown parameter is a 400 on the API only: pages ignore it (issue 11, web-hardening.test.ts).
    const reasons: Record<string, [string, string, string]> = {
      'page=0': ['Le paramètre « page » doit être un nombre entier de 1 à 10000.', 'Parameter "page" must be a whole number from 1 to 10000.', 'parameter "page" must be a whole number from 1 to 10000'],
      'sort=sideways': [
        'Le paramètre « sort » doit valoir l’une de ces valeurs : relevance, date-desc, date-asc.',
        'Parameter "sort" must be one of relevance, date-desc, date-asc.',
        'parameter "sort" must be one of relevance, date-desc, date-asc',
      ],
    };
    const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&#34;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    for (const [query, [french, english, api]] of Object.entries(reasons)) {
      const page = await get(`/search?${query}`);
      assert.equal(page.status, 400, query);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.match(page.text, /Requête invalide/);
      assert.ok(page.text.includes(`<p class="error-message">${escape(french)}</p>`), `${query}: French page lacks "${french}"`);
      assert.doesNotMatch(page.text, /must be/);
      const pageEn = await get(`/search?${query}&lang=en`);
      assert.ok(pageEn.text.includes(`<p class="error-message">${escape(english)}</p>`), `${query}: English page lacks "${english}"`);
      const answer = await fetch(`${app.baseUrl}/api/search?${query}`);
      assert.equal(answer.status, 400);
      const body = (await answer.json()) as { error: { message: string } };
      assert.equal(body.error.message, api);
    }
  });
});

describe('language', () => {
  it('when ?lang=en is given, then the interface is English and links carry the choice', async () => {
    const page = await get('/search?q=stagiaire&lang=en');
    assert.equal(page.status, 200);
    assert.match(page.text, /<html lang="en">/);
    assert.match(page.text, /Search the debates/);
    assert.match(page.text, /results? for “stagiaire”/);
    assert.match(page.text, /href="\/questions\?lang=en"/);
    assert.match(page.text, /No, it is not an intern&#39;s job/);
    assert.match(page.text, /<a href="\/search\?q=stagiaire&amp;lang=fr" hreflang="fr" lang="fr">Français<\/a>/);
  });

  it('when a French unit is shown on an English page, then its text is marked lang="fr" (a screen reader reads it in French); on a French page it is not', async () => {
    const english = await get(`/debates/${DEBATE}?lang=en`);
    const bodies = english.text.match(/<div class="unit-body"[^>]*>/g) ?? [];
    assert.ok(bodies.length > 3);
    for (const body of bodies) assert.equal(body, '<div class="unit-body" lang="fr">');
    const search = await get('/search?q=stagiaire&lang=en');
    assert.match(search.text, /<div class="unit-body" lang="fr">/);
    const french = await get(`/debates/${DEBATE}`);
    assert.doesNotMatch(french.text, /<div class="unit-body" lang=/);
    assert.match(french.text, /<div class="unit-body">/);
  });

  it('when the browser prefers English, then the page is English without a parameter, and Vary says so', async () => {
    const page = await get('/debates', { 'Accept-Language': 'en-GB,en;q=0.9,fr;q=0.5' });
    assert.match(page.text, /<html lang="en">/);
    assert.match(page.text, />Debates</);
    assert.match(page.headers.get('vary') ?? '', /Accept-Language/i);
    assert.match(page.text, /href="\/debates\/narocast-0-community-management"/);
  });

  it('when ?lang= wins over the browser, then French is shown to an English browser', async () => {
    const page = await get('/speakers?lang=fr', { 'Accept-Language': 'en' });
    assert.match(page.text, /<html lang="fr">/);
    assert.match(page.text, />Intervenants</);
  });
});

describe('debate page', () => {
  it('when a debate is opened, then metadata, source link, summary, sections and sources are shown', async () => {
    const page = await get(`/debates/${DEBATE}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>\[Narocast\] #0 – Discussions sur le Community Management<\/h1>/);
    assert.match(page.text, /<time datetime="2010-07">juillet 2010<\/time>/);
    assert.match(page.text, /<a class="source-link" href="http:\/\/www\.narominded\.com\/2010\/07\/narocast-0-discussions-sur-le-community-management\/" rel="nofollow noopener">/);
    assert.match(page.text, /<em>Notes de saisie<\/em>/);
    for (const heading of ['Résumé', 'Arguments', 'Transcription', 'Avis de l’auteur', 'Commentaires', 'Sources liées']) {
      assert.match(page.text, new RegExp(`<h2 id="[a-z]+-title">${heading}</h2>`));
    }
    assert.match(page.text, /<span class="badge badge-kind">pingback<\/span> Community management : qui est in, qui est out \?/);
  });

  it('when a comment was signed with another of the speaker\'s names, then the signature is shown', async () => {
    const page = await get(`/debates/${DEBATE}`);
    const comment = section(page.text, 'comment-seb-webmaster-2-0');
    assert.match(comment.slice(0, 1500), /<span class="unit-signature">signé « sebmaster »<\/span>/);
    const english = await get(`/debates/${DEBATE}?lang=en`);
    assert.match(section(english.text, 'comment-seb-effet-de-mode').slice(0, 1500), /signed &#34;Sébastien ROBIN&#34;/);
    // Genaro signs with his display name: nothing to add.
    assert.doesNotMatch(section(page.text, 'comment-genaro-communaute').slice(0, 800), /unit-signature/);
  });

  it('when units are shown, then each has an anchor, a permalink, a citation and its relations both ways', async () => {
    const page = await get(`/debates/${DEBATE}`);
    for (const unit of app.deps.corpus.unitsByDebate.get(DEBATE) ?? []) {
      assert.match(page.text, new RegExp(`id="${unit.id}"`), unit.id);
      assert.match(page.text, new RegExp(`class="permalink" href="/u/${unit.id}" data-copy-link`), unit.id);
    }
    const base = app.baseUrl.replace(/[.]/g, '\\.');
    // What the unit is (Genaro's summary of what Sébastien said), the post with its author and host, the date, the source, the permalink and the access date.
    assert.match(page.text, new RegExp(`<cite id="cite-seb-pas-stagiaire">Résumé par Genaro des propos de Sébastien Robin, dans «\u00a0\\[Narocast\\] #0 – Discussions sur le Community Management\u00a0» \\(Genaro, narominded\\.com\\), juillet 2010\\. Source\u00a0: http://www\\.narominded\\.com/[^ ]+\\. Lien permanent\u00a0: ${base}/u/seb-pas-stagiaire \\(consulté le [^)]+\\)\\.</cite>`));
    const english = await get(`/debates/${DEBATE}?lang=en`);
    assert.match(english.text, new RegExp(`<cite id="cite-seb-pas-stagiaire">Summary by Genaro of what Sébastien Robin said, in “\\[Narocast\\] #0 – Discussions sur le Community Management” \\(Genaro, narominded\\.com\\), July 2010\\. Source: http://[^ ]+\\. Permalink: ${base}/u/seb-pas-stagiaire \\(accessed [^)]+\\)\\.</cite>`));
    const seb = section(page.text, 'seb-pas-stagiaire').split('</article>')[0] ?? '';
    assert.match(seb, /<dt>Soutenu par<\/dt><dd><a href="#comment-yvain-stagiaire">Yvain Ducrocq<\/a>/);
    const yvain = section(page.text, 'comment-yvain-stagiaire');
    assert.match(yvain.slice(0, 3000), /<dt>Soutient<\/dt><dd><a href="#seb-pas-stagiaire">Sébastien Robin<\/a>/);
  });

  it('when a comment is split with continues, then its parts are shown inside the same card', async () => {
    const page = await get(`/debates/${DEBATE}`);
    const card = section(page.text, 'comment-yvain-webmaster');
    const end = card.indexOf('</article>');
    assert.ok(card.indexOf('class="unit-part" id="comment-yvain-stagiaire"') > 0 && card.indexOf('class="unit-part" id="comment-yvain-stagiaire"') < end);
    assert.ok(card.indexOf('class="unit-part" id="comment-yvain-strategie"') > 0 && card.indexOf('class="unit-part" id="comment-yvain-strategie"') < end);
  });

  it('when comments reply to comments, then replies are nested under what they answer', async () => {
    const page = await get(`/debates/${DEBATE}`);
    const thread = section(page.text, 'comments-title');
    // comment-genaro-communaute answers comment-yvain-webmaster; comment-yvain-j-ai-vu answers it in turn.
    const parent = thread.indexOf('id="comment-yvain-webmaster"');
    const child = thread.indexOf('id="comment-genaro-communaute"');
    const grandchild = thread.indexOf('id="comment-yvain-j-ai-vu"');
    assert.ok(parent >= 0 && child > parent && grandchild > child);
    const between = thread.slice(parent, child);
    assert.match(between, /<\/article>\s*<ol class="thread">\s*<li>\s*<article[^>]*$/);
    assert.match(thread.slice(child, grandchild), /<\/article>\s*<ol class="thread">\s*<li>\s*<article[^>]*$/);
  });

  it('when a debate is unknown, then the page is a 404 in the page language', async () => {
    const page = await get('/debates/no-such-debate');
    assert.equal(page.status, 404);
    assert.match(page.text, /Page introuvable/);
    const english = await get('/debates/no-such-debate?lang=en');
    assert.equal(english.status, 404);
    assert.match(english.text, /Page not found/);
  });
});

describe('permalinks', () => {
  it('when /u/:id names a unit, then its own light page shows it with its citation and a link to its place in the debate', async () => {
    const page = await get('/u/seb-pas-stagiaire');
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>Sébastien Robin/);
    assert.match(page.text, new RegExp(`href="/debates/${DEBATE}#seb-pas-stagiaire"`));
    assert.match(page.text, /<cite id="cite-seb-pas-stagiaire">Résumé par Genaro/);
    assert.match(page.text, /href="\/u\/seb-pas-stagiaire\/cite\?format=bibtex"/);
    // Neighbours in the source, and the relation that points here from a comment.
    assert.match(page.text, /rel="prev"/);
    assert.match(page.text, /<dt>Soutenu par<\/dt><dd><a href="\/u\/comment-yvain-stagiaire">/);
    assert.ok(page.text.length < 40_000, `a unit page is light (${page.text.length} bytes)`);
    const english = await get('/u/seb-pas-stagiaire?lang=en');
    assert.match(english.text, new RegExp(`href="/debates/${DEBATE}\\?lang=en#seb-pas-stagiaire"`));
  });

  it('when /u/:id is unknown, then the answer is the 404 page', async () => {
    const page = await get('/u/no-such-unit');
    assert.equal(page.status, 404);
    assert.match(page.text, /<html lang="fr">/);
    assert.match(page.text, /Page introuvable/);
    assert.match(page.text, /<p class="error-message">Aucun argument n’a l’identifiant « no-such-unit ».<\/p>/);
  });
});

describe('unknown addresses', () => {
  it('when no route matches, then the 404 page is drawn in full, in the chosen language', async () => {
    const page = await get('/no/such/page?lang=en');
    assert.equal(page.status, 404);
    assert.match(page.text, /<html lang="en">/);
    assert.match(page.text, /<h1>Page not found<\/h1>/);
    assert.match(page.text, /<nav class="site-nav"/);
    assert.match(page.text, /href="\/search\?lang=en">Back to search</);
  });

  it('when a browser prefers French, then the 404 page is French', async () => {
    const page = await get('/nowhere', { 'Accept-Language': 'fr-CA,fr;q=0.9' });
    assert.equal(page.status, 404);
    assert.match(page.text, /<h1>Page introuvable<\/h1>/);
  });
});

describe('questions and speakers', () => {
  it('when the questions are listed, then each links to its page with position and argument counts', async () => {
    const page = await get('/questions');
    assert.equal(page.status, 200);
    for (const question of app.deps.corpus.corpus.questions) assert.match(page.text, new RegExp(`href="/questions/${question.id}"`));
    assert.match(page.text, /\d+ positions · \d+ arguments?/);
  });

  it('when a question is opened, then its speaker × position matrix is an accessible table whose cells link to the search', async () => {
    const page = await get('/questions/stagiaire');
    assert.equal(page.status, 200);
    assert.match(page.text, /<table class="matrix">\s*<caption id="matrix-caption">/);
    assert.match(page.text, /<th scope="col">Non, ce n&#39;est pas un travail de stagiaire<\/th>/);
    assert.match(page.text, /<th scope="row"><a href="\/speakers\/sebastien-robin">Sébastien Robin<\/a><\/th>/);
    // Two units: seb-pas-stagiaire, and his "pti jeune" comment, whose second code is stagiaire:non.
    const link = /<a href="(\/search\?question=stagiaire&amp;position=stagiaire%3Anon&amp;speaker=sebastien-robin)"[^>]*>2<\/a>/.exec(page.text);
    assert.ok(link?.[1], 'the cell links to the search');
    const search = await get(link[1].replace(/&amp;/g, '&'));
    assert.equal(search.status, 200);
    assert.match(search.text, /2 résultats/);
    assert.match(search.text, /href="\/u\/comment-seb-webmaster-2-0"/);
    assert.match(search.text, /href="\/u\/seb-pas-stagiaire"/);
    // Units grouped by position, the empty position shown as such.
    assert.match(page.text, /Aucun argument pour cette position\./);
  });

  it('when the speakers are listed and one is opened, then name, aliases, links, debates, positions and units are shown', async () => {
    const list = await get('/speakers');
    assert.match(list.text, /href="\/speakers\/yvain-ducrocq"/);
    assert.match(list.text, /\d+ arguments? · 1 débat</);
    const page = await get('/speakers/sebastien-robin');
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>Sébastien Robin<\/h1>/);
    assert.match(page.text, /<span class="alias">sebmaster<\/span>/);
    assert.match(page.text, /href="http:\/\/twitter\.com\/sebmaster" rel="nofollow noopener"/);
    assert.match(page.text, new RegExp(`href="/debates/${DEBATE}"`));
    assert.match(page.text, /href="\/search\?speaker=sebastien-robin&amp;question=stagiaire&amp;position=stagiaire%3Anon"/);
    assert.match(page.text, /data-unit="seb-pas-stagiaire"/);
  });

  it('when a speaker or question is unknown, then the page is a 404', async () => {
    assert.equal((await get('/speakers/nobody')).status, 404);
    assert.equal((await get('/questions/nothing')).status, 404);
  });
});

describe('compare page', () => {
  it('when opened bare, then the form is shown with labelled controls and no comparison', async () => {
    const page = await get('/compare');
    assert.equal(page.status, 200);
    assert.match(page.text, /<label for="compare-question">/);
    assert.match(page.text, /<input type="checkbox" id="compare-speaker-sandra" name="speaker" value="sandra"> <label for="compare-speaker-sandra">Sandra<\/label>/);
    assert.doesNotMatch(page.text, /class="comparison"/);
  });

  it('when two speakers are compared on a question, then a grid of counts comes first, then the quotes of the positions taken', async () => {
    const page = await get('/compare?question=stagiaire&speaker=sandra&speaker=sebastien-robin');
    assert.equal(page.status, 200);
    assert.match(page.text, /<table class="compare-table columns-2">/);
    assert.match(page.text, /<th scope="col" class="compare-table-speaker"><a href="\/speakers\/sandra">Sandra<\/a>/);
    assert.match(page.text, /<th scope="col" class="compare-table-speaker"><a href="\/speakers\/sebastien-robin">Sébastien Robin<\/a>/);
    assert.ok(page.text.indexOf('class="compare-table') < page.text.indexOf('data-unit="seb-pas-stagiaire"'), 'the grid comes before the quotes');
    assert.match(page.text, /data-unit="seb-pas-stagiaire"/);
    assert.match(page.text, /<input type="checkbox" id="compare-speaker-sandra" name="speaker" value="sandra" checked>/);
  });

  it('when Sébastien, Sandra and Genaro are compared on "appartenance", then counts and zeros read at a glance, each speaker under the positions they hold', async () => {
    const page = await get('/compare?question=appartenance&speaker=sebastien-robin&speaker=sandra&speaker=genaro');
    assert.equal(page.status, 200);
    // Since issue 14 Sébastien holds a position here (seb-internaliser is coded appartenance:interne):
    // nobody of the three is silent.
    assert.doesNotMatch(page.text, /ne s’exprime pas sur cette question/);
    const rows = [...page.text.matchAll(/<tr>\s*<th scope="row">([^<]*)(?:<span[^>]*>[^<]*<\/span>)?<\/th>([\s\S]*?)<\/tr>/g)].map((m) => [
      m[1]?.trim(),
      [...(m[2] ?? '').matchAll(/<td class="[^"]*">(?:<a [^>]*>)?(?:<span aria-hidden="true">)?(\d+)/g)].map((c) => Number(c[1])),
    ]);
    assert.deepEqual(rows, [
      ['Aux relations publiques', [0, 1, 0]],
      ['Au marketing (le 5ème P, « People »)', [0, 0, 1]],
      ['À l&#39;entreprise elle-même, en interne plutôt qu&#39;à une agence', [1, 0, 0]],
      ['À intégrer à la communication, aux RP ou au CRM', [0, 0, 1]],
      ['Sans position sur cette question', [0, 0, 1]],
    ]);
    // Positions nobody took are folded away, named.
    assert.match(page.text, /<details class="untaken">\s*<summary>3 positions que personne n’a prises parmi eux<\/summary>/);
    // The quotes show the three speakers who spoke, and no more "pas de prise de position".
    assert.match(page.text, /<div class="compare-columns columns-3">/);
    assert.doesNotMatch(page.text, /pas de prise de position/);
    assert.ok(Buffer.byteLength(page.text) < 40_000, `the page weighs ${Buffer.byteLength(page.text)} bytes`);
  });

  it('when a compared speaker says nothing on the question, then the page names them and their column is left out of the quotes', async () => {
    const page = await get('/compare?question=appartenance&speaker=yvain-ducrocq&speaker=sandra&speaker=genaro');
    assert.equal(page.status, 200);
    assert.match(page.text, /<li>Yvain Ducrocq ne s’exprime pas sur cette question.<\/li>/);
    assert.match(page.text, /<div class="compare-columns columns-2">/);
  });

  it('when a cell is opened on its own, then its quotes are listed with "n of N" and a way back; a cell outside the comparison is a 400 in French', async () => {
    const base = '/compare?question=appartenance&speaker=sandra&speaker=genaro';
    const page = await get(`${base}&cell=genaro&position=appartenance:marketing`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<h3 id="cell-title">Genaro — Au marketing/);
    assert.match(page.text, /Arguments 1 à 1 sur 1/);
    assert.match(page.text, /data-unit="genaro-5e-p"/);
    assert.doesNotMatch(page.text, /data-unit="sandra-proche-rp"/);
    assert.match(page.text, /href="\/compare\?question=appartenance&amp;speaker=sandra&amp;speaker=genaro#position-appartenance-marketing">Retour à la comparaison/);
    const none = await get(`${base}&cell=genaro&position=none`);
    assert.equal(none.status, 200);
    assert.match(none.text, /Genaro — Sans position sur cette question/);
    const outside = await get(`${base}&cell=sebastien-robin&position=none`);
    assert.equal(outside.status, 400);
    assert.match(outside.text, /Le paramètre « cell » doit être l’un des intervenants comparés./);
    const unknown = await get(`${base}&cell=genaro&position=appartenance:nope`);
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /La position « appartenance:nope » ne fait pas partie de cette comparaison./);
  });

  it('when one speaker only is given, then the form comes back as a 400 with the reason in French', async () => {
    const page = await get('/compare?speaker=sandra');
    assert.equal(page.status, 400);
    assert.match(page.text, /role="alert"/);
    assert.match(page.text, /Choisissez de deux à quatre intervenants/);
    assert.match(page.text, /Une comparaison demande de 2 à 4 intervenants différents \(1 choisi\(s\)\)./);
    assert.doesNotMatch(page.text, /a comparison needs/);
  });

  it('when five speakers are ticked, then the form comes back as a 400 too, with the boxes still ticked', async () => {
    const page = await get('/compare?speaker=sandra&speaker=genaro&speaker=sebastien-robin&speaker=yvain-ducrocq&speaker=sandra2');
    assert.equal(page.status, 400);
    assert.match(page.text, /Choisissez de deux à quatre intervenants/);
    assert.match(page.text, /value="genaro" checked>/);
  });

  it('when a compared speaker is unknown, then the page is a 404', async () => {
    assert.equal((await get('/compare?speaker=sandra&speaker=nobody')).status, 404);
  });

  it('when a comparison page past the last is asked (overview or cell), then it is a 404 naming the last page', async () => {
    const base = '/compare?question=appartenance&speaker=sandra&speaker=genaro';
    assert.equal((await get(`${base}&page=1`)).status, 200);
    const overview = await get(`${base}&page=2`);
    assert.equal(overview.status, 404);
    assert.match(overview.text, /il n’y a pas de page 2 ici ; la dernière est la page 1/i);
    const cell = await get(`${base}&cell=genaro&position=appartenance:marketing&page=99`);
    assert.equal(cell.status, 404);
    assert.match(cell.text, /la dernière est la page 1/);
  });
});

describe('page hygiene', () => {
  const PAGES = ['/', '/search?q=stagiaire', '/compare?speaker=sandra&speaker=genaro', '/questions', '/questions/stagiaire', '/speakers', '/speakers/sandra', '/debates', `/debates/${DEBATE}`];

  it('when any page is served, then it has landmarks, a skip link, one h1 and no inline script, style or handler', async () => {
    for (const path of PAGES) {
      const page = await get(path);
      assert.equal(page.status, 200, path);
      for (const landmark of [/<header class="site-header">/, /<nav class="site-nav" aria-label=/, /<main id="main"/, /<footer class="site-footer">/, /<a class="skip-link" href="#main">/]) {
        assert.match(page.text, landmark, `${path}: ${landmark}`);
      }
      assert.equal(page.text.match(/<h1[ >]/g)?.length, 1, `${path}: one h1`);
      for (const tag of page.text.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /src="\/static\/app\.js"/, `${path}: inline script`);
      assert.doesNotMatch(page.text, /\sstyle="/, `${path}: inline style`);
      assert.doesNotMatch(page.text, /\son[a-z]+="/i, `${path}: inline handler`);
      assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    }
  });

  it('when the script and stylesheet are requested, then they are served from /static', async () => {
    const js = await fetch(`${app.baseUrl}/static/app.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    const css = await fetch(`${app.baseUrl}/static/style.css`);
    assert.equal(css.status, 200);
    assert.match(await css.text(), /:focus-visible/);
  });
});

// A corpus written by an attacker: every text field carries markup. The validator refuses
// non-http URLs, so the URLs here are http ones with quotes and tags inside.
const HOSTILE_FILES: Record<string, string> = {
  'speakers.yaml': `
- id: mallory
  name: "Mallory <script>alert('name')</script>"
  aliases: ["<img src=x onerror=alert(1)>"]
  links:
    - label: "evil <b>link</b>"
      url: "http://evil.example/?a=\\"><script>alert(1)</script>"
  description: "Description with <script>alert('desc')</script> and [bad](javascript:alert(3))."
- id: trent
  name: Trent
  aliases: []
  links: []
  description: ""
`,
  'questions.yaml': `
- id: xss
  title: "Is <script>alert('q')</script> safe?"
  titleEn: "Is <b>it</b> safe?"
  description: "<iframe src=javascript:alert(4)></iframe>"
  positions:
    - id: yes
      label: "Yes <img src=x onerror=alert(5)>"
      labelEn: "Yes <svg onload=alert(6)>"
    - id: no
      label: No
`,
  'debates/evil.md': `---
slug: evil
title: "Evil <script>alert('title')</script> debate"
date: 2020-01-02
medium: other
source: "http://evil.example/\\"onmouseover=alert(1)"
language: en
participants: [mallory, trent]
sources:
  - title: "<script>alert('src')</script>pingback"
    kind: "<b>pingback</b>"
    url: "https://evil.example/p?x=<script>"
---

Summary with <script>alert('summary')</script> and <img src=x onerror=alert(7)> and [click](javascript:alert(8)).

## evil-1
- speaker: mallory
- kind: argument
- question: xss
- position: yes

Unit text <script>alert('unit')</script> with <a href="javascript:alert(9)">a link</a> and <img src=x onerror=alert(10)>.

## evil-2
- speaker: trent
- kind: comment
- reply-to: evil-1
- attacks: evil-1

A reply mentioning <script>alert('reply')</script>.
`,
};

describe('a hostile corpus', () => {
  let hostile: StartedApp;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-hostile-'));
    await mkdir(path.join(dir, 'debates'));
    for (const [name, text] of Object.entries(HOSTILE_FILES)) await writeFile(path.join(dir, name), text);
    hostile = await startApp({ dataDir: dir });
  });

  after(async () => {
    await hostile?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const PAGES = ['/', '/search?q=unit', '/search?q=alert', '/debates', '/debates/evil', '/speakers', '/speakers/mallory', '/questions', '/questions/xss', '/compare?speaker=mallory&speaker=trent', '/compare?speaker=mallory&speaker=trent&question=xss&lang=en'];

  it('when every page shows its markup-laden text, then no tag, handler or javascript: URL gets through', async () => {
    for (const url of PAGES) {
      const response = await fetch(`${hostile.baseUrl}${url}`, { headers: { Accept: 'text/html' } });
      assert.equal(response.status, 200, url);
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      assert.deepEqual(scripts.filter((tag) => !/src="\/static\/app\.js"/.test(tag)), [], `${url}: script tag`);
      // The site's own SVG (the question page's chart and its legend swatches) is set aside; nothing else may draw one.
      const ownSvg = /<svg (viewBox="0 0 \d+ [\d.]+" width="100%" role="img"|class="swatch" width="14")/g;
      assert.doesNotMatch(html.replace(ownSvg, ''), /<(img|svg|iframe|b)\b/i, `${url}: raw tag`);
      // Attribute values emptied first: escaped text inside a title="…" is not an attribute.
      assert.doesNotMatch(html.replace(/="[^"]*"/g, '=""'), /<[^>]*\son[a-z]+=/i, `${url}: handler attribute`);
      assert.doesNotMatch(html, /href="javascript:/i, `${url}: javascript link`);
    }
  });

  it('when the text is escaped, then it is still there for the reader to see', async () => {
    const html = await (await fetch(`${hostile.baseUrl}/debates/evil`)).text();
    assert.match(html, /Evil &lt;script&gt;alert\(&#39;title&#39;\)&lt;\/script&gt; debate/);
    assert.match(html, /href="http:\/\/evil\.example\/&#34;onmouseover=alert\(1\)"/);
    assert.match(html, /Unit text\s+with a link and \./);
    assert.match(html, /<p>Summary with\s+and\s+and click\.<\/p>/);
  });
});

describe('the small fixture corpus', () => {
  let fixture: StartedApp;
  before(async () => {
    fixture = await startApp({ dataDir: FIXTURE_DATA_DIR });
  });
  after(async () => {
    await fixture?.close();
  });

  it('when every debate, speaker, question and permalink is visited, then each answers 200', async () => {
    const { debates, speakers, questions, units } = fixture.deps.corpus.corpus;
    const urls = [
      ...debates.map((d) => `/debates/${d.slug}`),
      ...speakers.map((s) => `/speakers/${s.id}`),
      ...questions.map((q) => `/questions/${q.id}`),
      ...units.map((u) => `/u/${u.id}`),
    ];
    assert.ok(urls.length > 10);
    for (const url of urls) {
      const response = await fetch(`${fixture.baseUrl}${url}`, { redirect: 'manual' });
      assert.equal(response.status, 200, url);
    }
  });

  it('when a debate carries a licence, a citation, a recording and timecodes, then the page shows them', async () => {
    const panel = await (await fetch(`${fixture.baseUrl}/debates/moderation-panel`)).text();
    assert.match(panel, /<dt>Licence<\/dt><dd>CC BY-SA 3\.0<\/dd>/);
    assert.match(panel, /<dt>Citation<\/dt><dd>Example et al\., 2012<\/dd>/);
    const narocast = await (await fetch(`${fixture.baseUrl}/debates/narocast-0`)).text();
    assert.match(narocast, /<dt>Enregistrement<\/dt><dd><a href="http:\/\/www\.example\.org\/video\.mp4" rel="nofollow noopener">/);
    // The recording is a video file: a player, and time codes that link to it at their moment (1:15 = 75 s).
    assert.match(narocast, /<video controls preload="metadata" src="http:\/\/www\.example\.org\/video\.mp4"/);
    assert.match(narocast, /<a class="unit-timecode" href="http:\/\/www\.example\.org\/video\.mp4#t=75" data-seek="75" title="Lire à partir de 1:15"><span class="visually-hidden">Instant <\/span>1:15<\/a>/);
  });
});
