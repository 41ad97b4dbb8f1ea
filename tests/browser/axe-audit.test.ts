// The audit helper itself, on pages made to fail: what the browser tests rely on when they find
// "no serious or critical violation" must find one when there is one, with the minor and
// moderate rules left out and axe-core run as the audit tab's init script.

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { auditPages } from '../helpers/axe.ts';
import { acquireChromium, CHROMIUM_SKIP, releaseChromium } from '../helpers/chromium.ts';

const PAGES: Record<string, string> = {
  // An image without a text alternative (image-alt, critical) and grey on white (color-contrast, serious).
  '/serious': '<!doctype html><html lang="fr"><head><title>Grave</title></head><body><main><h1>Titre</h1><img src="/x.png"><p style="color:#bbb;background:#fff">Texte pâle</p></main></body></html>',
  // Only moderate findings: content outside any landmark (region) and a heading level skipped (heading-order).
  '/moderate': '<!doctype html><html lang="fr"><head><title>Modéré</title></head><body><h1>Titre</h1><h4>Sous-titre</h4><p>Texte hors de tout repère.</p></body></html>',
};

describe('the axe audit helper', { skip: CHROMIUM_SKIP }, () => {
  let server: http.Server;
  let baseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  const errors: string[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      const page = PAGES[req.url ?? ''];
      res.writeHead(page ? 200 : 404, { 'content-type': page ? 'text/html; charset=utf-8' : 'text/plain' });
      res.end(page ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await acquireChromium();
    context = await browser.newContext({ bypassCSP: true });
  });

  after(async () => {
    await context?.close();
    await releaseChromium();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('when a page has serious and critical violations, then each is reported with its page, impact and rule', async () => {
    const problems = await auditPages(context, baseUrl, ['/serious'], { errors });
    assert.ok(problems.some((p) => /^\/serious: critical image-alt /.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /^\/serious: serious color-contrast /.test(p)), problems.join('\n'));
  });

  it('when a page has only moderate findings, then nothing is reported, and the same tab still audits the next page', async () => {
    assert.deepEqual(await auditPages(context, baseUrl, ['/moderate']), []);
    const again = await auditPages(context, baseUrl, ['/moderate', '/serious']);
    assert.ok(again.length >= 2 && again.every((p) => p.startsWith('/serious: ')), again.join('\n'));
    assert.equal(context.pages().length, 1, 'one audit tab, navigated from page to page');
  });
});
