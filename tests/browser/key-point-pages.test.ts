// The key points of a question in headless Chromium (issue 23): the share bar drawn at the width of
// its share (an SVG, as the CSP allows no inline style), the <details> opening to the key point's
// units without script, no horizontal scroll on a phone, and no serious accessibility violation on
// the question page and a key point's page (axe-core). On a generated question with known themes.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { acquireChromium, CHROMIUM_SKIP, releaseChromium } from '../helpers/chromium.ts';
import { auditPages } from '../helpers/axe.ts';
import { keyPointDataDir } from '../helpers/key-point-corpus.ts';
import { startApp, type StartedApp } from '../helpers/start-app.ts';

describe('key points in a browser', { skip: CHROMIUM_SKIP }, () => {
  let data: Awaited<ReturnType<typeof keyPointDataDir>>;
  let app: StartedApp;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    data = await keyPointDataDir({ units: 900, themes: 6, fillerWords: 4 });
    app = await startApp({ dataDir: data.dir });
    browser = await acquireChromium();
    context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  });
  after(async () => {
    await context?.close();
    await releaseChromium();
    await app?.close();
    await data?.remove();
  });

  it('when the question page is shown on a phone without script, then each bar is drawn at its share and a key point opens to its units', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${app.baseUrl}/questions/${data.question}`);
      const first = page.locator('article.key-point').first();
      await first.waitFor();
      const [bar, fill] = await Promise.all([first.locator('svg.share-bar').boundingBox(), first.locator('rect.share-fill').boundingBox()]);
      assert.ok(bar && fill && bar.width > 0);
      const share = Number(/\(([\d,]+)\s?%\)/.exec((await first.locator('.key-point-share').innerText()).replace(/\u202f|\u00a0/g, ' '))?.[1]?.replace(',', '.'));
      assert.ok(share > 0, 'the share is written beside the bar');
      assert.ok(Math.abs(fill.width / bar.width - share / 100) < 0.01, `the bar's fill is ${((fill.width / bar.width) * 100).toFixed(1)}% wide for a share of ${share}%`);
      const unitLink = first.locator('details li a').first();
      assert.equal(await unitLink.isVisible(), false, 'closed at first');
      await first.locator('details summary').click();
      assert.equal(await unitLink.isVisible(), true, 'opened by its summary, without script');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `no horizontal scroll at 390 px (${overflow} px)`);
    } finally {
      await page.close();
    }
  });

  it('when axe-core checks the question page and a key point’s page, then there is no serious or critical violation', async () => {
    const audit = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
    const problems = await auditPages(audit, app.baseUrl, [`/questions/${data.question}`, `/questions/${data.question}/key-points/1`, `/questions/${data.question}/key-points/other`, `/questions/${data.question}?lang=en`]);
    await audit.close();
    assert.deepEqual(problems, []);
  });
});
