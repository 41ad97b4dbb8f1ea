// Reading at a glance, in real headless Chromium at a desktop (1280 px) and a phone (390 px) width:
// the compare grid (counts, zeros, the silent speaker, positions nobody took folded, a header that
// sticks), the question page's SVG chart, descriptions in the page's language with a visible
// fallback, French error reasons, cards that show question and position together, filters before
// the results on a phone, a print stylesheet with content only, and axe-core on every page.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { acquireChromium, CHROMIUM_SKIP, releaseChromium } from '../helpers/chromium.ts';
import { KeptTabs } from '../helpers/kept-tabs.ts';
import { BUNDLED_DATA_DIR, ROOT_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';
import { auditPages } from '../helpers/axe.ts';
import { startArgkpApp, ARGKP_SKIP } from '../helpers/argkp-corpus.ts';

const HEADLINE = '/compare?question=appartenance&speaker=sebastien-robin&speaker=sandra&speaker=genaro';
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;


const skip = CHROMIUM_SKIP;

describe('reading at a glance, in a browser', { skip }, () => {
  let app: StartedApp;
  let browser: Browser;
  const contexts = new Map<string, BrowserContext>();
  const tabs = new Map<string, KeptTabs>();
  const pageErrors: string[] = [];

  before(async () => {
    app = await startApp();
    browser = await acquireChromium();
    for (const w of WIDTHS) {
      // bypassCSP: axe is injected as an inline script, which the site's CSP rightly refuses.
      const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: w.width, height: w.height }, bypassCSP: true });
      contexts.set(w.name, context);
      tabs.set(w.name, new KeptTabs(context, { errors: pageErrors }));
    }
  });

  after(async () => {
    for (const context of contexts.values()) await context.close();
    await releaseChromium();
    await app?.close();
  });

  async function open(width: (typeof WIDTHS)[number]['name'], url: string, base = app.baseUrl): Promise<Page> {
    return tabs.get(width)!.open(`${base}${url}`);
  }

  /** The test is done with the page: its tab is kept for the next test at this width. */
  function done(width: (typeof WIDTHS)[number]['name'], page: Page): void {
    tabs.get(width)!.release(page);
  }

  /** The page is no wider than the window: nothing to scroll sideways. */
  async function assertNoSideScroll(page: Page, label: string): Promise<void> {
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(scroll <= client + 1, `${label}: the page is ${scroll} px wide in a ${client} px window`);
  }

  for (const w of WIDTHS) {
    describe(`at ${w.width} px`, () => {
      it('when Sébastien, Sandra and Genaro are compared on "appartenance", then the grid reads at a glance: counts, zeros, untaken positions folded', async () => {
        const page = await open(w.name, HEADLINE);
        const table = page.locator('table.compare-table');
        await table.waitFor();
        // The grid comes first, in the first screenful (the form is folded away once a comparison shows).
        const box = await table.boundingBox();
        // On a phone the site header alone takes about 200 px: the grid starts in the first screen and ends just past it.
        const fold = w.name === 'phone' ? w.height * 1.15 : w.height;
        assert.ok(box && box.y < w.height * 0.75 && box.y + box.height <= fold, `the grid spans ${box?.y} to ${box ? box.y + box.height : '?'} px in a ${w.height} px window`);
        assert.equal(await page.locator('form.compare-form').isVisible(), false);
        assert.ok(box && box.x >= 0 && box.x + box.width <= w.width, `the grid fits the window (${JSON.stringify(box)})`);
        // Every count is visible inside the window.
        const cells = table.locator('tbody td');
        assert.equal(await cells.count(), 15);
        for (let i = 0; i < 15; i++) {
          const cell = cells.nth(i);
          assert.ok(await cell.isVisible(), `cell ${i} visible`);
          const b = await cell.boundingBox();
          assert.ok(b && b.x + b.width <= w.width + 1 && b.width >= 24, `cell ${i} in the window and wide enough (${JSON.stringify(b)})`);
          assert.match((await cell.innerText()).trim(), /^\d+(\s|$)/);
        }
        assert.deepEqual(
          await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => Number(td.textContent?.trim().match(/^\d+/)?.[0])))),
          // Since issue 14 Sébastien holds "interne" (seb-internaliser is coded appartenance:interne).
          [[0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 0, 1], [0, 0, 1]],
        );
        assert.equal(await page.locator('.absent-speakers').count(), 0);
        // Untaken positions folded, openable.
        const untaken = page.locator('details.untaken');
        assert.equal(await untaken.locator('li').first().isVisible(), false);
        await untaken.locator('summary').click();
        assert.equal(await untaken.locator('li').first().isVisible(), true);
        // Not 2,800 px of "pas de prise de position".
        assert.equal(await page.getByText('pas de prise de position').count(), 0);
        // Empty cells are one short line on a desktop (they keep the columns aligned), and left out on a phone.
        const emptyShown = await page.locator('.compare-cell.is-empty').evaluateAll((els) => els.filter((el) => el.getBoundingClientRect().height > 0).map((el) => el.getBoundingClientRect().height));
        if (w.name === 'phone') assert.deepEqual(emptyShown, []);
        else assert.ok(emptyShown.length > 0 && emptyShown.every((h) => h < 60), `empty cells are ${emptyShown.join(', ')} px tall`);
        await assertNoSideScroll(page, HEADLINE);
        // A count leads to its quotes.
        await table.locator('td.has-units a').first().click();
        await page.waitForURL(/#position-appartenance-relations-publiques$/);
        assert.ok(await page.locator('#position-appartenance-relations-publiques article[data-unit="sandra-proche-rp"]').isVisible());
        await page.screenshot({ path: path.join(ROOT_DIR, 'tmp', `compare-headline-${w.width}.png`), fullPage: true });
        done(w.name, page);
      });

      it('when a compared speaker says nothing on the question, then the page names them under the grid', async () => {
        const page = await open(w.name, '/compare?question=appartenance&speaker=yvain-ducrocq&speaker=sandra&speaker=genaro');
        await page.locator('table.compare-table').waitFor();
        assert.ok(await page.locator('.absent-speakers').isVisible());
        assert.equal(await page.locator('.absent-speakers').innerText(), 'Yvain Ducrocq ne s’exprime pas sur cette question.');
        await assertNoSideScroll(page, 'silent speaker');
        done(w.name, page);
      });

      it('when the reader scrolls through the quotes, then the speakers header stays in view (desktop) or each cell names its speaker (phone)', async () => {
        // A comparison with more quotes than a window: Genaro and Sébastien on every question.
        const page = await open(w.name, '/compare?speaker=genaro&speaker=sebastien-robin');
        await page.locator('.compare-position').last().scrollIntoViewIfNeeded();
        await page.evaluate(() => window.scrollBy(0, -50));
        if (w.name === 'desktop') {
          const head = page.locator('.compare-head');
          const top = await head.evaluate((el) => el.getBoundingClientRect().top);
          const scrolled = await page.evaluate(() => window.scrollY);
          assert.ok(scrolled > 300, `the page scrolled (${scrolled} px)`);
          assert.ok(Math.abs(top) <= 1, `the header sticks at the top (top = ${top})`);
          assert.deepEqual(await head.locator('.compare-speaker').allInnerTexts(), ['Genaro', 'Sébastien Robin']);
        } else {
          assert.equal(await page.locator('.compare-head').isVisible(), false);
          const names = await page.locator('.compare-position').last().locator('.compare-cell:not(.is-empty) .compare-cell-speaker').allInnerTexts();
          assert.ok(names.length > 0 && names.every((n) => /^(Genaro|Sébastien Robin) \(\d+\)$/.test(n)), names.join(' | '));
          await assertNoSideScroll(page, 'compare on a phone');
        }
        done(w.name, page);
      });

      it('when a question page opens, then an SVG chart of positions by speaker is drawn on the server, accessible, with its numbers as text', async () => {
        const page = await open(w.name, '/questions/appartenance');
        const svg = page.locator('figure.position-chart svg[role="img"]');
        assert.ok(await svg.isVisible());
        assert.equal(await svg.getAttribute('aria-labelledby'), 'chart-title chart-desc');
        assert.equal(await page.locator('#chart-title').textContent(), 'Positions par intervenant sur « À qui appartient le community management ? »');
        // Sébastien is on this question since issue 14 (seb-internaliser is coded appartenance:interne).
        assert.deepEqual(await svg.locator('text.chart-name').allTextContents(), ['Genaro', 'Sandra', 'Sébastien Robin']);
        assert.deepEqual(await svg.locator('text.chart-total').allTextContents(), ['3', '1', '1']);
        const b = await svg.boundingBox();
        assert.ok(b && b.width <= w.width && b.width > 300, `chart width ${b?.width}`);
        // The legend names the positions; the same numbers are in the table.
        assert.ok((await page.locator('.chart-legend li').allInnerTexts()).includes('Aux relations publiques'));
        assert.ok(await page.locator('table.matrix').isVisible());
        await assertNoSideScroll(page, 'question page');
        done(w.name, page);
      });

      it('when a card is shown, then its question and its position are both written on it (not only in a tooltip)', async () => {
        const page = await open(w.name, '/search?q=stagiaire&speaker=sebastien-robin');
        const card = page.locator('#results article[data-unit="seb-pas-stagiaire"]');
        const coding = card.locator('.unit-coding');
        assert.ok(await coding.locator('.unit-question').isVisible());
        assert.equal(await coding.locator('.unit-question').innerText(), 'Le community management est-il un travail de stagiaire ?');
        assert.ok(await coding.locator('.badge-position').isVisible());
        assert.equal(await coding.locator('.badge-position').innerText(), "Non, ce n'est pas un travail de stagiaire");
        done(w.name, page);
      });

      it('when the search page opens, then the filters come before the results, folded on a phone and open on a desktop', async () => {
        const page = await open(w.name, '/search?q=stagiaire');
        const panel = page.locator('details[data-facets-panel]');
        const results = page.locator('#results');
        const panelBox = await panel.boundingBox();
        const resultsBox = await results.boundingBox();
        if (w.name === 'phone') {
          assert.ok(panelBox && resultsBox && panelBox.y < resultsBox.y, 'the filters come first');
          assert.equal(await panel.evaluate((el) => (el as HTMLDetailsElement).open), false);
          assert.ok(panelBox && panelBox.height < 120, `folded filters take ${panelBox?.height} px`);
          await panel.locator('summary').click();
          await page.locator('#facets a[data-facet="speaker:yvain-ducrocq"]').click();
          await page.waitForURL(/speaker=yvain-ducrocq/);
          await page.locator('#results .result-count', { hasText: '1 résultat' }).waitFor();
        } else {
          assert.equal(await panel.evaluate((el) => (el as HTMLDetailsElement).open), true);
          assert.equal(await panel.locator('summary').isVisible(), false);
          assert.ok(await page.locator('#facets a[data-facet="speaker:yvain-ducrocq"]').isVisible());
        }
        done(w.name, page);
      });

      it('when a page is printed, then only its content prints: no navigation, form, filter or button', async () => {
        for (const url of ['/search?q=stagiaire', HEADLINE]) {
          const page = await open(w.name, url);
          await page.emulateMedia({ media: 'print' });
          for (const selector of ['.site-header', '.site-footer', 'form', 'aside.facets', 'button', '.unit-actions', '.pagination']) {
            const shown = await page.locator(selector).evaluateAll((els) => els.filter((el) => getComputedStyle(el).display !== 'none').length);
            assert.equal(shown, 0, `${url}: ${selector} prints`);
          }
          assert.ok(await page.locator('main article.unit').first().isVisible(), `${url}: the content prints`);
          done(w.name, page);
        }
      });

      it('when axe-core checks the pages of this issue, then there is no serious or critical violation', async () => {
        const urls = [HEADLINE, `${HEADLINE}&cell=genaro&position=appartenance:marketing`, '/compare?speaker=genaro&speaker=sebastien-robin', '/questions/appartenance', '/questions/appartenance?lang=en', '/search?q=stagiaire', '/speakers/sandra', '/search?page=0', '/speakers/nobody'];
        const problems = await auditPages(contexts.get(w.name)!, app.baseUrl, urls, { errors: pageErrors });
        assert.deepEqual(problems, []);
      });
    });
  }

  describe('languages', () => {
    let copy: StartedApp;
    let dir: string;

    before(async () => {
      // The bundled corpus with one question left without its French description.
      dir = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-lang-'));
      await cp(BUNDLED_DATA_DIR, dir, { recursive: true });
      const file = path.join(dir, 'questions.yaml');
      const text = await readFile(file, 'utf8');
      const withoutFrench = text.replace(/(- id: appartenance\n(?:.*\n){2}) {2}description: .*\n/, '$1');
      assert.notEqual(withoutFrench, text, 'the French description of "appartenance" was removed');
      await writeFile(file, withoutFrench);
      copy = await startApp({ dataDir: dir });
    });

    after(async () => {
      await copy?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('when a description exists in the page language, then it shows; when not, the other language shows, marked and with its lang attribute', async () => {
      const page = await open('phone', '/questions/stagiaire', copy.baseUrl);
      const prose = page.locator('main > .prose').first();
      assert.equal(await prose.getAttribute('lang'), 'fr');
      assert.match(await prose.innerText(), /Peut-on confier la fonction à des stagiaires/);
      await page.goto(`${copy.baseUrl}/questions/stagiaire?lang=en`);
      assert.match(await page.locator('main > .prose').first().innerText(), /Whether the function can be handed to interns/);
      await page.goto(`${copy.baseUrl}/questions/appartenance`);
      const fallback = page.locator('main > .prose.other-language');
      assert.equal(await fallback.getAttribute('lang'), 'en');
      assert.equal(await fallback.locator('.lang-note').innerText(), '(en anglais)');
      assert.equal(await fallback.locator('.lang-note').getAttribute('lang'), 'fr');
      assert.match(await fallback.innerText(), /Which department the function belongs to/);
      done('phone', page);
    });

    it('when a French page fails, then its reason is in French; in English on the English page', async () => {
      const page = await open('desktop', '/search?page=0');
      assert.equal(await page.locator('.error-message').innerText(), 'Le paramètre « page » doit être un nombre entier de 1 à 10000.');
      await page.goto(`${app.baseUrl}/debates/nothing?lang=en`);
      assert.equal(await page.locator('.error-message').innerText(), 'No debate has the id "nothing".');
      await page.goto(`${app.baseUrl}/compare?speaker=sandra`);
      assert.match(await page.locator('.alert').innerText(), /Une comparaison demande de 2 à 4 intervenants différents/);
      done('desktop', page);
    });
  });

  describe('on the imported ArgKP split', { skip: ARGKP_SKIP }, () => {
    let argkp: StartedApp;
    const QUESTION = 'we-should-end-affirmative-action';
    // Since issue 14 an import keeps the stance (pro/con) on the topic's question and puts the key
    // points, one code each, on a second question.
    const KEY_POINTS = `${QUESTION}-key-points`;
    const COMPARE = '/compare?speaker=anonymous&speaker=genaro';

    before(async () => {
      // The bundled corpus plus the 932 units of the ArgKP development split, imported as the README says
      // (the import command, run in this process).
      argkp = await startArgkpApp();
    });

    after(async () => {
      await argkp?.close();
    });

    for (const w of WIDTHS) {
      it(`at ${w.width} px, when a big speaker is compared on every question, then the grid counts every position, the quotes are paginated by rows and per cell, and the page stays light`, async () => {
        const page = await open(w.name, COMPARE, argkp.baseUrl);
        // Without a question, the grid has a row per question spoken on, each leading to its comparison.
        const gridRows = page.locator('table.compare-table tbody tr');
        assert.ok((await gridRows.count()) >= 4, `${await gridRows.count()} rows in the grid`);
        assert.equal(await page.locator(`table.compare-table tbody th a[href*="question=${QUESTION}&"]`).count(), 1);
        assert.equal(await page.locator(`table.compare-table tbody th a[href*="question=${KEY_POINTS}&"]`).count(), 1);
        const status = await page.locator('.compare-quotes > .pagination-status').innerText();
        const positions = Number(/^Positions 1 à 10 sur (\d+)$/.exec(status)?.[1]);
        assert.ok(positions > 20, status);
        assert.equal(await page.locator('.compare-position').count(), 10);
        assert.ok(await page.locator('.compare-quotes nav.pagination a[rel="next"]').isVisible());
        const weight = await page.evaluate(() => new TextEncoder().encode(document.documentElement.outerHTML).length);
        assert.ok(weight < 300_000, `the page weighs ${weight} bytes`);
        await assertNoSideScroll(page, COMPARE);
        // A cell with more quotes than its preview: its own pages, "n of N".
        const more = page.locator('.cell-more a').first();
        const moreText = await more.innerText();
        const total = Number(/Voir les (\d+)/.exec(moreText)?.[1]);
        assert.ok(total > 3, moreText);
        await more.click();
        await page.waitForURL(/cell=anonymous/);
        assert.equal(await page.locator('#cell-title').isVisible(), true);
        assert.match(await page.locator('.compare-cell-page > .pagination-status').innerText(), new RegExp(`^Arguments 1 à ${Math.min(total, 20)} sur ${total}$`));
        // Page two of the rows, by its stable URL.
        await page.goto(`${argkp.baseUrl}${COMPARE}&page=2`);
        assert.match(await page.locator('.compare-quotes > .pagination-status').innerText(), /^Positions 11 à 20 sur/);
        done(w.name, page);
      });

      it(`at ${w.width} px, when an ArgKP question opens, then its chart draws the key points, and axe finds nothing serious on these pages`, async () => {
        const page = await open(w.name, `/questions/${KEY_POINTS}`, argkp.baseUrl);
        const svg = page.locator('figure.position-chart svg[role="img"]');
        assert.ok(await svg.isVisible());
        assert.deepEqual(await svg.locator('text.chart-name').allTextContents(), ['Anonymous contributor']);
        assert.ok((await svg.locator('rect').count()) > 5);
        assert.ok((await page.locator('.chart-legend li').count()) > 5);
        await assertNoSideScroll(page, 'ArgKP question');
        done(w.name, page);
        const urls = [COMPARE, `/compare?question=${KEY_POINTS}&speaker=anonymous&speaker=genaro`, `/questions/${KEY_POINTS}`, `/questions/${QUESTION}`];
        const problems = await auditPages(contexts.get(w.name)!, argkp.baseUrl, urls, { errors: pageErrors });
        assert.deepEqual(problems, []);
      });
    }
  });

  it('when the pages ran, then no script error was reported', () => {
    assert.deepEqual(pageErrors, []);
  });
});
