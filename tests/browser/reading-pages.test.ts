// Issue 12 in real headless Chromium, at 1280 px and 390 px wide, on the seed and on the seed with
// the ArgKP split imported: paging through a long debate, the unit page and its way back to the
// unit's place, the copy-citation button, downloads (CSV, citations) and axe-core on every new page.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { acquireChromium, CHROMIUM_SKIP, releaseChromium } from '../helpers/chromium.ts';
import { KeptTabs } from '../helpers/kept-tabs.ts';
import { startArgkpApp, ARGKP_SKIP, ARGKP_SLUG } from '../helpers/argkp-corpus.ts';
import type { StartedApp } from '../helpers/start-app.ts';
import { auditPages } from '../helpers/axe.ts';

const skip = CHROMIUM_SKIP || ARGKP_SKIP;
const WIDTHS = [1280, 390] as const;

describe('reading at scale in a browser', { skip }, () => {
  let app: StartedApp;
  let browser: Browser;
  const pageErrors: string[] = [];

  /** One context per width (and one per width that bypasses the CSP, for axe), kept from test to test. */
  const contexts = new Map<string, BrowserContext>();
  const tabs = new Map<BrowserContext, KeptTabs>();

  before(async () => {
    app = await startArgkpApp();
    browser = await acquireChromium();
  });

  after(async () => {
    for (const context of contexts.values()) await context.close();
    await releaseChromium();
    await app?.close();
  });

  async function withContext<T>(width: number, run: (context: BrowserContext) => Promise<T>, options: { bypassCSP?: boolean } = {}): Promise<T> {
    const key = `${width}${options.bypassCSP ? ' bypassCSP' : ''}`;
    let context = contexts.get(key);
    if (!context) {
      context = await browser.newContext({ locale: 'fr-FR', viewport: { width, height: 900 }, acceptDownloads: true, ...options });
      contexts.set(key, context);
      tabs.set(context, new KeptTabs(context, { errors: pageErrors, consoleErrors: true }));
    }
    return run(context);
  }

  async function open(context: BrowserContext, url: string): Promise<Page> {
    return tabs.get(context)!.open(`${app.baseUrl}${url}`);
  }

  /** The test is done with the page: its tab is kept for the next test in its context. */
  function done(page: Page): void {
    tabs.get(page.context())?.release(page);
  }

  /** The page's width does not overflow the viewport (nothing to scroll sideways on a phone). */
  async function fitsWidth(page: Page): Promise<boolean> {
    return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  }

  for (const width of WIDTHS) {
    it(`at ${width} px, when the next page of the imported debate is followed, then the URL says ?page=2 and the range moves on`, async () => {
      await withContext(width, async (context) => {
        const page = await open(context, `/debates/${ARGKP_SLUG}`);
        const total = app.deps.corpus.unitsByDebate.get(ARGKP_SLUG)?.length ?? 0;
        await page.locator('.range', { hasText: `Unités 1 à 50 sur ${total}` }).waitFor();
        await page.locator('nav.pagination a[rel="next"]').first().click();
        await page.waitForURL(new RegExp(`/debates/${ARGKP_SLUG}\\?page=2$`));
        await page.locator('.range', { hasText: `Unités 51 à` }).waitFor();
        assert.equal(await page.locator('nav.pagination [aria-current="page"]').first().getAttribute('href'), `/debates/${ARGKP_SLUG}?page=2`);
        assert.ok(await fitsWidth(page), 'no sideways scrolling');
        done(page);
      });
    });

    it(`at ${width} px, when a unit of page 7 is opened on its own, then its place link lands on it in the right page of the debate`, async () => {
      await withContext(width, async (context) => {
        const unit = (app.deps.corpus.unitsByDebate.get(ARGKP_SLUG) ?? [])[320]!;
        const page = await open(context, `/u/${unit.id}`);
        assert.ok(await fitsWidth(page), 'no sideways scrolling');
        await page.locator('.unit-place a').click();
        await page.waitForURL(new RegExp(`\\?page=\\d+#${unit.id}$`));
        const target = page.locator(':target');
        assert.equal(await target.getAttribute('id'), unit.id);
        const box = await target.boundingBox();
        assert.ok(box && box.y >= -1 && box.y < 900, `the unit is in view: ${JSON.stringify(box)}`);
        done(page);
      });
    });

    it(`at ${width} px, when the copy-citation button of a search card is pressed, then the card’s citation is on the clipboard`, async () => {
      await withContext(width, async (context) => {
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
        const page = await open(context, '/search?q=stagiaire');
        const card = page.locator('#results article[data-unit="seb-pas-stagiaire"]');
        const button = card.locator('button.copy-citation');
        await button.waitFor({ state: 'visible' });
        await button.click();
        await card.locator('button.copy-citation', { hasText: 'Citation copiée' }).waitFor();
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        assert.match(copied, /^Résumé par Genaro des propos de Sébastien Robin, dans «\u00a0\[Narocast\] #0/);
        assert.ok(copied.includes(`Lien permanent\u00a0: ${app.baseUrl}/u/seb-pas-stagiaire (consulté le `));
        done(page);
      });
    });

    it(`at ${width} px, when the CSV link of a search and a unit’s BibTeX link are followed, then files named for their content download`, async () => {
      await withContext(width, async (context) => {
        const page = await open(context, '/search?q=stagiaire');
        const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('.downloads a', { hasText: /^CSV$/ }).click()]);
        assert.equal(csv.suggestedFilename(), 'contrepoint-search-stagiaire.csv');
        const text = await readFile((await csv.path())!, 'utf8');
        assert.match(text, /^\ufeffid,debate,debate_title,date,speaker,speaker_name,signed_as,question,question_title/);

        const unitPage = await open(context, '/u/seb-pas-stagiaire');
        await unitPage.locator('details.citation summary').first().click();
        const [bib] = await Promise.all([unitPage.waitForEvent('download'), unitPage.locator('.cite-downloads a', { hasText: 'BibTeX' }).first().click()]);
        assert.equal(bib.suggestedFilename(), 'seb-pas-stagiaire.bib');
        assert.match(await readFile((await bib.path())!, 'utf8'), /^@online\{contrepoint:seb-pas-stagiaire,/);
        done(page);
        done(unitPage);
      });
    });

    it(`at ${width} px, when axe-core checks the paged and new pages, then there is no serious or critical violation`, async () => {
      const busiest = [...app.deps.corpus.corpus.units.reduce((m, u) => m.set(u.speaker, (m.get(u.speaker) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]![0];
      const question = app.deps.corpus.corpus.units.find((u) => u.debate === ARGKP_SLUG && u.question)!.question!;
      const unit = (app.deps.corpus.unitsByDebate.get(ARGKP_SLUG) ?? [])[10]!;
      const pages = [
        `/debates/${ARGKP_SLUG}?page=2`,
        `/u/${unit.id}`,
        '/u/comment-genaro-communaute',
        '/search?q=stagiaire',
        `/questions/${question}?page=2`,
        `/speakers/${busiest}?page=2`,
        '/speakers',
        '/debates/narocast-0-community-management',
      ];
      const problems = await withContext(width, (context) => auditPages(context, app.baseUrl, pages, { errors: pageErrors, consoleErrors: true }), { bypassCSP: true });
      assert.deepEqual(problems, []);
    });
  }

  it('when the pages ran, then no script error was reported', () => {
    assert.deepEqual(pageErrors, []);
  });
});
