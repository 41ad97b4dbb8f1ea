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

/** One data file as read from disk: undefined bytes when it could not be read. */
export interface CorpusSourceFile {
  /** Which part of the corpus the file holds. */
  kind: 'speakers' | 'questions' | 'debate';
  /** Absolute path. */
  path: string;
  /** As messages name it (relative to the working folder when inside it). */
  shown: string;
  /** speakers.yaml and questions.yaml: an error when absent. */
  required: boolean;
  bytes: Buffer | undefined;
}

/** Every file of a data folder, read once: what the corpus is made from (and what corpus-cache.ts hashes). */
export interface CorpusSources {
  root: string;
  exists: boolean;
  files: CorpusSourceFile[];
}

/** Files read at once: enough to hide the thread pool's round trips, few enough to bound memory and descriptors. */
const PARALLEL_READS = 32;

/** Reads the data folder's files (data/README.md) without parsing them. */
export async function readCorpusSources(dataDir: string): Promise<CorpusSources> {
  const root = path.resolve(dataDir);
  if (!(await isDirectory(root))) return { root, exists: false, files: [] };
  const listed: Omit<CorpusSourceFile, 'bytes'>[] = [];
  const add = (kind: CorpusSourceFile['kind'], file: string, required: boolean): void => {
    listed.push({ kind, path: file, shown: displayPath(file), required });
  };
  for (const name of ['speakers', 'questions'] as const) {
    add(name, path.join(root, `${name}.yaml`), true);
    for (const file of await listFiles(path.join(root, name), /\.ya?ml$/i)) add(name, file, false);
  }
  for (const file of await listFiles(path.join(root, 'debates'), /\.md$/i)) add('debate', file, false);
  // Read several at a time: one after the other, 500 files cost a restart about 0.4 s of waiting.
  const files: CorpusSourceFile[] = [];
  for (let start = 0; start < listed.length; start += PARALLEL_READS) {
    const batch = listed.slice(start, start + PARALLEL_READS);
    const bytes = await Promise.all(batch.map((file) => readBytes(file.path)));
    batch.forEach((file, i) => files.push({ ...file, bytes: bytes[i] }));
  }
  return { root, exists: true, files };
}

export async function loadCorpus(dataDir: string): Promise<LoadResult> {
  return loadCorpusFrom(await readCorpusSources(dataDir));
}

/** Parses and validates files already read; problems come in the order the files were read. */
export function loadCorpusFrom(sources: CorpusSources): LoadResult {
  if (!sources.exists) {
    return { corpus: emptyCorpus(), problems: [problemAt(displayPath(sources.root), 'the data folder does not exist')] };
  }
  const missing: CorpusProblem[] = [];
  const speakers: ParsedYamlFile[] = [];
  const questions: ParsedYamlFile[] = [];
  const debates: ParsedDebateFile[] = [];
  for (const file of sources.files) {
    const text = file.bytes === undefined ? undefined : decodeChecked(file.bytes, file.shown, missing);
    if (file.kind === 'debate') {
      debates.push(parseDebateFile(file.shown, text ?? ''));
      continue;
    }
    if (text === undefined && file.required) {
      missing.push(problemAt(file.shown, `${file.kind}.yaml is missing`));
      continue;
    }
    (file.kind === 'speakers' ? speakers : questions).push(parseYamlFile(file.shown, text ?? ''));
  }
  if (debates.length === 0) {
    missing.push({ file: displayPath(path.join(sources.root, 'debates')), line: 1, message: 'the corpus has no debate (no debates/*.md file): nothing to show', severity: 'warning' });
  }
  const { corpus, problems } = validateCorpus({ speakers, questions, debates });
  return { corpus: sortCorpus(corpus), problems: [...missing, ...problems] };
}

/** Throws InvalidCorpusError (every problem listed) when the corpus has an error. */
export async function loadValidCorpus(dataDir: string): Promise<{ corpus: Corpus; index: CorpusIndex; warnings: CorpusProblem[] }> {
  return validCorpusFrom(await readCorpusSources(dataDir));
}

export function validCorpusFrom(sources: CorpusSources): { corpus: Corpus; index: CorpusIndex; warnings: CorpusProblem[] } {
  const { corpus, problems } = loadCorpusFrom(sources);
  if (problems.some((p) => p.severity === 'error')) throw new InvalidCorpusError(problems);
  return { corpus, index: indexCorpus(corpus), warnings: problems };
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

async function readBytes(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

/**
 * A file's text. Invalid UTF-8 and control characters are errors with their line (the text is
 * still returned, so that other problems are listed too).
 */
function decodeChecked(bytes: Buffer, shown: string, problems: CorpusProblem[]): string {
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
