// `npx tsx scripts/bench/transcript-import.ts [--cues N]`: how long a transcript import takes, on
// generated transcripts of N cues (default 20,000: about 11 hours of speech) in each format. For
// each: reading the file into cues, building the debate (speakers, turns, splits), and the whole
// all-or-nothing import with --dry-run (copying the fixture corpus, writing, validating it all).
// Prints one line per format with the figures, and the heap used after each.

import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { loadValidCorpus } from '../../server/corpus/load.ts';
import { applyImport } from '../../server/io/apply-import.ts';
import { readDocx } from '../../server/io/transcript/docx.ts';
import { importTranscript } from '../../server/io/transcript/import.ts';
import { readPlainText } from '../../server/io/transcript/plain-text.ts';
import { readSrt } from '../../server/io/transcript/srt.ts';
import { readVtt } from '../../server/io/transcript/vtt.ts';
import type { ReadTranscript } from '../../server/io/transcript/cue.ts';

const FIXTURE = path.resolve('tests/fixtures/corpus-valid');
const SPEAKERS = ['Sandra', 'Génaro', 'sebmaster', 'Yvain Ducrocq'];
const WORDS = 'le community management est un métier qui demande du temps de la patience et une voix que la communauté reconnaît'.split(' ');

const { values } = parseArgs({ options: { cues: { type: 'string' } } });
const count = Number(values.cues ?? 20000);

/** Deterministic cues: a speaker changes every 1 to 6 cues, each cue 2 seconds and 8 to 20 words. */
function cues(): { speaker: string; start: number; text: string }[] {
  const out: { speaker: string; start: number; text: string }[] = [];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  let speaker = 0;
  for (let i = 0; i < count; i++) {
    if (next() < 0.3) speaker = (speaker + 1 + Math.floor(next() * 3)) % SPEAKERS.length;
    const words = Array.from({ length: 8 + Math.floor(next() * 12) }, () => WORDS[Math.floor(next() * WORDS.length)]);
    out.push({ speaker: SPEAKERS[speaker] ?? 'Sandra', start: i * 2, text: `${words.join(' ')}.` });
  }
  return out;
}

const clock = (s: number, sep = '.'): string => {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(Math.floor(s % 60))}${sep}000`;
};

async function main(): Promise<void> {
  const list = cues();
  const vtt = `WEBVTT\n\n${list.map((c) => `${clock(c.start)} --> ${clock(c.start + 2)}\n<v ${c.speaker}>${c.text}</v>\n`).join('\n')}`;
  const srt = list.map((c, i) => `${i + 1}\n${clock(c.start, ',')} --> ${clock(c.start + 2, ',')}\n${c.speaker}: ${c.text}\n`).join('\n');
  const text = list.map((c) => `[${clock(c.start).slice(0, 8)}] ${c.speaker}: ${c.text}`).join('\n');
  const docx = await Packer.toBuffer(
    new Document({ sections: [{ children: list.map((c) => new Paragraph({ children: [new TextRun(`${c.speaker} (${clock(c.start).slice(0, 8)}): ${c.text}`)] })) }] }),
  );
  const { corpus } = await loadValidCorpus(FIXTURE);
  const formats: [string, number, () => Promise<ReadTranscript>][] = [
    ['vtt', vtt.length, async () => readVtt(vtt)],
    ['srt', srt.length, async () => readSrt(srt)],
    ['transcript', text.length, async () => readPlainText(text)],
    ['docx', docx.length, () => readDocx(docx)],
  ];
  console.log(`transcript import, ${count} cues (${((count * 2) / 3600).toFixed(1)} h of speech), node ${process.version}`);
  for (const [format, bytes, read] of formats) {
    let at = performance.now();
    const readResult = await read();
    const readMs = performance.now() - at;
    at = performance.now();
    const imported = importTranscript(readResult, { file: `bench.${format}`, slug: 'bench', date: '2010' }, corpus);
    const buildMs = performance.now() - at;
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-bench-transcript-'));
    try {
      await cp(FIXTURE, path.join(scratch, 'data'), { recursive: true });
      at = performance.now();
      await applyImport(path.join(scratch, 'data'), { slug: 'bench', dryRun: true }, (existing) =>
        importTranscript(readResult, { file: `bench.${format}`, slug: 'bench', date: '2010' }, existing),
      );
      const wholeMs = performance.now() - at;
      const heap = process.memoryUsage().heapUsed / 1024 / 1024;
      console.log(
        `${format.padEnd(10)} ${(bytes / 1024 / 1024).toFixed(1).padStart(5)} MB  read ${readMs.toFixed(0).padStart(5)} ms  ` +
          `build ${buildMs.toFixed(0).padStart(4)} ms (${imported.units.length} units)  whole dry-run import ${wholeMs.toFixed(0).padStart(5)} ms  heap ${heap.toFixed(0)} MB`,
      );
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}

await main();
