// Time codes on the real site (app on port 0): with a video platform page as the debate's media
// they link to the platform at the moment (offset added); without media they are plain text;
// everywhere they read 1:02:03; the API gives the media offset; the player's script is only on
// pages with a playable recording.

import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApp, type StartedApp } from '../helpers/start-app.ts';
import { corpusWithTranscript } from '../helpers/transcript-corpus.ts';

describe('time codes on the site', () => {
  let app: StartedApp;
  let data: string;
  const page = async (url: string): Promise<string> => {
    const response = await fetch(`${app.baseUrl}${url}`);
    assert.equal(response.status, 200, url);
    return response.text();
  };

  before(async () => {
    data = await corpusWithTranscript([
      { slug: 'on-youtube', mediaUrl: 'https://www.youtube.com/watch?v=abc123', mediaOffset: '01:00:00' },
      { slug: 'on-vimeo', mediaUrl: 'https://vimeo.com/76979871' },
      { slug: 'no-media' },
    ]);
    app = await startApp({ dataDir: data });
  });

  after(async () => {
    await app?.close();
    if (data) await rm(path.dirname(data), { recursive: true, force: true });
  });

  it('links each time code to the video platform at its moment, offset added, with no player', async () => {
    const html = await page('/debates/on-youtube');
    assert.match(html, /<a href="https:\/\/www\.youtube\.com\/watch\?v=abc123" rel="nofollow noopener">Voir sur YouTube<\/a>/);
    // 0:03 into the transcript is 1:00:03 into the video: t=3603s.
    assert.match(html, /<a class="unit-timecode" href="https:\/\/www\.youtube\.com\/watch\?v=abc123&amp;t=3603s" rel="nofollow noopener" title="Lire à partir de 0:03"><span class="visually-hidden">Instant <\/span>0:03<\/a>/);
    assert.doesNotMatch(html, /<video|<audio|media-player\.js|data-seek/);
    const vimeo = await page('/debates/on-vimeo');
    assert.match(vimeo, /href="https:\/\/vimeo\.com\/76979871#t=5s"/);
  });

  it('on a unit’s own page, links its time code to the recording at its moment, offset added, without the debate’s player', async () => {
    const unit = app.deps.corpus.unitsByDebate.get('on-youtube')?.find((u) => u.timecode);
    assert.ok(unit);
    const html = await page(`/u/${unit.id}`);
    assert.match(html, /<a class="unit-timecode" href="https:\/\/www\.youtube\.com\/watch\?v=abc123&amp;t=\d+s" rel="nofollow noopener" title="Lire à partir de [\d:]+">/);
    assert.doesNotMatch(html, /<video|<audio|media-player\.js|data-seek/);
    // Its citation says it is a transcript turn, at its time code.
    assert.match(html, /<cite id="cite-[^"]+">Prise de parole de [^<]+ à [\d:]+, dans /);
  });

  it('shows time codes as plain text without media', async () => {
    const html = await page('/debates/no-media');
    assert.match(html, /<span class="unit-timecode"><span class="visually-hidden">Instant <\/span>0:05<\/span>/);
    assert.doesNotMatch(html, /<a class="unit-timecode"/);
    // Outside the debate page (a speaker's page), time codes read the same way.
    assert.match(await page('/speakers/genaro'), /<span class="unit-timecode"><span class="visually-hidden">Instant <\/span>0:05<\/span>/);
  });

  it('gives the media and its offset in the API', async () => {
    const debate = (await (await fetch(`${app.baseUrl}/api/debates/on-youtube`)).json()) as { mediaUrl: string; mediaOffset: string };
    assert.equal(debate.mediaUrl, 'https://www.youtube.com/watch?v=abc123');
    assert.equal(debate.mediaOffset, '01:00:00');
  });

  it('lets the page play recordings from other sites (media-src) and nothing else loosens', async () => {
    const response = await fetch(`${app.baseUrl}/debates/no-media`);
    const policy = response.headers.get('content-security-policy') ?? '';
    assert.match(policy, /media-src 'self' https: http:/);
    assert.match(policy, /script-src 'self'(;|$)/);
  });
});
