// Issue 23 on the pages, HTTP on port 0: the key points section of a question page (labels quoted
// from the corpus and escaped, share bars whose counts add up, speakers linked to the compare page
// with them selected, units behind a <details>, "other" apart, downloads), the key point's own paged
// page with its 404s, and the page's weight with 30 key points. On a generated question whose units
// fall into known themes (tests/helpers/key-point-corpus.ts), and on the seed.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse } from 'parse5';
import { unitCodes } from '../../server/corpus/model.ts';
import { LABEL_LENGTH, KEY_POINT_PAGE_UNITS, KEY_POINT_PREVIEW_UNITS } from '../../server/routes/page-models/key-points.ts';
import { excerpt } from '../../server/services/excerpt.ts';
import type { KeyPointsResponse } from '../../server/services/key-points-service.ts';
import { startArgkpApp, ARGKP_SKIP, ARGKP_SLUG } from '../helpers/argkp-corpus.ts';
import { HOSTILE, keyPointDataDir } from '../helpers/key-point-corpus.ts';
import { startApp, type StartedApp } from '../helpers/start-app.ts';

interface HtmlNode {
  nodeName: string;
  tagName?: string;
  value?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: HtmlNode[];
}

const attr = (node: HtmlNode, name: string): string | undefined => node.attrs?.find((a) => a.name === name)?.value;
const hasClass = (node: HtmlNode, name: string): boolean => (attr(node, 'class') ?? '').split(/\s+/).includes(name);

function findAll(root: HtmlNode, test: (node: HtmlNode) => boolean): HtmlNode[] {
  const found: HtmlNode[] = [];
  const walk = (node: HtmlNode): void => {
    if (test(node)) found.push(node);
    for (const child of node.childNodes ?? []) walk(child);
  };
  walk(root);
  return found;
}

function findOne(root: HtmlNode, test: (node: HtmlNode) => boolean, what: string): HtmlNode {
  const [node] = findAll(root, test);
  assert.ok(node, `no ${what}`);
  return node;
}

function textOf(node: HtmlNode): string {
  if (node.nodeName === '#text') return node.value ?? '';
  return (node.childNodes ?? []).map(textOf).join('');
}

const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();

async function get(app: StartedApp, url: string): Promise<{ status: number; text: string; bytes: number; type: string }> {
  const response = await fetch(`${app.baseUrl}${url}`);
  const buffer = Buffer.from(await response.arrayBuffer());
  return { status: response.status, text: buffer.toString('utf8'), bytes: buffer.length, type: response.headers.get('content-type') ?? '' };
}

describe('key points on the question page and their own pages (generated question, 34 themes)', () => {
  let data: Awaited<ReturnType<typeof keyPointDataDir>>;
  let app: StartedApp;
  let question: string;
  let api: KeyPointsResponse;
  let page: { status: number; text: string; bytes: number };
  let section: HtmlNode;
  let sectionHtml: string;
  let articles: HtmlNode[];

  before(async () => {
    data = await keyPointDataDir({ units: 3000, themes: 34, fillerWords: 6 });
    question = data.question;
    app = await startApp({ dataDir: data.dir });
    api = (await (await fetch(`${app.baseUrl}/api/questions/${question}/key-points?limit=500`)).json()) as KeyPointsResponse;
    page = await get(app, `/questions/${question}`);
    const document = parse(page.text) as unknown as HtmlNode;
    section = findOne(document, (n) => n.tagName === 'section' && attr(n, 'aria-labelledby') === 'key-points-title', 'key points section');
    const start = page.text.indexOf('id="key-points-title"');
    sectionHtml = page.text.slice(start, page.text.indexOf('id="groups-title"', start));
    articles = findAll(section, (n) => n.tagName === 'article' && hasClass(n, 'key-point'));
  });
  after(async () => {
    await app?.close();
    await data?.remove();
  });

  const keyPointOf = (article: HtmlNode) => {
    const rank = Number((attr(article, 'id') ?? '').replace('key-point-', ''));
    const kp = api.keyPoints.find((k) => k.rank === rank);
    assert.ok(kp, `article ${attr(article, 'id')} is one of the API's key points`);
    return kp;
  };

  it('when the question page is read, then it shows every key point (30 at most) with its label quoted from its unit, escaped', () => {
    assert.equal(page.status, 200);
    assert.equal(api.keyPoints.length, 30, 'more themes than 30: the analysis keeps 30');
    assert.equal(articles.length, 30);
    const corpus = app.deps.corpus;
    let hostile = 0;
    for (const article of articles) {
      const kp = keyPointOf(article);
      const unit = corpus.unitById.get(kp.labelUnit.id);
      assert.ok(unit, `the label's unit ${kp.labelUnit.id} is in the corpus`);
      const label = textOf(findOne(article, (n) => n.tagName === 'blockquote', 'label'));
      assert.equal(flat(label), excerpt(unit.text, LABEL_LENGTH), `key point ${kp.rank}: the label is its unit's text, as written`);
      if (label.includes(HOSTILE)) hostile++;
      const by = findOne(article, (n) => n.tagName === 'a' && (attr(n, 'href') ?? '') === `/u/${kp.labelUnit.id}`, 'link to the label unit');
      assert.match(textOf(by), new RegExp(kp.labelUnit.speakerName));
    }
    assert.ok(hostile > 0, 'some labels carry HTML-hostile text');
    assert.ok(!/<b>|<i>x/.test(sectionHtml), 'no corpus markup reaches the page as HTML');
    assert.ok(sectionHtml.includes('&lt;b&gt;&amp;amp; &#34;quoted&#34;'), 'it is escaped');
  });

  it('when the shares are read, then each bar and its text give the key point’s count of the question’s units, and the counts add up', () => {
    let sum = 0;
    for (const article of articles) {
      const kp = keyPointOf(article);
      const text = flat(textOf(findOne(article, (n) => hasClass(n, 'key-point-share'), 'share')));
      const [, count, total] = /^(\d+) arguments? sur (\d+) \((.+)\)$/.exec(text) ?? [];
      assert.equal(Number(count), kp.count, `key point ${kp.rank}: ${text}`);
      assert.equal(Number(total), api.units);
      const fill = findOne(article, (n) => n.tagName === 'rect' && hasClass(n, 'share-fill'), 'bar');
      assert.equal(Number(attr(fill, 'width')), Math.round((kp.count / api.units) * 1000) / 10);
      sum += kp.count;
    }
    const other = flat(textOf(findOne(section, (n) => n.tagName === 'section' && hasClass(n, 'key-point-other'), '"other"')));
    const [, none] = /(\d+) arguments ne relèvent d’aucun point clé/.exec(other) ?? [];
    assert.ok(none, other);
    // Counted from the corpus the app loaded, not from the API: every unit coded on the question, once.
    const coded = app.deps.corpus.corpus.units.filter((u) => unitCodes(u).some((c) => c.question === question)).length;
    assert.equal(sum + Number(none), coded, 'the key points and "other" hold every unit of the question once');
    assert.equal(api.units, coded);
  });

  it('when the key points are listed, then they are grouped by position in the question’s order, each under its own', () => {
    const q = app.deps.corpus.questionById.get(question);
    assert.ok(q);
    const groups = findAll(section, (n) => n.tagName === 'section' && hasClass(n, 'key-point-group'));
    const headings = groups.map((g) => flat(textOf(findOne(g, (n) => n.tagName === 'h3', 'position heading'))));
    const order = q.positions.map((p) => p.label).filter((label) => headings.includes(label));
    assert.deepEqual(headings, order);
    assert.ok(headings.length >= 2, 'the themes are spread over two positions');
    for (const [at, group] of groups.entries()) {
      for (const article of findAll(group, (n) => n.tagName === 'article')) {
        const kp = keyPointOf(article);
        assert.equal(kp.positionLabel, headings[at], `key point ${kp.rank} is under its position`);
      }
    }
  });

  it('when a key point’s speakers are followed, then each opens the compare page on the question with that speaker and the point’s next ones selected', async () => {
    let followed = 0;
    for (const article of articles) {
      const kp = keyPointOf(article);
      const links = findAll(article, (n) => n.tagName === 'a' && (attr(n, 'href') ?? '').startsWith('/compare?'));
      assert.equal(links.length, Math.min(4, kp.bySpeaker.length), `key point ${kp.rank}: its first speakers`);
      const behind = new Map(kp.bySpeaker.map((s) => [s.speaker, s.name]));
      for (const link of links) {
        const url = new URL(attr(link, 'href') ?? '', app.baseUrl);
        assert.equal(url.searchParams.get('question'), question);
        const speakers = url.searchParams.getAll('speaker');
        assert.ok(speakers.length >= 2 && speakers.length <= 4, `${url.search}: a comparison of 2 to 4`);
        assert.equal(new Set(speakers).size, speakers.length);
        assert.equal(behind.get(speakers[0] ?? ''), textOf(link), 'the named speaker first');
        for (const s of speakers) assert.ok(behind.has(s), `${s} is behind key point ${kp.rank}`);
      }
      if (followed < 2 && links[0]) {
        followed++;
        const href = attr(links[0], 'href') ?? '';
        const compare = await get(app, href.replaceAll('&amp;', '&'));
        assert.equal(compare.status, 200, href);
        for (const s of new URL(href, app.baseUrl).searchParams.getAll('speaker')) assert.ok(compare.text.includes(behind.get(s) ?? '?'), `the compare page shows ${s}`);
      }
    }
    assert.equal(followed, 2);
  });

  it('when a key point is opened, then its <details> lists a few of its units (cropped, linked to their permalinks) and links to its own page', () => {
    for (const article of articles) {
      const kp = keyPointOf(article);
      const details = findOne(article, (n) => n.tagName === 'details', 'details');
      assert.match(textOf(findOne(details, (n) => n.tagName === 'summary', 'summary')), new RegExp(`${kp.count} arguments`));
      const items = findAll(details, (n) => n.tagName === 'li');
      assert.ok(items.length >= 1 && items.length <= KEY_POINT_PREVIEW_UNITS, `key point ${kp.rank}: ${items.length} units shown`);
      const ids = new Set(kp.units.map((u) => u.id));
      for (const item of items) {
        const link = findOne(item, (n) => n.tagName === 'a', 'unit link');
        const id = (attr(link, 'href') ?? '').replace('/u/', '');
        assert.ok(ids.has(id) && id !== kp.labelUnit.id, `${id} is one of key point ${kp.rank}'s units, not its label's`);
        assert.ok(textOf(link).length <= 141, 'cropped');
      }
      assert.ok(findAll(details, (n) => n.tagName === 'a' && attr(n, 'href') === `/questions/${question}/key-points/${kp.rank}`).length === 1);
    }
  });

  it('when the page is weighed with 30 key points, then it stays under 300 KB; its next pages link back to them instead', async () => {
    assert.ok(page.bytes < 300 * 1024, `${page.bytes} bytes`);
    const second = await get(app, `/questions/${question}?page=2`);
    assert.equal(second.status, 200);
    assert.ok(!second.text.includes('class="key-point"'));
    assert.ok(second.text.includes(`href="/questions/${question}#key-points-title"`));
  });

  it('when a key point’s own page is read, then it gives its label, its counts by speaker and position and its units 50 a page, with a 404 past the end', async () => {
    const kp = api.keyPoints.find((k) => k.count > KEY_POINT_PAGE_UNITS);
    assert.ok(kp, 'a key point with more than one page of units');
    const first = await get(app, `/questions/${question}/key-points/${kp.rank}`);
    assert.equal(first.status, 200);
    const document = parse(first.text) as unknown as HtmlNode;
    const unitLinks = (doc: HtmlNode) => findAll(findOne(doc, (n) => n.tagName === 'section' && attr(n, 'aria-labelledby') === 'key-point-units-title', 'units'), (n) => n.tagName === 'a' && (attr(n, 'href') ?? '').startsWith('/u/')).map((a) => (attr(a, 'href') ?? '').slice(3));
    const label = app.deps.corpus.unitById.get(kp.labelUnit.id)?.text ?? '';
    assert.equal(flat(textOf(findOne(document, (n) => n.tagName === 'blockquote', 'label'))), excerpt(label, LABEL_LENGTH));
    const bySpeaker = findAll(findOne(document, (n) => n.tagName === 'section' && attr(n, 'aria-labelledby') === 'by-speaker-title', 'by speaker'), (n) => n.tagName === 'li');
    const counted = bySpeaker.map((li) => Number(/\((\d+) arguments?\)/.exec(textOf(li))?.[1]));
    assert.equal(counted.reduce((a, b) => a + b, 0), kp.count, 'the speakers count every unit once');
    const byPosition = findAll(findOne(document, (n) => n.tagName === 'section' && attr(n, 'aria-labelledby') === 'by-position-title', 'by position'), (n) => n.tagName === 'li');
    assert.deepEqual(byPosition.map((li) => Number(/\((\d+) arguments?\)/.exec(textOf(li))?.[1])), kp.byPosition.map((p) => p.count));
    assert.deepEqual(unitLinks(document), kp.units.slice(0, KEY_POINT_PAGE_UNITS).map((u) => u.id));
    assert.match(first.text, new RegExp(`Unités 1 à ${KEY_POINT_PAGE_UNITS} sur ${kp.count}`));

    const last = Math.ceil(kp.count / KEY_POINT_PAGE_UNITS);
    const next = await get(app, `/questions/${question}/key-points/${kp.rank}?page=${last}`);
    assert.equal(next.status, 200);
    assert.deepEqual(unitLinks(parse(next.text) as unknown as HtmlNode), kp.units.slice((last - 1) * KEY_POINT_PAGE_UNITS).map((u) => u.id));
    assert.match(next.text, new RegExp(`Unités ${(last - 1) * KEY_POINT_PAGE_UNITS + 1} à ${kp.count} sur ${kp.count}`));
    assert.match(next.text, new RegExp(`href="/questions/${question}/key-points/${kp.rank}" rel="prev"|href="/questions/${question}/key-points/${kp.rank}\\?page=${last - 1}" rel="prev"`));
    assert.equal((await get(app, `/questions/${question}/key-points/${kp.rank}?page=${last + 1}`)).status, 404);
    // Lenient as every page: an unknown parameter is ignored, a bad page number is a 400 with a reason.
    assert.equal((await get(app, `/questions/${question}/key-points/${kp.rank}?utm_source=x`)).status, 200);
    const bad = await get(app, `/questions/${question}/key-points/${kp.rank}?page=0`);
    assert.equal(bad.status, 400);
    assert.match(bad.text, /page/);
    const english = await get(app, `/questions/${question}/key-points/${kp.rank}?lang=en`);
    assert.match(english.text, new RegExp(`<h1>Key point ${kp.rank} `));
  });

  it('when a key point that does not exist is asked, then it is a 404 with a reason', async () => {
    for (const point of ['31', '99', '0', 'abc', '1.5', '-1']) {
      const response = await get(app, `/questions/${question}/key-points/${point}`);
      assert.equal(response.status, 404, point);
      assert.match(response.text, /points? clés?/, `${point}: the reason`);
    }
    assert.equal((await get(app, '/questions/no-such-question/key-points/1')).status, 404);
  });

  it('when "other" is read on its own page, then it lists the units under no key point, by position, from the first page', async () => {
    const other = await get(app, `/questions/${question}/key-points/other`);
    assert.equal(other.status, 200);
    const document = parse(other.text) as unknown as HtmlNode;
    const listed = new Set(findAll(document, (n) => n.tagName === 'a' && (attr(n, 'href') ?? '').startsWith('/u/')).map((a) => (attr(a, 'href') ?? '').slice(3)));
    const expected = api.other.flatMap((o) => o.units.slice(0, KEY_POINT_PAGE_UNITS).map((u) => u.id));
    assert.deepEqual([...listed].sort(), [...expected].sort());
    const inKeyPoints = new Set(api.keyPoints.flatMap((kp) => kp.units.map((u) => u.id)));
    for (const id of listed) assert.ok(!inKeyPoints.has(id), `${id} is under no key point`);
  });

  it('when the section’s download links are followed, then the CSV, French CSV and JSON of both tables give the key points and their units', async () => {
    const hrefs = findAll(section, (n) => hasClass(n, 'downloads')).flatMap((d) => findAll(d, (n) => n.tagName === 'a').map((a) => attr(a, 'href') ?? ''));
    assert.equal(hrefs.length, 6);
    const labels = api.keyPoints.map((kp) => kp.label);
    for (const href of hrefs) {
      const url = new URL(href, app.baseUrl);
      assert.equal(url.pathname, `/questions/${question}/key-points/export`);
      const response = await get(app, `${url.pathname}${url.search}`);
      assert.equal(response.status, 200, href);
      const table = url.searchParams.get('table') ?? 'points';
      const format = url.searchParams.get('format');
      let rows: Record<string, unknown>[];
      if (format === 'json') {
        assert.match(response.type, /json/);
        const body = JSON.parse(response.text) as Record<string, unknown>[] | { rows?: Record<string, unknown>[] };
        rows = Array.isArray(body) ? body : (body.rows ?? []);
      } else {
        assert.match(response.type, /text\/csv/);
        rows = parseCsv(response.text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, delimiter: format === 'csv-fr' ? ';' : ',' }) as Record<string, string>[];
      }
      if (table === 'points') assert.deepEqual(rows.map((r) => r.label), labels, `${href}: one row per key point, labels as written`);
      else assert.equal(rows.filter((r) => r.unit).length, api.units, `${href}: one row per unit of the question`);
    }
    assert.equal((await get(app, `/questions/${question}/key-points/export?format=csv&table=matrix`)).status, 400);
    assert.equal((await get(app, `/questions/${question}/key-points/export`)).status, 400, 'a download needs its format');
  });
});

describe('key points on the seed', () => {
  let app: StartedApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.close());

  it('when a seed question is read, then its section says its units are too few to group, counts them under "other" and offers no empty download', async () => {
    const page = await get(app, '/questions/stagiaire');
    assert.equal(page.status, 200);
    const start = page.text.indexOf('id="key-points-title"');
    assert.ok(start > 0, 'the section is there');
    const html = page.text.slice(start, page.text.indexOf('id="groups-title"', start));
    assert.match(html, /Trop peu d’arguments se ressemblent ici/);
    assert.match(html, /3 arguments ne relèvent d’aucun point clé/);
    assert.ok(!html.includes('key-points/export'), 'no download of no key point');
    const other = await get(app, '/questions/stagiaire/key-points/other');
    assert.equal(other.status, 200);
    assert.equal(other.text.match(/href="\/u\//g)?.length, 3);
    assert.equal((await get(app, '/questions/stagiaire/key-points/1')).status, 404);
  });
});

describe('key points on the seed with the ArgKP split imported', { skip: ARGKP_SKIP }, () => {
  let app: StartedApp;
  before(async () => {
    app = await startArgkpApp();
  });
  after(async () => {
    await app?.close();
  });

  it('when the busiest ArgKP question is read, then its key points are labelled by its own arguments as written, escaped, within 300 KB', async () => {
    const counts = new Map<string, number>();
    for (const u of app.deps.corpus.corpus.units) if (u.debate === ARGKP_SLUG) for (const c of unitCodes(u)) counts.set(c.question, (counts.get(c.question) ?? 0) + 1);
    const [question] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
    assert.ok(question);
    const page = await get(app, `/questions/${question}`);
    assert.equal(page.status, 200);
    assert.ok(page.bytes < 300 * 1024, `${page.bytes} bytes`);
    const articles = findAll(parse(page.text) as unknown as HtmlNode, (n) => n.tagName === 'article' && hasClass(n, 'key-point'));
    assert.ok(articles.length > 0, 'real arguments make key points');
    for (const article of articles) {
      const href = attr(findOne(article, (n) => n.tagName === 'a' && (attr(n, 'href') ?? '').startsWith('/u/'), 'label link'), 'href') ?? '';
      const unit = app.deps.corpus.unitById.get(href.slice(3));
      assert.ok(unit, href);
      assert.equal(flat(textOf(findOne(article, (n) => n.tagName === 'blockquote', 'label'))), excerpt(unit.text, LABEL_LENGTH));
    }
  });
});
