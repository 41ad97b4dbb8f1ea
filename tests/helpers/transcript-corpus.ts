// A corpus with an imported transcript, for the page and browser tests: the valid fixture corpus
// copied to a temporary folder, plus a debate imported from a WebVTT transcript through the real
// import (readVtt, importTranscript, applyImport) with the given media.

import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { applyImport } from '../../server/io/apply-import.ts';
import { importTranscript } from '../../server/io/transcript/import.ts';
import { readVtt } from '../../server/io/transcript/vtt.ts';
import { FIXTURE_DATA_DIR } from './start-app.ts';

/** Three turns: Sandra at 0:00, Sébastien at 0:03 (two cues), Génaro at 0:05. */
export const SHORT_VTT = `WEBVTT

00:00:00.000 --> 00:00:02.500
<v Sandra>Bonsoir, on commence.</v>

00:00:03.000 --> 00:00:04.000
<v sebmaster>Pas un travail de stagiaire.</v>

00:00:04.000 --> 00:00:05.000
<v Sébastien>Il faut de l'expérience.</v>

00:00:05.000 --> 00:00:06.500
<v GÉNARO>D'accord avec lui.</v>
`;

export async function corpusWithTranscript(debates: { slug: string; mediaUrl?: string; mediaOffset?: string; vtt?: string }[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-transcript-'));
  const data = path.join(dir, 'data');
  await cp(FIXTURE_DATA_DIR, data, { recursive: true });
  for (const debate of debates) {
    await applyImport(data, { slug: debate.slug }, (existing) =>
      importTranscript(
        readVtt(debate.vtt ?? SHORT_VTT),
        {
          file: `${debate.slug}.vtt`,
          slug: debate.slug,
          title: `Transcript ${debate.slug}`,
          date: '2010-07',
          language: 'fr',
          ...(debate.mediaUrl ? { mediaUrl: debate.mediaUrl } : {}),
          ...(debate.mediaOffset ? { mediaOffset: debate.mediaOffset } : {}),
        },
        existing,
      ),
    );
  }
  return data;
}
