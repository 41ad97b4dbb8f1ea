// The site in real headless Chromium: search, facets, permalinks, comparison, search as you type,
// copy-link, the no-JavaScript path, and an axe-core accessibility check of the main pages.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { acquireChromium, CHROMIUM_SKIP, releaseChromium } from '../helpers/chromium.ts';
import { KeptTabs } from '../helpers/kept-tabs.ts';
import { FIXTURE_DATA_DIR, ROOT_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';
import { auditPages } from '../helpers/axe.ts';

const SHOTS = path.join(ROOT_DIR, 'tmp');
const DEBATE = 'narocast-0-community-management';

const skip = CHROMIUM_SKIP;

describe('the site in a browser', { skip }, () => {
  let app: StartedApp;
  let browser: Browser;
  let context: BrowserContext;
  let tabs: KeptTabs;
  const pageErrors: string[] = [];

  before(async () => {
    app = await startApp();
    browser = await acquireChromium();
    context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    tabs = new KeptTabs(context, { errors: pageErrors, consoleErrors: true });
  });

  after(async () => {
    await context?.close();
    await releaseChromium();
    await app?.close();
  });

  async function open(url: string): Promise<Page> {
    return tabs.open(`${app.baseUrl}${url}`);
  }

  /** Marks the window: the mark survives in-page updates and is gone after a real navigation. */
  async function markWindow(page: Page): Promise<void> {
    await page.evaluate(() => {
      (window as unknown as { __stayed: boolean }).__stayed = true;
    });
  }
  async function stayed(page: Page): Promise<boolean> {
    return page.evaluate(() => (window as unknown as { __stayed?: boolean }).__stayed === true);
  }

  it('when a query is submitted, then highlighted results show and the URL carries it', async () => {
    const page = await open('/search');
    await page.getByLabel('Rechercher des arguments').fill('stagiaire');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/q=stagiaire/);
    await page.locator('#results .result-count', { hasText: 'pour « stagiaire »' }).waitFor();
    assert.ok((await page.locator('#results mark').count()) > 0);
    assert.ok((await page.locator('#results article[data-unit="seb-pas-stagiaire"]').count()) === 1);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'browser-search.png'), fullPage: true });
    tabs.release(page);
  });

  it('when a facet is toggled, then results are filtered without a reload, the URL keeps the state, and a second click removes it', async () => {
    const page = await open('/search?q=stagiaire');
    const before = await page.locator('#results article').count();
    assert.ok(before >= 2);
    await markWindow(page);
    await page.locator('#facets a[data-facet="speaker:yvain-ducrocq"]').click();
    await page.waitForURL(/speaker=yvain-ducrocq/);
    await page.locator('#results .result-count', { hasText: '1 résultat' }).waitFor();
    assert.equal(await page.locator('#results article').count(), 1);
    assert.equal(await page.locator('#results article').first().getAttribute('data-unit'), 'comment-yvain-stagiaire');
    assert.match(page.url(), /q=stagiaire/);
    assert.equal(await page.locator('#facets a[data-facet="speaker:yvain-ducrocq"]').getAttribute('class'), 'facet-link is-selected');
    // Keyboard focus stays on the toggled value.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-facet')), 'speaker:yvain-ducrocq');
    assert.ok(await stayed(page), 'the facet toggle reloaded the page');

    await page.locator('#facets a[data-facet="speaker:yvain-ducrocq"]').click();
    await page.waitForURL((url) => !url.search.includes('speaker='));
    await page.locator('#results .result-count', { hasText: `${before} résultats` }).waitFor();
    assert.ok(await stayed(page));
    await page.goBack();
    await page.waitForURL(/speaker=yvain-ducrocq/);
    await page.locator('#results .result-count', { hasText: '1 résultat' }).waitFor();
    tabs.release(page);
  });

  it('when the user types, then results update as they type, without navigation, and the URL follows', async () => {
    const page = await open('/search');
    await markWindow(page);
    const total = await page.locator('#results .result-count').textContent();
    await page.getByLabel('Rechercher des arguments').pressSequentially('stratégie', { delay: 40 });
    await page.locator('#results .result-count', { hasText: 'pour « stratégie »' }).waitFor();
    assert.notEqual(await page.locator('#results .result-count').textContent(), total);
    assert.ok((await page.locator('#results mark').count()) > 0);
    await page.waitForURL(/q=strat%C3%A9gie/);
    assert.ok(await stayed(page), 'typing reloaded the page');
    // The caret stays in the box, and screen readers hear the new count.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'q');
    assert.equal(await page.getByLabel('Rechercher des arguments').inputValue(), 'stratégie');
    await page.locator('#live-status', { hasText: 'pour « stratégie »' }).waitFor();
    tabs.release(page);
  });

  it('when the keyboard is used, then the skip link comes first and moves focus to the main content', async () => {
    const page = await open('/debates');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
    assert.ok(await page.locator('.skip-link').isVisible());
    await page.keyboard.press('Enter');
    await page.waitForURL(/#main$/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    tabs.release(page);
  });

  it('when the language switch is followed, then the same page comes back in English and stays English', async () => {
    const page = await open('/search?q=stagiaire');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.getByLabel('Search arguments').inputValue(), 'stagiaire');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Questions' }).click();
    await page.waitForURL(/\/questions\?lang=en/);
    assert.equal(await page.locator('h1').textContent(), 'Questions');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    tabs.release(page);
  });

  it('when a permalink is opened, then the unit’s own page shows, and its place link lands on the anchored unit in its debate', async () => {
    const page = await open('/u/comment-yvain-stagiaire');
    await page.locator('h1', { hasText: 'Yvain Ducrocq' }).waitFor();
    await page.locator('.unit-place a').click();
    await page.waitForURL(new RegExp(`/debates/${DEBATE}#comment-yvain-stagiaire$`));
    const target = page.locator(':target');
    assert.equal(await target.getAttribute('id'), 'comment-yvain-stagiaire');
    const box = await target.boundingBox();
    const viewport = page.viewportSize();
    assert.ok(box && viewport && box.y >= -1 && box.y < viewport.height, `the unit is not in view: ${JSON.stringify(box)}`);
    await page.screenshot({ path: path.join(SHOTS, 'browser-debate.png') });
    tabs.release(page);
  });

  it('when the copy-link button is pressed, then the permalink is on the clipboard', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
    const page = await open(`/debates/${DEBATE}`);
    const button = page.locator('#seb-pas-stagiaire button.copy-link').first();
    await button.click();
    await page.locator('#seb-pas-stagiaire button.copy-link', { hasText: 'Lien copié' }).first().waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${app.baseUrl}/u/seb-pas-stagiaire`);
    tabs.release(page);
  });

  it('when two speakers are compared, then each has a column of counts, zeros included, then their quotes', async () => {
    const page = await open('/compare');
    await page.getByLabel('Question').selectOption('stagiaire');
    await page.getByLabel('Sandra').check();
    await page.getByLabel('Sébastien Robin').check();
    await page.getByRole('button', { name: 'Comparer' }).click();
    await page.waitForURL(/speaker=sandra/);
    assert.deepEqual(await page.locator('.compare-table-speaker a').allTextContents(), ['Sandra', 'Sébastien Robin']);
    assert.ok((await page.locator('.compare-table td.no-units').count()) > 0);
    assert.equal(await page.locator('article[data-unit="seb-pas-stagiaire"]').count(), 1);
    tabs.release(page);
  });

  it('when four speakers are ticked on the compare form, then the others cannot be ticked', async () => {
    // The small fixture corpus has six speakers (the bundled one only four).
    const fixture = await startApp({ dataDir: FIXTURE_DATA_DIR });
    const page = await tabs.open(`${fixture.baseUrl}/compare`);
    try {
      const boxes = page.locator('.speakers-field input[type="checkbox"]');
      const count = await boxes.count();
      assert.ok(count > 4, `the fixture has ${count} speakers`);
      for (let i = 0; i < 4; i++) await boxes.nth(i).check();
      for (let i = 4; i < count; i++) assert.ok(await boxes.nth(i).isDisabled(), `box ${i} is still enabled`);
      await boxes.nth(0).uncheck();
      for (let i = 0; i < count; i++) assert.ok(await boxes.nth(i).isEnabled(), `box ${i} stayed disabled`);
    } finally {
      tabs.release(page);
      await fixture.close();
    }
  });

  it('when JavaScript is off, then search, facets and permalinks still work by plain navigation', async () => {
    const plain = await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: false });
    try {
      const page = await plain.newPage();
      await page.goto(`${app.baseUrl}/search`);
      await page.getByLabel('Rechercher des arguments').fill('stagiaire');
      await page.getByLabel('Rechercher des arguments').press('Enter');
      await page.waitForURL(/q=stagiaire/);
      await page.locator('#facets a[data-facet="speaker:yvain-ducrocq"]').click();
      await page.waitForURL(/speaker=yvain-ducrocq/);
      assert.equal(await page.locator('#results article').count(), 1);
      // No JS: no copy button, the permalink is a plain link.
      assert.equal(await page.locator('button.copy-link').count(), 0);
      await page.locator('#results a.permalink').first().click();
      await page.waitForURL(/\/u\/comment-yvain-stagiaire$/);
      // No JS: the copy-citation button stays hidden; the citation is in its disclosure.
      assert.equal(await page.locator('button.copy-citation:visible').count(), 0);
    } finally {
      await plain.close();
    }
  });

  it('when axe-core checks the main pages, then there is no serious or critical violation', async () => {
    const pages = ['/', '/search?q=stagiaire&speaker=sebastien-robin', '/search?q=xyzzy', '/compare?question=stagiaire&speaker=sandra&speaker=sebastien-robin', '/questions', '/questions/stagiaire', '/speakers', '/speakers/sebastien-robin', '/debates', `/debates/${DEBATE}`, '/u/nothing-here', '/search?lang=en'];
    // axe is injected as an inline script, which the site's CSP rightly refuses: this context only.
    const audit = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
    const problems = await auditPages(audit, app.baseUrl, pages, { errors: pageErrors });
    await audit.close();
    assert.deepEqual(problems, []);
  });

  it('when the pages ran, then no script error was reported', () => {
    // The unknown permalink answers 404 on purpose; Chromium logs that as a console error.
    assert.deepEqual(pageErrors.filter((e) => !/nothing-here: Failed to load resource: the server responded with a status of 404/.test(e)), []);
  });
});
