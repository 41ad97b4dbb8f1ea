// A generated corpus (scripts/bench/generate-corpus.ts) whose first question is rewritten so that its
// units fall into known groups: the units of theme k share the theme's four made-up words, a few
// carry HTML-hostile characters, and each theme is spoken by several speakers. Written to a temp
// folder in the authoring format, so that the real loader, validator and app read it.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateCorpus, writeCorpusFolder } from '../../scripts/bench/generate-corpus.ts';
import { withCodes, type Corpus } from '../../server/corpus/model.ts';

export interface KeyPointCorpusOptions {
  /** Units of the generated corpus; about two thirds go to the rewritten question. */
  units: number;
  /** Groups of units the question's text is made of (spread over two positions). */
  themes: number;
  /** Filler words added to each unit's text (longer texts, longer labels). */
  fillerWords?: number;
  seed?: number;
}

/** A word no other theme uses: letters only (digits are dropped by the clustering). */
function themeWord(theme: number, word: number): string {
  const letters = (n: number): string => {
    let s = '';
    do {
      s = String.fromCharCode(97 + (n % 26)) + s;
      n = Math.floor(n / 26);
    } while (n > 0);
    return s;
  };
  return `zk${letters(theme)}w${letters(word)}x`;
}

/** Hostile for HTML, kept as written by the corpus (escaped on the page). */
export const HOSTILE = '<b>&amp; "quoted" l\'<i>x</i></b>';

export function keyPointCorpus(options: KeyPointCorpusOptions): { corpus: Corpus; question: string } {
  const { corpus, vocabulary } = generateCorpus({ units: options.units, seed: options.seed ?? 23 });
  const question = corpus.questions[0];
  if (!question) throw new Error('the generated corpus has no question');
  const positions = question.positions.slice(0, 2).map((p) => p.id);
  corpus.units = corpus.units.map((unit, i) => {
    if (i % 3 === 2) return unit;
    const theme = Math.floor(i / 3) % options.themes;
    // Four of the theme's five words, a different four from unit to unit.
    // Four of the theme's five words in most units (a different four from unit to unit), all five in the rest.
    const words = [0, 1, 2, 3, 4].filter((w) => i % 10 >= 5 || w !== i % 5).map((w) => themeWord(theme, w));
    const filler = Array.from({ length: options.fillerWords ?? 3 }, (_, w) => vocabulary[(i * 7919 + w * 104_729) % 600] ?? 'mot');
    const text = `${words.join(' ')} ${filler.join(' ')}${i % 4 === 0 ? ` ${HOSTILE}` : ''}.`;
    const position = positions[theme % positions.length];
    return { ...withCodes(unit, [position ? { question: question.id, position } : { question: question.id }]), text };
  });
  return { corpus, question: question.id };
}

/** The corpus written to a temp folder; `remove` deletes it. */
export async function keyPointDataDir(options: KeyPointCorpusOptions): Promise<{ dir: string; question: string; corpus: Corpus; remove: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-key-points-'));
  const { corpus, question } = keyPointCorpus(options);
  await writeCorpusFolder(corpus, root);
  return { dir: root, question, corpus, remove: () => rm(root, { recursive: true, force: true }) };
}
