// Issue 12, HTTP on port 0: paged debate, speaker, question and speaker-list pages with stable
// ?page=N links and "n of N" counts; the unit page; citation downloads (BibTeX, RIS, CSL-JSON, read
// back with citation-js); CSV (comma and semicolon), JSON exports of a search, a question (units
// and matrix) and a comparison, streamed with their cap stated. On the seed and on the seed with
// the ArgKP split imported.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { parse as parseCsv } from 'csv-parse/sync';
import { MAX_DOWNLOAD_ROWS, UNIT_ROW_HEADER } from '../../server/routes/downloads.ts';
import { startArgkpApp, ARGKP_SKIP, ARGKP_SLUG } from '../helpers/argkp-corpus.ts';
import { startApp, type StartedApp } from '../helpers/start-app.ts';

const DEBATE = 'narocast-0-community-management';

async function get(app: StartedApp, url: string): Promise<{ status: number; text: string; headers: Headers; bytes: Buffer }> {
  const response = await fetch(`${app.baseUrl}${url}`, { redirect: 'manual' });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, text: bytes.toString('utf8'), headers: response.headers, bytes };
}

describe('downloads on the seed', () => {
  let app: StartedApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.close());

  it('when a unit’s citation is downloaded as BibTeX, RIS or CSL-JSON, then a parser reads it back with the speaker, the permalink and the date', async () => {
    const bib = await get(app, '/u/seb-pas-stagiaire/cite?format=bibtex');
    assert.equal(bib.status, 200);
    assert.match(bib.headers.get('content-type') ?? '', /^application\/x-bibtex/);
    assert.match(bib.headers.get('content-disposition') ?? '', /attachment; filename="seb-pas-stagiaire\.bib"/);
    const [entry] = (await Cite.async(bib.text, { forceType: '@bibtex/text' })).data;
    assert.equal(entry?.URL, `${app.baseUrl}/u/seb-pas-stagiaire`);
    assert.deepEqual(entry?.author, [{ family: 'Sébastien Robin' }]);
    assert.match(String(entry?.note), /Summary by Genaro of what Sébastien Robin said/);

    const ris = await get(app, '/u/seb-pas-stagiaire/cite?format=ris');
    const [risEntry] = (await Cite.async(ris.text, { forceType: '@ris/file' })).data;
    assert.equal(risEntry?.URL, `${app.baseUrl}/u/seb-pas-stagiaire`);

    const csl = await get(app, '/u/seb-pas-stagiaire/cite?format=csl-json');
    const items = JSON.parse(csl.text) as { id: string; issued: { 'date-parts': number[][] } }[];
    assert.deepEqual(items[0]?.issued['date-parts'], [[2010, 7]]);
    assert.equal((await Cite.async(items)).data.length, 1);
  });

  it('when a citation format is missing or unknown, then it is a 400 with the allowed formats; an unknown unit is a 404', async () => {
    const missing = await get(app, '/u/seb-pas-stagiaire/cite');
    assert.equal(missing.status, 400);
    // The error page speaks the page's language (French by default), with the allowed formats.
    assert.match(missing.text, /Le paramètre « format » est obligatoire : l’une de ces valeurs : bibtex, ris, csl-json/);
    const missingEn = await get(app, '/u/seb-pas-stagiaire/cite?lang=en');
    assert.equal(missingEn.status, 400);
    assert.match(missingEn.text, /Parameter &#34;format&#34; is required: one of bibtex, ris, csl-json|Parameter "format" is required: one of bibtex, ris, csl-json/);
    assert.equal((await get(app, '/u/seb-pas-stagiaire/cite?format=endnote')).status, 400);
    assert.equal((await get(app, '/u/nope/cite?format=ris')).status, 404);
  });

  it('when a search is exported as CSV, then it has the titles, date, signature, speaker, position, kind and URL columns, a BOM, and a name saying what is inside', async () => {
    const csv = await get(app, '/search/export?q=stagiaire&kind=comment&format=csv');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(csv.headers.get('content-disposition') ?? '', /filename="contrepoint-search-stagiaire-kind-comment\.csv"/);
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csv.text.slice(1), { columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(rows[0] ?? {}), [...UNIT_ROW_HEADER]);
    assert.ok(rows.length > 0);
    assert.equal(Number(csv.headers.get('x-export-total')), rows.length);
    assert.equal(csv.headers.get('x-export-truncated'), 'false');
    assert.equal(csv.headers.get('x-export-limit'), String(MAX_DOWNLOAD_ROWS));
    assert.ok(rows.every((r) => r.kind === 'comment' && r.debate_title === '[Narocast] #0 – Discussions sur le Community Management' && r.date === '2010-07'));
    const signed = rows.find((r) => r.signed_as && r.signed_as !== r.speaker_name);
    assert.ok(signed, 'a comment signed with another name keeps its signature beside the speaker');
    assert.ok(rows.some((r) => r.question_title !== '' && r.position_label !== ''));
    assert.ok(rows.every((r) => r.url === `${app.baseUrl}/u/${r.id}`));
  });

  it('when the French spreadsheet variant is asked for, then cells are separated by semicolons and read back the same', async () => {
    const comma = await get(app, '/search/export?q=stagiaire&format=csv');
    const semi = await get(app, '/search/export?q=stagiaire&format=csv-fr');
    assert.match(semi.headers.get('content-disposition') ?? '', /filename="contrepoint-search-stagiaire-point-virgule\.csv"/);
    assert.equal(semi.text.split('\r\n')[0], `\ufeff${UNIT_ROW_HEADER.join(';')}`);
    assert.deepEqual(parseCsv(semi.text.slice(1), { columns: true, delimiter: ';' }), parseCsv(comma.text.slice(1), { columns: true }));
  });

  it('when a search is exported as JSON, then the file says what it holds, how many rows and whether it stopped', async () => {
    const json = await get(app, '/search/export?q=stagiaire&format=json');
    const body = JSON.parse(json.text) as { export: { what: string; total: number; rows: number; truncated: boolean; limit: number }; rows: Record<string, string>[] };
    assert.equal(body.export.what, 'search results for "stagiaire"');
    assert.equal(body.export.rows, body.rows.length);
    assert.equal(body.export.truncated, false);
    assert.equal(body.export.limit, MAX_DOWNLOAD_ROWS);
    assert.deepEqual(Object.keys(body.rows[0] ?? {}), [...UNIT_ROW_HEADER]);
  });

  it('when a search’s results are downloaded as citations, then each result is one entry', async () => {
    const json = await get(app, '/search/export?q=stagiaire&format=json');
    const ris = await get(app, '/search/cite?q=stagiaire&format=ris');
    assert.match(ris.headers.get('content-disposition') ?? '', /filename="contrepoint-search-stagiaire\.ris"/);
    const entries = (await Cite.async(ris.text, { forceType: '@ris/file' })).data;
    assert.equal(entries.length, (JSON.parse(json.text) as { rows: unknown[] }).rows.length);
  });

  it('when a question is exported, then its units and its speaker × position matrix come as separate, named files', async () => {
    const units = await get(app, '/questions/stagiaire/export?format=csv');
    assert.match(units.headers.get('content-disposition') ?? '', /filename="contrepoint-question-stagiaire-units\.csv"/);
    const unitRows = parseCsv(units.text.slice(1), { columns: true }) as Record<string, string>[];
    assert.ok(unitRows.length > 0 && unitRows.every((r) => r.question === 'stagiaire'));
    const matrix = await get(app, '/questions/stagiaire/export?format=json&table=matrix');
    assert.match(matrix.headers.get('content-disposition') ?? '', /filename="contrepoint-question-stagiaire-matrix\.json"/);
    const cells = (JSON.parse(matrix.text) as { rows: { speaker: string; position: string | null; units: number }[] }).rows;
    assert.ok(cells.some((c) => c.units === 0), 'zeros are data: who did not take a position');
    assert.equal(cells.reduce((n, c) => n + c.units, 0), unitRows.length);
    assert.equal((await get(app, '/questions/stagiaire/export?format=csv&table=chart')).status, 400);
  });

  it('when a comparison is exported, then each row names the compared speaker first', async () => {
    const csv = await get(app, '/compare/export?speaker=sandra&speaker=sebastien-robin&question=nature-du-travail&format=csv');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-disposition') ?? '', /filename="contrepoint-compare-sandra-sebastien-robin-nature-du-travail\.csv"/);
    const rows = parseCsv(csv.text.slice(1), { columns: true }) as Record<string, string>[];
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => ['sandra', 'sebastien-robin'].includes(r.compared_speaker ?? '') && r.question === 'nature-du-travail'));
    assert.equal((await get(app, '/compare/export?speaker=sandra&format=csv')).status, 400);
  });

  it('when the search page has results, then it links to every download with file names', async () => {
    const page = await get(app, '/search?q=stagiaire');
    for (const href of ['/search/export?q=stagiaire&amp;format=csv"', '/search/export?q=stagiaire&amp;format=csv-fr"', '/search/export?q=stagiaire&amp;format=json"', '/search/cite?q=stagiaire&amp;format=bibtex"']) {
      assert.ok(page.text.includes(href), href);
    }
    assert.match(page.text, /download="contrepoint-search-stagiaire\.csv"/);
    // Every card carries its citation and a copy button.
    const cards = page.text.match(/<article class="unit/g)?.length ?? 0;
    assert.ok(cards > 0);
    assert.equal(page.text.match(/data-copy-citation="cite-/g)?.length, cards);
  });

  it('when a comparison or a question is shown, then its page links to its downloads', async () => {
    const compare = await get(app, '/compare?speaker=sandra&speaker=sebastien-robin&question=nature-du-travail');
    assert.ok(compare.text.includes('href="/compare/export?speaker=sandra&amp;speaker=sebastien-robin&amp;question=nature-du-travail&amp;format=csv-fr"'));
    assert.match(compare.text, /download="contrepoint-compare-sandra-sebastien-robin-nature-du-travail-point-virgule\.csv"/);
    const question = await get(app, '/questions/stagiaire');
    assert.ok(question.text.includes('href="/questions/stagiaire/export?table=matrix&amp;format=json"'));
    assert.ok(question.text.includes('href="/questions/stagiaire/export?format=csv"'));
  });

  it('when a page number is out of range or not a number, then it is a 404 or a 400, never a 500', async () => {
    assert.equal((await get(app, `/debates/${DEBATE}?page=2`)).status, 404);
    assert.equal((await get(app, `/debates/${DEBATE}?page=0`)).status, 400);
    assert.equal((await get(app, '/speakers/sandra?page=x')).status, 400);
    assert.equal((await get(app, '/questions/stagiaire?page=5')).status, 404);
    assert.equal((await get(app, '/speakers?page=2')).status, 404);
  });
});

describe('paged pages on the seed with the ArgKP split imported', { skip: ARGKP_SKIP }, () => {
  let app: StartedApp;
  before(async () => {
    app = await startArgkpApp();
  });
  after(async () => {
    await app?.close();
  });

  it('when the imported debate is read page by page, then every unit appears once, each page is light and says which units it shows', async () => {
    const units = app.deps.corpus.unitsByDebate.get(ARGKP_SLUG) ?? [];
    assert.ok(units.length > 900);
    const first = await get(app, `/debates/${ARGKP_SLUG}`);
    const pages = Number(/Page 1 sur (\d+)/.exec(first.text)?.[1]);
    assert.ok(pages > 10, `pages: ${pages}`);
    const seen: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const shown = page === 1 ? first : await get(app, `/debates/${ARGKP_SLUG}?page=${page}`);
      assert.equal(shown.status, 200);
      assert.ok(shown.bytes.length < 300 * 1024, `page ${page}: ${shown.bytes.length} bytes`);
      assert.match(shown.text, new RegExp(`Unités \\d+ à \\d+ sur ${units.length}`));
      if (page > 1) assert.match(shown.text, new RegExp(`href="/debates/${ARGKP_SLUG}\\?page=${page - 1}" rel="prev"|href="/debates/${ARGKP_SLUG}" rel="prev"`));
      seen.push(...[...shown.text.matchAll(/<article class="unit[^"]*" id="([^"]+)"/g)].map((m) => m[1]!));
    }
    assert.equal(seen.length, units.length);
    assert.deepEqual(new Set(seen), new Set(units.map((u) => u.id)));
  });

  it('when an imported unit is opened on its own, then the page links to the right page of the debate and cites the dataset and its licence', async () => {
    const unit = (app.deps.corpus.unitsByDebate.get(ARGKP_SLUG) ?? [])[400]!;
    const page = await get(app, `/u/${unit.id}`);
    assert.equal(page.status, 200);
    const link = new RegExp(`href="/debates/${ARGKP_SLUG}\\?page=(\\d+)#${unit.id}"`).exec(page.text);
    assert.ok(link, 'a link to the unit on its page of the debate');
    const target = await get(app, `/debates/${ARGKP_SLUG}?page=${link[1]}`);
    assert.match(target.text, new RegExp(`id="${unit.id}"`));
    assert.match(page.text, /Jeu de données\u00a0: Bar-Haim et al\., From Arguments to Key Points, ACL 2020\. Licence\u00a0: CDLA-Sharing-1\.0 \(https:\/\/cdla\.io\/sharing-1-0\/\)/);
    assert.doesNotMatch(page.text, /arguments_dev\.csv<\/cite>/);
    const bib = await get(app, `/u/${unit.id}/cite?format=bibtex`);
    assert.match(bib.text, /Dataset: Bar-Haim et al\., From Arguments to Key Points, ACL 2020\. Licence: CDLA-Sharing-1\.0/);
  });

  it('when a search page asks for more than 50 results, then it shows 50 and its links carry that size', async () => {
    const page = await get(app, '/search?limit=100');
    assert.equal(page.text.match(/<article class="unit/g)?.length, 50);
    assert.match(page.text, /href="\/search\?limit=50&amp;page=2" rel="next"/);
    const api = (await (await fetch(`${app.baseUrl}/api/search?limit=100`)).json()) as { hits: unknown[] };
    assert.equal(api.hits.length, 100, 'the API keeps its own limit');
  });

  it('when the busiest speaker and question are read, then they are paged too and a page stays under 300 KB', async () => {
    const counts = new Map<string, number>();
    for (const u of app.deps.corpus.corpus.units) counts.set(u.speaker, (counts.get(u.speaker) ?? 0) + 1);
    const [speaker, total] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    assert.ok(total > 50);
    const page2 = await get(app, `/speakers/${speaker}?page=2`);
    assert.equal(page2.status, 200);
    assert.match(page2.text, new RegExp(`Unités 51 à \\d+ sur ${total}`));
    assert.ok(page2.bytes.length < 300 * 1024);
    const question = app.deps.corpus.corpus.units.find((u) => u.debate === ARGKP_SLUG && u.question)?.question;
    const q = await get(app, `/questions/${question}?page=2`);
    assert.equal(q.status, 200);
    assert.match(q.text, /Unités 51 à \d+ sur \d+/);
    assert.ok(q.bytes.length < 300 * 1024);
  });
});
