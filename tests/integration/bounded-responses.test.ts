// Issue 11, finding 2: every response is bounded. Search hits carry cropped text (the full text
// is on the unit endpoint), CSV downloads stream with a stated cap and say where they stop, and a
// long debate, speaker or question page is read page by page (issue 12 replaced issue 11's stop-gap
// cap of 50 units and its note with pagination), each page holding a bounded number of units.

import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { READING_PAGE_UNITS } from '../../server/routes/page-models/speaker.ts';
import { DEBATE_PAGE_UNITS } from '../../server/services/debate-pages.ts';
import { MAX_EXPORT_ROWS, MAX_HIT_TEXT } from '../../server/services/search-service.ts';
import { assertPageStructure } from '../helpers/html-balance.ts';
import { FIXTURE_DATA_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';

const LONG_TEXT = `début ${'parole '.repeat(14_000)}fin-du-long-texte`;
const MANY = MAX_EXPORT_ROWS + 50;

describe('bounded responses (a corpus with a long unit and a debate of more than the export cap)', () => {
  let app: StartedApp;
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-bounded-'));
    const dataDir = path.join(scratch, 'data');
    await cp(FIXTURE_DATA_DIR, dataDir, { recursive: true });
    const lines = ['---', 'slug: many', 'title: Many', 'date: 2014-01-01', 'medium: blog-post', 'language: fr', 'participants: [alice-martin, bob-lee]', '---', '', 'Many units.', ''];
    lines.push('## many-long', '- speaker: alice-martin', '- kind: comment', '', LONG_TEXT, '');
    for (let i = 0; i < MANY; i++) {
      lines.push(`## many-${i}`, `- speaker: ${i % 2 ? 'alice-martin' : 'bob-lee'}`, '- kind: comment', '- question: moderation', `- position: ${i % 2 ? 'pre' : 'post'}`);
      if (i > 0) lines.push(`- reply-to: many-${i - 1}`);
      lines.push('', `Commentaire multitude numéro ${i}.`, '');
    }
    await writeFile(path.join(dataDir, 'debates/many.md'), lines.join('\n'));
    app = await startApp({ dataDir });
  });
  after(async () => {
    await app.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('when a search finds a long unit, then its hit carries a cropped text and says so; the unit endpoint has it whole', async () => {
    const response = await fetch(`${app.baseUrl}/api/search?q=${encodeURIComponent('fin-du-long-texte')}`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { hits: { id: string; text: string; textTruncated: boolean; highlight: string }[] };
    const hit = body.hits.find((h) => h.id === 'many-long');
    assert.ok(hit, 'the long unit is not found');
    assert.ok(hit.text.length <= MAX_HIT_TEXT, `hit text is ${hit.text.length} characters`);
    assert.equal(hit.textTruncated, true);
    assert.ok(hit.text.endsWith('…'));
    // The highlight is cropped too, around its first match (here at the text's very end).
    const visible = hit.highlight.replace(/<\/?mark>/g, '').replace(/&[#a-zA-Z0-9]+;/g, '&');
    assert.ok(visible.length <= MAX_HIT_TEXT + 1, `hit highlight shows ${visible.length} characters`);
    assert.ok(hit.highlight.startsWith('…'), 'the highlight says where it was cut');
    assert.match(hit.highlight, /<mark>[^<]*texte[^<]*<\/mark>/i, 'the match is in the cropped highlight');
    const unit = (await (await fetch(`${app.baseUrl}/api/units/many-long`)).json()) as { text: string };
    assert.equal(unit.text, LONG_TEXT);
  });

  it('when a short unit is found, then its hit text is whole and not marked truncated', async () => {
    const body = (await (await fetch(`${app.baseUrl}/api/search?q=multitude&limit=1`)).json()) as { hits: { text: string; textTruncated: boolean }[] };
    assert.equal(body.hits[0]?.textTruncated, false);
    assert.match(body.hits[0]?.text ?? '', /^Commentaire multitude numéro \d+\.$/);
  });

  it(`when a CSV download matches more than ${MAX_EXPORT_ROWS} units, then it stops at the cap and says so in its headers`, async () => {
    const response = await fetch(`${app.baseUrl}/api/search?q=multitude&format=csv`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-total-count'), String(MANY));
    assert.equal(response.headers.get('x-export-limit'), String(MAX_EXPORT_ROWS));
    assert.equal(response.headers.get('x-export-truncated'), 'true');
    assert.equal(response.headers.get('x-export-total'), String(MANY), 'the same headers as the page downloads (one streaming helper)');
    const lines = (await response.text()).trimEnd().split('\r\n');
    assert.equal(lines.length, MAX_EXPORT_ROWS + 2, 'header, the capped rows and a last row saying where it stopped');
    assert.match(lines[0] ?? '', /^id,debate,speaker/);
    assert.equal(lines.at(-1), `# stopped at ${MAX_EXPORT_ROWS} of ${MANY} rows (limit ${MAX_EXPORT_ROWS}); narrow the selection for the rest`);
  });

  it('when a CSV download matches fewer units than the cap, then it is whole and says it is not truncated', async () => {
    const response = await fetch(`${app.baseUrl}/api/search?q=${encodeURIComponent('fin-du-long-texte')}&format=csv`);
    assert.equal(response.headers.get('x-export-truncated'), 'false');
    const text = await response.text();
    assert.ok(text.includes('fin-du-long-texte'), 'the CSV carries the whole text of the unit');
  });

  for (const [pathname, label, size] of [
    ['/debates/many', 'debate', DEBATE_PAGE_UNITS],
    ['/speakers/alice-martin', 'speaker', READING_PAGE_UNITS],
    ['/questions/moderation', 'question', READING_PAGE_UNITS],
  ] as const) {
    it(`when a ${label} page has more than ${size} units, then each page shows at most ${size}, says which and links to the next; past the last page is a 404`, async () => {
      const total = async (page: number): Promise<{ html: string; first: number; last: number; total: number }> => {
        const response = await fetch(`${app.baseUrl}${pathname}?lang=en${page > 1 ? `&page=${page}` : ''}`);
        assert.equal(response.status, 200, `${pathname} page ${page}`);
        const html = await response.text();
        const cards = html.match(/<article\b/g) ?? [];
        assert.ok(cards.length <= size, `${cards.length} unit cards on page ${page}`);
        const range = /Units ([\d,]+)–([\d,]+) of ([\d,]+)/.exec(html);
        assert.ok(range, `no range on page ${page} of ${pathname}`);
        const n = (s: string | undefined): number => Number((s ?? '').replaceAll(',', ''));
        assertPageStructure(html, `${pathname}?page=${page}`);
        return { html, first: n(range[1]), last: n(range[2]), total: n(range[3]) };
      };
      const first = await total(1);
      assert.ok(first.total > MAX_EXPORT_ROWS / 2, `${first.total} units`);
      assert.equal(first.first, 1);
      assert.equal(first.last, size);
      assert.match(first.html, /<a href="[^"]*[?&]page=2[^"]*" rel="next"/, 'page 1 links to page 2');
      assert.doesNotMatch(first.html, /This page shows the first/);
      const lastPage = Math.ceil(first.total / size);
      const last = await total(lastPage);
      assert.equal(last.last, first.total);
      assert.equal(last.first, (lastPage - 1) * size + 1);
      assert.doesNotMatch(last.html, /rel="next"/);
      const past = await fetch(`${app.baseUrl}${pathname}?lang=en&page=${lastPage + 1}`);
      assert.equal(past.status, 404);
      await past.body?.cancel();
    });
  }
});
