// Reads a corpus folder (data/README.md) from disk: parse every file, validate the whole, and hand
// back the corpus with every problem. loadValidCorpus is the only door to a served or indexed
// corpus, and it stays shut on any error, so nothing half-valid is ever shown.

import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidCorpusError } from '../errors.ts';
import type { CorpusProblem } from '../errors.ts';
import { emptyCorpus, indexCorpus } from './model.ts';
import type { Corpus, CorpusIndex, Unit } from './model.ts';
import { parseDebateFile, parseYamlFile } from './parse.ts';
import type { ParsedDebateFile, ParsedYamlFile } from './parse.ts';
import { decodeText, findControlCharacters } from './text-checks.ts';
import { validateCorpus } from './validate.ts';

export interface LoadResult {
  corpus: Corpus;
  problems: CorpusProblem[];
}

export async function loadCorpus(dataDir: string): Promise<LoadResult> {
  const root = path.resolve(dataDir);
  if (!(await isDirectory(root))) {
    return { corpus: emptyCorpus(), problems: [problemAt(displayPath(root), 'the data folder does not exist')] };
  }
  const missing: CorpusProblem[] = [];
  const speakers = await readRegistry(root, 'speakers', missing);
  const questions = await readRegistry(root, 'questions', missing);
  const debates = await readDebates(root, missing);
  if (debates.length === 0) {
    missing.push({ file: displayPath(path.join(root, 'debates')), line: 1, message: 'the corpus has no debate (no debates/*.md file): nothing to show', severity: 'warning' });
  }
  const { corpus, problems } = validateCorpus({ speakers, questions, debates });
  return { corpus: sortCorpus(corpus), problems: [...missing, ...problems] };
}

export async function loadValidCorpus(dataDir: string): Promise<{ corpus: Corpus; index: CorpusIndex; warnings: CorpusProblem[] }> {
  const { corpus, problems } = await loadCorpus(dataDir);
  if (problems.some((p) => p.severity === 'error')) throw new InvalidCorpusError(problems);
  return { corpus, index: indexCorpus(corpus), warnings: problems };
}

/** `<name>.yaml` (required) then `<name>/*.yaml` (optional), in sorted order. */
async function readRegistry(root: string, name: 'speakers' | 'questions', missing: CorpusProblem[]): Promise<ParsedYamlFile[]> {
  const main = path.join(root, `${name}.yaml`);
  const files: ParsedYamlFile[] = [];
  const text = await readText(main, missing);
  if (text === undefined) missing.push(problemAt(displayPath(main), `${name}.yaml is missing`));
  else files.push(parseYamlFile(displayPath(main), text));
  for (const file of await listFiles(path.join(root, name), /\.ya?ml$/i)) {
    files.push(parseYamlFile(displayPath(file), (await readText(file, missing)) ?? ''));
  }
  return files;
}

async function readDebates(root: string, problems: CorpusProblem[]): Promise<ParsedDebateFile[]> {
  const files = await listFiles(path.join(root, 'debates'), /\.md$/i);
  const parsed: ParsedDebateFile[] = [];
  for (const file of files) parsed.push(parseDebateFile(displayPath(file), (await readText(file, problems)) ?? ''));
  return parsed;
}

/** Units by debate date, then debate slug, then order; debates the same way. */
function sortCorpus(corpus: Corpus): Corpus {
  const dateOf = new Map(corpus.debates.map((d) => [d.slug, d.date]));
  const byDebate = (a: { date: string; slug: string }, b: { date: string; slug: string }): number =>
    compareText(a.date, b.date) || compareText(a.slug, b.slug);
  const unitKey = (u: Unit): { date: string; slug: string } => ({ date: dateOf.get(u.debate) ?? '', slug: u.debate });
  return {
    ...corpus,
    debates: [...corpus.debates].sort(byDebate),
    units: [...corpus.units].sort((a, b) => byDebate(unitKey(a), unitKey(b)) || a.order - b.order),
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Relative to the working directory when inside it (shorter messages), else absolute. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  const outside = relative === '' || relative.split(path.sep)[0] === '..' || path.isAbsolute(relative);
  return outside ? file : relative;
}

function problemAt(file: string, message: string): CorpusProblem {
  return { file, line: 1, message, severity: 'error' };
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A file's text, or undefined when it cannot be read. Invalid UTF-8 and control characters are
 * errors with their line (the text is still returned, so that other problems are listed too).
 */
async function readText(file: string, problems: CorpusProblem[]): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  const shown = displayPath(file);
  const decoded = decodeText(bytes);
  if ('problem' in decoded) {
    problems.push({ file: shown, line: decoded.problem.line, message: decoded.problem.message, severity: 'error' });
    return bytes.toString('utf8');
  }
  for (const problem of findControlCharacters(decoded.text)) problems.push({ file: shown, ...problem, severity: 'error' });
  return decoded.text;
}

/**
 * Files of a folder matching `pattern`, sorted by name; none when the folder is absent. Symbolic
 * links to files are followed (container config mounts are symlinks); a dangling link is skipped.
 */
async function listFiles(dir: string, pattern: RegExp): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (!pattern.test(entry.name)) continue;
    if (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path.join(dir, entry.name))))) names.push(entry.name);
  }
  return names.sort(compareText).map((name) => path.join(dir, name));
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
