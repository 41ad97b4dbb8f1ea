// Writes an import into a corpus folder: everything or nothing. The new files are first written
// into a copy of the corpus, and the whole copy is validated by the same loader the server uses;
// only a clean result is moved into place, each file through a temporary name and a rename.

import { rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../corpus/load.ts';
import type { Corpus } from '../corpus/model.ts';
import { debateToMarkdown, questionsToYaml, speakersToYaml } from '../corpus/write.ts';
import { formatProblem, type CorpusProblem } from '../errors.ts';
import { UNIT_ID } from './ids.ts';
import { ImportError, type ImportedDebate } from './imported.ts';

export interface ApplyImportOptions {
  /** The debate's slug; it names the three files the import may write. */
  slug: string;
  /** Replace the files of an earlier import with the same slug. */
  force?: boolean;
  /** Where the material came from, for the header comment of the written files. */
  sourceName?: string;
  /** Build and validate, but write nothing: `written` and `removed` say what would happen. */
  dryRun?: boolean;
}

export interface ApplyImportResult {
  imported: ImportedDebate;
  /** Paths written, relative to the data folder. */
  written: string[];
  /** Paths of an earlier import with this slug that this one no longer needs, now removed. */
  removed: string[];
  /** Corpus warnings about the written files (a speaker no unit uses, …). */
  warnings: string[];
}

/** The longest slug an import takes: it names files, and file names are limited (255 bytes). */
export const MAX_SLUG_LENGTH = 100;

/**
 * The first words of the header comment of every file an import writes: the mark that lets a
 * later import with `--force` tell its own files from hand-written ones, which it never replaces.
 */
export const IMPORT_MARK = 'Written by `npm run import`';

/** True when a corpus file carries the import mark in its header comment. */
export function isImportWritten(text: string): boolean {
  return text
    .slice(0, 2000)
    .split('\n')
    .slice(0, 5)
    .some((line) => line.startsWith(`# ${IMPORT_MARK}`));
}

/** The files an import with this slug owns, relative to the data folder. */
export function importTargets(slug: string): { debate: string; speakers: string; questions: string } {
  return { debate: path.join('debates', `${slug}.md`), speakers: path.join('speakers', `${slug}.yaml`), questions: path.join('questions', `${slug}.yaml`) };
}

/** The file contents an import writes, by path relative to the data folder. */
export function importFiles(imported: ImportedDebate, sourceName: string | undefined): Map<string, string> {
  const targets = importTargets(imported.debate.slug);
  const comment = `${IMPORT_MARK}${sourceName ? ` from ${sourceName}` : ''}. Review it like any corpus file.`;
  const files = new Map<string, string>();
  files.set(targets.debate, debateToMarkdown(imported.debate, imported.units, { comment }));
  if (imported.speakers.length > 0) files.set(targets.speakers, speakersToYaml(imported.speakers, { comment }));
  if (imported.questions.length > 0) files.set(targets.questions, questionsToYaml(imported.questions, { comment }));
  return files;
}

/**
 * Builds the import against the corpus as it is (so that known speakers and questions are reused),
 * validates the corpus with it, then writes it. Throws ImportError, having written nothing, when
 * the input is bad, a file exists (without `force`), or the resulting corpus has an error.
 */
export async function applyImport(dataDir: string, options: ApplyImportOptions, build: (existing: Corpus) => ImportedDebate): Promise<ApplyImportResult> {
  const root = path.resolve(dataDir);
  if (options.slug.length > MAX_SLUG_LENGTH) {
    throw new ImportError([`slug "${options.slug.slice(0, 40)}…" is ${options.slug.length} characters long: at most ${MAX_SLUG_LENGTH}`]);
  }
  if (!UNIT_ID.test(options.slug)) throw new ImportError([`slug "${options.slug}" is malformed: use lower-case letters, digits, \`-\`, \`_\` and \`.\``]);
  if (!(await isDirectory(root))) throw new ImportError([`${dataDir}: the data folder does not exist`]);
  const targets = Object.values(importTargets(options.slug));
  const present: string[] = [];
  for (const target of targets) if (await exists(path.join(root, target))) present.push(target);
  if (present.length > 0 && !options.force) {
    throw new ImportError(present.map((p) => `${path.join(dataDir, p)} already exists: pass --force to replace it, or --slug to import under another name`));
  }
  // --force replaces what an earlier import wrote, never a file written by hand.
  const handWritten: string[] = [];
  for (const target of present) if (!isImportWritten(await readFile(path.join(root, target), 'utf8'))) handWritten.push(target);
  if (handWritten.length > 0) {
    throw new ImportError(
      handWritten.map((p) => `${path.join(dataDir, p)} was not written by an import (its header has no "${IMPORT_MARK}" line): it is never replaced, even with --force; choose another --slug`),
    );
  }

  // Ctrl-C or a kill during the import: remove the scratch copy of the corpus before exiting.
  // While files are moved into place the signal waits, so that no import is left half written.
  let moving = false;
  let deferred: NodeJS.Signals | undefined;
  const made: { scratch?: string } = {};
  const onSignal = (signal: NodeJS.Signals): void => {
    if (moving) {
      deferred = signal;
      return;
    }
    if (made.scratch) rmSync(made.scratch, { recursive: true, force: true });
    console.error(`${signal}: import interrupted, nothing was written`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Listening before the folder exists: a signal can come as soon as it does.
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-import-'));
  made.scratch = scratch;
  try {
    const copy = path.join(scratch, 'data');
    await cp(root, copy, { recursive: true });
    for (const target of present) await rm(path.join(copy, target), { force: true });

    const before = await loadCorpus(copy);
    const errorsBefore = before.problems.filter((p) => p.severity === 'error');
    if (errorsBefore.length > 0) {
      throw new ImportError([`the corpus in ${dataDir} has errors before the import (run npm run validate):`, ...errorsBefore.map((p) => describe(p, copy, dataDir))]);
    }
    const imported = build(before.corpus);
    if (imported.debate.slug !== options.slug) throw new Error(`import built debate "${imported.debate.slug}" for slug "${options.slug}"`);
    const files = importFiles(imported, options.sourceName);
    for (const [relative, content] of files) {
      await mkdir(path.dirname(path.join(copy, relative)), { recursive: true });
      await writeFile(path.join(copy, relative), content, 'utf8');
    }
    const after = await loadCorpus(copy);
    const errors = after.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) throw new ImportError(['the corpus would not validate with this import:', ...errors.map((p) => describe(p, copy, dataDir))]);
    const ours = new Set([...files.keys()].map((f) => path.join(copy, f)));
    const warnings = after.problems.filter((p) => p.severity === 'warning' && ours.has(path.resolve(p.file))).map((p) => describe(p, copy, dataDir));

    const removed = present.filter((p) => !files.has(p));
    if (!options.dryRun) {
      moving = true;
      await moveIntoPlace(root, files);
      for (const stale of removed) await rm(path.join(root, stale), { force: true });
    }
    return { imported, written: [...files.keys()], removed, warnings };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await rm(scratch, { recursive: true, force: true });
    if (deferred) {
      console.error(`${deferred}: received while writing; the import was completed first`);
      process.exit(deferred === 'SIGINT' ? 130 : 143);
    }
  }
}

/** Each file goes to a temporary name beside its target first, so a failed write leaves no half file. */
export async function moveIntoPlace(root: string, files: Map<string, string>): Promise<void> {
  const staged: [string, string][] = [];
  try {
    for (const [relative, content] of files) {
      const target = path.join(root, relative);
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.import-${process.pid}.tmp`;
      await writeFile(temporary, content, 'utf8');
      staged.push([temporary, target]);
    }
  } catch (error) {
    for (const [temporary] of staged) await rm(temporary, { force: true });
    throw error;
  }
  for (const [temporary, target] of staged) await rename(temporary, target);
}

/** A problem found in the scratch copy, shown with the path of the real data folder. */
function describe(problem: CorpusProblem, copy: string, dataDir: string): string {
  const file = path.resolve(problem.file);
  const shown = file.startsWith(copy + path.sep) ? path.join(dataDir, path.relative(copy, file)) : problem.file;
  return formatProblem({ ...problem, file: shown });
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/** Lists a folder's files, for tests that check nothing was written. */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  await walk(dir);
  return out.sort();
}
