// Issue 11, finding 1: unit text with refused links, images, stray and unclosed tags must leave
// every page that shows it balanced, as a browser parses it, and lose no word.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertPageStructure, textOfHtml } from '../helpers/html-balance.ts';
import { ROOT_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';

const HOSTILE_DATA_DIR = path.join(ROOT_DIR, 'tests/fixtures/corpus-hostile');
const WORDS = ['wordone', 'wordtwo', 'wordthree', 'wordfour', 'wordfive', 'wordsix'];

describe('pages showing hostile unit text (fixture corpus-hostile)', () => {
  let app: StartedApp;
  before(async () => {
    app = await startApp({ dataDir: HOSTILE_DATA_DIR });
  });
  after(async () => {
    await app.close();
  });

  const get = async (pathname: string): Promise<string> => {
    const response = await fetch(`${app.baseUrl}${pathname}`);
    assert.equal(response.status, 200, pathname);
    return response.text();
  };

  const pages: [string, string[]][] = [
    ['/debates/hostile-units', [...WORDS, 'wordseven', 'wordeight', 'wordsummaryend']],
    ['/speakers/alice-martin', ['wordone', 'wordthree', 'wordfive', 'wordsix']],
    ['/speakers/bob-lee', ['wordtwo', 'wordfour']],
    ['/questions/moderation', ['wordone', 'wordtwo', 'wordthree', 'wordfour']],
    ['/compare?speakers=alice-martin&speakers=bob-lee', WORDS],
    ['/compare?question=moderation&speakers=alice-martin&speakers=bob-lee', ['wordone', 'wordtwo', 'wordthree', 'wordfour']],
    ['/search?q=wordone', ['wordone']],
    ['/search?q=wordthree', ['wordthree']],
    ['/search?q=wordfive', ['wordfive']],
  ];
  it('GET /debates/hostile-units: a table in a unit stays a table, with its alignment and none of the raw attributes', async () => {
    const page = await get('/debates/hostile-units');
    const unit = page.slice(page.indexOf('id="hostile-table"'));
    const body = unit.slice(unit.indexOf('class="unit-body"'), unit.indexOf('</article>'));
    assert.match(body, /<th align="left">Pour<\/th>\s*<th align="right">Contre<\/th>/);
    assert.match(body, /<td align="left">wordseven<\/td>/);
    assert.match(body, /<table><tbody><tr><td>wordeight<\/td><\/tr><\/tbody><\/table>/);
    assert.doesNotMatch(page, /onclick|style="color/);
  });

  for (const [pathname, words] of pages) {
    it(`GET ${pathname}: the page is balanced, the footer is outside unit text, no word is lost`, async () => {
      const page = await get(pathname);
      assertPageStructure(page, pathname);
      const text = textOfHtml(page);
      for (const word of words) assert.ok(text.includes(word), `${pathname}: "${word}" is not shown`);
      assert.doesNotMatch(page, /<script>alert|href="javascript:|<img /i);
    });
  }
});
