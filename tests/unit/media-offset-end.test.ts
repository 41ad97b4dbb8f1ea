// The two fields transcripts add to the authoring format: a debate's `media-offset` and a unit's
// `end`. Each is read, checked with its file and line, and written back as it was read.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCorpus } from '../../server/corpus/load.ts';
import { debateToMarkdown } from '../../server/corpus/write.ts';

const VALID = path.resolve('tests/fixtures/corpus-valid');
const NAROCAST = 'debates/narocast-0.md';
const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The fixture corpus with narocast-0.md edited: `replace` pairs applied in order. */
async function edited(...replace: [string, string][]): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-media-'));
  dirs.push(dir);
  await cp(VALID, dir, { recursive: true });
  const file = path.join(dir, NAROCAST);
  let text = await readFile(file, 'utf8');
  for (const [from, to] of replace) {
    assert.ok(text.includes(from), from);
    text = text.replace(from, to);
  }
  await writeFile(file, text);
  return { dir, file };
}

const errors = async (dir: string): Promise<string[]> =>
  (await loadCorpus(dir)).problems.filter((p) => p.severity === 'error').map((p) => `${path.basename(p.file)}:${p.line}: ${p.message}`);

describe('media-offset and end', () => {
  it('reads them and writes them back unchanged', async () => {
    const { dir } = await edited(['media: http://www.example.org/video.mp4\n', 'media: http://www.example.org/video.mp4\nmedia-offset: 00:05\n'], ['- timecode: 01:15\n', '- timecode: 01:15\n- end: 01:42\n']);
    const { corpus, problems } = await loadCorpus(dir);
    assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
    const debate = corpus.debates.find((d) => d.slug === 'narocast-0');
    assert.equal(debate?.mediaOffset, '00:05');
    const unit = corpus.units.find((u) => u.timecode === '01:15');
    assert.equal(unit?.endTimecode, '01:42');
    const written = debateToMarkdown(debate!, corpus.units.filter((u) => u.debate === 'narocast-0'));
    assert.match(written, /^media: http:\/\/www\.example\.org\/video\.mp4\nmedia-offset: 00:05$/m);
    assert.match(written, /^- timecode: 01:15\n- end: 01:42$/m);
  });

  it('refuses a malformed offset, an offset without media, a malformed end and an end before the start, by line', async () => {
    const bad = await edited(['media: http://www.example.org/video.mp4\n', 'media: http://www.example.org/video.mp4\nmedia-offset: five seconds\n'], ['- timecode: 01:15\n', '- timecode: 01:15\n- end: 1h\n']);
    const found = await errors(bad.dir);
    assert.ok(found.some((e) => /^narocast-0\.md:10: media-offset "five seconds" must be mm:ss or hh:mm:ss$/.test(e)), found.join('\n'));
    assert.ok(found.some((e) => /^narocast-0\.md:\d+: end "1h" must be mm:ss or hh:mm:ss$/.test(e)), found.join('\n'));

    const orphan = await edited(['media: http://www.example.org/video.mp4\n', 'media-offset: 00:05\n'], ['- timecode: 01:15\n', '- timecode: 01:15\n- end: 01:10\n']);
    const orphanErrors = await errors(orphan.dir);
    assert.ok(orphanErrors.some((e) => /^narocast-0\.md:9: media-offset needs `media`$/.test(e)), orphanErrors.join('\n'));
    assert.ok(orphanErrors.some((e) => /has an end that is not after its timecode$/.test(e)), orphanErrors.join('\n'));
  });
});
