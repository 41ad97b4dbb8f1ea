// The debate page's recording player in real headless Chromium: the test writes a few seconds of
// silence as a WAV file itself, serves it (with byte ranges, as any web server does, so the
// browser can seek), imports a transcript whose debate has that media and an offset, follows a
// time code and checks that the player moved to the turn's moment and marks the turn playing.

import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser } from 'playwright-core';
import { acquireChromium, CHROMIUM_SKIP, releaseChromium } from '../helpers/chromium.ts';
import { startApp, type StartedApp } from '../helpers/start-app.ts';
import { corpusWithTranscript } from '../helpers/transcript-corpus.ts';

const skip = CHROMIUM_SKIP;

/** `seconds` of silence: 8 kHz, mono, 16-bit PCM, in a RIFF/WAVE container. */
export function silenceWav(seconds: number): Buffer {
  const rate = 8000;
  const dataBytes = rate * seconds * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  return wav;
}

/** Serves one file with byte-range support on 127.0.0.1, port 0. */
async function serveFile(body: Buffer, type: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Type', type);
    if (range) {
      const start = range[1] ? Number(range[1]) : 0;
      const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
      res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${body.length}`, 'Content-Length': end - start + 1 });
      res.end(body.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, { 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/silence.wav` };
}

describe('the recording player in a browser', { skip }, () => {
  let media: { server: Server; url: string };
  let app: StartedApp;
  let browser: Browser;
  let data: string;

  before(async () => {
    media = await serveFile(silenceWav(8), 'audio/wav');
    data = await corpusWithTranscript([{ slug: 'silence-interview', mediaUrl: media.url, mediaOffset: '00:01' }]);
    app = await startApp({ dataDir: data });
    browser = await acquireChromium();
  });

  after(async () => {
    await releaseChromium();
    await app?.close();
    await new Promise((resolve) => media?.server.close(resolve));
    if (data) await rm(path.dirname(data), { recursive: true, force: true });
  });

  it('when a time code is followed, then the player seeks to the turn (offset added) and marks it playing', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.baseUrl}/debates/silence-interview`);
    const player = page.locator('.media-player audio');
    await player.waitFor();
    // The player knows the file's length once its metadata is loaded: 8 seconds of silence.
    await page.waitForFunction(() => (document.querySelector('.media-player audio') as HTMLAudioElement).duration > 7.9);

    const link = page.locator('article[data-unit="silence-interview-002"] a.unit-timecode');
    assert.equal(await link.textContent(), 'Instant 0:03');
    assert.equal(await link.getAttribute('href'), `${media.url}#t=4`);
    const urlBefore = page.url();
    await link.click();
    await page.waitForFunction(() => (document.querySelector('.media-player audio') as HTMLAudioElement).currentTime >= 4);
    const at = await player.evaluate((audio: HTMLAudioElement) => audio.currentTime);
    assert.ok(at >= 4 && at < 6, `currentTime ${at} should be at the turn's start, 0:03 plus the 0:01 offset`);
    assert.equal(page.url(), urlBefore, 'following the time code kept the page');
    await page.locator('article[data-unit="silence-interview-002"].is-playing[aria-current="true"]').waitFor();
    assert.match((await page.locator('.now-playing').textContent()) ?? '', /Sébastien Robin, 0:03/);

    // Another time code, earlier: the player goes back there and the mark follows.
    await page.locator('article[data-unit="silence-interview-001"] a.unit-timecode').click();
    await page.waitForFunction(() => (document.querySelector('.media-player audio') as HTMLAudioElement).currentTime < 3);
    await page.locator('article[data-unit="silence-interview-001"].is-playing').waitFor();
    assert.equal(await page.locator('article.is-playing').count(), 1);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('without JavaScript, a time code is a plain link to the file at that moment', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/debates/silence-interview`);
    const hrefs = await page.locator('a.unit-timecode').evaluateAll((links) => links.map((l) => l.getAttribute('href')));
    assert.deepEqual(hrefs, [`${media.url}#t=1`, `${media.url}#t=4`, `${media.url}#t=6`]);
    await context.close();
  });
});
